// End-to-end: the editor in the browser on a project kept in the browser (offline mode: no account, no saved
// project; the engine's stateless routes compile the network, build the results and lay out the diagram).
// Draws a three-bus system from the palette, runs power flow in the WebAssembly worker, reads the voltages on the
// diagram, places, rotates and routes symbols and wires (undo/redo), and checks the browser solver against the
// engine's test vectors (Q limits on) through the worker. Screenshots go to tests/artifacts/.
//   node e2e/editor.e2e.mjs     (after vite build; starts python -m chalicelib.http.local_server)
import { readFileSync, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { launch, artifacts, check } from "./browser.mjs";
import { drawThreeBus } from "./draw.mjs";
import { startPlatform } from "./platform.mjs";

const web = join(fileURLToPath(new URL(".", import.meta.url)), "..");
const platform = await startPlatform();
const base = platform.base;
const ctx = await launch();
const page = await ctx.newPage();
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));
page.on("console", (m) => m.type() === "error" && !/Failed to load resource/.test(m.text()) && errors.push(m.text()));

const state = () => page.evaluate(() => {
  const s = window.gridsolve.store.getState();
  return { net: s.network, layout: s.layout, results: s.results, selection: s.selection, undo: s.undoStack.length, redo: s.redoStack.length, status: s.status };
});
const engineResults = () => page.waitForFunction(() => {
  const r = window.gridsolve.store.getState().results;
  return r != null && !r.provisional && (r.source !== "browser" || r.timing.resultsMs != null);
}, null, { timeout: 60000 });
/** Screen position of a diagram (world) point. */
const toScreen = (x, y) => page.evaluate(([wx, wy]) => {
  const g = document.querySelector('[data-testid="diagram"] > g');
  const m = g.getScreenCTM();
  return { x: m.a * wx + m.c * wy + m.e, y: m.b * wx + m.d * wy + m.f };
}, [x, y]);
const pathPoints = (sel) => page.evaluate((q) => {
  const nums = document.querySelector(q).getAttribute("d").match(/-?\d+(\.\d+)?/g).map(Number);
  const pts = [];
  for (let i = 0; i + 1 < nums.length; i += 2) pts.push({ x: nums[i], y: nums[i + 1] });
  return pts;
}, sel);
const dragWorld = async (from, to) => {
  const a = await toScreen(from.x, from.y), b = await toScreen(to.x, to.y);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(b.x, b.y, { steps: 6 });
  await page.mouse.up();
};
const orthogonal = (pts) => pts.every((p, i) => i === 0 || Math.abs(p.x - pts[i - 1].x) < 1e-6 || Math.abs(p.y - pts[i - 1].y) < 1e-6);

