// End-to-end against the real local platform (python -m chalicelib.http.local_server serving web/dist + /api):
// sign up, create a project, draw a three-bus system, run power flow in the browser (recorded through the
// API) and on the server with equal voltages, a three-phase fault on the server, import IEEE 14 and compare
// browser and server NR, save versions, and a conflict between two tabs. Screenshots in tests/artifacts/.
//   node e2e/platform.e2e.mjs      (after vite build; uses ../.venv/bin/python unless PYTHON is set)
import http from "node:http";
import { randomBytes } from "node:crypto";
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { launch, artifacts, check } from "./browser.mjs";
import { drawThreeBus, maxDiff, runStudy, saved, state } from "./draw.mjs";
import { startPlatform } from "./platform.mjs";

const web = join(fileURLToPath(new URL(".", import.meta.url)), "..");

// a 110 kV grid, a 110/20 kV Dyn5 transformer and a 20 kV feeder, with zero-sequence data (GridSolve JSON, schema
// 1.0: its bus positions become the project's diagram)
const DYN_FEEDER = {
  schema_version: "1.0",
  name: "dyn feeder",
  base_mva: 100,
  f_hz: 50,
  buses: [
    { id: "HV", name: "Grid 110 kV", vn_kv: 110, x: 200, y: 80, length: 120 },
    { id: "MV", name: "Substation 20 kV", vn_kv: 20, x: 200, y: 260, length: 120 },
    { id: "END", name: "Feeder end", vn_kv: 20, x: 480, y: 260, length: 120 },
  ],
  external_grids: [{ id: "grid", bus: "HV", vm_pu: 1, s_sc_max_mva: 1000, s_sc_min_mva: 800, rx_max: 0.1, rx_min: 0.1, x0x_max: 1, x0x_min: 1, r0x0_max: 0.1, r0x0_min: 0.1 }],
  transformers: [{ id: "T1", hv_bus: "HV", lv_bus: "MV", sn_mva: 40, vn_hv_kv: 110, vn_lv_kv: 20, vk_percent: 12, vkr_percent: 0.5, vector_group: "Dyn5", shift_degree: 150, vk0_percent: 12, vkr0_percent: 0.5 }],
  lines: [{ id: "L1", from_bus: "MV", to_bus: "END", length_km: 5, r_ohm_per_km: 0.2, x_ohm_per_km: 0.4, r0_ohm_per_km: 0.8, x0_ohm_per_km: 1.2, max_i_ka: 0.4 }],
  loads: [{ id: "D1", bus: "END", p_mw: 5, q_mvar: 2 }],
};
const repo = join(web, "..");

// a fake OAuth provider (Google-like): /authorize redirects back with a code, /token, /userinfo
const oauthCodes = new Map();
const oauthTokens = new Set();
const oauthEmail = `oauth-${Date.now()}@example.com`;
const fakeIdp = http.createServer((req, res) => {
  const url = new URL(req.url, "http://x");
  if (url.pathname === "/authorize") {
    const code = randomBytes(8).toString("hex");
    oauthCodes.set(code, url.searchParams.get("redirect_uri"));
    const loc = `${url.searchParams.get("redirect_uri")}?code=${code}&state=${encodeURIComponent(url.searchParams.get("state"))}`;
    res.writeHead(302, { Location: loc });
    return res.end();
  }
  if (url.pathname === "/token" && req.method === "POST") {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      const form = new URLSearchParams(body);
      if (!oauthCodes.has(form.get("code"))) {
        res.writeHead(400, { "Content-Type": "application/json" });
        return res.end(JSON.stringify({ error: "invalid_grant" }));
      }
      oauthCodes.delete(form.get("code"));
      const tok = randomBytes(8).toString("hex");
      oauthTokens.add(tok);
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ access_token: tok, token_type: "bearer" }));
    });
    return;
  }
  if (url.pathname === "/userinfo" && oauthTokens.has((req.headers.authorization ?? "").replace("Bearer ", ""))) {
    res.writeHead(200, { "Content-Type": "application/json" });
    return res.end(JSON.stringify({ sub: "g-e2e", email: oauthEmail, email_verified: true, name: "OAuth User" }));
  }
  res.writeHead(404);
  res.end();
});
await new Promise((r) => fakeIdp.listen(0, "127.0.0.1", r));
const idp = `http://127.0.0.1:${fakeIdp.address().port}`;

