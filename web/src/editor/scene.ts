// The scene: geometry of every element on the single-line diagram, from the network and the project's diagram
// (editor/diagram.ts). Bus bars come from their placement (centre, length, rotation); equipment symbols from
// theirs when they have one (free placement anywhere, a connector to the bus), else along their bus; branches
// are routed orthogonally, or through their manual waypoints. Rendering reads the scene; hit-testing and
// snapping read the R-tree built from it.

import RBush from "rbush";
import type { Network } from "../model/elements";
import type { Entry, Layout, Rotation } from "./diagram";

export const BUS_DEFAULT_LENGTH = 120;
export const ATTACH_OFFSET = 56;
/** how far a manual route's corner stub leaves a bar before it turns */
export const STUB = 20;

export type Pt = { x: number; y: number };

export interface BusShape {
  kind: "bus";
  id: string;
  x: number;
  y: number;
  len: number;
  rotation: Rotation;
  /** bar direction: horizontal bars run x1..x2 at y (y1 = y2 = y); vertical bars run y1..y2 at x (x1 = x2 = x) */
  vertical: boolean;
  /** 180° / 270°: sources hang below (horizontal) or right (vertical) of the bar, loads on the other side */
  flipped: boolean;
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

export type NodeKind = "generator" | "external_grid" | "load" | "motor" | "shunt";

/** Distance from a symbol's centre to its terminal (where the connector enters), drawn with the terminal up. */
export const TERMINAL: Record<NodeKind, number> = { generator: 14, external_grid: 14, load: 10, motor: 14, shunt: 4 };

/** Unit vector of a symbol's terminal: rotation 0 points up, then clockwise. */
export function terminalDir(r: Rotation): Pt {
  return r === 0 ? { x: 0, y: -1 } : r === 90 ? { x: 1, y: 0 } : r === 180 ? { x: 0, y: 1 } : { x: -1, y: 0 };
}

export interface NodeShape {
  kind: NodeKind;
  id: string;
  bus: string;
  x: number; // symbol centre
  y: number;
  rotation: Rotation;
  /** placed by the diagram (free) or along its bus (derived) */
  free: boolean;
  ax: number; // attachment point on the bus
  ay: number;
  /** connector from the attachment point to the symbol's terminal */
  wire: Pt[];
  label: string;
}

export type BranchKind = "line" | "cable" | "transformer" | "impedance_branch" | "switch";
export interface BranchShape {
  kind: BranchKind;
  id: string;
  from: string;
  to: string;
  points: Pt[]; // polyline from the from-bus to the to-bus
  mid: Pt;
  label: string;
  open?: boolean;
  /** the diagram's waypoints (manual route); empty: routed automatically */
  waypoints: Pt[];
}

export interface Trafo3Shape {
  kind: "transformer3w";
  id: string;
  center: Pt;
  rotation: Rotation;
  free: boolean;
  legs: { bus: string; points: Pt[] }[];
  label: string;
}

export interface Scene {
  buses: BusShape[];
  nodes: NodeShape[];
  branches: BranchShape[];
  trafo3: Trafo3Shape[];
  busById: Map<string, BusShape>;
  nodeById: Map<string, NodeShape>;
  branchById: Map<string, BranchShape>;
  trafo3ById: Map<string, Trafo3Shape>;
  bounds: { minX: number; minY: number; maxX: number; maxY: number };
}

export interface IndexItem {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  id: string;
  kind: string;
  /** branch segments: the index of the segment in the route */
  seg?: number;
}

const at = (layout: Layout, id: string): Entry | undefined => layout[id];

/** Bar length for horizontal buses without one: the default, shortened so neighbours on the same row keep a gap. */
function defaultLengths(net: Network, layout: Layout): Map<string, number> {
  const rows = new Map<number, { id: string; x: number }[]>();
  for (const b of net.buses) {
    const e = at(layout, b.id);
    if (e?.length != null || e?.rotation === 90 || e?.rotation === 270) continue;
    const y = Math.round(e?.y ?? 0);
    const r = rows.get(y);
    const item = { id: b.id, x: e?.x ?? 0 };
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

function busShapes(net: Network, layout: Layout): BusShape[] {
  const lengths = defaultLengths(net, layout);
  return net.buses.map((b) => {
    const e = at(layout, b.id);
    const len = e?.length ?? lengths.get(b.id) ?? BUS_DEFAULT_LENGTH;
    const x = e?.x ?? 0,
      y = e?.y ?? 0;
    const rotation = e?.rotation ?? 0;
    const vertical = rotation === 90 || rotation === 270;
    const h = len / 2;
    return {
      kind: "bus",
      id: b.id,
      x,
      y,
      len,
      rotation,
      vertical,
      flipped: rotation === 180 || rotation === 270,
      x1: vertical ? x : x - h,
      x2: vertical ? x : x + h,
      y1: vertical ? y - h : y,
      y2: vertical ? y + h : y,
      label: b.name || b.id,
      vn: b.vn_kv,
    };
  });
}

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

/** Points without consecutive duplicates and without middle points of straight runs. */
export function simplify(pts: Pt[]): Pt[] {
  const out: Pt[] = [];
  for (const p of pts) {
    const q = out[out.length - 1];
    if (q && Math.abs(q.x - p.x) < 1e-9 && Math.abs(q.y - p.y) < 1e-9) continue;
    out.push(p);
  }
  for (let i = out.length - 2; i >= 1; i--) {
    const a = out[i - 1],
      b = out[i],
      c = out[i + 1];
    const cross = (b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x);
    const dot = (b.x - a.x) * (c.x - b.x) + (b.y - a.y) * (c.y - b.y);
    if (Math.abs(cross) < 1e-9 && dot > 0) out.splice(i, 1);
  }
  return out;
}

/**
 * The connector of a freely placed symbol: it leaves the bar at a right angle where the symbol's terminal stub
 * projects onto the bar (clamped to the bar), turns once, and enters the terminal along its direction.
 */
export function connector(b: BusShape, terminal: Pt, dir: Pt, centre: Pt): Pt[] {
  const stub = { x: terminal.x + dir.x * 10, y: terminal.y + dir.y * 10 };
  const inset = Math.min(6, b.len / 2);
  // a terminal facing away from the bar: the wire passes beside the symbol, not through it
  const side = (c: number, lo: number, hi: number) => (c + SIDE <= hi - inset ? c + SIDE : c - SIDE);
  if (b.vertical) {
    const away = dir.y === 0 && Math.sign(dir.x) === Math.sign(centre.x - b.x);
    const a = { x: b.x, y: clamp(away ? side(centre.y, b.y1, b.y2) : stub.y, b.y1 + inset, b.y2 - inset) };
    return simplify([a, { x: stub.x, y: a.y }, stub, terminal]);
  }
  const away = dir.x === 0 && Math.sign(dir.y) === Math.sign(centre.y - b.y);
  const a = { x: clamp(away ? side(centre.x, b.x1, b.x2) : stub.x, b.x1 + inset, b.x2 - inset), y: b.y };
  return simplify([a, { x: a.x, y: stub.y }, stub, terminal]);
}

/** how far beside a symbol's centre its connector passes when the terminal faces away from the bar */
const SIDE = 26;

function nodeShapes(net: Network, layout: Layout, busById: Map<string, BusShape>) {
  type Item = { id: string; kind: NodeKind; label: string };
  // equipment without a placement hangs along its bar: sources on one side, loads and shunts on the other
  const sources = new Map<string, Item[]>();
  const sinks = new Map<string, Item[]>();
  const nodes: NodeShape[] = [];
  const add = (bus: string, it: Item, source: boolean) => {
    const b = busById.get(bus);
    if (!b) return;
    const e = at(layout, it.id);
    if (e && e.x != null && e.y != null) {
      const d = terminalDir(e.rotation);
      const t = TERMINAL[it.kind];
      const terminal = { x: e.x + d.x * t, y: e.y + d.y * t };
      const wire = connector(b, terminal, d, { x: e.x, y: e.y });
      nodes.push({ ...it, bus, x: e.x, y: e.y, rotation: e.rotation, free: true, ax: wire[0].x, ay: wire[0].y, wire });
      return;
    }
    const m = source ? sources : sinks;
    const a = m.get(bus);
    if (a) a.push(it);
    else m.set(bus, [it]);
  };
  for (const e of net.external_grids) add(e.bus, { id: e.id, kind: "external_grid", label: e.name || e.id }, true);
  for (const g of net.generators) add(g.bus, { id: g.id, kind: "generator", label: g.name || g.id }, true);
  for (const l of net.loads) add(l.bus, { id: l.id, kind: "load", label: l.name || l.id }, false);
  for (const m of net.motors) add(m.bus, { id: m.id, kind: "motor", label: m.name || m.id }, false);
  for (const s of net.shunts) add(s.bus, { id: s.id, kind: "shunt", label: s.name || s.id }, false);
  const place = (m: Map<string, Item[]>, source: boolean) => {
    for (const [busId, items] of m) {
      const b = busById.get(busId)!;
      // side of the bar: -1 above / left, +1 below / right; sources take -1 unless the bar is turned by 180 / 270
      const side = (source ? -1 : 1) * (b.flipped ? -1 : 1);
      items.forEach((it, i) => {
        const a = alongBar(b, (i + 1) / (items.length + 1));
        const c = offBar(b, a, side * ATTACH_OFFSET);
        // the terminal faces the bar
        const rotation: Rotation = b.vertical ? (side < 0 ? 90 : 270) : side < 0 ? 180 : 0;
        const d = terminalDir(rotation);
        const t = TERMINAL[it.kind];
        const wire = [a, { x: c.x + d.x * t, y: c.y + d.y * t }];
        nodes.push({ ...it, bus: busId, x: c.x, y: c.y, rotation, free: false, ax: a.x, ay: a.y, wire });
      });
    }
  };
  place(sources, true);
  place(sinks, false);
  return { nodes, sources, sinks };
}

type RawBranch = { kind: BranchKind; id: string; from: string; to: string; label: string; open?: boolean };

function rawBranches(net: Network): RawBranch[] {
  const raw: RawBranch[] = [];
  for (const l of net.lines) raw.push({ kind: l.kind === "cable" ? "cable" : "line", id: l.id, from: l.from_bus, to: l.to_bus, label: l.name || l.id });
  for (const t of net.transformers) raw.push({ kind: "transformer", id: t.id, from: t.hv_bus, to: t.lv_bus, label: t.name || t.id });
  for (const z of net.impedance_branches)
    raw.push({ kind: z.is_transformer ? "transformer" : "impedance_branch", id: z.id, from: z.from_bus, to: z.to_bus, label: z.name || z.id });
  for (const s of net.switches)
    if ((s.et ?? "bus") === "bus") raw.push({ kind: "switch", id: s.id, from: s.bus, to: s.element, label: s.name || s.id, open: s.closed === false });
  return raw;
}

/** A wire from bar slot `s` to the point `w`: leave the bar at a right angle, then turn towards w. */
function leave(b: BusShape, s: Pt, w: Pt): Pt[] {
  if (Math.abs(s.x - w.x) < 1e-9 || Math.abs(s.y - w.y) < 1e-9) {
    // aligned: straight, unless that runs along the bar
    const along = b.vertical ? Math.abs(s.x - w.x) < 1e-9 : Math.abs(s.y - w.y) < 1e-9;
    if (!along) return [s];
  }
  return b.vertical ? [s, { x: w.x, y: s.y }] : [s, { x: s.x, y: w.y }];
}

/** A manual route: the slots, the waypoints, and a corner where a slot does not line up with its waypoint. */
export function manualRoute(bf: BusShape, sf: Pt, bt: BusShape, st: Pt, wps: Pt[]): Pt[] {
  const first = leave(bf, sf, wps[0]);
  const last = leave(bt, st, wps[wps.length - 1]).reverse();
  return simplify([...first, ...wps, ...last]);
}

function longestMid(points: Pt[]): Pt {
  let best = 0,
    bestLen = -1;
  for (let i = 0; i < points.length - 1; i++) {
    const len = Math.abs(points[i + 1].x - points[i].x) + Math.abs(points[i + 1].y - points[i].y);
    if (len > bestLen) {
      bestLen = len;
      best = i;
    }
  }
  return { x: (points[best].x + points[best + 1].x) / 2, y: (points[best].y + points[best + 1].y) / 2 };
}

function branchShapes(net: Network, layout: Layout, busById: Map<string, BusShape>, sources: Map<string, unknown[]>, sinks: Map<string, unknown[]>) {
  const valid = rawBranches(net).filter((r) => busById.has(r.from) && busById.has(r.to) && r.from !== r.to);
  const wpsOf = (id: string): Pt[] => (at(layout, id)?.waypoints ?? []).map(([x, y]) => ({ x, y }));
  // branch ends spread over each bar in order of where the wire goes (the far bar, or the nearest waypoint)
  type End = { branch: string; other: Pt };
  const ends = new Map<string, End[]>();
  for (const r of valid) {
    const wps = wpsOf(r.id);
    const bf = busById.get(r.from)!,
      bt = busById.get(r.to)!;
    const push = (bus: string, other: Pt) => {
      const a = ends.get(bus);
      if (a) a.push({ branch: r.id, other });
      else ends.set(bus, [{ branch: r.id, other }]);
    };
    push(bf.id, wps[0] ?? { x: bt.x, y: bt.y });
    push(bt.id, wps[wps.length - 1] ?? { x: bf.x, y: bf.y });
  }
  const slot = new Map<string, Pt>(); // key branch|bus -> point on the bar
  for (const [busId, list] of ends) {
    const b = busById.get(busId)!;
    if (b.vertical) list.sort((p, q) => p.other.y - q.other.y || p.branch.localeCompare(q.branch));
    else list.sort((p, q) => p.other.x - q.other.x || p.branch.localeCompare(q.branch));
    // keep branch ends off the attachment points of equipment (a wire leaving on the equipment's side would run
    // through its symbol)
    const taken = [sources.get(busId)?.length ?? 0, sinks.get(busId)?.length ?? 0].flatMap((k) => Array.from({ length: k }, (_, j) => (j + 1) / (k + 1)));
    list.forEach((e, i) => {
      let t = (i + 0.5) / list.length;
      if (taken.some((u) => Math.abs(u - t) < 0.08)) t = Math.min(0.95, t + 0.2);
      slot.set(`${e.branch}|${busId}`, alongBar(b, t));
    });
  }
  return valid.map((r): BranchShape => {
    const bf = busById.get(r.from)!,
      bt = busById.get(r.to)!;
    const sf = slot.get(`${r.id}|${r.from}`)!,
      stt = slot.get(`${r.id}|${r.to}`)!;
    const waypoints = wpsOf(r.id);
    const points = waypoints.length ? manualRoute(bf, sf, bt, stt, waypoints) : route(bf, sf, bt, stt);
    return { ...r, points, mid: longestMid(points), waypoints };
  });
}

/** The three-winding transformer's symbol: three circles, the HV one towards `rotation` (0: up). */
export function trafo3Circles(c: Pt, r: Rotation): Pt[] {
  const base = [
    { x: 0, y: -7 },
    { x: -7, y: 5 },
    { x: 7, y: 5 },
  ];
  const rot = (p: Pt): Pt => (r === 0 ? p : r === 90 ? { x: -p.y, y: p.x } : r === 180 ? { x: -p.x, y: -p.y } : { x: p.y, y: -p.x });
  return base.map((p) => {
    const q = rot(p);
    return { x: c.x + q.x, y: c.y + q.y };
  });
}

function trafo3Shapes(net: Network, layout: Layout, busById: Map<string, BusShape>): Trafo3Shape[] {
  const out: Trafo3Shape[] = [];
  for (const t of net.transformers3w) {
    const bs = [t.hv_bus, t.mv_bus, t.lv_bus].map((id) => busById.get(id));
    if (bs.some((b) => !b)) continue;
    const e = at(layout, t.id);
    const free = e != null && e.x != null && e.y != null;
    const center = free ? { x: e!.x!, y: e!.y! } : { x: bs.reduce((s, b) => s + b!.x, 0) / 3, y: bs.reduce((s, b) => s + b!.y, 0) / 3 };
    out.push({
      kind: "transformer3w",
      id: t.id,
      center,
      rotation: e?.rotation ?? 0,
      free,
      legs: bs.map((b) => ({
        bus: b!.id,
        points: b!.vertical
          ? [{ x: b!.x, y: b!.y }, { x: center.x, y: b!.y }, { x: center.x, y: center.y }]
          : [{ x: b!.x, y: b!.y }, { x: b!.x, y: center.y }, { x: center.x, y: center.y }],
      })),
      label: t.name || t.id,
    });
  }
  return out;
}

function bounds(buses: BusShape[], nodes: NodeShape[], trafo3: Trafo3Shape[], branches: BranchShape[]) {
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  const grow = (x1: number, y1: number, x2: number, y2: number) => {
    minX = Math.min(minX, x1);
    minY = Math.min(minY, y1);
    maxX = Math.max(maxX, x2);
    maxY = Math.max(maxY, y2);
  };
  for (const b of buses) {
    const ox = b.vertical ? ATTACH_OFFSET + 20 : 0,
      oy = b.vertical ? 20 : ATTACH_OFFSET + 20;
    grow(b.x1 - ox, b.y1 - oy, b.x2 + ox, b.y2 + oy);
  }
  for (const n of nodes) if (n.free) grow(n.x - 20, n.y - 20, n.x + 20, n.y + 20);
  for (const t of trafo3) if (t.free) grow(t.center.x - 20, t.center.y - 20, t.center.x + 20, t.center.y + 20);
  for (const br of branches) for (const w of br.waypoints) grow(w.x, w.y, w.x, w.y);
  if (!buses.length) return { minX: 0, minY: 0, maxX: 800, maxY: 600 };
  return { minX, minY, maxX, maxY };
}

export function buildScene(net: Network, layout: Layout = {}): Scene {
  const buses = busShapes(net, layout);
  const busById = new Map(buses.map((b) => [b.id, b]));
  const { nodes, sources, sinks } = nodeShapes(net, layout, busById);
  const branches = branchShapes(net, layout, busById, sources, sinks);
  const trafo3 = trafo3Shapes(net, layout, busById);
  return {
    buses,
    nodes,
    branches,
    trafo3,
    busById,
    nodeById: new Map(nodes.map((n) => [n.id, n])),
    branchById: new Map(branches.map((b) => [b.id, b])),
    trafo3ById: new Map(trafo3.map((t) => [t.id, t])),
    bounds: bounds(buses, nodes, trafo3, branches),
  };
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

/**
 * The waypoints after dragging segment `seg` of a route by `d`: an axis-parallel segment moves across its own
 * direction (its neighbours stretch, the route stays orthogonal); where the dragged segment touches a bar, a
 * stub of STUB px is kept at the bar so the wire still leaves it at a right angle. A slanted segment moves as
 * it is. Returns the new waypoints (the route without its two bar ends).
 */
export function bendRoute(points: Pt[], seg: number, d: Pt): Pt[] {
  const n = points.length;
  const a = points[seg],
    b = points[seg + 1];
  const horizontal = Math.abs(a.y - b.y) < 1e-9 && Math.abs(a.x - b.x) > 1e-9;
  const vertical = Math.abs(a.x - b.x) < 1e-9 && Math.abs(a.y - b.y) > 1e-9;
  const shift = horizontal ? { x: 0, y: d.y } : vertical ? { x: d.x, y: 0 } : d;
  if (!shift.x && !shift.y) return points.slice(1, -1);
  const move = (p: Pt): Pt => ({ x: p.x + shift.x, y: p.y + shift.y });
  const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
  const u = { x: (b.x - a.x) / len, y: (b.y - a.y) / len };
  const s = Math.min(STUB, len / 3);
  const head: Pt[] = points.slice(0, seg);
  const tail: Pt[] = points.slice(seg + 2);
  const mid: Pt[] = [];
  if (seg === 0) {
    const stub = { x: a.x + u.x * s, y: a.y + u.y * s };
    head.push(a, stub);
    mid.push(move(stub));
  } else mid.push(move(a));
  if (seg + 1 === n - 1) {
    const stub = { x: b.x - u.x * s, y: b.y - u.y * s };
    mid.push(move(stub));
    tail.unshift(stub, b);
  } else mid.push(move(b));
  const all = simplify([...head, ...mid, ...tail]);
  return all.slice(1, -1);
}

/**
 * The waypoints after dragging waypoint `i` by `d`: the neighbouring waypoints follow along the shared axis, so
 * the corners stay right angles (a waypoint next to a bar end keeps its own corner to the bar, see manualRoute).
 */
export function moveWaypoint(wps: Pt[], i: number, d: Pt): Pt[] {
  const out = wps.map((w) => ({ ...w }));
  out[i] = { x: wps[i].x + d.x, y: wps[i].y + d.y };
  for (const j of [i - 1, i + 1]) {
    if (j < 0 || j >= wps.length) continue;
    if (Math.abs(wps[j].y - wps[i].y) < 1e-9) out[j].y = out[i].y;
    else if (Math.abs(wps[j].x - wps[i].x) < 1e-9) out[j].x = out[i].x;
  }
  return out;
}

export function buildIndex(scene: Scene): RBush<IndexItem> {
  const items: IndexItem[] = [];
  for (const b of scene.buses) items.push({ minX: b.x1 - (b.vertical ? 5 : 0), maxX: b.x2 + (b.vertical ? 5 : 0), minY: b.y1 - (b.vertical ? 0 : 5), maxY: b.y2 + (b.vertical ? 0 : 5), id: b.id, kind: "bus" });
  for (const n of scene.nodes) items.push({ minX: n.x - 14, maxX: n.x + 14, minY: n.y - 14, maxY: n.y + 14, id: n.id, kind: n.kind });
  for (const br of scene.branches) {
    for (let i = 0; i < br.points.length - 1; i++) {
      const a = br.points[i],
        c = br.points[i + 1];
      items.push({ minX: Math.min(a.x, c.x) - 4, maxX: Math.max(a.x, c.x) + 4, minY: Math.min(a.y, c.y) - 4, maxY: Math.max(a.y, c.y) + 4, id: br.id, kind: br.kind, seg: i });
    }
  }
  for (const t of scene.trafo3) items.push({ minX: t.center.x - 16, maxX: t.center.x + 16, minY: t.center.y - 16, maxY: t.center.y + 16, id: t.id, kind: "transformer3w" });
  const tree = new RBush<IndexItem>();
  tree.load(items);
  return tree;
}

const PRIORITY: Record<string, number> = { generator: 0, external_grid: 0, load: 0, motor: 0, shunt: 0, transformer3w: 1, bus: 2 };

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
