import { useEffect, useMemo, useState } from "react";
import { useAfterPaint } from "./afterPaint";
import { HelpLink } from "./HelpLink";
import type uPlot from "uplot";
import { useEditor, type PfResults } from "../store/editor";
import { browserBusThreshold, compiledFor, setBrowserBusThreshold, solveInBrowser, type Loaded } from "../solver/client";
import { browserSolvable } from "../solver/options";
import { Api, ApiError, downloadReport, errorText, type StudyInfo } from "../api/client";
import { Chart } from "./Chart";
import { focusDiagram, showElements } from "../editor/focus";
import { isDirty, saveProject } from "../project";
import { STUDY, STUDY_TYPES, type StudyTypeName } from "../contract/studies";
import { humanize, optionFields, parseOptions, studyTypes, type OptionField, type RawValue } from "../studies/options";
import type { BusResult, Network, PowerFlowResultModel, PowerFlowSolution, ShortCircuitResultModel } from "../model/elements";
import type { FieldError, PowerFlowParameters, ProtectionResult } from "../contract/types";
import { useProtection } from "../protection/store";
import { failureMessage } from "../studies/warnings";

/** An error that carries every problem the engine named (element, field, file line). */
type PointedError = Error & { element_id?: string | null; field?: string | null; fields?: FieldError[] };

/** The banner's error of a failed study or request: its sentence and every problem it names. */
export function pointedError(e: unknown): { message: string; element_id?: string | null; field?: string | null; fields?: FieldError[] } {
  if (e instanceof ApiError) {
    const fe = e.fieldError;
    return { message: e.message, element_id: fe?.element_id ?? null, field: fe?.field ?? null, fields: e.fields };
  }
  const err = e as PointedError;
  const fields = err.fields ?? (err.element_id ? [{ element_id: err.element_id, field: err.field ?? null, message: err.message }] : []);
  return { message: err.message, element_id: err.element_id ?? null, field: err.field ?? null, fields };
}
import { ChoiceOrList, MultipleChoice } from "./OptionWidgets";
import { useContingency } from "../store/contingency";
import { batchProgressText, type CtgResult } from "../studies/contingency";

type Engine = "auto" | "browser" | "server";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** When the next frame is painted: the rAF callback runs after React's commit, the frame is painted right after it. */
const painted = () =>
  new Promise<{ frame: number; painted: number }>((r) =>
    requestAnimationFrame(() => {
      const frame = performance.now();
      const ch = new MessageChannel();
      ch.port1.onmessage = () => r({ frame, painted: performance.now() });
      ch.port2.postMessage(0);
    }),
  );
/** Inline options per study type; the others are under "More options". */
const INLINE = 4;

/** The voltages of a browser solve on the network's buses, painted before the engine's results arrive. */
function provisional(net: Network, c: Loaded, sol: PowerFlowSolution, method: string): PowerFlowResultModel {
  const buses: BusResult[] = net.buses.map((b, i) => {
    const k = c.networkBusIndex[i];
    const live = k >= 0 && sol.bus_type[k] !== 0;
    return { id: b.id, vm_pu: live ? sol.vm_pu[k] : 0, va_deg: live ? sol.va_deg[k] : 0, vm_kv: null, p_mw: null, q_mvar: null, energized: live };
  });
  const history = (sol.history ?? []).map(([p, q], iteration) => ({ iteration, max_p_mismatch: p, max_q_mismatch: q }));
  const totals = { generation_mw: 0, generation_mvar: 0, load_mw: 0, load_mvar: 0, losses_mw: 0, losses_mvar: 0, shunt_mw: 0, shunt_mvar: 0 };
  return { converged: sol.converged, method, iterations: sol.iterations, wall_time_s: 0, buses, branches: [], generators: [], totals, history, worst_buses: [], notes: c.notes } as PowerFlowResultModel;
}

/** The largest mismatch per iteration of a result's history (the convergence plot). */
export function mismatchSeries(h: { max_mismatch?: number | null; max_p_mismatch?: number | null; max_q_mismatch?: number | null }[] | number[] | undefined): number[] {
  return (h ?? []).map((x) => (typeof x === "number" ? x : (x.max_mismatch ?? Math.max(Number(x.max_p_mismatch ?? 0), Number(x.max_q_mismatch ?? 0)))));
}

