// The contingency study's ranked table: one row per outage (sortable, filterable by violation kind and element
// id), CSV/JSON from the API's results route, and a row clicked shown on the diagram (store/contingency.ts): the
// view framed on the outaged elements (editor/focus: the "show me" of every table row).

import { SortableHeader } from "./SortableHeader";
import { useMemo, useState } from "react";
import "./contingency.css";
import { useEditor } from "../store/editor";
import { useContingency } from "../store/contingency";
import { downloadFile, errorText } from "../api/client";
import { showElements } from "../editor/focus";
import {
  CTG_COLUMNS,
  FILTER_KINDS,
  FILTER_LABEL,
  filterRows,
  kindCounts,
  kindsOf,
  outageKey,
  sortRows,
  valueAt,
  violationText,
  violationsOf,
  type CtgColumn,
  type CtgRow,
  type FilterKind,
  type SortKey,
} from "../studies/contingency";

/** Rows rendered at most (the rest: sort, filter or download). */
const LIMIT = 500;

function cell(r: CtgRow, c: CtgColumn): string {
  switch (c.key) {
    case "outage":
      return outageKey(r);
    case "converged":
      return r.converged ? "yes" : "no";
    case "islanding":
      return r.islanding ? `yes (${r.islanded_buses?.length ?? 0} ${r.islanded_buses?.length === 1 ? "bus" : "buses"})` : "no";
    case "load_lost_mw":
      return r.load_lost_mw != null ? r.load_lost_mw.toFixed(c.digits) : "—";
    case "min_vm_pu":
      return valueAt(r.min_vm_pu, r.min_vm_bus, 4);
    case "max_vm_pu":
      return valueAt(r.max_vm_pu, r.max_vm_bus, 4);
    case "max_loading_percent":
      return valueAt(r.max_loading_percent, r.max_loading_branch, 1);
    case "violations":
      return violationText(r) || "none";
    case "severity":
      return r.severity == null ? "—" : Math.abs(r.severity) >= 1e5 ? r.severity.toExponential(3) : r.severity.toFixed(c.digits);
    case "rank":
      return String(r.rank);
  }
}

