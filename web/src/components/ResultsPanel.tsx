import { useMemo, useState } from "react";
import type uPlot from "uplot";
import { useEditor } from "../store/editor";
import { Chart } from "./Chart";
import { SequenceDialog } from "./SequenceDialog";
import { voltageBand } from "./Diagram";
import type { PowerFlowResult } from "../solver/wasmSolver";

type Row = Record<string, string | number | boolean | null>;

function download(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function toCsv(rows: Row[], cols: string[]): string {
  const esc = (v: unknown) => (v == null ? "" : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  return [cols.join(","), ...rows.map((r) => cols.map((c) => esc(r[c])).join(","))].join("\n") + "\n";
}

function Table({ rows, cols, label, onPick }: { rows: Row[]; cols: { key: string; label: string; digits?: number }[]; label: string; onPick?: (id: string) => void }) {
  const [sort, setSort] = useState<{ key: string; dir: 1 | -1 }>({ key: cols[0].key, dir: 1 });
  const [filter, setFilter] = useState("");
  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase();
    const r = f ? rows.filter((x) => cols.some((c) => String(x[c.key] ?? "").toLowerCase().includes(f))) : rows;
    return [...r].sort((a, b) => {
      const x = a[sort.key],
        y = b[sort.key];
      if (x == null) return 1;
      if (y == null) return -1;
      return (typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true })) * sort.dir;
    });
  }, [rows, cols, sort, filter]);
  const LIMIT = 400;
  return (
    <div className="table-wrap">
      <input className="filter" type="search" placeholder="Filter…" aria-label={`filter ${label}`} value={filter} onChange={(e) => setFilter(e.target.value)} />
      <div className="table-scroll">
        <table aria-label={label}>
          <thead>
            <tr>
              {cols.map((c) => (
                <th key={c.key} aria-sort={sort.key === c.key ? (sort.dir === 1 ? "ascending" : "descending") : "none"}>
                  <button onClick={() => setSort({ key: c.key, dir: sort.key === c.key ? ((-sort.dir) as 1 | -1) : 1 })}>
                    {c.label}
                    {sort.key === c.key ? (sort.dir === 1 ? " ▲" : " ▼") : ""}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.slice(0, LIMIT).map((r, i) => (
              <tr key={`${r.id}-${i}`} onClick={() => onPick?.(String(r.id))} className={r.band ? `band-${r.band}` : r.over ? "over" : ""}>
                {cols.map((c) => {
                  const v = r[c.key];
                  return <td key={c.key}>{typeof v === "number" ? v.toFixed(c.digits ?? 3) : v == null ? "—" : String(v)}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown.length > LIMIT && <p className="muted">Showing {LIMIT} of {shown.length} rows (sort or filter to see others; download for all).</p>}
    </div>
  );
}

const BUS_COLS = [
  { key: "id", label: "Bus" },
  { key: "vm_pu", label: "|V| pu", digits: 4 },
  { key: "va_deg", label: "Angle °", digits: 2 },
  { key: "p_mw", label: "P MW", digits: 2 },
  { key: "q_mvar", label: "Q Mvar", digits: 2 },
];
const BR_COLS = [
  { key: "id", label: "Branch" },
  { key: "from_bus", label: "From" },
  { key: "to_bus", label: "To" },
  { key: "p_from_mw", label: "P from MW", digits: 2 },
  { key: "q_from_mvar", label: "Q from Mvar", digits: 2 },
  { key: "pl_mw", label: "Loss MW", digits: 3 },
  { key: "loading_percent", label: "Loading %", digits: 1 },
];

export function profileData(r: PowerFlowResult): uPlot.AlignedData {
  const xs = new Float64Array(r.buses.length);
  const ys: (number | null)[] = new Array(r.buses.length);
  r.buses.forEach((b, i) => {
    xs[i] = i + 1;
    ys[i] = b.vm_pu;
  });
  return [xs as unknown as number[], ys];
}

function ScTables() {
  const sc = useEditor((s) => s.scResults)!;
  const study = useEditor((s) => s.scStudy);
  const [tab, setTab] = useState<"buses" | "branches">("buses");
  const [seqOpen, setSeqOpen] = useState(false);
  const busRows = useMemo<Row[]>(() => sc.buses.map((b) => Object.fromEntries(Object.entries(b).filter(([, v]) => typeof v !== "object" || v === null)) as Row), [sc]);
  const brRows = useMemo<Row[]>(() => sc.branches.map((b) => Object.fromEntries(Object.entries(b).filter(([, v]) => typeof v !== "object" || v === null)) as Row), [sc]);
  const colsOf = (rows: Row[], first: string[]) => {
    const keys = new Set<string>();
    for (const r of rows.slice(0, 50)) for (const k of Object.keys(r)) keys.add(k);
    return [...first.filter((k) => keys.has(k)), ...[...keys].filter((k) => !first.includes(k) && k !== "energized")].map((k) => ({ key: k, label: k, digits: 3 }));
  };
  const busCols = useMemo(() => colsOf(busRows, ["id", "vn_kv", "ikss_ka", "ip_ka", "ith_ka", "skss_mw"]), [busRows]);
  const brCols = useMemo(() => colsOf(brRows, ["id", "kind", "from_bus", "to_bus", "ikss_from_ka", "ikss_to_ka"]), [brRows]);
  return (
    <section className="panel results" aria-label="short-circuit results">
      <h2>
        Short circuit <span className="badge">{String(sc.fault ?? "")} · {String(sc.case ?? "")}</span>
      </h2>
      <div role="tablist" className="tabs">
        <button role="tab" aria-selected={tab === "buses"} onClick={() => setTab("buses")}>
          Fault currents ({busRows.length})
        </button>
        <button role="tab" aria-selected={tab === "branches"} onClick={() => setTab("branches")}>
          Branch contributions ({brRows.length})
        </button>
        {study && (
          <button onClick={() => setSeqOpen(true)} aria-haspopup="dialog" data-testid="open-sequence-networks">
            Sequence networks…
          </button>
        )}
        <span className="spacer" />
        <button onClick={() => download("short_circuit.json", JSON.stringify(sc, null, 1), "application/json")}>JSON</button>
        <button onClick={() => useEditor.getState().setScResults(null)} aria-label="close short-circuit results">
          ×
        </button>
      </div>
      {tab === "buses" ? <Table rows={busRows} cols={busCols} label="fault currents per bus" /> : <Table rows={brRows} cols={brCols} label="branch contributions" />}
      {seqOpen && study && <SequenceDialog projectId={study.projectId} studyId={study.studyId} onClose={() => setSeqOpen(false)} />}
    </section>
  );
}

export function ResultsPanel() {
  const sc = useEditor((s) => s.scResults);
  if (sc) return <ScTables />;
  return <PfResults />;
}

function PfResults() {
  const results = useEditor((s) => s.results);
  const stale = useEditor((s) => s.resultsStale);
  const [tab, setTab] = useState<"profile" | "buses" | "branches">("profile");
  const busRows = useMemo<Row[]>(() => (results?.buses ?? []).map((b) => ({ ...b, band: voltageBand(b.vm_pu) })), [results]);
  const brRows = useMemo<Row[]>(() => (results?.branches ?? []).map((b) => ({ ...b, over: (b.loading_percent ?? 0) > 100 })), [results]);
  const data = useMemo(() => (results ? profileData(results) : null), [results]);
  const series = useMemo<uPlot.Series[]>(() => [{ label: "|V| pu", stroke: "#4da3ff", width: 1, points: { show: true, size: 4 } }], []);
  const bands = useMemo(() => [0.95, 0.97, 1.05], []);
  if (!results)
    return (
      <section className="panel results" aria-label="results">
        <h2>Results</h2>
        <p className="muted">Run a study to see voltages, flows and loading here and on the diagram.</p>
      </section>
    );
  const pick = (id: string) => useEditor.getState().select([id]);
  return (
    <section className="panel results" aria-label="results">
      <h2>
        Results{" "}
        <span className={`badge ${results.converged ? "ok" : "bad"}`} data-testid="result-status">
          {results.converged ? `converged in ${results.iterations} it.` : "not converged"}
        </span>
        {stale && <span className="badge warn">edited since</span>}
        <span className="muted small"> {results.engine === "wasm" ? "browser (WebAssembly)" : "server"}</span>
      </h2>
      <div role="tablist" className="tabs">
        {(["profile", "buses", "branches"] as const).map((t) => (
          <button key={t} role="tab" aria-selected={tab === t} onClick={() => setTab(t)}>
            {t === "profile" ? "Voltage profile" : t === "buses" ? `Buses (${results.buses.length})` : `Branches (${results.branches.length})`}
          </button>
        ))}
        <span className="spacer" />
        <button onClick={() => download("buses.csv", toCsv(busRows, ["id", "vm_pu", "va_deg", "p_mw", "q_mvar", "energized"]), "text/csv")}>Buses CSV</button>
        <button onClick={() => download("branches.csv", toCsv(brRows, ["id", "kind", "from_bus", "to_bus", "p_from_mw", "q_from_mvar", "p_to_mw", "q_to_mvar", "i_from_ka", "loading_percent", "pl_mw"]), "text/csv")}>
          Branches CSV
        </button>
        <button onClick={() => download("results.json", JSON.stringify(results, null, 1), "application/json")}>JSON</button>
      </div>
      {tab === "profile" && data && <Chart data={data} series={series} label="voltage profile of every bus" bands={bands} height={130} />}
      {tab === "buses" && <Table rows={busRows} cols={BUS_COLS} label="bus results" onPick={pick} />}
      {tab === "branches" && <Table rows={brRows} cols={BR_COLS} label="branch results" onPick={pick} />}
    </section>
  );
}
