import { describe, expect, it } from "vitest";
import { buildScene } from "./scene";
import { boxOf, declutter, drawingObstacles, intersects, labelRequests, minZoom, placeDiagramLabels, PRIORITY, type LabelRequest } from "./labels";
import { gridLayout, threeBus } from "./testutil";
import { emptyNetwork, type Network } from "../model/elements";

const content = {
  busValue: () => "0.9925 pu ∠-1.23°",
  branchValue: () => "9.9 MW · 80 %",
  arrows: new Set(["L1", "L2"]),
};

/** Every pair of placed labels and every label against the drawing (bar, wires, symbols; its own wire excepted). */
function overlaps(scene: ReturnType<typeof buildScene>, p: ReturnType<typeof placeDiagramLabels>) {
  const out: string[] = [];
  const labels = [...p.placed.values()];
  for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) if (intersects(labels[i].box, labels[j].box)) out.push(`${labels[i].key}×${labels[j].key}`);
  // bus names and values may cross a wire when nothing else is free; nothing crosses a bar or a symbol
  const mayCross = (kind: string) => kind === "bus-name" || kind === "bus-value";
  for (const l of labels) for (const o of drawingObstacles(scene, content.arrows)) if (o.owner !== l.id && !(o.soft && mayCross(l.kind)) && intersects(l.box, o)) out.push(`${l.key}×drawing`);
  return out;
}

/** A dense mesh: n buses on a tight grid, each joined to its right and lower neighbour, a load on every bus. */
function dense(n: number, dx: number, dy: number) {
  const net: Network = emptyNetwork("dense");
  net.buses = Array.from({ length: n }, (_, i) => ({ id: `Bus ${i + 1}`, vn_kv: 138 }));
  const cols = Math.ceil(Math.sqrt(n));
  for (let i = 0; i < n; i++) {
    if ((i + 1) % cols && i + 1 < n) net.lines.push({ id: `L${i}h`, from_bus: `Bus ${i + 1}`, to_bus: `Bus ${i + 2}` });
    if (i + cols < n) net.lines.push({ id: `L${i}v`, from_bus: `Bus ${i + 1}`, to_bus: `Bus ${i + cols + 1}` });
    net.loads.push({ id: `Load ${i + 1}`, bus: `Bus ${i + 1}`, p_mw: 1 });
  }
  return { net, layout: gridLayout(net, dx, dy) };
}

describe("label decluttering", () => {
  it("places every label of a roomy diagram, clear of the drawing and of each other", () => {
    const { network, layout } = threeBus();
    const scene = buildScene(network, layout);
    const p = placeDiagramLabels(scene, content);
    expect(p.dropped).toEqual([]);
    // 3 names + 3 |V| + 2 flows + 3 equipment names
    expect(p.placed.size).toBe(11);
    expect(overlaps(scene, p)).toEqual([]);
  });

  it("drops labels rather than overlap them on a crowded diagram, lowest priority first", () => {
    const { net, layout } = dense(49, 130, 70);
    const scene = buildScene(net, layout);
    const p = placeDiagramLabels(scene, content);
    expect(overlaps(scene, p)).toEqual([]);
    expect(p.dropped.length).toBeGreaterThan(0);
    // a label is dropped only where every candidate meets the drawing or a label of the same or a higher priority
    const reqs = new Map(labelRequests(scene, content).map((r) => [r.key, r]));
    const drawing = drawingObstacles(scene, content.arrows);
    const placed = [...p.placed.values()];
    const rank = (k: string) => PRIORITY.indexOf(k as (typeof PRIORITY)[number]);
    for (const key of p.dropped) {
      const r = reqs.get(key)!;
      for (const c of r.candidates) {
        const box = boxOf(c, r.text, r.kind);
        const blocked = drawing.some((o) => o.owner !== r.id && !(o.soft && (r.kind === "bus-name" || r.kind === "bus-value")) && intersects(box, o)) || placed.some((l) => rank(l.kind) <= rank(r.kind) && intersects(box, l.box));
        expect(blocked, `${key} at ${JSON.stringify(c)}`).toBe(true);
      }
    }
    // every bus keeps its name (crossing a wire if it must)
    expect(placed.filter((l) => l.kind === "bus-name").length).toBe(49);
  });

  it("a higher-priority label takes the contested place", () => {
    const spot = [{ x: 0, y: 20 }];
    const req: LabelRequest[] = [
      { key: "L:branch-value", id: "L", kind: "branch-value", text: "12.0 MW", candidates: spot },
      { key: "B:bus-name", id: "B", kind: "bus-name", text: "Bus 1 · 138 kV", candidates: spot },
    ];
    const p = declutter(req, []);
    expect([...p.placed.keys()]).toEqual(["B:bus-name"]);
    expect(p.dropped).toEqual(["L:branch-value"]);
  });

  it("a label ignores its own branch's wire but not another's", () => {
    const wire = { minX: -100, minY: 14, maxX: 100, maxY: 16, owner: "L" };
    const req: LabelRequest[] = [{ key: "L:branch-value", id: "L", kind: "branch-value", text: "1 MW", candidates: [{ x: 0, y: 20 }] }];
    expect(declutter(req, [wire]).placed.size).toBe(1);
    expect(declutter(req, [{ ...wire, owner: "M" }]).placed.size).toBe(0);
  });

  it("a bus name crosses a wire rather than be dropped; a flow label is dropped", () => {
    const wire = { minX: -100, minY: 14, maxX: 100, maxY: 16, owner: "M", soft: true };
    const at = [{ x: 0, y: 20 }];
    const p = declutter(
      [
        { key: "B:bus-name", id: "B", kind: "bus-name", text: "Bus 1", candidates: at },
        { key: "L:branch-value", id: "L", kind: "branch-value", text: "1 MW", candidates: [{ x: 200, y: 20 }, { x: 0, y: 20 }] },
        { key: "N:node-name", id: "N", kind: "node-name", text: "load", candidates: at },
      ],
      [wire, { minX: 150, minY: 0, maxX: 300, maxY: 30 }],
    );
    expect([...p.placed.keys()]).toEqual(["B:bus-name"]);
    expect(p.dropped).toEqual(["L:branch-value", "N:node-name"]);
  });

  it("names appear at a farther zoom than values", () => {
    expect(minZoom("bus-name")).toBeLessThan(minZoom("bus-value"));
    expect(minZoom("bus-value")).toBeLessThanOrEqual(minZoom("branch-value"));
    // readable: at least 6 px on screen
    expect(minZoom("bus-name") * 11).toBeGreaterThanOrEqual(6);
  });
});
