// The protection study's results: devices with the fault currents they see, primary/backup pairs with their
// margins, the violations with the suggested settings, and a TCC view of any device's path.
import { useState } from "react";
import { pathOf, useProtection } from "../protection/store";
import { useEditor } from "../store/editor";
import { TccView } from "./TccView";
import { applyCommand, proposedRelays } from "../protection/auto";
import type { RelaySpec } from "../protection/tcc";

export function ProtectionPanel() {
  const r = useProtection((s) => s.result)!;
  const tcc = useProtection((s) => s.tccDevice);
  const stale = useEditor((s) => s.resultsStale);
  const [tab, setTab] = useState<"pairs" | "devices" | "violations" | "auto">(r.auto ? "auto" : "pairs");
  const network = useEditor((s) => s.network);
  const auto = r.auto;
  const proposed = () => proposedRelays(network.relays as unknown as RelaySpec[], auto?.settings ?? []);
  // the TCC preview shows the longest path through an adjusted relay
  const deepest = () => (auto?.settings ?? []).map((s) => s.device).reduce((a, b) => (pathOf(r, b).length > pathOf(r, a).length ? b : a), auto?.settings[0]?.device ?? r.devices[0].id);
  const applyAuto = () => {
    if (!auto?.settings.length) return;
    const st = useEditor.getState();
    st.run(applyCommand(st.network, auto.settings));
  };
  const open = (id: string, preview: Record<string, RelaySpec> | null = null) => useProtection.getState().openTcc(id, preview);
  const pick = (id: string) => useEditor.getState().select([id]);
  const ka = (a: number | null | undefined) => (a == null ? "—" : (a / 1000).toFixed(3));
  return (
    <section className="panel results" aria-label="protection results">
      <h2>
        Protection coordination <span className="badge">{r.fault}</span>{" "}
        <span className={`badge ${r.violations.length ? "bad" : "ok"}`} data-testid="protection-status">
          {r.violations.length ? `${r.violations.length} violation(s)` : "coordinated"}
        </span>
        {stale && <span className="badge warn">edited since</span>}
      </h2>
      <div role="tablist" className="tabs">
        <button role="tab" aria-selected={tab === "pairs"} onClick={() => setTab("pairs")}>
          Pairs ({r.pairs.length})
        </button>
        <button role="tab" aria-selected={tab === "devices"} onClick={() => setTab("devices")}>
          Devices ({r.devices.length})
        </button>
        <button role="tab" aria-selected={tab === "violations"} onClick={() => setTab("violations")}>
          Violations ({r.violations.length})
        </button>
        {auto && (
          <button role="tab" aria-selected={tab === "auto"} onClick={() => setTab("auto")}>
            Automatic coordination
          </button>
        )}
        <span className="spacer" />
        <button onClick={() => open(r.devices.find((d) => d.zone.length)?.id ?? r.devices[0].id)} data-testid="open-tcc">
          TCC…
        </button>
        <button onClick={() => useProtection.getState().show(null)} aria-label="close protection results">
          ×
        </button>
      </div>
      <div className="table-scroll">
        {tab === "pairs" && (
          <table aria-label="primary and backup pairs">
            <thead>
              <tr>
                <th>Primary</th>
                <th>Backup</th>
                <th>Rule</th>
                <th>Min margin s</th>
                <th>Required s</th>
                <th>Status</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {r.pairs.map((p) => (
                <tr key={`${p.primary}>${p.backup}`} className={p.ok ? "" : "over"}>
                  <td>{p.primary}</td>
                  <td>{p.backup}</td>
                  <td>{p.rule.replace(/_/g, " ")}</td>
                  <td>{p.min_margin_s == null ? "—" : p.min_margin_s.toFixed(3)}</td>
                  <td>{p.required_s}</td>
                  <td>{p.ok ? "✓" : "✗ short"}</td>
                  <td>
                    <button className="link" onClick={() => open(p.primary)} aria-label={`TCC of ${p.primary} and its backups`}>
                      TCC
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {tab === "devices" && (
          <table aria-label="protective devices">
            <thead>
              <tr>
                <th>Device</th>
                <th>Kind</th>
                <th>Location</th>
                <th>kV</th>
                <th title="largest fault current it sees in its zone">I max kA</th>
                <th title="smallest fault current it sees in its zone">I min kA</th>
                <th>Backups</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {r.devices.map((d) => (
                <tr key={d.id} onClick={() => pick(d.id)}>
                  <td>{d.id}</td>
                  <td>{d.kind}</td>
                  <td>{d.switch ? `switch ${d.switch}` : `${d.branch} at ${d.bus}`}</td>
                  <td>{d.vn_kv}</td>
                  <td>{ka(d.i_max_a)}</td>
                  <td>{ka(d.i_min_a)}</td>
                  <td>{d.backups.join(", ") || "—"}</td>
                  <td>
                    <button className="link" onClick={() => open(d.id)} aria-label={`TCC of ${d.id}`}>
                      TCC
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {tab === "auto" && auto && (
          <div data-testid="auto-coordination">
            <p className="small">
              <span className={`badge ${auto.status.startsWith("optimal") ? "ok" : "bad"}`}>{auto.status.replace(/_/g, " ")}</span> {auto.message}
              {auto.objective_s != null && ` · total operating time ${auto.objective_s.toFixed(3)} s`}
              {auto.violations_after != null && ` · ${auto.violations_after} violation(s) with these settings (now ${r.violations.length})`}
            </p>
            <table aria-label="proposed settings">
              <thead>
                <tr>
                  <th>Relay</th>
                  <th>Element</th>
                  <th>Dial before</th>
                  <th>Dial after</th>
                  <th>Pickup before A</th>
                  <th>Pickup after A</th>
                </tr>
              </thead>
              <tbody>
                {auto.settings.map((s) => (
                  <tr key={`${s.device}.${s.element}`} data-testid={`auto-${s.device}-${s.element}`}>
                    <td>{s.device}</td>
                    <td>
                      {s.function} #{s.element + 1}
                    </td>
                    <td>{s.dial_before.toFixed(3)}</td>
                    <td>{s.dial_after.toFixed(3)}</td>
                    <td>{s.pickup_before_a.toFixed(1)}</td>
                    <td>{s.pickup_after_a.toFixed(1)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {auto.unmet.length > 0 && (
              <ul className="small">
                {auto.unmet.map((u, k) => (
                  <li key={k}>
                    {u.constraint}: {u.shortfall_s == null ? "cannot operate" : `short by ${u.shortfall_s.toFixed(3)} s`} for {u.i_from_a.toFixed(0)}–{u.i_to_a.toFixed(0)} A
                  </li>
                ))}
              </ul>
            )}
            <div className="row">
              <button disabled={!auto.settings.length} onClick={() => open(deepest(), proposed())} data-testid="auto-preview">
                Preview in TCC
              </button>
              <button className="primary" disabled={!auto.settings.length} onClick={applyAuto} data-testid="auto-apply">
                Apply proposed settings
              </button>
              <span className="muted small">one edit: Undo restores the present settings</span>
            </div>
          </div>
        )}
        {tab === "violations" && (
          <ul className="small">
            {r.violations.map((v, k) => (
              <li key={k}>
                <strong>{v.kind.replace(/_/g, " ")}</strong> {v.message}
                {v.suggestions.length > 0 && <span className="muted"> — {v.suggestions.map((s) => s.text).join("; ")}</span>}
              </li>
            ))}
            {r.notes.map((n, k) => (
              <li key={`n${k}`} className="muted">
                {n}
              </li>
            ))}
          </ul>
        )}
      </div>
      {tcc && <TccView />}
    </section>
  );
}
