// The contingency study's view model: the engine's ranked result (gridsolve.studies.contingency, one row per
// outage) as the table shows it (columns with units, sorting, filtering by violation kind) and one row as the
// diagram shows it (the outaged elements dashed, overloaded branches and violating buses marked, |V|, angles,
// loading and the P/Q flows after the outage where the engine kept them: the worst N rows only). No arithmetic on
// the engine's numbers here.

import type { BaseCaseSummary, ContingencyResult, ContingencyRow, ContingencyViolation } from "../contract/types";

// the engine's models (generated from gridsolve.contingency.models)
export type CtgViolation = ContingencyViolation;
export type CtgRow = ContingencyRow;
export type CtgBase = BaseCaseSummary;
export type CtgResult = ContingencyResult;

/** A row's violations (always listed by the engine; optional in the generated type, as it has a default). */
export const violationsOf = (r: { violations?: CtgViolation[] }): CtgViolation[] => r.violations ?? [];

/** What the table filters by: a violation kind, or how the outage ended. */
export const FILTER_KINDS = ["undervoltage", "overvoltage", "overload", "islanding", "non_converged"] as const;
export type FilterKind = (typeof FILTER_KINDS)[number];
export const FILTER_LABEL: Record<FilterKind, string> = {
  undervoltage: "Undervoltage",
  overvoltage: "Overvoltage",
  overload: "Overload",
  islanding: "Islanding",
  non_converged: "Non-converged",
};

/** A row's key: its outage ids ("br_7" or "br_7 + br_9"), unique in a result. */
export const outageKey = (r: Pick<CtgRow, "outage">) => r.outage.join(" + ");

/** The kinds a row shows up under in the filter. */
export function kindsOf(r: CtgRow): Set<FilterKind> {
  const k = new Set<FilterKind>(violationsOf(r).map((v) => v.kind));
  if (r.islanding) k.add("islanding");
  if (!r.converged) k.add("non_converged");
  return k;
}

/** Per kind, how many rows have it (the filter's counts). */
export function kindCounts(rows: CtgRow[]): Record<FilterKind, number> {
  const c = Object.fromEntries(FILTER_KINDS.map((k) => [k, 0])) as Record<FilterKind, number>;
  for (const r of rows) for (const k of kindsOf(r)) c[k]++;
  return c;
}

/** "2 overload, 1 undervoltage" (the violations column). */
export function violationText(r: { violations?: CtgViolation[] }): string {
  if (!violationsOf(r).length) return "";
  const n = new Map<string, number>();
  for (const v of violationsOf(r)) n.set(v.kind, (n.get(v.kind) ?? 0) + 1);
  return [...n].map(([k, c]) => `${c} ${k}`).join(", ");
}

export type SortKey = "rank" | "outage" | "converged" | "islanding" | "load_lost_mw" | "min_vm_pu" | "max_vm_pu" | "max_loading_percent" | "violations" | "severity";

export interface CtgColumn {
  key: SortKey;
  label: string;
  /** decimals of the number shown */
  digits?: number;
  title?: string;
  /** the direction a first click sorts in (the worst first) */
  firstDir: 1 | -1;
}

/** The table's columns, with engineering names and units. */
export const CTG_COLUMNS: CtgColumn[] = [
  { key: "rank", label: "Rank", firstDir: 1, title: "1 = most severe" },
  { key: "outage", label: "Outage", firstDir: 1, title: "element ids taken out of service" },
  { key: "converged", label: "Converged", firstDir: 1 },
  { key: "islanding", label: "Islanding", firstDir: -1, title: "the outage splits the grid; the main island is solved" },
  { key: "load_lost_mw", label: "Load lost MW", digits: 2, firstDir: -1, title: "load on the buses cut off from the main island" },
  { key: "min_vm_pu", label: "min |V| pu @ bus", digits: 4, firstDir: 1 },
  { key: "max_vm_pu", label: "max |V| pu @ bus", digits: 4, firstDir: -1 },
  { key: "max_loading_percent", label: "max loading % @ branch", digits: 1, firstDir: -1, title: "max(|S_from|, |S_to|) / rating × 100" },
  { key: "violations", label: "Violations", firstDir: -1 },
  { key: "severity", label: "Severity", digits: 3, firstDir: -1 },
];

/** The value a column sorts by (null: unknown, sorted last in either direction). */
export function sortValue(r: CtgRow, key: SortKey): number | string | null {
  switch (key) {
    case "outage":
      return outageKey(r);
    case "converged":
      return r.converged ? 1 : 0;
    case "islanding":
      return r.islanding ? 1 : 0;
    case "violations":
      return violationsOf(r).length;
    case "load_lost_mw":
      return r.load_lost_mw ?? null;
    default:
      return r[key] ?? null;
  }
}

/** Rows sorted by a column (stable; nulls last whichever the direction; ties keep the engine's rank). */
export function sortRows(rows: CtgRow[], key: SortKey, dir: 1 | -1): CtgRow[] {
  return rows
    .map((r, i) => ({ r, i, v: sortValue(r, key) }))
    .sort((a, b) => {
      if (a.v == null || b.v == null) return a.v == null ? (b.v == null ? a.i - b.i : 1) : -1;
      const c = typeof a.v === "number" && typeof b.v === "number" ? a.v - b.v : String(a.v).localeCompare(String(b.v), undefined, { numeric: true });
      return c * dir || a.i - b.i;
    })
    .map((x) => x.r);
}

