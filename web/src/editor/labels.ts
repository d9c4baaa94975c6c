// Placement of the result labels on branches (flow MW · loading %, short-circuit kA) so that they do not cover
// bus bars, bus labels (name, |V| ∠θ), equipment symbols or each other: candidates along the branch route (the
// longest runs first, their middle first, both sides of the wire); the first free one wins (R-tree queries).

import RBush from "rbush";
import type { BranchShape, BusShape, NodeShape, Pt, Scene } from "./scene";

export interface Rect {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  owner?: string; // a branch's own wire does not push its labels away
}

/** Approximate text box for a label drawn at baseline (x, y) with start anchor. */
export function textBox(x: number, y: number, text: string, px: number): Rect {
  const w = text.length * px * 0.62;
  return { minX: x, minY: y - px * 0.85, maxX: x + w, maxY: y + px * 0.3 };
}

export const BUS_PX = 11;
export const busNameText = (b: BusShape) => `${b.label} · ${b.vn} kV`;
/** Width reserved for a bus result label when its text is not known yet. */
export const BUS_RESULT_SAMPLE = "1.0000 pu ∠-00.00°";

/** Short-circuit label of a bus: right of a horizontal bar, above the name of a vertical one. */
export function busScAt(b: BusShape): Pt {
  return b.vertical ? { x: b.x + 8, y: b.y1 - 26 } : { x: b.x2 + 6, y: b.y + 4 };
}

/** Label of attached equipment: right of the symbol; left of it when its connector leaves to the right. */
export function nodeLabelAt(n: NodeShape): Pt {
  if (n.rotation === 90) return { x: n.x - 18 - n.label.length * 10 * 0.62, y: n.y + 4 };
  return { x: n.x + 18, y: n.y + 4 };
}

/** The bar itself as a box. */
function barRect(b: BusShape): Rect {
  return { minX: b.x1 - 4, minY: b.y1 - 4, maxX: b.x2 + 4, maxY: b.y2 + 4 };
}

export interface BusLabelPos {
  name: Pt;
  result: Pt;
}

/** Baseline positions (start anchor) to try for a bus's name / result label, preferred first. */
function busCandidates(b: BusShape, w: number, which: "name" | "result"): Pt[] {
  if (b.vertical) {
    const top = [{ x: b.x - w / 2, y: b.y1 - 10 }, { x: b.x + 10, y: b.y1 + 4 }, { x: b.x - 10 - w, y: b.y1 + 4 }];
    const bottom = [{ x: b.x - w / 2, y: b.y2 + 18 }, { x: b.x + 10, y: b.y2 - 2 }, { x: b.x - 10 - w, y: b.y2 - 2 }];
    const far = [{ x: b.x - w / 2, y: b.y1 - 24 }, { x: b.x - w / 2, y: b.y2 + 32 }];
    return which === "name" ? [...top, ...bottom, ...far] : [...bottom, ...top, ...far];
  }
  const above = [{ x: b.x1, y: b.y - 8 }, { x: b.x2 - w, y: b.y - 8 }];
  const below = [{ x: b.x1, y: b.y + 18 }, { x: b.x2 - w, y: b.y + 18 }];
  // beyond the ends: the result goes under the name when both end up there
  const ends = [{ x: b.x2 + 8, y: b.y + 4 }, { x: b.x2 + 8, y: b.y + 18 }, { x: b.x1 - 8 - w, y: b.y + 4 }, { x: b.x1 - 8 - w, y: b.y + 18 }];
  const far = [{ x: b.x1, y: b.y - 22 }, { x: b.x1, y: b.y + 32 }];
  return which === "name" ? [...above, ...below, ...ends, ...far] : [...below, ...above, ...ends, ...far];
}

/**
 * Bus labels (name · kV, and |V| ∠θ when there are results) on a side of the bar no wire leaves from: the
 * candidates (above / below / beyond the ends) are tried in order against wires, bars, symbols and labels
 * already placed (R-tree); the first free one wins, else the one with the fewest crossings.
 */
