import { describe, expect, it } from "vitest";
import { addCommand, applyChanges, type Doc } from "./commands";
import { newAttached, newBranch, newBus } from "./factory";
import { buildScene } from "./scene";
import { boundsOf } from "./focus";
import { emptyNetwork } from "../model/elements";
import { whereOf } from "../components/Problems";

function twoBuses(): Doc {
  let doc: Doc = { network: emptyNetwork("t"), layout: {} };
  const add = (cmd: ReturnType<typeof addCommand>) => (doc = applyChanges(doc, cmd.changes));
  const b1 = newBus(doc.network, 100, 100);
  add(addCommand("buses", b1.el, undefined, b1.placement));
  const b2 = newBus(doc.network, 700, 500);
  add(addCommand("buses", b2.el, undefined, b2.placement));
  add(addCommand("lines", newBranch(doc.network, "line", b1.el.id, b2.el.id).el));
  add(addCommand("loads", newAttached(doc.network, "load", b2.el.id)));
  return doc;
}

describe("framing elements", () => {
  it("the box of a bus, of a branch route and of a symbol; none for unknown ids", () => {
    const doc = twoBuses();
    const scene = buildScene(doc.network, doc.layout);
    const bus = scene.busById.get("B2")!;
    expect(boundsOf(scene, ["B2"])).toEqual({ minX: bus.x1, minY: bus.y1, maxX: bus.x2, maxY: bus.y2 });
    const line = boundsOf(scene, ["L1"])!;
    expect(line.minY).toBeLessThanOrEqual(100);
    expect(line.maxY).toBeGreaterThanOrEqual(500);
    const load = scene.nodeById.get("D1")!;
    expect(boundsOf(scene, ["D1"])).toEqual({ minX: load.x, minY: load.y, maxX: load.x, maxY: load.y });
    expect(boundsOf(scene, ["nope"])).toBeNull();
  });
});

describe("where an API error is", () => {
  it("names the file line, the element and the field; an upload's placeholder takes the file's name", () => {
    expect(whereOf({ message: "x", file: "<matpower>", line: 12, field: "content.mpc.branch.x" }, "bad.m")).toBe("bad.m:12 · content.mpc.branch.x");
    expect(whereOf({ message: "x", line: 3 })).toBe("line 3");
    expect(whereOf({ message: "x", element_id: "gen_1", field: "xdss_pu" })).toBe("gen_1 · xdss_pu");
    expect(whereOf({ message: "x", element_id: "gen_1", field: "network.generators[3].xdss_pu" })).toBe("gen_1 · xdss_pu");
    expect(whereOf({ message: "x", element_id: "L1", field: "network.lines.0.r_ohm_per_km" })).toBe("L1 · r_ohm_per_km");
    // a field inside one of a relay's overcurrent elements keeps its index
    expect(whereOf({ message: "x", element_id: "R1", field: "elements.1.curve" })).toBe("R1 · elements.1.curve");
    expect(whereOf({ message: "x", element_id: "R1", field: "network.relays.0.elements.1.curve" })).toBe("R1 · elements.1.curve");
  });
});
