// Browser-app benchmarks (numbers, not tests): run after `cd web && node node_modules/.bin/vite build`.
//   node benchmarks/web_bench.mjs            (from the repo root; uses .venv/bin/python for the cases)
// Prints: gzipped sizes of the app and the .wasm; the browser power flow (~100 and ~2,000 buses): WASM solve in the
// worker, click -> voltages painted with its breakdown (save, compile, worker round trip, building the voltages,
// React render, paint), click -> the engine's results painted (built by POST /api/engine/results from the
// browser's solution), first run (compile included) and later runs; label placement time; frame times (median,
// p95: pointer move -> next frame painted) while panning and dragging a bus at 1,000, 2,869 (case2869pegase) and
// 10,000 buses; voltage-profile (uPlot canvas) render time for 1,000 and 10,000 buses.
// Starts the local platform (the engine's routes compile the network and build the results).
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { cpus, loadavg } from "node:os";
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

// timings depend on what else runs: the machine's load is printed with them
report("machine: cores / load average (1 min) at start", `${cpus().length} / ${loadavg()[0].toFixed(1)}`);

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

// WEB_BENCH_ONLY=solve,frames,profile runs some of the sections (all by default)
const only = new Set((process.env.WEB_BENCH_ONLY ?? "solve,frames,profile").split(","));
const platform = await startPlatform();
const base = platform.base;
const ctx = await launch();
const page = await ctx.newPage();
// the platform and the browser are stopped however the run ends
const done = async () => {
  await ctx.close().catch(() => undefined);
  await platform.stop();
};
process.on("uncaughtException", async (e) => {
  console.error(e);
  await done();
  process.exit(1);
});
await page.goto(`${base}/#/local`);
await page.getByTestId("diagram").waitFor();

const KEYS = ["solve", "voltages", "engine", "results", "saveMs", "compileMs", "workerMs", "buildMs", "renderMs", "paintMs", "draw"];
async function solve(net, runs = 7) {
  await page.evaluate((n) => window.gridsolve.openLocal(n, n.name || "bench"), net);
  await page.getByLabel("engine").selectOption("browser");
  const runs_ = [];
  for (let r = 0; r < runs; r++) {
    await page.evaluate(() => window.gridsolve.store.getState().setResults(null));
    await page.waitForTimeout(100);
    await page.getByTestId("run-study").click();
    await page.waitForFunction(() => {
      const x = window.gridsolve.store.getState().results;
      return x != null && !x.provisional && x.timing.resultsMs != null;
    }, null, { timeout: 120000 });
    runs_.push(await page.evaluate(() => {
      const x = window.gridsolve.store.getState().results;
      const c = document.querySelector('[data-testid="diagram-canvas"]');
      return { solve: x.solveMs, voltages: x.timing.voltagesMs, engine: x.timing.engineMs, results: x.timing.resultsMs, ...x.timing, draw: c ? Number(c.dataset.drawMs) : 0 };
    }));
  }
  const med = (k) => [...runs_.slice(1).map((x) => x[k])].sort((x, y) => x - y)[Math.floor((runs_.length - 1) / 2)];
  return { first: runs_[0], ...Object.fromEntries(KEYS.map((k) => [k, med(k)])) };
}

/** Zoom so that 1 diagram unit is `k` screen px around the diagram's centre; returns the label placement stats. */
async function zoomTo(k) {
  await page.evaluate(async (kk) => {
    const svg = document.querySelector('[data-testid="diagram"]');
    const r = svg.getBoundingClientRect();
    for (let i = 0; i < 80; i++) {
      const cur = Number(svg.dataset.zoom);
      if (Math.abs(Math.log(cur / kk)) < 0.05) break;
      svg.dispatchEvent(new WheelEvent("wheel", { bubbles: true, clientX: r.x + r.width / 2, clientY: r.y + r.height / 2, deltaY: cur > kk ? 100 : -100 }));
      await new Promise((res) => requestAnimationFrame(res));
    }
  }, k);
  await page.waitForTimeout(200);
  return page.evaluate(() => {
    const svg = document.querySelector('[data-testid="diagram"]');
    return { ms: Number(svg.dataset.labelMs), labels: Number(svg.dataset.labels), dropped: Number(svg.dataset.labelsDropped), zoom: Number(svg.dataset.zoom), render: svg.dataset.render };
  });
}

