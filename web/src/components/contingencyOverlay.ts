// A contingency row as the diagram's result maps: |V| and angle per bus, loading and P/Q flows per branch after the
// outage, in the shapes the diagram paints for a power flow (so the same labels and flow arrows). Rows without the
// engine's full data (all but the worst N) carry |V| and loading where their extremes and violations are, nothing
// else; currents and losses are not kept for a contingency.

import type { CtgOverlay } from "../studies/contingency";
import type { BranchResult, BusResult, Network } from "../model/elements";

export function overlayResults(o: CtgOverlay, net: Network): { buses: Map<string, BusResult>; branches: Map<string, BranchResult> } {
  const buses = new Map<string, BusResult>();
  for (const [id, vm] of o.vm) buses.set(id, { id, vm_pu: vm ?? 0, va_deg: o.va.get(id) ?? null, vm_kv: null, p_mw: null, q_mvar: null, energized: vm != null } as BusResult);
  const ends = new Map<string, [string, string]>();
  for (const l of [...net.lines, ...net.impedance_branches]) ends.set(l.id, [l.from_bus, l.to_bus]);
  for (const t of net.transformers) ends.set(t.id, [t.hv_bus, t.lv_bus]);
  for (const t of net.transformers3w) ends.set(t.id, [t.hv_bus, t.lv_bus]);
  const branches = new Map<string, BranchResult>();
  for (const id of new Set([...o.loading.keys(), ...o.flows.keys()])) {
    const loading = o.loading.get(id) ?? null;
    const f = o.flows.get(id);
    if (loading == null && !f) continue; // no rating and no flows: nothing to show
    const [from_bus, to_bus] = ends.get(id) ?? ["", ""];
    // two ends [P_from, Q_from, P_to, Q_to]; a 3-winding transformer's hv winding as its from end
    const to = f && f.length === 4 ? { p: f[2], q: f[3] } : { p: null, q: null };
    branches.set(id, { id, kind: "", from_bus, to_bus, p_from_mw: f?.[0] ?? null, q_from_mvar: f?.[1] ?? null, p_to_mw: to.p, q_to_mvar: to.q, i_from_ka: null, i_to_ka: null, loading_percent: loading, p_loss_mw: null, q_loss_mvar: null });
  }
  return { buses, branches };
}
