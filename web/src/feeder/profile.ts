// The per-phase view model of an unbalanced feeder result: each bus's distance from the source along the
// feeder, its phase voltages (a, b, c = nodes 1, 2, 3), the line currents per phase, and the profile's segments
// (one per line and phase, from the upstream bus to the downstream one, as OpenDSS's voltage-profile plot draws
// them: a radial feeder's profile is a tree, not one polyline through buses sorted by distance).
//
// The feeder model is gridsolve.unbalanced.model.Feeder; it is not in the generated contract (its class names,
// Line, Transformer, Load, would collide with the balanced network's), so the few fields read here are typed here.
import type { UnbalancedResultModel } from "../contract/types";

export interface Terminal {
  bus: string;
  nodes: number[];
}
export interface FeederLine {
  id: string;
  bus1: Terminal;
  bus2: Terminal;
  length: number;
  length_units: string;
  line_code?: string | null;
  switch?: boolean;
  enabled?: boolean;
}
export interface FeederModel {
  name: string;
  sources: { id: string; terminal: Terminal }[];
  lines: FeederLine[];
  line_codes: { id: string; units: string }[];
  transformers: { id: string; windings: { terminal: Terminal }[]; enabled?: boolean }[];
  reg_controls: { id: string; transformer: string }[];
  capacitors: { id: string; bus1: Terminal }[];
  loads: { id: string; terminal: Terminal }[];
  bus_order: string[];
}

/** km per unit of OpenDSS's length units; "none" is taken as given (the script's own unit). */
export const KM_PER: Record<string, number> = { none: 1, mi: 1.609344, kft: 0.3048, km: 1, m: 0.001, ft: 0.0003048, in: 0.0000254, cm: 0.00001, mm: 0.000001 };

/** A line's length in km: its own units, else its line code's (OpenDSS reads a unitless length in the code's units);
 * switches (OpenDSS `Switch=y` lines, a nominal length with impedances per that length) count as zero. */
export function lineKm(ln: FeederLine, codes: Map<string, string>): number {
  if (ln.switch) return 0;
  const u = ln.length_units !== "none" ? ln.length_units : ((ln.line_code && codes.get(ln.line_code)) ?? "none");
  return ln.length * (KM_PER[u] ?? 1);
}

export interface Edge {
  id: string;
  kind: "line" | "switch" | "transformer";
  from: string;
  to: string;
  km: number;
  phases: number[];
}

/** The feeder's buses joined by its lines and transformer windings (disabled ones left out); elements between the
 * same two buses (three single-phase regulators of a bank) are one edge with the union of their phases. */
export function edges(f: FeederModel): Edge[] {
  const merged = new Map<string, Edge>();
  for (const e of rawEdges(f)) {
    const key = [e.from, e.to].sort().join("\u0000");
    const m = merged.get(key);
    if (!m) merged.set(key, { ...e, phases: [...e.phases] });
    else {
      m.id = `${m.id}+${e.id}`;
      m.phases = [...new Set([...m.phases, ...e.phases])].sort();
      m.km = Math.min(m.km, e.km);
    }
  }
  return [...merged.values()];
}

function rawEdges(f: FeederModel): Edge[] {
  const codes = new Map(f.line_codes.map((c) => [c.id, c.units]));
  const out: Edge[] = [];
  for (const ln of f.lines)
    if (ln.enabled !== false)
      out.push({ id: ln.id, kind: ln.switch ? "switch" : "line", from: ln.bus1.bus, to: ln.bus2.bus, km: lineKm(ln, codes), phases: ln.bus1.nodes.filter((n) => n >= 1 && n <= 3) });
  for (const tr of f.transformers) {
    if (tr.enabled === false) continue;
    const w = tr.windings;
    for (let k = 1; k < w.length; k++) out.push({ id: tr.id, kind: "transformer", from: w[0].terminal.bus, to: w[k].terminal.bus, km: 0, phases: w[k].terminal.nodes.filter((n) => n >= 1 && n <= 3) });
  }
  return out;
}