export function placeBusLabels(scene: Scene, resultText?: (busId: string) => string | undefined, busSc?: Map<string, string>): Map<string, BusLabelPos> {
  const tree = new RBush<Rect>();
  const fixed: Rect[] = [];
  for (const b of scene.buses) {
    fixed.push(barRect(b));
    const sc = busSc?.get(b.id);
    if (sc) fixed.push(textBox(busScAt(b).x, busScAt(b).y, sc, BUS_PX));
  }
  for (const n of scene.nodes) {
    fixed.push({ minX: n.x - 16, minY: n.y - 16, maxX: n.x + 16, maxY: n.y + 16 });
    fixed.push(...wireRects(n.wire));
    const at = nodeLabelAt(n);
    fixed.push(textBox(at.x, at.y, n.label, 10));
  }
  for (const br of scene.branches) {
    const r = br.kind === "transformer" ? 20 : br.kind === "switch" ? 9 : 0;
    if (r) fixed.push({ minX: br.mid.x - r, minY: br.mid.y - r, maxX: br.mid.x + r, maxY: br.mid.y + r });
    fixed.push(...wireRects(br.points));
  }
  for (const t of scene.trafo3) {
    for (const leg of t.legs) fixed.push(...wireRects(leg.points));
    fixed.push({ minX: t.center.x - 18, minY: t.center.y - 18, maxX: t.center.x + 18, maxY: t.center.y + 16 });
  }
  tree.load(fixed);
  const out = new Map<string, BusLabelPos>();
  const put = (b: BusShape, text: string, which: "name" | "result"): Pt => {
    const w = text.length * BUS_PX * 0.62;
    const cands = busCandidates(b, w, which);
    let best = cands[0],
      bestHits = Infinity;
    for (const c of cands) {
      const box = textBox(c.x, c.y, text, BUS_PX);
      const n = tree.search({ minX: box.minX + 0.5, minY: box.minY + 0.5, maxX: box.maxX - 0.5, maxY: box.maxY - 0.5 }).length;
      if (n < bestHits) {
        best = c;
        bestHits = n;
        if (!n) break;
      }
    }
    tree.insert(textBox(best.x, best.y, text, BUS_PX));
    return best;
  };
  for (const b of scene.buses) {
    const name = put(b, busNameText(b), "name");
    const rt = resultText?.(b.id);
    const result = rt != null ? put(b, rt, "result") : busCandidates(b, BUS_RESULT_SAMPLE.length * BUS_PX * 0.62, "result")[0];
    out.set(b.id, { name, result });
  }
  return out;
}

/** What labels must keep clear of: bars, the bus name and result labels beside them, symbols. */
export function obstacles(
  scene: Scene,
  opts: { busResults: boolean; busSc: Map<string, string>; arrows?: Set<string>; busLabels?: Map<string, BusLabelPos>; busResultText?: (id: string) => string | undefined },
): Rect[] {
  const out: Rect[] = [];
  for (const b of scene.buses) {
    out.push(barRect(b));
    const at = opts.busLabels?.get(b.id);
    out.push(at ? textBox(at.name.x, at.name.y, busNameText(b), BUS_PX) : textBox(b.x1, b.y - 8, busNameText(b), BUS_PX));
    if (opts.busResults) {
      const text = opts.busResultText?.(b.id) ?? BUS_RESULT_SAMPLE;
      out.push(at ? textBox(at.result.x, at.result.y, text, BUS_PX) : textBox(b.x1, b.y + 18, text, BUS_PX));
    }
    const sc = opts.busSc.get(b.id);
    if (sc) out.push(textBox(busScAt(b).x, busScAt(b).y, sc, BUS_PX));
  }
  for (const n of scene.nodes) {
    out.push({ minX: n.x - 16, minY: n.y - 16, maxX: n.x + 16, maxY: n.y + 16 });
    out.push(...wireRects(n.wire));
    const at = nodeLabelAt(n);
    out.push(textBox(at.x, at.y, n.label, 10));
  }
  for (const br of scene.branches) {
    const r = br.kind === "transformer" ? 20 : br.kind === "switch" ? 9 : 0;
    if (r) out.push({ minX: br.mid.x - r, minY: br.mid.y - r, maxX: br.mid.x + r, maxY: br.mid.y + r });
    if (opts.arrows?.has(br.id) && !r) out.push({ minX: br.mid.x - 7, minY: br.mid.y - 7, maxX: br.mid.x + 7, maxY: br.mid.y + 7, owner: br.id });
    out.push(...wireRects(br.points, br.id));
  }
  for (const t of scene.trafo3) for (const leg of t.legs) out.push(...wireRects(leg.points));
  for (const t of scene.trafo3) out.push({ minX: t.center.x - 18, minY: t.center.y - 18, maxX: t.center.x + 18, maxY: t.center.y + 16 });
  return out;
}

