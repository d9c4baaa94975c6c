import { describe, expect, it } from "vitest";
import { applyChanges, copySelection, deleteCommand, moveCommand, pasteCommand, rotateCommand, routeCommand, type Doc } from "./commands";
import { bendRoute, buildScene, moveWaypoint, STUB, terminalDir, TERMINAL } from "./scene";
import { useEditor, docOf } from "../store/editor";
import { onBar, orthogonal, threeBus } from "./testutil";

const sceneOf = (d: Doc) => buildScene(d.network, d.layout);
const s = () => useEditor.getState();

describe("free placement of equipment", () => {
  it("a symbol without a diagram entry hangs along its bus; moving it places it freely with a connector", () => {
    const doc = threeBus();
    const before = sceneOf(doc).nodeById.get("D1")!;
    expect(before.free).toBe(false);
    expect(doc.layout.D1).toBeUndefined();
    const cmd = moveCommand(doc, ["D1"], 160, 60);
    expect(cmd.changes.map((c) => [c.list, c.id])).toEqual([["diagram", "D1"]]); // the bus stays
    const after = applyChanges(doc, cmd.changes);
    expect(after.network).toBe(doc.network);
    const d1 = sceneOf(after).nodeById.get("D1")!;
    expect(d1.free).toBe(true);
    expect([d1.x, d1.y]).toEqual([Math.round(before.x) + 160, Math.round(before.y) + 60]);
    // the connector leaves the bar at a right angle, is orthogonal and ends at the symbol's terminal
    const b2 = sceneOf(after).busById.get("B2")!;
    expect(onBar(b2, d1.wire[0])).toBe(true);
    expect(d1.wire[0].x).toBe(d1.wire[1].x);
    expect(orthogonal(d1.wire)).toBe(true);
    const dir = terminalDir(d1.rotation);
    expect(d1.wire[d1.wire.length - 1]).toEqual({ x: d1.x + dir.x * TERMINAL.load, y: d1.y + dir.y * TERMINAL.load });
    // anywhere: beyond the end of its bar, the connector starts at the bar's end
    const far = applyChanges(doc, moveCommand(doc, ["D1"], 400, 100).changes);
    const f1 = sceneOf(far).nodeById.get("D1")!;
    expect(f1.wire[0].x).toBeLessThanOrEqual(b2.x2);
    expect(orthogonal(f1.wire)).toBe(true);
  });

  it("a bus carries its freely placed equipment and the manual routes between moved buses", () => {
    let doc = threeBus();
    doc = applyChanges(doc, moveCommand(doc, ["D1"], 0, 40).changes);
    const l2 = sceneOf(doc).branchById.get("L2")!;
    doc = applyChanges(doc, routeCommand(doc, "L2", bendRoute(l2.points, 1, { x: 0, y: 30 })).changes);
    const moved = applyChanges(doc, moveCommand(doc, ["B2", "B3"], 20, -10).changes);
    expect(moved.layout.D1.x).toBe(doc.layout.D1.x! + 20);
    expect(moved.layout.D1.y).toBe(doc.layout.D1.y! - 10);
    expect(moved.layout.L2.waypoints).toEqual(doc.layout.L2.waypoints.map(([x, y]) => [x + 20, y - 10]));
    // only one end moves: the route keeps its corners
    const one = applyChanges(doc, moveCommand(doc, ["B3"], 20, 0).changes);
    expect(one.layout.L2.waypoints).toEqual(doc.layout.L2.waypoints);
    // deleting the load removes its placement; undo restores both
    const del = deleteCommand(doc, ["D1"]);
    const gone = applyChanges(doc, del.changes);
    expect(gone.layout.D1).toBeUndefined();
    expect(applyChanges(gone, del.changes, true)).toEqual(doc);
  });
});

