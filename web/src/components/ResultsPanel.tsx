import { useMemo, useState } from "react";
import { SortableHeader } from "./SortableHeader";
import { useAfterPaint } from "./afterPaint";
import { HelpLink } from "./HelpLink";
import type uPlot from "uplot";
import { useEditor } from "../store/editor";
import { Chart } from "./Chart";
import { SequenceDialog } from "./SequenceDialog";
import { ContingencyTable } from "./ContingencyTable";
import { useContingency } from "../store/contingency";
import { voltageBand } from "./Diagram";
import { labelOf } from "../schema/units";
import type { PowerFlowResultModel } from "../model/elements";
import { noSource, warningsOf } from "../studies/warnings";
import { showElements } from "../editor/focus";
import { WarningsList } from "./Problems";
import { useProtection } from "../protection/store";
import { ProtectionPanel } from "./ProtectionPanel";

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

interface Col {
  key: string;
  label: string;
  digits?: number;
  title?: string;
}

const DIGITS: Record<string, number> = { pu: 4, "°": 2, "%": 1, kA: 3, MW: 3, Mvar: 3, kV: 3, MVA: 2 };

/** Table columns with the engine's labels and units (contract/labels.ts): "|V| pu", "I″k kA", ... */
function columns(model: string, keys: string[], first: string): Col[] {
  return keys.map((key) => {
    if (key === "id") return { key, label: first };
    const l = labelOf(model, key);
    return { key, label: l.text, digits: DIGITS[l.unit] ?? 3, title: l.description };
  });
}

function Table({ rows, cols, label, onPick }: { rows: Row[]; cols: Col[]; label: string; onPick?: (id: string) => void }) {
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
            <SortableHeader cols={cols} sort={sort} onSort={setSort} />
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

const BUS_COLS = columns("BusResult", ["id", "vm_pu", "vm_kv", "va_deg", "p_mw", "q_mvar"], "Bus");
const BR_COLS = columns("BranchResult", ["id", "kind", "from_bus", "to_bus", "p_from_mw", "q_from_mvar", "p_to_mw", "q_to_mvar", "i_from_ka", "loading_percent", "p_loss_mw"], "Branch");
const UNIT_COLS = columns("UnitResult", ["id", "kind", "p_mw", "q_mvar"], "Unit");

/** The |V| axis of the profile: the 0.95-1.05 band and every value, with a margin (several ticks, never one). */
export function profileRange(r: PowerFlowResultModel): [number, number] {
  const vs = r.buses.filter((b) => b.energized && b.vm_pu != null).map((b) => b.vm_pu!);
  const lo = Math.min(0.94, ...vs),
    hi = Math.max(1.06, ...vs);
  const pad = (hi - lo) * 0.05;
  return [Math.floor((lo - pad) * 100) / 100, Math.ceil((hi + pad) * 100) / 100];
}

export function profileData(r: PowerFlowResultModel): uPlot.AlignedData {
  const xs = new Float64Array(r.buses.length);
  const ys: (number | null)[] = new Array(r.buses.length);
  r.buses.forEach((b, i) => {
    xs[i] = i + 1;
    ys[i] = b.energized ? b.vm_pu : null;
  });
  return [xs as unknown as number[], ys];
}

function ScTables() {
  const sc = useEditor((s) => s.scResults)!;
  const study = useEditor((s) => s.scStudy);
  const [tab, setTab] = useState<"buses" | "branches">("buses");
  const [seqOpen, setSeqOpen] = useState(false);
  const pick = (id: string) => showElements([id]);
  const busRows = useMemo<Row[]>(() => sc.buses.map((b) => Object.fromEntries(Object.entries(b).filter(([, v]) => typeof v !== "object" || v === null)) as Row), [sc]);
  const brRows = useMemo<Row[]>(() => sc.branches.map((b) => Object.fromEntries(Object.entries(b).filter(([, v]) => typeof v !== "object" || v === null)) as Row), [sc]);
  const colsOf = (model: string, rows: Row[], first: string[], idLabel: string) => {
    const keys = new Set<string>();
    for (const r of rows.slice(0, 50)) for (const k of Object.keys(r)) keys.add(k);
    return columns(model, [...first.filter((k) => keys.has(k)), ...[...keys].filter((k) => !first.includes(k) && k !== "energized")], idLabel);
  };
  const busCols = useMemo(() => colsOf("ShortCircuitBusResult", busRows, ["id", "vn_kv", "ikss_ka", "ip_ka", "ith_ka", "ib_ka", "skss_mva"], "Bus"), [busRows]);
  const brCols = useMemo(() => colsOf("ShortCircuitBranchResult", brRows, ["id", "kind", "from_bus", "to_bus", "ikss_from_ka", "ikss_to_ka"], "Branch"), [brRows]);
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
        <button onClick={() => download("fault_currents.json", JSON.stringify(sc, null, 1), "application/json")}>JSON</button>
        <button onClick={() => useEditor.getState().setScResults(null)} aria-label="close short-circuit results">
          ×
        </button>
      </div>
      {tab === "buses" ? <Table rows={busRows} cols={busCols} label="fault currents per bus" onPick={pick} /> : <Table rows={brRows} cols={brCols} label="branch contributions" onPick={pick} />}
      {seqOpen && study && <SequenceDialog projectId={study.projectId} studyId={study.studyId} onClose={() => setSeqOpen(false)} />}
    </section>
  );
}

