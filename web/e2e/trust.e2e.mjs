// End-to-end (issue 18, part A): results engineers can trust and read, at every size. Each defect's reproduction
// as a check, against the real local platform (python -m chalicelib.http.local_server):
//  - switch-joined buses (example_multivoltage): every bus's P/Q, the Buses CSV and the totals equal the engine's
//  - no solution (external grid, 50 km line, 500 MW): nothing painted, the worst buses on the diagram, no profile
//    or tables, a message naming the buses and what was tried; the same for a server run
//  - warnings: reference chosen + dispatch against the set point, de-energized buses, no source (not green)
//  - de-energized bus drawn the same after a browser and a server run
//  - errors that point: a short-circuit study lacking zero-sequence data lists every element (click: selected and
//    framed); an import error with a file line opens the file at the line
//  - small items: repeated pastes offset and renamed, profile axis = bus ids with titles and ticks, short-circuit
//    results hide the power-flow labels, a tolerance of "abc" is a field error, the favicon is served
//  - keyboard focus back on the diagram after Enter / Esc in a field; the chart redrawn after a theme switch
//  - 1440x900, 1024x768 and 390x844 in both themes (drawer, overflow menu with Save and Layout, 40 px targets)
// Screenshots in tests/artifacts/trust-*.png.      node e2e/trust.e2e.mjs   (after vite build)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { launch, artifacts, check } from "./browser.mjs";
import { runStudy, saved, state } from "./draw.mjs";
import { startPlatform } from "./platform.mjs";

const web = join(fileURLToPath(new URL(".", import.meta.url)), "..");
const vector = (name) => JSON.parse(readFileSync(join(process.env.GS_VECTORS_DIR ?? join(web, "test-vectors"), `${name}.json`), "utf8"));
const SIZES = { wide: [1440, 900], tablet: [1024, 768], phone: [390, 844] };
const line = { r_ohm_per_km: 0.12, x_ohm_per_km: 0.39, c_nf_per_km: 9.5, max_i_ka: 0.4 };
const net = (name, body) => ({ schema_version: "2.0", name, base_mva: 100, f_hz: 50, ...body });
const NO_SOLUTION = net("no solution", {
  buses: [{ id: "B1", vn_kv: 110 }, { id: "B2", vn_kv: 110 }],
  external_grids: [{ id: "grid", bus: "B1" }],
  lines: [{ id: "L1", from_bus: "B1", to_bus: "B2", length_km: 50, ...line }],
  loads: [{ id: "D1", bus: "B2", p_mw: 500, q_mvar: 100 }],
});
const CHOSEN_REF = net("chosen reference", {
  buses: [{ id: "A", vn_kv: 20 }, { id: "B", vn_kv: 20 }, { id: "ISL", vn_kv: 20 }],
  lines: [{ id: "L", from_bus: "A", to_bus: "B", length_km: 2, ...line }],
  generators: [{ id: "g1", bus: "A", p_mw: 4, vm_pu: 1.0 }],
  loads: [{ id: "d", bus: "B", p_mw: 12, q_mvar: 2 }, { id: "d_isl", bus: "ISL", p_mw: 1 }],
});
const NO_SOURCE = net("no source", { buses: [{ id: "A", vn_kv: 20 }, { id: "B", vn_kv: 20 }], lines: [{ id: "L", from_bus: "A", to_bus: "B", length_km: 1, ...line }], loads: [{ id: "d", bus: "B", p_mw: 1 }] });
// a 110/20 kV feeder with short-circuit data but no zero-sequence data on the transformer and the line
const FEEDER = net("feeder", {
  buses: [{ id: "HV", vn_kv: 110 }, { id: "MV", vn_kv: 20 }, { id: "END", vn_kv: 20 }, { id: "ISL", vn_kv: 20 }],
  external_grids: [{ id: "grid", bus: "HV", vm_pu: 1, s_sc_max_mva: 1000, s_sc_min_mva: 800, rx_max: 0.1, rx_min: 0.1, x0x_max: 1, x0x_min: 1, r0x0_max: 0.1, r0x0_min: 0.1 }],
  transformers: [{ id: "T1", hv_bus: "HV", lv_bus: "MV", sn_mva: 40, vn_hv_kv: 110, vn_lv_kv: 20, vk_percent: 12, vkr_percent: 0.5, vector_group: "Dyn5", shift_degree: 150 }],
  lines: [{ id: "L1", from_bus: "MV", to_bus: "END", length_km: 5, r_ohm_per_km: 0.2, x_ohm_per_km: 0.4, max_i_ka: 0.4 }],
  loads: [{ id: "D1", bus: "END", p_mw: 5, q_mvar: 2 }, { id: "D2", bus: "ISL", p_mw: 1 }],
});
// MATPOWER case with a zero-impedance branch on a known line
const BAD_CASE = `function mpc = bad
mpc.version = '2';
mpc.baseMVA = 100;
mpc.bus = [
  1 3 0 0 0 0 1 1 0 110 1 1.1 0.9;
  2 1 10 2 0 0 1 1 0 110 1 1.1 0.9;
];
mpc.gen = [
  1 0 0 300 -300 1 100 1 250 10 0 0 0 0 0 0 0 0 0 0 0;
];
mpc.branch = [
  1 2 0 0 0 250 250 250 0 0 1 -360 360;
];
`;
const BAD_LINE = BAD_CASE.split("\n").findIndex((l) => l.trim().startsWith("1 2 0 0")) + 1;

