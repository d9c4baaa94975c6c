// Library entries meet network elements here: which element an entry makes, the patch that applies an entry's
// values (with the reference the element keeps: entry, revision, the values it set), and which fields were
// changed by hand since. The values themselves come from the service (POST /api/equipment/{id}/apply, the
// engine's mapping); nothing here converts a unit or picks a parameter.

import { BUS_FIELDS, type Element, type EquipmentApplied, type EquipmentItem, type LibraryReference, type ListName } from "../model/elements";
import type { PaletteKind } from "../store/editor";
import { typicalFor } from "../editor/typical";

/** An entry on its way onto the diagram (the values fetched once it is known which element it makes). */
export interface LibraryPick {
  entry: EquipmentItem;
  applied?: EquipmentApplied;
}

export type ElementKind = EquipmentItem["element_kinds"][number];

/** The network list of each element kind POST .../apply accepts. */
export const KIND_LIST: Record<ElementKind, ListName> = {
  line: "lines",
  transformer: "transformers",
  transformer3w: "transformers3w",
  generator: "generators",
  motor: "motors",
  switch: "switches",
  fuse: "fuses",
  relay: "relays",
};

/** Element kinds whose entries give ranges, not values: the service needs the element as it is (a relay product
 * line checks the relay's curves, pickups and dials against its manual and gives the dial ranges). */
const NEEDS_ELEMENT = new Set<ElementKind>(["relay"]);

export function needsElement(kind: ElementKind): boolean {
  return NEEDS_ELEMENT.has(kind);
}

/** Element kinds that hang on one bus (the rest connect two or three). */
const ATTACHED = new Set<ElementKind>(["generator", "motor"]);

export function isAttached(kind: ElementKind): boolean {
  return ATTACHED.has(kind);
}

/** The element kind an element of `list` is, if library entries can apply to it. */
export function kindOfList(list: ListName): ElementKind | null {
  for (const [k, l] of Object.entries(KIND_LIST)) if (l === list) return k as ElementKind;
  return null;
}

/** Whether `entry` can apply to an element of `list` (a transformer entry fits its own winding count only). */
export function fits(entry: EquipmentItem, list: ListName): boolean {
  const kind = kindOfList(list);
  return kind != null && entry.element_kinds.includes(kind) && (entry.category !== "transformer" || kind === makesKind(entry));
}

/** The element kind a new element from `entry` is: the entry's first kind, a three-winding transformer when its
 * parameters are per winding (the engine refuses the other winding count). */
export function makesKind(entry: EquipmentItem): ElementKind | null {
  const kinds = entry.element_kinds;
  if (!kinds.length) return null;
  if (kinds.includes("transformer3w") && "sn_hv_mva" in (entry.parameters ?? {})) return "transformer3w";
  return kinds[0];
}

/** The palette tool that creates an element of `kind` (lines from cable entries draw as cables). */
export function paletteKindOf(entry: EquipmentItem, kind: ElementKind): PaletteKind {
  if (kind === "line") return entry.category === "cable" ? "cable" : "line";
  return kind;
}

/** The patch that applies an entry: its values and the reference the element keeps. */
export function applyPatch(applied: EquipmentApplied): Partial<Element> {
  return { ...applied.fields, library: applied.reference };
}

/** The patch that applies an entry to the existing element `el` of `list`: the entry's values and reference, and
 * the palette's typical zero-sequence figures (editor/typical.ts) removed where the entry gives none — they were
 * typical for the palette's default equipment, not for the entry's. */
export function applyPatchTo(list: ListName, el: Element, applied: EquipmentApplied): Partial<Element> {
  const patch: Record<string, unknown> = applyPatch(applied);
  for (const [k, v] of Object.entries(typicalFor(list, el)?.values ?? {})) if (el[k] === v && !(k in applied.fields)) patch[k] = undefined;
  return patch as Partial<Element>;
}

