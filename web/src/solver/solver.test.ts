import { describe, expect, it } from "vitest";
import { loadSolver, loadVector, vectorNames, type Vector } from "./testutil";
import { decodePayload } from "./payload";
import { browserSolvable, solverOptions } from "./options";
import type { PowerFlowParameters } from "../contract/types";

const PQ = 1, PV = 2;

async function solveVector(vec: Vector) {
  const s = await loadSolver();
  return s.solve(decodePayload(vec.payload), solverOptions(vec.analysis_method, vec.parameters as PowerFlowParameters));
}

describe("the WebAssembly solver equals the engine on every test vector (Q limits on)", () => {
  const names = vectorNames();
  it("has the vectors (switch-joined buses, open ends, de-energized buses, Q limits, every method)", () => {
    for (const n of ["case14", "case118", "case118_fast_decoupled", "case14_gauss_seidel", "case57_warm", "mixed", "q_limits", "example_multivoltage", "not_converging"]) expect(names).toContain(n);
  });
  for (const name of names) {
    it(`${name}: |ΔV| < 1e-8 pu, |Δθ| < 1e-8 rad, equal bus types and pinned Q`, async () => {
      const vec = loadVector(name)!;
      expect(vec.parameters.enforce_q_limits).toBe(true);
      const { solution: got, singularAt } = await solveVector(vec);
      const ref = vec.solution;
      expect(singularAt).toBeNull();
      expect(got.converged).toBe(ref.converged);
      expect(got.network_hash).toBe(ref.network_hash);
      // no solution (500 MW over 50 km): both give up; where each iterate ended is no result to compare
      if (!ref.converged) return;
      expect(got.bus_type).toEqual(ref.bus_type);
      expect(got.q_fixed_pu).toEqual(ref.q_fixed_pu);
      let dv = 0, da = 0;
      ref.vm_pu.forEach((vm, k) => {
        if (ref.bus_type[k] === 0) return; // de-energized: in no equation
        dv = Math.max(dv, Math.abs(got.vm_pu[k] - vm));
        // angles compared as a rotation (both are in (-180°, 180°])
        const d = (((got.va_deg[k] - ref.va_deg[k]) * Math.PI) / 180) % (2 * Math.PI);
        da = Math.max(da, Math.abs(Math.atan2(Math.sin(d), Math.cos(d))));
      });
      expect(dv).toBeLessThan(1e-8);
      expect(da).toBeLessThan(1e-8);
      expect(got.iterations).toBe(ref.iterations);
      expect(got.history.length).toBe(ref.history!.length);
    });
  }
});

describe("compiled buses to network buses", () => {
  it("network_bus_index paints every network bus with its compiled bus's voltage, as the engine reports it", async () => {
    for (const name of ["mixed", "example_multivoltage", "q_limits", "case118"]) {
      const vec = loadVector(name)!;
      const { solution } = await solveVector(vec);
      const c = decodePayload(vec.payload);
      vec.result.buses.forEach((b, i) => {
        const k = c.networkBusIndex[i];
        if (!b.energized) {
          expect(k < 0 || solution.bus_type[k] === 0).toBe(true);
          return;
        }
        expect(Math.abs(solution.vm_pu[k] - b.vm_pu!)).toBeLessThan(1e-8);
        expect(Math.abs(solution.va_deg[k] - b.va_deg!)).toBeLessThan(1e-6);
      });
    }
  });
});

describe("options", () => {
  it("engine defaults per method; every option reaches the solver", () => {
    // the engine's default start is "auto": the stored voltages where the network has them, else flat
    expect(solverOptions("newton_raphson")).toEqual({ method: 0, tol: 1e-8, maxIter: 30, enforceQLimits: false, start: "warm", accel: 1 });
    expect(solverOptions("newton_raphson", { init: "flat" }).start).toBe("flat");
    expect(solverOptions("newton_raphson", { init: "dc" }).start).toBe("dc");
    expect(browserSolvable("newton_raphson", { distributed_slack: true })).toBe(false);
    expect(browserSolvable("newton_raphson", { slack_bus: "4" })).toBe(false);
    expect(browserSolvable("newton_raphson", {})).toBe(true);
    expect(solverOptions("fast_decoupled").maxIter).toBe(100);
    expect(solverOptions("gauss_seidel", { accel: 1.4, max_iter: 50, init: "warm", enforce_q_limits: true, tol: 1e-6 })).toEqual({
      method: 2, tol: 1e-6, maxIter: 50, enforceQLimits: true, start: "warm", accel: 1.4,
    });
    expect(() => solverOptions("iec_60909")).toThrow(/cannot solve/);
  });

  it("Q limits off leaves every PV bus PV (case118 switches six buses with them on)", async () => {
    const vec = loadVector("case118")!;
    const s = await loadSolver();
    const c = decodePayload(vec.payload);
    const off = s.solve(c, solverOptions("newton_raphson", { tol: 1e-10 })).solution;
    const on = s.solve(c, solverOptions("newton_raphson", { tol: 1e-10, enforce_q_limits: true }));
    expect(off.bus_type).toEqual(Array.from(c.busType));
    expect(off.q_fixed_pu.every((q) => q === 0)).toBe(true);
    const switched = on.solution.bus_type.filter((t, k) => t === PQ && c.busType[k] === PV).length;
    expect(switched).toBe(6);
    expect(on.rounds).toBeGreaterThan(1);
  });

  it("a warm start begins at the stored voltages (fewer iterations on IEEE 57)", async () => {
    const vec = loadVector("case57_warm")!;
    const s = await loadSolver();
    const c = decodePayload(vec.payload);
    expect(c.vmWarm).not.toBeNull();
    const warm = s.solve(c, solverOptions("newton_raphson", { init: "warm", tol: 1e-10 })).solution;
    const flat = s.solve(c, solverOptions("newton_raphson", { init: "flat", tol: 1e-10 })).solution;
    expect(warm.iterations).toBeLessThan(flat.iterations);
  });

  it("names the bus of a singular Jacobian", async () => {
    const vec = loadVector("case14")!;
    const s = await loadSolver();
    const c = decodePayload(vec.payload);
    // bus 14 loses every admittance: its rows of the Jacobian vanish
    const k = c.busIds.indexOf("14");
    for (let b = 0; b < c.nBranch; b++) if (c.f[b] === k || c.t[b] === k) c.yBranch.fill(0, 8 * b, 8 * b + 8);
    c.yShunt[2 * k] = c.yShunt[2 * k + 1] = 0;
    const r = s.solve(c, solverOptions("newton_raphson"));
    expect(r.solution.converged).toBe(false);
    expect(r.singularAt).toBe("14");
  });

  it("refuses a payload of another format version", () => {
    const vec = loadVector("case14")!;
    expect(() => decodePayload({ ...vec.payload, version: 99 })).toThrow(/version 99/);
  });
});
