// Writes the WebAssembly solution of every test vector into GS_SOLUTIONS_OUT, for tests/browser/test_browser_results.py:
// there the engine builds the results from each browser solution (as the API does for a browser study) and every
// field the screen shows or exports is compared with the engine's own solve. Skipped without GS_SOLUTIONS_OUT.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSolver, loadVector, vectorNames } from "./testutil";
import { decodePayload } from "./payload";
import { solverOptions } from "./options";
import type { PowerFlowParameters } from "../contract/types";

const out = process.env.GS_SOLUTIONS_OUT;

describe("browser solutions of the test vectors", () => {
  it.runIf(!!out)("writes one solution per vector", async () => {
    mkdirSync(out!, { recursive: true });
    const s = await loadSolver();
    const names = vectorNames();
    for (const name of names) {
      const vec = loadVector(name)!;
      const { solution } = s.solve(decodePayload(vec.payload), solverOptions(vec.analysis_method, vec.parameters as PowerFlowParameters));
      writeFileSync(join(out!, `${name}.solution.json`), JSON.stringify(solution));
    }
    expect(names.length).toBeGreaterThan(10);
  });
});