describe("rotation of any symbol", () => {
  it("equipment turns in 90° steps about its centre; its connector follows the terminal", () => {
    const doc = threeBus();
    const d0 = sceneOf(doc).nodeById.get("G1")!;
    expect(d0.rotation).toBe(180); // a source above its bar: terminal down
    let d = applyChanges(doc, rotateCommand(doc, ["G1"]).changes);
    expect(d.network).toBe(doc.network);
    let g = sceneOf(d).nodeById.get("G1")!;
    expect(g.rotation).toBe(270);
    expect([g.x, g.y]).toEqual([Math.round(d0.x), Math.round(d0.y)]);
    expect(g.wire[g.wire.length - 1]).toEqual({ x: g.x - TERMINAL.generator, y: g.y }); // terminal to the left
    expect(orthogonal(g.wire)).toBe(true);
    for (const r of [0, 90, 180]) {
      d = applyChanges(d, rotateCommand(d, ["G1"]).changes);
      g = sceneOf(d).nodeById.get("G1")!;
      expect(g.rotation).toBe(r);
      expect(orthogonal(g.wire)).toBe(true);
    }
    // terminal facing away from the bar (rotation 0 above it): the connector passes beside the symbol, never through it
    let u = applyChanges(doc, rotateCommand(doc, ["G1"]).changes);
    u = applyChanges(u, rotateCommand(u, ["G1"]).changes);
    const up = sceneOf(u).nodeById.get("G1")!;
    expect(up.rotation).toBe(0);
    for (let i = 1; i < up.wire.length; i++) {
      const a = up.wire[i - 1], b = up.wire[i];
      const crosses = Math.min(a.x, b.x) < up.x + 14 && Math.max(a.x, b.x) > up.x - 14 && Math.min(a.y, b.y) < up.y + 14 && Math.max(a.y, b.y) > up.y - 14;
      expect(crosses, JSON.stringify(up.wire)).toBe(false);
    }
    // a multi-selection turns every symbol and bar, one step each
    const both = rotateCommand(doc, ["B1", "D1", "X1"]);
    expect(both.changes.map((c) => c.id).sort()).toEqual(["B1", "D1", "X1"]);
  });

  it("three-winding transformer symbols can be placed and turned", () => {
    const doc = threeBus();
    doc.network.buses.push({ id: "B4", vn_kv: 10 });
    (doc.layout as Record<string, unknown>).B4 = { ...doc.layout.B3, x: 640, y: 100 };
    doc.network.transformers3w = [{ id: "T3", hv_bus: "B1", mv_bus: "B3", lv_bus: "B4", sn_hv_mva: 40, sn_mv_mva: 30, sn_lv_mva: 10, vn_hv_kv: 20, vn_mv_kv: 20, vn_lv_kv: 10, vk_hv_percent: 10, vk_mv_percent: 8, vk_lv_percent: 12 }];
    const t0 = sceneOf(doc).trafo3ById.get("T3")!;
    expect(t0.free).toBe(false);
    const d = applyChanges(doc, rotateCommand(doc, ["T3"]).changes);
    const t1 = sceneOf(d).trafo3ById.get("T3")!;
    expect(t1.rotation).toBe(90);
    expect(t1.free).toBe(true);
    const m = applyChanges(d, moveCommand(d, ["T3"], 30, 30).changes);
    expect(sceneOf(m).trafo3ById.get("T3")!.center).toEqual({ x: t1.center.x + 30, y: t1.center.y + 30 });
  });
});

