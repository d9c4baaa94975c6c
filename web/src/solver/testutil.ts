// Node-only helpers for vitest: load the wasm from disk and the shared test vectors.
import { readFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { WasmPowerFlow } from "./wasmSolver";

const here = dirname(fileURLToPath(import.meta.url));
export const webRoot = join(here, "..", "..");

export async function loadSolver(): Promise<WasmPowerFlow> {
  return WasmPowerFlow.create(readFileSync(join(here, "pf.wasm")));
}

export function loadVector(name: string): any | null {
  for (const p of [join(webRoot, "test-vectors", `${name}.json`), join(webRoot, "test-vectors", "big", `${name}.json`)]) {
    if (existsSync(p)) return JSON.parse(readFileSync(p, "utf8"));
  }
  return null;
}
