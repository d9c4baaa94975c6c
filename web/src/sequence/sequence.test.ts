import { describe, expect, it } from "vitest";
import { formatZ, sequenceView, type SeqElement, type SequenceNetworksData } from "./sequence";

// 110 kV grid - Dyn5 transformer T1 - 20 kV line L1 (what gridsolve's to_dict gives for it, trimmed)
const z = (id: string, kind: string, f: string, t: string | null, r: number, x: number): SeqElement => ({ id, kind, from_bus: f, to_bus: t, r_pu: r, x_pu: x, r_ohm: r * 4, x_ohm: x * 4, ratio: 1 });
const positive = [z("L1", "line", "MV", "END", 0.25, 0.5), z("T1", "transformer", "HV", "MV", 0.0122, 0.2922), z("grid", "external_grid", "HV", null, 0.0109, 0.1095)];
const data: SequenceNetworksData = {
  base_mva: 100,
  case: "max",
  buses: [
    { id: "HV", vn_kv: 110, energized: true },
    { id: "MV", vn_kv: 20, energized: true },
    { id: "END", vn_kv: 20, energized: true },
  ],
  z0_complete: true,
  z0_missing: [],
  sequences: {
    positive,
    negative: positive,
    zero: [z("L1", "line", "MV", "END", 1.0, 1.5), z("T1", "transformer_earthing", "MV", null, 0.0122, 0.2922), z("grid", "external_grid", "HV", null, 0.0109, 0.1095)],
  },
};
const diagram = new Map([
  ["HV", { x: 100, y: 60 }],
  ["MV", { x: 100, y: 220 }],
  ["END", { x: 340, y: 220 }],
]);

describe("sequence network view", () => {
  it("positive sequence: every two-port connected with its impedance, the grid a source with its EMF", () => {
    const v = sequenceView(data, "positive", diagram);
    expect(v.branches.map((b) => [b.id, b.state, b.from, b.to])).toEqual([
      ["L1", "connected", "MV", "END"],
      ["T1", "connected", "HV", "MV"],
    ]);
    expect(v.branches[1].x_pu).toBe(0.2922);
    expect(v.shunts).toHaveLength(1);
    expect(v.shunts[0]).toMatchObject({ id: "grid", bus: "HV", source: true, emf: true, dir: -1 });
    expect(v.counts).toEqual({ connected: 2, open: 0, earthed: 0, missing: 0 });
  });

  it("negative sequence: the same topology, sources without EMF", () => {
    const v = sequenceView(data, "negative", diagram);
    expect(v.branches.every((b) => b.state === "connected")).toBe(true);
    expect(v.shunts[0]).toMatchObject({ source: true, emf: false });
  });

  it("zero sequence: a Dyn transformer is open towards HV and earths the LV bus", () => {
    const v = sequenceView(data, "zero", diagram);
    const t1 = v.branches.find((b) => b.id === "T1")!;
    expect(t1.state).toBe("earthed");
    expect(t1.earthedAt).toEqual(["MV"]);
    expect(t1.x_pu).toBeNull();
    const earth = v.shunts.find((s) => s.id === "T1")!;
    expect(earth).toMatchObject({ kind: "transformer_earthing", bus: "MV", source: false, emf: false, dir: 1, x_pu: 0.2922 });
    expect(v.branches.find((b) => b.id === "L1")).toMatchObject({ state: "connected", r_pu: 1.0, x_pu: 1.5 });
  });

  it("zero sequence: unearthed windings are open, missing data is named", () => {
    const d: SequenceNetworksData = {
      ...data,
      z0_complete: false,
      z0_missing: [{ element_id: "L1", field: "x0_ohm_per_km" }],
      sequences: { ...data.sequences, zero: [z("grid", "external_grid", "HV", null, 0.0109, 0.1095)] },
    };
    const v = sequenceView(d, "zero", diagram);
    expect(v.branches.map((b) => [b.id, b.state, b.missingField])).toEqual([
      ["L1", "missing", "x0_ohm_per_km"],
      ["T1", "open", undefined],
    ]);
    expect(v.missing).toEqual([{ element_id: "L1", field: "x0_ohm_per_km" }]);
    expect(sequenceView(d, "positive", diagram).missing).toEqual([]);
  });

  it("lays the buses out like the diagram inside the box, bars apart, attachments on the bars", () => {
    const v = sequenceView(data, "zero", diagram, 640, 460);
    const [hv, mv, end] = v.buses;
    expect(hv.x).toBeCloseTo(mv.x);
    expect(hv.y).toBeLessThan(mv.y);
    expect(end.x).toBeGreaterThan(mv.x2);
    for (const b of v.buses) {
      expect(b.x1).toBeGreaterThanOrEqual(0);
      expect(b.x2).toBeLessThanOrEqual(640);
      expect(b.y).toBeGreaterThan(60);
      expect(b.y).toBeLessThan(400);
    }
    const t1 = v.branches.find((b) => b.id === "T1")!;
    expect(t1.a.y).toBe(hv.y);
    expect(t1.b.y).toBe(mv.y);
    // two things attached to MV (T1, L1 and T1's earthing) take distinct slots
    const onMv = [t1.b.x, v.branches.find((b) => b.id === "L1")!.a.x, v.shunts.find((s) => s.id === "T1")!.a.x];
    expect(new Set(onMv).size).toBe(3);
  });

  it("places a bus the diagram does not know (a star point) next to its neighbours", () => {
    const d: SequenceNetworksData = {
      ...data,
      buses: [...data.buses, { id: "T3#star", vn_kv: 110, energized: true }],
      sequences: { ...data.sequences, positive: [...positive, z("T3", "transformer3w_hv", "HV", "T3#star", 0.01, 0.1)] },
    };
    const v = sequenceView(d, "positive", diagram);
    const star = v.buses.find((b) => b.id === "T3#star")!;
    expect(Number.isFinite(star.x) && Number.isFinite(star.y)).toBe(true);
  });

  it("formats impedances", () => {
    expect(formatZ(0.0122, 0.2922)).toBe("0.0122 + j0.2922");
    expect(formatZ(0.1, -0.2, 2)).toBe("0.10 − j0.20");
    expect(formatZ(null, 1)).toBe("—");
  });
});

describe("branch routes", () => {
  it("joins buses on one row below the bars, others orthogonally with the box on the longest run", async () => {
    const { branchRoute } = await import("./sequence");
    const same = branchRoute({ x: 0, y: 100 }, { x: 200, y: 100 });
    expect(same.points.every((p) => p.y >= 100)).toBe(true);
    expect(same.box).toEqual({ x: 100, y: 164 });
    expect(branchRoute({ x: 50, y: 0 }, { x: 50, y: 200 })).toMatchObject({ box: { x: 50, y: 100 }, vertical: true });
    const l = branchRoute({ x: 0, y: 0 }, { x: 300, y: 100 });
    expect(l.points).toHaveLength(4);
    expect(l.box).toEqual({ x: 150, y: 50 });
  });
});

describe("straight branches", () => {
  it("a branch between bars that nearly line up is drawn without a jog", () => {
    const v = sequenceView(data, "zero", diagram);
    const t1 = v.branches.find((b) => b.id === "T1")!;
    expect(t1.a.x).toBe(t1.b.x);
    const mv = v.buses.find((b) => b.id === "MV")!;
    expect(t1.b.x).toBeGreaterThan(mv.x1);
    expect(t1.b.x).toBeLessThan(mv.x2);
  });
});
