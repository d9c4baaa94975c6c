// Label decluttering for the single-line diagram. Every label (bus name · kV, bus |V| ∠θ or I″k, branch flow ·
// loading or I″k, equipment name) is placed once per diagram and result set, in priority order (bus names, then
// bus values, branch values, equipment names); each tries its candidate positions (beside the bar, along the
// branch route, both sides of the wire) against the drawing (bars, wires, symbols) and the labels already
// placed (R-tree); the first free position wins and a label with none is DROPPED, never drawn over another.
// Labels are drawn at diagram scale, so a placement holds at every zoom; each kind is shown only from the zoom
// at which its text is readable (names before values), see `minZoom`.

import RBush from "rbush";
import type { BusShape, NodeShape, Pt, Scene } from "./scene";

export interface Rect {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  owner?: string; // a branch's own wire does not push its labels away
  /** a wire: a bus name or value with no free place may cross one (never a bar, symbol or label) */
  soft?: boolean;
}

export type LabelKind = "bus-name" | "bus-value" | "branch-value" | "node-name";

/** Placement order: a label of an earlier kind is never dropped for one of a later kind. */
export const PRIORITY: LabelKind[] = ["bus-name", "bus-value", "branch-value", "node-name"];

/** Font size (diagram units) of each kind of label; the CSS classes use the same sizes. */
export const LABEL_PX: Record<LabelKind, number> = { "bus-name": 11, "bus-value": 11, "branch-value": 10, "node-name": 10 };

/** Smallest on-screen text height (px) at which a kind is drawn: names appear first when zooming in, values next. */
const MIN_SCREEN_PX: Record<LabelKind, number> = { "bus-name": 6, "bus-value": 8, "branch-value": 8, "node-name": 9 };

/** The zoom from which labels of `kind` are drawn. */
export const minZoom = (kind: LabelKind): number => MIN_SCREEN_PX[kind] / LABEL_PX[kind];

/** Text widths: measured by the page (canvas measureText) when it installs a measurer, else a safe estimate. */
type Measure = (text: string, px: number, mono: boolean) => number;
let measure: Measure = (text, px) => text.length * px * 0.64;
export function setTextMeasure(m: Measure) {
  measure = m;
}
export const MONO: Record<LabelKind, boolean> = { "bus-name": false, "bus-value": true, "branch-value": true, "node-name": false };
export const textWidth = (text: string, kind: LabelKind) => measure(text, LABEL_PX[kind], MONO[kind]);

/** Box of a label drawn at baseline (x, y) with start anchor (the font's ascent and descent). */
export function textBox(x: number, y: number, text: string, px: number, w = text.length * px * 0.64): Rect {
  return { minX: x, minY: y - px * 0.95, maxX: x + w, maxY: y + px * 0.28 };
}
export const boxOf = (p: Pt, text: string, kind: LabelKind) => textBox(p.x, p.y, text, LABEL_PX[kind], textWidth(text, kind));

export const busNameText = (b: BusShape) => `${b.label} · ${b.vn} kV`;

/** The bar itself as a box. */
function barRect(b: BusShape): Rect {
  return { minX: b.x1 - 4, minY: b.y1 - 4, maxX: b.x2 + 4, maxY: b.y2 + 4 };
}

