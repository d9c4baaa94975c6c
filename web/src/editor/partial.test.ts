import { describe, expect, it } from "vitest";
import { applyChanges, moveCommand, resizeCommand, routeCommand, type Doc } from "./commands";
import { buildScene, patchScene, sceneAround } from "./scene";
import { entry } from "./diagram";
import { gridLayout, threeBus } from "./testutil";
import { emptyNetwork, type Network } from "../model/elements";

/** A meshed grid with equipment (free and along the bar), a transformer and a three-winding transformer. */
function meshed(): Doc {
  const net: Network = emptyNetwork("mesh");
  net.buses = Array.from({ length: 25 }, (_, i) => ({ id: `B${i}`, vn_kv: i === 24 ? 10 : 110 }));
  for (let i = 0; i < 24; i++) {
    if ((i + 1) % 5) net.lines.push({ id: `Lh${i}`, from_bus: `B${i}`, to_bus: `B${i + 1}` });
    if (i + 5 < 24) net.lines.push({ id: `Lv${i}`, from_bus: `B${i}`, to_bus: `B${i + 5}` });
    net.loads.push({ id: `D${i}`, bus: `B${i}`, p_mw: 1 });
  }
  net.transformers.push({ id: "T1", hv_bus: "B18", lv_bus: "B24" } as Network["transformers"][number]);
  net.transformers3w.push({ id: "T3", hv_bus: "B6", mv_bus: "B7", lv_bus: "B12" } as Network["transformers3w"][number]);
  net.generators.push({ id: "G1", bus: "B12", p_mw: 5 });
  net.motors.push({ id: "M1", bus: "B12", pn_mech_mw: 1 } as Network["motors"][number]);
  const layout = { ...gridLayout(net), G1: entry({ x: 560, y: 330 }) };
  // explicit bar lengths: the partial scene pins them (a full rebuild could re-derive a moved bar's default)
  for (const b of net.buses) layout[b.id] = { ...layout[b.id], length: 120 };
  return { network: net, layout };
}

function check(doc: Doc, changes: ReturnType<typeof moveCommand>["changes"]) {
  const base = buildScene(doc.network, doc.layout);
  const shown = applyChanges(doc, changes);
  const full = buildScene(shown.network, shown.layout);
  const { scene, ids } = sceneAround(shown.network, shown.layout, base, changes.map((c) => c.id));
  const patched = patchScene(base, scene, ids);
  expect(patched.buses).toEqual(full.buses);
  expect(patched.nodes).toEqual(full.nodes);
  expect(patched.branches).toEqual(full.branches);
  expect(patched.trafo3).toEqual(full.trafo3);
  return ids;
}

describe("partial scene during a drag", () => {
  it("moving buses rebuilds only their shapes and gives the full rebuild's result", () => {
    const doc = meshed();
    const ids = check(doc, moveCommand(doc, ["B12"], 30, -40).changes);
    expect(ids.has("B12") && ids.has("D12") && ids.has("G1") && ids.has("M1") && ids.has("T3") && ids.has("Lh11")).toBe(true);
    expect(ids.has("B0")).toBe(false);
    check(doc, moveCommand(doc, ["B6", "B7", "B18"], -50, 20).changes);
  });
  it("moving a symbol, resizing a bar and bending a route", () => {
    const doc = meshed();
    check(doc, moveCommand(doc, ["G1"], 40, 40).changes);
    check(doc, resizeCommand(doc, "B7", 200).changes);
    check(doc, routeCommand(doc, "Lv2", [[300, 200]]).changes);
    const three = threeBus();
    check(three, moveCommand(three, ["B2"], 0, 60).changes);
  });
});
