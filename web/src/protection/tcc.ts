// Time-current characteristics in the browser: the engine's formulas over the engine's constants
// (contract/protection.ts, generated from gridsolve.protection.curves and .fuses), so a dragged curve's
// operating times are the ones the protection study would compute. Mirrors gridsolve.protection.curves
// (operate_time, reset_time, loglog_interp), fuses.FuseCurve (log-log linear, or PCHIP as scipy's), and
// devices.Device / coordination.pair_times; checked against `python -m gridsolve tcc` by tcc.test.ts.

import { CURVE_TABLE, FUSE_LIBRARY } from "../contract/protection";

export interface CurveSpec {
  name: string;
  label: string;
  kind: "inverse" | "definite" | "points";
  A?: number;
  B?: number;
  p?: number;
  multiples?: number[];
  times_s?: number[];
  reset: Record<string, { tr: number; q: number }>;
  default_reset_model: string | null;
}

export interface FuseTypeSpec {
  name: string;
  family: string;
  rated_a: number | null;
  interpolation: "loglog-linear" | "loglog-pchip";
  published: string;
  min_melting: { i: number[]; t_s: number[] } | null;
  total_clearing: { i: number[]; t_s: number[] } | null;
}

export const CURVES: CurveSpec[] = (CURVE_TABLE as unknown as { curves: CurveSpec[] }).curves;
export const FUSE_TYPES: FuseTypeSpec[] = (FUSE_LIBRARY as unknown as { fuse_types: FuseTypeSpec[] }).fuse_types;
const RESET_MODELS = (CURVE_TABLE as unknown as { reset_models: Record<string, { constants: Record<string, { tr: number; q: number }> }> }).reset_models;

export function getCurve(name: string): CurveSpec {
  const c = CURVES.find((x) => x.name.toLowerCase() === String(name).toLowerCase());
  if (!c) throw new Error(`unknown curve '${name}' (choose ${CURVES.map((x) => x.name).join(", ")})`);
  return c;
}

export function getFuseType(name: string): FuseTypeSpec {
  const f = FUSE_TYPES.find((x) => x.name === name || (x as { library_id?: string }).library_id === name);
  if (!f) throw new Error(`unknown fuse type '${name}'`);
  return f;
}

/** Straight lines between points on log-log axes; +inf below the first point, the last time beyond the last. */
export function loglogInterp(x: number, xp: readonly number[], tp: readonly number[]): number {
  if (!(x >= xp[0])) return Infinity;
  const n = xp.length;
  if (x >= xp[n - 1]) return tp[n - 1];
  const lx = Math.log(x);
  let k = 0;
  while (k < n - 2 && x > xp[k + 1]) k++;
  const x0 = Math.log(xp[k]),
    x1 = Math.log(xp[k + 1]);
  const y0 = Math.log(tp[k]),
    y1 = Math.log(tp[k + 1]);
  return Math.exp(y0 + ((lx - x0) * (y1 - y0)) / (x1 - x0));
}

/** Operate time (s) at a multiple of pickup `m`; +inf where the element does not operate. */
export function operateTime(c: CurveSpec, m: number, dial: number): number {
  if (c.kind === "inverse") return m > 1 ? dial * (c.A! / Math.expm1(c.p! * Math.log(m)) + c.B!) : Infinity;
  if (c.kind === "definite") return m > 1 ? dial : Infinity;
  return dial * loglogInterp(m, c.multiples!, c.times_s!);
}

/** Timed reset from full travel at `m` < 1 (NaN at and above pickup). */
export function resetTime(c: CurveSpec, m: number, dial: number, model?: string | null): number {
  const mdl = model ?? c.default_reset_model;
  const k = mdl ? RESET_MODELS[mdl]?.constants[c.name] : undefined;
  if (!k) throw new Error(`no timed-reset constants for curve ${c.name} in relay model '${mdl}'`);
  return m >= 0 && m < 1 ? (dial * k.tr) / (1 - m ** k.q) : NaN;
}

