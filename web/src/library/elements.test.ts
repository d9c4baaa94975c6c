import { describe, expect, it } from "vitest";
import type { EquipmentApplied, EquipmentItem } from "../model/elements";
import { applyPatch, applyPatchTo, fits, fromEntry, kindOfList, makesKind, missingText, modifiedFields, needsElement, notesText, paletteKindOf, valueAt } from "./elements";
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
const relay = { ...base, id: "sel-751-5a", name: "SEL-751", category: "relay", parameters: {}, element_kinds: ["relay"] } as unknown as EquipmentItem;
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
    expect(makesKind(relay)).toBe("relay");
    expect(makesKind({ ...relay, element_kinds: [] })).toBeNull();
    expect(fits(cable, "lines")).toBe(true);
    expect(fits(cable, "transformers")).toBe(false);
    expect(fits(trafo3, "transformers3w")).toBe(true);
    expect(fits(trafo3, "transformers")).toBe(false);
    expect(fits(relay, "lines")).toBe(false);
    expect(fits(relay, "relays")).toBe(true);
    expect(kindOfList("relays")).toBe("relay");
    expect(needsElement("relay")).toBe(true); // the service checks the relay's settings
    expect(needsElement("line")).toBe(false);
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

  it("applies a relay product and shows a pickup changed by hand", () => {
    // what POST /api/equipment/sel-751-5a/apply answers for R1 (tests/platform: SEL-751 Table 4.13, CT 400/5)
    const r1 = { id: "R1", branch: "L1", bus: "B1", ct_primary_a: 400, elements: [{ function: "51", curve: "US-U3", pickup_a: 480, dial: 2.5 }] };
    const sel: EquipmentApplied = {
      element_kind: "relay",
      fields: { ct_secondary_a: 5, elements: [{ function: "51", curve: "US-U3", pickup_a: 480, dial: 2.5, dial_min: 0.5, dial_max: 15, dial_step: 0.01 }] },
      missing: {},
      notes: {},
      reference: {
        equipment_id: "sel-751-5a",
        revision: "r1",
        name: "SEL-751",
        values: { ct_primary_a: 400, ct_secondary_a: 5, "elements.0.function": "51", "elements.0.curve": "US-U3", "elements.0.dial": 2.5, "elements.0.pickup_a": 480, "elements.0.dial_min": 0.5, "elements.0.dial_max": 15, "elements.0.dial_step": 0.01 },
      },
    };
    const applied = { ...r1, ...applyPatchTo("relays", r1, sel) };
    expect(applied.ct_secondary_a).toBe(5);
    expect(valueAt(applied, "elements.0.dial_max")).toBe(15);
    expect(valueAt(applied, "elements.3.dial_max")).toBeNull();
    expect(modifiedFields(applied)).toEqual([]);
    const edit = (patch: Record<string, unknown>) => ({ ...applied, elements: [{ ...(applied.elements as object[])[0], ...patch }] });
    expect(modifiedFields(edit({ pickup_a: 600 }))).toEqual([{ field: "elements.0.pickup_a", library: 480, now: 600 }]);
    expect(modifiedFields(edit({ dial_max: 3, curve: "US-U2" })).map((m) => m.field)).toEqual(["elements.0.curve", "elements.0.dial_max"]);
    // a pickup given as a secondary tap instead: the primary pickup the entry checked is gone
    expect(modifiedFields(edit({ pickup_a: undefined, tap_a: 6 }))).toEqual([{ field: "elements.0.pickup_a", library: 480, now: null }]);
    // an element added after the entry was applied: its settings were never checked against the manual
    const added = { ...applied, elements: [...(applied.elements as object[]), { function: "50", pickup_a: 4000, delay_s: 0.05 }] };
    expect(modifiedFields(added)).toEqual([{ field: "elements.1", library: null, now: "50 element added" }]);
    // the CT primary the pickup was checked with, changed
    expect(modifiedFields({ ...applied, ct_primary_a: 600 })).toEqual([{ field: "ct_primary_a", library: 400, now: 600 }]);
    // a reference that recorded "no CT primary" is not modified by an absent field
    expect(modifiedFields({ ...applied, ct_primary_a: undefined, library: { ...sel.reference, values: { ...sel.reference.values, ct_primary_a: null } } })).toEqual([]);
  });

  it("says what the entry could not check", () => {
    expect(notesText(applied)).toBe("");
    const notes = { "elements.0.pickup_a": "not checked: no ct_primary_a", "elements.1.dial": "no 51N range" };
    expect(notesText({ ...applied, notes })).toBe("check elements.0.pickup_a: not checked: no ct_primary_a (and 1 more: elements.1.dial)");
  });

  it("leaves empty filters out of the query", () => {
    expect(queryString({ q: "drake", category: "", voltage_kv: null, min_rating: 100, rating_unit: "A", limit: 30 })).toBe("?q=drake&min_rating=100&rating_unit=A&limit=30");
    expect(queryString({})).toBe("");
  });
});