function OptionInput({ f, value, error, onChange, busIds }: { f: OptionField; value: RawValue | undefined; error?: string; onChange: (v: RawValue) => void; busIds: string[] }) {
  const id = `opt-${f.name}`;
  let input;
  const multiple = f.type === "array" && !!f.items?.enum;
  if (f.listChoice) input = <ChoiceOrList f={f} value={value} onChange={onChange} />;
  else if (multiple) input = <MultipleChoice f={f} value={value} onChange={onChange} />;
  else if (f.type === "boolean") input = <input id={id} type="checkbox" checked={Boolean(value ?? f.prop.default ?? false)} onChange={(e) => onChange(e.target.checked)} aria-label={f.label} />;
  else if (f.enum)
    input = (
      <select id={id} value={String(value ?? f.prop.default ?? "")} onChange={(e) => onChange(e.target.value)} aria-label={f.label}>
        {f.nullable && <option value="">—</option>}
        {f.enum.map((v) => (
          <option key={String(v)} value={String(v)}>
            {String(v)}
          </option>
        ))}
      </select>
    );
  else if (f.type === "array")
    // element ids (the faulted buses): one bus or all of them
    input = (
      <select id={id} value={Array.isArray(value) && value.length ? value[0] : ""} onChange={(e) => onChange(e.target.value ? [e.target.value] : [])} aria-label={f.label}>
        <option value="">All buses</option>
        {busIds.map((b) => (
          <option key={b} value={b}>
            {b}
          </option>
        ))}
      </select>
    );
  else
    input = (
      <input
        id={id}
        type="text"
        inputMode="decimal"
        value={typeof value === "string" ? value : ""}
        placeholder={f.prop.default != null ? String(f.prop.default) : "default"}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => (e.key === "Enter" || e.key === "Escape") && focusDiagram()}
        aria-label={f.label}
        aria-invalid={!!error}
        style={{ width: "6em" }}
      />
    );
  // checkboxes carry their own labels (a label may not hold labels)
  const Wrap = multiple ? "div" : "label";
  return (
    <Wrap className={`small option${error ? " has-error" : ""}`} title={f.description}>
      {f.label}
      {input}
      {error && (
        <span className="field-error" role="alert" data-option-error={f.name}>
          {error}
        </span>
      )}
    </Wrap>
  );
}

