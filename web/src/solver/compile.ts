// Compile a Network into per-unit arrays: the TypeScript mirror of gridsolve/compile.py and
// gridsolve/branch_models.py (same bus fusion, two-port formulas, bus types, islands).
// Equality with the Python engine is enforced by the shared test vectors (test-vectors/).

import type { Line, Network, Transformer, Transformer3W, ImpedanceBranch } from "../model/network";

export const PQ = 1;
export const PV = 2;
export const REF = 3;
export const NONE = 4;

export type C = [number, number];
const cadd = (a: C, b: C): C => [a[0] + b[0], a[1] + b[1]];
const csub = (a: C, b: C): C => [a[0] - b[0], a[1] - b[1]];
const cmul = (a: C, b: C): C => [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];
const cdiv = (a: C, b: C): C => {
  const d = b[0] * b[0] + b[1] * b[1];
  return [(a[0] * b[0] + a[1] * b[1]) / d, (a[1] * b[0] - a[0] * b[1]) / d];
};
const cconj = (a: C): C => [a[0], -a[1]];
const cscale = (a: C, s: number): C => [a[0] * s, a[1] * s];
const cexpj = (rad: number): C => [Math.cos(rad), Math.sin(rad)];
const deg2rad = (d: number) => (d * Math.PI) / 180;

export class CompileError extends Error {
  constructor(message: string, public elementId?: string, public field?: string | null) {
    super(elementId ? `element '${elementId}'${field ? `, field '${field}'` : ""}: ${message}` : message);
  }
}

export interface TwoPort {
  yff: C;
  yft: C;
  ytf: C;
  ytt: C;
  tap: C; // ideal-transformer ratio at the from end (1 for lines)
}

export function piTwoPort(z: C, yFrom: C, yTo: C, tap: C = [1, 0]): TwoPort {
  const ys = cdiv([1, 0], z);
  const tt = cmul(tap, cconj(tap));
  return {
    yff: cdiv(cadd(ys, yFrom), tt),
    yft: cdiv(cscale(ys, -1), cconj(tap)),
    ytf: cdiv(cscale(ys, -1), tap),
    ytt: cadd(ys, yTo),
    tap,
  };
}

export function tTwoPort(zFrom: C, zTo: C, yMag: C, tap: C = [1, 0]): TwoPort {
  if (yMag[0] === 0 && yMag[1] === 0) return piTwoPort(cadd(zFrom, zTo), [0, 0], [0, 0], tap);
  const ya = cdiv([1, 0], zFrom);
  const yb = cdiv([1, 0], zTo);
  const denom = cadd(cadd(ya, yb), yMag);
  const yff = csub(ya, cdiv(cmul(ya, ya), denom));
  const ytt = csub(yb, cdiv(cmul(yb, yb), denom));
  const yft = cscale(cdiv(cmul(ya, yb), denom), -1);
  const tt = cmul(tap, cconj(tap));
  return { yff: cdiv(yff, tt), yft: cdiv(yft, cconj(tap)), ytf: cdiv(yft, tap), ytt, tap };
}

export function lineTwoPort(ln: Line, vnKv: number, baseMva: number, fHz: number): TwoPort {
  if (vnKv <= 0) throw new CompileError("line needs buses with a nominal voltage (vn_kv > 0)", ln.id, "from_bus");
  const zBase = (vnKv * vnKv) / baseMva;
  const len = ln.length_km ?? 1;
  const par = ln.parallel ?? 1;
  const r = (ln.r_ohm_per_km * len) / zBase / par;
  const x = (ln.x_ohm_per_km * len) / zBase / par;
  if (r === 0 && x === 0) throw new CompileError("line has zero impedance; use a bus-bus switch instead", ln.id, "x_ohm_per_km");
  const b = 2 * Math.PI * fHz * (ln.c_nf_per_km ?? 0) * 1e-9 * zBase * len * par;
  const g = (ln.g_us_per_km ?? 0) * 1e-6 * zBase * len * par;
  const yHalf: C = [g / 2, b / 2];
  return piTwoPort([r, x], yHalf, yHalf);
}

