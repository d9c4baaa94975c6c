// Log-log axes of the TCC view: current (A at the chosen voltage base) across, time (s) up. Pure functions so the
// canvas drawing, the hit test of a dragged curve and the tests share one mapping.

export interface Axes {
  /** log10 of the current range shown, A */
  x0: number;
  x1: number;
  /** log10 of the time range shown, s */
  y0: number;
  y1: number;
  /** plot rectangle in CSS pixels */
  left: number;
  top: number;
  width: number;
  height: number;
}

export const xPx = (a: Axes, i: number) => a.left + ((Math.log10(i) - a.x0) / (a.x1 - a.x0)) * a.width;
export const yPx = (a: Axes, t: number) => a.top + a.height - ((Math.log10(t) - a.y0) / (a.y1 - a.y0)) * a.height;
export const iAt = (a: Axes, px: number) => 10 ** (a.x0 + ((px - a.left) / a.width) * (a.x1 - a.x0));
export const tAt = (a: Axes, py: number) => 10 ** (a.y0 + ((a.top + a.height - py) / a.height) * (a.y1 - a.y0));

/** Factor by which a drag of (dx, dy) px scales current and time on these axes. */
export function dragFactors(a: Axes, dx: number, dy: number): { i: number; t: number } {
  return { i: 10 ** ((dx / a.width) * (a.x1 - a.x0)), t: 10 ** ((-dy / a.height) * (a.y1 - a.y0)) };
}

/** Decade ticks and the 2 and 5 between them when a decade is wide enough. */
export function logTicks(l0: number, l1: number, pxPerDecade: number): { v: number; major: boolean }[] {
  const out: { v: number; major: boolean }[] = [];
  const subs = pxPerDecade > 120 ? [1, 2, 3, 5] : pxPerDecade > 60 ? [1, 2, 5] : [1];
  for (let e = Math.floor(l0); e <= Math.ceil(l1); e++)
    for (const s of subs) {
      const v = s * 10 ** e;
      const lv = Math.log10(v);
      if (lv >= l0 - 1e-9 && lv <= l1 + 1e-9) out.push({ v, major: s === 1 });
    }
  return out;
}

export function fmt(v: number): string {
  if (v >= 1000) return `${+(v / 1000).toPrecision(3)}k`;
  return `${+v.toPrecision(3)}`;
}

/** Smallest pixel distance from (px, py) to a polyline. */
export function distToPolyline(xs: Float64Array | number[], ys: Float64Array | number[], px: number, py: number): number {
  let best = Infinity;
  for (let k = 0; k + 1 < xs.length; k++) {
    const ax = xs[k],
      ay = ys[k],
      bx = xs[k + 1],
      by = ys[k + 1];
    if (!Number.isFinite(ay) || !Number.isFinite(by)) continue;
    const dx = bx - ax,
      dy = by - ay;
    const L = dx * dx + dy * dy;
    const u = L > 0 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / L)) : 0;
    best = Math.min(best, Math.hypot(px - (ax + u * dx), py - (ay + u * dy)));
  }
  return best;
}
