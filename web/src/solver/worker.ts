/// <reference lib="webworker" />
// Web Worker: runs the WebAssembly power flow off the main thread.
import wasmUrl from "./pf.wasm?url";
import { WasmPowerFlow, type SolveOptions } from "./wasmSolver";
import type { Network } from "../model/network";

let solver: Promise<WasmPowerFlow> | null = null;
const getSolver = () => (solver ??= fetch(wasmUrl).then((r) => r.arrayBuffer()).then((b) => WasmPowerFlow.create(b)));

self.onmessage = async (e: MessageEvent<{ id: number; network: Network; options: SolveOptions }>) => {
  const { id, network, options } = e.data;
  try {
    const s = await getSolver();
    const result = s.solve(network, options);
    (self as unknown as Worker).postMessage({ id, result });
  } catch (err) {
    const ex = err as { message?: string; elementId?: string; field?: string };
    (self as unknown as Worker).postMessage({ id, error: { message: ex.message ?? String(err), element_id: ex.elementId ?? null, field: ex.field ?? null } });
  }
};
