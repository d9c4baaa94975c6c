// The scene: geometry of every element on the single-line diagram, derived from the network
// (bus positions are stored in the network; attached equipment and branch routes are computed).
// Rendering reads the scene; hit-testing and snapping read the R-tree built from it.

import RBush from "rbush";
import type { Network } from "../model/network";

export const BUS_DEFAULT_LENGTH = 120;
export const ATTACH_OFFSET = 56;

export type Pt = { x: number; y: number };

export interface BusShape {
  kind: "bus";
  id: string;
  x: number;
  y: number;
  len: number;
  /** bar direction: horizontal bars run x1..x2 at y (y1 = y2 = y); vertical bars run y1..y2 at x (x1 = x2 = x) */
  vertical: boolean;
  x1: number;
  x2: number;
  y1: number;
  y2: number;
  label: string;
  vn: number;
}

/** The point at parameter t (0..1) along a bar, from its left/top end. */
export function alongBar(b: BusShape, t: number): Pt {
  return b.vertical ? { x: b.x, y: b.y1 + t * b.len } : { x: b.x1 + t * b.len, y: b.y };
}

/** The point at distance d off the bar from a point on it: d < 0 above (horizontal) / left (vertical). */
export function offBar(b: BusShape, p: Pt, d: number): Pt {
  return b.vertical ? { x: p.x + d, y: p.y } : { x: p.x, y: p.y + d };
}

export type NodeKind = "generator" | "external_grid" | "load" | "shunt";
export interface NodeShape {
  kind: NodeKind;
  id: string;
  bus: string;
  x: number; // symbol centre
  y: number;
  ax: number; // attachment point on the bus
  ay: number;
  label: string;
}

export type BranchKind = "line" | "cable" | "transformer" | "impedance_branch" | "switch";
export interface BranchShape {
  kind: BranchKind;
  id: string;
  from: string;
  to: string;
  points: Pt[]; // orthogonal polyline from the from-bus to the to-bus
  mid: Pt;
  label: string;
  open?: boolean;
}

export interface Trafo3Shape {
  kind: "transformer3w";
  id: string;
  center: Pt;
  legs: { bus: string; points: Pt[] }[];
  label: string;
}

export interface Scene {
  buses: BusShape[];
  nodes: NodeShape[];
  branches: BranchShape[];
  trafo3: Trafo3Shape[];
  busById: Map<string, BusShape>;
  bounds: { minX: number; minY: number; maxX: number; maxY: number };
}

export interface IndexItem {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  id: string;
  kind: string;
}

/** Bar length for buses without one: the default, shortened so neighbours on the same row keep a gap. */
function defaultLengths(net: Network): Map<string, number> {
  const rows = new Map<number, { id: string; x: number }[]>();
  for (const b of net.buses) {
    if (b.length != null) continue;
    if (b.orientation === "vertical") continue;
    const y = Math.round(b.y ?? 0);
    const r = rows.get(y);
    const item = { id: b.id, x: b.x ?? 0 };
    if (r) r.push(item);
    else rows.set(y, [item]);
  }
  const out = new Map<string, number>();
  for (const r of rows.values()) {
    r.sort((a, b) => a.x - b.x);
    r.forEach((it, i) => {
      const gaps = [i > 0 ? it.x - r[i - 1].x : Infinity, i < r.length - 1 ? r[i + 1].x - it.x : Infinity].filter((g) => g > 0);
      const g = gaps.length ? Math.min(...gaps) : Infinity;
      out.set(it.id, Math.max(40, Math.min(BUS_DEFAULT_LENGTH, Math.round(g * 0.7))));
    });
  }
  return out;
}

