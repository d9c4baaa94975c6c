import { describe, expect, it } from "vitest";
import type { EquipmentApplied, EquipmentItem } from "../model/elements";
import { applyPatch, applyPatchTo, fits, fromEntry, makesKind, missingText, modifiedFields, paletteKindOf } from "./elements";
import { queryString } from "./api";

const base = {
  manufacturer: "typical",
  model_number: null,
  subcategory: "",
  voltage_class_kv: null,
  rating: null,
  tags: [],
  provenance: { sources: [{ title: "t", locator: "p. 1", licence: "BSD" }] },
  source: "library",
  revision: "r1",
} as const;
const cable = { ...base, id: "c", name: "NA2XS2Y 1x240", category: "cable", parameters: { r_ohm_per_km: 0.125 }, element_kinds: ["line"] } as EquipmentItem;
const trafo3 = { ...base, id: "t3", name: "T3", category: "transformer", parameters: { sn_hv_mva: 40 }, element_kinds: ["transformer", "transformer3w"] } as EquipmentItem;
const trafo2 = { ...base, id: "t2", name: "T2", category: "transformer", parameters: { sn_mva: 40 }, element_kinds: ["transformer", "transformer3w"] } as EquipmentItem;
const relay = { ...base, id: "r", name: "SEL-751", category: "relay", parameters: {}, element_kinds: [] } as unknown as EquipmentItem;
const applied: EquipmentApplied = {
  element_kind: "line",
  fields: { kind: "cable", r_ohm_per_km: 0.125, x_ohm_per_km: 0.105 },
  missing: {},
  reference: { equipment_id: "c", revision: "r1", name: "NA2XS2Y 1x240", values: { kind: "cable", r_ohm_per_km: 0.125, x_ohm_per_km: 0.105 } },
};

describe("library entries and elements", () => {
  it("knows which element an entry makes and fits", () => {
    expect(makesKind(cable)).toBe("line");
    expect(paletteKindOf(cable, "line")).toBe("cable");
    expect(makesKind(trafo3)).toBe("transformer3w");
    expect(makesKind(trafo2)).toBe("transformer");
    expect(makesKind(relay)).toBeNull();
    expect(fits(cable, "lines")).toBe(true);
    expect(fits(cable, "transformers")).toBe(false);
    expect(fits(trafo3, "transformers3w")).toBe(true);
    expect(fits(trafo3, "transformers")).toBe(false);
    expect(fits(relay, "lines")).toBe(false);
  });

  it("applies the values with the reference and lists the fields changed by hand", () => {
    const line = fromEntry("lines", { id: "L1", from_bus: "a", to_bus: "b", length_km: 2, r_ohm_per_km: 0.2, c_nf_per_km: 9.5 }, applied);
    expect(line.r_ohm_per_km).toBe(0.125);
    expect(line.length_km).toBe(2); // the caller's
    expect(line.c_nf_per_km).toBeUndefined(); // the palette's guess of equipment data is not kept
    expect(line.library).toEqual(applied.reference);
    expect(modifiedFields(line)).toEqual([]);
    const edited = { ...line, r_ohm_per_km: 0.14 };
    expect(modifiedFields(edited)).toEqual([{ field: "r_ohm_per_km", library: 0.125, now: 0.14 }]);
    expect(modifiedFields({ ...line, x_ohm_per_km: 0.105 * (1 + 1e-15) })).toEqual([]); // same number, typed again
    expect(modifiedFields({ id: "L2" })).toEqual([]); // no reference, nothing modified
    expect(applyPatch(applied)).toEqual({ ...applied.fields, library: applied.reference });
  });

  it("keeps the palette's value of a required field the entry cannot give, and the operating point", () => {
    const drake: EquipmentApplied = { ...applied, fields: { kind: "overhead", r_ohm_per_km: 0.0863 }, missing: { x_ohm_per_km: "needs a tower geometry" } };
    const line = fromEntry("lines", { id: "L1", from_bus: "a", to_bus: "b", length_km: 5, x_ohm_per_km: 0.39, c_nf_per_km: 9.5 }, drake);
    expect(line).toMatchObject({ x_ohm_per_km: 0.39, r_ohm_per_km: 0.0863, length_km: 5 });
    expect(line.c_nf_per_km).toBeUndefined();
    const gen = fromEntry("generators", { id: "G1", bus: "a", p_mw: 10, vm_pu: 1, xdss_pu: 0.2, sn_mva: 20 }, { ...applied, fields: { sn_mva: 150, xdss_pu: 0.14 }, missing: {} });
    expect(gen).toMatchObject({ p_mw: 10, vm_pu: 1, sn_mva: 150, xdss_pu: 0.14 });
  });

  it("drops the palette's typical zero-sequence figures the entry does not replace", () => {
    const palette = { id: "L1", from_bus: "a", to_bus: "b", kind: "overhead", r_ohm_per_km: 0.12, x_ohm_per_km: 0.39, r0_ohm_per_km: 0.32, x0_ohm_per_km: 1.26 };
    const patch = applyPatchTo("lines", palette, applied);
    expect("r0_ohm_per_km" in patch && patch.r0_ohm_per_km === undefined && patch.x0_ohm_per_km === undefined).toBe(true);
    const own = applyPatchTo("lines", { ...palette, r0_ohm_per_km: 0.5 }, applied); // the engineer's figure stays
    expect("r0_ohm_per_km" in own).toBe(false);
    const withZ0 = applyPatchTo("lines", palette, { ...applied, fields: { ...applied.fields, r0_ohm_per_km: 0.5 } });
    expect(withZ0.r0_ohm_per_km).toBe(0.5);
  });

  it("says which required values the entry could not give", () => {
    expect(missingText(applied)).toBe("");
    expect(missingText({ ...applied, missing: { x_ohm_per_km: "needs a tower geometry", c_nf_per_km: "needs a tower geometry" } })).toBe(
      "x_ohm_per_km, c_nf_per_km not in the entry (needs a tower geometry): the default is kept, enter the value",
    );
  });

  it("leaves empty filters out of the query", () => {
    expect(queryString({ q: "drake", category: "", voltage_kv: null, min_rating: 100, rating_unit: "A", limit: 30 })).toBe("?q=drake&min_rating=100&rating_unit=A&limit=30");
    expect(queryString({})).toBe("");
  });
});
