import { describe, expect, it } from "vitest";
import { buildScene } from "./scene";
import { intersects, obstacles, placeLabels, textBox, type LabelRequest } from "./labels";
import { threeBus as threeBusDoc } from "./testutil";

const threeBus = () => threeBusDoc();

describe("branch result labels", () => {
  it("keep clear of bus bars, bus labels (|V| ∠θ), symbols and each other", () => {
    const scene = buildScene(threeBus().network, threeBus().layout);
    const avoid = obstacles(scene, { busResults: true, busSc: new Map([["B2", "⚡ Ik″ 8.11 kA"]]), arrows: new Set(["L1", "L2"]) });
    const req: LabelRequest[] = scene.branches.flatMap((br) => [
      { branch: br, key: "flow", text: "9.9 MW · 80%", px: 10 },
      { branch: br, key: "sc", text: "2.98 kA", px: 10 },
    ]);
    const at = placeLabels(req, avoid);
    expect(at.size).toBe(4);
    const boxes = req.map((r) => textBox(at.get(`${r.branch.id}:${r.key}`)!.x, at.get(`${r.branch.id}:${r.key}`)!.y, r.text, r.px));
    req.forEach((r, i) => {
      for (const o of avoid) if (o.owner !== r.branch.id) expect(intersects(boxes[i], o), `${r.branch.id}:${r.key} vs ${JSON.stringify(o)}`).toBe(false);
    });
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(intersects(boxes[i], boxes[j])).toBe(false);
  });

  it("stay next to their own branch", () => {
    const scene = buildScene(threeBus().network, threeBus().layout);
    const br = scene.branches.find((b) => b.id === "L2")!;
    const at = placeLabels([{ branch: br, key: "flow", text: "9.9 MW · 80%", px: 10 }], obstacles(scene, { busResults: true, busSc: new Map() })).get("L2:flow")!;
    const dist = Math.min(...br.points.slice(1).map((p, i) => distToSeg(at, br.points[i], p)));
    expect(dist).toBeLessThan(40);
  });
});

function distToSeg(p: { x: number; y: number }, a: { x: number; y: number }, b: { x: number; y: number }) {
  const dx = b.x - a.x,
    dy = b.y - a.y;
  const t = Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(p.x - a.x - t * dx, p.y - a.y - t * dy);
}
