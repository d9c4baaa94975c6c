// Sequence networks of a short-circuit study (GET .../studies/{sid}/sequence-networks, built by
// gridsolve.shortcircuit.build_sequence_networks(...).to_dict()) mapped to a drawing: buses where the
// diagram has them, every two-port of the chosen sequence with its series impedance, shunts to the
// reference (sources, transformer earthing, line charging) and, for the zero sequence, which elements
// of the positive-sequence topology carry no zero-sequence current (open, earthed on one side only
// like a Dyn transformer, or data missing).

export type SeqName = "positive" | "negative" | "zero";
export const SEQUENCES: SeqName[] = ["positive", "negative", "zero"];

export interface SeqElement {
  id: string;
  kind: string;
  from_bus: string;
  to_bus: string | null; // null: a shunt from from_bus to the reference
  r_pu: number | null;
  x_pu: number | null;
  r_ohm?: number | null;
  x_ohm?: number | null;
  ratio?: number;
}

export interface SequenceNetworksData {
  base_mva: number;
  case: string;
  buses: { id: string; vn_kv: number; c?: number; energized: boolean }[];
  z0_complete: boolean;
  z0_missing: { element_id: string; field: string }[];
  notes?: string[];
  sequences: Record<SeqName, SeqElement[]>;
}

export type Pt = { x: number; y: number };
export type BranchState = "connected" | "open" | "earthed" | "missing";

export interface SeqBusView {
  id: string;
  vn_kv: number;
  energized: boolean;
  x: number; // bar centre (view px)
  y: number;
  x1: number;
  x2: number;
}

export interface SeqBranchView {
  id: string;
  kind: string;
  from: string;
  to: string;
  state: BranchState;
  r_pu: number | null;
  x_pu: number | null;
  r_ohm: number | null;
  x_ohm: number | null;
  /** connected: the whole two-port; earthed: the buses where it earths the sequence network. */
  earthedAt: string[];
  missingField?: string;
  a: Pt; // attachment on the from-bus bar
  b: Pt; // attachment on the to-bus bar
}

export interface SeqShuntView {
  id: string;
  kind: string;
  bus: string;
  source: boolean; // a voltage source (drawn with its EMF in the positive sequence)
  emf: boolean;
  r_pu: number | null;
  x_pu: number | null;
  r_ohm: number | null;
  x_ohm: number | null;
  a: Pt; // attachment on the bar
  dir: 1 | -1; // -1: drawn above the bar (sources), 1: below (earthing paths)
}

export interface SequenceView {
  seq: SeqName;
  buses: SeqBusView[];
  branches: SeqBranchView[];
  shunts: SeqShuntView[];
  width: number;
  height: number;
  missing: { element_id: string; field: string }[];
  counts: Record<BranchState, number>;
}

const SOURCES = new Set(["external_grid", "generator", "motor"]);
export const STATE_TEXT: Record<BranchState, string> = {
  connected: "connected",
  open: "open: no path in this sequence",
  earthed: "open between its buses, earthed on one side",
  missing: "zero-sequence data missing",
};

const key = (e: { id: string; from: string; to: string }) => `${e.id}\u0000${e.from}\u0000${e.to}`;

/** Bus positions for buses the diagram does not place (e.g. a 3-winding transformer's star point): the mean of
 * their placed neighbours, else a row under the drawing. */
function positions(data: SequenceNetworksData, known: Map<string, Pt>): Map<string, Pt> {
  const pos = new Map<string, Pt>();
  for (const b of data.buses) {
    const p = known.get(b.id);
    if (p) pos.set(b.id, p);
  }
  const nbrs = new Map<string, string[]>();
  for (const e of data.sequences.positive) {
    if (e.to_bus == null) continue;
    for (const [u, v] of [
      [e.from_bus, e.to_bus],
      [e.to_bus, e.from_bus],
    ]) {
      const l = nbrs.get(u);
      if (l) l.push(v);
      else nbrs.set(u, [v]);
    }
  }
  const row = Math.max(0, ...[...pos.values()].map((p) => p.y)) + 100;
  const minX = Math.min(...[...pos.values()].map((p) => p.x), 0);
  let loose = 0;
  for (const b of data.buses) {
    if (pos.has(b.id)) continue;
    const placed = (nbrs.get(b.id) ?? []).map((n) => pos.get(n)).filter((p): p is Pt => p != null);
    if (placed.length) {
      const x = placed.reduce((s, p) => s + p.x, 0) / placed.length;
      const y = placed.reduce((s, p) => s + p.y, 0) / placed.length;
      pos.set(b.id, { x: x + 40, y: y + 40 });
    } else pos.set(b.id, { x: minX + 160 * loose++, y: row });
  }
  return pos;
}