/** scipy.interpolate.PchipInterpolator on (x, y): Fritsch-Carlson slopes with scipy's end conditions. */
export class Pchip {
  private d: number[];
  constructor(
    private x: number[],
    private y: number[],
  ) {
    const n = x.length;
    const h = x.slice(1).map((v, i) => v - x[i]);
    const m = h.map((hk, i) => (y[i + 1] - y[i]) / hk);
    const d = new Array<number>(n).fill(0);
    if (n === 2) {
      d[0] = d[1] = m[0];
    } else {
      for (let k = 1; k < n - 1; k++) {
        if (m[k - 1] === 0 || m[k] === 0 || Math.sign(m[k - 1]) !== Math.sign(m[k])) continue;
        const w1 = 2 * h[k] + h[k - 1],
          w2 = h[k] + 2 * h[k - 1];
        d[k] = (w1 + w2) / (w1 / m[k - 1] + w2 / m[k]);
      }
      const edge = (h0: number, h1: number, m0: number, m1: number) => {
        let e = ((2 * h0 + h1) * m0 - h0 * m1) / (h0 + h1);
        if (Math.sign(e) !== Math.sign(m0)) e = 0;
        else if (Math.sign(m0) !== Math.sign(m1) && Math.abs(e) > 3 * Math.abs(m0)) e = 3 * m0;
        return e;
      };
      d[0] = edge(h[0], h[1], m[0], m[1]);
      d[n - 1] = edge(h[n - 2], h[n - 3], m[n - 2], m[n - 3]);
    }
    this.d = d;
  }
  at(v: number): number {
    const { x, y, d } = this;
    let k = 0;
    while (k < x.length - 2 && v > x[k + 1]) k++;
    const hk = x[k + 1] - x[k];
    const t = (v - x[k]) / hk;
    const t2 = t * t,
      t3 = t2 * t;
    return (2 * t3 - 3 * t2 + 1) * y[k] + (t3 - 2 * t2 + t) * hk * d[k] + (-2 * t3 + 3 * t2) * y[k + 1] + (t3 - t2) * hk * d[k + 1];
  }
}

/** One fuse curve in amperes (fuses.FuseCurve): +inf below the first point, the last time beyond the last. */
export class FuseCurve {
  readonly iA: number[];
  readonly tS: number[];
  private pchip: Pchip | null;
  constructor(points: { i: number[]; t_s: number[] }, scaleA: number, method: string) {
    this.iA = points.i.map((v) => v * scaleA);
    this.tS = [...points.t_s];
    this.pchip = method === "loglog-pchip" ? new Pchip(this.iA.map(Math.log10), this.tS.map(Math.log10)) : null;
  }
  time(i: number): number {
    if (!this.pchip) return loglogInterp(i, this.iA, this.tS);
    if (!(i >= this.iA[0])) return Infinity;
    if (i > this.iA[this.iA.length - 1]) return this.tS[this.tS.length - 1];
    return 10 ** this.pchip.at(Math.log10(i));
  }
}

// ---- devices, as the network model holds them ----------------------------------------------------

export interface ElementSpec {
  function?: "51" | "51N" | "50" | "50N";
  curve?: string;
  pickup_a?: number | null;
  tap_a?: number | null;
  dial?: number;
  delay_s?: number;
  adder_s?: number;
  reset?: "instantaneous" | "timed";
  reset_model?: string | null;
  in_service?: boolean;
}
export interface RelaySpec {
  id: string;
  ct_primary_a?: number | null;
  ct_secondary_a?: number;
  breaker_time_s?: number;
  elements: ElementSpec[];
}
export interface FuseSpec {
  id: string;
  fuse_type: string;
  rated_a?: number | null;
}
export interface RecloserSpec {
  id: string;
  pickup_a: number;
  ground_pickup_a?: number | null;
  fast_curve?: string;
  fast_dial?: number;
  delayed_curve?: string;
  delayed_dial?: number;
  fast_shots?: number;
  delayed_shots?: number;
  reclose_intervals_s?: number[];
  interrupting_time_s?: number;
}

export interface Stage {
  index: number;
  fn: string;
  curve: CurveSpec;
  pickupA: number;
  dial: number;
  adderS: number;
  delayS: number;
  reset: string;
  resetModel: string | null;
}

const isGround = (s: Stage) => s.fn === "51N" || s.fn === "50N";
const isInst = (s: Stage) => s.fn === "50" || s.fn === "50N";

export function stageTime(s: Stage, i: number): number {
  const m = i / s.pickupA;
  const t = isInst(s) ? (m > 1 ? s.delayS : Infinity) : operateTime(s.curve, m, s.dial);
  return t + s.adderS;
}

