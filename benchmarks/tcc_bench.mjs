// TCC view benchmark (numbers, not a test): 20 relay curves on one path while panning, and while dragging one curve
// (each move recomputes the dragged device's curve, the path's pair margins and violation ranges in the browser).
//   cd web && node node_modules/.bin/vite build && cd .. && node benchmarks/tcc_bench.mjs
// A radial 11 kV feeder of 20 sections (relay at each sending end, IEC-SI, as benchmarks/protection_study.py builds
// it) on the local platform; the protection study runs on the server; the TCC of the last relay shows R19 ... R0.
// Prints frame intervals (requestAnimationFrame, the browser's own frame clock) and the canvas draw time per frame,
// p50 / p95 / max, and each against the 60 FPS budget (16.7 ms) measured in the same run.
import { join } from "node:path";
import { loadavg } from "node:os";
import { launch } from "../web/e2e/browser.mjs";
import { startPlatform } from "../web/e2e/platform.mjs";

const N = 20;
function feeder(n) {
  const buses = [{ id: "S", vn_kv: 11 }, ...Array.from({ length: n }, (_, k) => ({ id: `M${k}`, vn_kv: 11 }))];
  const lines = [],
    relays = [];
  let prev = "S";
  for (let k = 0; k < n; k++) {
    lines.push({ id: `L${k}`, from_bus: prev, to_bus: `M${k}`, length_km: 0.5, r_ohm_per_km: 0.16, x_ohm_per_km: 0.35, endtemp_degree: 80 });
    relays.push({ id: `R${k}`, branch: `L${k}`, bus: prev, elements: [{ function: "51", curve: "IEC-SI", pickup_a: 200 + 20 * (n - k), dial: 0.05 + 0.02 * (n - k) }] });
    prev = `M${k}`;
  }
  return { name: "tcc bench", buses, lines, relays, external_grids: [{ id: "grid", bus: "S", s_sc_max_mva: 250, s_sc_min_mva: 150, rx_max: 0.1, rx_min: 0.1 }] };
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { n: s.length, p50: q(0.5), p95: q(0.95), max: s[s.length - 1] };
};
const line = (k, v) => console.log(`${k.padEnd(64)} ${v}`);
const BUDGET = 1000 / 60;

const platform = await startPlatform({ GRIDSOLVE_SEED_SAMPLES: "0" });
const base = platform.base;
const ctx = await launch();
const page = await ctx.newPage();
try {
  const post = async (path, body, token) =>
    (await fetch(`${base}/api${path}`, { method: "POST", headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) })).json();
  const reg = await post("/auth/register", { email: `bench-${Date.now()}@example.com`, password: "correct-horse-42", name: "bench" });
  const project = await post("/projects", { name: "tcc bench", network: feeder(N) }, reg.access_token);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(base);
  await page.evaluate(
    ([t, r]) => {
      localStorage.setItem("gridsolve.token", t);
      localStorage.setItem("gridsolve.refresh", r);
    },
    [reg.access_token, reg.refresh_token],
  );
  await page.goto(`${base}/#/project/${project.id}`);
  await page.reload();
  await page.getByLabel("study type").selectOption("protection_coordination", { timeout: 60000 });
  await page.getByTestId("run-study").click();
  await page.getByTestId("protection-status").waitFor({ timeout: 300000 });
  await page.getByRole("tab", { name: /^Devices/ }).click();
  await page.getByRole("button", { name: `TCC of R${N - 1}`, exact: true }).click();
  await page.getByTestId("tcc-canvas").waitFor();
  const curves = await page.locator('table[aria-label="operating times"] tbody tr').count();
  line("curves on the TCC (path R19 -> R0)", curves);
  line("machine load average (1 min) at the start", loadavg()[0].toFixed(1));
  const axes = JSON.parse(await page.getAttribute('[data-testid="tcc-canvas"]', "data-axes"));
  const box = await page.locator('[data-testid="tcc-canvas"]').boundingBox();

  const measure = async (label, from, moves, dx, dy) => {
    await page.evaluate(() => {
      // main-thread tasks over 50 ms (scripting and rendering that can drop frames)
      window.__long = [];
      window.__obs ??= new PerformanceObserver((l) => window.__long.push(...l.getEntries().map((e) => e.duration)));
      window.__obs.observe({ entryTypes: ["longtask"] });
      window.__tccFrames = [];
      window.__raf = [];
      window.__rafOn = true;
      const tick = (t) => {
        window.__raf.push(t);
        if (window.__rafOn) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    for (let k = 1; k <= moves; k++) await page.mouse.move(from.x + (dx * k) / moves, from.y + (dy * k) / moves);
    await page.mouse.up();
    const { raf, draws, longTasks } = await page.evaluate(() => {
      window.__rafOn = false;
      return { raf: window.__raf, draws: window.__tccFrames, longTasks: window.__long.splice(0) };
    });
    const iv = raf.slice(1).map((t, k) => t - raf[k]);
    const fi = stats(iv),
      dr = stats(draws);
    line(`${label}: frames / canvas draws / pointer moves`, `${fi.n} / ${dr.n} / ${moves}`);
    line(`${label}: frame interval p50 / p95 / max, ms`, `${fi.p50.toFixed(1)} / ${fi.p95.toFixed(1)} / ${fi.max.toFixed(1)}`);
    line(`${label}: frame interval p95 vs the 60 FPS budget`, `${(fi.p95 / BUDGET).toFixed(2)}x`);
    line(`${label}: canvas draw (${curves} curves) p50 / p95 / max, ms`, `${dr.p50.toFixed(2)} / ${dr.p95.toFixed(2)} / ${dr.max.toFixed(2)}`);
    line(`${label}: canvas draw p95 vs the 60 FPS budget`, `${(dr.p95 / BUDGET).toFixed(3)}x`);
    line(`${label}: main-thread tasks > 50 ms (count, longest ms)`, `${longTasks.length}, ${longTasks.length ? Math.max(...longTasks).toFixed(0) : "-"}`);
  };
  // panning: start on an empty corner of the plot (low current, short time: no curve there)
  const empty = { x: box.x + axes.left + 12, y: box.y + axes.top + axes.height - 12 };
  await measure("pan", empty, 240, 300, -150);
  await page.getByRole("button", { name: "Reset view" }).click();
  // dragging R19's curve (pickup 220 A, dial 0.07): at 4x pickup
  const ax = JSON.parse(await page.getAttribute('[data-testid="tcc-canvas"]', "data-axes"));
  const i = 220 * 4,
    t = 0.07 * (0.14 / (4 ** 0.02 - 1));
  const at = { x: box.x + ax.left + ((Math.log10(i) - ax.x0) / (ax.x1 - ax.x0)) * ax.width, y: box.y + ax.top + ax.height - ((Math.log10(t) - ax.y0) / (ax.y1 - ax.y0)) * ax.height };
  await measure("drag R19's curve (margins recomputed per move)", at, 120, 40, -80);
  const setting = await page.locator('[data-testid="tcc-setting-R19"]').textContent();
  line("R19 after the drag", setting);
  await page.screenshot({ path: join(process.cwd(), "tests", "artifacts", "tcc-bench-20-curves.png") }).catch(() => undefined);
} finally {
  await ctx.close();
  await platform.stop();
}
