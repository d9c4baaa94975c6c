// Short-circuit-ready editing: typical zero-sequence data on palette equipment (and its mark), nominal voltages
// per voltage level for cases without them (IEEE 14), bulk edit as one undoable command.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { emptyNetwork, type Element, type Network } from "../model/elements";
import { applyChanges } from "./commands";
import { newAttached, newBranch } from "./factory";
import { typicalNote, TYPICAL_LINE } from "./typical";
import { busesWithoutKv, setBaseKvCommand, voltageLevels } from "./basekv";
import { bulkEditCommand, bulkEditErrors, commonFields } from "./bulk";
import { validateElement } from "../schema/validate";
import { threeBus } from "./testutil";

/** IEEE 14 from the engine's sample, read here with a parser of its own (bus and branch tables only). */
function ieee14(): Network {
  const text = readFileSync(fileURLToPath(new URL("../../../solver_layer/gridsolve/samples/case14.m", import.meta.url)), "utf8");
  const table = (name: string) =>
    text
      .split(`mpc.${name} = [`)[1]
      .split("];")[0]
      .split("\n")
      .map((l) => l.replace(/%.*$/, "").trim())
      .filter(Boolean)
      .map((l) => l.replace(/;$/, "").split(/\s+/).map(Number));
  const net = emptyNetwork("ieee14");
  net.buses = table("bus").map((r) => ({ id: String(r[0]), vn_kv: r[9], zone: String(r[10]) }));
  net.impedance_branches = table("branch").map((r, i) => ({ id: `br${i}`, from_bus: String(r[0]), to_bus: String(r[1]), r_pu: r[2], x_pu: r[3], b_pu: r[4], tap_ratio: r[8] || 1, is_transformer: r[8] !== 0 }));
  return net;
}

describe("typical zero-sequence data", () => {
  it("every palette line, cable, transformer and external grid is complete for an earth fault and valid", () => {
    const { network: net } = threeBus();
    const made: [string, Element][] = [
      ["lines", newBranch(net, "line", "B1", "B2").el],
      ["lines", newBranch(net, "cable", "B2", "B3").el],
      ["transformers", newBranch(net, "transformer", "B1", "B2").el],
      ["transformers3w", newBranch(net, "transformer3w", "B1", "B2", "B3").el],
      ["external_grids", newAttached(net, "external_grid", "B1")],
    ];
    const need: Record<string, string[]> = {
      lines: ["r0_ohm_per_km", "x0_ohm_per_km"],
      transformers: ["vk0_percent"],
      transformers3w: ["vk0_hv_percent", "vk0_mv_percent", "vk0_lv_percent"],
      external_grids: ["x0x_max", "r0x0_max"],
    };
    for (const [list, el] of made) {
      for (const f of need[list]) expect(el[f], `${list}.${f}`).toBeGreaterThan(0);
      expect(validateElement(list as never, el)).toEqual([]);
    }
    // overhead line: X0/X1 and R0/R1 about 3 (IEC TR 60909-4 lines L1/L2); cable: Z0 = Z1 (cable L6)
    const line = made[0][1];
    expect((line.x0_ohm_per_km as number) / (line.x_ohm_per_km as number)).toBeCloseTo(1.26 / 0.39, 12);
    const cable = made[1][1];
    expect(cable.r0_ohm_per_km).toBe(cable.r_ohm_per_km);
    expect(cable.x0_ohm_per_km).toBe(cable.x_ohm_per_km);
    // transformers: uk0 = 0.95 uk (IEC TR 60909-4 T1: 15.2 / 16)
    expect(made[2][1].vk0_percent).toBeCloseTo(0.95 * (made[2][1].vk_percent as number), 12);
    const t3 = made[3][1];
    for (const w of ["hv", "mv", "lv"]) expect(t3[`vk0_${w}_percent`]).toBeCloseTo(0.95 * (t3[`vk_${w}_percent`] as number), 12);
  });

  it("marks a value typical until it is edited, and names the source", () => {
    const { network: net } = threeBus();
    const line = newBranch(net, "line", "B1", "B2").el;
    expect(typicalNote("lines", line, "x0_ohm_per_km")).toContain("IEC TR 60909-4");
    expect(typicalNote("lines", line, "x_ohm_per_km")).toBeNull(); // positive sequence: the engineer's field
    expect(typicalNote("lines", { ...line, x0_ohm_per_km: 1.1 }, "x0_ohm_per_km")).toBeNull();
    expect(typicalNote("lines", line, "r0_ohm_per_km")).toBe(TYPICAL_LINE.basis);
  });
});

