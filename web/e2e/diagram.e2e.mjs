// End-to-end: readable diagrams (issue 18 part C), offline mode on the local platform.
//  - IEEE 14 after a browser power flow: no label overlaps another label or a bar, none is clipped by the view,
//    at 1440x900 and 1024x768 in both themes (screenshots);
//  - IEEE 118 at a readable zoom: the labels in view do not overlap;
//  - hover tooltip with the engine's results; find-an-element (select + frame); zoom-to-element from a table row;
//  - result layers: a short-circuit result (computed by the Python engine) replaces the power-flow labels, and
//    switching back restores them; the label toggles change what the labels carry;
//  - a 10,000-bus diagram is drawn on the canvas: every element counted, bars where the scene puts them, the
//    selected bus in the SVG.
//   node e2e/diagram.e2e.mjs     (after vite build)
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { launch, artifacts, check } from "./browser.mjs";
import { startPlatform, python } from "./platform.mjs";

const repo = join(fileURLToPath(new URL(".", import.meta.url)), "..", "..");

/** A case file as network JSON through the engine's importer (the repo's samples, else ../shared/data). */
function caseJson(name) {
  const code = `
import sys
sys.path.insert(0, ${JSON.stringify(join(repo, "solver_layer"))})
import gridsolve.io as gio
from pathlib import Path
for d in [Path(${JSON.stringify(join(repo, "solver_layer", "gridsolve", "samples"))}), Path(${JSON.stringify(join(repo, "..", "shared", "data", "matpower"))})]:
    p = d / "${name}.m"
    if p.exists():
        print(gio.read_case(str(p)).model_dump_json(exclude_defaults=True)); break
`;
  return JSON.parse(execFileSync(python, ["-c", code], { maxBuffer: 1 << 28 }).toString());
}

/** A three-bus feeder and its short-circuit result from the engine (IEC 60909, every bus). */
function scCase() {
  const net = {
    name: "sc3",
    buses: [{ id: "B1", vn_kv: 20 }, { id: "B2", vn_kv: 20 }, { id: "B3", vn_kv: 20 }],
    external_grids: [{ id: "X1", bus: "B1", vm_pu: 1.0, s_sc_max_mva: 500, rx_max: 0.1 }],
    lines: [
      { id: "L1", from_bus: "B1", to_bus: "B2", length_km: 2, r_ohm_per_km: 0.1, x_ohm_per_km: 0.3, c_nf_per_km: 10, max_i_ka: 0.4 },
      { id: "L2", from_bus: "B2", to_bus: "B3", length_km: 3, r_ohm_per_km: 0.1, x_ohm_per_km: 0.3, c_nf_per_km: 10, max_i_ka: 0.4 },
    ],
    loads: [{ id: "D2", bus: "B2", p_mw: 2, q_mvar: 0.5 }, { id: "D3", bus: "B3", p_mw: 1, q_mvar: 0.3 }],
  };
  const code = `
import sys, json
sys.path.insert(0, ${JSON.stringify(join(repo, "solver_layer"))})
from gridsolve.model import Network
from gridsolve.studies.short_circuit import run, ShortCircuitOptions
print(json.dumps(run(Network.model_validate(json.loads(sys.stdin.read())), ShortCircuitOptions()).result))
`;
  const sc = JSON.parse(execFileSync(python, ["-c", code], { input: JSON.stringify(net) }).toString());
  return { net, sc };
}

/** Synthetic meshed grid of n buses with loads and a layout. */
function synthetic(nb) {
  const cols = Math.ceil(Math.sqrt(nb));
  const net = { name: `synthetic ${nb}`, base_mva: 100, f_hz: 50, buses: [], lines: [], loads: [], external_grids: [{ id: "X", bus: "B0", vm_pu: 1.02 }] };
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
const ctx = await launch();
const page = await ctx.newPage();
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));
page.on("console", (m) => m.type() === "error" && !/Failed to load resource/.test(m.text()) && errors.push(m.text()));

