// End-to-end: a contingency campaign from the browser against the local platform. Import MATPOWER case30, pick
// the contingency study (its options from the generated contract: outages n-1/n-2/list, element checkboxes,
// screening, limits), an unknown element in a user list refused by name, an N-1 run on the server in batches
// with its progress bar, the ranked table equal to the engine CLI's result for the same case, sorting, filtering
// by violation kind, the worst outage on the diagram (the view framed on the outaged branch, dashed, overloads and
// voltage violations marked, |V| and angle, loading, MW flows and their arrows after the outage), a row without full
// data saying so, and the CSV/JSON downloads (the CSV readable: "br_7; br_9", violations spelled out).
// Screenshots at 1440x900 and 390x844 in tests/artifacts/.
//   node e2e/contingency.e2e.mjs      (after vite build; uses ../.venv/bin/python unless PYTHON is set)
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { artifacts, check } from "./browser.mjs";
import { python } from "./platform.mjs";
import { e2eSession } from "./session.mjs";

const web = join(fileURLToPath(new URL(".", import.meta.url)), "..");
const repo = join(web, "..");
const case30 = join(repo, "solver_layer", "gridsolve", "samples", "case30.m");
const BATCH = 8;

// the engine's own answer for the same case and options in one process (its CLI, through
// web/scripts/make_ctg_fixture.py): the reference for the server's batched run (planned, run batch by batch as jobs,
// merged)
const fixture = (args) =>
  execFileSync(python, [join(web, "scripts", "make_ctg_fixture.py"), ...args], {
    cwd: repo,
    env: { ...process.env, PYTHONPATH: [join(repo, "solver_layer"), repo, process.env.PYTHONPATH].filter(Boolean).join(":") },
    maxBuffer: 1 << 28,
  }).toString();
const cli = JSON.parse(fixture(["--print", "n-1"]));
const cliRows = cli.contingencies;
// case30 with every load doubled (as GridSolve JSON) and the engine's own run of three outages on it
const stressed = fixture(["--print-network", "nonconverged"]);
const refNc = JSON.parse(fixture(["--print", "nonconverged"]));
const keyOf = (r) => r.outage.join(" + ");
const cliByKey = new Map(cliRows.map((r) => [keyOf(r), r]));
const hasKind = (r, k) => (k === "islanding" ? r.islanding : k === "non_converged" ? !r.converged : r.violations.some((v) => v.kind === k));

