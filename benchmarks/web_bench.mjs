// Browser-app benchmarks (numbers, not tests): run after `cd web && node node_modules/.bin/vite build`.
//   node benchmarks/web_bench.mjs            (from the repo root; uses .venv/bin/python for the cases)
// Prints: gzipped sizes of the app and the .wasm; the browser power flow (~100 and ~2,000 buses): WASM solve in the
// worker, click -> voltages painted, click -> the engine's results painted (built by POST /api/engine/results from
// the browser's solution), first run (compile included) and later runs; frame time while dragging a bus with 500
// and 2,000 diagram elements; voltage-profile (uPlot canvas) render time for 1,000 and 10,000 buses.
// Starts the local platform (the engine's routes compile the network and build the results).
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { launch } from "../web/e2e/browser.mjs";
import { startPlatform } from "../web/e2e/platform.mjs";

const repo = join(fileURLToPath(new URL(".", import.meta.url)), "..");
const web = join(repo, "web");
const python = process.env.PYTHON ?? join(repo, ".venv", "bin", "python");
const out = [];
const report = (k, v) => {
  out.push([k, v]);
  console.log(`${k.padEnd(58)} ${v}`);
};

// 1. sizes
const assets = join(web, "dist", "assets");
if (!existsSync(assets)) throw new Error("build web/dist first");
let jsGz = 0,
  cssGz = 0;
for (const f of readdirSync(assets)) {
  const buf = readFileSync(join(assets, f));
  const gz = gzipSync(buf, { level: 9 }).length;
  if (f.endsWith(".js")) jsGz += gz;
  if (f.endsWith(".css")) cssGz += gz;
  if (f.endsWith(".wasm")) report("wasm solver, bytes raw / gzipped", `${buf.length} / ${gz}`);
}
report("app JS + CSS gzipped (all chunks, incl. worker), KB", `${((jsGz + cssGz) / 1024).toFixed(1)}`);

// 2. cases as network JSON through the Python engine's importer
function caseJson(name) {
  const code = `
import sys, json
sys.path.insert(0, ${JSON.stringify(join(repo, "solver_layer"))})
import gridsolve.io as gio
from pathlib import Path
for d in [Path(${JSON.stringify(join(repo, "tests", "data", "matpower"))}), Path(${JSON.stringify(join(repo, "..", "shared", "data", "matpower"))})]:
    p = next((q for q in (d / "${name}.m", d / "${name}.m.gz") if q.exists()), None)
    if p:
        print(gio.read_case(str(p)).model_dump_json(exclude_defaults=True)); break
`;
  const txt = execFileSync(python, ["-c", code], { maxBuffer: 1 << 28 }).toString().trim();
  return txt ? JSON.parse(txt) : null;
}

// synthetic radial-meshed grid with `n` diagram elements (buses + lines + loads)
function synthetic(nElements) {
  const nb = Math.round(nElements / 3);
  const cols = Math.ceil(Math.sqrt(nb));
  const net = { name: `synthetic ${nElements}`, base_mva: 100, f_hz: 50, buses: [], lines: [], loads: [], external_grids: [{ id: "X", bus: "B0", vm_pu: 1.02 }] };
  const diagram = { version: 1, elements: {} };
  for (let i = 0; i < nb; i++) {
    net.buses.push({ id: `B${i}`, vn_kv: 20 });
    diagram.elements[`B${i}`] = { x: 100 + (i % cols) * 170, y: 100 + Math.floor(i / cols) * 150, length: 100 };
  }
  for (let i = 1; i < nb; i++) {
    const j = i % cols ? i - 1 : i - cols;
    net.lines.push({ id: `L${i}`, from_bus: `B${j}`, to_bus: `B${i}`, length_km: 1, r_ohm_per_km: 0.1, x_ohm_per_km: 0.3, c_nf_per_km: 10, max_i_ka: 0.4 });
    net.loads.push({ id: `D${i}`, bus: `B${i}`, p_mw: 0.05, q_mvar: 0.02 });
  }
  return { net, diagram };
}

const platform = await startPlatform();
const base = platform.base;
const ctx = await launch();
const page = await ctx.newPage();
await page.goto(`${base}/#/local`);
await page.getByTestId("diagram").waitFor();

async function solve(net, runs = 5) {
  await page.evaluate((n) => window.gridsolve.openLocal(n, n.name || "bench"), net);
  const runs_ = [];
  for (let r = 0; r < runs; r++) {
    await page.evaluate(() => window.gridsolve.store.getState().setResults(null));
    await page.getByTestId("run-study").click();
    await page.waitForFunction(() => {
      const x = window.gridsolve.store.getState().results;
      return x != null && !x.provisional && x.timing.resultsMs != null;
    }, null, { timeout: 120000 });
    runs_.push(await page.evaluate(() => {
      const x = window.gridsolve.store.getState().results;
      return { solve: x.solveMs, voltages: x.timing.voltagesMs, engine: x.timing.engineMs, results: x.timing.resultsMs };
    }));
  }
  const med = (k) => [...runs_.slice(1).map((x) => x[k])].sort((x, y) => x - y)[Math.floor((runs_.length - 1) / 2)];
  return { first: runs_[0], solve: med("solve"), voltages: med("voltages"), engine: med("engine"), results: med("results") };
}

