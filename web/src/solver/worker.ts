/// <reference lib="webworker" />
// Web Worker: holds the decoded compiled networks (by network hash) and runs the WebAssembly power flow off the
// main thread. The main thread sends a payload once (after a save, or when an offline network is compiled) and
// then only `solve` requests naming its hash.
import wasmUrl from "./pf.wasm?url";
import { WasmPowerFlow } from "./wasmSolver";
import { decodePayload, type Compiled } from "./payload";
import type { SolverOptions } from "./options";
import type { CompiledPayload } from "../contract/types";

export type WorkerRequest =
  | { id: number; type: "load"; payload: CompiledPayload }
  | { id: number; type: "solve"; hash: string; options: SolverOptions };

let solver: Promise<WasmPowerFlow> | null = null;
const getSolver = () => (solver ??= fetch(wasmUrl).then((r) => r.arrayBuffer()).then((b) => WasmPowerFlow.create(b)));
const KEEP = 4;
const loaded = new Map<string, Compiled>();

self.onmessage = async (e: MessageEvent<WorkerRequest>) => {
  const msg = e.data;
  const post = (m: object) => (self as unknown as Worker).postMessage({ id: msg.id, ...m });
  try {
    if (msg.type === "load") {
      const c = decodePayload(msg.payload);
      loaded.delete(c.hash);
      loaded.set(c.hash, c);
      while (loaded.size > KEEP) loaded.delete(loaded.keys().next().value as string);
      await getSolver(); // instantiate while the user is still editing
      post({ result: c.hash });
      return;
    }
    const c = loaded.get(msg.hash);
    if (!c) throw new Error("the compiled network is not loaded (compile it again)");
    const s = await getSolver();
    post({ result: s.solve(c, msg.options) });
  } catch (err) {
    post({ error: (err as Error).message ?? String(err) });
  }
};