export function StudyPanel() {
  const network = useEditor((s) => s.network);
  const project = useEditor((s) => s.project);
  const results = useEditor((s) => s.results);
  const types = studyTypes();
  const [studyType, setStudyType] = useState<StudyTypeName>(types[0]);
  const info = STUDY_TYPES[studyType];
  const [methods, setMethods] = useState<Record<string, string>>({});
  const method = methods[studyType] ?? info.methods[0];
  const [raw, setRaw] = useState<Record<string, Record<string, RawValue>>>({});
  const values = raw[studyType] ?? {};
  const [engine, setEngine] = useState<Engine>("auto");
  const [threshold, setThreshold] = useState(browserBusThreshold());
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [progressText, setProgressText] = useState<string | null>(null);
  const [liveHistory, setLiveHistory] = useState<number[]>([]);
  const [studies, setStudies] = useState<StudyInfo[]>([]);
  const [serverStudy, setServerStudy] = useState<string | null>(null);
  const online = project.id != null;
  const fields = useMemo(() => optionFields(studyType), [studyType]);
  const { params, errors } = useMemo(() => parseOptions(studyType, method, values), [studyType, method, values]);

  const refreshStudies = () => {
    if (project.id) Api.listStudies(project.id).then((r) => setStudies(r.data.studies ?? [])).catch(() => undefined);
  };
  useEffect(refreshStudies, [project.id]); // eslint-disable-line react-hooks/exhaustive-deps

  const inBrowser = info.runsInBrowser && browserSolvable(method, params as PowerFlowParameters) && (engine === "browser" || (engine === "auto" && (network.buses.length <= threshold || !online)));

  /** Solve in the WebAssembly worker, paint the voltages, then the engine's results built from the solution. */
  const runInBrowser = async (t0: number) => {
    const st = useEditor.getState();
    const timing: PfResults["timing"] = {};
    if (online && isDirty()) await saveProject();
    const p = useEditor.getState().project;
    const net = online ? p.savedVersionOfNetwork! : st.network;
    const tSaved = performance.now();
    timing.saveMs = tSaved - t0;
    const loaded = await compiledFor(net, () => (online ? Api.compiled(p.id!) : Api.compile(net)).then((r) => r.data));
    const tCompiled = performance.now();
    timing.compileMs = tCompiled - tSaved;
    const solved = await solveInBrowser(loaded, method, params);
    const tSolved = performance.now();
    timing.workerMs = tSolved - tCompiled;
    if (solved.singularAt) {
      st.select([solved.singularAt]);
      throw Object.assign(new Error(`singular Jacobian at bus ${solved.singularAt}: the network around it cannot be solved (check impedances and connections)`), { element_id: solved.singularAt });
    }
    const sol = solved.solution;
    setLiveHistory(mismatchSeries(sol.history?.map(([a, b]) => ({ max_p_mismatch: a, max_q_mismatch: b }))));
    const base: Omit<PfResults, "result"> = { source: "browser", provisional: true, solveMs: solved.solveMs, timing, parameters: { method, ...params } };
    if (sol.converged) {
      const result = provisional(net, loaded, sol, method);
      const tBuilt = performance.now();
      timing.buildMs = tBuilt - tSolved;
      st.setResults({ ...base, result });
      const t1 = await painted();
      timing.renderMs = t1.frame - tBuilt;
      timing.paintMs = t1.painted - t1.frame;
      timing.voltagesMs = t1.painted - t0;
    }
    const body = { study_type: studyType, analysis_method: method, parameters: params, solution: sol, wall_time_s: solved.solveMs / 1000 };
    let result: PowerFlowResultModel;
    let studyId: string | null = null;
    const tEngine = performance.now();
    if (online) {
      const rec = (await Api.recordStudy(p.id!, body)).data;
      studyId = rec.id;
      result = (await Api.results(p.id!, rec.id)).data as unknown as PowerFlowResultModel;
      refreshStudies();
    } else result = (await Api.engineResults({ ...body, network: net })).data.result as unknown as PowerFlowResultModel;
    base.timing.engineMs = performance.now() - tEngine;
    st.setResults({ ...base, provisional: false, result, studyId });
    const t2 = await painted();
    useEditor.getState().setResults({ ...useEditor.getState().results!, timing: { ...base.timing, resultsMs: t2.painted - t0 } });
    st.setStatus(
      result.converged
        ? `${info.title.toLowerCase()} converged in ${result.iterations} iterations (${solved.solveMs.toFixed(1)} ms in the browser)`
        : failureMessage(result, { method, ...params, source: "browser" }),
    );
  };

  const runOnServer = async () => {
    const st = useEditor.getState();
    if (!project.id) throw new Error("sign in and save the project to run studies on the server");
    await saveProject();
    const body = { study_type: studyType, analysis_method: method, parameters: params };
    const { data } = await Api.createStudy(project.id, body);
    let s: StudyInfo = { id: data.id, status: data.status, study_type: studyType };
    setServerStudy(data.id);
    for (let i = 0; i < 2400; i++) {
      s = (await Api.getStudy(project.id, data.id)).data;
      setProgress(s.progress_pct ?? null);
      setProgressText(batchProgressText(s.batches));
      setLiveHistory(mismatchSeries(s.history as never));
      if (["completed", "failed", "cancelled"].includes(s.status)) break;
      await sleep(i < 10 ? 150 : 500);
    }
    if (s.status === "failed" && !s.error_detail && s.study_type && STUDY_TYPES[s.study_type as StudyTypeName]?.result === "PowerFlowResultModel") {
      // solved but without a solution: its result names the worst buses (drawn instead of voltages)
      const res = await Api.results(project.id, data.id).catch(() => null);
      if (res) {
        showResults(studyType, res.data, data.id, "server", { method, ...params });
        refreshStudies();
        return;
      }
    }
    if (s.status !== "completed") {
      const detail = (s.error_detail ?? {}) as { message?: string; element_id?: string; field?: string; file?: string; line?: number; errors?: FieldError[] };
      const message = s.error_message ?? detail.message ?? `study ${s.status}`;
      const fields = detail.errors?.length ? detail.errors : detail.element_id || detail.field || detail.line != null ? [{ element_id: detail.element_id, field: detail.field, message, file: detail.file, line: detail.line }] : [];
      throw Object.assign(new Error(message), { element_id: detail.element_id, field: detail.field, fields });
    }
    showResults(studyType, (await Api.results(project.id, data.id)).data, data.id, "server", { method, ...params });
    refreshStudies();
  };

  const showResults = (type: string, res: Record<string, unknown>, studyId: string, source: PfResults["source"], parameters?: Record<string, unknown>) => {
    const st = useEditor.getState();
    const kind = STUDY_TYPES[type as StudyTypeName]?.result;
    if (kind !== "ProtectionResult") useProtection.getState().show(null);
    if (type === STUDY.CONTINGENCY) {
      useContingency.getState().show(res as unknown as CtgResult, { projectId: project.id!, studyId }, st.network);
      st.setStatus(`${STUDY_TYPES[type as StudyTypeName].title}: ${(res as unknown as CtgResult).contingencies.length} outages ranked (click one to show it on the diagram)`);
      return;
    }
    useContingency.getState().clear();
    if (kind === "ShortCircuitResultModel") {
      st.setScResults(res as unknown as ShortCircuitResultModel, { projectId: project.id!, studyId });
      st.setStatus(`${STUDY_TYPES[type as StudyTypeName].title} study finished`);
    } else if (kind === "PowerFlowResultModel") {
      const r = res as unknown as PowerFlowResultModel;
      st.setScResults(null);
      st.setResults({ result: r, source, provisional: false, solveMs: null, timing: {}, studyId, parameters });
      st.setStatus(r.converged ? `${source} ${STUDY_TYPES[type as StudyTypeName].title.toLowerCase()}: converged in ${r.iterations} iterations` : `${failureMessage(r, parameters)} (${source})`);
    } else if (kind === "ProtectionResult") {
      useProtection.getState().show(res as unknown as ProtectionResult, { projectId: project.id, studyId });
      st.setStatus(`${STUDY_TYPES[type as StudyTypeName].title} study finished`);
    } else st.setStatus(`${type} results have no view yet (download them from the API)`);
  };

  const run = async () => {
    const t0 = performance.now();
    const st = useEditor.getState();
    st.setError(null);
    const bad = Object.entries(errors)[0];
    if (bad) {
      st.setStatus(`invalid option ${bad[0]}: ${bad[1]}`);
      return;
    }
    // earlier short-circuit and protection results go: a failed run must not leave them looking like its answer
    st.setScResults(null);
    useProtection.getState().show(null);
    useContingency.getState().clear();
    setRunning(true);
    setProgress(0);
    setLiveHistory([]);
    try {
      if (inBrowser) await runInBrowser(t0);
      else await runOnServer();
    } catch (e) {
      const pe = pointedError(e);
      st.setError(pe);
      if (pe.element_id) showElements([pe.element_id]);
      const where = [pe.element_id, pe.field].filter(Boolean).join(" · ");
      st.setStatus(`study failed: ${where ? `${where}: ` : ""}${pe.message}`);
    } finally {
      setRunning(false);
      setProgress(null);
      setProgressText(null);
      setServerStudy(null);
    }
  };

  const showStudy = async (s: StudyInfo) => {
    if (!project.id) return;
    const st = useEditor.getState();
    try {
      showResults(s.study_type, (await Api.results(project.id, s.id)).data, s.id, s.source === "browser" ? "browser" : "server");
      st.setStatus(`showing ${STUDY_TYPES[s.study_type as StudyTypeName]?.title ?? s.study_type} study from ${(s.created_at ?? "").slice(0, 19)}`);
    } catch (e) {
      st.setStatus(`could not load results: ${(e as Error).message}`);
    }
  };

  const report = async (s: StudyInfo) => {
    if (!project.id) return;
    const st = useEditor.getState();
    st.setStatus("preparing the report…");
    try {
      st.setStatus(`report downloaded: ${await downloadReport(project.id, s.id)}`);
    } catch (e) {
      st.setStatus(`could not get the report: ${errorText(e)}`);
    }
  };

  const setValue = (name: string, v: RawValue) => setRaw({ ...raw, [studyType]: { ...values, [name]: v } });
  const busIds = network.buses.map((b) => b.id);
  const input = (f: OptionField) => <OptionInput key={f.name} f={f} value={values[f.name]} error={errors[f.name]} onChange={(v) => setValue(f.name, v)} busIds={busIds} />;
  // the convergence plot follows one frame after the diagram's voltages
  const hist = useAfterPaint(useMemo(() => (liveHistory.length ? liveHistory : mismatchSeries(results?.result.history)), [liveHistory, results]));
  const histData = useMemo<uPlot.AlignedData>(() => [hist.map((_, i) => i), hist.map((v) => Math.max(v, 1e-16))], [hist]);
  const histSeries = useMemo<uPlot.Series[]>(() => [{ label: "max mismatch", stroke: "#f5a623", width: 2, points: { show: true } }], []);
  const scDoc = useEditor((s) => s.scResults);

  return (
    <section className="panel study" aria-label="study">
      <h2>
        Study <HelpLink topic="first-study" />
      </h2>
      <div className="row">
        <label>
          Type
          <select value={studyType} onChange={(e) => setStudyType(e.target.value as StudyTypeName)} aria-label="study type">
            {types.map((t) => (
              <option key={t} value={t}>
                {STUDY_TYPES[t].title}
              </option>
            ))}
          </select>
        </label>
        <label>
          Method
          <select value={method} onChange={(e) => setMethods({ ...methods, [studyType]: e.target.value })} aria-label="method" disabled={info.methods.length < 2}>
            {info.methods.map((m) => (
              <option key={m} value={m}>
                {humanize(m)}
              </option>
            ))}
          </select>
        </label>
        {info.runsInBrowser && (
          <label>
            Engine
            <select value={engine} onChange={(e) => setEngine(e.target.value as Engine)} aria-label="engine">
              <option value="auto">Auto (≤ {threshold} buses in browser)</option>
              <option value="browser">Browser (WebAssembly)</option>
              <option value="server">Server</option>
            </select>
          </label>
        )}
      </div>
      <div className="row options" data-testid="study-options">
        {fields.slice(0, INLINE).map(input)}
      </div>
      {fields.length > INLINE && (
        <details className="more-options">
          <summary>More options ({fields.length - INLINE})</summary>
          <div className="row options">{fields.slice(INLINE).map(input)}</div>
        </details>
      )}
      <div className="row">
        <button className="primary" onClick={run} disabled={running || !network.buses.length || Object.keys(errors).length > 0} data-testid="run-study">
          {running ? "Running…" : `Run ${info.title.toLowerCase()}`}
        </button>
        {running && serverStudy && project.id && (
          <button onClick={() => Api.cancelStudy(project.id!, serverStudy).catch(() => undefined)} aria-label="cancel the running study">
            Cancel
          </button>
        )}
        <span className="muted small">{inBrowser ? "in the browser" : "on the server"}</span>
        {info.runsInBrowser && (
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
        )}
      </div>
      {progress != null && (
        <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={progress} aria-label="study progress">
          <div style={{ width: `${progress}%` }} />
        </div>
      )}
      {progress != null && progressText && (
        <p className="muted small" data-testid="study-progress-text">
          {progressText}
        </p>
      )}
      {hist.length > 1 && <Chart data={histData} series={histSeries} height={110} label="convergence: max mismatch per iteration" log />}
      {scDoc && (
        <details>
          <summary>{STUDY_TYPES[STUDY.SHORT_CIRCUIT].title} settings</summary>
          <pre className="small">{JSON.stringify(Object.fromEntries(Object.entries(scDoc).filter(([, v]) => !Array.isArray(v) && typeof v !== "object")), null, 1)}</pre>
        </details>
      )}
      {online && studies.length > 0 && (
        <details>
          <summary>Studies ({studies.length})</summary>
          <ul className="study-list">
            {studies.slice(0, 20).map((s) => (
              <li key={s.id}>
                <span className={`badge ${s.status}`}>{s.status}</span> {STUDY_TYPES[s.study_type as StudyTypeName]?.title ?? s.study_type} {s.analysis_method ? humanize(s.analysis_method) : ""} {s.source === "browser" ? "(browser)" : ""}{" "}
                <span className="muted small">{(s.created_at ?? "").replace("T", " ").slice(0, 19)}</span>{" "}
                {s.status === "completed" && (
                  <button className="link" aria-label={`show results of study ${s.id}`} onClick={() => showStudy(s)}>
                    show
                  </button>
                )}
                {s.status === "completed" && (
                  <button className="link" aria-label={`download the report of study ${s.id}`} data-testid="download-report" onClick={() => report(s)}>
                    Download report
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