describe("nominal voltages per voltage level", () => {
  it("IEEE 14: every bus at 0 kV, two levels separated by the three transformers", () => {
    const net = ieee14();
    expect(busesWithoutKv(net)).toHaveLength(14);
    const levels = voltageLevels(net);
    expect(levels.map((l) => [...l.buses].sort((a, b) => +a - +b))).toEqual([
      ["6", "7", "8", "9", "10", "11", "12", "13", "14"],
      ["1", "2", "3", "4", "5"],
    ]);
    expect(levels.every((l) => l.inferred === null && l.current.join() === "0")).toBe(true);
    const cmd = setBaseKvCommand(net, levels, { [levels[0].key]: 33, [levels[1].key]: 132 });
    expect(cmd.changes).toHaveLength(14);
    const after = applyChanges({ network: net, layout: {} }, cmd.changes).network;
    expect(busesWithoutKv(after)).toEqual([]);
    expect(after.buses.find((b) => b.id === "4")!.vn_kv).toBe(132);
    expect(after.buses.find((b) => b.id === "14")!.vn_kv).toBe(33);
    // one undo step restores every bus
    const undone = applyChanges({ network: after, layout: {} }, cmd.changes, true).network;
    expect(undone.buses.map((b) => b.vn_kv)).toEqual(net.buses.map((b) => b.vn_kv));
  });

  it("proposes a level's kV from the transformer windings on it; levels left empty are untouched", () => {
    const net = emptyNetwork("t");
    net.buses = [
      { id: "A", vn_kv: 0 },
      { id: "B", vn_kv: 0 },
      { id: "C", vn_kv: 0 },
    ];
    net.lines = [{ id: "L", from_bus: "B", to_bus: "C", r_ohm_per_km: 0.1, x_ohm_per_km: 0.3 }];
    net.transformers = [{ id: "T", hv_bus: "A", lv_bus: "B", sn_mva: 40, vn_hv_kv: 110, vn_lv_kv: 20, vk_percent: 12 }];
    const levels = voltageLevels(net);
    const bc = levels.find((l) => l.buses.includes("C"))!;
    expect(bc.buses.sort()).toEqual(["B", "C"]);
    expect(bc.inferred).toBe(20);
    expect(bc.inferredFrom).toBe("T LV winding");
    expect(levels.find((l) => l.buses.includes("A"))!.inferred).toBe(110);
    const cmd = setBaseKvCommand(net, levels, { [bc.key]: 20, [levels.find((l) => l.buses.includes("A"))!.key]: Number.NaN });
    expect(cmd.changes.map((c) => c.id).sort()).toEqual(["B", "C"]);
  });
});

describe("bulk edit", () => {
  it("sets one field on every selected element as one command, skipping those without it", () => {
    const { network: net } = threeBus();
    net.generators = [
      { id: "G1", bus: "B3", p_mw: 10 },
      { id: "G2", bus: "B2", p_mw: 4 },
    ];
    expect(commonFields(net, ["G1", "G2"])).toContain("xdss_pu");
    expect(commonFields(net, ["G1", "B1"])).toEqual(expect.arrayContaining(["name", "in_service"]));
    const cmd = bulkEditCommand(net, ["G1", "G2", "B1"], "xdss_pu", 0.2);
    expect(cmd.changes.map((c) => c.id)).toEqual(["G1", "G2"]);
    const after = applyChanges({ network: net, layout: {} }, cmd.changes).network;
    expect(after.generators.map((g) => g.xdss_pu)).toEqual([0.2, 0.2]);
    expect(applyChanges({ network: after, layout: {} }, cmd.changes, true).network.generators.map((g) => g.xdss_pu)).toEqual([undefined, undefined]);
  });

  it("refuses values the schema refuses, naming the element", () => {
    const { network: net } = threeBus();
    const errs = bulkEditErrors(net, ["B1", "B2"], "vn_kv", -5);
    expect(errs.map((e) => e.element_id)).toEqual(["B1", "B2"]);
    expect(bulkEditErrors(net, ["B1", "B2"], "vn_kv", 110)).toEqual([]);
    expect(bulkEditErrors(net, ["B1"], "vn_kv", "abc")).toHaveLength(1);
  });
});
