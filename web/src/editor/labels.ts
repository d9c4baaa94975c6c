// Placement of the result labels on branches (flow MW · loading %, short-circuit kA) so that they do not cover
// bus bars, bus labels (name, |V| ∠θ), equipment symbols or each other: candidates along the branch route (the
// longest runs first, their middle first, both sides of the wire); the first free one wins (R-tree queries).

import RBush from "rbush";
import type { BranchShape, Pt, Scene } from "./scene";

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

/** What labels must keep clear of: bars, the bus name and result labels under/over them, symbols. */
export function obstacles(scene: Scene, opts: { busResults: boolean; busSc: Map<string, string>; arrows?: Set<string> }): Rect[] {
  const out: Rect[] = [];
  for (const b of scene.buses) {
    out.push({ minX: b.x1 - 4, minY: b.y - 5, maxX: b.x2 + 4, maxY: b.y + 5 });
    out.push(textBox(b.x1, b.y - 8, `${b.label} · ${b.vn} kV`, 11));
    if (opts.busResults) out.push(textBox(b.x1, b.y + 18, "1.0000 pu ∠-00.00°", 11));
    const sc = opts.busSc.get(b.id);
    if (sc) out.push(textBox(b.x2 + 6, b.y + 4, sc, 11));
  }
  for (const n of scene.nodes) {
    out.push({ minX: n.x - 16, minY: n.y - 16, maxX: n.x + 16, maxY: n.y + 16 });
    out.push(textBox(n.x + 18, n.y + 4, n.label, 10));
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