const store = (f, arg) => page.evaluate(f, arg);
async function runBrowserPf() {
  await store(() => window.gridsolve.store.getState().setResults(null));
  await page.getByLabel("engine").selectOption("browser");
  await page.getByTestId("run-study").click();
  await page.waitForFunction(() => {
    const r = window.gridsolve.store.getState().results;
    return r != null && !r.provisional && r.timing.resultsMs != null;
  }, null, { timeout: 120000 });
}
async function fit() {
  await page.getByRole("button", { name: "fit to screen" }).click();
  await page.waitForTimeout(150);
}
/** Labels drawn in the SVG: their boxes in diagram units and on screen; overlaps with labels and bars; clipped ones. */
const labelReport = () =>
  page.evaluate(() => {
    const svg = document.querySelector('[data-testid="diagram"]');
    const view = svg.getBoundingClientRect();
    const texts = [...svg.querySelectorAll("g.labels text")];
    const boxes = texts.map((t) => ({ t: t.textContent, b: t.getBBox(), r: t.getBoundingClientRect() }));
    const bars = [...svg.querySelectorAll("g.bus line")].map((l) => l.getBBox());
    const hit = (a, b, tol) => a.x + tol < b.x + b.width && b.x + tol < a.x + a.width && a.y + tol < b.y + b.height && b.y + tol < a.y + a.height;
    const overlaps = [];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) if (hit(boxes[i].b, boxes[j].b, 0.5)) overlaps.push(`${boxes[i].t} × ${boxes[j].t}`);
      for (const bar of bars) if (hit(boxes[i].b, { x: bar.x - 3, y: bar.y - 3, width: bar.width + 6, height: bar.height + 6 }, 0.5)) overlaps.push(`${boxes[i].t} × bar`);
    }
    const inView = (r) => r.left >= view.left - 0.5 && r.right <= view.right + 0.5 && r.top >= view.top - 0.5 && r.bottom <= view.bottom + 0.5;
    const clipped = boxes.filter((x) => !inView(x.r)).map((x) => x.t);
    const visible = boxes.filter((x) => inView(x.r)).length;
    return { n: boxes.length, visible, overlaps, clipped, dropped: Number(svg.dataset.labelsDropped), names: texts.filter((t) => t.hasAttribute("data-name-bus")).length, values: texts.filter((t) => t.hasAttribute("data-result-bus")).length };
  });
const setTheme = async (theme) => {
  await store((t) => {
    localStorage.setItem("gridsolve.theme", t);
    document.documentElement.dataset.theme = t;
  }, theme);
  await page.waitForTimeout(100);
};