/** Thin boxes around the segments of a wire. */
function wireRects(points: Pt[], owner?: string): Rect[] {
  return points.slice(1).map((b, i) => {
    const a = points[i];
    return { minX: Math.min(a.x, b.x) - 1.5, minY: Math.min(a.y, b.y) - 1.5, maxX: Math.max(a.x, b.x) + 1.5, maxY: Math.max(a.y, b.y) + 1.5, owner };
  });
}

/** Baseline positions (start anchor) to try for a label of width w and font size px along a route. */
function candidates(points: Pt[], w: number, px: number): Pt[] {
  const segs = points.slice(1).map((b, i) => ({ a: points[i], b, len: Math.hypot(b.x - points[i].x, b.y - points[i].y) }));
  segs.sort((p, q) => q.len - p.len);
  const out: Pt[] = [];
  for (const t of [0.5, 0.3, 0.7, 0.15, 0.85]) {
    for (const s of segs) {
      if (s.len < 1) continue;
      const p = { x: s.a.x + (s.b.x - s.a.x) * t, y: s.a.y + (s.b.y - s.a.y) * t };
      if (Math.abs(s.b.x - s.a.x) < Math.abs(s.b.y - s.a.y)) {
        // vertical run: right of the wire, then left
        out.push({ x: p.x + 10, y: p.y + px * 0.35 }, { x: p.x - 10 - w, y: p.y + px * 0.35 });
      } else {
        // horizontal run: above the wire, then below
        out.push({ x: p.x - w / 2, y: p.y - 10 }, { x: p.x - w / 2, y: p.y + px + 6 });
      }
    }
  }
  return out;
}

export interface LabelRequest {
  branch: BranchShape;
  key: string; // "flow" | "sc"
  text: string;
  px: number;
}

/** Positions (baseline, start anchor) by `${branch id}:${key}`; each placed label becomes an obstacle. */
export function placeLabels(requests: LabelRequest[], avoid: Rect[]): Map<string, Pt> {
  const tree = new RBush<Rect>();
  tree.load(avoid.map((r) => ({ ...r })));
  const out = new Map<string, Pt>();
  for (const r of requests) {
    const w = r.text.length * r.px * 0.62;
    const cands = candidates(r.branch.points, w, r.px);
    if (!cands.length) continue;
    let best = cands[0];
    for (const c of cands) {
      const box = textBox(c.x, c.y, r.text, r.px);
      const hits = tree.search({ minX: box.minX + 0.5, minY: box.minY + 0.5, maxX: box.maxX - 0.5, maxY: box.maxY - 0.5 });
      if (!hits.some((h) => h.owner !== r.branch.id)) {
        best = c;
        break;
      }
    }
    out.set(`${r.branch.id}:${r.key}`, best);
    tree.insert({ ...textBox(best.x, best.y, r.text, r.px), owner: `label:${r.branch.id}:${r.key}` });
  }
  return out;
}

export function intersects(a: Rect, b: Rect): boolean {
  return a.minX < b.maxX && b.minX < a.maxX && a.minY < b.maxY && b.minY < a.maxY;
}