export function impedanceBranchTwoPort(br: ImpedanceBranch): TwoPort {
  if (br.r_pu === 0 && br.x_pu === 0) throw new CompileError("branch has zero impedance (r_pu = x_pu = 0)", br.id, "x_pu");
  const tap = cscale(cexpj(deg2rad(br.shift_degree ?? 0)), br.tap_ratio ?? 1);
  const bHalf = (br.b_pu ?? 0) / 2;
  const yFrom: C = [br.g_mag_pu ?? 0, bHalf + (br.b_mag_pu ?? 0)];
  return piTwoPort([br.r_pu, br.x_pu], yFrom, [0, bHalf], tap);
}

export function tapAdjustedVoltages(
  vnHv: number,
  vnLv: number,
  tapSide: string | null | undefined,
  tapPos: number,
  tapNeutral: number,
  stepPercent: number,
  stepDegree: number,
  changerType = "ratio",
): [number, number, number] {
  // pandapower 3: "ratio"/"symmetrical" change the tapped winding's voltage to |u1 + du e^(j step)|;
  // "ideal" (phase shifter) keeps the voltages and shifts by diff*step_degree (or 2 asin(diff*step%/200))
  let shift = 0;
  if (tapSide == null || tapPos === tapNeutral) return [vnHv, vnLv, shift];
  const diff = tapPos - tapNeutral;
  const sign = tapSide === "hv" ? 1 : -1;
  const u1 = tapSide === "hv" ? vnHv : vnLv;
  if (changerType === "ideal") {
    if (stepDegree) shift = sign * diff * stepDegree;
    else shift = (sign * 2 * Math.asin((diff * stepPercent) / 100 / 2) * 180) / Math.PI;
    return [vnHv, vnLv, shift];
  }
  const du = (u1 * diff * stepPercent) / 100;
  const angle = deg2rad(stepDegree);
  const uNew = Math.sqrt((u1 + du * Math.cos(angle)) ** 2 + (du * Math.sin(angle)) ** 2);
  if (stepDegree) shift = (Math.atan((sign * du * Math.sin(angle)) / (u1 + du * Math.cos(angle))) * 180) / Math.PI;
  return tapSide === "hv" ? [uNew, vnLv, shift] : [vnHv, uNew, shift];
}

export function transformerTwoPort(
  snMva: number,
  vnHv: number,
  vnLv: number,
  vkPercent: number,
  vkrPercent: number,
  pfeKw: number,
  i0Percent: number,
  shiftDegree: number,
  busHvKv: number,
  busLvKv: number,
  baseMva: number,
  parallel = 1,
  model: "t" | "pi" = "t",
  elementId = "",
): TwoPort {
  if (busHvKv <= 0 || busLvKv <= 0) throw new CompileError("transformer needs buses with a nominal voltage", elementId, "hv_bus");
  if (Math.abs(vkrPercent) > Math.abs(vkPercent)) throw new CompileError("vkr_percent exceeds vk_percent", elementId, "vkr_percent");
  const tapLv = (vnLv / busLvKv) ** 2 * baseMva;
  const z = ((vkPercent / 100 / snMva) * tapLv) / parallel;
  const r = ((vkrPercent / 100 / snMva) * tapLv) / parallel;
  const x = Math.sign(z) * Math.sqrt(z * z - r * r);
  const zBaseLv = (busLvKv * busLvKv) / baseMva;
  const gMag = ((pfeKw * 1e-3) / (vnLv * vnLv)) * zBaseLv;
  const yAbs = ((Math.abs(i0Percent) / 100) * snMva) / (vnLv * vnLv) * zBaseLv;
  // a negative no-load current makes the magnetizing susceptance capacitive (pandapower)
  const bMag = Math.sign(i0Percent) * Math.sqrt(Math.max(yAbs * yAbs - gMag * gMag, 0));
  const yMag: C = [gMag * parallel, -bMag * parallel];
  const ratio = vnHv / vnLv / (busHvKv / busLvKv);
  const tap = cscale(cexpj(deg2rad(shiftDegree)), ratio);
  const zs: C = [r, x];
  if (model === "t") return tTwoPort(cscale(zs, 0.5), cscale(zs, 0.5), yMag, tap);
  return piTwoPort(zs, cscale(yMag, 0.5), cscale(yMag, 0.5), tap);
}