try {
  await page.goto(`${platform.base}/#/local`);
  await page.getByTestId("diagram").waitFor();

  // 1. IEEE 14: labels decluttered, nothing clipped, both sizes and themes
  const ieee14 = caseJson("case14");
  await store((n) => window.gridsolve.openLocal(n, "IEEE 14"), ieee14);
  await page.waitForTimeout(300);
  await runBrowserPf();
  await page.locator("[data-result-bus]").first().waitFor({ timeout: 20000 });
  for (const [w, h] of [[1440, 900], [1024, 768]]) {
    await page.setViewportSize({ width: w, height: h });
    await page.waitForTimeout(200);
    await fit();
    const rep = await labelReport();
    console.log(`IEEE 14 at ${w}x${h}: ${rep.n} labels (${rep.names} names, ${rep.values} |V|), dropped ${rep.dropped}`);
    await page.screenshot({ path: join(artifacts, `diagram-ieee14-${w}x${h}-dark.png`) });
    check(rep.overlaps.length === 0, `IEEE 14 ${w}x${h}: overlapping labels ${rep.overlaps.slice(0, 8)}`);
    check(rep.clipped.length === 0, `IEEE 14 ${w}x${h}: clipped labels ${rep.clipped}`);
    check(rep.names === 14, `IEEE 14 ${w}x${h}: every bus name drawn (${rep.names})`);
    check(rep.values >= 12, `IEEE 14 ${w}x${h}: |V| labels drawn (${rep.values})`);
    for (const theme of ["dark", "light"]) {
      await setTheme(theme);
      await page.screenshot({ path: join(artifacts, `diagram-ieee14-${w}x${h}-${theme}.png`) });
    }
    await setTheme("dark");
  }

  // 2. hover tooltip: the bus's results with units
  const r14 = await store(() => window.gridsolve.store.getState().results.result);
  const bus = r14.buses[3];
  const barCentre = () =>
    page.evaluate((id) => {
      const r = document.querySelector(`g.bus[data-id="${id}"] line`).getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    }, bus.id);
  let c = await barCentre();
  await page.mouse.move(c.x, c.y);
  const tip = page.getByTestId("tooltip");
  await tip.waitFor({ timeout: 5000 });
  const tipText = await tip.textContent();
  check(tipText.includes(bus.vm_pu.toFixed(4)) && /\|V\|/.test(tipText) && /pu/.test(tipText) && /kV/.test(tipText), `tooltip shows |V| of ${bus.id}: ${tipText}`);
  await page.screenshot({ path: join(artifacts, "diagram-ieee14-tooltip.png") });
  await page.mouse.move(5, 5);

  // 3. find an element: select + frame
  const target = ieee14.buses[9].id;
  await page.getByTestId("find-element").fill(target);
  await page.getByRole("listbox", { name: "matching elements" }).waitFor();
  await page.getByTestId("find-element").press("Enter");
  let sel = await store(() => window.gridsolve.store.getState().selection);
  check(sel.length === 1 && sel[0] === target, `find selects ${target}: ${sel}`);
  await page.waitForTimeout(150);
  const centred = await page.evaluate((id) => {
    const v = document.querySelector('[data-testid="diagram"]').getBoundingClientRect();
    const r = document.querySelector(`g.bus[data-id="${id}"] line`).getBoundingClientRect();
    return { dx: Math.abs(r.x + r.width / 2 - (v.x + v.width / 2)), dy: Math.abs(r.y + r.height / 2 - (v.y + v.height / 2)), k: Number(document.querySelector('[data-testid="diagram"]').dataset.zoom), w: v.width, h: v.height };
  }, target);
  check(centred.dx < centred.w * 0.1 && centred.dy < centred.h * 0.15 && centred.k >= 1, `found bus framed: ${JSON.stringify(centred)}`);
  await page.screenshot({ path: join(artifacts, "diagram-ieee14-find.png") });

  // 4. zoom to the element from a table row
  await fit();
  await page.getByRole("tab", { name: /Branches/ }).click();
  const row = page.getByRole("table", { name: "branch results" }).locator("tbody tr").nth(5);
  const rowId = (await row.locator("td").first().textContent()).trim();
  await row.click();
  await page.waitForTimeout(150);
  sel = await store(() => window.gridsolve.store.getState().selection);
  const zoomed = Number(await page.getByTestId("diagram").getAttribute("data-zoom"));
  check(sel[0] === rowId && zoomed >= 1, `table row selects and frames ${rowId}: ${sel} at zoom ${zoomed}`);

  // 5. IEEE 118 at a readable zoom: the labels in view do not overlap
  await page.setViewportSize({ width: 1440, height: 900 });
  await store((n) => window.gridsolve.openLocal(n, "IEEE 118"), caseJson("case118"));
  await page.waitForTimeout(300);
  await runBrowserPf();
  await store(() => window.gridsolve.store.getState().focusOn(["49"]));
  await page.waitForTimeout(200);
  // zoom 1.5: names, |V| and flows (labels follow the bars by a deferred render)
  await page.locator("[data-result-branch]").first().waitFor({ timeout: 20000 });
  const close = await labelReport();
  check(close.overlaps.length === 0, `IEEE 118 at zoom 1.5: overlapping labels ${close.overlaps.slice(0, 8)}`);
  console.log(`IEEE 118 at zoom ${await page.getByTestId("diagram").getAttribute("data-zoom")}: ${close.visible} labels in view, ${close.n} drawn, dropped ${close.dropped}`);
  check((await page.locator("[data-result-branch]").count()) > 0, `IEEE 118 at zoom 1.5: flow labels (${await page.locator("[data-result-bus]").count()} |V|)`);
  await page.screenshot({ path: join(artifacts, "diagram-ieee118-zoom15.png") });
  // zoom 1.0: every label kind is readable
  for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "zoom out" }).click();
  await page.waitForTimeout(200);
  const k118 = Number(await page.getByTestId("diagram").getAttribute("data-zoom"));
  const rep118 = await labelReport();
  console.log(`IEEE 118 at zoom ${k118.toFixed(2)}: ${rep118.visible} labels in view, ${rep118.n} drawn, dropped ${rep118.dropped}`);
  check(rep118.overlaps.length === 0, `IEEE 118: overlapping labels ${rep118.overlaps.slice(0, 8)}`);
  check(rep118.visible >= 20, `IEEE 118: labels in view at zoom ${k118}: ${rep118.visible}`);
  await page.screenshot({ path: join(artifacts, "diagram-ieee118-zoom.png") });
  await fit();
  await page.screenshot({ path: join(artifacts, "diagram-ieee118-fit.png") });

  // 6. result layers and label toggles
  const { net: sc3, sc } = scCase();
  const layout = { version: 1, elements: { B1: { x: 200, y: 120, length: 120 }, B2: { x: 200, y: 300, length: 120 }, B3: { x: 460, y: 300, length: 120 } } };
  await store(([n, d]) => window.gridsolve.openLocal(n, "sc3", d), [sc3, layout]);
  await page.waitForTimeout(300);
  await runBrowserPf();
  await page.locator("[data-result-branch]").first().waitFor({ timeout: 20000 });
  const count = async (sel_) => page.locator(sel_).count();
  check((await count("[data-result-bus]")) === 3 && (await count("[data-result-branch]")) === 2 && (await count("[data-sc-bus]")) === 0, "power-flow layer: |V| and flows");
  await store((r) => window.gridsolve.store.getState().setScResults(r), sc);
  await page.locator("[data-sc-bus]").first().waitFor({ timeout: 20000 });
  await page.waitForTimeout(100);
  const scTexts = await page.locator("[data-sc-bus]").allTextContents();
  check(scTexts.length === 3 && scTexts.every((t) => /^I″k \d+\.\d\d kA$/.test(t)), `short-circuit layer: I″k in kA on every bus: ${scTexts}`);
  check((await count("[data-result-bus]")) === 0 && (await count("[data-result-branch]")) === 0, "the short-circuit layer keeps no power-flow labels");
  check((await count("g.bus[data-band]")) === 0, "no voltage colours in the short-circuit layer");
  check(scTexts.includes(`I″k ${sc.buses[1].ikss_ka.toFixed(2)} kA`), "the engine's I″k of B2 on the diagram");
  await page.screenshot({ path: join(artifacts, "diagram-layer-sc.png") });
  await page.getByTestId("layer-pf").click();
  await page.locator("[data-result-bus]").first().waitFor({ timeout: 20000 });
  check((await count("[data-result-bus]")) === 3 && (await count("[data-sc-bus]")) === 0, "switched back to the power-flow layer");
  check((await page.getByRole("table", { name: "fault currents per bus" }).count()) === 0, "the tables follow the layer");
  // toggles: |V| in kV too, angle off
  await page.locator(".result-toggles summary").click();
  await page.getByTestId("show-vm_kv").check();
  await page.getByTestId("show-va_deg").uncheck();
  // both toggles rendered (each is its own render: wait for the second too)
  await page.waitForFunction(() => [...document.querySelectorAll("[data-result-bus]")].every((t) => t.textContent.includes("kV") && !t.textContent.includes("∠")), null, { timeout: 20000 }).catch(() => {});
  const v = await page.locator("[data-result-bus]").allTextContents();
  check(v.every((t) => /^\d\.\d{4} pu \d+\.\d\d kV$/.test(t)), `labels with |V| in pu and kV, no angle: ${v}`);
  await page.screenshot({ path: join(artifacts, "diagram-layer-pf-toggles.png") });
  await page.getByTestId("show-vm_kv").uncheck();
  await page.getByTestId("show-va_deg").check();
  await page.getByTestId("layer-sc").click();
  await page.locator("[data-sc-bus]").first().waitFor({ timeout: 20000 });
  check((await count("[data-sc-bus]")) === 3, "switched to the short-circuit layer again");

  // 7. 10,000 buses on the canvas
  const big = synthetic(10000);
  await store(([n, d]) => window.gridsolve.openLocal(n, n.name, d), [big.net, big.diagram]);
  await page.waitForTimeout(500);
  const svg = page.getByTestId("diagram");
  check((await svg.getAttribute("data-render")) === "canvas", "10,000 buses: canvas rendering");
  const canvas = page.getByTestId("diagram-canvas");
  const drawn = Number(await canvas.getAttribute("data-drawn"));
  check(drawn === big.net.buses.length + big.net.lines.length, `every bar and line drawn at the fit zoom: ${drawn}`);
  check((await page.locator("g.bus").count()) === 0, "no SVG nodes for the static drawing");
  // a bar where the scene puts it: its pixels carry the bus colour; between bars, nothing
  const px = await page.evaluate(([bx, by]) => {
    const g = document.querySelector('[data-testid="diagram"] > g');
    const m = g.getScreenCTM();
    const c = document.querySelector('[data-testid="diagram-canvas"]');
    const r = c.getBoundingClientRect();
    const dpr = c.width / r.width;
    const at = (wx, wy) => {
      const sx = (m.a * wx + m.e - r.left) * dpr,
        sy = (m.d * wy + m.f - r.top) * dpr;
      return [...c.getContext("2d").getImageData(Math.round(sx), Math.round(sy), 1, 1).data];
    };
    return { bar: at(bx, by), gap: at(bx + 85, by + 75) };
  }, [100 + 37 * 170, 100 + 41 * 150]);
  check(px.bar[3] > 0 && px.gap[3] === 0, `canvas pixels: bar ${px.bar}, empty space ${px.gap}`);
  await page.screenshot({ path: join(artifacts, "diagram-10k-canvas.png") });
  await store(() => window.gridsolve.store.getState().focusOn(["B4242"]));
  await page.waitForTimeout(300);
  check((await page.locator('g.bus[data-id="B4242"]').count()) === 1, "the selected bus is in the SVG (editing layer)");
  const drawnZoomed = Number(await canvas.getAttribute("data-drawn"));
  check(drawnZoomed > 0 && drawnZoomed < drawn, `zoomed in: only what is in view is drawn (${drawnZoomed})`);
  await page.screenshot({ path: join(artifacts, "diagram-10k-canvas-zoomed.png") });

  check(errors.length === 0, `page errors: ${errors.join(" | ")}`);
  console.log("E2E DIAGRAM OK");
} finally {
  await ctx.close();
  await platform.stop();
}
