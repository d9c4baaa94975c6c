// Nominal voltages for imported cases that have none (MATPOWER's base kV column is 0 in IEEE 14 and others): the
// buses grouped into voltage levels (joined by lines, switches and impedance branches without a ratio; separated
// by transformers), a voltage proposed for each level from the transformer ratings that touch it where there are
// any, and one undoable command that sets them all.
import type { Element, Network } from "../model/elements";
import { mergeCommands, updateCommand, type Command } from "./commands";

export interface VoltageLevel {
  /** a stable key: the level's first bus id */
  key: string;
  buses: string[];
  /** the zones its buses carry (MATPOWER areas/zones as the importer stored them) */
  zones: string[];
  /** the kV its buses have now (distinct values) */
  current: number[];
  /** a kV inferred from transformer windings on the level's buses (null when none rate it) */
  inferred: number | null;
  /** where `inferred` comes from */
  inferredFrom: string | null;
}

/** Whether an impedance branch is a transformer (it separates voltage levels). */
function isRatioBranch(br: Element): boolean {
  return Boolean(br.is_transformer) || (typeof br.tap_ratio === "number" && br.tap_ratio !== 1) || (typeof br.shift_degree === "number" && br.shift_degree !== 0);
}

/** The voltage levels of a network, largest first (union-find over the non-transformer connections). */
export function voltageLevels(net: Network): VoltageLevel[] {
  const parent = new Map(net.buses.map((b) => [b.id, b.id]));
  const find = (a: string): string => {
    let r = a;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(a, r);
    return r;
  };
  const join = (a: unknown, b: unknown) => {
    if (typeof a !== "string" || typeof b !== "string" || !parent.has(a) || !parent.has(b)) return;
    const ra = find(a),
      rb = find(b);
    if (ra !== rb) parent.set(rb, ra);
  };
  for (const l of net.lines) join(l.from_bus, l.to_bus);
  for (const s of net.switches) if ((s.et ?? "bus") === "bus") join(s.bus, s.element);
  for (const br of net.impedance_branches as unknown as Element[]) if (!isRatioBranch(br)) join(br.from_bus, br.to_bus);
  const windings = new Map<string, { kv: number; from: string }>();
  for (const t of net.transformers) {
    windings.set(t.hv_bus, { kv: t.vn_hv_kv, from: `${t.id} HV winding` });
    windings.set(t.lv_bus, { kv: t.vn_lv_kv, from: `${t.id} LV winding` });
  }
  for (const t of net.transformers3w) {
    windings.set(t.hv_bus, { kv: t.vn_hv_kv, from: `${t.id} HV winding` });
    windings.set(t.mv_bus, { kv: t.vn_mv_kv, from: `${t.id} MV winding` });
    windings.set(t.lv_bus, { kv: t.vn_lv_kv, from: `${t.id} LV winding` });
  }
  const groups = new Map<string, VoltageLevel>();
  for (const b of net.buses) {
    const r = find(b.id);
    let g = groups.get(r);
    if (!g) groups.set(r, (g = { key: b.id, buses: [], zones: [], current: [], inferred: null, inferredFrom: null }));
    g.buses.push(b.id);
    if (b.zone != null && !g.zones.includes(String(b.zone))) g.zones.push(String(b.zone));
    if (!g.current.includes(b.vn_kv)) g.current.push(b.vn_kv);
    const w = windings.get(b.id);
    if (w && g.inferred === null) {
      g.inferred = w.kv;
      g.inferredFrom = w.from;
    }
  }
  return [...groups.values()].sort((a, b) => b.buses.length - a.buses.length || a.key.localeCompare(b.key, undefined, { numeric: true }));
}

/** Buses without a nominal voltage (0 kV: "unknown" in the model). */
export function busesWithoutKv(net: Network): string[] {
  return net.buses.filter((b) => !(b.vn_kv > 0)).map((b) => b.id);
}

/** One command setting every bus of each level to its kV (levels without a positive kV are left alone). */
export function setBaseKvCommand(net: Network, levels: VoltageLevel[], kv: Record<string, number>): Command {
  const cmds: (Command | null)[] = [];
  let n = 0;
  for (const lv of levels) {
    const v = kv[lv.key];
    if (!(typeof v === "number" && Number.isFinite(v) && v > 0)) continue;
    for (const id of lv.buses) {
      const bus = net.buses.find((b) => b.id === id);
      if (bus && bus.vn_kv !== v) {
        cmds.push(updateCommand(net, id, { vn_kv: v }));
        n++;
      }
    }
  }
  return mergeCommands(`set nominal voltage of ${n} bus(es)`, cmds);
}