export function twoWindingTwoPort(tr: Transformer, busHvKv: number, busLvKv: number, baseMva: number): TwoPort {
  const [hv, lv, extra] = tapAdjustedVoltages(
    tr.vn_hv_kv,
    tr.vn_lv_kv,
    tr.tap_side,
    tr.tap_pos ?? 0,
    tr.tap_neutral ?? 0,
    tr.tap_step_percent ?? 0,
    tr.tap_step_degree ?? 0,
    tr.tap_changer_type ?? "ratio",
  );
  return transformerTwoPort(
    tr.sn_mva,
    hv,
    lv,
    tr.vk_percent,
    tr.vkr_percent ?? 0,
    tr.pfe_kw ?? 0,
    tr.i0_percent ?? 0,
    (tr.shift_degree ?? 0) + extra,
    busHvKv,
    busLvKv,
    baseMva,
    tr.parallel ?? 1,
    "t",
    tr.id,
  );
}

export function starEquivalent(z0: number, z1: number, z2: number, snHv: number, snMv: number, snLv: number): [number, number, number] {
  const sn = [Math.min(snHv, snMv), Math.min(snMv, snLv), Math.min(snHv, snLv)];
  const a = z0 / sn[0],
    b = z1 / sn[1],
    c = z2 / sn[2];
  return [0.5 * snHv * (a + c - b), 0.5 * snHv * (b + a - c), 0.5 * snHv * (c + b - a)];
}

/** Star-branch (vk, vkr) in % on sn_hv_mva: pandapower star-converts the resistive and reactive parts separately. */
export function starEquivalentVk(tr: Transformer3W): [number[], number[]] {
  const sn: [number, number, number] = [tr.sn_hv_mva, tr.sn_mv_mva, tr.sn_lv_mva];
  const pvk = [tr.vk_hv_percent, tr.vk_mv_percent, tr.vk_lv_percent];
  const pvkr = [tr.vkr_hv_percent ?? 0, tr.vkr_mv_percent ?? 0, tr.vkr_lv_percent ?? 0];
  const pvki = pvk.map((vk, i) => Math.sqrt(vk * vk - pvkr[i] * pvkr[i]));
  const vkr = starEquivalent(pvkr[0], pvkr[1], pvkr[2], ...sn);
  const vki = starEquivalent(pvki[0], pvki[1], pvki[2], ...sn);
  const vk = vki.map((i, k) => Math.sign(i) * Math.hypot(i, vkr[k]));
  return [vk, vkr];
}

export function threeWindingTwoPorts(tr: Transformer3W, busKv: [number, number, number], baseMva: number, starKv?: number): [TwoPort, TwoPort, TwoPort] {
  if (busKv[0] <= 0) throw new CompileError("transformer needs buses with a nominal voltage", tr.id, "hv_bus");
  const star = starKv ?? busKv[0];
  const [vk, vkr] = starEquivalentVk(tr);
  const fields = ["vk_hv_percent", "vk_mv_percent", "vk_lv_percent"];
  vk.forEach((v, i) => {
    if (v === 0) throw new CompileError("star-equivalent short-circuit voltage is zero", tr.id, fields[i]);
  });
  const sides = ["hv", "mv", "lv"] as const;
  const ratedLv = { hv: tr.vn_hv_kv, mv: tr.vn_mv_kv, lv: tr.vn_lv_kv };
  const snSide = { hv: tr.sn_hv_mva, mv: tr.sn_mv_mva, lv: tr.sn_lv_mva };
  const shift = { hv: 0, mv: tr.shift_mv_degree ?? 0, lv: tr.shift_lv_degree ?? 0 };
  const tapPos = tr.tap_pos ?? 0,
    tapNeutral = tr.tap_neutral ?? 0;
  const out = sides.map((side, k) => {
    let vnHv = tr.vn_hv_kv,
      vnLv = ratedLv[side],
      extra = 0;
    if (tr.tap_side === side && tapPos !== tapNeutral) {
      let stepPct = tr.tap_step_percent ?? 0,
        stepDeg = tr.tap_step_degree ?? 0;
      let tapSide = side === "hv" ? "hv" : "lv";
      if (tr.tap_at_star_point) {
        const t: C = cscale(cexpj(deg2rad(stepDeg)), stepPct);
        const tCorr = cdiv(cscale(t, 100), cadd([100, 0], cscale(t, tapPos - tapNeutral)));
        stepPct = Math.hypot(tCorr[0], tCorr[1]);
        stepDeg = (Math.atan2(tCorr[1], tCorr[0]) * 180) / Math.PI - 180;
        tapSide = side === "hv" ? "lv" : "hv";
      }
      [vnHv, vnLv, extra] = tapAdjustedVoltages(vnHv, vnLv, tapSide, tapPos, tapNeutral, stepPct, stepDeg);
    }
    const [hvKv, lvKv] = side === "hv" ? [busKv[0], star] : [star, busKv[k]];
    return transformerTwoPort(
      snSide[side],
      vnHv,
      vnLv,
      (vk[k] * snSide[side]) / tr.sn_hv_mva,
      (vkr[k] * snSide[side]) / tr.sn_hv_mva,
      side === "hv" ? (tr.pfe_kw ?? 0) : 0,
      side === "hv" ? (tr.i0_percent ?? 0) : 0,
      shift[side] + extra,
      hvKv,
      lvKv,
      baseMva,
      1,
      "t",
      tr.id,
    );
  });
  return [out[0], out[1], out[2]];
}

