// Runs the WebAssembly power flow (wasm/pf.c) on a compiled network and turns the solution
// into results in engineering units. Environment-neutral: the caller supplies the wasm bytes or
// module (fetch in the browser worker, fs in node tests).

import { CompileError, compileNetwork, NONE, PQ, PV, REF, type CompiledNetwork } from "./compile";
import type { Network } from "../model/network";

export type Method = "nr" | "fdxb" | "gs";

export interface SolveOptions {
  method?: Method;
  tol?: number; // max mismatch, pu on base MVA
  maxIter?: number;
  accel?: number; // Gauss-Seidel acceleration factor
}

export interface BusResult {
  id: string;
  vm_pu: number | null;
  va_deg: number | null;
  p_mw: number; // net injection
  q_mvar: number;
  energized: boolean;
}

export interface BranchResult {
  id: string;
  kind: string;
  from_bus: string;
  to_bus: string;
  p_from_mw: number;
  q_from_mvar: number;
  p_to_mw: number;
  q_to_mvar: number;
  i_from_ka: number | null;
  loading_percent: number | null;
  pl_mw: number;
}

export interface PowerFlowResult {
  converged: boolean;
  method: Method;
  iterations: number;
  max_mismatch_pu: number;
  history: number[]; // mismatch per iteration
  buses: BusResult[];
  branches: BranchResult[];
  notes: string[];
  solve_ms: number;
  engine: "wasm";
}

interface PfExports {
  memory: WebAssembly.Memory;
  _initialize?: () => void;
  gs_malloc(n: number): number;
  gs_free(p: number): void;
  pf_solve(
    nb: number,
    nbr: number,
    f: number,
    t: number,
    yb: number,
    ysh: number,
    type: number,
    sp: number,
    si: number,
    sz: number,
    vm: number,
    va: number,
    method: number,
    tol: number,
    maxit: number,
    hist: number,
    tap: number,
    accel: number,
  ): number;
}

export class WasmPowerFlow {
  private ex: PfExports;
  private constructor(instance: WebAssembly.Instance) {
    this.ex = instance.exports as unknown as PfExports;
    this.ex._initialize?.();
  }

  static async create(source: BufferSource | WebAssembly.Module): Promise<WasmPowerFlow> {
    const module = source instanceof WebAssembly.Module ? source : await WebAssembly.compile(source);
    const instance = await WebAssembly.instantiate(module, {});
    return new WasmPowerFlow(instance);
  }

  /** Solve the compiled system; returns complex bus voltages (polar) and the iteration record. */
  solveCompiled(cn: CompiledNetwork, opts: SolveOptions = {}) {
    const method = opts.method ?? "nr";
    const tol = opts.tol ?? 1e-8;
    const maxIter = opts.maxIter ?? (method === "nr" ? 30 : method === "gs" ? 2000 : 100);
    const n = cn.busIds.length;
    const nbr = cn.branches.length;
    const ex = this.ex;
    const allocs: number[] = [];
    const alloc = (bytes: number) => {
      const p = ex.gs_malloc(Math.max(bytes, 8));
      allocs.push(p);
      return p;
    };
    const pF = alloc(4 * nbr),
      pT = alloc(4 * nbr),
      pY = alloc(64 * nbr),
      pYsh = alloc(16 * n),
      pType = alloc(4 * n),
      pSp = alloc(16 * n),
      pSi = alloc(16 * n),
      pSz = alloc(16 * n),
      pVm = alloc(8 * n),
      pVa = alloc(8 * n),
      pHist = alloc(8 * (maxIter + 2)),
      pTap = alloc(16 * nbr);
    // views are created after all allocations (memory may grow)
    const buf = ex.memory.buffer;
    const i32 = (p: number, len: number) => new Int32Array(buf, p, len);
    const f64 = (p: number, len: number) => new Float64Array(buf, p, len);
    const fa = i32(pF, nbr),
      ta = i32(pT, nbr),
      ya = f64(pY, 8 * nbr);
    cn.branches.forEach((b, k) => {
      fa[k] = b.f;
      ta[k] = b.t;
      ya.set([b.tp.yff[0], b.tp.yff[1], b.tp.yft[0], b.tp.yft[1], b.tp.ytf[0], b.tp.ytf[1], b.tp.ytt[0], b.tp.ytt[1]], 8 * k);
    });
    const tapA = f64(pTap, 2 * nbr);
    cn.branches.forEach((b, k) => {
      tapA[2 * k] = b.tp.tap[0];
      tapA[2 * k + 1] = b.tp.tap[1];
    });
    f64(pYsh, 2 * n).set(cn.yShunt);
    const typ = i32(pType, n);
    for (let i = 0; i < n; i++) typ[i] = cn.busType[i] === NONE ? 0 : cn.busType[i];
    f64(pSp, 2 * n).set(cn.sConst);
    f64(pSi, 2 * n).set(cn.sCurrent);
    f64(pSz, 2 * n).set(cn.sImpedance);
    // start: set points at voltage-controlled buses, the island reference's angle everywhere
    const [vm0, va0] = initialVoltage(cn);
    const vm = f64(pVm, n),
      va = f64(pVa, n);
    vm.set(vm0);
    va.set(va0);
    const t0 = typeof performance !== "undefined" ? performance.now() : Date.now();
    const rc = ex.pf_solve(nbr ? n : n, nbr, pF, pT, pY, pYsh, pType, pSp, pSi, pSz, pVm, pVa, method === "nr" ? 0 : method === "gs" ? 2 : 1, tol, maxIter, pHist, pTap, opts.accel ?? 1);
    const t1 = typeof performance !== "undefined" ? performance.now() : Date.now();
    const buf2 = ex.memory.buffer; // unchanged unless memory grew during the solve
    const vmOut = Float64Array.from(new Float64Array(buf2, pVm, n));
    const vaOut = Float64Array.from(new Float64Array(buf2, pVa, n));
    const itCount = rc >= 0 ? rc : maxIter;
    const history = Array.from(new Float64Array(buf2, pHist, Math.min(itCount, maxIter) + 1));
    for (const p of allocs) ex.gs_free(p);
    return { rc, vm: vmOut, va: vaOut, history, ms: t1 - t0 };
  }