describe("manual wire routing", () => {
  it("dragging the middle segment bends the route; it stays orthogonal and on its bars", () => {
    const doc = threeBus();
    const l1 = sceneOf(doc).branchById.get("L1")!;
    expect(l1.waypoints).toEqual([]);
    expect(l1.points.length).toBe(4); // down, across, down
    const wps = bendRoute(l1.points, 1, { x: 999, y: 40 }); // across a horizontal segment only dy counts
    expect(wps).toEqual([
      { x: l1.points[1].x, y: l1.points[1].y + 40 },
      { x: l1.points[2].x, y: l1.points[2].y + 40 },
    ]);
    const d = applyChanges(doc, routeCommand(doc, "L1", wps).changes);
    expect(d.network).toBe(doc.network);
    const r = sceneOf(d).branchById.get("L1")!;
    expect(r.waypoints).toEqual(wps);
    expect(orthogonal(r.points)).toBe(true);
    const sc = sceneOf(d);
    expect(onBar(sc.busById.get("B1")!, r.points[0])).toBe(true);
    expect(onBar(sc.busById.get("B2")!, r.points[r.points.length - 1])).toBe(true);
  });

  it("dragging a segment that touches a bar keeps a stub at the bar", () => {
    const doc = threeBus();
    const l1 = sceneOf(doc).branchById.get("L1")!;
    const [a] = l1.points;
    const wps = bendRoute(l1.points, 0, { x: 30, y: 0 });
    expect(wps[0]).toEqual({ x: a.x, y: a.y + STUB }); // straight out of the bar first
    expect(wps[1]).toEqual({ x: a.x + 30, y: a.y + STUB });
    const d = applyChanges(doc, routeCommand(doc, "L1", wps).changes);
    const r = sceneOf(d).branchById.get("L1")!;
    expect(orthogonal(r.points)).toBe(true);
    expect(r.points[0]).toEqual(a);
  });

  it("a waypoint moves, a double-clicked one goes, reset route goes back to the automatic route — all undoable", () => {
    const doc = threeBus();
    s().load(doc.network, doc.layout);
    const l2 = sceneOf(doc).branchById.get("L2")!;
    s().run(routeCommand(docOf(s()), "L2", bendRoute(l2.points, 1, { x: 0, y: 40 })));
    const bent = s().layout.L2.waypoints;
    expect(bent.length).toBe(2);
    // drag waypoint 0 by (0, 20): its neighbour on the same horizontal run follows (right angles stay)
    const wp = sceneOf(docOf(s())).branchById.get("L2")!.waypoints;
    s().run(routeCommand(docOf(s()), "L2", moveWaypoint(wp, 0, { x: 0, y: 20 })));
    expect(s().layout.L2.waypoints).toEqual([[bent[0][0], bent[0][1] + 20], [bent[1][0], bent[1][1] + 20]]);
    expect(orthogonal(sceneOf(docOf(s())).branchById.get("L2")!.points)).toBe(true);
    // remove waypoint 1
    s().run(routeCommand(docOf(s()), "L2", sceneOf(docOf(s())).branchById.get("L2")!.waypoints.filter((_, i) => i !== 1)));
    expect(s().layout.L2.waypoints.length).toBe(1);
    // reset: the entry goes away (a branch has nothing else on the diagram)
    s().run(routeCommand(docOf(s()), "L2", []));
    expect(s().layout.L2).toBeUndefined();
    expect(sceneOf(docOf(s())).branchById.get("L2")!.points).toEqual(l2.points);
    expect(s().network).toBe(doc.network);
    for (const n of [1, 2, 2]) {
      s().undo();
      expect(s().layout.L2.waypoints.length).toBe(n);
    }
    s().undo();
    expect(s().layout).toEqual(doc.layout);
    s().redo();
    s().redo();
    expect(s().layout.L2.waypoints[0]).toEqual([bent[0][0], bent[0][1] + 20]);
  });

  it("copy/paste keeps the routes and free placements (offset)", () => {
    let doc = threeBus();
    doc = applyChanges(doc, moveCommand(doc, ["D1"], 10, 30).changes);
    const l2 = sceneOf(doc).branchById.get("L2")!;
    doc = applyChanges(doc, routeCommand(doc, "L2", bendRoute(l2.points, 1, { x: 0, y: 40 })).changes);
    const clip = copySelection(doc, ["B2", "B3"]);
    const after = applyChanges(doc, pasteCommand(doc, clip).changes);
    const newLine = after.network.lines.find((l) => l.from_bus === "B4")!;
    expect(after.layout[newLine.id].waypoints).toEqual(doc.layout.L2.waypoints.map(([x, y]) => [x + 40, y + 40]));
    const newLoad = after.network.loads.find((l) => l.bus === "B4")!;
    expect(after.layout[newLoad.id]).toMatchObject({ x: doc.layout.D1.x! + 40, y: doc.layout.D1.y! + 40 });
  });
});
