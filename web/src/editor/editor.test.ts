import { describe, expect, it } from "vitest";
import { addCommand, applyChanges, copySelection, deleteCommand, moveCommand, pasteCommand, updateCommand, type Doc } from "./commands";
import { boxSelect, buildIndex, buildScene, hitTest, nearestBus } from "./scene";
import { newAttached, newBranch, newBus } from "./factory";
import { validateElement, unitOf } from "../schema/validate";
import { labelOf } from "../schema/units";
import { emptyNetwork, normalizeNetwork } from "../model/elements";
import { useEditor } from "../store/editor";
import { loadVector } from "../solver/testutil";
import { gridLayout, orthogonal } from "./testutil";

function small(): Doc {
  let doc: Doc = { network: emptyNetwork("t"), layout: {} };
  const add = (cmd: ReturnType<typeof addCommand>) => (doc = applyChanges(doc, cmd.changes));
  const b1 = newBus(doc.network, 100, 100);
  add(addCommand("buses", b1.el, undefined, b1.placement));
  const b2 = newBus(doc.network, 100, 300);
  add(addCommand("buses", b2.el, undefined, b2.placement));
  const ln = newBranch(doc.network, "line", b1.el.id, b2.el.id);
  add(addCommand(ln.list, ln.el));
  add(addCommand("loads", newAttached(doc.network, "load", b2.el.id)));
  add(addCommand("external_grids", newAttached(doc.network, "external_grid", b1.el.id)));
  return doc;
}

describe("commands", () => {
  it("apply and invert are exact; a network edit keeps the diagram object", () => {
    const doc = small();
    const cmd = updateCommand(doc.network, "D1", { p_mw: 42 })!;
    const after = applyChanges(doc, cmd.changes);
    expect(after.network.loads[0].p_mw).toBe(42);
    expect(after.layout).toBe(doc.layout);
    expect(applyChanges(after, cmd.changes, true)).toEqual(doc);
  });
  it("a new bus gets its bar on the diagram, snapped to the grid", () => {
    const doc = small();
    expect(doc.network.buses[0]).toEqual({ id: "B1", name: "", vn_kv: 20 });
    expect(doc.layout.B1).toEqual({ x: 100, y: 100, rotation: 0, length: 120, waypoints: [] });
  });
  it("deleting a bus deletes what is connected to it, and their diagram entries", () => {
    const doc = small();
    const cmd = deleteCommand(doc, ["B2"]);
    const after = applyChanges(doc, cmd.changes);
    expect(after.network.buses.map((b) => b.id)).toEqual(["B1"]);
    expect(after.network.lines).toEqual([]);
    expect(after.network.loads).toEqual([]);
    expect(Object.keys(after.layout)).toEqual(["B1"]);
    expect(applyChanges(after, cmd.changes, true)).toEqual(doc);
  });
  it("copy/paste gives fresh ids, remaps bus references and offsets the placements", () => {
    const doc = small();
    const clip = copySelection(doc, ["B1", "B2"]);
    expect(clip.map((c) => c.el.id)).toEqual(["B1", "B2", "L1", "X1", "D1"]);
    const after = applyChanges(doc, pasteCommand(doc, clip).changes);
    expect(after.network.buses.map((b) => b.id)).toEqual(["B1", "B2", "B3", "B4"]);
    expect(after.network.lines[1]).toMatchObject({ id: "L2", from_bus: "B3", to_bus: "B4" });
    expect(after.layout.B3).toMatchObject({ x: 140, y: 140 });
  });
  it("repeated pastes land one step further each and get unique names (issue 18)", () => {
    let doc = small();
    doc = applyChanges(doc, [{ list: "buses", id: "B1", before: doc.network.buses[0], after: { ...doc.network.buses[0], name: "Main" } }]);
    const clip = copySelection(doc, ["B1"]);
    const once = applyChanges(doc, pasteCommand(doc, clip).changes);
    const twice = applyChanges(once, pasteCommand(once, clip).changes);
    const thrice = applyChanges(twice, pasteCommand(twice, clip).changes);
    const pasted = thrice.network.buses.slice(2);
    expect(pasted.map((b) => b.name)).toEqual(["Main (2)", "Main (3)", "Main (4)"]);
    const spots = pasted.map((b) => `${thrice.layout[b.id].x},${thrice.layout[b.id].y}`);
    expect(new Set(spots).size).toBe(3);
    expect(spots).toEqual(["140,140", "180,180", "220,220"]);
  });
  it("store undo/redo walks the command stack", () => {
    const st = useEditor.getState();
    const doc = small();
    st.load(doc.network, doc.layout);
    st.run(moveCommand(doc, ["B1"], 50, 0));
    expect(useEditor.getState().network).toBe(doc.network); // a move is a diagram edit only
    st.run(deleteCommand({ network: useEditor.getState().network, layout: useEditor.getState().layout }, ["D1"]));
    expect(useEditor.getState().network.loads).toEqual([]);
    st.undo();
    expect(useEditor.getState().network.loads.length).toBe(1);
    st.undo();
    expect(useEditor.getState().layout.B1.x).toBe(100);
    st.redo();
    expect(useEditor.getState().layout.B1.x).toBe(150);
    st.run(updateCommand(useEditor.getState().network, "B1", { name: "x" }));
    expect(useEditor.getState().redoStack.length).toBe(0);
  });
});

