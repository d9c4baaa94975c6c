// A power-flow study's options (the generated PowerFlowParameters and an analysis method) as the WebAssembly
// solver takes them. Defaults and method keys are the engine's (contract/studies.ts BROWSER_SOLVER).

import { BROWSER_SOLVER } from "../contract/studies";
import type { PowerFlowParameters } from "../contract/types";

export interface SolverOptions {
  /** 0 Newton-Raphson, 1 fast-decoupled XB, 2 Gauss-Seidel (pf.c) */
  method: number;
  tol: number;
  maxIter: number;
  enforceQLimits: boolean;
  warm: boolean;
  accel: number;
}

const WASM_METHOD: Record<string, number> = { nr: 0, fdxb: 1, gs: 2 };

export function browserSolvable(method: string): boolean {
  const key = BROWSER_SOLVER[method]?.key;
  return key !== undefined && key in WASM_METHOD;
}

export function solverOptions(method: string, p: PowerFlowParameters = {}): SolverOptions {
  const m = BROWSER_SOLVER[method];
  if (!m || !(m.key in WASM_METHOD)) throw new Error(`the browser cannot solve with ${method}`);
  return {
    method: WASM_METHOD[m.key],
    tol: p.tol ?? 1e-8,
    maxIter: p.max_iter ?? m.defaultMaxIter,
    enforceQLimits: p.enforce_q_limits ?? false,
    warm: p.init === "warm",
    accel: p.accel ?? 1,
  };
}