/** Distance (km) of every bus reachable from the source along the feeder, and the edge each is reached by. */
export function distances(f: FeederModel): { km: Map<string, number>; parent: Map<string, Edge> } {
  const adj = new Map<string, Edge[]>();
  for (const e of edges(f)) {
    for (const b of [e.from, e.to]) if (!adj.has(b)) adj.set(b, []);
    adj.get(e.from)!.push(e);
    adj.get(e.to)!.push(e);
  }
  const km = new Map<string, number>();
  const parent = new Map<string, Edge>();
  const src = f.sources[0]?.terminal.bus;
  if (!src) return { km, parent };
  // Dijkstra (shortest path along the lines): exact for radial feeders, the nearest route where loops are closed
  km.set(src, 0);
  const todo = new Set([src]);
  while (todo.size) {
    let b = "";
    for (const x of todo) if (b === "" || km.get(x)! < km.get(b)!) b = x;
    todo.delete(b);
    for (const e of adj.get(b) ?? []) {
      const o = e.from === b ? e.to : e.from;
      const d = km.get(b)! + e.km;
      if (!km.has(o) || d < km.get(o)! - 1e-12) {
        km.set(o, d);
        parent.set(o, e);
        todo.add(o);
      }
    }
  }
  return { km, parent };
}

export interface BusRow {
  bus: string;
  km: number | null;
  /** |V| pu of phases a, b, c (null: the bus has no such phase) */
  v: (number | null)[];
  /** angles, degrees */
  ang: (number | null)[];
  kv: (number | null)[];
  vuf: number | null;
}

/** One row per bus (the feeder's display order), with its three phase voltages and its distance from the source. */
export function busRows(f: FeederModel, r: UnbalancedResultModel): BusRow[] {
  const { km } = distances(f);
  const rows = new Map<string, BusRow>();
  const vuf = new Map(r.unbalance.map((u) => [u.bus, u.vuf_percent]));
  for (const n of r.nodes) {
    if (n.node < 1 || n.node > 3) continue;
    let row = rows.get(n.bus);
    if (!row) rows.set(n.bus, (row = { bus: n.bus, km: km.get(n.bus) ?? null, v: [null, null, null], ang: [null, null, null], kv: [null, null, null], vuf: vuf.get(n.bus) ?? null }));
    row.v[n.node - 1] = n.v_pu;
    row.ang[n.node - 1] = n.angle_deg;
    row.kv[n.node - 1] = n.v_kv_ln;
  }
  return [...rows.values()];
}

export interface ProfileSegment {
  phase: 0 | 1 | 2;
  edge: string;
  x0: number;
  v0: number;
  x1: number;
  v1: number;
}

/** The voltage profile: per phase, a segment from each bus's upstream bus to it (the edge it is reached by). */
export function profileSegments(f: FeederModel, rows: BusRow[]): ProfileSegment[] {
  const { km, parent } = distances(f);
  const byBus = new Map(rows.map((r) => [r.bus, r]));
  const out: ProfileSegment[] = [];
  for (const [bus, e] of parent) {
    const up = e.from === bus ? e.to : e.from;
    const a = byBus.get(up),
      b = byBus.get(bus);
    if (!a || !b) continue;
    for (const ph of [0, 1, 2] as const) {
      const v0 = a.v[ph],
        v1 = b.v[ph];
      if (v0 != null && v1 != null && e.phases.includes(ph + 1)) out.push({ phase: ph, edge: e.id, x0: km.get(up)!, v0, x1: km.get(bus)!, v1 });
    }
  }
  return out;
}

export interface LineRow {
  id: string;
  kind: string;
  bus1: string;
  bus2: string;
  /** current magnitude at terminal 1 of phases a, b, c, A */
  i: (number | null)[];
  lossKw: number;
}

export function lineRows(r: UnbalancedResultModel): LineRow[] {
  return r.branches.map((b) => {
    const i: (number | null)[] = [null, null, null];
    for (const p of b.phases) if (p.phase >= 1 && p.phase <= 3) i[p.phase - 1] = p.i1_a;
    return { id: b.id, kind: b.kind, bus1: b.bus1, bus2: b.bus2, i, lossKw: b.p_loss_kw };
  });
}