describe("scene and R-tree", () => {
  it("hit-tests, snaps and box-selects", () => {
    const doc = small();
    const scene = buildScene(doc.network, doc.layout);
    const tree = buildIndex(scene);
    expect(hitTest(tree, { x: 120, y: 101 })?.id).toBe("B1");
    expect(nearestBus(tree, scene, { x: 130, y: 112 }, 16)?.id).toBe("B1");
    expect(nearestBus(tree, scene, { x: 130, y: 200 }, 16)).toBeNull();
    const node = scene.nodeById.get("D1")!;
    expect(hitTest(tree, { x: node.x, y: node.y })?.id).toBe("D1");
    expect(boxSelect(tree, { x: 0, y: 0 }, { x: 300, y: 150 })).toContain("B1");
    const line = scene.branches[0];
    expect(line.points.length).toBe(4);
    expect(orthogonal(line.points)).toBe(true);
    // a branch segment hit names its segment (for bending the route)
    const seg = hitTest(tree, { x: line.points[0].x, y: (line.points[0].y + line.points[1].y) / 2 });
    expect(seg).toMatchObject({ id: "L1", seg: 0 });
  });
  it("scales to thousands of elements", () => {
    const vec = loadVector("case1354pegase") ?? loadVector("case118")!;
    const net = normalizeNetwork(vec.network);
    const scene = buildScene(net, gridLayout(net));
    const tree = buildIndex(scene);
    const b = scene.buses[10];
    expect(hitTest(tree, { x: b.x, y: b.y })?.id).toBeDefined();
  });
});

describe("validation with the engine's schema; labels and units from the contract", () => {
  it("reports the field", () => {
    expect(validateElement("loads", { id: "D1", bus: "B1", p_mw: 5 })).toEqual([]);
    const e = validateElement("lines", { id: "L1", from_bus: "a", to_bus: "b", r_ohm_per_km: -1, x_ohm_per_km: 0.3, length_km: 0 });
    expect(e.map((x) => x.field).sort()).toEqual(["length_km", "r_ohm_per_km"]);
    expect(validateElement("buses", { id: "B", vn_kv: 20, bogus: 1 })[0].field).toBe("bogus");
    // diagram fields are not the network's any more
    expect(validateElement("buses", { id: "B", vn_kv: 20, x: 1 })[0].field).toBe("x");
  });
  it("knows units and the engineering labels", () => {
    expect(unitOf("r_ohm_per_km")).toBe("Ω/km");
    expect(unitOf("vn_kv")).toBe("kV");
    expect(unitOf("vk_percent")).toBe("%");
    expect(labelOf("BusResult", "vm_pu").text).toBe("|V| pu");
    expect(labelOf("BusResult", "va_deg").text).toBe("θ °");
    expect(labelOf("ShortCircuitBusResult", "ikss_ka").text).toBe("I″k kA");
    expect(labelOf("BranchResult", "loading_percent").text).toBe("Loading %");
  });
});