function stageReset(s: Stage, i: number): number {
  const m = i / s.pickupA;
  if (s.reset === "instantaneous" || isInst(s)) return m < 1 ? 0 : NaN;
  return resetTime(s.curve, m, s.dial, s.resetModel);
}

export interface Device {
  id: string;
  kind: "relay" | "fuse" | "recloser";
  interruptS: number;
  stages: Stage[];
  fast: Stage[];
  delayed: Stage[];
  mm: FuseCurve | null;
  tc: FuseCurve | null;
  fastShots: number;
  delayedShots: number;
  intervals: number[];
}

function relayDevice(r: RelaySpec): Device {
  const ct = (r.ct_primary_a ?? 1) / (r.ct_secondary_a ?? 1);
  const stages = r.elements
    .map((el, k) => ({ el, k }))
    .filter(({ el }) => el.in_service !== false)
    .map(({ el, k }) => {
      const fn = el.function ?? "51";
      const timed = fn === "51" || fn === "51N";
      return {
        index: k,
        fn,
        curve: getCurve(timed ? (el.curve ?? "IEC-SI") : "DT"),
        pickupA: el.pickup_a != null ? el.pickup_a : (el.tap_a ?? 0) * ct,
        dial: el.dial ?? 1,
        adderS: el.adder_s ?? 0,
        delayS: el.delay_s ?? 0,
        reset: el.reset ?? "instantaneous",
        resetModel: el.reset_model ?? null,
      };
    });
  return { id: r.id, kind: "relay", interruptS: r.breaker_time_s ?? 0.05, stages, fast: [], delayed: [], mm: null, tc: null, fastShots: 0, delayedShots: 0, intervals: [] };
}

function fuseDevice(f: FuseSpec): Device {
  const ft = getFuseType(f.fuse_type);
  const scale = ft.rated_a == null ? Number(f.rated_a) : 1;
  const mk = (p: FuseTypeSpec["min_melting"]) => (p ? new FuseCurve(p, scale, ft.interpolation) : null);
  return { id: f.id, kind: "fuse", interruptS: 0, stages: [], fast: [], delayed: [], mm: mk(ft.min_melting), tc: mk(ft.total_clearing), fastShots: 0, delayedShots: 0, intervals: [] };
}

function recloserDevice(rc: RecloserSpec): Device {
  const st = (k: number, fn: string, curve: string, dial: number, pickup: number): Stage => ({
    index: k,
    fn,
    curve: getCurve(curve),
    pickupA: pickup,
    dial,
    adderS: 0,
    delayS: 0,
    reset: "instantaneous",
    resetModel: null,
  });
  const fc = rc.fast_curve ?? "OpenDSS-A",
    dc = rc.delayed_curve ?? "OpenDSS-D";
  const fd = rc.fast_dial ?? 1,
    dd = rc.delayed_dial ?? 1;
  const fast = [st(0, "51", fc, fd, rc.pickup_a)];
  const delayed = [st(1, "51", dc, dd, rc.pickup_a)];
  if (rc.ground_pickup_a != null) {
    fast.push(st(2, "51N", fc, fd, rc.ground_pickup_a));
    delayed.push(st(3, "51N", dc, dd, rc.ground_pickup_a));
  }
  return {
    id: rc.id,
    kind: "recloser",
    interruptS: rc.interrupting_time_s ?? 0.05,
    stages: [],
    fast,
    delayed,
    mm: null,
    tc: null,
    fastShots: rc.fast_shots ?? 1,
    delayedShots: rc.delayed_shots ?? 2,
    intervals: rc.reclose_intervals_s ?? [0.5, 2],
  };
}

export function buildDevice(kind: Device["kind"], spec: RelaySpec | FuseSpec | RecloserSpec): Device {
  return kind === "relay" ? relayDevice(spec as RelaySpec) : kind === "fuse" ? fuseDevice(spec as FuseSpec) : recloserDevice(spec as RecloserSpec);
}

const fastest = (stages: Stage[], i: number, ground: boolean) => stages.filter((s) => ground || !isGround(s)).reduce((t, s) => Math.min(t, stageTime(s, i)), Infinity);