/** Baseline positions (start anchor) to try for a bus's name / value label, preferred first. */
export function busCandidates(b: BusShape, w: number, which: "name" | "value"): Pt[] {
  if (b.vertical) {
    const top = [{ x: b.x - w / 2, y: b.y1 - 10 }, { x: b.x + 10, y: b.y1 + 4 }, { x: b.x - 10 - w, y: b.y1 + 4 }];
    const bottom = [{ x: b.x - w / 2, y: b.y2 + 18 }, { x: b.x + 10, y: b.y2 - 2 }, { x: b.x - 10 - w, y: b.y2 - 2 }];
    const far = [{ x: b.x - w / 2, y: b.y1 - 24 }, { x: b.x - w / 2, y: b.y2 + 32 }, { x: b.x + 10, y: b.y1 + 18 }, { x: b.x - 10 - w, y: b.y1 + 18 }];
    return which === "name" ? [...top, ...bottom, ...far] : [...bottom, ...top, ...far];
  }
  const above = [{ x: b.x1, y: b.y - 8 }, { x: b.x2 - w, y: b.y - 8 }];
  const below = [{ x: b.x1, y: b.y + 18 }, { x: b.x2 - w, y: b.y + 18 }];
  // beyond the ends: the value goes under the name when both end up there
  const ends = [{ x: b.x2 + 8, y: b.y + 4 }, { x: b.x2 + 8, y: b.y + 18 }, { x: b.x1 - 8 - w, y: b.y + 4 }, { x: b.x1 - 8 - w, y: b.y + 18 }, { x: b.x2 + 8, y: b.y - 10 }, { x: b.x1 - 8 - w, y: b.y - 10 }];
  const far = [{ x: b.x1, y: b.y - 22 }, { x: b.x1, y: b.y + 32 }, { x: b.x2 - w, y: b.y - 22 }, { x: b.x2 - w, y: b.y + 32 }];
  return which === "name" ? [...above, ...below, ...ends, ...far] : [...below, ...above, ...ends, ...far];
}

/** Label of attached equipment: right of the symbol (left when its connector leaves to the right), then below / above. */
export function nodeCandidates(n: NodeShape, w: number): Pt[] {
  const right = { x: n.x + 18, y: n.y + 4 },
    left = { x: n.x - 18 - w, y: n.y + 4 };
  const first = n.rotation === 90 ? [left, right] : [right, left];
  return [...first, { x: n.x - w / 2, y: n.y + 28 }, { x: n.x - w / 2, y: n.y - 20 }];
}