try {
  await page.goto(`${base}/#/local`);
  await page.getByTestId("diagram").waitFor();
  await page.screenshot({ path: join(artifacts, "editor-empty.png") });
  // 1-4. three buses, external grid dragged from the palette onto bus 1, load, generator (key G), line + cable
  const { b1, b2, b3, at, click, svg } = await drawThreeBus(page);
  let s = await state();
  check(s.net.lines[1].kind === "cable", "second branch is a cable");

  // 5. property panel: invalid value shown next to the field, valid value applied
  await page.evaluate((id) => window.gridsolve.store.getState().select([id]), s.net.loads[0].id);
  const pField = page.locator("#prop-p_mw");
  await pField.fill("abc");
  await page.locator('[data-field-error="p_mw"]').waitFor();
  await page.screenshot({ path: join(artifacts, "editor-validation.png") });
  await pField.fill("12.5");
  await page.locator("#prop-q_mvar").fill("4");
  await page.getByRole("button", { name: "Apply" }).click();
  s = await state();
  check(s.net.loads[0].p_mw === 12.5 && s.net.loads[0].q_mvar === 4, `load edited: ${JSON.stringify(s.net.loads[0])}`);

  // 6. run power flow in the browser: the voltages are painted, then the engine's results (flows, totals)
  await page.getByTestId("run-study").click();
  await engineResults();
  await page.getByTestId("result-status").filter({ hasText: "converged in" }).waitFor();
  s = await state();
  check(s.results.result.converged && s.results.source === "browser", "converged in the browser");
  check(s.results.timing.voltagesMs > 0 && s.results.timing.resultsMs >= s.results.timing.voltagesMs, `voltages painted first: ${JSON.stringify(s.results.timing)}`);
  const bands = await page.locator("g.bus[data-band]").evaluateAll((els) => els.map((e) => e.getAttribute("data-band")));
  check(bands.length === 3 && bands.every((b) => ["low", "warn", "ok", "high"].includes(b)), `bus colour bands ${bands}`);
  const labels = await page.locator("[data-result-bus]").allTextContents();
  check(labels.length === 3 && labels.every((t) => /\d\.\d{4} pu ∠-?\d+\.\d\d°/.test(t)), `voltage labels ${labels}`);
  const vm2 = s.results.result.buses.find((b) => b.id === b2.id).vm_pu;
  check(labels.some((t) => t.startsWith(vm2.toFixed(4))), "label shows bus 2's |V|");
  check((await page.locator("[data-result-branch]").count()) === 2, "flow labels on both lines (the engine's branch results)");
  check(/generation/.test(await page.getByTestId("totals").textContent()), "totals from the engine");
  await page.screenshot({ path: join(artifacts, "editor-three-bus-results.png") });
  await page.getByRole("tab", { name: /Buses/ }).click();
  const heads = await page.getByRole("table", { name: "bus results" }).locator("th").allTextContents();
  check(heads.some((h) => h.startsWith("|V| pu")) && heads.some((h) => h.startsWith("θ °")) && heads.some((h) => h.startsWith("P MW")), `engineering column labels: ${heads}`);
  await page.getByRole("tab", { name: /Voltage profile/ }).click();

  // 7. undo / redo: delete the load, undo brings it back, redo removes it again
  await page.evaluate((id) => window.gridsolve.store.getState().select([id]), s.net.loads[0].id);
  await svg.focus();
  await page.keyboard.press("Delete");
  check((await state()).net.loads.length === 0, "load deleted");
  await page.keyboard.press("Control+z");
  check((await state()).net.loads.length === 1, "undo restores the load");
  await page.keyboard.press("Control+Shift+z");
  check((await state()).net.loads.length === 0, "redo deletes it again");
  await page.getByTestId("undo").click();
  check((await state()).net.loads.length === 1, "undo button");

  // 8. move a bus by dragging: its connections follow; one undo step; a diagram edit only
  const before = (await state()).layout[b3.id];
  const netBefore = JSON.stringify((await state()).net);
  await dragWorld({ x: 480, y: 260 }, { x: 540, y: 300 });
  s = await state();
  check(s.layout[b3.id].x === before.x + 60 && s.layout[b3.id].y === before.y + 40, `bus moved by drag: ${JSON.stringify(before)} -> ${JSON.stringify(s.layout[b3.id])}`);
  check(JSON.stringify(s.net) === netBefore, "moving a bus leaves the network as it was");
  await page.keyboard.press("Control+z");
  check((await state()).layout[b3.id].x === before.x, "undo move");

  // 8b. rotate bars: select bus 2 and press R -> vertical bar, its load and wires follow; undo / redo; the toolbar
  const rot = (id) => page.evaluate((i) => window.gridsolve.store.getState().layout[i]?.rotation ?? 0, id);
  const bar = (id) => page.locator(`g.bus[data-id="${id}"] line`).first();
  await page.mouse.click(at(185, 260).x, at(185, 260).y);
  check(JSON.stringify((await state()).selection) === JSON.stringify([b2.id]), `bus 2 selected by click: ${(await state()).selection}`);
  await page.keyboard.press("r");
  check((await rot(b2.id)) === 90, "R turns bus 2 by 90°");
  const x1 = await bar(b2.id).getAttribute("x1"), x2 = await bar(b2.id).getAttribute("x2");
  const y1 = Number(await bar(b2.id).getAttribute("y1")), y2 = Number(await bar(b2.id).getAttribute("y2"));
  check(x1 === "200" && x2 === "200" && y1 === 200 && y2 === 320, `vertical bar about its centre: ${x1},${y1} ${x2},${y2}`);
  // no wire runs through a bus label (name or |V| ∠θ)
  const crossings = () =>
    page.evaluate(() => {
      const segs = [];
      for (const p of document.querySelectorAll("g.branch path.wire")) {
        const nums = p.getAttribute("d").match(/-?\d+(\.\d+)?/g).map(Number);
        for (let i = 2; i + 1 < nums.length; i += 2) segs.push([nums[i - 2], nums[i - 1], nums[i], nums[i + 1]]);
      }
      const out = [];
      for (const t of document.querySelectorAll("[data-name-bus], [data-result-bus]")) {
        const b = t.getBBox();
        for (const [ax, ay, bx, by] of segs)
          if (Math.min(ax, bx) < b.x + b.width - 1 && Math.max(ax, bx) > b.x + 1 && Math.min(ay, by) < b.y + b.height - 1 && Math.max(ay, by) > b.y + 1) out.push(t.textContent);
      }
      return out;
    });
  check((await crossings()).length === 0, `wires through bus labels (rotated): ${await crossings()}`);
  await page.screenshot({ path: join(artifacts, "editor-rotate.png") });
  await page.keyboard.press("r");
  check((await rot(b2.id)) === 180, "R again: 180° (mirrored bar)");
  const loadY = await page.evaluate((id) => Number(document.querySelector(`g.node[data-id="${id}"]`).getBBox().y), (await state()).net.loads[0].id);
  check(loadY < 260, `on a 180° bar the load hangs above it (y ${loadY})`);
  await page.screenshot({ path: join(artifacts, "editor-rotate-180.png") });
  await page.keyboard.press("Control+z");
  await page.keyboard.press("Control+z");
  check((await rot(b2.id)) === 0 && (await bar(b2.id).getAttribute("y1")) === "260", "undo rotate twice");
  check((await crossings()).length === 0, `wires through bus labels: ${await crossings()}`);
  await page.keyboard.press("Control+Shift+z");
  check((await rot(b2.id)) === 90, "redo rotate");
  await page.getByTestId("rotate").click();
  check((await rot(b2.id)) === 180, "toolbar rotate turns it further");
  await page.keyboard.press("Control+z");
  await page.keyboard.press("Control+z");
  check((await rot(b2.id)) === 0 && (await state()).redo === 2, "two undos: back to the drawn diagram");
  // multi-selection (click, Shift+click): each bus turns about its own centre, one undo step
  await page.mouse.click(at(185, 260).x, at(185, 260).y);
  await page.keyboard.down("Shift");
  await page.mouse.click(at(480, 260).x, at(480, 260).y);
  await page.keyboard.up("Shift");
  check((await state()).selection.length === 2, `two buses selected: ${(await state()).selection}`);
  await page.keyboard.press("r");
  check((await rot(b2.id)) === 90 && (await rot(b3.id)) === 90, "R turns both selected buses");
  check((await bar(b3.id).getAttribute("x1")) === "440" && Number(await bar(b3.id).getAttribute("y1")) === 200, "bus 3 turned about its own centre");
  check((await crossings()).length === 0, `wires through bus labels (two rotated): ${await crossings()}`);
  await page.screenshot({ path: join(artifacts, "editor-rotate-multi.png") });
  await page.keyboard.press("Control+z");
  check((await rot(b2.id)) === 0 && (await rot(b3.id)) === 0, "one undo turns both back");
  await page.keyboard.press("Escape");

  // 8d. free placement: drag the load's symbol anywhere; a connector joins it to its bus; undo puts it back on its bus
  s = await state();
  const load = s.net.loads[0].id;
  const sym = await page.evaluate((id) => {
    const c = document.querySelector(`g.node[data-id="${id}"] path[data-connector]`).getAttribute("d").match(/-?\d+(\.\d+)?/g).map(Number);
    return { x: c[c.length - 2], y: c[c.length - 1] + 10 }; // the terminal end of the connector, then the symbol centre below it
  }, load);
  check(s.layout[load] === undefined, "the load starts along its bus (no diagram entry)");
  await dragWorld(sym, { x: sym.x + 120, y: sym.y + 60 });
  s = await state();
  check(s.layout[load] && s.layout[load].x === Math.round(sym.x) + 120 && s.layout[load].y === Math.round(sym.y) + 60, `load placed freely: ${JSON.stringify(s.layout[load])}`);
  check(JSON.stringify(s.net) === netBefore.replace(/"p_mw":12.5/, '"p_mw":12.5'), "free placement is a diagram edit");
  const conn = await pathPoints(`g.node[data-id="${load}"] path[data-connector]`);
  const bar2 = { x1: 140, x2: 260, y: 260 };
  check(conn[0].y === bar2.y && conn[0].x >= bar2.x1 && conn[0].x <= bar2.x2 && orthogonal(conn), `connector from the bar, orthogonal: ${JSON.stringify(conn)}`);
  check((await page.locator(`g.node[data-id="${load}"][data-free="1"]`).count()) === 1, "drawn as freely placed");
  await page.screenshot({ path: join(artifacts, "editor-free-placement.png") });

  // 8e. rotate a symbol: the generator turns 90° per R (its connector enters from the new side); undo / redo
  const gen = s.net.generators[0].id;
  const g0 = await page.evaluate((id) => { const b = document.querySelector(`g.node[data-id="${id}"] circle`); return { x: Number(b.getAttribute("cx")), y: Number(b.getAttribute("cy")) }; }, gen);
  const gs = await toScreen(g0.x, g0.y);
  await page.mouse.click(gs.x, gs.y);
  check(JSON.stringify((await state()).selection) === JSON.stringify([gen]), `generator selected: ${(await state()).selection}`);
  await page.keyboard.press("r");
  s = await state();
  check(s.layout[gen]?.rotation === 270 && (await page.locator(`g.node[data-id="${gen}"]`).getAttribute("data-rotation")) === "270", `generator turned: ${JSON.stringify(s.layout[gen])}`);
  const gw = await pathPoints(`g.node[data-id="${gen}"] path[data-connector]`);
  check(Math.abs(gw[gw.length - 1].x - (g0.x - 14)) < 1e-6 && Math.abs(gw[gw.length - 1].y - g0.y) < 1e-6 && orthogonal(gw), `connector enters the turned generator from the left: ${JSON.stringify(gw)}`);
  await page.keyboard.press("r");
  check((await state()).layout[gen].rotation === 0, "R again: 0°");
  await page.screenshot({ path: join(artifacts, "editor-rotate-symbol.png") });
  await page.keyboard.press("Control+z");
  check((await state()).layout[gen].rotation === 270, "undo one turn");
  await page.keyboard.press("Control+z");
  check((await state()).layout[gen] === undefined, "undo the first turn: back along its bus");
  await page.keyboard.press("Control+Shift+z");
  check((await state()).layout[gen].rotation === 270, "redo");
  await page.keyboard.press("Control+z");

  // 8f. manual wire routing: drag the line's middle segment, drag a waypoint, double-click one away, reset route
  const line = s.net.lines[0].id;
  const route0 = await pathPoints(`g.branch[data-id="${line}"] path.wire`);
  let seg = 1;
  for (let i = 1; i < route0.length - 1; i++) if (Math.abs(route0[i].x - route0[i + 1].x) > Math.abs(route0[seg].x - route0[seg + 1].x)) seg = i;
  const mid = { x: (route0[seg].x + route0[seg + 1].x) / 2, y: route0[seg].y };
  await dragWorld(mid, { x: mid.x, y: mid.y + 30 });
  s = await state();
  check(s.layout[line]?.waypoints.length === 2 && s.layout[line].waypoints.every(([, y]) => y === route0[seg].y + 30), `segment dragged into waypoints: ${JSON.stringify(s.layout[line])}`);
  const route1 = await pathPoints(`g.branch[data-id="${line}"] path.wire`);
  check(orthogonal(route1) && route1[0].x === route0[0].x && route1[0].y === route0[0].y, `bent route stays orthogonal from the same bar slot: ${JSON.stringify(route1)}`);
  check((await page.locator(`rect.waypoint[data-branch="${line}"]`).count()) === 2, "the selected route shows its waypoints");
  await page.screenshot({ path: join(artifacts, "editor-waypoints.png") });
  const [wx, wy] = s.layout[line].waypoints[0];
  await dragWorld({ x: wx, y: wy }, { x: wx, y: wy + 20 });
  s = await state();
  check(s.layout[line].waypoints[0][1] === wy + 20 && s.layout[line].waypoints[1][1] === wy + 20, `waypoint dragged, its neighbour follows: ${JSON.stringify(s.layout[line].waypoints)}`);
  check(orthogonal(await pathPoints(`g.branch[data-id="${line}"] path.wire`)), "right angles kept while dragging a waypoint");
  await page.screenshot({ path: join(artifacts, "editor-waypoint-dragged.png") });
  const [w2x, w2y] = s.layout[line].waypoints[1];
  const w2 = await toScreen(w2x, w2y);
  await page.mouse.dblclick(w2.x, w2.y);
  s = await state();
  check(s.layout[line].waypoints.length === 1, `double-click removes a waypoint: ${JSON.stringify(s.layout[line].waypoints)}`);
  check(orthogonal(await pathPoints(`g.branch[data-id="${line}"] path.wire`)), "still orthogonal with one waypoint");
  await page.getByTestId("reset-route").click();
  check((await state()).layout[line] === undefined, "reset route");
  check(JSON.stringify(await pathPoints(`g.branch[data-id="${line}"] path.wire`)) === JSON.stringify(route0), "back on the automatic route");
  await page.keyboard.press("Control+z");
  check((await state()).layout[line].waypoints.length === 1, "undo reset route");
  for (let i = 0; i < 3; i++) await page.keyboard.press("Control+z");
  check((await state()).layout[line] === undefined, "undo all routing");
  await page.keyboard.press("Control+z");
  check((await state()).layout[load] === undefined, "undo the free placement");
  await page.keyboard.press("Escape");

  // 8c. three-winding transformer (three clicked buses), shunt, and a bus-bus switch; still solvable
  await page.locator('[data-palette="bus"]').click();
  await click(640, 100);
  await click(640, 420);
  await page.keyboard.press("Escape");
  s = await state();
  const [b4, b5] = s.net.buses.slice(-2);
  await page.locator('[data-palette="transformer3w"]').click();
  await click(200, 100);
  await click(440 + 20, 260);
  await click(640, 100);
  await page.locator('[data-palette="switch"]').click();
  await click(640, 100);
  await click(640, 420);
  await page.locator('[data-palette="shunt"]').click();
  await click(650, 420);
  s = await state();
  check(s.net.transformers3w.length === 1, "3W transformer drawn");
  const t3 = s.net.transformers3w[0];
  check(new Set([t3.hv_bus, t3.mv_bus, t3.lv_bus]).size === 3 && [t3.hv_bus, t3.mv_bus, t3.lv_bus].includes(b4.id), `3W buses ${JSON.stringify(t3)}`);
  check(s.net.switches.length === 1 && s.net.switches[0].bus === b4.id && s.net.switches[0].element === b5.id, "bus-bus switch drawn");
  check(s.net.shunts.length === 1 && s.net.shunts[0].bus === b5.id, "shunt on bus 5");
  // the 3W symbol turns too
  await page.evaluate((id) => window.gridsolve.store.getState().select([id]), t3.id);
  await svg.focus();
  await page.keyboard.press("r");
  check((await state()).layout[t3.id]?.rotation === 90, "3W transformer symbol turned");
  await page.getByTestId("run-study").click();
  await page.waitForFunction(() => / converged/.test(window.gridsolve.store.getState().status), null, { timeout: 30000 });
  await engineResults();
  check((await page.locator("g.bus[data-band]").count()) === 5, "all five buses coloured");
  await page.screenshot({ path: join(artifacts, "editor-3w-switch-shunt.png") });
  for (let i = 0; i < 6; i++) await page.keyboard.press("Control+z");
  s = await state();
  check(s.net.buses.length === 3 && s.net.transformers3w.length === 0, `undo back to three buses (${s.net.buses.length})`);

  // 8a. keyboard navigation: ] selects the next element, Enter jumps into the property panel
  await page.keyboard.press("Escape");
  await svg.focus();
  await page.keyboard.press("]");
  check((await state()).selection[0] === b1.id, "] selects the first bus");
  await page.keyboard.press("]");
  check((await state()).selection[0] === b2.id, "] selects the next bus");
  await page.keyboard.press("Enter");
  check(await page.evaluate(() => !!document.activeElement?.closest(".props")), "Enter focuses the property panel");
  await svg.focus();

  // 8b. box selection (drag on empty canvas) picks buses 2 and 3; copy/paste duplicates them with the cable
  await page.keyboard.press("Escape");
  const c1 = at(120, 200),
    c2 = at(600, 350);
  await page.mouse.move(c1.x, c1.y);
  await page.mouse.down();
  await page.mouse.move(c2.x, c2.y, { steps: 5 });
  await page.mouse.up();
  s = await state();
  check(s.selection.includes(b2.id) && s.selection.includes(b3.id) && !s.selection.includes(b1.id), `box selection ${s.selection}`);
  const nBus = s.net.buses.length,
    nLines = s.net.lines.length;
  await page.keyboard.press("Control+c");
  await page.keyboard.press("Control+v");
  s = await state();
  check(s.net.buses.length === nBus + 2, `paste adds two buses (${s.net.buses.length})`);
  check(s.net.lines.length === nLines + 1, "paste copies the cable between the copied buses");
  const pasted = s.net.buses.slice(-2).map((b) => s.layout[b.id]);
  check(pasted[0].x === s.layout[b2.id].x + 40 && pasted[1].y === s.layout[b3.id].y + 40, `pasted bars offset: ${JSON.stringify(pasted)}`);
  await page.screenshot({ path: join(artifacts, "editor-paste.png") });
  await page.keyboard.press("Control+z");
  check((await state()).net.buses.length === nBus, "undo paste");

  // 9. the browser solver equals the engine on every test vector (Q limits on), through the worker
  const dirs = process.env.GS_VECTORS_DIR ? [process.env.GS_VECTORS_DIR] : [join(web, "test-vectors"), join(web, "test-vectors", "big")].filter(existsSync);
  const files = [...new Set(dirs.flatMap((d) => readdirSync(d).filter((f) => f.endsWith(".json")).map((f) => join(d, f))))].sort();
  const report = [];
  for (const p of files) {
    const vec = JSON.parse(readFileSync(p, "utf8"));
    const r = await page.evaluate(([pl, m, pa]) => window.gridsolve.solvePayload(pl, m, pa), [vec.payload, vec.analysis_method, vec.parameters]);
    const ref = vec.solution;
    check(r.solution.converged === ref.converged, `${vec.case}: converged`);
    if (!ref.converged) continue; // no solution (500 MW over 50 km): where each iterate ended is nothing to compare
    check(JSON.stringify(r.solution.bus_type) === JSON.stringify(ref.bus_type), `${vec.case}: final bus types`);
    check(JSON.stringify(r.solution.q_fixed_pu) === JSON.stringify(ref.q_fixed_pu), `${vec.case}: pinned Q`);
    let dv = 0, da = 0;
    ref.vm_pu.forEach((vm, k) => {
      if (ref.bus_type[k] === 0) return;
      dv = Math.max(dv, Math.abs(r.solution.vm_pu[k] - vm));
      const d = ((r.solution.va_deg[k] - ref.va_deg[k]) * Math.PI) / 180;
      da = Math.max(da, Math.abs(Math.atan2(Math.sin(d), Math.cos(d))));
    });
    check(dv < 1e-8 && da < 1e-8, `${vec.case}: browser vs engine |ΔV| ${dv}, |Δθ| ${da}`);
    const pinned = r.solution.q_fixed_pu.filter((q) => q !== 0).length;
    report.push(`${vec.case}: |ΔV| ${dv.toExponential(1)} pu, |Δθ| ${da.toExponential(1)} rad, ${r.solution.iterations} it in ${r.rounds} solve(s), ${pinned} bus(es) at a Q limit, ${r.solveMs.toFixed(1)} ms`);
  }
  check(report.length >= 13, `every vector checked (${report.length})`);
  // IEEE 118 with Q limits through the study panel: the engine's results (built from the browser's voltages) equal its own solve
  const v118 = JSON.parse(readFileSync(files.find((f) => f.endsWith("/case118.json")), "utf8"));
  await page.evaluate((net) => window.gridsolve.openLocal(net, "case118"), v118.network);
  await page.getByLabel("Tol", { exact: true }).fill("1e-10");
  await page.getByLabel("Enforce Q Limits", { exact: true }).check();
  await page.evaluate(() => window.gridsolve.store.getState().setResults(null));
  await page.getByTestId("run-study").click();
  await engineResults();
  s = await state();
  const byId = new Map(s.results.result.buses.map((b) => [b.id, b]));
  let worst = 0;
  for (const b of v118.result.buses) worst = Math.max(worst, Math.abs(byId.get(b.id).vm_pu - b.vm_pu), (Math.abs(byId.get(b.id).va_deg - b.va_deg) * Math.PI) / 180);
  check(worst < 1e-8, `IEEE 118 (Q limits) engine results of the browser solve vs the engine's own: ${worst}`);
  const qNotes = s.results.result.notes.filter((n) => /Q limit/.test(n)).length;
  check(qNotes === 6, `six buses at a Q limit: ${qNotes}`);
  report.push(`IEEE 118 via the study panel (Q limits): max diff ${worst.toExponential(2)}, ${qNotes} buses at a Q limit, solve ${s.results.solveMs.toFixed(1)} ms, click -> voltages ${s.results.timing.voltagesMs.toFixed(0)} ms, -> engine results ${s.results.timing.resultsMs.toFixed(0)} ms`);
  await page.screenshot({ path: join(artifacts, "editor-case118-results.png") });
  await page.getByRole("tab", { name: /Buses/ }).click();
  await page.screenshot({ path: join(artifacts, "editor-case118-table.png") });
  await page.getByRole("tab", { name: /Voltage profile/ }).click();

  // two-finger pinch zoom (tablets), through Chrome's touch input
  const cdp = await page.context().newCDPSession(page);
  const dbox = await svg.boundingBox();
  const cx = dbox.x + dbox.width / 2,
    cy = dbox.y + dbox.height / 2;
  const zoom0 = Number(await svg.getAttribute("data-zoom"));
  const touch = (type, dx) =>
    cdp.send("Input.dispatchTouchEvent", {
      type,
      touchPoints: type === "touchEnd" ? [] : [
        { x: cx - dx, y: cy, id: 1 },
        { x: cx + dx, y: cy, id: 2 },
      ],
    });
  await touch("touchStart", 40);
  for (let dx = 50; dx <= 120; dx += 10) await touch("touchMove", dx);
  await touch("touchEnd", 0);
  const zoom1 = Number(await svg.getAttribute("data-zoom"));
  check(zoom1 > zoom0 * 2, `pinch zooms in: ${zoom0} -> ${zoom1}`);

  // light theme screenshot
  await page.getByRole("button", { name: /switch to light theme/ }).click();
  await page.screenshot({ path: join(artifacts, "editor-light-theme.png") });
  check(errors.length === 0, `no page errors: ${errors.join("\n")}`);
  console.log(report.join("\n"));
  console.log("E2E EDITOR OK");
} catch (e) {
  await page.screenshot({ path: join(artifacts, "editor-failure.png") }).catch(() => undefined);
  console.error(e);
  console.error("page errors:", errors.join("\n"));
  console.error("server log tail:", platform.log().slice(-3000));
  process.exitCode = 1;
} finally {
  await ctx.close();
  await platform.stop();
}
