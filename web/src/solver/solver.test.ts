import { describe, expect, it } from "vitest";
import { loadSolver, loadVector } from "./testutil";
import type { Network } from "../model/network";
import { compileNetwork, REF, PV, PQ } from "./compile";

export function threeBus(): Network {
  return {
    name: "three bus",
    base_mva: 100,
    f_hz: 50,
    buses: [
      { id: "B1", vn_kv: 110 },
      { id: "B2", vn_kv: 110 },
      { id: "B3", vn_kv: 110 },
    ],
    lines: [
      { id: "L1", from_bus: "B1", to_bus: "B2", length_km: 20, r_ohm_per_km: 0.1, x_ohm_per_km: 0.4, c_nf_per_km: 10, max_i_ka: 0.5 },
      { id: "L2", from_bus: "B2", to_bus: "B3", length_km: 30, r_ohm_per_km: 0.1, x_ohm_per_km: 0.4, c_nf_per_km: 10, max_i_ka: 0.5 },
    ],
    external_grids: [{ id: "G0", bus: "B1", vm_pu: 1.02 }],
    generators: [{ id: "G1", bus: "B3", p_mw: 20, vm_pu: 1.0 }],
    loads: [
      { id: "D2", bus: "B2", p_mw: 40, q_mvar: 15 },
      { id: "D3", bus: "B3", p_mw: 30, q_mvar: 10, const_z_percent: 30, const_i_percent: 20 },
    ],
  };
}

describe("wasm power flow", () => {
  it("compiles bus types", () => {
    const cn = compileNetwork(threeBus());
    expect(Array.from(cn.busType)).toEqual([REF, PQ, PV]);
  });

  it("NR and fast-decoupled agree and balance power", async () => {
    const s = await loadSolver();
    const nr = s.solve(threeBus(), { method: "nr", tol: 1e-12 });
    const fd = s.solve(threeBus(), { method: "fdxb", tol: 1e-12 });
    expect(nr.converged).toBe(true);
    expect(fd.converged).toBe(true);
    expect(nr.iterations).toBeLessThan(8);
    for (let i = 0; i < 3; i++) {
      expect(Math.abs(nr.buses[i].vm_pu! - fd.buses[i].vm_pu!)).toBeLessThan(1e-9);
      expect(Math.abs(nr.buses[i].va_deg! - fd.buses[i].va_deg!)).toBeLessThan(1e-7);
    }
    // B2 injection equals minus its load
    expect(nr.buses[1].p_mw).toBeCloseTo(-40, 6);
    expect(nr.buses[1].q_mvar).toBeCloseTo(-15, 6);
    expect(nr.buses[2].vm_pu).toBeCloseTo(1.0, 12);
    expect(nr.buses[0].vm_pu).toBeCloseTo(1.02, 12);
    expect(nr.branches[0].loading_percent).toBeGreaterThan(0);
  });

  it("Gauss-Seidel reaches the NR solution", async () => {
    const s = await loadSolver();
    const nr = s.solve(threeBus(), { method: "nr", tol: 1e-12 });
    const gs = s.solve(threeBus(), { method: "gs", tol: 1e-10 });
    expect(gs.converged).toBe(true);
    expect(gs.iterations).toBeGreaterThan(nr.iterations);
    for (let i = 0; i < 3; i++) expect(Math.abs(nr.buses[i].vm_pu! - gs.buses[i].vm_pu!)).toBeLessThan(1e-8);
    const vec = loadVector("case14");
    if (vec) {
      const r = s.solve(vec.network, { method: "gs", tol: 1e-9 });
      expect(r.converged).toBe(true);
      vec.solution.buses.forEach((b: { vm_pu: number }, i: number) => expect(Math.abs(r.buses[i].vm_pu! - b.vm_pu)).toBeLessThan(1e-7));
    }
  });

  it("names the bus of a singular Jacobian", async () => {
    const s = await loadSolver();
    const net = threeBus();
    // a PQ bus whose only connection is two parallel lines with opposite reactances (zero net admittance)
    net.buses.push({ id: "B4", vn_kv: 110 });
    net.lines!.push({ id: "L3", from_bus: "B3", to_bus: "B4", length_km: 1, r_ohm_per_km: 0, x_ohm_per_km: 1 });
    net.lines!.push({ id: "L4", from_bus: "B3", to_bus: "B4", length_km: 1, r_ohm_per_km: 0, x_ohm_per_km: -1 });
    expect(() => s.solve(net)).toThrow(/singular/);
    try {
      s.solve(net);
    } catch (e) {
      expect((e as { elementId: string }).elementId).toMatch(/^B[34]$/);
    }
  });

  it("reports de-energized buses", async () => {
    const s = await loadSolver();
    const net = threeBus();
    net.buses.push({ id: "B4", vn_kv: 110 });
    net.loads!.push({ id: "D4", bus: "B4", p_mw: 1 });
    const r = s.solve(net);
    expect(r.converged).toBe(true);
    expect(r.buses[3].energized).toBe(false);
    expect(r.buses[3].vm_pu).toBeNull();
  });
});

const CASES = ["case14", "case30", "case57", "case118", "example_simple", "cigre_mv", "mixed", "case1354pegase"];
describe("equals the Python engine on the shared test vectors", () => {
  for (const name of CASES) {
    const vec = loadVector(name);
    it.skipIf(!vec)(`${name} within 1e-8 pu`, async () => {
      const s = await loadSolver();
      const r = s.solve(vec.network, { method: "nr", tol: 1e-10 });
      expect(r.converged).toBe(true);
      const byId = new Map(r.buses.map((b) => [b.id, b]));
      let worstVm = 0,
        worstVa = 0;
      for (const ref of vec.solution.buses) {
        const b = byId.get(ref.id)!;
        if (ref.energized === false || ref.vm_pu === null) {
          expect(b.energized).toBe(false);
          continue;
        }
        worstVm = Math.max(worstVm, Math.abs(b.vm_pu! - ref.vm_pu));
        worstVa = Math.max(worstVa, Math.abs(((b.va_deg! - ref.va_deg) * Math.PI) / 180));
      }
      expect(worstVm).toBeLessThan(1e-8);
      expect(worstVa).toBeLessThan(1e-8);
      // branch flows and loading equal the engine's too (1e-6 MW = 1e-8 pu on 100 MVA)
      const refBr = vec.solution.branches ?? [];
      expect(refBr.length === 0 || refBr.length === r.branches.length).toBe(true);
      refBr.forEach((rb: any, k: number) => {
        const ob = r.branches[k];
        expect(ob.id).toBe(rb.id);
        for (const [a, b] of [
          [ob.p_from_mw, rb.p_from_mw],
          [ob.q_from_mvar, rb.q_from_mvar],
          [ob.p_to_mw, rb.p_to_mw],
          [ob.q_to_mvar, rb.q_to_mvar],
        ])
          expect(Math.abs(a - b)).toBeLessThan(1e-6);
        if (rb.loading_percent != null) expect(Math.abs(ob.loading_percent! - rb.loading_percent)).toBeLessThan(1e-6);
      });
      // fast-decoupled reaches the same solution
      const fd = s.solve(vec.network, { method: "fdxb", tol: 1e-10, maxIter: 200 });
      expect(fd.converged).toBe(true);
      for (const ref of vec.solution.buses) {
        if (ref.vm_pu === null || ref.energized === false) continue;
        expect(Math.abs(byId.get(ref.id)!.vm_pu! - fd.buses.find((b) => b.id === ref.id)!.vm_pu!)).toBeLessThan(1e-7);
      }
    });
  }
});
