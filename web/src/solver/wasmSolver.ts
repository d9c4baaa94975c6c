// Runs the WebAssembly power flow (wasm/pf.c) on the engine's compiled network and returns what the engine needs
// to build the results: a PowerFlowSolution (voltages per compiled bus, final bus types, pinned Q, history).
// Environment-neutral: the caller supplies the wasm bytes or module (fetch in the worker, fs in node tests).

import { OUTER_ROUNDS } from "../contract/studies";
import type { PowerFlowSolution } from "../contract/types";
import type { Compiled } from "./payload";
import type { SolverOptions } from "./options";

/** The engine's run_power_flow: at most this many solves with Q limits enforced (pf.c Q_LIMIT_ROUNDS). */
export const Q_LIMIT_ROUNDS = OUTER_ROUNDS;

export interface BrowserSolve {
  solution: PowerFlowSolution;
  /** milliseconds inside the WebAssembly solve */
  solveMs: number;
  /** solves run (more than one when Q limits switched buses) */
  rounds: number;
  /** the compiled bus where the Jacobian is singular (a star point names its transformer), if it is */
  singularAt: string | null;
}

interface PfExports {
  memory: WebAssembly.Memory;
  _initialize?: () => void;
  gs_malloc(n: number): number;
  gs_free(p: number): void;
  pf_run(...args: number[]): number;
}

const now = () => (typeof performance !== "undefined" ? performance.now() : Date.now());

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

  solve(c: Compiled, o: SolverOptions): BrowserSolve {
    const n = c.nBus,
      m = c.nBranch;
    const ex = this.ex;
    const rounds = o.enforceQLimits ? Q_LIMIT_ROUNDS : 1;
    const histLen = 2 * rounds * (o.maxIter + 1);
    const ptrs: number[] = [];
    const alloc = (bytes: number) => {
      const p = ex.gs_malloc(Math.max(bytes, 8));
      if (!p) throw new Error("out of memory in the WebAssembly solver");
      ptrs.push(p);
      return p;
    };
    const pF = alloc(4 * m), pT = alloc(4 * m), pY = alloc(64 * m), pTap = alloc(16 * m), pYsh = alloc(16 * n);
    const pType = alloc(4 * n), pSp = alloc(16 * n), pSi = alloc(16 * n), pSz = alloc(16 * n);
    const pVm = alloc(8 * n), pVa = alloc(8 * n), pQmin = alloc(8 * n), pQmax = alloc(8 * n), pVset = alloc(8 * n);
    const pQf = alloc(8 * n), pHist = alloc(8 * histLen), pInfo = alloc(16);
    try {
      // views after all allocations (memory may have grown)
      const buf = ex.memory.buffer;
      new Int32Array(buf, pF, m).set(c.f);
      new Int32Array(buf, pT, m).set(c.t);
      new Float64Array(buf, pY, 8 * m).set(c.yBranch);
      new Float64Array(buf, pTap, 2 * m).set(c.tap);
      new Float64Array(buf, pYsh, 2 * n).set(c.yShunt);
      new Int32Array(buf, pType, n).set(c.busType);
      new Float64Array(buf, pSp, 2 * n).set(c.sConst);
      new Float64Array(buf, pSi, 2 * n).set(c.sCurrent);
      new Float64Array(buf, pSz, 2 * n).set(c.sImpedance);
      const warm = o.start === "warm" && c.vmWarm && c.vaWarm;
      new Float64Array(buf, pVm, n).set(warm ? c.vmWarm! : c.vmFlat);
      new Float64Array(buf, pVa, n).set(warm ? c.vaWarm! : o.start === "dc" ? c.vaDc : c.vaFlat);
      new Float64Array(buf, pQmin, n).set(c.qMin);
      new Float64Array(buf, pQmax, n).set(c.qMax);
      new Float64Array(buf, pVset, n).set(c.vmSet);
      const t0 = now();
      const rc = ex.pf_run(n, m, pF, pT, pY, pYsh, pTap, pType, pSp, pSi, pSz, pVm, pVa, pQmin, pQmax, pVset, pQf,
        o.method, o.tol, o.maxIter, o.accel, o.enforceQLimits ? 1 : 0, pHist, pInfo);
      const ms = now() - t0;
      const out = ex.memory.buffer; // the same buffer unless memory grew during the solve
      const info = new Int32Array(out, pInfo, 4);
      const vm = new Float64Array(out, pVm, n), va = new Float64Array(out, pVa, n);
      const hist = new Float64Array(out, pHist, 2 * info[1]);
      const history: number[][] = [];
      for (let k = 0; k < info[1]; k++) history.push([hist[2 * k], hist[2 * k + 1]]);
      const vaDeg = new Array<number>(n);
      for (let i = 0; i < n; i++) vaDeg[i] = (va[i] * 180) / Math.PI;
      const solution: PowerFlowSolution = {
        network_hash: c.hash,
        vm_pu: Array.from(vm),
        va_deg: vaDeg,
        bus_type: Array.from(new Int32Array(out, pType, n)),
        q_fixed_pu: Array.from(new Float64Array(out, pQf, n)),
        iterations: info[0],
        converged: rc === 1,
        history,
      };
      const singular = rc <= -2 ? -2 - rc : -1;
      return { solution, solveMs: ms, rounds: info[2], singularAt: singular >= 0 ? (c.busIds[singular] ?? "").replace(/#star$/, "") : null };
    } finally {
      for (const p of ptrs) ex.gs_free(p);
    }
  }
}