export function ResultsPanel() {
  const sc = useEditor((s) => s.scResults);
  const pf = useEditor((s) => s.results);
  const prot = useProtection((s) => s.result);
  const ctg = useContingency((s) => s.result != null);
  // the tables follow the diagram's result layer
  const layer = useEditor((s) => s.layer);
  if (ctg) return <ContingencyTable />;
  if (prot) return <ProtectionPanel />;
  if (sc && (layer === "sc" || !pf)) return <ScTables />;
  return <PfResults />;
}

function PfResults() {
  // the tables and the profile follow one frame after the diagram: the voltages are painted first
  const results = useAfterPaint(useEditor((s) => s.results));
  const stale = useEditor((s) => s.resultsStale);
  const [tab, setTab] = useState<"profile" | "buses" | "branches" | "units">("profile");
  const r = results?.result;
  const busRows = useMemo<Row[]>(() => (r?.buses ?? []).map((b) => ({ ...b, band: voltageBand(b.vm_pu, b.energized) })), [r]);
  const brRows = useMemo<Row[]>(() => (r?.branches ?? []).map((b) => ({ ...b, over: (b.loading_percent ?? 0) > 100 })), [r]);
  const unitRows = useMemo<Row[]>(() => (r?.generators ?? []).map((g) => ({ ...g })), [r]);
  const data = useMemo(() => (r ? profileData(r) : null), [r]);
  const busIds = useMemo(() => (r ? r.buses.map((b) => b.id) : []), [r]);
  const yRange = useMemo(() => (r ? profileRange(r) : undefined), [r]);
  const network = useEditor((s) => s.network);
  const warnings = useMemo(() => (r && !results?.provisional ? warningsOf(r, network, { ...results?.parameters, source: results?.source }) : []), [r, network, results]);
  const series = useMemo<uPlot.Series[]>(() => [{ label: "|V| pu", stroke: "#4da3ff", width: 1, points: { show: true, size: 4 } }], []);
  const bands = useMemo(() => [0.95, 0.97, 1.05], []);
  if (!results || !r)
    return (
      <section className="panel results" aria-label="results">
        <h2>Results</h2>
        <p className="muted">Run a study to see voltages, flows and loading here and on the diagram.</p>
      </section>
    );
  // a row selects its element and frames it on the diagram
  const pick = (id: string) => showElements([id]);
  const dead = noSource(r);
  const shown = r.converged && !dead; // no solution, or nothing energized: no profile and no tables
  return (
    <section className="panel results" aria-label="results">
      <h2>
        Results <HelpLink topic="results" />{" "}
        <span className={`badge ${!r.converged ? "bad" : dead ? "warn" : "ok"}`} data-testid="result-status">
          {!r.converged ? "not converged" : dead ? "no source: nothing energized" : `converged in ${r.iterations} it.`}
        </span>
        {results.provisional && <span className="badge">voltages · engine results on their way</span>}
        {stale && <span className="badge warn">edited since</span>}
        <span className="muted small" data-testid="result-source">
          {" "}
          {results.source === "browser" ? "browser (WebAssembly)" : "server"}
        </span>
      </h2>
      <WarningsList warnings={warnings} label="warnings of the results" />
      {!results.provisional && shown && (
        <p className="muted small totals" data-testid="totals">
          generation {r.totals.generation_mw.toFixed(2)} MW / {r.totals.generation_mvar.toFixed(2)} Mvar · load {r.totals.load_mw.toFixed(2)} MW · losses {r.totals.losses_mw.toFixed(3)} MW
        </p>
      )}
      {shown && (
      <div role="tablist" className="tabs">
        {(["profile", "buses", "branches", "units"] as const).map((t) => (
          <button key={t} role="tab" aria-selected={tab === t} onClick={() => setTab(t)}>
            {t === "profile" ? "Voltage profile" : t === "buses" ? `Buses (${r.buses.length})` : t === "branches" ? `Branches (${r.branches.length})` : `Units (${r.generators.length})`}
          </button>
        ))}
        <span className="spacer" />
        <button onClick={() => download("buses.csv", toCsv(busRows, ["id", "vm_pu", "vm_kv", "va_deg", "p_mw", "q_mvar", "energized"]), "text/csv")}>Buses CSV</button>
        <button onClick={() => download("branches.csv", toCsv(brRows, ["id", "kind", "from_bus", "to_bus", "p_from_mw", "q_from_mvar", "p_to_mw", "q_to_mvar", "i_from_ka", "i_to_ka", "loading_percent", "p_loss_mw", "q_loss_mvar"]), "text/csv")}>
          Branches CSV
        </button>
        <button onClick={() => download("results.json", JSON.stringify(r, null, 1), "application/json")}>JSON</button>
      </div>
      )}
      {shown && tab === "profile" && data && <Chart data={data} series={series} label="voltage profile of every bus" bands={bands} height={130} xLabels={busIds} xTitle="bus" yTitle="|V| pu" yRange={yRange} />}
      {shown && tab === "buses" && <Table rows={busRows} cols={BUS_COLS} label="bus results" onPick={pick} />}
      {shown && tab === "branches" && <Table rows={brRows} cols={BR_COLS} label="branch results" onPick={pick} />}
      {shown && tab === "units" && <Table rows={unitRows} cols={UNIT_COLS} label="unit results" onPick={pick} />}
    </section>
  );
}
