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
  /** the start: "warm" falls back to flat where the network has no stored voltages ("auto") */
  start: "flat" | "warm" | "dc";
  accel: number;
}

const WASM_METHOD: Record<string, number> = { nr: 0, fdxb: 1, gs: 2 };

/** Whether the browser's solver can run this study: its method, and no option only the server has
 * (a chosen slack bus or a distributed slack change the compiled network and add an outer loop). */
export function browserSolvable(method: string, p: PowerFlowParameters = {}): boolean {
  const key = BROWSER_SOLVER[method]?.key;
  return key !== undefined && key in WASM_METHOD && !p.slack_bus && !p.distributed_slack;
}

const START: Record<string, SolverOptions["start"]> = { auto: "warm", warm: "warm", flat: "flat", dc: "dc" };

export function solverOptions(method: string, p: PowerFlowParameters = {}): SolverOptions {
  const m = BROWSER_SOLVER[method];
  if (!m || !(m.key in WASM_METHOD)) throw new Error(`the browser cannot solve with ${method}`);
  return {
    method: WASM_METHOD[m.key],
    tol: p.tol ?? 1e-8,
    maxIter: p.max_iter ?? m.defaultMaxIter,
    enforceQLimits: p.enforce_q_limits ?? false,
    start: START[p.init ?? "auto"] ?? "warm",
    accel: p.accel ?? 1,
  };
}
