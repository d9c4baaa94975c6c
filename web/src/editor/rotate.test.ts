import { describe, expect, it } from "vitest";
import { applyChanges, rotateCommand } from "./commands";
import { buildIndex, buildScene, nearestBus } from "./scene";
import { placeBusLabels, textBox, busNameText } from "./labels";
import { emptyNetwork, type Network } from "../model/network";
import { useEditor } from "../store/editor";

// B1 above B2, B3 right of B2: an external grid on B1, a load on B2, a generator on B3, lines B1-B2 and B2-B3
function threeBus(): Network {
  const net = emptyNetwork("three");
  net.buses = [
    { id: "B1", vn_kv: 20, x: 200, y: 100, length: 120 },
    { id: "B2", vn_kv: 20, x: 200, y: 260, length: 120 },
    { id: "B3", vn_kv: 20, x: 440, y: 260, length: 120 },
  ];
  net.external_grids = [{ id: "X1", bus: "B1" }];
  net.generators = [{ id: "G1", bus: "B3", p_mw: 10 }];
  net.loads = [{ id: "D1", bus: "B2", p_mw: 5, q_mvar: 2 }];
  net.lines = [
    { id: "L1", from_bus: "B1", to_bus: "B2", r_ohm_per_km: 0.1, x_ohm_per_km: 0.4 },
    { id: "L2", from_bus: "B2", to_bus: "B3", r_ohm_per_km: 0.1, x_ohm_per_km: 0.1, kind: "cable" },
  ];
  return net;
}

const onBar = (b: { x1: number; x2: number; y1: number; y2: number }, p: { x: number; y: number }) =>
  p.x >= b.x1 - 1e-9 && p.x <= b.x2 + 1e-9 && p.y >= b.y1 - 1e-9 && p.y <= b.y2 + 1e-9;

describe("rotate", () => {
  it("turns a bar about its centre and stores only the orientation", () => {
    const net = threeBus();
    const cmd = rotateCommand(net, ["B3"]);
    expect(cmd.changes).toHaveLength(1);
    const after = applyChanges(net, cmd.changes);
    const b3 = after.buses.find((b) => b.id === "B3")!;
    expect(b3).toEqual({ ...net.buses[2], orientation: "vertical" });
    const s = buildScene(after).busById.get("B3")!;
    expect(s.vertical).toBe(true);
    expect([s.x1, s.x2, s.y1, s.y2]).toEqual([440, 440, 200, 320]);
    // rotating back gives the element exactly (no orientation key: the schema default)
    const back = applyChanges(after, rotateCommand(after, ["B3"]).changes);
    expect(back).toEqual(net);
    expect("orientation" in back.buses[2]).toBe(false);
  });

  it("rotates each selected bus about its own centre; equipment selects its bus", () => {
    const net = threeBus();
    const after = applyChanges(net, rotateCommand(net, ["B1", "B2", "L1"]).changes);
    const scene = buildScene(after);
    for (const id of ["B1", "B2"]) {
      const b = scene.busById.get(id)!;
      const orig = net.buses.find((x) => x.id === id)!;
      expect(b.vertical).toBe(true);
      expect((b.y1 + b.y2) / 2).toBe(orig.y);
      expect(b.x).toBe(orig.x);
    }
    expect(scene.busById.get("B3")!.vertical).toBe(false);
    // only a load selected: its bus turns
    const viaLoad = rotateCommand(net, ["D1"]);
    expect(viaLoad.changes.map((c) => c.id)).toEqual(["B2"]);
    expect(rotateCommand(net, ["L1"]).changes).toEqual([]);
  });

  it("connections and attached equipment follow the bar", () => {
    const net = applyChanges(threeBus(), rotateCommand(threeBus(), ["B2"]).changes);
    const scene = buildScene(net);
    const b2 = scene.busById.get("B2")!;
    // the load hangs off the right side of the vertical bar, its wire horizontal
    const d1 = scene.nodes.find((n) => n.id === "D1")!;
    expect(onBar(b2, { x: d1.ax, y: d1.ay })).toBe(true);
    expect(d1.ay).toBe(d1.y);
    expect(d1.x).toBeGreaterThan(b2.x);
    // every branch starts and ends on its bars and is orthogonal; the wire leaves a vertical bar sideways
    for (const br of scene.branches) {
      const f = scene.busById.get(br.from)!,
        t = scene.busById.get(br.to)!;
      expect(onBar(f, br.points[0])).toBe(true);
      expect(onBar(t, br.points[br.points.length - 1])).toBe(true);
      for (let i = 1; i < br.points.length; i++) {
        const a = br.points[i - 1],
          c = br.points[i];
        expect(a.x === c.x || a.y === c.y).toBe(true);
      }
      const [p0, p1] = br.from === "B2" ? [br.points[0], br.points[1]] : [br.points[br.points.length - 1], br.points[br.points.length - 2]];
      if (br.from === "B2" || br.to === "B2") expect(p0.y).toBe(p1.y);
    }
    // no branch end shares an attachment point with equipment (its wire would run through the symbol)
    const both = applyChanges(net, rotateCommand(net, ["B3"]).changes);
    const sc2 = buildScene(both);
    for (const n of sc2.nodes)
      for (const br of sc2.branches)
        for (const p of [br.points[0], br.points[br.points.length - 1]]) expect(Math.hypot(p.x - n.ax, p.y - n.ay)).toBeGreaterThan(10);
    // snapping and hit-testing use the vertical bar
    const index = buildIndex(scene);
    expect(nearestBus(index, scene, { x: 203, y: 300 })?.id).toBe("B2");
    expect(nearestBus(index, scene, { x: 250, y: 260 }, 16)).toBeNull();
  });

  it("undo / redo through the store", () => {
    const net = threeBus();
    const st = useEditor.getState();
    st.load(net);
    st.select(["B1", "B3"]);
    useEditor.getState().run(rotateCommand(useEditor.getState().network, useEditor.getState().selection));
    const v = useEditor.getState().network.buses;
    expect(v.map((b) => b.orientation ?? "horizontal")).toEqual(["vertical", "horizontal", "vertical"]);
    useEditor.getState().undo();
    expect(useEditor.getState().network).toEqual(net);
    useEditor.getState().redo();
    expect(useEditor.getState().network.buses).toEqual(v);
    expect(useEditor.getState().undoStack).toHaveLength(1);
  });
});

describe("bus labels", () => {
  const wireHits = (net: Network, results: boolean) => {
    const scene = buildScene(net);
    const at = placeBusLabels(scene, results ? () => "0.9925 pu ∠-1.23°" : undefined);
    const hits: string[] = [];
    for (const b of scene.buses) {
      const pos = at.get(b.id)!;
      const boxes = [textBox(pos.name.x, pos.name.y, busNameText(b), 11)];
      if (results) boxes.push(textBox(pos.result.x, pos.result.y, "0.9925 pu ∠-1.23°", 11));
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
    const net = threeBus();
    expect(wireHits(net, true)).toEqual([]);
    expect(wireHits(net, false)).toEqual([]);
    // also with rotated bars
    const rot = applyChanges(net, rotateCommand(net, ["B2", "B3"]).changes);
    expect(wireHits(rot, true)).toEqual([]);
  });
});