for (const [label, name] of only.has("solve") ? [["~100 buses (IEEE 118)", "case118"], ["~2,000 buses (ACTIVSg2000)", "case_ACTIVSg2000"], ["1,354 buses (PEGASE)", "case1354pegase"], ["9,241 buses (PEGASE)", "case9241pegase"]] : []) {
  const net = caseJson(name);
  if (!net) {
    report(`browser NR ${label}`, "case file not found");
    continue;
  }
  const r = await solve(net);
  report(`browser NR ${label}: WASM solve in the worker, ms`, `${r.solve.toFixed(1)}`);
  report(`browser NR ${label}: click -> voltages painted / -> engine results (API round trip), ms`, `${r.voltages.toFixed(0)} / ${r.results.toFixed(0)} (${r.engine.toFixed(0)}); first run, compile included: ${r.first.voltages.toFixed(0)} / ${r.first.results.toFixed(0)}`);
  report(`browser NR ${label}: click -> voltages = save + compile + worker + build + render + paint (+ click handling), ms`, `${r.voltages.toFixed(1)} = ${["saveMs", "compileMs", "workerMs", "buildMs", "renderMs", "paintMs"].map((k) => r[k].toFixed(1)).join(" + ")}; first run compile ${r.first.compileMs.toFixed(0)}${r.draw ? `; canvas draw (in render) ${r.draw.toFixed(1)}` : ""}`);
  // placed again each time the zoom comes back into the labels' range: the third time is timed (warm)
  let z = await zoomTo(1);
  for (let i = 0; i < 2; i++) {
    await zoomTo(0.3);
    z = await zoomTo(1);
  }
  report(`browser NR ${label}: label placement at zoom 1 (${z.render === "canvas" ? "the region around the view" : "whole diagram"}), ms`, `${z.ms.toFixed(1)} (${z.labels} drawn, ${z.dropped} dropped)`);
}

