// The equipment library's routes (GET /api/equipment, /facets, /{id}, POST /{id}/apply), typed by the generated
// contract (the service's pydantic bodies). Search answers carry the round trip's latency, which the panel shows.
import { api } from "../api/client";
import type { Element, EquipmentApplied, EquipmentDetail, EquipmentFacets, EquipmentList } from "../model/elements";

export interface LibraryQuery {
  q?: string;
  category?: string;
  manufacturer?: string;
  voltage_kv?: number | null;
  min_rating?: number | null;
  max_rating?: number | null;
  rating_unit?: string;
  element_kind?: string;
  limit?: number;
  offset?: number;
}

/** The query string of a search: empty and absent filters are left out (the API treats them alike). */
export function queryString(q: LibraryQuery): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === null || v === "" || (typeof v === "number" && !Number.isFinite(v))) continue;
    parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  }
  return parts.length ? `?${parts.join("&")}` : "";
}

export interface TimedList extends EquipmentList {
  /** request -> parsed answer, ms (what the user waits for) */
  latencyMs: number;
}

export async function searchEquipment(q: LibraryQuery): Promise<TimedList> {
  const t0 = performance.now();
  const { data } = await api<EquipmentList>("GET", `/equipment${queryString(q)}`);
  return { ...data, latencyMs: performance.now() - t0 };
}

export async function equipmentFacets(q: LibraryQuery): Promise<EquipmentFacets> {
  const { category, element_kind } = q; // the lists offer every manufacturer/voltage of the chosen category
  return (await api<EquipmentFacets>("GET", `/equipment/facets${queryString({ category, element_kind })}`)).data;
}

export async function equipmentDetail(id: string): Promise<EquipmentDetail> {
  return (await api<EquipmentDetail>("GET", `/equipment/${encodeURIComponent(id)}`)).data;
}

const applied = new Map<string, Promise<EquipmentApplied>>();
/** An entry's values as fields of an element kind (cached: the answer depends only on the entry's revision). With
 * `element` (a relay: the service checks its settings against the product's ranges) the answer depends on the
 * element too and is not cached. */
export function applyEquipment(id: string, revision: string, elementKind: string, element?: Element): Promise<EquipmentApplied> {
  if (element) {
    const body = { element_kind: elementKind, element: Object.fromEntries(Object.entries(element).filter(([k]) => k !== "library")) };
    return api<EquipmentApplied>("POST", `/equipment/${encodeURIComponent(id)}/apply`, body).then((r) => r.data);
  }
  const key = `${id}@${revision}:${elementKind}`;
  let p = applied.get(key);
  if (!p) {
    p = api<EquipmentApplied>("POST", `/equipment/${encodeURIComponent(id)}/apply`, { element_kind: elementKind }).then((r) => r.data);
    p.catch(() => applied.delete(key));
    applied.set(key, p);
  }
  return p;
}
