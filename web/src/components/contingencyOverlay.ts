// A contingency row as the diagram's result maps: |V| per bus and loading per branch after the outage, in the
// shapes the diagram paints for a power flow (angles and MW flows unknown: the engine keeps |V| and loading only).

import type { CtgOverlay } from "../studies/contingency";
import type { BranchResult, BusResult, Network } from "../model/elements";

export function overlayResults(o: CtgOverlay, net: Network): { buses: Map<string, BusResult>; branches: Map<string, BranchResult> } {
  const buses = new Map<string, BusResult>();
  for (const [id, vm] of o.vm) buses.set(id, { id, vm_pu: vm ?? 0, va_deg: null, vm_kv: null, p_mw: null, q_mvar: null, energized: vm != null } as BusResult);
  const ends = new Map<string, [string, string]>();
  for (const l of [...net.lines, ...net.impedance_branches]) ends.set(l.id, [l.from_bus, l.to_bus]);
  for (const t of net.transformers) ends.set(t.id, [t.hv_bus, t.lv_bus]);
  const branches = new Map<string, BranchResult>();
  for (const [id, loading] of o.loading) {
    if (loading == null) continue; // no rating: no loading to show
    const [from_bus, to_bus] = ends.get(id) ?? ["", ""];
    branches.set(id, { id, kind: "", from_bus, to_bus, p_from_mw: null, q_from_mvar: null, p_to_mw: null, q_to_mvar: null, i_from_ka: null, i_to_ka: null, loading_percent: loading, p_loss_mw: null, q_loss_mvar: null });
  }
  return { buses, branches };
}