for (const [label, name] of [["~100 buses (IEEE 118)", "case118"], ["~2,000 buses (ACTIVSg2000)", "case_ACTIVSg2000"], ["1,354 buses (PEGASE)", "case1354pegase"], ["9,241 buses (PEGASE)", "case9241pegase"]]) {
  const net = caseJson(name);
  if (!net) {
    report(`browser NR ${label}`, "case file not found");
    continue;
  }
  const r = await solve(net);
  report(`browser NR ${label}: WASM solve in the worker, ms`, `${r.solve.toFixed(1)}`);
  report(`browser NR ${label}: click -> voltages / -> engine results (API round trip), ms`, `${r.voltages.toFixed(0)} / ${r.results.toFixed(0)} (${r.engine.toFixed(0)}); first run, compile included: ${r.first.voltages.toFixed(0)} / ${r.first.results.toFixed(0)}`);
}

// 3. drag frame time
async function dragFrames(nElements) {
  const { net, diagram } = synthetic(nElements);
  await page.evaluate(([n, d]) => window.gridsolve.openLocal(n, n.name, d), [net, diagram]);
  await page.waitForTimeout(300);
  // zoom so that the dragged bus is on screen: fit happens on load; find bus B0's screen position
  const pos = await page.evaluate(() => {
    const el = document.querySelector('g.bus[data-id="B5"] line');
    const r = el.getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  });
  await page.evaluate(() => {
    window.__frames = [];
    const loop = (t) => {
      window.__frames.push(t);
      if (window.__frames.length < 100000 && !window.__stop) requestAnimationFrame(loop);
    };
    window.__stop = false;
    requestAnimationFrame(loop);
  });
  await page.mouse.move(pos.x, pos.y);
  await page.mouse.down();
  for (let i = 1; i <= 60; i++) await page.mouse.move(pos.x + i * 4, pos.y + (i % 10) * 3);
  await page.mouse.up();
  const frames = await page.evaluate(() => {
    window.__stop = true;
    return window.__frames;
  });
  const d = frames.slice(1).map((t, i) => t - frames[i]).filter((x) => x > 0);
  d.sort((a, b) => a - b);
  const mean = d.reduce((s, x) => s + x, 0) / d.length;
  return { mean, p95: d[Math.floor(d.length * 0.95)], n: d.length };
}
// in-page: dispatch pointer moves back to back and time each one until the next frame is painted
async function dragWork(nElements) {
  const { net, diagram } = synthetic(nElements);
  await page.evaluate(([n, d]) => window.gridsolve.openLocal(n, n.name, d), [net, diagram]);
  await page.waitForTimeout(300);
  return page.evaluate(async () => {
    const svg = document.querySelector('[data-testid="diagram"]');
    const r = document.querySelector('g.bus[data-id="B5"] line').getBoundingClientRect();
    const x0 = r.x + r.width / 2,
      y0 = r.y + r.height / 2;
    const opts = (x, y, buttons) => ({ bubbles: true, clientX: x, clientY: y, button: 0, buttons, pointerId: 1, pointerType: "mouse", isPrimary: true });
    const frame = () => new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
    document.querySelector('g.bus[data-id="B5"] line').dispatchEvent(new PointerEvent("pointerdown", opts(x0, y0, 1)));
    await frame();
    const t = [];
    for (let i = 1; i <= 40; i++) {
      const t0 = performance.now();
      svg.dispatchEvent(new PointerEvent("pointermove", opts(x0 + i * 10, y0 + (i % 5) * 10, 1)));
      await frame();
      t.push(performance.now() - t0);
    }
    svg.dispatchEvent(new PointerEvent("pointerup", opts(x0 + 400, y0, 0)));
    t.sort((a, b) => a - b);
    return { median: t[Math.floor(t.length / 2)], p95: t[Math.floor(t.length * 0.95)] };
  });
}
for (const n of [500, 2000]) {
  const r = await dragFrames(n);
  report(`drag a bus, ${n} elements: mean / p95 frame interval, ms`, `${r.mean.toFixed(1)} / ${r.p95.toFixed(1)} (${r.n} frames)`);
  const w = await dragWork(n);
  report(`drag a bus, ${n} elements: move -> painted (2 rAF), median / p95 ms`, `${w.median.toFixed(1)} / ${w.p95.toFixed(1)}`);
}

// 4. voltage profile render (uPlot canvas)
for (const nb of [1000, 10000]) {
  const ms = await page.evaluate(async (n) => {
    const st = window.gridsolve.store.getState();
    await window.gridsolve.openLocal({ name: "profile", buses: [] }, "profile");
    await new Promise((r) => setTimeout(r, 50));
    const buses = Array.from({ length: n }, (_, i) => ({ id: `B${i}`, vm_pu: 0.95 + 0.1 * Math.sin(i / 37), va_deg: -i / 100, vm_kv: null, p_mw: 0, q_mvar: 0, energized: true }));
    const totals = { generation_mw: 0, generation_mvar: 0, load_mw: 0, load_mvar: 0, losses_mw: 0, losses_mvar: 0, shunt_mw: 0, shunt_mvar: 0 };
    const result = { converged: true, method: "nr", iterations: 4, wall_time_s: 0, history: [], buses, branches: [], generators: [], totals, worst_buses: [], notes: [] };
    const res = { result, source: "browser", provisional: false, solveMs: 0, timing: {} };
    const t0 = performance.now();
    st.setResults(res);
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const t1 = performance.now();
    const canvases = document.querySelectorAll(".results canvas").length;
    return canvases ? t1 - t0 : -1;
  }, nb);
  report(`voltage profile render, ${nb} buses (React + uPlot, two frames), ms`, ms.toFixed(1));
}

await ctx.close();
await platform.stop();
