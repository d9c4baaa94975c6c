// End-to-end: the editor in the browser without the platform server (offline mode).
// Draws a three-bus system from the palette, runs power flow in the WebAssembly worker, reads the
// voltages on the diagram, exercises undo/redo and validation, and checks the browser solver on
// the shared test vectors. Screenshots go to tests/artifacts/.
//   node e2e/editor.e2e.mjs     (after vite build)
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "./server.mjs";
import { launch, artifacts, check } from "./browser.mjs";
import { drawThreeBus } from "./draw.mjs";

const web = join(fileURLToPath(new URL(".", import.meta.url)), "..");
const server = await startServer(0, null);
const base = `http://127.0.0.1:${server.address().port}`;
const ctx = await launch();
const page = await ctx.newPage();
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));
page.on("console", (m) => m.type() === "error" && !/503|Failed to load resource/.test(m.text()) && errors.push(m.text()));

const state = () => page.evaluate(() => {
  const s = window.gridsolve.store.getState();
  return { net: s.network, results: s.results, selection: s.selection, undo: s.undoStack.length, redo: s.redoStack.length, status: s.status };
});

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

  // 6. run power flow in the browser; read the voltages on the diagram
  await page.getByTestId("run-study").click();
  await page.getByTestId("result-status").filter({ hasText: "converged in" }).waitFor();
  s = await state();
  check(s.results.converged && s.results.engine === "wasm", "converged in the browser");
  const bands = await page.locator("g.bus[data-band]").evaluateAll((els) => els.map((e) => e.getAttribute("data-band")));
  check(bands.length === 3 && bands.every((b) => ["low", "warn", "ok", "high"].includes(b)), `bus colour bands ${bands}`);
  const labels = await page.locator("[data-result-bus]").allTextContents();
  check(labels.length === 3 && labels.every((t) => /\d\.\d{4} pu ∠-?\d+\.\d\d°/.test(t)), `voltage labels ${labels}`);
  const vm2 = s.results.buses.find((b) => b.id === b2.id).vm_pu;
  check(labels.some((t) => t.startsWith(vm2.toFixed(4))), "label shows bus 2's |V|");
  check((await page.locator("[data-result-branch]").count()) === 2, "flow labels on both lines");
  await page.screenshot({ path: join(artifacts, "editor-three-bus-results.png") });

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

  // 8. move a bus by dragging: its connections follow; one undo step
  const before = (await state()).net.buses.find((b) => b.id === b3.id);
  const from = at(440 + 40, 260);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 60, from.y + 40, { steps: 6 });
  await page.mouse.up();
  s = await state();
  const after = s.net.buses.find((b) => b.id === b3.id);
  check(after.x === before.x + 60 && after.y === before.y + 40, `bus moved by drag: ${before.x},${before.y} -> ${after.x},${after.y}`);
  await page.keyboard.press("Control+z");
  check((await state()).net.buses.find((b) => b.id === b3.id).x === before.x, "undo move");

  // 8b. rotate: select bus 2 and press R -> vertical bar, its load and wires follow; undo / redo; the toolbar button
  const orient = (id) => page.evaluate((i) => window.gridsolve.store.getState().network.buses.find((b) => b.id === i).orientation ?? "horizontal", id);
  const bar = (id) => page.locator(`g.bus[data-id="${id}"] line`).first();
  await page.mouse.click(at(185, 260).x, at(185, 260).y);
  check(JSON.stringify((await state()).selection) === JSON.stringify([b2.id]), `bus 2 selected by click: ${(await state()).selection}`);
  await page.keyboard.press("r");
  check((await orient(b2.id)) === "vertical", "R turns bus 2 vertical");
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
      for (const t of document.querySelectorAll("g.bus text")) {
        const b = t.getBBox();
        for (const [ax, ay, bx, by] of segs)
          if (Math.min(ax, bx) < b.x + b.width - 1 && Math.max(ax, bx) > b.x + 1 && Math.min(ay, by) < b.y + b.height - 1 && Math.max(ay, by) > b.y + 1) out.push(t.textContent);
      }
      return out;
    });
  check((await crossings()).length === 0, `wires through bus labels (rotated): ${await crossings()}`);
  await page.screenshot({ path: join(artifacts, "editor-rotate.png") });
  await page.keyboard.press("Control+z");
  check((await orient(b2.id)) === "horizontal" && (await bar(b2.id).getAttribute("y1")) === "260", "undo rotate");
  check((await crossings()).length === 0, `wires through bus labels: ${await crossings()}`);
  await page.keyboard.press("Control+Shift+z");
  check((await orient(b2.id)) === "vertical", "redo rotate");
  await page.getByTestId("rotate").click();
  check((await orient(b2.id)) === "horizontal", "toolbar rotate turns it back");
  await page.keyboard.press("Control+z");
  await page.keyboard.press("Control+z");
  check((await orient(b2.id)) === "horizontal" && (await state()).redo === 2, "two undos: back to the drawn diagram");
  // multi-selection (click, Shift+click): each bus turns about its own centre, one undo step
  await page.mouse.click(at(185, 260).x, at(185, 260).y);
  await page.keyboard.down("Shift");
  await page.mouse.click(at(480, 260).x, at(480, 260).y);
  await page.keyboard.up("Shift");
  check((await state()).selection.length === 2, `two buses selected: ${(await state()).selection}`);
  await page.keyboard.press("r");
  check((await orient(b2.id)) === "vertical" && (await orient(b3.id)) === "vertical", "R turns both selected buses");
  check((await bar(b3.id).getAttribute("x1")) === "440" && Number(await bar(b3.id).getAttribute("y1")) === 200, "bus 3 turned about its own centre");
  check((await crossings()).length === 0, `wires through bus labels (two rotated): ${await crossings()}`);
  await page.screenshot({ path: join(artifacts, "editor-rotate-multi.png") });
  await page.keyboard.press("Control+z");
  check((await orient(b2.id)) === "horizontal" && (await orient(b3.id)) === "horizontal", "one undo turns both back");
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
  await page.getByTestId("run-study").click();
  await page.waitForFunction(() => window.gridsolve.store.getState().status.startsWith("power flow converged"), null, { timeout: 30000 });
  check((await page.locator("g.bus[data-band]").count()) === 5, "all five buses coloured");
  await page.screenshot({ path: join(artifacts, "editor-3w-switch-shunt.png") });
  for (let i = 0; i < 5; i++) await page.keyboard.press("Control+z");
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
    c2 = at(600, 330);
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
  await page.screenshot({ path: join(artifacts, "editor-paste.png") });
  await page.keyboard.press("Control+z");
  check((await state()).net.buses.length === nBus, "undo paste");

  // 9. the browser solver equals the Python engine on the shared test vectors (through the worker)
  await page.getByLabel("tolerance in per unit").fill("1e-10");
  const vectors = ["case14", "case30", "case57", "case118", "example_simple", "cigre_mv", "mixed", "case1354pegase"];
  const report = [];
  for (const name of vectors) {
    const p = [process.env.GS_VECTORS_DIR && join(process.env.GS_VECTORS_DIR, `${name}.json`), join(web, "test-vectors", `${name}.json`), join(web, "test-vectors", "big", `${name}.json`)]
      .filter(Boolean)
      .find(existsSync);
    if (!p) continue;
    const vec = JSON.parse(readFileSync(p, "utf8"));
    await page.evaluate((net) => window.gridsolve.openLocal(net, net.name || "vector"), vec.network);
    await page.getByTestId("run-study").click();
    await page.waitForFunction(() => window.gridsolve.store.getState().results != null, null, { timeout: 60000 });
    const res = (await state()).results;
    check(res.converged, `${name} converged`);
    const byId = new Map(res.buses.map((b) => [b.id, b]));
    let worst = 0;
    for (const b of vec.solution.buses) {
      if (b.vm_pu == null || b.energized === false) continue;
      const r = byId.get(b.id);
      worst = Math.max(worst, Math.abs(r.vm_pu - b.vm_pu), Math.abs(((r.va_deg - b.va_deg) * Math.PI) / 180));
    }
    check(worst < 1e-8, `${name}: browser vs Python ${worst}`);
    report.push(`${name}: max diff ${worst.toExponential(2)} pu, ${res.iterations} it, ${res.solve_ms.toFixed(1)} ms`);
    if (name === "case118") await page.screenshot({ path: join(artifacts, "editor-case118-results.png") });
    if (name === "case14") {
      await page.getByRole("tab", { name: /Buses/ }).click();
      await page.screenshot({ path: join(artifacts, "editor-case14-table.png") });
      await page.getByRole("tab", { name: /Voltage profile/ }).click();
    }
  }
  check(report.length >= 1, "at least one test vector present");
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
  process.exitCode = 1;
} finally {
  await ctx.close();
  server.close();
}
