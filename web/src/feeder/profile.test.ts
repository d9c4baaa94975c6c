// The per-phase view model of IEEE 13 (fixture: the engine's import and result, web/scripts/make_feeder_vectors.py):
// distances from the source by hand from the .dss line lengths, phase voltages as the engine gives them, the
// profile's segments one per line and phase present, line currents per phase.
import { describe, expect, it } from "vitest";
import vectors from "./ieee13_vectors.json";
import { busRows, distances, lineRows, profileSegments, type FeederModel } from "./profile";
import type { UnbalancedResultModel } from "../contract/types";

const feeder = vectors.feeder as unknown as FeederModel;
const result = vectors.result as unknown as UnbalancedResultModel;
const FT = 0.0003048;

describe("IEEE 13 phase profile", () => {
  it("distances from the source along the lines (hand sums of the .dss lengths)", () => {
    const { km } = distances(feeder);
    // transformers (sub, the regulator bank) add nothing; 650632 2000 ft, 632670 667, 670671 1333, 671680 1000
    expect(km.get("650")).toBe(0);
    expect(km.get("rg60")).toBe(0);
    expect(km.get("632")).toBeCloseTo(2000 * FT, 12);
    expect(km.get("680")).toBeCloseTo(5000 * FT, 12);
    // 671684 300 ft, 684611 300 ft; 632633 500 ft then xfm1 to 634; 671692 is a switch (0)
    expect(km.get("611")).toBeCloseTo(4600 * FT, 12);
    expect(km.get("634")).toBeCloseTo(2500 * FT, 12);
    expect(km.get("692")).toBeCloseTo(4000 * FT, 12);
    expect(km.get("675")).toBeCloseTo(4500 * FT, 12);
    expect(km.size).toBe(16);
  });
  it("phase voltages of every bus are the engine's nodes", () => {
    const rows = busRows(feeder, result);
    expect(rows.length).toBe(16);
    for (const n of result.nodes) {
      const r = rows.find((x) => x.bus === n.bus)!;
      expect(r.v[n.node - 1]).toBe(n.v_pu);
      expect(r.ang[n.node - 1]).toBe(n.angle_deg);
    }
    // single- and two-phase laterals: 611 phase c only, 652 phase a only, 645/646 phases b and c
    const at = (b: string) => rows.find((x) => x.bus === b)!.v.map((v) => v != null);
    expect(at("611")).toEqual([false, false, true]);
    expect(at("652")).toEqual([true, false, false]);
    expect(at("646")).toEqual([false, true, true]);
  });
  it("one profile segment per line (or bank) and phase, upstream to downstream", () => {
    const rows = busRows(feeder, result);
    const segs = profileSegments(feeder, rows);
    // 15 edges to the 15 buses below the source: 3-phase ones give 3 segments, 645/646 two, 684 two, 611/652 one
    const per = new Map<string, number>();
    for (const s of segs) per.set(s.edge, (per.get(s.edge) ?? 0) + 1);
    expect(per.get("reg1+reg2+reg3")).toBe(3);
    expect(per.get("645646")).toBe(2);
    expect(per.get("684611")).toBe(1);
    expect(per.get("684652")).toBe(1);
    expect(segs.length).toBe(3 * 10 + 2 * 3 + 1 * 2);
    for (const s of segs) expect(s.x1).toBeGreaterThanOrEqual(s.x0);
  });
  it("line currents per phase at terminal 1", () => {
    const rows = lineRows(result);
    const l = rows.find((r) => r.id === "650632")!;
    const br = result.branches.find((b) => b.id === "650632")!;
    expect(l.i).toEqual([1, 2, 3].map((p) => br.phases.find((x) => x.phase === p)!.i1_a));
    expect(rows.find((r) => r.id === "684611")!.i.map((v) => v != null)).toEqual([false, false, true]);
  });
});