export function buildScene(net: Network): Scene {
  const lengths = defaultLengths(net);
  const buses: BusShape[] = net.buses.map((b) => {
    const len = b.length ?? lengths.get(b.id) ?? BUS_DEFAULT_LENGTH;
    const x = b.x ?? 0,
      y = b.y ?? 0;
    const vertical = b.orientation === "vertical";
    const h = len / 2;
    return {
      kind: "bus",
      id: b.id,
      x,
      y,
      len,
      vertical,
      x1: vertical ? x : x - h,
      x2: vertical ? x : x + h,
      y1: vertical ? y - h : y,
      y2: vertical ? y + h : y,
      label: b.name || b.id,
      vn: b.vn_kv,
    };
  });
  const busById = new Map(buses.map((b) => [b.id, b]));

  // connection slots along each bar: attached equipment above/left (sources) and below/right (loads),
  // branch ends spread over the bar in order of the far end's x (horizontal bar) or y (vertical bar)
  const above = new Map<string, { id: string; kind: NodeKind; label: string }[]>();
  const below = new Map<string, { id: string; kind: NodeKind; label: string }[]>();
  const push = (m: typeof above, bus: string, v: { id: string; kind: NodeKind; label: string }) => {
    if (!busById.has(bus)) return;
    const a = m.get(bus);
    if (a) a.push(v);
    else m.set(bus, [v]);
  };
  for (const e of net.external_grids ?? []) push(above, e.bus, { id: e.id, kind: "external_grid", label: e.name || e.id });
  for (const g of net.generators ?? []) push(above, g.bus, { id: g.id, kind: "generator", label: g.name || g.id });
  for (const l of net.loads ?? []) push(below, l.bus, { id: l.id, kind: "load", label: l.name || l.id });
  for (const s of net.shunts ?? []) push(below, s.bus, { id: s.id, kind: "shunt", label: s.name || s.id });

  const nodes: NodeShape[] = [];
  const place = (m: typeof above, dir: number) => {
    for (const [busId, items] of m) {
      const b = busById.get(busId)!;
      items.forEach((it, i) => {
        const a = alongBar(b, (i + 1) / (items.length + 1));
        const c = offBar(b, a, dir * ATTACH_OFFSET);
        nodes.push({ kind: it.kind, id: it.id, bus: busId, x: c.x, y: c.y, ax: a.x, ay: a.y, label: it.label });
      });
    }
  };
  place(above, -1);
  place(below, 1);

  // branch ends
  type End = { branch: string; bus: string; other: Pt; slot?: number };
  const ends = new Map<string, End[]>();
  const raw: { kind: BranchKind; id: string; from: string; to: string; label: string; open?: boolean }[] = [];
  for (const l of net.lines ?? []) raw.push({ kind: l.kind === "cable" ? "cable" : "line", id: l.id, from: l.from_bus, to: l.to_bus, label: l.name || l.id });
  for (const t of net.transformers ?? []) raw.push({ kind: "transformer", id: t.id, from: t.hv_bus, to: t.lv_bus, label: t.name || t.id });
  for (const z of net.impedance_branches ?? [])
    raw.push({ kind: z.is_transformer ? "transformer" : "impedance_branch", id: z.id, from: z.from_bus, to: z.to_bus, label: z.name || z.id });
  for (const s of net.switches ?? [])
    if ((s.et ?? "bus") === "bus") raw.push({ kind: "switch", id: s.id, from: s.bus, to: s.element, label: s.name || s.id, open: s.closed === false });
  const valid = raw.filter((r) => busById.has(r.from) && busById.has(r.to) && r.from !== r.to);
  for (const r of valid) {
    const bf = busById.get(r.from)!,
      bt = busById.get(r.to)!;
    for (const [me, other] of [
      [bf, bt],
      [bt, bf],
    ] as const) {
      const e = { branch: r.id, bus: me.id, other: { x: other.x, y: other.y } };
      const a = ends.get(me.id);
      if (a) a.push(e);
      else ends.set(me.id, [e]);
    }
  }
  const slot = new Map<string, Pt>(); // key branch|bus -> point on the bar
  for (const [busId, list] of ends) {
    const b = busById.get(busId)!;
    if (b.vertical) list.sort((p, q) => p.other.y - q.other.y || p.branch.localeCompare(q.branch));
    else list.sort((p, q) => p.other.x - q.other.x || p.branch.localeCompare(q.branch));
    // keep branch ends off the attachment points of equipment (a wire leaving on the equipment's side would run
    // through its symbol)
    const taken = [above.get(busId)?.length ?? 0, below.get(busId)?.length ?? 0].flatMap((k) => Array.from({ length: k }, (_, j) => (j + 1) / (k + 1)));
    list.forEach((e, i) => {
      let t = (i + 0.5) / list.length;
      if (taken.some((u) => Math.abs(u - t) < 0.08)) t = Math.min(0.95, t + 0.2);
      slot.set(`${e.branch}|${busId}`, alongBar(b, t));
    });
  }
  const branches: BranchShape[] = valid.map((r) => {
    const bf = busById.get(r.from)!,
      bt = busById.get(r.to)!;
    const sf = slot.get(`${r.id}|${r.from}`)!,
      stt = slot.get(`${r.id}|${r.to}`)!;
    const points = route(bf, sf, bt, stt);
    // the symbol sits on the longest segment's midpoint
    let best = 0,
      bestLen = -1;
    for (let i = 0; i < points.length - 1; i++) {
      const len = Math.abs(points[i + 1].x - points[i].x) + Math.abs(points[i + 1].y - points[i].y);
      if (len > bestLen) {
        bestLen = len;
        best = i;
      }
    }
    const mid = { x: (points[best].x + points[best + 1].x) / 2, y: (points[best].y + points[best + 1].y) / 2 };
    return { kind: r.kind, id: r.id, from: r.from, to: r.to, points, mid, label: r.label, open: r.open };
  });

  const trafo3: Trafo3Shape[] = [];
  for (const t of net.transformers3w ?? []) {
    const bs = [t.hv_bus, t.mv_bus, t.lv_bus].map((id) => busById.get(id));
    if (bs.some((b) => !b)) continue;
    const center = { x: bs.reduce((s, b) => s + b!.x, 0) / 3, y: bs.reduce((s, b) => s + b!.y, 0) / 3 };
    trafo3.push({
      kind: "transformer3w",
      id: t.id,
      center,
      legs: bs.map((b) => ({
        bus: b!.id,
        points: b!.vertical
          ? [{ x: b!.x, y: b!.y }, { x: center.x, y: b!.y }, { x: center.x, y: center.y }]
          : [{ x: b!.x, y: b!.y }, { x: b!.x, y: center.y }, { x: center.x, y: center.y }],
      })),
      label: t.name || t.id,
    });
  }

  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (const b of buses) {
    const ox = b.vertical ? ATTACH_OFFSET + 20 : 0,
      oy = b.vertical ? 20 : ATTACH_OFFSET + 20;
    minX = Math.min(minX, b.x1 - ox);
    maxX = Math.max(maxX, b.x2 + ox);
    minY = Math.min(minY, b.y1 - oy);
    maxY = Math.max(maxY, b.y2 + oy);
  }
  if (!buses.length) {
    minX = 0;
    minY = 0;
    maxX = 800;
    maxY = 600;
  }
  return { buses, nodes, branches, trafo3, busById, bounds: { minX, minY, maxX, maxY } };
}

