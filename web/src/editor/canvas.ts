// Canvas rendering of a large diagram's static part: thousands of SVG nodes make every pan and drag frame slow
// (style, layout and paint of the whole tree), so above CANVAS_MIN_ELEMENTS the bars, wires, symbols and labels
// are drawn on a <canvas> under the SVG, in a few batched paths (one per colour), and only the elements being
// edited (selected, hovered, dragged) stay in the SVG for hit feedback and accessibility. Hit-testing never used
// the DOM (scene.ts: R-tree). Level of detail: symbols only when they are big enough to see.

import type { PlacedLabel } from "./labels";
import { LABEL_PX, MONO } from "./labels";
import type { Pt, Scene } from "./scene";

/** Diagrams with more elements (bars + branches + symbols) than this are drawn on a canvas. */
export const CANVAS_MIN_ELEMENTS = 1500;
export const sceneSize = (s: Scene) => s.buses.length + s.branches.length + s.nodes.length + s.trafo3.length;

export interface View {
  tx: number;
  ty: number;
  k: number;
}

export interface CanvasStyle {
  bus: string;
  wire: string;
  symFill: string;
  fg: string;
  muted: string;
  overloaded: string;
  font: string;
}

/** The theme's colours (CSS custom properties) for the canvas. */
export function canvasStyle(el: Element): CanvasStyle {
  const cs = getComputedStyle(el);
  const v = (n: string, d: string) => cs.getPropertyValue(n).trim() || d;
  return { bus: v("--bus", "#cfd6e0"), wire: v("--wire", "#9aa6b5"), symFill: v("--sym-fill", "#1d2128"), fg: v("--fg", "#dfe3ea"), muted: v("--muted", "#8c95a3"), overloaded: v("--v-low", "#ff4d4f"), font: cs.fontFamily || "sans-serif" };
}

export interface DrawInput {
  scene: Scene;
  view: View;
  width: number;
  height: number;
  /** drawn by the SVG layer instead (selected, hovered, dragged) */
  hidden: Set<string>;
  /** bar colour per bus (voltage band), default style.bus */
  busColor: (id: string) => string | undefined;
  overloaded: Set<string>;
  labels: PlacedLabel[];
  style: CanvasStyle;
}

