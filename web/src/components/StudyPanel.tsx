import { useEffect, useMemo, useState } from "react";
import type uPlot from "uplot";
import { useEditor, type ScResults } from "../store/editor";
import { browserBusThreshold, setBrowserBusThreshold, solveInBrowser, type SolveError } from "../solver/client";
import { Api, ApiError, type StudyInfo } from "../api/client";
import type { Method, PowerFlowResult } from "../solver/wasmSolver";
import { Chart } from "./Chart";
import { saveProject } from "../project";
import { validateNetwork } from "../schema/validate";

type Engine = "auto" | "browser" | "server";

/** Map the server's result JSON (gridsolve PowerFlowResult.to_dict) to the browser's shape. */
export function fromServerResult(d: Record<string, unknown>): PowerFlowResult {
  const hist = (d.history as { max_mismatch?: number; max_p_mismatch?: number; max_q_mismatch?: number }[] | undefined) ?? [];
  return {
    converged: Boolean(d.converged),
    method: (d.method as Method) ?? "nr",
    iterations: Number(d.iterations ?? 0),
    max_mismatch_pu: NaN,
    history: hist.map((h) => (typeof h === "number" ? h : (h.max_mismatch ?? Math.max(h.max_p_mismatch ?? 0, h.max_q_mismatch ?? 0)))),
    buses: ((d.buses as Record<string, unknown>[]) ?? []).map((b) => ({
      id: String(b.id),
      vm_pu: (b.vm_pu as number | null) ?? null,
      va_deg: (b.va_deg as number | null) ?? null,
      p_mw: Number(b.p_mw ?? 0),
      q_mvar: Number(b.q_mvar ?? 0),
      energized: b.energized !== false && b.vm_pu != null,
    })),
    branches: ((d.branches as Record<string, unknown>[]) ?? []).map((b) => ({
      id: String(b.id),
      kind: String(b.kind ?? ""),
      from_bus: String(b.from_bus),
      to_bus: String(b.to_bus),
      p_from_mw: Number(b.p_from_mw ?? 0),
      q_from_mvar: Number(b.q_from_mvar ?? 0),
      p_to_mw: Number(b.p_to_mw ?? 0),
      q_to_mvar: Number(b.q_to_mvar ?? 0),
      i_from_ka: (b.i_from_ka as number | null) ?? null,
      loading_percent: (b.loading_percent as number | null) ?? null,
      pl_mw: Number(b.p_loss_mw ?? Number(b.p_from_mw ?? 0) + Number(b.p_to_mw ?? 0)),
    })),
    notes: (d.notes as string[]) ?? [],
    solve_ms: Number(d.wall_time_s ?? 0) * 1000,
    engine: "server" as unknown as "wasm",
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const API_METHOD: Record<Method, string> = { nr: "newton_raphson", fdxb: "fast_decoupled", gs: "gauss_seidel" };

export function StudyPanel() {
  const network = useEditor((s) => s.network);
  const project = useEditor((s) => s.project);
  const results = useEditor((s) => s.results);
  const [studyType, setStudyType] = useState<"power_flow" | "short_circuit">("power_flow");
  const [method, setMethod] = useState<Method>("nr");
  const [engine, setEngine] = useState<Engine>("auto");
  const [threshold, setThreshold] = useState(browserBusThreshold());
  const [tol, setTol] = useState("1e-8");
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [liveHistory, setLiveHistory] = useState<number[]>([]);
  const [faultBus, setFaultBus] = useState("");
  const [faultType, setFaultType] = useState("3ph");
  const [scCase, setScCase] = useState("max");
  const [studies, setStudies] = useState<StudyInfo[]>([]);
  const [scResult, setScResult] = useState<Record<string, unknown> | null>(null);
  const [serverStudy, setServerStudy] = useState<string | null>(null);
  const online = project.id != null;

  const refreshStudies = () => {
    if (project.id) Api.listStudies(project.id).then((r) => setStudies(r.data.studies ?? [])).catch(() => undefined);
  };
  useEffect(refreshStudies, [project.id]); // eslint-disable-line react-hooks/exhaustive-deps

  const useBrowser = studyType === "power_flow" && (engine === "browser" || (engine === "auto" && (network.buses.length <= threshold || !online)));

  const run = async () => {
    const st = useEditor.getState();
    st.setError(null);
    const problems = validateNetwork(network);
    if (problems.length) {
      st.setError({ message: problems[0].message, element_id: problems[0].element_id, field: problems[0].field });
      st.setStatus(`invalid network: ${problems[0].element_id ?? ""} ${problems[0].field}: ${problems[0].message}`);
      if (problems[0].element_id) st.select([problems[0].element_id]);
      return;
    }
    if (studyType === "power_flow") st.setScResults(null);
    setRunning(true);
    setProgress(0);
    setLiveHistory([]);
    try {
      if (useBrowser) {
        const r = await solveInBrowser(network, { method, tol: Number(tol) || 1e-8 });
        setLiveHistory(r.history);
        st.setResults(r);
        st.setStatus(r.converged ? `power flow converged in ${r.iterations} iterations (${r.solve_ms.toFixed(1)} ms in the browser)` : "power flow did not converge");
        if (project.id) {
          // recorded through the API like any study
          Api.recordStudy(project.id, {
            study_type: "power_flow",
            analysis_method: API_METHOD[method],
            parameters: { tol: Number(tol) || 1e-8 },
            results: r,
            wall_time_s: r.solve_ms / 1000,
          })
            .then(refreshStudies)
            .catch(() => undefined);
        }
      } else {
        if (!project.id) throw new Error("sign in and save the project to run studies on the server");
        await saveProject();
        const body =
          studyType === "power_flow"
            ? { study_type: "power_flow", analysis_method: API_METHOD[method], parameters: { tol: Number(tol) || 1e-8 } }
            : { study_type: "short_circuit", analysis_method: "iec_60909", parameters: { fault: faultType, case: scCase, ...(faultBus ? { buses: [faultBus] } : {}) } };
        const { data } = await Api.createStudy(project.id, body);
        let info: StudyInfo = { id: data.id, status: data.status, study_type: body.study_type };
        setServerStudy(data.id);
        for (let i = 0; i < 2400; i++) {
          info = (await Api.getStudy(project.id, data.id)).data;
          setProgress(info.progress_pct ?? null);
          const h = (info.history ?? []).map((x) =>
            typeof x === "number" ? x : (x.max_mismatch ?? x.mismatch ?? Math.max(Number((x as Record<string, number>).max_p_mismatch ?? 0), Number((x as Record<string, number>).max_q_mismatch ?? 0))),
          );
          setLiveHistory(h);
          if (["completed", "failed", "cancelled"].includes(info.status)) break;
          await sleep(i < 10 ? 150 : 500);
        }
        if (info.status !== "completed") {
          const detail = (info.error_detail ?? {}) as { message?: string; element_id?: string; field?: string };
          const err = { message: info.error_message ?? detail.message ?? `study ${info.status}`, element_id: detail.element_id, field: detail.field };
          st.setError({ message: err.message ?? "study failed", element_id: (err as { element_id?: string }).element_id, field: (err as { field?: string }).field });
          throw new Error(err.message ?? "study failed");
        }
        const res = (await Api.results(project.id, data.id)).data;
        if (studyType === "power_flow") {
          const r = fromServerResult(res);
          st.setResults(r);
          st.setStatus(`server power flow: ${r.converged ? "converged" : "not converged"} in ${r.iterations} iterations`);
        } else {
          setScResult(res);
          st.setScResults(res as unknown as ScResults, { projectId: project.id, studyId: data.id });
          st.setStatus("short-circuit study finished");
        }
        refreshStudies();
      }
    } catch (e) {
      const err = e as SolveError & ApiError;
      const fe = e instanceof ApiError ? e.fieldError : err.element_id ? { element_id: err.element_id, field: err.field, message: err.message } : null;
      st.setError(fe ?? { message: err.message });
      if (fe?.element_id) st.select([fe.element_id]);
      st.setStatus(`study failed: ${err.message}`);
    } finally {
      setRunning(false);
      setProgress(null);
      setServerStudy(null);
    }
  };

  const showStudy = async (s: StudyInfo) => {
    if (!project.id) return;
    const st = useEditor.getState();
    try {
      const res = (await Api.results(project.id, s.id)).data;
      if (s.study_type === "short_circuit") st.setScResults(res as unknown as ScResults, { projectId: project.id, studyId: s.id });
      else {
        st.setScResults(null);
        const r = fromServerResult(res);
        if (s.source === "browser") r.engine = "wasm";
        st.setResults(r);
      }
      st.setStatus(`showing ${s.study_type} study from ${(s.created_at ?? "").slice(0, 19)}`);
    } catch (e) {
      st.setStatus(`could not load results: ${(e as Error).message}`);
    }
  };

  const hist = liveHistory.length ? liveHistory : (results?.history ?? []);
  const histData = useMemo<uPlot.AlignedData>(() => [hist.map((_, i) => i), hist.map((v) => Math.max(v, 1e-16))], [hist]);
  const histSeries = useMemo<uPlot.Series[]>(() => [{ label: "max mismatch", stroke: "#f5a623", width: 2, points: { show: true } }], []);

  return (
    <section className="panel study" aria-label="study">
      <h2>Study</h2>
      <div className="row">
        <label>
          Type
          <select value={studyType} onChange={(e) => setStudyType(e.target.value as "power_flow" | "short_circuit")} aria-label="study type">
            <option value="power_flow">Power flow</option>
            <option value="short_circuit">Short circuit (IEC 60909)</option>
          </select>
        </label>
        {studyType === "power_flow" ? (
          <>
            <label>
              Method
              <select value={method} onChange={(e) => setMethod(e.target.value as Method)} aria-label="method">
                <option value="nr">Newton-Raphson</option>
                <option value="fdxb">Fast-decoupled (XB)</option>
                <option value="gs">Gauss-Seidel</option>
              </select>
            </label>
            <label>
              Engine
              <select value={engine} onChange={(e) => setEngine(e.target.value as Engine)} aria-label="engine">
                <option value="auto">Auto (≤ {threshold} buses in browser)</option>
                <option value="browser">Browser (WebAssembly)</option>
                <option value="server">Server</option>
              </select>
            </label>
          </>
        ) : (
          <>
            <label>
              Fault
              <select value={faultType} onChange={(e) => setFaultType(e.target.value)} aria-label="fault type">
                <option value="3ph">Three-phase</option>
                <option value="1ph">Single line to ground</option>
                <option value="2ph">Line to line</option>
                <option value="2phg">Two lines to ground</option>
              </select>
            </label>
            <label>
              Bus
              <select value={faultBus} onChange={(e) => setFaultBus(e.target.value)} aria-label="fault bus">
                <option value="">All buses</option>
                {network.buses.map((b) => (
                  <option key={b.id} value={b.id}>
                    {b.id}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Case
              <select value={scCase} onChange={(e) => setScCase(e.target.value)} aria-label="max or min">
                <option value="max">max</option>
                <option value="min">min</option>
              </select>
            </label>
          </>
        )}
      </div>
      <div className="row">
        <button className="primary" onClick={run} disabled={running || !network.buses.length} data-testid="run-study">
          {running ? "Running…" : `Run ${studyType === "power_flow" ? "power flow" : "short circuit"}`}
        </button>
        {running && serverStudy && project.id && (
          <button onClick={() => Api.cancelStudy(project.id!, serverStudy).catch(() => undefined)} aria-label="cancel the running study">
            Cancel
          </button>
        )}
        <span className="muted small">{useBrowser ? "in the browser" : "on the server"}</span>
        <label className="small">
          Tolerance
          <input value={tol} onChange={(e) => setTol(e.target.value)} aria-label="tolerance in per unit" style={{ width: "5em" }} />
        </label>
        <label className="small">
          Browser limit
          <input
            type="number"
            min={1}
            value={threshold}
            aria-label="largest bus count solved in the browser"
            onChange={(e) => {
              const n = Math.max(1, Number(e.target.value) || 1);
              setThreshold(n);
              setBrowserBusThreshold(n);
            }}
            style={{ width: "6em" }}
          />
        </label>
      </div>
      {progress != null && (
        <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={progress} aria-label="study progress">
          <div style={{ width: `${progress}%` }} />
        </div>
      )}
      {hist.length > 1 && <Chart data={histData} series={histSeries} height={110} label="convergence: max mismatch per iteration" log />}
      {scResult && (
        <details>
          <summary>Short-circuit settings</summary>
          <pre className="small">{JSON.stringify(Object.fromEntries(Object.entries(scResult).filter(([, v]) => !Array.isArray(v) && typeof v !== "object")), null, 1)}</pre>
        </details>
      )}
      {online && studies.length > 0 && (
        <details>
          <summary>Studies ({studies.length})</summary>
          <ul className="study-list">
            {studies.slice(0, 20).map((s) => (
              <li key={s.id}>
                <span className={`badge ${s.status}`}>{s.status}</span> {s.study_type} {s.analysis_method ?? ""} {s.source === "browser" ? "(browser)" : ""}{" "}
                <span className="muted small">{(s.created_at ?? "").replace("T", " ").slice(0, 19)}</span>{" "}
                {s.status === "completed" && (
                  <button className="link" aria-label={`show results of study ${s.id}`} onClick={() => showStudy(s)}>
                    show
                  </button>
                )}
                {s.status === "failed" && s.error_message && <span className="field-error"> {s.error_message}</span>}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