export interface CompiledBranch {
  elementId: string;
  kind: string;
  f: number;
  t: number;
  tp: TwoPort;
  ratingMva: number; // NaN if none
  maxIKa: number;
}

/** A branch connected at one end only: a shunt `yEq` (pu) at its live bus, still reported in results. */
export interface OpenEndBranch {
  elementId: string;
  kind: string;
  bus: number;
  fromBus: string;
  toBus: string;
  atFrom: boolean;
  yEq: C;
  ratingMva: number;
  maxIKa: number;
}

export interface CompiledNetwork {
  baseMva: number;
  busIds: string[];
  busIndex: Map<string, number>;
  vnKv: number[];
  busType: Int32Array;
  vmSet: Float64Array;
  vaSetRad: Float64Array;
  sConst: Float64Array; // 2n (P, Q)
  sCurrent: Float64Array;
  sImpedance: Float64Array;
  yShunt: Float64Array; // 2n (G, B)
  island: Int32Array;
  branches: CompiledBranch[];
  internalBus: boolean[];
  deenergizedBusIds: string[];
  notes: string[];
  openBranches: OpenEndBranch[];
}

class UnionFind {
  parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    while (this.parent[i] !== i) {
      this.parent[i] = this.parent[this.parent[i]];
      i = this.parent[i];
    }
    return i;
  }
  union(a: number, b: number) {
    const ra = this.find(a),
      rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

const inServ = (e: { in_service?: boolean }) => e.in_service !== false;

export function compileNetwork(net: Network): CompiledNetwork {
  const base = net.base_mva ?? 100;
  const fHz = net.f_hz ?? 50;
  const notes: string[] = [];
  const buses = net.buses.filter(inServ);
  const inService = new Set(buses.map((b) => b.id));
  const switches = net.switches ?? [];

  // 1. Fuse buses joined by closed bus-bus switches.
  const pos = new Map(buses.map((b, i) => [b.id, i]));
  const uf = new UnionFind(buses.length);
  for (const sw of switches) {
    if (inServ(sw) && (sw.et ?? "bus") === "bus" && sw.closed !== false && pos.has(sw.bus) && pos.has(sw.element))
      uf.union(pos.get(sw.bus)!, pos.get(sw.element)!);
  }
  const roots = [...new Set(buses.map((_, i) => uf.find(i)))].sort((a, b) => a - b);
  const rootIndex = new Map(roots.map((r, k) => [r, k]));
  const busIndex = new Map<string, number>();
  buses.forEach((b, i) => busIndex.set(b.id, rootIndex.get(uf.find(i))!));
  const busIds = roots.map((r) => buses[r].id);
  const vnKv = roots.map((r) => buses[r].vn_kv);
  for (const b of buses) {
    const other = vnKv[busIndex.get(b.id)!];
    if (b.vn_kv !== other)
      throw new CompileError(`a closed switch joins buses of different nominal voltage (${b.vn_kv} kV and ${other} kV)`, b.id, "vn_kv");
  }
  const internal = busIds.map(() => false);
  const openEnds = new Set(
    switches.filter((sw) => inServ(sw) && (sw.et ?? "bus") !== "bus" && sw.closed === false).map((sw) => `${sw.element}\u0000${sw.bus}`),
  );
  const isOpen = (eid: string, bus: string) => openEnds.has(`${eid}\u0000${bus}`);

  // 2. Branch two-ports.
  const rows: CompiledBranch[] = [];
  const shuntExtra = new Map<number, C>();
  const addShunt = (b: number, y: C) => shuntExtra.set(b, cadd(shuntExtra.get(b) ?? [0, 0], y));
  const openBranches: OpenEndBranch[] = [];
  const addBranch = (
    eid: string, kind: string, f: number, t: number, tp: TwoPort, rating: number, imax: number,
    fOpen = false, tOpen = false, ends: [string, string] = ["", ""],
  ) => {
    if (fOpen && tOpen) return;
    if (fOpen || tOpen) {
      // connected at one end only: the branch is a shunt there (and is still reported)
      const bus = fOpen ? t : f;
      const yEq = fOpen ? csub(tp.ytt, cdiv(cmul(tp.ytf, tp.yft), tp.yff)) : csub(tp.yff, cdiv(cmul(tp.yft, tp.ytf), tp.ytt));
      addShunt(bus, yEq);
      openBranches.push({ elementId: eid, kind, bus, fromBus: ends[0], toBus: ends[1], atFrom: !fOpen, yEq, ratingMva: rating, maxIKa: imax });
      return;
    }
    rows.push({ elementId: eid, kind, f, t, tp, ratingMva: rating, maxIKa: imax });
  };
  const live = (...ids: string[]) => ids.every((b) => inService.has(b));

  const allBusKv = new Map(net.buses.map((b) => [b.id, b.vn_kv]));
  for (const ln of net.lines ?? []) {
    // a line with one out-of-service end bus stays energized from the other end, open at the dead
    // one (pandapower's _branches_with_oos_buses); with both ends dead it is dropped
    const fLive = live(ln.from_bus),
      tLive = live(ln.to_bus);
    if (!(inServ(ln) && (fLive || tLive))) continue;
    const f = fLive ? busIndex.get(ln.from_bus)! : -1,
      t = tLive ? busIndex.get(ln.to_bus)! : -1;
    const fKv = allBusKv.get(ln.from_bus) ?? 0;
    const tp = lineTwoPort(ln, fKv, base, fHz);
    const par = ln.parallel ?? 1;
    const imax = ln.max_i_ka ? ln.max_i_ka * par : NaN;
    const rating = ln.rating_mva ? ln.rating_mva * par : ln.max_i_ka ? Math.sqrt(3) * fKv * imax : NaN;
    addBranch(ln.id, "line", f, t, tp, rating, imax, !fLive || isOpen(ln.id, ln.from_bus), !tLive || isOpen(ln.id, ln.to_bus), [
      ln.from_bus,
      ln.to_bus,
    ]);
  }
  for (const tr of net.transformers ?? []) {
    if (!(inServ(tr) && live(tr.hv_bus, tr.lv_bus))) continue;
    const f = busIndex.get(tr.hv_bus)!,
      t = busIndex.get(tr.lv_bus)!;
    const tp = twoWindingTwoPort(tr, vnKv[f], vnKv[t], base);
    const rating = (tr.sn_mva * (tr.parallel ?? 1) * (tr.max_loading_percent ?? 100)) / 100;
    addBranch(tr.id, "transformer", f, t, tp, rating, NaN, isOpen(tr.id, tr.hv_bus), isOpen(tr.id, tr.lv_bus), [tr.hv_bus, tr.lv_bus]);
  }
  for (const tr of net.transformers3w ?? []) {
    if (!(inServ(tr) && live(tr.hv_bus, tr.mv_bus, tr.lv_bus))) continue;
    const h = busIndex.get(tr.hv_bus)!,
      m = busIndex.get(tr.mv_bus)!,
      l = busIndex.get(tr.lv_bus)!;
    const star = busIds.length;
    const starId = `${tr.id}#star`;
    busIds.push(starId);
    vnKv.push(vnKv[h]); // the star point's base is the HV bus's nominal voltage (pandapower)
    internal.push(true);
    busIndex.set(starId, star);
    const [hv, mv, lv] = threeWindingTwoPorts(tr, [vnKv[h], vnKv[m], vnKv[l]], base);
    const rating = (tr.max_loading_percent ?? 100) / 100;
    addBranch(tr.id, "transformer3w_hv", h, star, hv, tr.sn_hv_mva * rating, NaN, isOpen(tr.id, tr.hv_bus), false, [tr.hv_bus, starId]);
    addBranch(tr.id, "transformer3w_mv", star, m, mv, tr.sn_mv_mva * rating, NaN, false, isOpen(tr.id, tr.mv_bus), [starId, tr.mv_bus]);
    addBranch(tr.id, "transformer3w_lv", star, l, lv, tr.sn_lv_mva * rating, NaN, false, isOpen(tr.id, tr.lv_bus), [starId, tr.lv_bus]);
  }
  for (const br of net.impedance_branches ?? []) {
    if (!(inServ(br) && live(br.from_bus, br.to_bus))) continue;
    const f = busIndex.get(br.from_bus)!,
      t = busIndex.get(br.to_bus)!;
    const tp = impedanceBranchTwoPort(br);
    const rating = (br.rate_a_mva ?? 0) > 0 ? br.rate_a_mva! : NaN;
    addBranch(br.id, "impedance_branch", f, t, tp, rating, NaN, isOpen(br.id, br.from_bus), isOpen(br.id, br.to_bus), [
      br.from_bus,
      br.to_bus,
    ]);
  }

  const n = busIds.length;
  // 3. Bus shunts and loads.
  const yShunt = new Float64Array(2 * n);
  for (const [b, y] of shuntExtra) {
    yShunt[2 * b] += y[0];
    yShunt[2 * b + 1] += y[1];
  }
  for (const sh of net.shunts ?? []) {
    if (!(inServ(sh) && inService.has(sh.bus))) continue;
    const b = busIndex.get(sh.bus)!;
    const vRatio = sh.vn_kv != null && vnKv[b] > 0 ? (vnKv[b] / sh.vn_kv) ** 2 : 1;
    const k = ((sh.step ?? 1) * vRatio) / base;
    yShunt[2 * b] += (sh.p_mw ?? 0) * k;
    yShunt[2 * b + 1] -= (sh.q_mvar ?? 0) * k; // conj(S consumed)
  }
  const sConst = new Float64Array(2 * n);
  const sCurrent = new Float64Array(2 * n);
  const sImpedance = new Float64Array(2 * n);
  for (const ld of net.loads ?? []) {
    if (!(inServ(ld) && inService.has(ld.bus))) continue;
    const b = busIndex.get(ld.bus)!;
    const sc = (ld.scaling ?? 1) / base;
    const p = (ld.p_mw ?? 0) * sc,
      q = (ld.q_mvar ?? 0) * sc;
    const z = (ld.const_z_percent ?? 0) / 100,
      i = (ld.const_i_percent ?? 0) / 100;
    const c = 1 - z - i;
    sConst[2 * b] -= p * c;
    sConst[2 * b + 1] -= q * c;
    sCurrent[2 * b] -= p * i;
    sCurrent[2 * b + 1] -= q * i;
    sImpedance[2 * b] -= p * z;
    sImpedance[2 * b + 1] -= q * z;
  }

  // 4. Units.
  interface Unit {
    id: string;
    kind: string;
    bus: number;
    p: number;
    q: number;
    vm: number;
    ref: boolean;
    vc: boolean;
    size: number;
  }
  const units: Unit[] = [];
  const vaSet = new Float64Array(n);
  for (const eg of net.external_grids ?? []) {
    if (!(inServ(eg) && inService.has(eg.bus))) continue;
    const b = busIndex.get(eg.bus)!;
    units.push({ id: eg.id, kind: "external_grid", bus: b, p: 0, q: 0, vm: eg.vm_pu ?? 1, ref: true, vc: true, size: 0 });
    vaSet[b] = deg2rad(eg.va_degree ?? 0);
  }
  for (const g of net.generators ?? []) {
    if (!(inServ(g) && inService.has(g.bus))) continue;
    const b = busIndex.get(g.bus)!;
    const sc = g.scaling ?? 1;
    const slack = g.slack === true;
    const maxP = g.max_p_mw as number | null | undefined;
    units.push({
      id: g.id,
      kind: "generator",
      bus: b,
      p: ((g.p_mw ?? 0) * sc) / base,
      q: ((g.q_mvar ?? 0) * sc) / base,
      vm: g.vm_pu ?? 1,
      ref: slack,
      vc: (g.voltage_control ?? true) || slack,
      size: maxP != null ? maxP : g.sn_mva || Math.abs(g.p_mw ?? 0),
    });
    if (slack && !units.slice(0, -1).some((u) => u.ref && u.bus === b)) vaSet[b] = deg2rad(g.va_degree ?? 0);
  }
  for (const u of units) {
    if (!u.ref) sConst[2 * u.bus] += u.p;
    if (!u.vc) sConst[2 * u.bus + 1] += u.q;
  }

  // 5. Bus types and set points.
  const busType = new Int32Array(n).fill(PQ);
  const vmSet = new Float64Array(n).fill(1);
  for (const u of units) {
    if (u.vc) {
      vmSet[u.bus] = u.vm;
      if (busType[u.bus] !== REF) busType[u.bus] = u.ref ? REF : PV;
    }
    if (u.ref) busType[u.bus] = REF;
  }

  // 6. Islands.
  const adj: number[][] = Array.from({ length: n }, () => []);
  for (const r of rows) {
    adj[r.f].push(r.t);
    adj[r.t].push(r.f);
  }
  const labels = new Int32Array(n).fill(-1);
  let nIsl = 0;
  for (let s = 0; s < n; s++) {
    if (labels[s] >= 0) continue;
    const stack = [s];
    labels[s] = nIsl;
    while (stack.length) {
      const v = stack.pop()!;
      for (const w of adj[v])
        if (labels[w] < 0) {
          labels[w] = nIsl;
          stack.push(w);
        }
    }
    nIsl++;
  }
  const members: number[][] = Array.from({ length: nIsl }, () => []);
  for (let i = 0; i < n; i++) members[labels[i]].push(i);
  const island = Int32Array.from(labels);
  const deenergized: string[] = [];
  for (let isl = 0; isl < nIsl; isl++) {
    const mem = members[isl];
    if (mem.some((m) => busType[m] === REF)) continue;
    const cands = units.filter((u) => u.vc && labels[u.bus] === isl);
    if (cands.length) {
      let best = cands[0];
      for (const c of cands) if (c.size > best.size) best = c;
      const b = best.bus;
      busType[b] = REF;
      best.ref = true;
      sConst[2 * b] -= best.p;
      notes.push(
        `island with bus '${busIds[mem[0]]}' (${mem.length} buses) has no external grid or slack generator: generator '${best.id}' at bus '${busIds[b]}' was chosen as reference`,
      );
    } else {
      for (const m of mem) {
        busType[m] = NONE;
        island[m] = -1;
        if (!internal[m]) deenergized.push(busIds[m]);
      }
    }
  }
  if (deenergized.length)
    notes.push(
      `${deenergized.length} bus(es) have no path to a voltage source and are de-energized: ${deenergized.slice(0, 10).join(", ")}${deenergized.length > 10 ? " ..." : ""}`,
    );
  for (let b = 0; b < n; b++) if (busType[b] === PV && island[b] < 0) busType[b] = NONE;

  return {
    baseMva: base,
    busIds,
    busIndex,
    vnKv,
    busType,
    vmSet,
    vaSetRad: vaSet,
    sConst,
    sCurrent,
    sImpedance,
    yShunt,
    island,
    branches: rows,
    internalBus: internal,
    deenergizedBusIds: deenergized,
    notes,
    openBranches,
  };
}
