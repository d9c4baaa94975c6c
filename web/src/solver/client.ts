// Main-thread side of the browser engine: the compiled network of each network version (fetched from the API
// once per version — after each save, or for an offline network — and held by the worker) and solves in the worker. The results are the engine's: the caller
// sends the solution to the API (studies/record or engine/results), which builds and checks them.
import type { CompiledPayload, Network, PowerFlowParameters } from "../model/elements";
import { solverOptions } from "./options";
import type { BrowserSolve } from "./wasmSolver";
import type { WorkerRequest } from "./worker";

/** What the main thread keeps of a compiled network: enough to paint voltages on the network's buses. */
export interface Loaded {
  hash: string;
  nBus: number;
  busIds: string[];
  networkBusIndex: number[];
  notes: string[];
}

type Body = WorkerRequest extends infer R ? (R extends unknown ? Omit<R, "id"> : never) : never;

let worker: Worker | null = null;
let seq = 0;
const pending = new Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void }>();

function call<T>(msg: Body): Promise<T> {
  if (!worker) {
    worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
    worker.onmessage = (e: MessageEvent<{ id: number; result?: unknown; error?: string }>) => {
      const p = pending.get(e.data.id);
      if (!p) return;
      pending.delete(e.data.id);
      if (e.data.error !== undefined) p.reject(new Error(e.data.error));
      else p.resolve(e.data.result);
    };
  }
  const id = ++seq;
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (r: unknown) => void, reject });
    worker!.postMessage({ ...msg, id });
  });
}

const cache = new WeakMap<Network, Promise<Loaded>>();

/**
 * The compiled network of `net` (this exact network object: a saved version, or an offline network), fetched
 * with `fetch` the first time and handed to the worker; later calls for the same object reuse it.
 */
export function compiledFor(net: Network, fetch: () => Promise<CompiledPayload>): Promise<Loaded> {
  let p = cache.get(net);
  if (!p) {
    p = fetch().then(async (payload) => {
      await call<string>({ type: "load", payload });
      return { hash: payload.network_hash, nBus: payload.n_bus, busIds: payload.bus_ids, networkBusIndex: payload.network_bus_index, notes: payload.notes };
    });
    p.catch(() => cache.delete(net));
    cache.set(net, p);
  }
  return p;
}

export function hasCompiled(net: Network): boolean {
  return cache.has(net);
}

export function solveInBrowser(loaded: Loaded, method: string, params: PowerFlowParameters): Promise<BrowserSolve> {
  return call<BrowserSolve>({ type: "solve", hash: loaded.hash, options: solverOptions(method, params) });
}

/** Largest system solved in the browser; bigger ones go to the server. Configurable in settings. */
export function browserBusThreshold(): number {
  const v = Number(globalThis.localStorage?.getItem("gridsolve.wasmThreshold"));
  return Number.isFinite(v) && v > 0 ? v : 3000;
}
export function setBrowserBusThreshold(n: number) {
  globalThis.localStorage?.setItem("gridsolve.wasmThreshold", String(n));
}
