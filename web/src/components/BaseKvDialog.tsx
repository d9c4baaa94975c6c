// The one-step fix for imported cases without nominal voltages: every voltage level (editor/basekv.ts) with its
// buses, a proposed kV (from transformer ratings where any touch it) and one field; Apply sets them all as one
// undoable command.
import { useMemo, useState } from "react";
import { useEditor } from "../store/editor";
import { busesWithoutKv, setBaseKvCommand, voltageLevels } from "../editor/basekv";
import { Modal } from "./Modal";

export function BaseKvBanner() {
  const network = useEditor((s) => s.network);
  const missing = useMemo(() => busesWithoutKv(network), [network]);
  const [open, setOpen] = useState(false);
  if (!missing.length && !open) return null;
  return (
    <>
      {missing.length > 0 && (
        <div className="banner warn" role="status" data-testid="basekv-banner">
          <span className="banner-text">
            {missing.length === network.buses.length ? "No bus has a" : `${missing.length} of ${network.buses.length} buses have no`} nominal voltage (0 kV): voltages in kV and every short-circuit study need it.
          </span>
          <button onClick={() => setOpen(true)} data-testid="basekv-open">
            Set nominal voltages…
          </button>
        </div>
      )}
      {open && <BaseKvDialog onClose={() => setOpen(false)} />}
    </>
  );
}

export function BaseKvDialog({ onClose }: { onClose: () => void }) {
  const network = useEditor((s) => s.network);
  const levels = useMemo(() => voltageLevels(network), [network]);
  const [kv, setKv] = useState<Record<string, string>>(() =>
    Object.fromEntries(levels.map((l) => [l.key, l.inferred ? String(l.inferred) : l.current.length === 1 && l.current[0] > 0 ? String(l.current[0]) : ""])),
  );
  const [all, setAll] = useState("");
  const values = Object.fromEntries(Object.entries(kv).map(([k, v]) => [k, Number(v)]));
  const bad = Object.entries(kv).filter(([, v]) => v.trim() !== "" && !(Number(v) > 0));
  const apply = () => {
    const cmd = setBaseKvCommand(network, levels, values);
    useEditor.getState().run(cmd);
    useEditor.getState().setStatus(cmd.label);
    onClose();
  };
  return (
    <Modal title="Nominal voltages" onClose={onClose} className="basekv-dialog">
      <p className="small">
        Buses joined by lines, switches and branches without a ratio share a voltage level; transformers separate levels. Give each level its nominal line-to-line voltage. Proposals come from the
        transformer ratings that touch a level.
      </p>
      <div className="row">
        <label className="small">
          Same kV for every level
          <input value={all} onChange={(e) => setAll(e.target.value)} inputMode="decimal" aria-label="kV for every level" data-testid="basekv-all" />
        </label>
        <button onClick={() => setKv(Object.fromEntries(levels.map((l) => [l.key, all])))} disabled={!(Number(all) > 0)}>
          Fill in
        </button>
      </div>
      <table className="table basekv-levels">
        <thead>
          <tr>
            <th>Level</th>
            <th>Buses</th>
            <th>Zone</th>
            <th>Now</th>
            <th>Nominal kV</th>
          </tr>
        </thead>
        <tbody>
          {levels.map((l, i) => (
            <tr key={l.key} data-level={l.key}>
              <td>{i + 1}</td>
              <td title={l.buses.join(", ")}>
                {l.buses.length} ({l.buses.slice(0, 6).join(", ")}
                {l.buses.length > 6 ? ", …" : ""})
              </td>
              <td>{l.zones.join(", ") || "—"}</td>
              <td>{l.current.map((v) => `${v} kV`).join(", ")}</td>
              <td>
                <input value={kv[l.key] ?? ""} onChange={(e) => setKv({ ...kv, [l.key]: e.target.value })} inputMode="decimal" aria-label={`nominal kV of level ${i + 1}`} aria-invalid={bad.some(([k]) => k === l.key)} />
                {l.inferredFrom && <span className="muted small"> from {l.inferredFrom}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {bad.length > 0 && (
        <div className="field-error" role="alert">
          A nominal voltage is a positive number of kV.
        </div>
      )}
      <div className="form-actions">
        <button className="primary" onClick={apply} disabled={bad.length > 0} data-testid="basekv-apply">
          Apply (one undo step)
        </button>
        <button onClick={onClose}>Cancel</button>
      </div>
    </Modal>
  );
}