/** Baseline positions (start anchor) to try for a label of width w and font size px along a branch route. */
export function routeCandidates(points: Pt[], w: number, px: number): Pt[] {
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

/** Thin boxes around the segments of a wire. */
function wireRects(points: Pt[], owner?: string): Rect[] {
  return points.slice(1).map((b, i) => {
    const a = points[i];
    return { minX: Math.min(a.x, b.x) - 1.5, minY: Math.min(a.y, b.y) - 1.5, maxX: Math.max(a.x, b.x) + 1.5, maxY: Math.max(a.y, b.y) + 1.5, owner, soft: true };
  });
}

/** The drawing labels must keep clear of: bars, wires, symbols (and flow arrows on the branches in `arrows`). */
export function drawingObstacles(scene: Scene, arrows?: Set<string>): Rect[] {
  const out: Rect[] = [];
  for (const b of scene.buses) out.push(barRect(b));
  for (const n of scene.nodes) {
    out.push({ minX: n.x - 16, minY: n.y - 16, maxX: n.x + 16, maxY: n.y + 16 });
    out.push(...wireRects(n.wire));
  }
  for (const br of scene.branches) {
    const r = br.kind === "transformer" ? 20 : br.kind === "switch" ? 9 : 0;
    if (r) out.push({ minX: br.mid.x - r, minY: br.mid.y - r, maxX: br.mid.x + r, maxY: br.mid.y + r });
    if (arrows?.has(br.id) && !r) out.push({ minX: br.mid.x - 7, minY: br.mid.y - 7, maxX: br.mid.x + 7, maxY: br.mid.y + 7, owner: br.id });
    out.push(...wireRects(br.points, br.id));
  }
  for (const t of scene.trafo3) {
    for (const leg of t.legs) out.push(...wireRects(leg.points));
    out.push({ minX: t.center.x - 18, minY: t.center.y - 18, maxX: t.center.x + 18, maxY: t.center.y + 16 });
  }
  return out;
}

export interface LabelRequest {
  /** `${element id}:${kind}` */
  key: string;
  id: string;
  kind: LabelKind;
  text: string;
  candidates: Pt[];
}

export interface PlacedLabel {
  key: string;
  id: string;
  kind: LabelKind;
  text: string;
  at: Pt;
  box: Rect;
}

export interface Placement {
  /** placed labels by key */
  placed: Map<string, PlacedLabel>;
  /** keys of the labels that found no free position (their values are in the tooltip and the tables) */
  dropped: string[];
}

/**
 * Place `requests` in priority order (PRIORITY, then request order); a label goes to its first candidate whose
 * box meets neither the drawing (except its own element's wire) nor a label placed before it, and is dropped
 * when every candidate is taken. Bus names and values that found no free place then take the first place that
 * only crosses wires (never a bar, symbol or another label).
 */
export function declutter(requests: LabelRequest[], avoid: Rect[]): Placement {
  const tree = new RBush<Rect>();
  tree.load(avoid.map((r) => ({ ...r })));
  const placed = new Map<string, PlacedLabel>();
  const dropped: string[] = [];
  const tryPlace = (r: LabelRequest, crossWires: boolean): boolean => {
    for (const c of r.candidates) {
      const box = boxOf(c, r.text, r.kind);
      const hits = tree.search({ minX: box.minX + 0.25, minY: box.minY + 0.25, maxX: box.maxX - 0.25, maxY: box.maxY - 0.25 });
      if (!hits.some((h) => h.owner !== r.id && !(crossWires && h.soft))) {
        placed.set(r.key, { key: r.key, id: r.id, kind: r.kind, text: r.text, at: c, box });
        tree.insert({ ...box, owner: `label:${r.key}` });
        return true;
      }
    }
    return false;
  };
  for (const kind of PRIORITY) {
    const mine = requests.filter((r) => r.kind === kind);
    const left = mine.filter((r) => !tryPlace(r, false));
    // a bus without its name (or |V|) is worse than a label over a wire
    const retry = CROSS_WIRES.has(kind) ? left.filter((r) => !tryPlace(r, true)) : left;
    for (const r of retry) dropped.push(r.key);
  }
  return { placed, dropped };
}

/** Kinds that may cross a wire when no place is free (after every label of the kind tried a free place). */
const CROSS_WIRES = new Set<LabelKind>(["bus-name", "bus-value"]);

/** What the labels say: per bus its value text, per branch its value text (the shown study's layer). */
export interface LabelContent {
  busValue?: (id: string) => string | undefined;
  branchValue?: (id: string) => string | undefined;
  /** branches with a flow arrow at their middle */
  arrows?: Set<string>;
  /** equipment names (off for very large diagrams) */
  nodeNames?: boolean;
}

/** Every label the diagram would draw, with its candidate positions. */
export function labelRequests(scene: Scene, content: LabelContent): LabelRequest[] {
  const req: LabelRequest[] = [];
  const add = (id: string, kind: LabelKind, text: string, cands: (w: number) => Pt[]) => req.push({ key: `${id}:${kind}`, id, kind, text, candidates: cands(textWidth(text, kind)) });
  for (const b of scene.buses) {
    add(b.id, "bus-name", busNameText(b), (w) => busCandidates(b, w, "name"));
    const v = content.busValue?.(b.id);
    if (v) add(b.id, "bus-value", v, (w) => busCandidates(b, w, "value"));
  }
  for (const br of scene.branches) {
    const v = content.branchValue?.(br.id);
    if (v) add(br.id, "branch-value", v, (w) => routeCandidates(br.points, w, LABEL_PX["branch-value"]));
  }
  if (content.nodeNames !== false) for (const n of scene.nodes) add(n.id, "node-name", n.label, (w) => nodeCandidates(n, w));
  return req;
}

/** Every label of the diagram, decluttered. */
export function placeDiagramLabels(scene: Scene, content: LabelContent): Placement {
  return declutter(labelRequests(scene, content), drawingObstacles(scene, content.arrows));
}

/** Bounds of the drawing and its labels (fit to screen keeps every label inside the view). */
export function labelBounds(p: Placement, b: { minX: number; minY: number; maxX: number; maxY: number }) {
  let { minX, minY, maxX, maxY } = b;
  for (const l of p.placed.values()) {
    minX = Math.min(minX, l.box.minX);
    minY = Math.min(minY, l.box.minY);
    maxX = Math.max(maxX, l.box.maxX);
    maxY = Math.max(maxY, l.box.maxY);
  }
  return { minX, minY, maxX, maxY };
}

export function intersects(a: Rect, b: Rect): boolean {
  return a.minX < b.maxX && b.minX < a.maxX && a.minY < b.maxY && b.minY < a.maxY;
}