/** Fields of a new element that are the caller's, not the equipment's: its operating point and placement. */
const CALLERS: Partial<Record<ListName, string[]>> = {
  generators: ["p_mw", "q_mvar", "vm_pu", "va_degree", "voltage_control", "slack"],
  lines: ["length_km", "parallel"],
  switches: ["element", "et", "closed"],
};

/** A new element from the palette's default (`el`: its id and buses) carrying the entry's values. The palette's
 * guesses of equipment data the entry does not give are dropped (the model's defaults apply), except required
 * fields the entry cannot give (`missing`: kept, and the status says so). */
export function fromEntry(list: ListName, el: Element, applied: EquipmentApplied): Element {
  const keep = new Set(["id", "name", "in_service", ...BUS_FIELDS[list], ...(CALLERS[list] ?? []), ...Object.keys(applied.missing ?? {})]);
  const own = Object.fromEntries(Object.entries(el).filter(([k]) => keep.has(k)));
  return { ...own, ...applyPatch(applied) } as Element;
}

const same = (a: unknown, b: unknown) => a === b || (typeof a === "number" && typeof b === "number" && Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b)));

export interface ModifiedField {
  field: string;
  library: unknown;
  now: unknown;
}

/** The value at a reference path: a field name, or a dotted path into nested lists ("elements.0.dial_max", the
 * paths a relay's reference keeps for its overcurrent elements). Absent values read as null (the reference's
 * "none"). */
export function valueAt(el: Element, path: string): unknown {
  if (path in el) return el[path] ?? null;
  let v: unknown = el;
  for (const part of path.split(".")) {
    if (v == null || typeof v !== "object") return null;
    v = (v as Record<string, unknown>)[part];
  }
  return v ?? null;
}

/** The fields whose values differ from what the library entry set (changed by hand), in the entry's order. A
 * relay's reference holds paths into its elements: the settings the entry checked (function, curve, pickup, dial)
 * and the ranges it set. */
export function modifiedFields(el: Element): ModifiedField[] {
  const ref = el.library as LibraryReference | null | undefined;
  if (!ref?.values) return [];
  const changed = Object.entries(ref.values)
    .filter(([k, v]) => !same(valueAt(el, k), v ?? null))
    .map(([field, library]) => ({ field, library, now: valueAt(el, field) }));
  return [...changed, ...addedElements(el, ref.values)];
}

/** A relay's protection elements added after the entry was applied: the entry checked none of their settings. */
function addedElements(el: Element, values: Record<string, unknown>): ModifiedField[] {
  const elements = (el as { elements?: { function?: string }[] }).elements;
  if (!Array.isArray(elements)) return [];
  const checked = Object.keys(values).reduce((n, k) => {
    const m = /^elements\.(\d+)\./.exec(k);
    return m ? Math.max(n, Number(m[1]) + 1) : n;
  }, 0);
  if (!checked) return [];
  return elements.slice(checked).map((e, k) => ({ field: `elements.${checked + k}`, library: null, now: `${e.function ?? "an"} element added` }));
}

/** What the entry could not fill or check (a relay pickup without a CT primary, a range the manual does not
 * give), as one sentence for the status bar (empty when none). */
export function notesText(applied: EquipmentApplied): string {
  const notes = Object.entries(applied.notes ?? {});
  if (!notes.length) return "";
  const [field, why] = notes[0];
  return `check ${field}: ${why}${notes.length > 1 ? ` (and ${notes.length - 1} more: ${notes.slice(1).map(([f]) => f).join(", ")})` : ""}`;
}

/** Required fields the entry could not give, as one sentence for the status bar (empty when none). */
export function missingText(applied: EquipmentApplied): string {
  const names = Object.keys(applied.missing ?? {});
  if (!names.length) return "";
  const why = Object.values(applied.missing)[0];
  return `${names.join(", ")} not in the entry (${why}): the default is kept, enter the value`;
}
