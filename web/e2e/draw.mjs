// Shared e2e steps: draw a three-bus system with the palette (external grid, two lines, load, generator).
import { check } from "./browser.mjs";

export const state = (page) =>
  page.evaluate(() => {
    const s = window.gridsolve.store.getState();
    return { net: s.network, layout: s.layout, results: s.results, selection: s.selection, undo: s.undoStack.length, redo: s.redoStack.length, status: s.status, project: s.project, conflict: s.conflict };
  });

/** Saved: the network and the diagram on screen are the versions the API has. */
export const saved = (page) =>
  page.waitForFunction(() => {
    const s = window.gridsolve.store.getState();
    return s.network === s.project.savedVersionOfNetwork && s.layout === s.project.savedLayout;
  }, null, { timeout: 20000 });

export async function drawThreeBus(page, { dragExternalGrid = true } = {}) {
  const svg = page.getByTestId("diagram");
  await svg.waitFor();
  const box = await svg.boundingBox();
  const at = (x, y) => ({ x: box.x + x, y: box.y + y });
  const click = async (x, y) => {
    const p = at(x, y);
    await page.mouse.click(p.x, p.y);
  };
  await page.locator('[data-palette="bus"]').click();
  await click(200, 100);
  await click(200, 260);
  await click(440, 260);
  await page.keyboard.press("Escape");
  let s = await state(page);
  check(s.net.buses.length === 3, `3 buses, got ${s.net.buses.length}`);
  const [b1, b2, b3] = s.net.buses;
  check(s.layout[b1.id].x === 200 && s.layout[b1.id].y === 100, `bus 1 at the click: ${JSON.stringify(s.layout[b1.id])}`);
  check(!("x" in b1), "positions are the diagram's, not the network's");
  if (dragExternalGrid) {
    const pal = await page.locator('[data-palette="external_grid"]').boundingBox();
    await page.mouse.move(pal.x + pal.width / 2, pal.y + pal.height / 2);
    await page.mouse.down();
    const drop = at(205, 108);
    await page.mouse.move(drop.x, drop.y, { steps: 8 });
    await page.mouse.up();
  } else {
    await page.locator('[data-palette="external_grid"]').click();
    await click(205, 102);
  }
  s = await state(page);
  check(s.net.external_grids.length === 1 && s.net.external_grids[0].bus === b1.id, "external grid snapped to bus 1");
  await page.locator('[data-palette="load"]').click();
  await click(190, 262);
  await page.keyboard.press("g");
  await click(445, 258);
  s = await state(page);
  check(s.net.loads.length === 1 && s.net.loads[0].bus === b2.id, "load on bus 2");
  check(s.net.generators.length === 1 && s.net.generators[0].bus === b3.id, "generator on bus 3");
  await page.locator('[data-palette="line"]').click();
  await click(230, 100);
  await click(230, 260);
  await page.locator('[data-palette="cable"]').click();
  await click(170, 260);
  await click(470, 260);
  s = await state(page);
  check(s.net.lines.length === 2, `2 lines, got ${s.net.lines.length}`);
  return { b1, b2, b3, at, click, svg };
}

/** Run the study the panel is set to; waits for the engine's results (not just the painted voltages). */
export async function runStudy(page, { engine = null, method = null, type = null } = {}) {
  if (type) await page.getByLabel("study type").selectOption(type);
  if (method) await page.getByLabel("method").selectOption(method);
  if (engine) await page.getByLabel("engine").selectOption(engine);
  await page.evaluate(() => window.gridsolve.store.getState().setResults(null));
  await page.getByTestId("run-study").click();
  await page.waitForFunction(() => {
    const s = window.gridsolve.store.getState();
    return (s.results != null && !s.results.provisional && (s.results.source !== "browser" || s.results.timing.resultsMs != null)) || /failed|finished/.test(s.status);
  }, null, { timeout: 120000 });
  return state(page);
}

/** Largest |ΔV| (pu) and |Δθ| (rad) between two results' energized buses. */
export function maxDiff(a, b) {
  const byId = new Map(b.result.buses.map((x) => [x.id, x]));
  let worst = 0;
  for (const x of a.result.buses) {
    const y = byId.get(x.id);
    if (!x.energized) continue;
    worst = Math.max(worst, Math.abs(x.vm_pu - y.vm_pu), Math.abs(((x.va_deg - y.va_deg) * Math.PI) / 180));
  }
  return worst;
}

/** Screen point `frac` of the way along a branch's drawn wire from its from-bus. */
export const alongBranch = (page, id, frac) =>
  page.evaluate(
    ([id, frac]) => {
      const path = document.querySelector(`g.branch[data-id="${id}"] path.wire`) ?? document.querySelector(`g.branch[data-id="${id}"] path`);
      const p = path.getPointAtLength(path.getTotalLength() * frac);
      const m = path.getScreenCTM();
      return { x: m.a * p.x + m.c * p.y + m.e, y: m.b * p.x + m.d * p.y + m.f };
    },
    [id, frac],
  );