/** Orthogonal route between two bar slots; every wire leaves a bar at a right angle. */
export function route(bf: BusShape, sf: Pt, bt: BusShape, st: Pt): Pt[] {
  if (!bf.vertical && !bt.vertical) {
    if (Math.abs(bf.y - bt.y) < 1) {
      // same height: leave the bar downwards, run below, come back up
      const yy = bf.y + 36;
      return [sf, { x: sf.x, y: yy }, { x: st.x, y: yy }, st];
    }
    const ym = (bf.y + bt.y) / 2;
    return [sf, { x: sf.x, y: ym }, { x: st.x, y: ym }, st];
  }
  if (bf.vertical && bt.vertical) {
    if (Math.abs(bf.x - bt.x) < 1) {
      // same column: leave to the right, run beside, come back
      const xx = bf.x + 36;
      return [sf, { x: xx, y: sf.y }, { x: xx, y: st.y }, st];
    }
    const xm = (bf.x + bt.x) / 2;
    return [sf, { x: xm, y: sf.y }, { x: xm, y: st.y }, st];
  }
  // one of each: a single corner, vertical off the horizontal bar and horizontal into the vertical one
  const corner = bf.vertical ? { x: st.x, y: sf.y } : { x: sf.x, y: st.y };
  return [sf, corner, st];
}