const platform = await startPlatform({
  GRIDSOLVE_OAUTH_GOOGLE_CLIENT_ID: "gid",
  GRIDSOLVE_OAUTH_GOOGLE_CLIENT_SECRET: "gsecret",
  GRIDSOLVE_OAUTH_GOOGLE_AUTHORIZE_URL: `${idp}/authorize`,
  GRIDSOLVE_OAUTH_GOOGLE_TOKEN_URL: `${idp}/token`,
  GRIDSOLVE_OAUTH_GOOGLE_USERINFO_URL: `${idp}/userinfo`,
});
const base = platform.base;

const ctx = await launch();
const page = await ctx.newPage();
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));
const shot = (name, p = page) => p.screenshot({ path: join(artifacts, `${name}.png`) });

try {
  check((await fetch(`${base}/api/health`)).ok, `local server is up:\n${platform.log()}`);

  // OAuth sign-in (fake Google): provider -> API callback -> /#/oauth?code -> exchanged for tokens
  await page.goto(base);
  await page.getByRole("link", { name: "continue with Google" }).click();
  await page.getByTestId("new-project-name").waitFor({ timeout: 30000 });
  check((await page.textContent("body")).includes(oauthEmail), "signed in with OAuth as the provider's user");
  check(!(await page.evaluate(() => location.hash)).includes("code="), "the one-time code is removed from the URL");
  await page.getByTestId("sign-out").click();
  await page.getByTestId("auth-submit").waitFor();
  // a failed OAuth round trip is shown on the sign-in screen
  await page.goto(`${base}/#/oauth?error=oauth_denied&message=Sign-in%20was%20not%20completed`);
  await page.reload();
  await page.getByTestId("auth-error").filter({ hasText: "Sign-in was not completed" }).waitFor();
  await shot("platform-oauth-error");

  // sign up
  await page.goto(base);
  await page.getByRole("tab", { name: "Sign up" }).click();
  await shot("platform-signup");
  const email = `e2e-${Date.now()}@example.com`;
  await page.locator('input[name="name"]').fill("E2E Engineer");
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill("correct-horse-42");
  await page.getByTestId("auth-submit").click();
  await page.getByTestId("new-project-name").waitFor();
  await page.getByText("IEEE 14-bus system").first().waitFor();
  await shot("platform-projects");

  // search the list and fork a sample: it opens in the editor with a readable layout
  await page.getByLabel("search projects").fill("57");
  check((await page.locator(".project-list li").count()) === 1, "search filters the list");
  await page.getByRole("button", { name: "fork IEEE 57-bus system" }).click();
  await page.getByTestId("project-name").filter({ hasText: "IEEE 57-bus system (copy)" }).waitFor();
  let s = await state(page);
  check(s.net.buses.length === 57 && s.net.buses.every((b) => s.layout[b.id]?.x != null && s.layout[b.id]?.y != null), "forked sample has 57 placed buses (its diagram)");
  await page.waitForTimeout(300);
  await shot("platform-fork-ieee57");
  await page.getByRole("button", { name: "back to projects" }).click();
  await page.getByTestId("new-project-name").waitFor();

  // create a project and draw the three-bus system
  await page.getByTestId("new-project-name").fill("Three bus");
  await page.getByTestId("create-project").click();
  await page.getByTestId("project-name").filter({ hasText: "Three bus" }).waitFor();
  await drawThreeBus(page);
  // saved with the version the API hands out (autosave or Ctrl+S): the network and its diagram
  await page.keyboard.press("Control+s");
  await saved(page);
  s = await state(page);
  check(s.project.version > 1, `saved version ${s.project.version}`);
  const pid = s.project.id;
  const compiledHash = await page.evaluate(async (id) => {
    const r = await fetch(`/api/projects/${id}/compiled`, { headers: { Authorization: `Bearer ${localStorage.getItem("gridsolve.token")}` } });
    return r.headers.get("ETag");
  }, pid);
  check(/^"[0-9a-f]{64}"$/.test(compiledHash ?? ""), `compiled network with the network hash as ETag: ${compiledHash}`);

  // power flow in the browser, recorded through the API; then on the server; equal voltages
  await page.getByLabel("Tol", { exact: true }).fill("1e-10");
  s = await runStudy(page, { engine: "browser" });
  check(s.results?.result.converged && s.results.source === "browser" && s.results.studyId, `browser power flow: ${s.status}`);
  const browser = s.results;
  const labels = await page.locator("[data-result-bus]").allTextContents();
  check(labels.length === 3 && labels.every((t) => /pu ∠/.test(t)), `voltages on the diagram: ${labels}`);
  await shot("platform-three-bus-browser");
  s = await runStudy(page, { engine: "server" });
  check(s.results?.result.converged && s.results.source === "server", `server power flow: ${s.status}`);
  const d3 = maxDiff(browser, s.results);
  check(d3 < 1e-8, `three-bus browser vs server ${d3}`);
  await shot("platform-three-bus-server");
  const studies = await page.evaluate(async (id) => {
    const r = await fetch(`/api/projects/${id}/studies`, { headers: { Authorization: `Bearer ${localStorage.getItem("gridsolve.token")}` } });
    return (await r.json()).studies;
  }, pid);
  check(studies.some((x) => x.source === "browser") && studies.some((x) => x.source === "server"), `browser study recorded: ${JSON.stringify(studies.map((x) => x.source))}`);

  // a past study's results can be shown again from the study list
  await page.evaluate(() => window.gridsolve.store.getState().setResults(null));
  await page.locator("summary", { hasText: "Studies" }).click();
  await page.getByRole("button", { name: /show results of study/ }).first().click();
  await page.waitForFunction(() => window.gridsolve.store.getState().results != null);
  check(maxDiff((await state(page)).results, browser) < 1e-8, "stored study results equal the run");

  // the diagram is saved with If-Match like the network: free placement, a turned symbol and a manual route survive a reload
  const moveLoad = await page.evaluate(() => {
    const st = window.gridsolve.store.getState();
    return st.network.loads[0].id;
  });
  await page.evaluate((id) => window.gridsolve.store.getState().select([id]), s.net.generators[0].id);
  await page.getByTestId("diagram").focus();
  await page.keyboard.press("r");
  await page.keyboard.press("r");
  await page.evaluate((id) => window.gridsolve.store.getState().select([id]), moveLoad);
  for (let i = 0; i < 6; i++) await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowDown");
  const versionBefore = (await state(page)).project.version;
  await page.keyboard.press("Control+s");
  await saved(page);
  const drawn = await state(page);
  check(drawn.project.version > versionBefore, "a diagram-only edit saves a new version");
  check(drawn.layout[drawn.net.generators[0].id].rotation === 0 && drawn.layout[moveLoad].x != null, `placements: ${JSON.stringify(drawn.layout)}`);
  await page.reload();
  await page.getByTestId("diagram").waitFor();
  await page.waitForFunction(() => window.gridsolve.store.getState().network.buses.length === 3);
  const reloaded = await state(page);
  check(JSON.stringify(reloaded.layout) === JSON.stringify(drawn.layout), `diagram after reload: ${JSON.stringify(reloaded.layout)} vs ${JSON.stringify(drawn.layout)}`);
  await shot("platform-diagram-reloaded");
  // the automatic layout is the API's (POST /api/diagram/layout), one undoable step
  await page.getByTestId("layout").click();
  await page.waitForFunction(() => window.gridsolve.store.getState().status === "auto layout", null, { timeout: 20000 });
  const laid = await state(page);
  check(laid.net.buses.every((b) => laid.layout[b.id]?.x != null) && JSON.stringify(laid.layout) !== JSON.stringify(drawn.layout), `laid out anew: ${JSON.stringify(laid.layout)}`);
  await page.getByTestId("undo").click();
  check(JSON.stringify((await state(page)).layout) === JSON.stringify(drawn.layout), "undo the layout");

  // three-phase fault on the server
  await page.getByLabel("study type").selectOption("short_circuit");
  await page.getByLabel("Buses", { exact: true }).selectOption({ index: 2 });
  await page.getByTestId("run-study").click();
  await page.waitForFunction(() => /Short circuit.* study finished|study failed/.test(window.gridsolve.store.getState().status), null, { timeout: 90000 });
  s = await state(page);
  check(/finished/.test(s.status), `short circuit: ${s.status}`);
  const scLabels = await page.locator("[data-sc-bus]").allTextContents();
  check(scLabels.length >= 1 && scLabels.every((t) => /I″k \d+\.\d\d kA/.test(t)), `fault current on the diagram: ${scLabels}`);
  check((await page.getByRole("table", { name: "fault currents per bus" }).count()) === 1, "fault current table");
  await shot("platform-short-circuit");
  await page.getByLabel("study type").selectOption("power_flow");
  s = await state(page);

  // undo/redo keep working on a saved project
  const loadsBefore = s.net.loads.length;
  await page.evaluate((id) => window.gridsolve.store.getState().select([id]), s.net.loads[0].id);
  await page.getByTestId("diagram").focus();
  await page.keyboard.press("Delete");
  await page.keyboard.press("Control+z");
  check((await state(page)).net.loads.length === loadsBefore, "undo after delete");

  // an error from the API is shown next to the element and field it names
  await page.evaluate(() => {
    const st = window.gridsolve.store.getState();
    const ld = st.network.loads[0];
    st.run({ label: "bad edit", changes: [{ list: "loads", id: ld.id, before: ld, after: { ...ld, bus: "NOPE" } }] });
  });
  await page.getByTestId("error").filter({ hasText: "unknown bus" }).waitFor({ timeout: 20000 });
  check((await page.getByTestId("error").textContent()).includes(s.net.loads[0].id), "banner names the element");
  await page.getByTestId("error").getByRole("button", { name: new RegExp(s.net.loads[0].id) }).click();
  await page.locator('[data-field-error="bus"]').waitFor();
  await shot("platform-api-field-error");
  await page.keyboard.press("Escape");
  await page.getByTestId("diagram").focus();
  await page.keyboard.press("Control+z");
  await page.getByRole("button", { name: "dismiss error" }).click();

  // conflict between two tabs: tab 2 saves first, tab 1's save is refused and shown
  await page.keyboard.press("Control+s");
  await saved(page);
  const page2 = await ctx.newPage();
  await page2.goto(`${base}/#/project/${pid}`);
  await page2.getByTestId("diagram").waitFor();
  await page2.waitForFunction(() => window.gridsolve.store.getState().network.buses.length === 3);
  await page2.evaluate(() => {
    const st = window.gridsolve.store.getState();
    const b = st.network.buses[0];
    st.run({ label: "rename", changes: [{ list: "buses", id: b.id, before: b, after: { ...b, name: "renamed in tab 2" } }] });
  });
  await page2.keyboard.press("Control+s");
  await saved(page2);
  await page.evaluate(() => {
    const st = window.gridsolve.store.getState();
    const b = st.network.buses[1];
    st.run({ label: "rename", changes: [{ list: "buses", id: b.id, before: b, after: { ...b, name: "renamed in tab 1" } }] });
  });
  await page.getByTestId("conflict").waitFor({ timeout: 20000 });
  await shot("platform-conflict");
  const onServer = await page.evaluate(async (id) => {
    const r = await fetch(`/api/projects/${id}`, { headers: { Authorization: `Bearer ${localStorage.getItem("gridsolve.token")}` } });
    return (await r.json()).network.buses.map((b) => b.name);
  }, pid);
  check(onServer.includes("renamed in tab 2") && !onServer.includes("renamed in tab 1"), `conflict not overwritten: ${onServer}`);
  await page2.close();

  // import IEEE 14 and run NR in the browser and on the server: equal results
  await page.getByRole("button", { name: "back to projects" }).click();
  const case14 = [join(repo, "solver_layer", "gridsolve", "samples", "case14.m"), join(repo, "..", "shared", "data", "matpower", "case14.m")].find(existsSync);
  await page.getByTestId("import-file").setInputFiles({ name: "case14.m", mimeType: "text/plain", buffer: readFileSync(case14) });
  await page.getByTestId("project-name").filter({ hasText: "case14" }).waitFor({ timeout: 30000 });
  await page.getByLabel("Tol", { exact: true }).fill("1e-10");
  s = await runStudy(page, { engine: "browser", method: "newton_raphson" });
  check(s.results?.result.converged, "IEEE 14 in the browser");
  const b14 = s.results;
  await shot("platform-ieee14-browser");
  s = await runStudy(page, { engine: "server", method: "newton_raphson" });
  check(s.results?.result.converged, "IEEE 14 on the server");
  const d14 = maxDiff(b14, s.results);
  check(d14 < 1e-8, `IEEE 14 browser vs server ${d14}`);
  await page.getByRole("tab", { name: /Branches/ }).click();
  await shot("platform-ieee14-server-branches");

  // IEEE 118 with generator Q limits: the browser's solve (recorded, results built by the engine) equals the
  // server's in every bus voltage, bus P/Q, branch flow and unit output; the same buses are pinned at a limit
  await page.getByRole("button", { name: "back to projects" }).click();
  await page.getByLabel("search projects").fill("118");
  await page.getByRole("button", { name: "fork IEEE 118-bus system" }).click();
  await page.getByTestId("project-name").filter({ hasText: "IEEE 118-bus system (copy)" }).waitFor();
  await page.getByLabel("Tol", { exact: true }).fill("1e-10");
  await page.getByLabel("Enforce Q Limits", { exact: true }).check();
  const fdSolves = [];
  for (const method of ["newton_raphson", "fast_decoupled"]) {
    s = await runStudy(page, { engine: "browser", method });
    const b118 = s.results;
    check(b118.result.converged && b118.source === "browser", `IEEE 118 (${method}, Q limits) in the browser: ${s.status}`);
    if (method === "newton_raphson") await shot("platform-ieee118-qlimits-browser");
    s = await runStudy(page, { engine: "server", method });
    const s118 = s.results;
    const d118 = maxDiff(b118, s118);
    check(d118 < 1e-8, `IEEE 118 (${method}, Q limits) browser vs server ${d118}`);
    let dpq = 0;
    s118.result.buses.forEach((b, i) => (dpq = Math.max(dpq, Math.abs(b.p_mw - b118.result.buses[i].p_mw), Math.abs(b.q_mvar - b118.result.buses[i].q_mvar))));
    s118.result.branches.forEach((b, i) => (dpq = Math.max(dpq, Math.abs(b.p_from_mw - b118.result.branches[i].p_from_mw), Math.abs(b.q_to_mvar - b118.result.branches[i].q_to_mvar))));
    s118.result.generators.forEach((g, i) => (dpq = Math.max(dpq, Math.abs(g.q_mvar - b118.result.generators[i].q_mvar))));
    check(dpq < 1e-6, `IEEE 118 (${method}) bus P/Q, flows and unit Q equal: ${dpq} MW/Mvar`);
    const pinned = (r) => r.result.notes.filter((n) => /Q limit/.test(n)).sort();
    check(pinned(s118).length === 6 && JSON.stringify(pinned(s118)) === JSON.stringify(pinned(b118)), `same buses at a Q limit: ${pinned(b118)}`);
    fdSolves.push(`${method}: ${d118.toExponential(2)} pu, ${dpq.toExponential(1)} MW/Mvar, solve ${b118.solveMs.toFixed(1)} ms, click -> voltages ${b118.timing.voltagesMs.toFixed(0)} ms, -> recorded engine results ${b118.timing.resultsMs.toFixed(0)} ms`);
  }

  // sequence networks of a short-circuit study: a 110 kV grid, a Dyn5 transformer and a 20 kV feeder
  // imported as GridSolve JSON; a single-line-to-ground fault; the three sequences drawn from the study
  await page.getByRole("button", { name: "back to projects" }).click();
  await page.getByTestId("import-file").setInputFiles({ name: "dyn-feeder.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(DYN_FEEDER)) });
  await page.getByTestId("project-name").filter({ hasText: "dyn-feeder" }).waitFor({ timeout: 30000 });
  await page.getByLabel("study type").selectOption("short_circuit");
  await page.getByLabel("Fault", { exact: true }).selectOption("1ph");
  await page.getByLabel("Buses", { exact: true }).selectOption("END");
  await page.getByTestId("run-study").click();
  await page.waitForFunction(() => /Short circuit.* study finished|study failed/.test(window.gridsolve.store.getState().status), null, { timeout: 90000 });
  check(/finished/.test((await state(page)).status), `1ph fault: ${(await state(page)).status}`);
  await page.getByTestId("open-sequence-networks").focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Sequence networks" });
  await dialog.getByRole("img", { name: "positive-sequence network" }).waitFor();
  check((await dialog.locator('[data-seq-element="T1"][data-state="connected"]').count()) === 1, "T1 connected in the positive sequence");
  check((await dialog.locator('[data-seq-element="grid"] circle.seq-emf').count()) === 1, "the grid's EMF in the positive sequence");
  await shot("platform-sequence-positive");
  // keyboard: the focused tab moves with the arrow keys
  await dialog.getByRole("tab", { name: "Positive" }).focus();
  await page.keyboard.press("ArrowRight");
  await dialog.getByRole("img", { name: "negative-sequence network" }).waitFor();
  check((await dialog.locator("circle.seq-emf").count()) === 0, "no EMF in the negative sequence");
  await page.keyboard.press("ArrowRight");
  await dialog.getByRole("img", { name: "zero-sequence network" }).waitFor();
  check((await dialog.locator('[data-seq-element="T1"][data-state="earthed"]').count()) === 1, "Dyn5 transformer open between HV and MV in zero sequence");
  check((await dialog.locator('[data-seq-element="T1"][data-kind="transformer_earthing"]').count()) === 1, "Dyn5 earths the MV side");
  check((await dialog.locator('[data-seq-element="L1"][data-state="connected"]').count()) === 1, "feeder carries zero sequence");
  check((await dialog.getByRole("table", { name: "zero-sequence elements" }).textContent()).includes("earthed on one side"), "zero-sequence table explains T1");
  await shot("platform-sequence-zero");
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });
  check(await page.getByTestId("open-sequence-networks").evaluate((el) => el === document.activeElement), "focus returns to the opener");

  // organizations: create, invite by email, accept and decline, change a role, remove a member
  const colleague = `colleague-${Date.now()}@example.com`;
  const reg = await fetch(`${base}/api/auth/register`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email: colleague, password: "colleague-pass-42", name: "Colleague" }) });
  check(reg.status === 201, `colleague registered: ${reg.status}`);
  // invitations need a verified address: follow the link mailed to the local outbox (<data dir>/outbox)
  const mails = readdirSync(join(platform.dataDir, "outbox")).filter((f) => f.endsWith(".eml")).sort();
  const mail = mails.map((f) => readFileSync(join(platform.dataDir, "outbox", f), "utf8")).reverse().find((m) => m.includes(`To: ${colleague}`));
  const token = mail.match(/verify-email\?token=([A-Za-z0-9_-]+)/)[1];
  const verified = await fetch(`${base}/api/auth/verify-email`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ token }) });
  check(verified.status === 200, `colleague verified the address: ${verified.status}`);
  const signIn = async (em, pw) => {
    await page.getByTestId("sign-out").click();
    await page.getByTestId("auth-submit").waitFor();
    await page.getByRole("tab", { name: "Sign in" }).click();
    await page.locator('input[name="email"]').fill(em);
    await page.locator('input[name="password"]').fill(pw);
    await page.getByTestId("auth-submit").click();
    await page.getByTestId("new-project-name").waitFor();
  };
  await page.getByRole("button", { name: "back to projects" }).click();
  await page.getByTestId("manage-orgs").click();
  const orgPanel = (name) => page.getByRole("region", { name: `organization ${name}` });
  for (const [org, role] of [
    ["Grid Operations", "member"],
    ["Other Utility", "admin"],
  ]) {
    await page.getByLabel("new organization name").fill(org);
    await page.keyboard.press("Enter"); // keyboard: the form submits from its field
    await orgPanel(org).waitFor();
    await page.getByLabel("email to invite").fill(colleague);
    await page.getByLabel("role for the invitation").selectOption(role);
    await page.getByLabel("email to invite").press("Enter");
    await orgPanel(org).locator(`[data-invitation="${colleague}"]`).waitFor();
  }
  await page.getByRole("button", { name: "Grid Operations" }).click();
  await orgPanel("Grid Operations").locator(`[data-invitation="${colleague}"]`).waitFor();
  await shot("platform-orgs-owner");
  await page.getByRole("button", { name: "back to projects" }).click();
  await signIn(colleague, "colleague-pass-42");
  await page.getByRole("button", { name: "manage organizations (2 invitations)" }).click();
  const mine = page.getByRole("region", { name: "invitations for you" });
  await mine.waitFor();
  check((await mine.locator("li").count()) === 2, "two invitations for the colleague");
  await shot("platform-orgs-invitations");
  await page.getByRole("button", { name: "accept the invitation to Grid Operations" }).focus();
  await page.keyboard.press("Enter");
  await orgPanel("Grid Operations").locator(`[data-member="${email}"]`).waitFor();
  await page.getByRole("button", { name: "decline the invitation to Other Utility" }).click();
  await mine.waitFor({ state: "detached" });
  check((await page.getByRole("region", { name: "your organizations" }).locator("li").count()) === 1, "declined organization not joined");
  check((await page.getByLabel(`role of ${email}`).count()) === 0, "a member cannot change roles");
  await page.getByRole("button", { name: "back to projects" }).click();
  await signIn(email, "correct-horse-42");
  await page.getByTestId("manage-orgs").click();
  const grid = orgPanel("Grid Operations");
  await grid.locator(`[data-member="${colleague}"]`).waitFor();
  check((await grid.locator(`[data-invitation="${colleague}"]`).count()) === 0, "accepted invitation no longer pending");
  await page.getByLabel(`role of ${colleague}`).selectOption("admin");
  const roleOf = () =>
    page.evaluate(async (who) => {
      const h = { Authorization: `Bearer ${localStorage.getItem("gridsolve.token")}` };
      const orgs = (await (await fetch("/api/orgs", { headers: h })).json()).organizations;
      const org = orgs.find((o) => o.name === "Grid Operations");
      const ms = (await (await fetch(`/api/orgs/${org.id}/members`, { headers: h })).json()).members;
      return ms.find((m) => m.email === who)?.role ?? null;
    }, colleague);
  for (let i = 0; i < 50 && (await roleOf()) !== "admin"; i++) await page.waitForTimeout(100);
  check((await roleOf()) === "admin", "role changed to admin");
  await shot("platform-orgs-members");
  await page.getByRole("button", { name: `remove ${colleague}` }).click();
  await page.getByRole("button", { name: `confirm removing ${colleague}` }).click();
  await grid.locator(`[data-member="${colleague}"]`).waitFor({ state: "detached" });
  check((await roleOf()) === null, "member removed");
  await page.getByRole("button", { name: "Other Utility" }).click();
  await orgPanel("Other Utility").getByText("None.").waitFor(); // the declined invitation is gone

  check(errors.length === 0, `no page errors: ${errors.join("\n")}`);
  console.log(`three-bus browser vs server: ${d3.toExponential(2)} pu; IEEE 14: ${d14.toExponential(2)} pu`);
  console.log(`IEEE 118 with Q limits, browser vs server: ${fdSolves.join("; ")}`);
  console.log("E2E PLATFORM OK");
} catch (e) {
  await shot("platform-failure").catch(() => undefined);
  console.error(e);
  console.error("page errors:", errors.join("\n"));
  console.error("server log tail:", platform.log().slice(-3000));
  process.exitCode = 1;
} finally {
  await ctx.close();
  fakeIdp.close();
  await platform.stop();
}