function Detail({ row }: { row: CtgRow }) {
  const overlay = useContingency((s) => s.overlay);
  return (
    <div className="ctg-detail small" data-testid="ctg-detail" aria-live="polite">
      <strong>On the diagram: outage </strong>
      {row.outage.map((id, i) => (
        <span key={id}>
          {i > 0 && " + "}
          <button className="link" title="select it on the diagram" onClick={() => useEditor.getState().select([id])}>
            {id}
          </button>
        </span>
      ))}{" "}
      (dashed)
      {row.islanding && <> · islanding: buses {row.islanded_buses?.join(", ")} cut off, {row.load_lost_mw?.toFixed(2) ?? "—"} MW of load lost</>}
      {row.reference_note && <> · {row.reference_note}</>}
      {overlay?.note && (
        <p className="muted" data-testid="ctg-no-full-data">
          {overlay.note}
        </p>
      )}
      {!row.converged && (row.mismatch_history?.length ?? 0) > 0 && (
        <p className="muted" data-testid="ctg-mismatch">
          largest mismatch per iteration, pu: {row.mismatch_history!.map((v) => v.toExponential(2)).join(" → ")}
        </p>
      )}
      {violationsOf(row).length > 0 && (
        <ul className="ctg-violations">
          {violationsOf(row).map((v, i) => (
            <li key={i} data-kind={v.kind}>
              <button className="link" onClick={() => useEditor.getState().select([v.element])}>
                {v.element}
              </button>{" "}
              {v.kind} {v.value.toFixed(v.unit === "%" ? 1 : 4)} {v.unit} (limit {v.limit.toFixed(v.unit === "%" ? 1 : 4)} {v.unit})
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ContingencyTable() {
  const result = useContingency((s) => s.result)!;
  const study = useContingency((s) => s.study);
  const runOn = useContingency((s) => s.network);
  const selected = useContingency((s) => s.selected);
  const network = useEditor((s) => s.network);
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: "rank", dir: 1 });
  const [kinds, setKinds] = useState<Set<FilterKind>>(new Set());
  const [text, setText] = useState("");
  const rows = result.contingencies;
  const counts = useMemo(() => kindCounts(rows), [rows]);
  const shown = useMemo(() => sortRows(filterRows(rows, kinds, text), sort.key, sort.dir), [rows, kinds, text, sort]);
  const withViolations = useMemo(() => rows.filter((r) => violationsOf(r).length).length, [rows]);
  const selRow = selected ? rows.find((r) => outageKey(r) === selected) : undefined;
  const b = result.base;
  const st = useContingency.getState;

  const toggle = (k: FilterKind) => {
    const next = new Set(kinds);
    if (next.has(k)) next.delete(k);
    else next.add(k);
    setKinds(next);
  };
  const pick = (r: CtgRow) => {
    const key = outageKey(r);
    const hide = selected === key;
    st().select(hide ? null : key);
    if (!hide) showElements(r.outage); // selected and framed on the diagram
    useEditor.getState().setStatus(hide ? "contingency hidden from the diagram" : `showing outage ${key} on the diagram`);
  };
  const download = async (format: "csv" | "json") => {
    if (!study) return;
    const path = `/api/projects/${study.projectId}/studies/${study.studyId}/results?format=${format}${format === "csv" ? "&table=contingencies" : ""}`;
    try {
      useEditor.getState().setStatus(`downloaded ${await downloadFile(path, format === "csv" ? "text/csv" : "application/json", `contingencies.${format}`)}`);
    } catch (e) {
      useEditor.getState().setStatus(`could not download the results: ${errorText(e)}`);
    }
  };

  return (
    <section className="panel results ctg" aria-label="contingency results">
      <h2>
        Contingencies{" "}
        <span className={`badge ${withViolations ? "bad" : "ok"}`} data-testid="ctg-summary">
          {rows.length} outages · {withViolations} with violations · {counts.islanding} islanding · {counts.non_converged} not converged
        </span>
        {runOn && runOn !== network && <span className="badge warn">edited since</span>}
      </h2>
      <p className="muted small" data-testid="ctg-base">
        Base case: {b.converged ? "converged" : "not converged"} · min |V| {valueAt(b.min_vm_pu, b.min_vm_bus, 4)} pu · max |V| {valueAt(b.max_vm_pu, b.max_vm_bus, 4)} pu · max loading {valueAt(b.max_loading_percent, b.max_loading_branch, 1)} %
        {violationsOf(b).length > 0 && ` · ${violationText(b)} before any outage`}
        {result.screening && ` · DC screening: ${result.screening.candidates} outages solved in AC, ${result.screening.screened_out} screened out (estimated loading below ${result.screening.threshold_percent.toFixed(1)} %)`}
      </p>
      {result.severity_formula && (
        <details className="muted small ctg-formula">
          <summary>How severity is ranked</summary>
          {result.severity_formula}
        </details>
      )}
      <div className="tabs ctg-filters" role="group" aria-label="filter by violation kind">
        {FILTER_KINDS.map((k) => (
          <button key={k} aria-pressed={kinds.has(k)} className={kinds.has(k) ? "on" : ""} onClick={() => toggle(k)} disabled={!counts[k] && !kinds.has(k)} data-filter={k}>
            {FILTER_LABEL[k]} ({counts[k]})
          </button>
        ))}
        <input className="filter" type="search" placeholder="Element id…" aria-label="filter contingencies by element id" value={text} onChange={(e) => setText(e.target.value)} />
        <span className="spacer" />
        <button onClick={() => download("csv")} disabled={!study} data-testid="ctg-csv">
          CSV
        </button>
        <button onClick={() => download("json")} disabled={!study} data-testid="ctg-json">
          JSON
        </button>
        <button onClick={() => st().clear()} aria-label="close contingency results">
          ×
        </button>
      </div>
      {selRow && <Detail row={selRow} />}
      <div className="table-scroll">
        <table aria-label="contingencies" data-testid="ctg-table">
          <thead>
            <SortableHeader cols={CTG_COLUMNS} sort={sort} onSort={setSort} />
          </thead>
          <tbody>
            {shown.slice(0, LIMIT).map((r) => {
              const key = outageKey(r);
              const k = kindsOf(r);
              const cls = [selected === key ? "selected" : "", !r.converged ? "bad" : k.size ? "viol" : ""].filter(Boolean).join(" ");
              return (
                <tr key={key} className={cls} aria-selected={selected === key} data-outage={key} tabIndex={0} onClick={() => pick(r)} onKeyDown={(e) => e.key === "Enter" && pick(r)}>
                  {CTG_COLUMNS.map((c) => (
                    <td key={c.key}>{cell(r, c)}</td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {shown.length > LIMIT && (
        <p className="muted small">
          Showing {LIMIT} of {shown.length} outages (sort or filter to see others; the CSV has all).
        </p>
      )}
      {!shown.length && <p className="muted small">No outage matches the filter.</p>}
      {(result.notes ?? []).length > 0 && (
        <ul className="muted small ctg-notes">
          {result.notes!.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
