// Main-thread side of the solver worker.
import type { Network } from "../model/network";
import type { PowerFlowResult, SolveOptions } from "./wasmSolver";

export interface SolveError {
  message: string;
  element_id: string | null;
  field: string | null;
}

let worker: Worker | null = null;
let seq = 0;
const pending = new Map<number, { resolve: (r: PowerFlowResult) => void; reject: (e: SolveError) => void }>();

function getWorker(): Worker {
  if (!worker) {
    worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
    worker.onmessage = (e: MessageEvent<{ id: number; result?: PowerFlowResult; error?: SolveError }>) => {
      const p = pending.get(e.data.id);
      if (!p) return;
      pending.delete(e.data.id);
      if (e.data.error) p.reject(e.data.error);
      else p.resolve(e.data.result!);
    };
  }
  return worker;
}

export function solveInBrowser(network: Network, options: SolveOptions): Promise<PowerFlowResult> {
  const id = ++seq;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    getWorker().postMessage({ id, network, options });
  });
}

/** Largest system solved in the browser; bigger ones go to the server. Configurable in settings. */
export function browserBusThreshold(): number {
  const v = Number(globalThis.localStorage?.getItem("gridsolve.wasmThreshold"));
  return Number.isFinite(v) && v > 0 ? v : 3000;
}
export function setBrowserBusThreshold(n: number) {
  globalThis.localStorage?.setItem("gridsolve.wasmThreshold", String(n));
}
