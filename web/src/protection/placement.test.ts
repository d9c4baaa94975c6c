// Placing protective devices: the branch end a click picks, the defaults, where they are drawn, deletion with
// their branch; and what a TCC drag does to a setting (pickup by the current factor, dial by the time factor).
import { describe, expect, it } from "vitest";
import { threeBus } from "../editor/testutil";
import { buildIndex, buildScene } from "../editor/scene";
import { applyChanges, deleteCommand } from "../editor/commands";
import { deviceMarks, locationAt, newDevice } from "./placement";
import { dragged } from "../components/TccView";
import { dragFactors, iAt, tAt, xPx, yPx, type Axes } from "./plot";
import { buildDevice, deviceOperate } from "./tcc";

describe("device placement", () => {
  const doc = threeBus();
  const scene = buildScene(doc.network, doc.layout);
  const index = buildIndex(scene);
  const l1 = scene.branchById.get("L1")!;
  const near = (pts: { x: number; y: number }[], k: number) => ({ x: (pts[k].x + pts[k + 1].x) / 2, y: (pts[k].y + pts[k + 1].y) / 2 });

  it("a click on a branch picks the nearer end's bus (not the bar at that end)", () => {
    const first = near(l1.points, 0),
      last = near(l1.points, l1.points.length - 2);
    expect(locationAt(scene, index, first, 6)).toEqual({ branch: "L1", bus: "B1" });
    expect(locationAt(scene, index, last, 6)).toEqual({ branch: "L1", bus: "B2" });
    expect(locationAt(scene, index, { x: -500, y: -500 }, 6)).toBeNull();
  });
  it("defaults: a 51 IEC-SI relay at 1.25 x the line rating, a K link", () => {
    const net = { ...doc.network, lines: doc.network.lines.map((l) => (l.id === "L1" ? { ...l, max_i_ka: 0.4 } : l)) };
    const r = newDevice(net, "relay", { branch: "L1", bus: "B1" });
    expect(r).toMatchObject({ id: "R1", branch: "L1", bus: "B1", elements: [{ function: "51", curve: "IEC-SI", pickup_a: 500, dial: 0.1 }] });
    const f = newDevice(net, "fuse", { branch: "L1", bus: "B1" });
    expect(f).toMatchObject({ id: "F1", fuse_type: "K", rated_a: 200 });
  });
  it("drawn near the CT's end of its branch, and deleted with the branch", () => {
    const net = { ...doc.network, relays: [newDevice(doc.network, "relay", { branch: "L1", bus: "B2" }) as never] };
    const [m] = deviceMarks(net, scene);
    const end = l1.points[l1.points.length - 1];
    expect(Math.hypot(m.x - end.x, m.y - end.y)).toBeLessThan(30);
    const cmd = deleteCommand({ network: net, layout: doc.layout }, ["L1"]);
    expect(cmd.changes.map((c) => c.id)).toContain("R1");
    expect(applyChanges({ network: net, layout: doc.layout }, cmd.changes).network.relays).toEqual([]);
  });
});

describe("TCC drag", () => {
  const a: Axes = { x0: 1, x1: 5, y0: -2, y1: 3, left: 50, top: 10, width: 800, height: 500 };
  it("axes map both ways", () => {
    expect(iAt(a, xPx(a, 1234))).toBeCloseTo(1234, 9);
    expect(tAt(a, yPx(a, 0.37))).toBeCloseTo(0.37, 12);
  });
  it("a drag scales pickup by the current factor and the dial by the time factor; the curve moves with the pointer", () => {
    const spec = { id: "R", elements: [{ function: "51" as const, curve: "IEEE-VI", pickup_a: 300, dial: 1 }] };
    const f = dragFactors(a, 80, -100); // 80 px right = 0.4 decade, 100 px up = 1 decade
    expect(f.i).toBeCloseTo(10 ** 0.4, 12);
    expect(f.t).toBeCloseTo(10, 12);
    const after = dragged("relay", spec, "operate", f.i, f.t) as typeof spec;
    expect(after.elements[0].pickup_a).toBe(Math.round(300 * 10 ** 0.4 * 10) / 10);
    expect(after.elements[0].dial).toBe(10);
    // the point of the curve under the pointer before the drag is on the new curve where the pointer is after it
    const i = 1500;
    const t = deviceOperate(buildDevice("relay", spec), i);
    const t2 = deviceOperate(buildDevice("relay", after), i * (after.elements[0].pickup_a / 300));
    expect(t2 / t).toBeCloseTo(10, 9);
  });
  it("a tap-set relay moves its tap; a generic fuse its rating; a recloser its pickup and delayed dial", () => {
    expect((dragged("relay", { id: "R", elements: [{ function: "51", tap_a: 5, dial: 0.2 }] }, "operate", 2, 1) as { elements: { tap_a: number }[] }).elements[0].tap_a).toBe(10);
    expect(dragged("fuse", { id: "F", fuse_type: "K", rated_a: 40 }, "total_clearing", 1.5, 3).rated_a).toBe(60);
    expect(dragged("recloser", { id: "RC", pickup_a: 100, delayed_dial: 1 }, "delayed", 2, 2)).toMatchObject({ pickup_a: 200, delayed_dial: 2 });
  });
});