// 3. pan and drag frame times: real mouse input (CDP), 40 moves as fast as the page takes them; the intervals
// between animation frames meanwhile (median / p95: 16.7 ms is 60 FPS), and the median main-thread time from a
// pointer move to the end of the next frame (rAF, then a message)
async function frames(kind, busId, n = 40) {
  const start = await page.evaluate(([kind_, id]) => {
    const svg = document.querySelector('[data-testid="diagram"]');
    const r = svg.getBoundingClientRect();
    window.__moves = [];
    if (!window.__probe) {
      window.__probe = true;
      svg.addEventListener("pointermove", () => {
        const t0 = performance.now();
        requestAnimationFrame(() => {
          const c = new MessageChannel();
          c.port1.onmessage = () => window.__moves.push(performance.now() - t0);
          c.port2.postMessage(0);
        });
      }, { capture: true });
    }
    if (kind_ !== "drag") return { x: r.x + r.width / 2, y: r.y + r.height / 2, before: null };
    const e = window.gridsolve.store.getState().layout[id];
    const m = svg.querySelector(":scope > g").getScreenCTM();
    return { x: m.a * e.x + m.e, y: m.d * e.y + m.f, before: e.x };
  }, [kind, busId]);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down({ button: kind === "pan" ? "middle" : "left" });
  // frame times: the intervals between animation frames while the mouse moves (as fast as input is taken)
  await page.evaluate(() => {
    window.__moves = [];
    window.__raf = [];
    window.__rafOn = true;
    const loop = (t) => {
      window.__raf.push(t);
      if (window.__rafOn) requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  });
  for (let i = 1; i <= n; i++) await page.mouse.move(start.x + i * 6, start.y + (i % 5) * 6);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  await page.evaluate(() => (window.__rafOn = false));
  await page.mouse.up({ button: kind === "pan" ? "middle" : "left" });
  await page.waitForTimeout(200);
  return page.evaluate(([kind_, id, before]) => {
    const q = (a) => {
      const t = [...a].sort((x, y) => x - y);
      return { median: t[Math.floor(t.length / 2)], p95: t[Math.floor(t.length * 0.95)] };
    };
    const f = window.__raf.slice(1).map((t, i) => t - window.__raf[i]);
    const moved = kind_ === "drag" ? window.gridsolve.store.getState().layout[id].x !== before : true;
    if (kind_ === "drag" && moved) window.gridsolve.store.getState().undo();
    return { ...q(f), frames: f.length, work: q(window.__moves), moved, render: document.querySelector('[data-testid="diagram"]').dataset.render };
  }, [kind, busId, start.before]);
}
async function openWithLayout(net, diagram) {
  await page.evaluate(([n, d]) => window.gridsolve.openLocal(n, n.name, d), [net, diagram ?? null]);
  await page.waitForTimeout(500);
}
const pegase = only.has("frames") ? caseJson("case2869pegase") : null;
const grids = [
  ["1,000 buses (synthetic)", () => synthetic(3000)],
  ["2,869 buses (case2869pegase, API layout)", () => (pegase ? { net: pegase, diagram: null } : null)],
  ["10,000 buses (synthetic)", () => synthetic(30000)],
];
async function panAndDrag(busId) {
  const fitPan = await frames("pan");
  // drag at zoom 1 (at the fit zoom of a large grid a bar is a few pixels: nobody drags one there)
  await page.evaluate((id) => window.gridsolve.store.getState().focusOn([id]), busId);
  await page.waitForTimeout(300);
  await zoomTo(1);
  const pan1 = await frames("pan");
  await page.evaluate((id) => window.gridsolve.store.getState().focusOn([id]), busId);
  await page.waitForTimeout(300);
  await zoomTo(1);
  const drag1 = await frames("drag", busId);
  return { fitPan, pan1, drag1 };
}
const fmt = (r) => `${r.median.toFixed(1)} / ${r.p95.toFixed(1)} (move->painted ${r.work.median.toFixed(1)})`;
for (const [label, make] of only.has("frames") ? grids : []) {
  const g = make();
  if (!g) {
    report(`pan/drag ${label}`, "case file not found");
    continue;
  }
  const busId = g.net.buses[Math.floor(g.net.buses.length / 2)].id;
  // the same grid drawn all in SVG (the editor below 1,500 elements) and with the canvas, in this run
  const out = {};
  for (const mode of ["svg", "canvas"]) {
    await page.evaluate((m) => localStorage.setItem("gridsolve.render", m), mode);
    await openWithLayout(g.net, g.diagram);
    out[mode] = await panAndDrag(busId);
  }
  await page.evaluate(() => localStorage.removeItem("gridsolve.render"));
  const { svg, canvas } = out;
  report(`pan ${label}, fit zoom: canvas / all-SVG, frame interval median / p95 ms`, `${fmt(canvas.fitPan)} / ${fmt(svg.fitPan)} (p95 ${(svg.fitPan.p95 / canvas.fitPan.p95).toFixed(1)}x)`);
  report(`pan ${label}, zoom 1: canvas / all-SVG, frame interval median / p95 ms`, `${fmt(canvas.pan1)} / ${fmt(svg.pan1)} (p95 ${(svg.pan1.p95 / canvas.pan1.p95).toFixed(1)}x)`);
  report(`drag a bus ${label}, zoom 1: canvas / all-SVG, frame interval median / p95 ms`, `${fmt(canvas.drag1)}${canvas.drag1.moved ? "" : " (did not move)"} / ${fmt(svg.drag1)}${svg.drag1.moved ? "" : " (did not move)"} (p95 ${(svg.drag1.p95 / canvas.drag1.p95).toFixed(1)}x)`);
}

// 4. voltage profile render (uPlot canvas)
for (const nb of only.has("profile") ? [1000, 10000] : []) {
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
    // the profile follows the diagram by a frame: wait for the frame that shows its canvas
    for (let i = 0; i < 120 && !document.querySelector(".results canvas"); i++) await new Promise((r) => requestAnimationFrame(r));
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const t1 = performance.now();
    const canvases = document.querySelectorAll(".results canvas").length;
    return canvases ? t1 - t0 : -1;
  }, nb);
  report(`voltage profile render, ${nb} buses (React + uPlot, to the frame that shows it), ms`, ms.toFixed(1));
}

report("machine: load average (1 min) at the end", loadavg()[0].toFixed(1));
await done();