export function buildIndex(scene: Scene): RBush<IndexItem> {
  const items: IndexItem[] = [];
  for (const b of scene.buses) items.push({ minX: b.x1 - (b.vertical ? 5 : 0), maxX: b.x2 + (b.vertical ? 5 : 0), minY: b.y1 - (b.vertical ? 0 : 5), maxY: b.y2 + (b.vertical ? 0 : 5), id: b.id, kind: "bus" });
  for (const n of scene.nodes) items.push({ minX: n.x - 14, maxX: n.x + 14, minY: n.y - 14, maxY: n.y + 14, id: n.id, kind: n.kind });
  for (const br of scene.branches) {
    for (let i = 0; i < br.points.length - 1; i++) {
      const a = br.points[i],
        c = br.points[i + 1];
      items.push({ minX: Math.min(a.x, c.x) - 4, maxX: Math.max(a.x, c.x) + 4, minY: Math.min(a.y, c.y) - 4, maxY: Math.max(a.y, c.y) + 4, id: br.id, kind: br.kind });
    }
  }
  for (const t of scene.trafo3) items.push({ minX: t.center.x - 16, maxX: t.center.x + 16, minY: t.center.y - 16, maxY: t.center.y + 16, id: t.id, kind: "transformer3w" });
  const tree = new RBush<IndexItem>();
  tree.load(items);
  return tree;
}

const PRIORITY: Record<string, number> = { generator: 0, external_grid: 0, load: 0, shunt: 0, transformer3w: 1, bus: 2 };

/** The element under a point (symbols before buses before branch segments). */
export function hitTest(tree: RBush<IndexItem>, p: Pt, tol = 3): IndexItem | null {
  const hits = tree.search({ minX: p.x - tol, minY: p.y - tol, maxX: p.x + tol, maxY: p.y + tol });
  if (!hits.length) return null;
  hits.sort((a, b) => (PRIORITY[a.kind] ?? 3) - (PRIORITY[b.kind] ?? 3));
  return hits[0];
}

/** Nearest bus bar within `radius` px of a point (for snapping connections). */
export function nearestBus(tree: RBush<IndexItem>, scene: Scene, p: Pt, radius = 16): BusShape | null {
  const hits = tree.search({ minX: p.x - radius, minY: p.y - radius, maxX: p.x + radius, maxY: p.y + radius }).filter((h) => h.kind === "bus");
  let best: BusShape | null = null,
    bestD = Infinity;
  for (const h of hits) {
    const b = scene.busById.get(h.id)!;
    const cx = Math.max(b.x1, Math.min(b.x2, p.x)),
      cy = Math.max(b.y1, Math.min(b.y2, p.y));
    const d = Math.hypot(cx - p.x, cy - p.y);
    if (d <= radius && d < bestD) {
      bestD = d;
      best = b;
    }
  }
  return best;
}

export function boxSelect(tree: RBush<IndexItem>, a: Pt, b: Pt): string[] {
  const box = { minX: Math.min(a.x, b.x), minY: Math.min(a.y, b.y), maxX: Math.max(a.x, b.x), maxY: Math.max(a.y, b.y) };
  // fully contained items only
  const ids = new Set<string>();
  for (const h of tree.search(box))
    if (h.minX >= box.minX && h.maxX <= box.maxX && h.minY >= box.minY && h.maxY <= box.maxY) ids.add(h.id);
  return [...ids];
}