  solve(net: Network, opts: SolveOptions = {}): PowerFlowResult {
    const cn = compileNetwork(net);
    const method = opts.method ?? "nr";
    const { rc, vm, va, history, ms } = this.solveCompiled(cn, opts);
    if (rc <= -2) {
      // as the engine's SingularSystemError: name the bus (a star point names its transformer)
      const id = cn.busIds[-rc - 2] ?? "";
      throw new CompileError("singular Jacobian: the network around this bus cannot be solved (check impedances and connections)", id.replace(/#star$/, ""), null);
    }
    return buildResult(net, cn, vm, va, rc, history, method, ms);
  }
}

/** Flat start as gridsolve.powerflow.driver.initial_voltage: 1 pu, the island reference's angle
 * plus the transformer phase shifts on the breadth-first path from the reference, set points. */
export function initialVoltage(cn: CompiledNetwork): [Float64Array, Float64Array] {
  const n = cn.busIds.length;
  const vm = new Float64Array(n).fill(1);
  const va = new Float64Array(n);
  const ref: number[] = [];
  for (let i = 0; i < n; i++) if (cn.busType[i] === REF) ref.push(i);
  for (const r of ref) for (let i = 0; i < n; i++) if (cn.island[i] === cn.island[r]) va[i] = cn.vaSetRad[r];
  // phase-shift offsets
  const shift = cn.branches.map((b) => Math.atan2(b.tp.tap[1], b.tp.tap[0]));
  if (shift.some((x) => Math.abs(x) > 1e-12)) {
    const adj: number[][] = Array.from({ length: n }, () => []);
    cn.branches.forEach((b) => {
      adj[b.f].push(b.t);
      adj[b.t].push(b.f);
    });
    for (const a of adj) a.sort((x, y) => x - y);
    const delta = new Map<number, number>();
    shift.forEach((sh, k) => {
      if (Math.abs(sh) > 1e-12) {
        const { f, t } = cn.branches[k];
        delta.set(f * n + t, -sh);
        delta.set(t * n + f, sh);
      }
    });
    const offsets = new Float64Array(n);
    const done = new Uint8Array(n);
    for (const r of ref) {
      if (done[r]) continue;
      const seen = new Uint8Array(n);
      seen[r] = 1;
      done[r] = 1;
      const queue = [r];
      for (let qi = 0; qi < queue.length; qi++) {
        const v = queue[qi];
        for (const w of adj[v]) {
          if (seen[w]) continue;
          seen[w] = 1;
          done[w] = 1;
          offsets[w] = offsets[v] + (delta.get(v * n + w) ?? 0);
          queue.push(w);
        }
      }
    }
    for (let i = 0; i < n; i++) va[i] += offsets[i];
  }
  for (let i = 0; i < n; i++) {
    const t = cn.busType[i];
    if (t === PV || t === REF) vm[i] = cn.vmSet[i];
  }
  for (const r of ref) va[r] = cn.vaSetRad[r];
  return [vm, va];
}

export function buildResult(
  net: Network,
  cn: CompiledNetwork,
  vm: Float64Array,
  va: Float64Array,
  rc: number,
  history: number[],
  method: Method,
  ms: number,
): PowerFlowResult {
  const n = cn.busIds.length;
  const base = cn.baseMva;
  const vr = new Float64Array(n),
    vi = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (cn.busType[i] === NONE) continue;
    vr[i] = vm[i] * Math.cos(va[i]);
    vi[i] = vm[i] * Math.sin(va[i]);
  }
  // bus injections S = V conj(Ybus V), assembled from the branches and shunts
  const ir = new Float64Array(n),
    ii = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    ir[i] += cn.yShunt[2 * i] * vr[i] - cn.yShunt[2 * i + 1] * vi[i];
    ii[i] += cn.yShunt[2 * i] * vi[i] + cn.yShunt[2 * i + 1] * vr[i];
  }
  const branches: BranchResult[] = [];
  for (const b of cn.branches) {
    const { yff, yft, ytf, ytt } = b.tp;
    const f = b.f,
      t = b.t;
    const ifr = yff[0] * vr[f] - yff[1] * vi[f] + yft[0] * vr[t] - yft[1] * vi[t];
    const ifi = yff[0] * vi[f] + yff[1] * vr[f] + yft[0] * vi[t] + yft[1] * vr[t];
    const itr = ytf[0] * vr[f] - ytf[1] * vi[f] + ytt[0] * vr[t] - ytt[1] * vi[t];
    const iti = ytf[0] * vi[f] + ytf[1] * vr[f] + ytt[0] * vi[t] + ytt[1] * vr[t];
    ir[f] += ifr;
    ii[f] += ifi;
    ir[t] += itr;
    ii[t] += iti;
    const pf = (vr[f] * ifr + vi[f] * ifi) * base,
      qf = (vi[f] * ifr - vr[f] * ifi) * base;
    const pt = (vr[t] * itr + vi[t] * iti) * base,
      qt = (vi[t] * itr - vr[t] * iti) * base;
    const sMax = Math.max(Math.hypot(pf, qf), Math.hypot(pt, qt));
    const vnF = cn.vnKv[f];
    const iKa = vnF > 0 ? (Math.hypot(ifr, ifi) * base) / (Math.sqrt(3) * vnF) : null;
    let loading: number | null = null;
    if (Number.isFinite(b.maxIKa) && iKa != null) {
      const vnT = cn.vnKv[t];
      const iT = vnT > 0 ? (Math.hypot(itr, iti) * base) / (Math.sqrt(3) * vnT) : 0;
      loading = (Math.max(iKa, iT) / b.maxIKa) * 100;
    } else if (Number.isFinite(b.ratingMva) && b.ratingMva > 0) loading = (sMax / b.ratingMva) * 100;
    branches.push({
      id: b.elementId,
      kind: b.kind,
      from_bus: cn.busIds[f],
      to_bus: cn.busIds[t],
      p_from_mw: pf,
      q_from_mvar: qf,
      p_to_mw: pt,
      q_to_mvar: qt,
      i_from_ka: iKa,
      loading_percent: loading,
      pl_mw: pf + pt,
    });
  }
  // branches open at one end: their charging enters at the live end, nothing flows at the open end
  for (const o of cn.openBranches) {
    const k = o.bus;
    const dead = cn.busType[k] === NONE;
    const v2 = vr[k] * vr[k] + vi[k] * vi[k];
    const p = dead ? 0 : v2 * o.yEq[0] * base,
      q = dead ? 0 : -v2 * o.yEq[1] * base;
    const vn = cn.vnKv[k];
    const iKa = vn > 0 && !dead ? Math.hypot(p, q) / (Math.sqrt(3) * vn * Math.sqrt(v2)) : vn > 0 ? 0 : null;
    let loading: number | null = null;
    if (Number.isFinite(o.maxIKa) && iKa != null) loading = (iKa / o.maxIKa) * 100;
    else if (Number.isFinite(o.ratingMva) && o.ratingMva > 0) loading = (Math.hypot(p, q) / o.ratingMva) * 100;
    branches.push({
      id: o.elementId,
      kind: o.kind,
      from_bus: o.fromBus,
      to_bus: o.toBus,
      p_from_mw: o.atFrom ? p : 0,
      q_from_mvar: o.atFrom ? q : 0,
      p_to_mw: o.atFrom ? 0 : p,
      q_to_mvar: o.atFrom ? 0 : q,
      i_from_ka: o.atFrom ? iKa : 0,
      loading_percent: loading,
      pl_mw: p,
    });
  }
  const buses: BusResult[] = [];
  // every network bus (fused buses report their group's voltage); internal star points are omitted
  for (const bus of net.buses) {
    const k = cn.busIndex.get(bus.id);
    if (k === undefined || cn.busType[k] === NONE) {
      buses.push({ id: bus.id, vm_pu: null, va_deg: null, p_mw: 0, q_mvar: 0, energized: false });
      continue;
    }
    buses.push({
      id: bus.id,
      vm_pu: vm[k],
      va_deg: (va[k] * 180) / Math.PI,
      p_mw: (vr[k] * ir[k] + vi[k] * ii[k]) * base,
      q_mvar: (vi[k] * ir[k] - vr[k] * ii[k]) * base,
      energized: true,
    });
  }
  return {
    converged: rc >= 0,
    method,
    iterations: rc >= 0 ? rc : history.length - 1,
    max_mismatch_pu: history[history.length - 1] ?? NaN,
    history,
    buses,
    branches,
    notes: [...cn.notes, ...(rc <= -2 ? [`singular Jacobian at bus '${cn.busIds[-rc - 2]}'`] : [])],
    solve_ms: ms,
    engine: "wasm",
  };
}

export { PQ, PV, REF };
