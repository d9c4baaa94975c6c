import { describe, expect, it } from "vitest";
import { applyChanges, rotateCommand, type Doc } from "./commands";
import { buildIndex, buildScene, nearestBus } from "./scene";
import { placeDiagramLabels } from "./labels";
import { useEditor } from "../store/editor";
import { onBar, orthogonal, threeBus } from "./testutil";

const sceneOf = (d: Doc) => buildScene(d.network, d.layout);

describe("rotate bus bars", () => {
  it("turns a bar about its centre in 90° steps; four turns give back the diagram exactly", () => {
    const doc = threeBus();
    let d = applyChanges(doc, rotateCommand(doc, ["B3"]).changes);
    expect(d.network).toBe(doc.network); // rotation is a diagram edit
    expect(d.layout.B3).toEqual({ ...doc.layout.B3, rotation: 90 });
    const s = sceneOf(d).busById.get("B3")!;
    expect(s.vertical).toBe(true);
    expect([s.x1, s.x2, s.y1, s.y2]).toEqual([440, 440, 200, 320]);
    for (const r of [180, 270, 0]) {
      d = applyChanges(d, rotateCommand(d, ["B3"]).changes);
      expect(d.layout.B3.rotation).toBe(r);
    }
    expect(d).toEqual(doc);
  });

  it("180° and 270° mirror the bar: the equipment hangs on the other side", () => {
    const doc = threeBus();
    const at = (d: Doc, id: string) => sceneOf(d).nodeById.get(id)!;
    expect(at(doc, "X1").y).toBeLessThan(100); // source above a 0° bar
    const d180 = applyChanges(doc, [{ list: "diagram", id: "B1", before: doc.layout.B1, after: { ...doc.layout.B1, rotation: 180 } }]);
    expect(at(d180, "X1").y).toBeGreaterThan(100);
    expect(at(d180, "X1").rotation).toBe(0); // its terminal faces the bar above it
    const d270 = applyChanges(doc, [{ list: "diagram", id: "B1", before: doc.layout.B1, after: { ...doc.layout.B1, rotation: 270 } }]);
    expect(at(d270, "X1").x).toBeGreaterThan(200);
  });

  it("rotates each selected bar about its own centre", () => {
    const doc = threeBus();
    const after = applyChanges(doc, rotateCommand(doc, ["B1", "B2"]).changes);
    const scene = sceneOf(after);
    for (const id of ["B1", "B2"]) {
      const b = scene.busById.get(id)!;
      expect(b.vertical).toBe(true);
      expect((b.y1 + b.y2) / 2).toBe(doc.layout[id].y);
      expect(b.x).toBe(doc.layout[id].x);
    }
    expect(scene.busById.get("B3")!.vertical).toBe(false);
    expect(rotateCommand(doc, ["L1"]).changes).toEqual([]); // a wire has no rotation of its own
  });

  it("connections and attached equipment follow the bar", () => {
    const doc = threeBus();
    const net = applyChanges(doc, rotateCommand(doc, ["B2"]).changes);
    const scene = sceneOf(net);
    const b2 = scene.busById.get("B2")!;
    // the load hangs off the right side of the vertical bar, its wire horizontal
    const d1 = scene.nodeById.get("D1")!;
    expect(onBar(b2, { x: d1.ax, y: d1.ay })).toBe(true);
    expect(d1.ay).toBe(d1.y);
    expect(d1.x).toBeGreaterThan(b2.x);
    // every branch starts and ends on its bars and is orthogonal; the wire leaves a vertical bar sideways
    for (const br of scene.branches) {
      const f = scene.busById.get(br.from)!,
        t = scene.busById.get(br.to)!;
      expect(onBar(f, br.points[0])).toBe(true);
      expect(onBar(t, br.points[br.points.length - 1])).toBe(true);
      expect(orthogonal(br.points)).toBe(true);
      const [p0, p1] = br.from === "B2" ? [br.points[0], br.points[1]] : [br.points[br.points.length - 1], br.points[br.points.length - 2]];
      if (br.from === "B2" || br.to === "B2") expect(p0.y).toBe(p1.y);
    }
    // no branch end shares an attachment point with equipment (its wire would run through the symbol)
    const both = applyChanges(net, rotateCommand(net, ["B3"]).changes);
    const sc2 = sceneOf(both);
    for (const n of sc2.nodes)
      for (const br of sc2.branches)
        for (const p of [br.points[0], br.points[br.points.length - 1]]) expect(Math.hypot(p.x - n.ax, p.y - n.ay)).toBeGreaterThan(10);
    // snapping and hit-testing use the vertical bar
    const index = buildIndex(scene);
    expect(nearestBus(index, scene, { x: 203, y: 300 })?.id).toBe("B2");
    expect(nearestBus(index, scene, { x: 250, y: 260 }, 16)).toBeNull();
  });

  it("undo / redo through the store", () => {
    const doc = threeBus();
    const st = useEditor.getState();
    st.load(doc.network, doc.layout);
    st.select(["B1", "B3"]);
    const s = () => useEditor.getState();
    s().run(rotateCommand({ network: s().network, layout: s().layout }, s().selection));
    const v = s().layout;
    expect(["B1", "B2", "B3"].map((id) => v[id].rotation)).toEqual([90, 0, 90]);
    s().undo();
    expect(s().layout).toEqual(doc.layout);
    s().redo();
    expect(s().layout).toEqual(v);
    expect(s().undoStack).toHaveLength(1);
  });
});

describe("bus labels", () => {
  const wireHits = (d: Doc, results: boolean) => {
    const scene = sceneOf(d);
    const p = placeDiagramLabels(scene, { busValue: results ? () => "0.9925 pu ∠-1.23°" : undefined });
    const hits: string[] = [];
    for (const b of scene.buses) {
      const boxes = [p.placed.get(`${b.id}:bus-name`)!.box];
      if (results) boxes.push(p.placed.get(`${b.id}:bus-value`)!.box);
      for (const br of scene.branches)
        for (let i = 1; i < br.points.length; i++) {
          const a = br.points[i - 1],
            c = br.points[i];
          const seg = { minX: Math.min(a.x, c.x), maxX: Math.max(a.x, c.x), minY: Math.min(a.y, c.y), maxY: Math.max(a.y, c.y) };
          for (const r of boxes) if (seg.minX < r.maxX && r.minX < seg.maxX && seg.minY < r.maxY && r.minY < seg.maxY) hits.push(`${br.id}×${b.id}`);
        }
    }
    return hits;
  };
  it("no branch wire runs through a bus name or result label", () => {
    const doc = threeBus();
    expect(wireHits(doc, true)).toEqual([]);
    expect(wireHits(doc, false)).toEqual([]);
    // also with rotated bars
    const rot = applyChanges(doc, rotateCommand(doc, ["B2", "B3"]).changes);
    expect(wireHits(rot, true)).toEqual([]);
  });
});
