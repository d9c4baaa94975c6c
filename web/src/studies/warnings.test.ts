import { describe, expect, it } from "vitest";
import { loadVector } from "../solver/testutil";
import { normalizeNetwork, type PowerFlowResultModel } from "../model/elements";
import { failureMessage, idsInNote, noSource, warningsOf, worstBuses } from "./warnings";

const vec = (name: string) => {
  const v = loadVector(name)!;
  return { net: normalizeNetwork(v.network), result: v.result as PowerFlowResultModel };
};

describe("warnings from the engine's notes", () => {
  it("links the de-energized buses and the Q-limit bus of the mixed case to their elements", () => {
    const { net, result } = vec("mixed");
    const w = warningsOf(result, net);
    const dead = w.find((x) => /de-energized/.test(x.message))!;
    expect(dead.ids).toEqual(["ISO"]);
    const q = w.find((x) => /Q limit/.test(x.message))!;
    expect(q.ids).toEqual(["MV2"]);
    expect(w.every((x) => x.kind === "note")).toBe(true);
  });

  it("a solve without a solution: one failure naming the worst bus and what was tried", () => {
    const { net, result } = vec("not_converging");
    expect(result.converged).toBe(false);
    const w = warningsOf(result, net, { tol: 1e-10, enforce_q_limits: true });
    expect(w[0].kind).toBe("failure");
    expect(w[0].ids).toEqual(["B2"]); // the reference bus B1 has no mismatch
    expect(w[0].message).toMatch(/Newton Raphson, 30 iterations, tolerance 1e-10 pu, Q limits on/);
    expect(w[0].message).toMatch(/also tried the DC power-flow angles/);
    expect(w[0].message).toMatch(/largest mismatch at B2 \(ΔP 411\.6 MW, ΔQ 872\.9 Mvar\)/);
    expect(w.filter((x) => x.kind === "failure")).toHaveLength(1);
    expect(w.some((x) => /^power flow did not converge/.test(x.message))).toBe(false);
    expect(worstBuses(result).map((b) => b.bus)).toEqual(["B2"]);
    expect(failureMessage(result)).toMatch(/^Power flow did not converge/);
    // the browser makes one attempt: the message says what the server would try besides
    const browser = { ...result, notes: result.notes.filter((n) => !/also tried/.test(n)) };
    expect(failureMessage(browser, { source: "browser" })).toMatch(/server also retries from DC angles/);
    expect(failureMessage(result, { source: "browser" })).not.toMatch(/server also retries/);
  });

  it("no source: every bus de-energized is a warning, not a green result", () => {
    const { net, result } = vec("case14");
    const dead = { ...result, buses: result.buses.map((b) => ({ ...b, energized: false, vm_pu: 0 })) };
    expect(noSource(dead)).toBe(true);
    expect(warningsOf(dead, net)[0].kind).toBe("source");
    expect(noSource(result)).toBe(false);
  });

  it("quoted ids that are not elements are left out; star points name their transformer", () => {
    const known = new Set(["g1", "A", "t3"]);
    expect(idsInNote("generator 'g1' at bus 'A' was chosen; 'nothing'", known)).toEqual(["g1", "A"]);
    expect(idsInNote("bus 't3#star' reached its Q limit", known)).toEqual(["t3"]);
    expect(idsInNote("3 bus(es) have no path to a voltage source and are de-energized: A, X, g1 ...", known)).toEqual(["A", "g1"]);
  });
});