const platform = await startPlatform();
const base = platform.base;
const ctx = await launch();
const page = await ctx.newPage();
const errors = [];
const missing = [];
page.on("pageerror", (e) => errors.push(String(e)));
page.on("console", (m) => m.type() === "error" && !/Failed to load resource/.test(m.text()) && errors.push(m.text()));
page.on("response", (r) => r.status() === 404 && !r.url().includes("/api/") && missing.push(r.url()));
const shot = (name) => page.screenshot({ path: join(artifacts, `trust-${name}.png`) });
const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
const setTheme = async (t) => {
  if ((await theme()) !== t) await page.locator(".theme-toggle").click();
  await page.waitForFunction((x) => document.documentElement.dataset.theme === x, t);
};
const openLocal = async (network) => {
  await page.evaluate(async (n) => {
    await window.gridsolve.openLocal(n, n.name);
    window.gridsolve.store.getState().setResults(null);
    window.gridsolve.store.getState().setError(null);
  }, network);
  await page.waitForTimeout(150);
};
const busTable = async () => {
  await page.getByRole("tab", { name: /^Buses/ }).click();
  await page.getByRole("table", { name: "bus results" }).waitFor();
  return page.locator('table[aria-label="bus results"] tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll("td")].map((td) => td.textContent)));
};

try {
  await page.goto(`${base}/#/local`);
  await page.getByTestId("diagram").waitFor();
  check(missing.length === 0, `no 404 on load (favicon served): ${missing}`);
  check((await fetch(`${base}/favicon.svg`)).status === 200, "favicon.svg is served");

  // 1. switch-joined buses: each bus its own P/Q, the CSV and the totals as the engine's
  const mv = vector("example_multivoltage");
  await openLocal(mv.network);
  await page.getByLabel("Tol", { exact: true }).fill("1e-10");
  let s = await runStudy(page, { engine: "browser" });
  check(s.results.result.converged && s.results.source === "browser", `multivoltage converged in the browser: ${s.status}`);
  const engineP = new Map(mv.result.buses.map((b) => [b.id, b]));
  let worstP = 0;
  for (const b of s.results.result.buses) worstP = Math.max(worstP, Math.abs(b.p_mw - engineP.get(b.id).p_mw), Math.abs(b.q_mvar - engineP.get(b.id).q_mvar));
  check(worstP < 1e-6, `bus P/Q equal the engine's own solve: ${worstP}`);
  const sumP = s.results.result.buses.reduce((a, b) => a + b.p_mw, 0);
  const t = s.results.result.totals;
  check(Math.abs(sumP - (t.generation_mw - t.load_mw)) < 1e-6 && Math.abs(sumP - 14.5411) < 1e-3, `P column sums to generation - load: ${sumP}`);
  const rows = await busTable();
  const pCol = (id) => Number(rows.find((r) => r[0] === id)[4]);
  check(pCol("bus_0") === 120.838 && [1, 2, 3, 15].every((i) => pCol(`bus_${i}`) === 0) && pCol("bus_20") === -38 && pCol("bus_21") === 20, `table P: bus_0 ${pCol("bus_0")}, bus_1 ${pCol("bus_1")}, bus_20 ${pCol("bus_20")}`);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Buses CSV" }).click()]);
  const csv = readFileSync(await download.path(), "utf8").trim().split("\n").map((l) => l.split(","));
  const head = csv[0];
  let worstCsv = 0;
  for (const r of csv.slice(1)) worstCsv = Math.max(worstCsv, Math.abs(Number(r[head.indexOf("p_mw")]) - engineP.get(r[0]).p_mw));
  check(csv.length - 1 === mv.result.buses.length && worstCsv < 1e-6, `Buses CSV P equals the engine's: ${worstCsv}`);
  // profile: x axis the bus ids, axis titles, several |V| ticks
  await page.getByRole("tab", { name: "Voltage profile" }).click();
  const chart = page.getByRole("img", { name: "voltage profile of every bus" });
  await chart.waitFor();
  check((await chart.getAttribute("data-theme-drawn")) === (await theme()), "profile drawn in the current theme");
  const axes = JSON.parse(await chart.getAttribute("data-axes"));
  check(axes[0].title === "bus" && axes[0].ticks.length >= 3 && axes[0].ticks.every((v) => /^bus_\d+$/.test(v)), `x axis: bus ids and a title: ${JSON.stringify(axes[0])}`);
  check(axes[1].title === "|V| pu" && axes[1].ticks.length >= 3, `y axis: title and several ticks: ${JSON.stringify(axes[1])}`);
  const before = await theme();
  await setTheme(before === "dark" ? "light" : "dark");
  await page.waitForFunction((x) => document.querySelector('[aria-label="voltage profile of every bus"]')?.getAttribute("data-theme-drawn") === x, await theme());
  await shot("multivoltage-theme-switched");
  await setTheme(before);

  // 2. no solution: nothing painted, the worst bus marked, no profile or tables, the message says where and what
  await openLocal(NO_SOLUTION);
  s = await runStudy(page, { engine: "browser" });
  check(!s.results.result.converged, "500 MW over 50 km does not converge");
  await page.getByTestId("result-status").filter({ hasText: "not converged" }).waitFor();
  check((await page.locator("[data-result-bus]").count()) === 0 && (await page.locator("[data-result-branch]").count()) === 0, "no voltages or flows painted");
  check((await page.locator('[data-worst-bus="B2"]').count()) === 1, "worst-mismatch bus B2 marked on the diagram");
  check((await page.getByRole("img", { name: "voltage profile of every bus" }).count()) === 0 && (await page.getByRole("tab", { name: /^Buses/ }).count()) === 0, "no profile, no tables");
  const failure = page.locator('[data-warning-kind="failure"]');
  const failText = await failure.textContent();
  check(/largest mismatch at B2/.test(failText) && /Newton Raphson, \d+ iterations, tolerance/.test(failText), `failure names the bus and what was tried: ${failText}`);
  check(/B2/.test(s.status) && /Newton Raphson/.test(s.status), `status names the bus and the method: ${s.status}`);
  await failure.locator('[data-show-element="B2"]').click();
  check((await state(page)).selection.join() === "B2", "clicking the worst bus selects it");
  await shot("no-solution-browser");

  // 3. warnings: reference chosen, dispatch against the set point, de-energized bus (linked)
  await openLocal(CHOSEN_REF);
  s = await runStudy(page, { engine: "browser" });
  check(s.results.result.converged, "chosen-reference network converges");
  const warns = await page.getByTestId("warnings").locator("li").allTextContents();
  check(warns.some((w) => /chosen as reference/.test(w)) && warns.some((w) => /delivers 12\.\d+ MW against its 4 MW set point/.test(w)) && warns.some((w) => /de-energized/.test(w)), `warnings: ${warns}`);
  await page.getByTestId("warnings").locator("li", { hasText: "delivers" }).locator('[data-show-element="g1"]').click();
  check((await state(page)).selection.join() === "g1", "clicking a warning's element selects it");
  check((await page.locator('g.bus[data-id="ISL"]').getAttribute("data-band")) === "deenergized", "de-energized bus grey after a browser run");
  await page.getByTestId("warnings").locator("li", { hasText: "de-energized" }).locator('[data-show-element="ISL"]').click();
  await page.waitForTimeout(100);
  const islBox = await page.locator('g.bus[data-id="ISL"] line').boundingBox();
  const svgBox = await page.getByTestId("diagram").boundingBox();
  const cx = islBox.x + islBox.width / 2, cy = islBox.y + islBox.height / 2;
  check(Math.abs(cx - (svgBox.x + svgBox.width / 2)) < 40 && Math.abs(cy - (svgBox.y + svgBox.height / 2)) < 40, `ISL framed in the middle of the diagram: ${cx},${cy} vs ${svgBox.x + svgBox.width / 2},${svgBox.y + svgBox.height / 2}`);
  await shot("warnings");
  await openLocal(NO_SOURCE);
  s = await runStudy(page, { engine: "browser" });
  const badge = await page.getByTestId("result-status").textContent();
  check(/no source/.test(badge) && !(await page.getByTestId("result-status").evaluate((el) => el.classList.contains("ok"))), `no source is not a green converged: ${badge}`);
  check((await page.locator('[data-warning-kind="source"]').count()) === 1, "no-source warning");

  // 4. small items in the editor: tolerance "abc", repeated pastes, keyboard focus after Enter/Esc
  await page.getByLabel("Tol", { exact: true }).fill("abc");
  await page.locator('[data-option-error="tol"]').waitFor();
  check(await page.getByTestId("run-study").isDisabled(), "a tolerance of abc is a field error: run disabled");
  await page.getByLabel("Tol", { exact: true }).fill("");
  await openLocal(CHOSEN_REF);
  await page.evaluate(() => window.gridsolve.store.getState().select(["A"]));
  await page.getByTestId("diagram").focus();
  await page.keyboard.press("Control+c");
  await page.keyboard.press("Control+v");
  await page.keyboard.press("Control+v");
  s = await state(page);
  const pasted = s.net.buses.filter((b) => !["A", "B", "ISL"].includes(b.id));
  const spots = new Set(pasted.map((b) => `${s.layout[b.id].x},${s.layout[b.id].y}`));
  check(pasted.length === 2 && spots.size === 2, `two pastes at two places: ${[...spots]}`);
  await page.evaluate(() => window.gridsolve.store.getState().select(["B"]));
  await page.getByTestId("diagram").focus();
  await page.keyboard.press("Enter");
  check(await page.evaluate(() => !!document.activeElement?.closest(".props")), "Enter goes into the property panel");
  await page.keyboard.press("Enter");
  check(await page.evaluate(() => document.activeElement?.getAttribute("data-testid") === "diagram"), "Enter in a field gives the keyboard back to the diagram");
  await page.keyboard.press("]");
  check((await state(page)).selection[0] !== "B", "shortcuts work again after Enter");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Escape");
  check(await page.evaluate(() => document.activeElement?.getAttribute("data-testid") === "diagram"), "Esc in a field gives the keyboard back to the diagram");

  // 5. online: sign in through the API, then browser vs server on the same project
  const email = `trust-${Date.now()}@example.com`;
  const reg = await fetch(`${base}/api/auth/register`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email, password: "Vq8#trust-e2e-Zx91", name: "Trust E2E" }) });
  check(reg.status === 201, `registered: ${reg.status}`);
  const tokens = await reg.json();
  const api = async (method, path, body) => {
    const r = await fetch(`${base}/api${path}`, { method, headers: { "Content-Type": "application/json", Authorization: `Bearer ${tokens.access_token}` }, body: body ? JSON.stringify(body) : undefined });
    return { status: r.status, data: await r.json().catch(() => null) };
  };
  await page.evaluate((tk) => {
    localStorage.setItem("gridsolve.token", tk.access_token);
    localStorage.setItem("gridsolve.refresh", tk.refresh_token);
  }, tokens);
  const project = async (network) => {
    const r = await api("POST", "/projects", { name: network.name, network });
    check(r.status === 201, `project created: ${r.status} ${JSON.stringify(r.data)}`);
    await page.goto(`${base}/#/project/${r.data.id}`);
    await page.reload();
    await page.getByTestId("project-name").filter({ hasText: network.name }).waitFor();
    await saved(page);
    return r.data.id;
  };
  await project(FEEDER);
  s = await runStudy(page, { engine: "browser" });
  const bandBrowser = await page.locator('g.bus[data-id="ISL"]').getAttribute("data-band");
  const browserRes = s.results.result;
  s = await runStudy(page, { engine: "server" });
  check(s.results.source === "server" && s.results.result.converged, `server power flow: ${s.status}`);
  const bandServer = await page.locator('g.bus[data-id="ISL"]').getAttribute("data-band");
  const labelServer = await page.locator('[data-result-bus="ISL"]').textContent();
  check(bandBrowser === "deenergized" && bandServer === "deenergized" && /de-energized/.test(labelServer), `de-energized drawn the same: ${bandBrowser} / ${bandServer} / ${labelServer}`);
  let dBS = 0;
  browserRes.buses.forEach((b, i) => (dBS = Math.max(dBS, Math.abs(b.p_mw - s.results.result.buses[i].p_mw), Math.abs(b.vm_pu - s.results.result.buses[i].vm_pu))));
  check(dBS < 1e-5, `browser and server bus values equal: ${dBS}`);
  await page.getByTestId("result-status").waitFor();
  await shot("feeder-server");
  // short circuit: a three-phase fault hides the power-flow labels; a line-to-ground fault names every element
  await page.getByLabel("study type").selectOption("short_circuit");
  await page.getByTestId("run-study").click();
  await page.locator("[data-sc-bus]").first().waitFor({ timeout: 60000 });
  check((await page.locator("[data-result-bus]").count()) === 0 && (await page.locator("[data-result-branch]").count()) === 0, "short-circuit results hide the power-flow labels");
  await shot("short-circuit");
  await page.getByLabel("Fault", { exact: true }).selectOption("1ph");
  await page.getByTestId("run-study").click();
  const banner = page.getByTestId("error");
  await banner.waitFor({ timeout: 60000 });
  const problems = await banner.locator("[data-problem-where]").allTextContents();
  check(problems.some((p) => /^T1/.test(p)) && problems.some((p) => /^L1/.test(p)), `every element lacking zero-sequence data listed: ${problems}`);
  check(/2 element\(s\) lack it: /.test(await banner.textContent()), "the message names them too");
  await banner.locator("button", { hasText: /^L1/ }).click();
  check((await state(page)).selection.join() === "L1", "clicking an error's element selects it");
  await shot("sc-missing-zero-sequence");
  // the server's non-converged study: drawn as a failure, not as a result
  await page.evaluate(() => window.gridsolve.store.getState().setError(null));
  await project(NO_SOLUTION);
  s = await runStudy(page, { engine: "server" });
  check(s.results && !s.results.result.converged && s.results.source === "server", `server study without solution shown as such: ${s.status}`);
  check((await page.locator("[data-result-bus]").count()) === 0 && (await page.locator('[data-worst-bus="B2"]').count()) === 1, "server: worst bus marked, nothing painted");
  await shot("no-solution-server");

  // 6. an import error with a file line opens the file at that line
  await page.goto(`${base}/#/`);
  await page.reload();
  await page.getByTestId("new-project-name").waitFor();
  await page.getByTestId("import-file").setInputFiles({ name: "bad.m", mimeType: "text/plain", buffer: Buffer.from(BAD_CASE) });
  const perr = page.getByTestId("projects-error");
  await perr.waitFor();
  const where = await perr.locator("[data-problem-where]").allTextContents();
  check(where.some((w) => new RegExp(`^bad\\.m:${BAD_LINE}\\b`).test(w) || new RegExp(`line ${BAD_LINE}`).test(w)), `the error names the file line ${BAD_LINE}: ${where}`);
  await perr.locator("button[data-problem-where]").first().click();
  const excerpt = page.getByTestId("file-excerpt");
  await excerpt.waitFor();
  check((await excerpt.locator(".hit").getAttribute("data-line")) === String(BAD_LINE), "the file opens at the line");
  await shot("import-error-at-line");
  await page.keyboard.press("Escape");

  // 7. every screen size, both themes: the main screens, looked at
  const pid = await project({ ...vector("example_multivoltage").network, name: "example multivoltage" });
  s = await runStudy(page, { engine: "browser" });
  for (const [name, [w, h]] of Object.entries(SIZES)) {
    await page.setViewportSize({ width: w, height: h });
    for (const th of ["dark", "light"]) {
      await setTheme(th);
      await page.waitForTimeout(200);
      await shot(`editor-${name}-${th}`);
    }
  }
  // phone: panels in a drawer, Save and Layout in the overflow menu, touch-sized targets, nothing off-screen
  await page.setViewportSize({ width: 390, height: 844 });
  const sideBox = await page.locator("aside.side").boundingBox();
  check(!(await page.locator("aside.side").isVisible()) || sideBox.x >= 390, "side panels closed on a phone");
  const topButtons = await page.locator(".editor .topbar > button, .editor .topbar .overflow > button").evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ right: r.right, h: r.height, w: r.width })));
  check(topButtons.every((b) => b.right <= 390 && b.h >= 40), `toolbar fits and is touch-sized: ${JSON.stringify(topButtons)}`);
  await page.getByTestId("more-actions").click();
  for (const id of ["save", "layout", "undo"]) check(await page.getByTestId(id).isVisible(), `${id} reachable in the overflow menu`);
  const menuBox = await page.locator(".overflow-menu").boundingBox();
  check(menuBox.x >= 0 && menuBox.x + menuBox.width <= 390, "overflow menu on screen");
  await shot("phone-menu-light");
  await page.getByTestId("save").click();
  await page.getByTestId("toggle-panels").click();
  await page.waitForTimeout(300);
  const drawer = await page.locator("aside.side").boundingBox();
  check(drawer.x >= 0 && drawer.x + drawer.width <= 391, `drawer on screen: ${JSON.stringify(drawer)}`);
  const runBox = await page.getByTestId("run-study").boundingBox();
  check(runBox.height >= 40 && runBox.x + runBox.width <= 391, `run button touch-sized in the drawer: ${JSON.stringify(runBox)}`);
  await shot("phone-drawer-light");
  await setTheme("dark");
  await shot("phone-drawer-dark");
  await page.getByRole("button", { name: "close the panels" }).click();
  for (const th of ["dark", "light"]) {
    await setTheme(th);
    await page.goto(`${base}/#/`);
    await page.reload();
    await page.getByTestId("new-project-name").waitFor();
    await page.locator(".project-list li").first().waitFor();
    const bar = await page.locator(".projects-screen .topbar button").evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right));
    check(bar.every((r) => r <= 390), `projects toolbar fits the phone: ${bar}`);
    await shot(`projects-phone-${th}`);
  }
  check(pid && errors.length === 0, `no page errors: ${errors.join("\n")}`);
  console.log("E2E TRUST OK");
} catch (e) {
  await shot("failure").catch(() => undefined);
  console.error(platform.log().slice(-3000));
  throw e;
} finally {
  await ctx.close();
  await platform.stop();
}