const session = await e2eSession({ env: { GRIDSOLVE_SEED_SAMPLES: "0" }, fullPage: false });
const { base, page, errors, shot } = session;
await page.setViewportSize({ width: 1440, height: 900 });
const post = async (path, body, token) => {
  const r = await fetch(`${base}/api${path}`, { method: "POST", headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  return { status: r.status, json: await r.json() };
};
const ctg = () => page.evaluate(() => window.gridsolve.contingency.getState().result);
/** The table's rendered rows: outage key and the cells by column. */
const tableRows = () =>
  page.$$eval('[data-testid="ctg-table"] tbody tr', (trs) => trs.map((tr) => ({ key: tr.getAttribute("data-outage"), cells: [...tr.querySelectorAll("td")].map((td) => td.textContent) })));
const colIndex = async (sortKey) => (await page.$$eval('[data-testid="ctg-table"] thead th button', (bs) => bs.map((b) => b.getAttribute("data-sort")))).indexOf(sortKey);
const num = (text) => (text === "—" ? null : Number(text.split(" @ ")[0]));

await session.run("ctg", async () => {
  check(cliRows.length > 30, `the CLI ranked ${cliRows.length} outages of case30`);
  const email = `ctg-${Date.now()}@example.com`;
  const reg = await post("/auth/register", { email, password: "correct-horse-42", name: "Contingency E2E" });
  check(reg.status === 201, `registered: ${JSON.stringify(reg.json)}`);
  await session.signIn(reg.json.access_token, reg.json.refresh_token);
  await page.getByTestId("import-file").setInputFiles({ name: "case30.m", mimeType: "text/plain", buffer: readFileSync(case30) });
  await page.getByTestId("project-name").filter({ hasText: "case30" }).waitFor({ timeout: 30000 });

  // the contingency study's options, rendered from the contract
  await page.getByLabel("study type").selectOption("contingency");
  const outages = page.getByLabel("Outages", { exact: true });
  check((await outages.locator("option").allTextContents()).join("|") === "n-1|n-2|list…", "outages: n-1, n-2 or a list");
  for (const cls of ["branches", "transformers", "generators"]) check(await page.getByLabel(`Elements: ${cls}`).isChecked(), `elements: ${cls} ticked by default`);
  check((await page.getByLabel("Screen", { exact: true }).locator("option").allTextContents()).join("|") === "dc|none", "screen: dc or none");
  check(!(await page.getByTestId("run-study").textContent()).includes("undefined"), "run button names the study");
  check((await page.locator(".study .muted.small").first().textContent()).includes("on the server"), "runs on the server (no browser engine)");
  // the CLI's process count (x-cli-only in the engine's model) is no option here: the server runs batches as jobs
  check(!(await page.getByLabel("Threads", { exact: true }).count()), "no Threads option in the form");

  // a user list with an unknown element: refused by name
  await outages.selectOption("list…");
  await page.locator('[data-option-list="outages"]').fill("br_1\nbr_999 + br_2");
  await shot("ctg-options-list");
  await page.getByTestId("run-study").click();
  await page.getByTestId("error").waitFor({ timeout: 60000 });
  const err = await page.getByTestId("error").textContent();
  check(err.includes("br_999"), `the unknown element is named: ${err}`);
  await page.getByRole("button", { name: "dismiss error" }).click();

  // a base case that does not converge is refused with the engine's message
  await page.locator('[data-option-list="outages"]').fill("br_10\ngen_4\nbr_1");
  await page.locator("details.more-options summary").click();
  await page.getByLabel("Max Iter", { exact: true }).fill("2");
  await page.getByTestId("run-study").click();
  await page.getByTestId("error").waitFor({ timeout: 120000 });
  const baseErr = await page.getByTestId("error").textContent();
  check(/base case does not converge/.test(baseErr), `base case error: ${baseErr}`);
  await page.getByRole("button", { name: "dismiss error" }).click();
  await page.getByLabel("Max Iter", { exact: true }).fill("");

  // N-1 on the server in batches, with progress
  await outages.selectOption("n-1");
  await page.getByLabel("Batch Size", { exact: true }).fill(String(BATCH));
  await page.evaluate(() => {
    window.__progress = [];
    window.__progressText = [];
    new MutationObserver(() => {
      const bar = document.querySelector('[aria-label="study progress"]');
      if (bar) window.__progress.push(Number(bar.getAttribute("aria-valuenow")));
      const text = document.querySelector('[data-testid="study-progress-text"]')?.textContent;
      if (text && window.__progressText.at(-1) !== text) window.__progressText.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["aria-valuenow"] });
  });
  await page.getByTestId("run-study").click();
  await page.getByTestId("ctg-table").waitFor({ timeout: 300000 });
  const seen = await page.evaluate(() => window.__progress);
  const texts = await page.evaluate(() => window.__progressText);
  check(seen.length > 0, "the progress bar was shown");
  check(seen.every((p, i) => i === 0 || p >= seen[i - 1]), `progress never goes back: ${seen}`);
  const batches = Math.ceil(cliRows.length / BATCH);
  for (const t of texts) {
    const m = /^(\d+) of (\d+) outages · (\d+) of (\d+) batches/.exec(t);
    check(m && Number(m[2]) === cliRows.length && Number(m[4]) === batches && Number(m[1]) <= cliRows.length, `progress caption "${t}": outages of ${cliRows.length}, batches of ${batches}`);
  }
  check(texts.length > 0, "the progress caption counts outages and batches");
  console.log(`progress seen: ${[...new Set(seen)].join(", ")}; captions: ${texts.join(" | ")}`);
  const res = await ctg();
  const study = await page.evaluate(() => window.gridsolve.contingency.getState().study);
  const st = await (await fetch(`${base}/api/projects/${study.projectId}/studies/${study.studyId}`, { headers: { Authorization: `Bearer ${reg.json.access_token}` } })).json();
  check(st.status === "completed" && st.progress_pct === 100, `study completed at 100 %: ${st.status} ${st.progress_pct}`);

  // the server's result is the CLI's: same outages, ranks, severities and extremes
  check(res.contingencies.length === cliRows.length, `${res.contingencies.length} outages on the server, ${cliRows.length} by the CLI`);
  for (const r of res.contingencies) {
    const c = cliByKey.get(keyOf(r));
    check(c && c.rank === r.rank && c.converged === r.converged && c.islanding === r.islanding, `outage ${keyOf(r)} ranked alike`);
    for (const f of ["severity", "min_vm_pu", "max_vm_pu", "max_loading_percent", "load_lost_mw"])
      check((c[f] == null && r[f] == null) || Math.abs(c[f] - r[f]) <= 1e-9 * Math.max(1, Math.abs(c[f])), `${keyOf(r)} ${f}: server ${r[f]} vs CLI ${c[f]}`);
    check(JSON.stringify(c.violations.map((v) => [v.kind, v.element])) === JSON.stringify(r.violations.map((v) => [v.kind, v.element])), `${keyOf(r)} violations alike`);
    // the worst N's state after the outage (what the diagram paints): the same flows and angles
    check(!!c.branch_flows === !!r.branch_flows && !!c.va_deg === !!r.va_deg, `${keyOf(r)}: detail kept alike`);
    for (const [br, f] of Object.entries(c.branch_flows ?? {})) check(f.every((x, i) => (x == null && r.branch_flows[br][i] == null) || Math.abs(x - r.branch_flows[br][i]) <= 1e-9 * Math.max(1, Math.abs(x))), `${keyOf(r)} ${br} flows: server ${r.branch_flows[br]} vs CLI ${f}`);
    for (const [bus, va] of Object.entries(c.va_deg ?? {})) check((va == null && r.va_deg[bus] == null) || Math.abs(va - r.va_deg[bus]) <= 1e-9 * Math.max(1, Math.abs(va)), `${keyOf(r)} bus ${bus} angle`);
  }
  let rows = await tableRows();
  check(rows.length === cliRows.length && rows.every((r, i) => r.key === keyOf(cliRows[i])), "the table lists every outage in the engine's rank order");
  const summary = await page.getByTestId("ctg-summary").textContent();
  check(summary.startsWith(`${cliRows.length} outages`), `summary: ${summary}`);
  await shot("ctg-table-1440");

  // sort by the largest loading (worst first), then back to rank
  await page.locator('[data-sort="max_loading_percent"]').click();
  const li = await colIndex("max_loading_percent");
  rows = await tableRows();
  const loads = rows.map((r) => num(r.cells[li]));
  const known = loads.filter((v) => v != null);
  check(known.every((v, i) => i === 0 || v <= known[i - 1]), "sorted by max loading, descending");
  check(loads.indexOf(null) === -1 || loads.slice(loads.indexOf(null)).every((v) => v == null), "outages without a loading last");
  const worstLoading = Math.max(...cliRows.map((r) => r.max_loading_percent ?? -Infinity));
  check(Math.abs(known[0] - worstLoading) < 0.05 + 1e-9, `the first row has the CLI's largest loading ${worstLoading}`);
  check((await page.locator('th[aria-sort="descending"]').textContent()).includes("max loading"), "the header says so");
  await page.locator('[data-sort="max_loading_percent"]').click();
  rows = await tableRows();
  check(num(rows.find((r) => num(r.cells[li]) != null).cells[li]) <= known[known.length - 1] + 0.05, "second click: ascending");
  await page.locator('[data-sort="rank"]').click();

  // filter by violation kind: exactly the CLI's rows of that kind
  for (const kind of ["overload", "islanding", "undervoltage"]) {
    const expected = cliRows.filter((r) => hasKind(r, kind)).map(keyOf);
    const btn = page.locator(`[data-filter="${kind}"]`);
    if (!expected.length) {
      check(await btn.isDisabled(), `${kind}: no outage, the filter is disabled`);
      continue;
    }
    await btn.click();
    rows = await tableRows();
    check(JSON.stringify(rows.map((r) => r.key)) === JSON.stringify(expected), `${kind}: ${rows.length} rows shown, ${expected.length} in the CLI result`);
    if (kind === "overload") await shot("ctg-filter-overload");
    await btn.click();
  }

  // the worst outage on the diagram: the view moves to frame its outaged elements
  const worst = cliRows[0];
  check(worst.vm_pu && worst.va_deg && worst.branch_loading_percent && worst.branch_flows, "the worst outage has full data");
  const viewOf = () => page.$eval(".diagram g[transform^='translate(']", (g) => g.getAttribute("transform"));
  /** the outaged elements' box and the diagram's, in screen pixels */
  const boxes = () =>
    page.evaluate((ids) => {
      const svg = document.querySelector('[data-testid="diagram"]').getBoundingClientRect();
      const els = ids.map((id) => document.querySelector(`.diagram [data-id="${id}"] .wire, .diagram [data-id="${id}"]`)).filter(Boolean);
      const rs = els.map((e) => e.getBoundingClientRect());
      return { svg: { x: svg.x, y: svg.y, w: svg.width, h: svg.height }, el: { x: Math.min(...rs.map((r) => r.x)), y: Math.min(...rs.map((r) => r.y)), r: Math.max(...rs.map((r) => r.right)), b: Math.max(...rs.map((r) => r.bottom)) } };
    }, worst.outage);
  // start from a view that leaves the outaged elements off screen: zoomed in at the diagram's corner farthest from them
  const inView = (bx) => bx.el.x >= bx.svg.x && bx.el.r <= bx.svg.x + bx.svg.w && bx.el.y >= bx.svg.y && bx.el.b <= bx.svg.y + bx.svg.h;
  let bx = await boxes();
  const far = { x: (bx.el.x + bx.el.r) / 2 < bx.svg.x + bx.svg.w / 2 ? bx.svg.x + bx.svg.w - 10 : bx.svg.x + 10, y: (bx.el.y + bx.el.b) / 2 < bx.svg.y + bx.svg.h / 2 ? bx.svg.y + bx.svg.h - 50 : bx.svg.y + 50 };
  await page.mouse.move(far.x, far.y);
  await page.mouse.wheel(0, -1500);
  await page.waitForTimeout(300);
  check(!inView(await boxes()), "before the click the outaged element is off screen");
  const viewBefore = await viewOf();
  await page.locator(`[data-testid="ctg-table"] tbody tr[data-outage="${keyOf(worst)}"]`).click();
  await page.getByTestId("ctg-detail").waitFor();
  await page.waitForFunction((v) => document.querySelector(".diagram g[transform^='translate(']").getAttribute("transform") !== v, viewBefore, { timeout: 5000 });
  const viewAfter = await viewOf();
  bx = await boxes();
  const cx = (bx.el.x + bx.el.r) / 2,
    cy = (bx.el.y + bx.el.b) / 2;
  check(viewAfter !== viewBefore, `the view moved: ${viewBefore} -> ${viewAfter}`);
  check(cx > bx.svg.x + 0.25 * bx.svg.w && cx < bx.svg.x + 0.75 * bx.svg.w && cy > bx.svg.y && cy < bx.svg.y + bx.svg.h, `the outaged element framed mid-diagram: centre (${cx.toFixed(0)}, ${cy.toFixed(0)}) in ${JSON.stringify(bx.svg)}`);
  check(inView(bx), `the outaged element wholly in view: ${JSON.stringify(bx)}`);
  console.log(`view ${viewBefore} -> ${viewAfter} (outage ${keyOf(worst)} framed)`);
  for (const id of worst.outage) {
    const el = page.locator(`.diagram [data-id="${id}"]`);
    check((await el.getAttribute("data-mark")) === "outaged", `${id} is marked outaged`);
    if ((await el.getAttribute("class")).includes("branch")) {
      const dash = await el.locator(".wire").evaluate((w) => getComputedStyle(w).strokeDasharray);
      check(dash && dash !== "none", `${id} is drawn dashed (${dash})`);
      check(!(await el.locator(".arrow").count()), `${id}: no flow arrow on the outaged branch`);
    }
  }
  const over = worst.violations.filter((v) => v.kind === "overload").map((v) => v.element);
  const shownOver = await page.$$eval(".diagram .branch.overloaded", (els) => els.map((e) => e.getAttribute("data-id")));
  check(JSON.stringify([...shownOver].sort()) === JSON.stringify([...over].sort()), `overloaded branches marked: ${shownOver} vs ${over}`);
  for (const v of worst.violations.filter((x) => x.kind !== "overload"))
    check((await page.locator(`.diagram .bus[data-id="${v.element}"]`).getAttribute("data-mark")) === v.kind, `bus ${v.element} marked ${v.kind}`);
  // |V| and angle after the outage, as the engine computed them (the labels a power flow's result gets; a label the
  // declutter has no room for is dropped, as for a power flow, and counted on the diagram)
  const dropped = Number(await page.getByTestId("diagram").getAttribute("data-labels-dropped"));
  let checkedV = 0,
    missing = 0;
  for (const [bus, vm] of Object.entries(worst.vm_pu)) {
    const label = page.locator(`[data-result-bus="${bus}"]`);
    if (!(await label.count())) {
      missing++;
      continue;
    }
    const text = await label.textContent();
    const va = worst.va_deg[bus];
    check(vm == null ? text === "de-energized" : text === `${vm.toFixed(4)} pu ∠${va.toFixed(2)}°`, `bus ${bus}: "${text}" after the outage, engine ${vm} pu ∠${va}°`);
    checkedV++;
  }
  // MW flows (the label's P at the from end), loading and the flow arrows after the outage
  let checkedL = 0,
    arrows = 0;
  for (const [br, f] of Object.entries(worst.branch_flows)) {
    const label = page.locator(`[data-result-branch="${br}"]`);
    const loading = worst.branch_loading_percent[br];
    const arrow = page.locator(`.diagram .branch[data-id="${br}"] .arrow`);
    if (worst.outage.includes(br)) {
      check(!(await label.count()), `${br}: no label on the outaged branch`);
      continue;
    }
    const flowing = Math.abs(f[0]) > 1e-6;
    check((await arrow.count()) === (flowing ? 1 : 0), `${br}: ${flowing ? "a" : "no"} flow arrow (P_from ${f[0]} MW)`);
    arrows += flowing ? 1 : 0;
    if (!(await label.count())) {
      missing++;
      continue;
    }
    const want = [`${Math.abs(f[0]).toFixed(1)} MW`, ...(loading != null ? [`${loading.toFixed(0)} %`] : [])].join(" · ");
    check((await label.textContent()) === want, `${br} after the outage: "${await label.textContent()}", engine "${want}"`);
    checkedL++;
  }
  check(missing <= dropped, `${missing} value labels not drawn, ${dropped} dropped by the declutter`);
  check(checkedV >= 0.8 * Object.keys(worst.vm_pu).length && checkedL > 25 && arrows > 30, `${checkedV} bus values, ${checkedL} branch flows and ${arrows} arrows after the outage shown`);
  console.log(`after ${keyOf(worst)}: ${checkedV} |V| ∠ labels, ${checkedL} MW labels, ${arrows} arrows, ${missing} values dropped (declutter ${dropped})`);
  await shot("ctg-worst-on-diagram-1440");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  // a phone refits the diagram when turned; the row clicked again (hidden, shown) frames the outage there too
  const worstRow = page.locator(`[data-testid="ctg-table"] tbody tr[data-outage="${keyOf(worst)}"]`);
  await worstRow.click();
  await worstRow.click();
  await page.waitForTimeout(300);
  bx = await boxes();
  check(inView(bx), `390 px: the outaged element in view: ${JSON.stringify(bx)}`);
  await shot("ctg-worst-on-diagram-390");
  await shot("ctg-worst-on-diagram-390-full", { fullPage: true });
  await page.setViewportSize({ width: 1440, height: 900 });

  // a row without full data says so
  const partial = cliRows.find((r) => r.converged && !r.vm_pu);
  if (partial) {
    await page.locator(`[data-testid="ctg-table"] tbody tr[data-outage="${keyOf(partial)}"]`).click();
    const note = await page.getByTestId("ctg-no-full-data").textContent();
    check(note.includes("no full data"), `row ${keyOf(partial)} without full data: ${note}`);
    await shot("ctg-partial-row");
  }

  // downloads through the API's results route
  const [csvDl] = await Promise.all([page.waitForEvent("download"), page.getByTestId("ctg-csv").click()]);
  const csvFile = join(artifacts, "ctg-e2e.csv");
  await csvDl.saveAs(csvFile);
  const csv = readFileSync(csvFile, "utf8").trim().split("\n");
  check(csv[0].split(",").includes("outage") && csv.length === cliRows.length + 1, `CSV: a header and ${csv.length - 1} rows`);
  // readable in a spreadsheet: outage ids and violations as text, no JSON in any cell
  const csvText = csv.join("\n");
  const spell = (v) => {
    const d = v.unit === "%" ? 1 : 4;
    return `${v.kind} ${v.element} ${v.value.toFixed(d)} ${v.unit} (limit ${v.limit.toFixed(d)} ${v.unit})`;
  };
  check(!/[[{]"/.test(csvText) && !csv[0].includes("branch_flows"), "CSV: no JSON cells, no worst-N detail columns");
  const worstLine = csv.find((l) => l.split(",")[0] === "1");
  check(worstLine.includes(worst.violations.map(spell).join("; ")), `CSV: the worst row's violations spelled out: ${worstLine.slice(0, 300)}`);
  const pairLine = cliRows.find((r) => r.islanded_buses.length > 1);
  if (pairLine) check(csvText.includes(pairLine.islanded_buses.join("; ")), `CSV: islanded buses as "${pairLine.islanded_buses.join("; ")}"`);
  const [jsonDl] = await Promise.all([page.waitForEvent("download"), page.getByTestId("ctg-json").click()]);
  const jsonFile = join(artifacts, "ctg-e2e.json");
  await jsonDl.saveAs(jsonFile);
  check(JSON.parse(readFileSync(jsonFile, "utf8")).contingencies.length === cliRows.length, "JSON: every outage");

  // N-2: generated pairs, each row two outaged elements, both dashed on the diagram
  await outages.selectOption("n-2");
  await page.getByLabel("N2 Max Pairs", { exact: true }).fill("6");
  await page.getByTestId("run-study").click();
  await page.waitForFunction(() => {
    const r = window.gridsolve.contingency.getState().result;
    return r && r.contingencies.length && r.contingencies.every((c) => c.outage.length === 2);
  }, null, { timeout: 300000 });
  const n2 = await ctg();
  check(n2.contingencies.length === 6, `6 pairs, got ${n2.contingencies.length}`);
  rows = await tableRows();
  check(rows.every((r) => / \+ /.test(r.key)), "each row names its pair");
  await page.locator('[data-testid="ctg-table"] tbody tr').first().click();
  for (const id of n2.contingencies[0].outage) check((await page.locator(`.diagram [data-id="${id}"]`).getAttribute("data-mark")) === "outaged", `N-2: ${id} marked outaged`);
  await shot("ctg-n2");

  // an outage that does not converge (case30 with every load doubled: br_10's outage has no solution nearby) is a
  // row, not an error: listed under "Non-converged", its mismatch history shown, nothing painted
  await page.getByRole("button", { name: "back to projects" }).click();
  await page.getByTestId("import-file").setInputFiles({ name: "case30-loads-x2.json", mimeType: "application/json", buffer: Buffer.from(stressed) });
  await page.getByTestId("project-name").filter({ hasText: "case30-loads-x2" }).waitFor({ timeout: 30000 });
  await page.getByLabel("study type").selectOption("contingency");
  await page.getByLabel("Outages", { exact: true }).selectOption("list…");
  await page.locator('[data-option-list="outages"]').fill("br_10\ngen_4\nbr_1");
  await page.getByTestId("run-study").click();
  await page.getByTestId("ctg-table").waitFor({ timeout: 120000 });
  const small = await ctg();
  check(JSON.stringify(small.contingencies.map((r) => r.outage).sort()) === JSON.stringify([["br_1"], ["br_10"], ["gen_4"]]), "the user's three outages");
  const stuck = small.contingencies.filter((r) => !r.converged);
  check(JSON.stringify(stuck.map(keyOf)) === JSON.stringify(refNc.contingencies.filter((r) => !r.converged).map(keyOf)) && stuck.length > 0, `non-converged as in the engine's own run: ${stuck.map(keyOf)}`);
  await page.locator('[data-filter="non_converged"]').click();
  const rowsNc = await tableRows();
  check(JSON.stringify(rowsNc.map((r) => r.key)) === JSON.stringify(stuck.map(keyOf)), `non-converged filter: ${rowsNc.map((r) => r.key)}`);
  await page.locator(`[data-testid="ctg-table"] tbody tr[data-outage="${keyOf(stuck[0])}"]`).click();
  check((await page.getByTestId("ctg-no-full-data").textContent()).includes("did not converge"), "the row says it did not converge");
  const hist = await page.getByTestId("ctg-mismatch").textContent();
  check(stuck[0].mismatch_history.length > 0 && hist.endsWith(stuck[0].mismatch_history.map((v) => v.toExponential(2)).join(" → ")), `its mismatch history: ${hist.slice(0, 120)}…`);
  check((await page.locator("[data-result-bus]").count()) === 0 && (await page.locator("[data-result-branch]").count()) === 0, "no voltages or flows painted for it");
  check((await page.locator(`.diagram [data-id="${stuck[0].outage[0]}"]`).getAttribute("data-mark")) === "outaged", "its outage still marked");
  await shot("ctg-non-converged");

  check(errors.length === 0, `no page errors: ${errors.join("; ")}`);
  console.log(`E2E CONTINGENCY OK (${cliRows.length} outages, worst ${keyOf(worst)})`);
});
