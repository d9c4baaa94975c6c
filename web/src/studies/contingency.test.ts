// The contingency view model on the engine's own results for MATPOWER case30 (N-1 of every branch and generator;
// three outages with every load doubled, one not converging), as `python -m gridsolve contingency --format json`
// prints them (web/scripts/make_ctg_fixture.py writes the committed copies; tests/browser/test_contingency_web.py
// runs this file on fresh ones too, through GS_CTG_DIR). Every expectation is read from those results, never typed in.

import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { batchProgressText, CTG_COLUMNS, FILTER_KINDS, filterRows, kindCounts, kindsOf, outageKey, overlayOf, sortRows, sortValue, valueAt, violationText, type CtgResult, type CtgRow, type FilterKind } from "./contingency";
import { optionFields, parseIdSets, parseOptions } from "./options";
import { STUDY, STUDY_TYPES } from "../contract/studies";
import { overlayResults } from "../components/contingencyOverlay";
import { branchValueText, busValueText, DEFAULT_SHOWN } from "../editor/layers";
import { emptyNetwork } from "../model/elements";
import contract from "../contract/schema.json";

const dir = process.env.GS_CTG_DIR ?? join(dirname(fileURLToPath(import.meta.url)), "..", "..", "test-vectors", "contingency");
const load = (name: string) => JSON.parse(readFileSync(join(dir, name), "utf8")) as CtgResult;
const result = load("case30_n1.json");
const rows = result.contingencies;

/** The kinds straight from the engine's fields (the independent reading of kindsOf). */
const has = (r: CtgRow, k: FilterKind) => (k === "islanding" ? r.islanding : k === "non_converged" ? !r.converged : r.violations.some((v) => v.kind === k));

