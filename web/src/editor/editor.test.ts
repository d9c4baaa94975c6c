import { describe, expect, it } from "vitest";
import { addCommand, applyChanges, deleteCommand, moveCommand, pasteCommand, updateCommand } from "./commands";
import { boxSelect, buildIndex, buildScene, hitTest, nearestBus } from "./scene";
import { autoLayout, needsLayout } from "./layout";
import { newAttached, newBranch, newBus } from "./factory";
import { validateElement, validateNetwork, unitOf } from "../schema/validate";
import { emptyNetwork, type Network } from "../model/network";
import { useEditor } from "../store/editor";
import { loadVector } from "../solver/testutil";

function small(): Network {
  let net = emptyNetwork("t");
  const b1 = newBus(net, 100, 100);
  net = applyChanges(net, addCommand("buses", b1).changes);
  const b2 = newBus(net, 100, 300);
  net = applyChanges(net, addCommand("buses", b2).changes);
  const ln = newBranch(net, "line", b1.id, b2.id);
  net = applyChanges(net, addCommand(ln.list, ln.el).changes);
  const ld = newAttached(net, "load", b2.id);
  net = applyChanges(net, addCommand("loads", ld).changes);
  const eg = newAttached(net, "external_grid", b1.id);
  return applyChanges(net, addCommand("external_grids", eg).changes);
}

describe("commands", () => {
  it("apply and invert are exact", () => {
    const net = small();
    const cmd = updateCommand(net, "D1", { p_mw: 42 })!;
    const after = applyChanges(net, cmd.changes);
    expect(after.loads![0].p_mw).toBe(42);
    expect(applyChanges(after, cmd.changes, true)).toEqual(net);
  });
  it("deleting a bus deletes what is connected to it", () => {
    const net = small();
    const cmd = deleteCommand(net, ["B2"]);
    const after = applyChanges(net, cmd.changes);
    expect(after.buses.map((b) => b.id)).toEqual(["B1"]);
    expect(after.lines).toEqual([]);
    expect(after.loads).toEqual([]);
    expect(applyChanges(after, cmd.changes, true).loads).toEqual(net.loads);
  });
  it("paste gives fresh ids and remaps bus references", () => {
    const net = small();
    const clip = [
      { list: "buses" as const, el: net.buses[0] },
      { list: "buses" as const, el: net.buses[1] },
      { list: "lines" as const, el: net.lines![0] },
    ];
    const cmd = pasteCommand(net, clip);
    const after = applyChanges(net, cmd.changes);
    expect(after.buses.map((b) => b.id)).toEqual(["B1", "B2", "B3", "B4"]);
    expect(after.lines![1]).toMatchObject({ id: "L2", from_bus: "B3", to_bus: "B4" });
    expect(after.buses[2].x).toBe(net.buses[0].x! + 40);
  });
  it("store undo/redo walks the command stack", () => {
    const st = useEditor.getState();
    st.load(small());
    st.run(moveCommand(useEditor.getState().network, ["B1"], 50, 0));
    st.run(deleteCommand(useEditor.getState().network, ["D1"]));
    expect(useEditor.getState().network.loads).toEqual([]);
    st.undo();
    expect(useEditor.getState().network.loads!.length).toBe(1);
    st.undo();
    expect(useEditor.getState().network.buses[0].x).toBe(100);
    st.redo();
    expect(useEditor.getState().network.buses[0].x).toBe(150);
    st.run(updateCommand(useEditor.getState().network, "B1", { name: "x" }));
    expect(useEditor.getState().redoStack.length).toBe(0);
  });
});

describe("scene and R-tree", () => {
  it("hit-tests, snaps and box-selects", () => {
    const scene = buildScene(small());
    const tree = buildIndex(scene);
    expect(hitTest(tree, { x: 120, y: 101 })?.id).toBe("B1");
    expect(nearestBus(tree, scene, { x: 130, y: 112 }, 16)?.id).toBe("B1");
    expect(nearestBus(tree, scene, { x: 130, y: 200 }, 16)).toBeNull();
    const node = scene.nodes.find((n) => n.id === "D1")!;
    expect(hitTest(tree, { x: node.x, y: node.y })?.id).toBe("D1");
    expect(boxSelect(tree, { x: 0, y: 0 }, { x: 300, y: 150 })).toContain("B1");
    const line = scene.branches[0];
    expect(line.points.length).toBe(4);
    expect(line.points.every((p, i) => i === 0 || p.x === line.points[i - 1].x || p.y === line.points[i - 1].y)).toBe(true);
  });
  it("scales to thousands of elements", () => {
    const vec = loadVector("case1354pegase") ?? loadVector("case118");
    const net = autoLayout(vec.network);
    const scene = buildScene(net);
    const tree = buildIndex(scene);
    const b = scene.buses[10];
    expect(hitTest(tree, { x: b.x, y: b.y })?.id).toBeDefined();
  });
});

describe("automatic layout", () => {
  it("places every bus, no two on the same spot", () => {
    const vec = loadVector("case118");
    expect(needsLayout(vec.network)).toBe(true);
    const net = autoLayout(vec.network);
    expect(needsLayout(net)).toBe(false);
    const spots = new Set(net.buses.map((b) => `${b.x},${b.y}`));
    expect(spots.size).toBe(net.buses.length);
    const xs = net.buses.map((b) => b.x!);
    const ys = net.buses.map((b) => b.y!);
    const w = Math.max(...xs) - Math.min(...xs),
      h = Math.max(...ys) - Math.min(...ys);
    expect(w / h).toBeLessThan(4); // roughly square, not a line
    expect(h / w).toBeLessThan(4);
  });
});

describe("validation with the engine's schema", () => {
  it("reports the field", () => {
    expect(validateElement("loads", { id: "D1", bus: "B1", p_mw: 5 })).toEqual([]);
    const e = validateElement("lines", { id: "L1", from_bus: "a", to_bus: "b", r_ohm_per_km: -1, x_ohm_per_km: 0.3, length_km: 0 });
    expect(e.map((x) => x.field).sort()).toEqual(["length_km", "r_ohm_per_km"]);
    expect(validateElement("loads", { id: "D1", bus: "B1", const_z_percent: 70, const_i_percent: 40 })[0].field).toBe("const_z_percent");
    expect(validateElement("buses", { id: "B", vn_kv: 20, bogus: 1 })[0].field).toBe("bogus");
  });
  it("checks references like the engine", () => {
    const net = small();
    expect(validateNetwork(net)).toEqual([]);
    net.loads![0] = { ...net.loads![0], bus: "nope" };
    expect(validateNetwork(net)).toEqual([{ element_id: "D1", field: "bus", message: "unknown bus 'nope'" }]);
  });
  it("knows units", () => {
    expect(unitOf("r_ohm_per_km")).toBe("Ω/km");
    expect(unitOf("vn_kv")).toBe("kV");
    expect(unitOf("vk_percent")).toBe("%");
  });
});
