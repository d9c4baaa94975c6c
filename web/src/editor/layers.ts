// Result layers of the diagram: each study's results are a layer of their own (power flow: |V| ∠θ on buses,
// P/Q · loading on branches; short circuit: I″k on buses and branch contributions); the layer shown is the
// latest study's unless the user switches. Which quantities the labels carry is the user's choice (toggles);
// the tooltip always shows every result of the hovered element with the tables' engineering labels and units.

import type { BranchResult, BusResult, PowerFlowResultModel, ShortCircuitResultModel, UnitResult } from "../model/elements";
import { labelOf } from "../schema/units";

export type LayerName = "pf" | "sc";

/** The quantities diagram labels can carry, with the toggle's text. */
export const QUANTITIES = [
  { key: "vm_pu", text: "|V| pu", layer: "pf" },
  { key: "vm_kv", text: "|V| kV", layer: "pf" },
  { key: "va_deg", text: "θ °", layer: "pf" },
  { key: "p", text: "P MW", layer: "pf" },
  { key: "q", text: "Q Mvar", layer: "pf" },
  { key: "loading", text: "Loading %", layer: "pf" },
  { key: "ikss", text: "I″k kA", layer: "sc" },
] as const;
export type Quantity = (typeof QUANTITIES)[number]["key"];
export type Shown = Record<Quantity, boolean>;
export const DEFAULT_SHOWN: Shown = { vm_pu: true, vm_kv: false, va_deg: true, p: true, q: false, loading: true, ikss: true };

const live = (r: BusResult) => r.energized && r.vm_pu != null && Number.isFinite(r.vm_pu);
const fmt = (v: number | null | undefined, d: number) => (v == null || !Number.isFinite(v) ? "—" : v.toFixed(d));

/** |V| in pu and kV (from the bus's nominal voltage when the result has no kV), angle. */
export function busValueText(r: BusResult, vnKv: number | undefined, s: Shown): string | undefined {
  if (!live(r)) return "de-energized";
  const kv = r.vm_kv ?? (vnKv ? r.vm_pu! * vnKv : null);
  const parts: string[] = [];
  if (s.vm_pu) parts.push(`${r.vm_pu!.toFixed(4)} pu`);
  if (s.vm_kv && kv != null) parts.push(`${kv.toFixed(2)} kV`);
  if (s.va_deg && r.va_deg != null) parts.push(`∠${r.va_deg.toFixed(2)}°`);
  return parts.length ? parts.join(" ") : undefined;
}

export function branchValueText(r: BranchResult, s: Shown): string | undefined {
  const parts: string[] = [];
  if (s.p && r.p_from_mw != null) parts.push(`${Math.abs(r.p_from_mw).toFixed(1)} MW`);
  if (s.q && r.q_from_mvar != null) parts.push(`${r.q_from_mvar.toFixed(1)} Mvar`);
  if (s.loading && r.loading_percent != null) parts.push(`${r.loading_percent.toFixed(0)} %`);
  return parts.length ? parts.join(" · ") : undefined;
}

export const scBusText = (ikss: number) => `I″k ${ikss.toFixed(2)} kA`;
export const scBranchText = (f: number | null | undefined, t: number | null | undefined) => `I″k ${Math.max(Number(f ?? 0), Number(t ?? 0)).toFixed(2)} kA`;

/** The layer to draw: the chosen one when it has results, else whichever has. */
export function activeLayer(chosen: LayerName, pf: unknown, sc: unknown): LayerName | null {
  if (chosen === "sc" && sc) return "sc";
  if (chosen === "pf" && pf) return "pf";
  return pf ? "pf" : sc ? "sc" : null;
}

export interface TipRow {
  label: string;
  value: string;
}

const rowsOf = (model: string, rec: object, fields: string[]): TipRow[] =>
  fields.flatMap((f) => {
    const v = (rec as Record<string, unknown>)[f];
    if (v === undefined) return [];
    const l = labelOf(model, f);
    const d = l.unit === "pu" ? 4 : l.unit === "°" || l.unit === "kA" ? 3 : l.unit === "%" ? 1 : 3;
    return [{ label: l.text, value: typeof v === "number" ? fmt(v, d) : v == null ? "—" : String(v) }];
  });

/** Every result of element `id` in the layer, for the tooltip. */
export function tooltipRows(id: string, layer: LayerName | null, pf: PowerFlowResultModel | null, sc: ShortCircuitResultModel | null): TipRow[] {
  if (layer === "pf" && pf) {
    const b = pf.buses.find((x) => x.id === id);
    if (b) return live(b) ? rowsOf("BusResult", b, ["vm_pu", "vm_kv", "va_deg", "p_mw", "q_mvar"]) : [{ label: "state", value: "de-energized" }];
    const br = pf.branches.find((x) => x.id === id);
    if (br) return rowsOf("BranchResult", br, ["p_from_mw", "q_from_mvar", "p_to_mw", "q_to_mvar", "i_from_ka", "i_to_ka", "loading_percent", "p_loss_mw"]);
    const u = pf.generators.find((x: UnitResult) => x.id === id);
    if (u) return rowsOf("UnitResult", u, ["p_mw", "q_mvar"]);
  }
  if (layer === "sc" && sc) {
    const b = sc.buses.find((x) => x.id === id);
    if (b) return rowsOf("ShortCircuitBusResult", b, ["vn_kv", "ikss_ka", "ip_ka", "ith_ka", "ib_ka", "skss_mva"]);
    const br = sc.branches.find((x) => x.id === id);
    if (br) return rowsOf("ShortCircuitBranchResult", br, ["ikss_from_ka", "ikss_to_ka"]);
  }
  return [];
}