/**
 * The drawing of one sequence network, scaled into a width x height box (text stays at its pixel size).
 * `known` holds the diagram's bus positions (network bus x/y).
 */
export function sequenceView(data: SequenceNetworksData, seq: SeqName, known: Map<string, Pt>, width = 640, height = 460): SequenceView {
  const elements = data.sequences[seq] ?? [];
  const raw = positions(data, known);
  // fit the diagram coordinates into the box, leaving room for the stubs above and below the bars
  const xs = [...raw.values()].map((p) => p.x),
    ys = [...raw.values()].map((p) => p.y);
  const minX = Math.min(...xs),
    maxX = Math.max(...xs),
    minY = Math.min(...ys),
    maxY = Math.max(...ys);
  const padX = 90,
    padTop = 100,
    padBottom = 90;
  const sx = maxX > minX ? (width - 2 * padX) / (maxX - minX) : 1;
  const sy = maxY > minY ? (height - padTop - padBottom) / (maxY - minY) : 1;
  const k = Math.min(sx, sy, 1.6);
  const ox = (width - (maxX - minX) * k) / 2 - minX * k;
  const oy = padTop + (height - padTop - padBottom - (maxY - minY) * k) / 2 - minY * k;
  const nBus = data.buses.length;
  const barLen = Math.max(40, Math.min(130, (width - 2 * padX) / Math.max(1, Math.sqrt(nBus)) / 1.4));
  const buses: SeqBusView[] = data.buses.map((b) => {
    const p = raw.get(b.id)!;
    const x = p.x * k + ox,
      y = p.y * k + oy;
    return { id: b.id, vn_kv: b.vn_kv, energized: b.energized, x, y, x1: x - barLen / 2, x2: x + barLen / 2 };
  });
  const busById = new Map(buses.map((b) => [b.id, b]));

  // topology: the positive sequence's two-ports; this sequence's state of each
  const reference = data.sequences.positive.filter((e) => e.to_bus != null);
  const here = new Map(elements.filter((e) => e.to_bus != null).map((e) => [key({ id: e.id, from: e.from_bus, to: e.to_bus! }), e]));
  const shuntsHere = elements.filter((e) => e.to_bus == null);
  const earthing = new Map<string, string[]>();
  for (const s of shuntsHere) if (!SOURCES.has(s.kind)) earthing.set(s.id, [...(earthing.get(s.id) ?? []), s.from_bus]);
  const missing = seq === "zero" ? data.z0_missing : [];
  const missingField = new Map(missing.map((m) => [m.element_id, m.field]));

  type Raw = Omit<SeqBranchView, "a" | "b">;
  const rows: Raw[] = [];
  const seen = new Set<string>();
  for (const ref of reference) {
    const kk = key({ id: ref.id, from: ref.from_bus, to: ref.to_bus! });
    if (seen.has(kk)) continue;
    seen.add(kk);
    const own = here.get(kk);
    const base = { id: ref.id, kind: ref.kind, from: ref.from_bus, to: ref.to_bus!, earthedAt: [] as string[] };
    if (own) rows.push({ ...base, state: "connected", r_pu: own.r_pu, x_pu: own.x_pu, r_ohm: own.r_ohm ?? null, x_ohm: own.x_ohm ?? null });
    else {
      const at = (earthing.get(ref.id) ?? []).filter((b) => b === ref.from_bus || b === ref.to_bus);
      const state: BranchState = at.length ? "earthed" : missingField.has(ref.id) ? "missing" : "open";
      rows.push({ ...base, state, earthedAt: at, missingField: missingField.get(ref.id), r_pu: null, x_pu: null, r_ohm: null, x_ohm: null });
    }
  }
  for (const [kk, e] of here) {
    if (seen.has(kk)) continue; // a two-port only this sequence has
    rows.push({ id: e.id, kind: e.kind, from: e.from_bus, to: e.to_bus!, earthedAt: [], state: "connected", r_pu: e.r_pu, x_pu: e.x_pu, r_ohm: e.r_ohm ?? null, x_ohm: e.x_ohm ?? null });
  }

  // attachment slots along each bar: branches in order of the far end's x, sources above, earthing below
  const slots = new Map<string, { id: string; otherX: number; side: "branch" | "above" | "below" }[]>();
  const addSlot = (bus: string, s: { id: string; otherX: number; side: "branch" | "above" | "below" }) => {
    const l = slots.get(bus);
    if (l) l.push(s);
    else slots.set(bus, [s]);
  };
  rows.forEach((r, i) => {
    addSlot(r.from, { id: `b${i}f`, otherX: busById.get(r.to)!.x, side: "branch" });
    addSlot(r.to, { id: `b${i}t`, otherX: busById.get(r.from)!.x, side: "branch" });
  });
  // shunts of every sequence take a slot, so that a bus's attachments stay put when switching sequences
  const shuntKey = (e: SeqElement) => `s\u0000${e.id}\u0000${e.from_bus}\u0000${e.kind}`;
  const allShunts = new Map<string, SeqElement>();
  for (const name of SEQUENCES) for (const e of data.sequences[name] ?? []) if (e.to_bus == null && !allShunts.has(shuntKey(e))) allShunts.set(shuntKey(e), e);
  for (const [k, e] of allShunts) addSlot(e.from_bus, { id: k, otherX: busById.get(e.from_bus)!.x, side: SOURCES.has(e.kind) ? "above" : "below" });
  const at = new Map<string, Pt>();
  for (const [bus, list] of slots) {
    const b = busById.get(bus)!;
    const ordered = [...list].sort((p, q) => p.otherX - q.otherX || p.id.localeCompare(q.id));
    ordered.forEach((s, i) => at.set(s.id, { x: b.x1 + ((i + 1) * (b.x2 - b.x1)) / (ordered.length + 1), y: b.y }));
  }
  const branches: SeqBranchView[] = rows.map((r, i) => ({ ...r, a: at.get(`b${i}f`)!, b: at.get(`b${i}t`)! }));
  // a branch between bars on different rows that nearly line up is drawn straight (no jog) when the to-bar has
  // room at the from-end's x
  const used = new Map<string, number[]>();
  for (const [bus, list] of slots) used.set(bus, list.map((s) => at.get(s.id)!.x));
  for (const br of branches) {
    const to = busById.get(br.to)!;
    const dx = br.a.x - br.b.x;
    if (dx === 0 || Math.abs(dx) > 24 || Math.abs(br.a.y - br.b.y) < 1 || br.a.x < to.x1 + 4 || br.a.x > to.x2 - 4) continue;
    const others = (used.get(br.to) ?? []).filter((x) => x !== br.b.x);
    if (others.some((x) => Math.abs(x - br.a.x) < 10)) continue;
    used.set(br.to, [...others, br.a.x]);
    br.b = { x: br.a.x, y: br.b.y };
  }
  const shunts: SeqShuntView[] = shuntsHere.map((s) => ({
    id: s.id,
    kind: s.kind,
    bus: s.from_bus,
    source: SOURCES.has(s.kind),
    emf: SOURCES.has(s.kind) && seq === "positive",
    r_pu: s.r_pu,
    x_pu: s.x_pu,
    r_ohm: s.r_ohm ?? null,
    x_ohm: s.x_ohm ?? null,
    a: at.get(shuntKey(s))!,
    dir: SOURCES.has(s.kind) ? -1 : 1,
  }));
  const counts: Record<BranchState, number> = { connected: 0, open: 0, earthed: 0, missing: 0 };
  for (const b of branches) counts[b.state]++;
  return { seq, buses, branches, shunts, width, height, missing, counts };
}