describe("contingency table on the engine's case30 N-1", () => {
  it("the fixture is a ranked campaign with overloads, voltage violations and islanding", () => {
    expect(rows.length).toBeGreaterThan(30);
    expect(rows.map((r) => r.rank)).toEqual(rows.map((_, i) => i + 1));
    expect(rows.some((r) => has(r, "overload"))).toBe(true);
    expect(rows.some((r) => r.islanding)).toBe(true);
    expect(new Set(rows.map(outageKey)).size).toBe(rows.length);
  });

  it("sorting: by rank is the engine's order; numbers in either direction, unknown values last; ids naturally", () => {
    expect(sortRows(rows, "rank", 1)).toEqual(rows);
    expect(sortRows(rows, "rank", -1)).toEqual([...rows].reverse());
    for (const key of ["max_loading_percent", "min_vm_pu", "max_vm_pu", "severity", "load_lost_mw"] as const)
      for (const dir of [1, -1] as const) {
        const vals = sortRows(rows, key, dir).map((r) => sortValue(r, key) as number | null);
        const known = vals.filter((v): v is number => v != null);
        expect(vals.slice(known.length).every((v) => v == null)).toBe(true);
        for (let i = 1; i < known.length; i++) expect((known[i] - known[i - 1]) * dir).toBeGreaterThanOrEqual(0);
        expect(known.length).toBe(rows.filter((r) => sortValue(r, key) != null).length);
      }
    // the first click on max loading puts the engine's largest loading first
    const col = CTG_COLUMNS.find((c) => c.key === "max_loading_percent")!;
    const top = sortRows(rows, col.key, col.firstDir)[0];
    expect(top.max_loading_percent).toBe(Math.max(...rows.map((r) => r.max_loading_percent ?? -Infinity)));
    // "br_2" before "br_10"
    const byId = sortRows(rows, "outage", 1).map(outageKey);
    const br = byId.filter((k) => /^br_\d+$/.test(k)).map((k) => Number(k.slice(3)));
    expect(br).toEqual([...br].sort((a, b) => a - b));
    // ties keep the rank order (stable)
    const byConv = sortRows(rows, "converged", -1);
    const conv = byConv.filter((r) => r.converged).map((r) => r.rank);
    expect(conv).toEqual([...conv].sort((a, b) => a - b));
  });

  it("filtering by violation kind: exactly the rows of any chosen kind; counts per kind", () => {
    const counts = kindCounts(rows);
    for (const k of FILTER_KINDS) {
      const got = filterRows(rows, new Set([k]));
      expect(got).toEqual(rows.filter((r) => has(r, k)));
      expect(counts[k]).toBe(got.length);
    }
    const two = filterRows(rows, new Set<FilterKind>(["overload", "islanding"]));
    expect(two).toEqual(rows.filter((r) => has(r, "overload") || has(r, "islanding")));
    expect(filterRows(rows, new Set())).toEqual(rows);
    // text: the outage ids or a violating element
    const first = rows[0];
    expect(filterRows(rows, new Set(), first.outage[0])).toContain(first);
    const overloaded = rows.find((r) => has(r, "overload"))!.violations.find((v) => v.kind === "overload")!.element;
    expect(filterRows(rows, new Set(), overloaded).every((r) => r.outage.some((id) => id.includes(overloaded)) || r.violations.some((v) => v.element.includes(overloaded)))).toBe(true);
    for (const r of rows) expect([...kindsOf(r)].sort()).toEqual(FILTER_KINDS.filter((k) => has(r, k)).sort());
  });

  it("cells: value @ where, violations counted by kind", () => {
    const r = rows.find((x) => x.min_vm_bus)!;
    expect(valueAt(r.min_vm_pu, r.min_vm_bus, 4)).toBe(`${r.min_vm_pu!.toFixed(4)} @ ${r.min_vm_bus}`);
    expect(valueAt(null, "x", 4)).toBe("—");
    const v = rows.find((x) => x.violations.length)!;
    const total = violationText(v)
      .split(", ")
      .reduce((s, part) => s + Number(part.split(" ")[0]), 0);
    expect(total).toBe(v.violations.length);
  });

  it("the worst outage on the diagram: outaged elements, overloads and voltage violations marked, |V| and loading after it", () => {
    const worst = rows[0];
    expect(worst.vm_pu && worst.branch_loading_percent).toBeTruthy();
    const o = overlayOf(worst);
    expect(o.full).toBe(true);
    expect(o.note).toBeNull();
    for (const id of worst.outage) expect(o.marks.get(id)).toBe("outaged");
    for (const v of worst.violations) if (!worst.outage.includes(v.element)) expect(o.marks.get(v.element)).toBe((worst.islanded_buses ?? []).includes(v.element) ? "islanded" : v.kind);
    const marked = [...o.marks].filter(([, m]) => m === "overload").map(([id]) => id).sort();
    expect(marked).toEqual([...new Set(worst.violations.filter((v) => v.kind === "overload").map((v) => v.element))].sort());
    for (const [bus, vm] of Object.entries(worst.vm_pu!)) expect(o.vm.get(bus)).toBe((worst.islanded_buses ?? []).includes(bus) ? null : vm);
    for (const [br, l] of Object.entries(worst.branch_loading_percent!)) expect(o.loading.get(br)).toBe(worst.outage.includes(br) ? undefined : l);
  });

  it("the worst outage's flows and angles: painted as a power flow's (P/Q at both ends, arrows, labels)", () => {
    const worst = rows[0];
    expect(worst.branch_flows && worst.va_deg).toBeTruthy();
    const o = overlayOf(worst);
    const painted = overlayResults(o, emptyNetwork());
    let withFlow = 0;
    for (const [br, f] of Object.entries(worst.branch_flows!)) {
      const res = painted.branches.get(br);
      if (worst.outage.includes(br)) {
        expect(f).toEqual([null, null, null, null]); // the engine: no flow on the outaged branch
        expect(res).toBeUndefined();
        continue;
      }
      expect(f).toHaveLength(4);
      expect([res!.p_from_mw, res!.q_from_mvar, res!.p_to_mw, res!.q_to_mvar]).toEqual(f);
      const l = worst.branch_loading_percent![br];
      // the label the diagram draws for a power flow, from the engine's numbers
      expect(branchValueText(res!, DEFAULT_SHOWN)).toBe([`${Math.abs(f[0]!).toFixed(1)} MW`, ...(l != null ? [`${l.toFixed(0)} %`] : [])].join(" · "));
      if (Math.abs(f[0]!) > 1e-6) withFlow++;
    }
    expect(withFlow).toBeGreaterThan(10);
    for (const [bus, va] of Object.entries(worst.va_deg!)) {
      const r = painted.buses.get(bus)!;
      const lost = (worst.islanded_buses ?? []).includes(bus);
      expect(r.va_deg).toBe(lost ? null : va);
      if (!lost) expect(busValueText(r, undefined, DEFAULT_SHOWN)).toBe(`${worst.vm_pu![bus]!.toFixed(4)} pu ∠${va!.toFixed(2)}°`);
    }
    // a row without the full data has neither
    const partial = rows.find((r) => r.converged && !r.vm_pu);
    if (partial) {
      const p = overlayOf(partial);
      expect(p.flows.size + p.va.size).toBe(0);
      expect([...overlayResults(p, emptyNetwork()).branches.values()].every((b) => b.p_from_mw == null)).toBe(true);
    }
  });

  it("an islanding outage: the lost buses de-energized on the diagram", () => {
    const isl = rows.find((r) => r.islanding && r.converged)!;
    const o = overlayOf(isl);
    expect(isl.islanded_buses!.length).toBeGreaterThan(0);
    for (const b of isl.islanded_buses!) {
      expect(o.marks.get(b)).toBe("islanded");
      expect(o.vm.get(b)).toBeNull();
    }
  });

  it("a row without full data: its violations and extremes only, and a note saying so", () => {
    const partial = rows.find((r) => r.converged && !r.vm_pu);
    if (!partial) return; // every row kept full data
    const o = overlayOf(partial);
    expect(o.full).toBe(false);
    expect(o.note).toMatch(/no full data/);
    if (partial.min_vm_bus && !(partial.islanded_buses ?? []).includes(partial.min_vm_bus)) expect(o.vm.get(partial.min_vm_bus)).toBe(partial.min_vm_pu);
    if (partial.max_loading_branch) expect(o.loading.get(partial.max_loading_branch)).toBe(partial.violations.find((v) => v.kind === "overload" && v.element === partial.max_loading_branch)?.value ?? partial.max_loading_percent);
    for (const v of partial.violations) expect(o.marks.has(v.element)).toBe(true);
  });
});