/** Rows with any of the chosen kinds (none chosen: every row) whose outage ids or violating elements contain `text`. */
export function filterRows(rows: CtgRow[], kinds: ReadonlySet<FilterKind>, text = ""): CtgRow[] {
  const t = text.trim().toLowerCase();
  return rows.filter((r) => {
    if (kinds.size) {
      const k = kindsOf(r);
      if (![...kinds].some((x) => k.has(x))) return false;
    }
    if (!t) return true;
    return r.outage.some((id) => id.toLowerCase().includes(t)) || violationsOf(r).some((v) => v.element.toLowerCase().includes(t));
  });
}

/** How an element looks on the diagram while a contingency is shown. */
export type Mark = "outaged" | "overload" | "undervoltage" | "overvoltage" | "islanded";

/** P and Q into a branch at each of its ends after the outage, MW and Mvar (the engine's `branch_flows`:
 * [P_from, Q_from, P_to, Q_to]; a 3-winding transformer [P_hv, Q_hv, P_mv, Q_mv, P_lv, Q_lv]; null: out, dead). */
export type CtgFlows = (number | null)[];

/** One contingency on the diagram: marks by element id, and the voltages, loadings and flows after the outage
 * (`full` false: the engine kept them for the worst N rows only; the marks still come from the violations). */
export interface CtgOverlay {
  key: string;
  marks: Map<string, Mark>;
  /** |V| pu by bus id (null: de-energized, an islanded bus) */
  vm: Map<string, number | null>;
  /** voltage angle, degrees, by bus id (full data only; null: de-energized) */
  va: Map<string, number | null>;
  /** loading % by branch id (null: no rating) */
  loading: Map<string, number | null>;
  /** end flows by branch id (full data only; the outaged elements have none) */
  flows: Map<string, CtgFlows>;
  full: boolean;
  /** why the diagram shows less than the row (no full data, not converged) */
  note: string | null;
}

/** The diagram's view of a row: the outaged elements win over any other mark, islanded buses over voltages. */
export function overlayOf(r: CtgRow): CtgOverlay {
  const marks = new Map<string, Mark>();
  for (const v of violationsOf(r)) if (!marks.has(v.element)) marks.set(v.element, v.kind);
  for (const b of r.islanded_buses ?? []) marks.set(b, "islanded");
  for (const id of r.outage) marks.set(id, "outaged");
  const full = !!(r.vm_pu && r.branch_loading_percent) && r.converged;
  const vm = new Map<string, number | null>();
  const va = new Map<string, number | null>();
  const loading = new Map<string, number | null>();
  const flows = new Map<string, CtgFlows>();
  if (full) {
    for (const [k, v] of Object.entries(r.vm_pu!)) vm.set(k, v ?? null);
    for (const [k, v] of Object.entries(r.va_deg ?? {})) va.set(k, v ?? null);
    for (const [k, v] of Object.entries(r.branch_loading_percent!)) loading.set(k, v ?? null);
    for (const [k, v] of Object.entries(r.branch_flows ?? {})) if (v && v.some((x) => x != null)) flows.set(k, v);
  } else if (r.converged) {
    // without the full data the row still says where its extremes and violations are, and their values
    if (r.min_vm_bus && r.min_vm_pu != null) vm.set(r.min_vm_bus, r.min_vm_pu);
    if (r.max_vm_bus && r.max_vm_pu != null) vm.set(r.max_vm_bus, r.max_vm_pu);
    if (r.max_loading_branch && r.max_loading_percent != null) loading.set(r.max_loading_branch, r.max_loading_percent);
    for (const v of violationsOf(r)) (v.kind === "overload" ? loading : vm).set(v.element, v.value);
  }
  for (const b of r.islanded_buses ?? []) {
    vm.set(b, null);
    va.set(b, null);
  }
  for (const id of r.outage) {
    loading.delete(id);
    flows.delete(id);
  }
  let note: string | null = null;
  if (!r.converged) note = "did not converge: no voltages or flows after this outage";
  else if (!full)
    note = "no full data for this outage (the engine keeps every bus's |V| and angle and every branch's loading and flows for the worst outages only): the diagram shows its violations and extremes alone";
  return { key: outageKey(r), marks, vm, va, loading, flows, full, note };
}

/** "0.9412 @ 14" (a value and where). */
export function valueAt(v: number | null | undefined, at: string | null | undefined, digits: number): string {
  if (v == null || !Number.isFinite(v)) return "—";
  return at ? `${v.toFixed(digits)} @ ${at}` : v.toFixed(digits);
}

/** A batched study's progress as the API reports it (GET study: `batches`). */
export interface BatchCounts {
  total: number;
  completed: number;
  failed: number;
  items_total: number;
  items_completed: number;
}

/** "12 of 47 outages · batch 2 of 6" (the progress bar's caption). */
export function batchProgressText(b: BatchCounts | null | undefined): string | null {
  if (!b || !b.total) return null;
  const failed = b.failed ? ` · ${b.failed} failed` : "";
  return `${b.items_completed} of ${b.items_total} outages · ${b.completed} of ${b.total} batches${failed}`;
}