/** "0.0122 + j0.2922" (per unit), "—" when the element has no impedance in this sequence. */
export function formatZ(r: number | null | undefined, x: number | null | undefined, digits = 4): string {
  if (r == null || x == null) return "—";
  const sign = x < 0 ? "−" : "+";
  return `${r.toFixed(digits)} ${sign} j${Math.abs(x).toFixed(digits)}`;
}

/** An orthogonal route between two bar attachments and where its impedance box sits: buses on the same row are
 * joined below the bars (clear of the sources above and the earthing stubs below). */
export function branchRoute(a: Pt, b: Pt, drop = 64): { points: Pt[]; box: Pt; vertical: boolean } {
  if (Math.abs(a.y - b.y) < 1) {
    const y = a.y + drop;
    return { points: [a, { x: a.x, y }, { x: b.x, y }, b], box: { x: (a.x + b.x) / 2, y }, vertical: false };
  }
  if (Math.abs(a.x - b.x) < 1) return { points: [a, b], box: { x: a.x, y: (a.y + b.y) / 2 }, vertical: true };
  const my = (a.y + b.y) / 2;
  const points = [a, { x: a.x, y: my }, { x: b.x, y: my }, b];
  return Math.abs(b.x - a.x) >= Math.abs(b.y - a.y) / 2
    ? { points, box: { x: (a.x + b.x) / 2, y: my }, vertical: false }
    : { points, box: { x: a.x, y: (a.y + my) / 2 }, vertical: true };
}