/** Draw the diagram; returns the number of elements drawn (culled ones and hidden ones excluded). */
export function drawScene(ctx: CanvasRenderingContext2D, d: DrawInput, dpr = 1): number {
  const { scene, view, hidden, style } = d;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, d.width, d.height);
  ctx.setTransform(view.k * dpr, 0, 0, view.k * dpr, view.tx * dpr, view.ty * dpr);
  // the visible world rectangle (with a margin for symbols and labels)
  const m = 40;
  const x0 = -view.tx / view.k - m,
    y0 = -view.ty / view.k - m,
    x1 = (d.width - view.tx) / view.k + m,
    y1 = (d.height - view.ty) / view.k + m;
  const inView = (ax: number, ay: number, bx: number, by: number) => Math.max(ax, bx) >= x0 && Math.min(ax, bx) <= x1 && Math.max(ay, by) >= y0 && Math.min(ay, by) <= y1;
  const polyIn = (pts: Pt[]) => {
    let ax = Infinity,
      ay = Infinity,
      bx = -Infinity,
      by = -Infinity;
    for (const p of pts) {
      if (p.x < ax) ax = p.x;
      if (p.y < ay) ay = p.y;
      if (p.x > bx) bx = p.x;
      if (p.y > by) by = p.y;
    }
    return inView(ax, ay, bx, by);
  };
  const px = 1 / view.k; // one screen pixel in world units
  const detail = view.k >= 0.3;
  let drawn = 0;
  const lines = new Path2D(),
    cables = new Path2D(),
    over = new Path2D(),
    syms = new Path2D(),
    filled = new Path2D();
  const addPoly = (path: Path2D, pts: Pt[]) => {
    path.moveTo(pts[0].x, pts[0].y);
    for (let i = 1; i < pts.length; i++) path.lineTo(pts[i].x, pts[i].y);
  };
  for (const br of scene.branches) {
    if (hidden.has(br.id) || !polyIn(br.points)) continue;
    drawn++;
    addPoly(d.overloaded.has(br.id) ? over : br.kind === "cable" ? cables : lines, br.points);
    if (!detail) continue;
    if (br.kind === "transformer") {
      const a = br.points[0],
        b = br.points[br.points.length - 1];
      const horizontal = Math.abs(b.x - a.x) > Math.abs(b.y - a.y);
      for (const s of [-7, 7]) {
        const cx = br.mid.x + (horizontal ? s : 0),
          cy = br.mid.y + (horizontal ? 0 : s);
        syms.moveTo(cx + 10, cy);
        syms.arc(cx, cy, 10, 0, 2 * Math.PI);
      }
    } else if (br.kind === "switch") {
      (br.open ? syms : filled).rect(br.mid.x - 7, br.mid.y - 7, 14, 14);
    }
  }
  for (const t of scene.trafo3) {
    if (hidden.has(t.id) || !inView(t.center.x - 20, t.center.y - 20, t.center.x + 20, t.center.y + 20)) continue;
    drawn++;
    for (const leg of t.legs) addPoly(lines, leg.points);
    if (detail) {
      syms.moveTo(t.center.x + 10, t.center.y);
      syms.arc(t.center.x, t.center.y, 10, 0, 2 * Math.PI);
    }
  }
  if (detail)
    for (const n of scene.nodes) {
      if (hidden.has(n.id) || !inView(n.x - 16, n.y - 16, n.x + 16, n.y + 16)) continue;
      drawn++;
      addPoly(lines, n.wire);
      if (n.kind === "generator" || n.kind === "motor") {
        syms.moveTo(n.x + 14, n.y);
        syms.arc(n.x, n.y, 14, 0, 2 * Math.PI);
      } else if (n.kind === "external_grid") syms.rect(n.x - 14, n.y - 14, 28, 28);
      else {
        // drawn with the terminal up, turned by the node's rotation (as the SVG symbol)
        const r = ((n.rotation ?? 0) * Math.PI) / 180,
          c = Math.cos(r),
          s = Math.sin(r);
        const P = (dx: number, dy: number): [number, number] => [n.x + dx * c - dy * s, n.y + dx * s + dy * c];
        const seq = n.kind === "load" ? [[-12, -10], [12, -10], [0, 12]] : [[-12, -4], [12, -4], [-12, 4], [12, 4]];
        const pts = seq.map(([dx, dy]) => P(dx, dy));
        if (n.kind === "load") {
          syms.moveTo(...pts[0]);
          syms.lineTo(...pts[1]);
          syms.lineTo(...pts[2]);
          syms.closePath();
        } else {
          syms.moveTo(...pts[0]);
          syms.lineTo(...pts[1]);
          syms.moveTo(...pts[2]);
          syms.lineTo(...pts[3]);
        }
      }
    }
  ctx.lineCap = "butt";
  ctx.lineWidth = Math.max(2, px);
  ctx.strokeStyle = style.wire;
  ctx.stroke(lines);
  ctx.setLineDash([6, 3]);
  ctx.stroke(cables);
  ctx.setLineDash([]);
  ctx.strokeStyle = style.overloaded;
  ctx.lineWidth = Math.max(4, 2 * px);
  ctx.stroke(over);
  if (detail) {
    ctx.fillStyle = style.symFill;
    ctx.fill(syms);
    ctx.lineWidth = 2;
    ctx.strokeStyle = style.wire;
    ctx.stroke(syms);
    ctx.fillStyle = style.wire;
    ctx.fill(filled);
  }
  // bars, one path per colour
  const bars = new Map<string, Path2D>();
  for (const b of scene.buses) {
    if (hidden.has(b.id) || !inView(b.x1, b.y1, b.x2, b.y2)) continue;
    drawn++;
    const c = d.busColor(b.id) ?? style.bus;
    let p = bars.get(c);
    if (!p) bars.set(c, (p = new Path2D()));
    p.moveTo(b.x1, b.y1);
    p.lineTo(b.x2, b.y2);
  }
  ctx.lineCap = "round";
  ctx.lineWidth = Math.max(6, 2.5 * px);
  for (const [c, p] of bars) {
    ctx.strokeStyle = c;
    ctx.stroke(p);
  }
  // labels (already decluttered and filtered by zoom)
  ctx.textBaseline = "alphabetic";
  let font = "";
  for (const l of d.labels) {
    if (hidden.has(l.id) || !inView(l.box.minX, l.box.minY, l.box.maxX, l.box.maxY)) continue;
    const f = `${LABEL_PX[l.kind]}px ${MONO[l.kind] ? "ui-monospace, monospace" : style.font}`;
    if (f !== font) ctx.font = font = f;
    ctx.fillStyle = l.kind === "node-name" ? style.muted : style.fg;
    ctx.fillText(l.text, l.at.x, l.at.y);
  }
  return drawn;
}