/** Relay: fastest element; fuse: total clearing; recloser: delayed curve (the final trip). */
export function deviceOperate(d: Device, i: number, ground = false): number {
  if (d.kind === "fuse") return d.tc ? d.tc.time(i) : NaN;
  return fastest(d.kind === "recloser" ? d.delayed : d.stages, i, ground);
}
export const deviceClearing = (d: Device, i: number, ground = false) => deviceOperate(d, i, ground) + d.interruptS;
export const deviceMelting = (d: Device, i: number) => (d.mm ? d.mm.time(i) : NaN);
export const deviceFast = (d: Device, i: number, ground = false) => fastest(d.fast, i, ground);

/** Currents where the characteristic steps (fuse curves' first points, every pickup). */
export function pickupsA(d: Device): number[] {
  if (d.kind === "fuse") return [d.mm, d.tc].filter((c): c is FuseCurve => c != null).map((c) => c.iA[0]);
  return [...new Set([...d.stages, ...d.fast, ...d.delayed].map((s) => s.pickupA))].sort((a, b) => a - b);
}

// ---- coordination of one pair (coordination.pair_times, sweep, ranges) ----------------------------

export interface Rules {
  ctiRelayS: number;
  ctiFuseRelayS: number;
  fuseRatio: number;
}
export type Rule = "relay_relay" | "fuse_then_relay" | "fuse_backup";

export function ruleOf(p: Device, b: Device, rules: Rules): [Rule, number] {
  if (b.kind === "fuse") return ["fuse_backup", 0];
  if (p.kind === "fuse") return ["fuse_then_relay", rules.ctiFuseRelayS];
  return ["relay_relay", rules.ctiRelayS];
}

/** The relay's remaining time at the recloser's last shot after travelling (and resetting) during the earlier ones. */
export function backupAfterShots(rec: Device, relay: Device, ip: number, ib: number, ground: boolean): number {
  const shots = [...Array(rec.fastShots).fill("fast"), ...Array(rec.delayedShots).fill("delayed")] as string[];
  const on: Record<string, number> = { fast: deviceFast(rec, ip, ground) + rec.interruptS, delayed: deviceOperate(rec, ip, ground) + rec.interruptS };
  let out = Infinity;
  for (const s of relay.stages) {
    if (isGround(s) && !ground) continue;
    const ts = stageTime(s, ib);
    const tr0 = stageReset(s, 0);
    let travel = 0,
      tripped = false;
    for (let k = 0; k < shots.length - 1; k++) {
      travel += Number.isFinite(ts) ? on[shots[k]] / ts : 0;
      tripped ||= travel >= 1;
      const gap = rec.intervals[k];
      travel = tr0 === 0 ? 0 : Math.max(0, travel - gap / tr0);
    }
    const left = tripped ? 0 : (1 - Math.min(travel, 1)) * ts;
    out = Math.min(out, Number.isFinite(ts) ? left : Infinity);
  }
  return out;
}

export function pairTimes(p: Device, b: Device, rule: Rule, ip: number, ib: number, ground: boolean, rules: Rules): { tp: number; tb: number; margin: number } {
  if (rule === "fuse_backup") {
    const tp = deviceClearing(p, ip, ground),
      tb = deviceMelting(b, ib);
    return { tp, tb, margin: rules.fuseRatio * tb - tp };
  }
  const tp = deviceOperate(p, ip, ground);
  const tb = p.kind === "recloser" && b.kind === "relay" ? backupAfterShots(p, b, ip, ib, ground) : deviceOperate(b, ib, ground);
  return { tp, tb, margin: tb - tp };
}

export interface PairPoint {
  i_primary_a: number;
  i_backup_a: number;
}
export interface CheckedPoint extends PairPoint {
  t_primary_s: number | null;
  t_backup_s: number | null;
  margin_s: number | null;
  ok: boolean;
}
export interface PairCheck {
  rule: Rule;
  requiredS: number;
  points: CheckedPoint[];
  minMarginS: number | null;
  violationRanges: [number, number][];
  primaryNoTrip: [number, number][];
  ok: boolean;
}

const num = (x: number) => (Number.isFinite(x) ? x : null);
export const N_SWEEP = 120;

function geomspace(lo: number, hi: number, n: number): number[] {
  const a = Math.log10(lo),
    b = Math.log10(hi);
  return Array.from({ length: n }, (_, k) => (k === 0 ? lo : k === n - 1 ? hi : 10 ** (a + ((b - a) * k) / (n - 1))));
}