describe("an outage that does not converge", () => {
  const res = load("case30_nonconverged.json");
  it("is a row listed under non-converged, its outage marked, nothing painted, a note saying why", () => {
    const stuck = res.contingencies.filter((r) => !r.converged);
    expect(stuck.length).toBeGreaterThan(0);
    expect(filterRows(res.contingencies, new Set<FilterKind>(["non_converged"]))).toEqual(stuck);
    expect(kindCounts(res.contingencies).non_converged).toBe(stuck.length);
    const o = overlayOf(stuck[0]);
    expect(o.full).toBe(false);
    expect(o.vm.size + o.loading.size).toBe(0);
    expect(o.note).toMatch(/did not converge/);
    for (const id of stuck[0].outage) expect(o.marks.get(id)).toBe("outaged");
    expect(stuck[0].mismatch_history?.length).toBeGreaterThan(0);
    // the engine ranks it first; the first click on severity keeps it there
    expect(sortRows(res.contingencies, "severity", -1)[0]).toBe(stuck[0]);
  });
});

describe("a user's outage list", () => {
  it("one outage per line, ids separated by +, commas or spaces; blank and # lines skipped", () => {
    expect(parseIdSets(["br_1", "", "br_3 + br_9", "# a comment", " gen_2, br_4 "])).toEqual([["br_1"], ["br_3", "br_9"], ["gen_2", "br_4"]]);
    expect(parseIdSets([""])).toEqual([]);
  });
});

describe("the contingency study's options from the contract", () => {
  const m = STUDY_TYPES[STUDY.CONTINGENCY].methods[0];
  it("outages: n-1, n-2 or a list; elements: a multiple choice of the element classes", () => {
    const f = Object.fromEntries(optionFields(STUDY.CONTINGENCY).map((x) => [x.name, x]));
    expect(f.outages.listChoice).toBe(true);
    expect(f.outages.enum).toEqual(["n-1", "n-2"]);
    expect(f.elements.type).toBe("array");
    expect(f.elements.items?.enum).toEqual(["branches", "transformers", "generators"]);
    expect(f.elements.listChoice).toBe(false);
    expect(f.screen.enum).toEqual(["dc", "none"]);
    // the CLI's process count (x-cli-only in the engine's model): in the options schema, not in the form
    const schema = (contract as unknown as { $defs: Record<string, { properties: Record<string, Record<string, unknown>> }> }).$defs[STUDY_TYPES[STUDY.CONTINGENCY].options];
    expect(schema.properties.threads["x-cli-only"]).toBe(true);
    expect(f.threads).toBeUndefined();
    expect(Object.keys(f).sort()).toEqual(Object.keys(schema.properties).filter((k) => k !== "method" && !schema.properties[k]["x-cli-only"]).sort());
  });

  it("typed values become the API's parameters; the engine's defaults are not sent", () => {
    expect(parseOptions(STUDY.CONTINGENCY, m, {})).toEqual({ params: {}, errors: {} });
    expect(parseOptions(STUDY.CONTINGENCY, m, { outages: "n-2", screen: "dc", loading_limit_percent: "90" })).toEqual({ params: { outages: "n-2", screen: "dc", loading_limit_percent: 90 }, errors: {} });
    expect(parseOptions(STUDY.CONTINGENCY, m, { outages: ["br_1", "br_3 + br_9"] }).params).toEqual({ outages: [["br_1"], ["br_3", "br_9"]] });
    expect(parseOptions(STUDY.CONTINGENCY, m, { elements: ["branches", "generators"] }).params).toEqual({ elements: ["branches", "generators"] });
    // nothing ticked is sent (the API names the empty outage set), never silently replaced by the default
    expect(parseOptions(STUDY.CONTINGENCY, m, { elements: [] }).params).toEqual({ elements: [] });
    expect(parseOptions(STUDY.CONTINGENCY, m, { loading_limit_percent: "0" }).errors.loading_limit_percent).toMatch(/> 0/);
    expect(parseOptions(STUDY.CONTINGENCY, m, { batch_size: "2.5" }).errors.batch_size).toBeDefined();
  });

  it("the progress caption: outages and batches finished", () => {
    expect(batchProgressText({ total: 6, completed: 2, failed: 0, items_total: 47, items_completed: 16 })).toBe("16 of 47 outages · 2 of 6 batches");
    expect(batchProgressText({ total: 6, completed: 6, failed: 1, items_total: 47, items_completed: 40 })).toBe("40 of 47 outages · 6 of 6 batches · 1 failed");
    expect(batchProgressText(undefined)).toBeNull();
  });
});