function ranges(grid: number[], bad: boolean[]): [number, number][] {
  const out: [number, number][] = [];
  let start: number | null = null;
  bad.forEach((flag, i) => {
    if (flag && start === null) start = i;
    if (start !== null && (!flag || i === bad.length - 1)) {
      out.push([grid[start], grid[flag ? i : i - 1]]);
      start = null;
    }
  });
  return out;
}

/** The pair's margins at its fault points, and violations over the primary's current range (coordination.check_pair). */
export function checkPair(p: Device, b: Device, pts: PairPoint[], ground: boolean, rules: Rules): PairCheck {
  const [rule, req] = ruleOf(p, b, rules);
  const points = pts.map((q) => {
    const { tp, tb, margin } = pairTimes(p, b, rule, q.i_primary_a, q.i_backup_a, ground, rules);
    return { ...q, t_primary_s: num(tp), t_backup_s: num(tb), margin_s: Number.isFinite(tp) ? num(margin) : null, ok: Number.isFinite(tp) && (!Number.isFinite(margin) || margin >= req - 1e-9) };
  });
  const sorted = [...pts].sort((x, y) => x.i_primary_a - y.i_primary_a);
  const lo = sorted[0].i_primary_a,
    hi = sorted[sorted.length - 1].i_primary_a;
  const grid = hi > lo * (1 + 1e-9) ? geomspace(lo, hi, N_SWEEP) : [lo];
  const lip = sorted.map((q) => Math.log(q.i_primary_a));
  const lr = sorted.map((q) => Math.log(Math.max(q.i_backup_a / q.i_primary_a, 1e-300)));
  const ratioAt = (i: number) => Math.exp(interp(Math.log(i), lip, lr));
  const sweep = grid.map((i) => pairTimes(p, b, rule, i, i * ratioAt(i), ground, rules));
  const noTrip = sweep.map((s) => !Number.isFinite(s.tp));
  const bad = sweep.map((s) => Number.isFinite(s.tp) && Number.isFinite(s.margin) && s.margin < req - 1e-9);
  const margins = [...sweep.filter((s) => Number.isFinite(s.tp) && Number.isFinite(s.margin)).map((s) => s.margin), ...points.filter((q) => q.margin_s != null).map((q) => q.margin_s!)];
  const violationRanges = ranges(grid, bad),
    primaryNoTrip = ranges(grid, noTrip);
  return { rule, requiredS: req, points, minMarginS: margins.length ? Math.min(...margins) : null, violationRanges, primaryNoTrip, ok: !violationRanges.length && !primaryNoTrip.length };
}

/** numpy.interp: linear, constant beyond the ends (xp ascending). */
export function interp(x: number, xp: number[], fp: number[]): number {
  const n = xp.length;
  if (x <= xp[0]) return fp[0];
  if (x >= xp[n - 1]) return fp[n - 1];
  let k = 0;
  while (x > xp[k + 1]) k++;
  const span = xp[k + 1] - xp[k];
  return span > 0 ? fp[k] + ((x - xp[k]) * (fp[k + 1] - fp[k])) / span : fp[k + 1];
}

/** A device's curves sampled on a log grid for drawing (tcc.sample_device, with the steps kept sharp). */
export function sampleDevice(d: Device, iHi: number, n = 200): { name: string; i: number[]; t: number[] }[] {
  const steps = pickupsA(d);
  const lo = steps.length ? Math.min(...steps) : 1;
  const g = geomspace(lo, Math.max(iHi, lo * 1.0001), n);
  for (const s of steps) if (s >= lo && s <= iHi) g.push(s, s * (1 + 1e-6));
  const grid = [...new Set(g)].sort((a, b) => a - b);
  const mk = (name: string, f: (i: number) => number) => ({ name, i: grid, t: grid.map(f) });
  if (d.kind === "fuse") return [...(d.mm ? [mk("min_melting", (i) => d.mm!.time(i))] : []), ...(d.tc ? [mk("total_clearing", (i) => d.tc!.time(i))] : [])];
  if (d.kind === "recloser") return [mk("fast", (i) => deviceFast(d, i)), mk("delayed", (i) => deviceOperate(d, i))];
  const out = [mk("operate", (i) => deviceOperate(d, i))];
  if (d.stages.some(isGround)) out.push(mk("operate_ground", (i) => fastest(d.stages.filter(isGround), i, true)));
  return out;
}
