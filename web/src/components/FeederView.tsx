// A three-phase feeder project (an OpenDSS import): the feeder drawn with its phases per line (a, b, c as parallel
// strokes in fixed slots, so a lateral's missing phases show as gaps), the unbalanced power flow run on the server,
// each bus with its three phase voltages on the diagram, the voltage profile along the feeder (per phase, by
// distance from the source), and per-phase tables: bus voltages and angles, line currents, regulator taps.
import { useEffect, useMemo, useRef, useState } from "react";
import { Api, errorText, type Project } from "../api/client";
import { STUDY, STUDY_TYPES } from "../contract/studies";
import type { UnbalancedResultModel } from "../contract/types";
import { busRows, distances, edges, lineRows, profileSegments, type BusRow, type FeederModel } from "../feeder/profile";
import { humanize } from "../studies/options";
import "./feeder.css";

export const PHASE_COLOURS = ["#f08c00", "#2fb344", "#3b8cf5"];
const PHASES = ["a", "b", "c"];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const f4 = (v: number | null | undefined) => (v == null ? "—" : v.toFixed(4));
const f2 = (v: number | null | undefined) => (v == null ? "—" : v.toFixed(2));
const f1 = (v: number | null | undefined) => (v == null ? "—" : v.toFixed(1));

type Pos = Map<string, { x: number; y: number }>;

/** Bus positions: the diagram's (from the file's BusCoords), the others below their upstream bus. */
export function feederPositions(f: FeederModel, diagram: Project["diagram"]): Pos {
  const pos: Pos = new Map();
  for (const [id, p] of Object.entries(diagram?.elements ?? {})) if (p && p.x != null && p.y != null) pos.set(id, { x: p.x, y: p.y });
  const { km, parent } = distances(f);
  const order = [...km.keys()].sort((a, b) => km.get(a)! - km.get(b)!);
  const kids = new Map<string, number>();
  for (const b of order) {
    if (pos.has(b)) continue;
    const e = parent.get(b);
    const up = e ? (e.from === b ? e.to : e.from) : null;
    const base = up ? pos.get(up) : undefined;
    const k = up ? (kids.get(up) ?? 0) : pos.size;
    if (up) kids.set(up, k + 1);
    pos.set(b, base ? { x: base.x + 90 * k, y: base.y + 90 } : { x: 100 + 120 * k, y: 100 });
  }
  return pos;
}

function FeederDiagram({ feeder, pos, rows, selected, onPick }: { feeder: FeederModel; pos: Pos; rows: Map<string, BusRow>; selected: string | null; onPick: (bus: string) => void }) {
  const xs = [...pos.values()].map((p) => p.x),
    ys = [...pos.values()].map((p) => p.y);
  // room around the buses for their label blocks (above-right of each bus), in drawing units
  const fit = useMemo(() => {
    const sx = Math.max(...xs) - Math.min(...xs),
      sy = Math.max(...ys) - Math.min(...ys);
    const pad = 0.08 * Math.max(sx, sy, 100) + 30;
    return { x: Math.min(...xs) - pad, y: Math.min(...ys) - 1.6 * pad, w: sx + 2.8 * pad, h: sy + 2.4 * pad };
  }, [pos]); // eslint-disable-line react-hooks/exhaustive-deps
  const [vb, setVb] = useState(fit);
  useEffect(() => setVb(fit), [fit]);
  const svg = useRef<SVGSVGElement>(null);
  const drag = useRef<{ x: number; y: number; vb: typeof vb } | null>(null);
  const [cw, setCw] = useState(800);
  useEffect(() => {
    const ro = new ResizeObserver(() => setCw(svg.current?.clientWidth || 800));
    if (svg.current) ro.observe(svg.current);
    return () => ro.disconnect();
  }, []);
  // drawing units per screen pixel: strokes, marks and labels keep their screen size at any zoom
  const px = Math.max(vb.w / cw, vb.h / (svg.current?.clientHeight || cw * 0.75 || 1));
  const scale = () => px;
  const wires = useMemo(() => edges(feeder), [feeder]);
  // level of detail: the three voltages of every bus only when buses are far enough apart on screen to read them
  const minSep = useMemo(() => {
    const ps = [...pos.values()];
    if (ps.length > 3000) return 0;
    let best = Infinity;
    for (let i = 0; i < ps.length; i++) for (let j = i + 1; j < ps.length; j++) best = Math.min(best, Math.hypot(ps[i].x - ps[j].x, ps[i].y - ps[j].y));
    return best;
  }, [pos]);
  const detailed = minSep / px >= 60;
  const zoom = (k: number) => setVb((v) => ({ x: v.x + (v.w * (1 - k)) / 2, y: v.y + (v.h * (1 - k)) / 2, w: v.w * k, h: v.h * k }));
  return (
    <>
      <svg
        ref={svg}
        className="feeder-diagram"
        data-detail={detailed ? "full" : "names"}
        data-testid="feeder-diagram"
        viewBox={`${vb.x} ${vb.y} ${vb.w} ${vb.h}`}
        role="img"
        aria-label={`three-phase diagram of ${feeder.name}`}
        onWheel={(e) => {
          const k = Math.exp(e.deltaY * 0.0015);
          const r = svg.current!.getBoundingClientRect();
          const mx = vb.x + ((e.clientX - r.left) / r.width) * vb.w,
            my = vb.y + ((e.clientY - r.top) / r.height) * vb.h;
          setVb({ x: mx - (mx - vb.x) * k, y: my - (my - vb.y) * k, w: vb.w * k, h: vb.h * k });
        }}
        onPointerDown={(e) => {
          (e.target as Element).setPointerCapture?.(e.pointerId);
          drag.current = { x: e.clientX, y: e.clientY, vb };
        }}
        onPointerMove={(e) => {
          const d = drag.current;
          if (d) setVb({ ...d.vb, x: d.vb.x - (e.clientX - d.x) * scale(), y: d.vb.y - (e.clientY - d.y) * scale() });
        }}
        onPointerUp={() => (drag.current = null)}
      >
        {wires.map((w) => {
          const a = pos.get(w.from),
            b = pos.get(w.to);
          if (!a || !b) return null;
          const L = Math.hypot(b.x - a.x, b.y - a.y) || 1;
          const nx = -(b.y - a.y) / L,
            ny = (b.x - a.x) / L;
          const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
          return (
            <g key={w.id} className={`feeder-edge ${w.kind}`} data-edge={w.id} data-phases={w.phases.join("")}>
              {w.phases.map((p) => {
                const o = (p - 2) * 3.5 * px;
                return (
                  <line
                    key={p}
                    x1={a.x + nx * o}
                    y1={a.y + ny * o}
                    x2={b.x + nx * o}
                    y2={b.y + ny * o}
                    stroke={PHASE_COLOURS[p - 1]}
                    strokeWidth={2.2 * px}
                    className="phase"
                    data-phase={PHASES[p - 1]}
                  />
                );
              })}
              {w.kind === "transformer" && (
                <g className="xfmr">
                  <circle cx={mid.x - nx * 5 * px} cy={mid.y - ny * 5 * px} r={8 * px} strokeWidth={1.5 * px} />
                  <circle cx={mid.x + nx * 5 * px} cy={mid.y + ny * 5 * px} r={8 * px} strokeWidth={1.5 * px} />
                </g>
              )}
              {w.kind === "switch" && <rect x={mid.x - 6 * px} y={mid.y - 6 * px} width={12 * px} height={12 * px} strokeWidth={px} className="switch" />}
            </g>
          );
        })}
        {[...pos].map(([bus, p]) => {
          const r = rows.get(bus);
          return (
            <g key={bus} className={`feeder-bus${selected === bus ? " selected" : ""}`} data-bus={bus} onClick={() => onPick(bus)} role="button" aria-label={`bus ${bus}`}>
              <circle cx={p.x} cy={p.y} r={(selected === bus ? 7 : 5) * px} />
              {/* the label block sits above-right of the bus: clear of wires leaving it across or downwards */}
              <text
                x={p.x + 8 * px}
                y={p.y - (8 + 12 * (r && (detailed || selected === bus) ? r.v.filter((v) => v != null).length : 0)) * px}
                className="bus-name"
                fontSize={12 * px}
                strokeWidth={3 * px}
              >
                {bus}
              </text>
              {r &&
                (detailed || selected === bus) &&
                r.v
                  .map((v, k) => [v, k] as const)
                  .filter(([v]) => v != null)
                  .map(([v, k], j, all) => (
                    <text
                      key={k}
                      x={p.x + 8 * px}
                      y={p.y - (6 + 12 * (all.length - 1 - j)) * px}
                      fill={PHASE_COLOURS[k]}
                      fontSize={11 * px}
                      strokeWidth={3 * px}
                      className="bus-v"
                      data-testid={`diagram-v-${bus}-${PHASES[k]}`}
                    >
                      {PHASES[k]} {v!.toFixed(4)}
                    </text>
                  ))}
            </g>
          );
        })}
      </svg>
      <div className="zoom-controls" role="toolbar" aria-label="zoom">
        <button aria-label="zoom in" onClick={() => zoom(0.8)}>
          +
        </button>
        <button aria-label="zoom out" onClick={() => zoom(1.25)}>
          −
        </button>
        <button aria-label="fit to screen" onClick={() => setVb(fit)}>
          ⤢
        </button>
      </div>
      {!detailed && <div className="muted small feeder-hint">zoom in (or tap a bus) for its phase voltages</div>}
    </>
  );
}

/** The voltage profile: per phase, one segment per line from its upstream bus to its downstream bus. */
function Profile({ feeder, rows, onPick }: { feeder: FeederModel; rows: BusRow[]; onPick: (bus: string) => void }) {
  const segs = useMemo(() => profileSegments(feeder, rows), [feeder, rows]);
  const ref = useRef<HTMLDivElement>(null);
  const [w, setW] = useState(600);
  useEffect(() => {
    const ro = new ResizeObserver(() => setW(Math.max(280, ref.current?.clientWidth ?? 600)));
    if (ref.current) ro.observe(ref.current);
    return () => ro.disconnect();
  }, []);
  const h = 220,
    L = 48,
    R = 12,
    T = 10,
    B = 30;
  const vs = rows.flatMap((r) => r.v.filter((v): v is number => v != null));
  const xMax = Math.max(...rows.map((r) => r.km ?? 0), 1e-3);
  const v0 = Math.min(0.95, ...vs) - 0.005,
    v1 = Math.max(1.05, ...vs) + 0.005;
  const X = (km: number) => L + (km / xMax) * (w - L - R);
  const Y = (v: number) => T + (1 - (v - v0) / (v1 - v0)) * (h - T - B);
  const yt = Array.from({ length: Math.floor((v1 - v0) / 0.025) + 1 }, (_, k) => Math.ceil(v0 / 0.025) * 0.025 + 0.025 * k).filter((v) => v <= v1);
  const step = [0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10].find((s) => xMax / s <= 8) ?? 20;
  const xt = Array.from({ length: Math.floor(xMax / step) + 1 }, (_, k) => k * step);
  return (
    <div ref={ref} className="feeder-profile">
      <svg width={w} height={h} role="img" aria-label="voltage profile along the feeder, per phase" data-testid="voltage-profile">
        {yt.map((v) => (
          <g key={v}>
            <line x1={L} x2={w - R} y1={Y(v)} y2={Y(v)} className={Math.abs(v - 0.95) < 1e-9 || Math.abs(v - 1.05) < 1e-9 ? "limit" : "grid"} />
            <text x={L - 4} y={Y(v) + 4} textAnchor="end">
              {v.toFixed(3)}
            </text>
          </g>
        ))}
        {xt.map((x) => (
          <g key={x}>
            <line x1={X(x)} x2={X(x)} y1={T} y2={h - B} className="grid" />
            <text x={X(x)} y={h - B + 14} textAnchor="middle">
              {+x.toFixed(2)}
            </text>
          </g>
        ))}
        <text x={w - R} y={h - 4} textAnchor="end">
          distance from the source, km
        </text>
        <text x={4} y={T + 8}>
          |V| pu
        </text>
        {segs.map((s, k) => (
          <line key={k} x1={X(s.x0)} y1={Y(s.v0)} x2={X(s.x1)} y2={Y(s.v1)} stroke={PHASE_COLOURS[s.phase]} strokeWidth={2} data-phase={PHASES[s.phase]} data-edge={s.edge} />
        ))}
        {rows.map((r) =>
          r.v.map((v, k) =>
            v == null || r.km == null ? null : (
              <circle key={`${r.bus}${k}`} cx={X(r.km)} cy={Y(v)} r={3} fill={PHASE_COLOURS[k]} onClick={() => onPick(r.bus)}>
                <title>{`${r.bus} phase ${PHASES[k]}: ${v.toFixed(4)} pu at ${r.km.toFixed(3)} km`}</title>
              </circle>
            ),
          ),
        )}
      </svg>
      <div className="legend small">
        {PHASES.map((p, k) => (
          <span key={p}>
            <span className="swatch" style={{ background: PHASE_COLOURS[k] }} /> phase {p}
          </span>
        ))}
      </div>
    </div>
  );
}

function Tables({ rows, result, selected, onPick }: { rows: BusRow[]; result: UnbalancedResultModel; selected: string | null; onPick: (bus: string) => void }) {
  const [tab, setTab] = useState<"buses" | "lines" | "taps">("buses");
  const lines = useMemo(() => lineRows(result), [result]);
  return (
    <div>
      <div role="tablist" className="tabs">
        <button role="tab" aria-selected={tab === "buses"} onClick={() => setTab("buses")}>
          Buses ({rows.length})
        </button>
        <button role="tab" aria-selected={tab === "lines"} onClick={() => setTab("lines")}>
          Lines ({lines.length})
        </button>
        <button role="tab" aria-selected={tab === "taps"} onClick={() => setTab("taps")}>
          Regulators ({result.taps.length})
        </button>
      </div>
      <div className="table-scroll">
        {tab === "buses" && (
          <table aria-label="bus phase voltages" data-testid="feeder-bus-table">
            <thead>
              <tr>
                <th>Bus</th>
                <th>km</th>
                {PHASES.map((p) => (
                  <th key={p}>|V|{p} pu</th>
                ))}
                {PHASES.map((p) => (
                  <th key={p}>∠{p} °</th>
                ))}
                <th title="negative / positive sequence of the phase voltages">VUF %</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.bus} data-bus={r.bus} className={selected === r.bus ? "selected" : ""} onClick={() => onPick(r.bus)}>
                  <td>{r.bus}</td>
                  <td>{r.km == null ? "—" : r.km.toFixed(3)}</td>
                  {r.v.map((v, k) => (
                    <td key={k} data-testid={`v-${r.bus}-${PHASES[k]}`} className={v != null && (v < 0.95 || v > 1.05) ? "over" : ""}>
                      {f4(v)}
                    </td>
                  ))}
                  {r.ang.map((a, k) => (
                    <td key={k} data-testid={`ang-${r.bus}-${PHASES[k]}`}>
                      {f2(a)}
                    </td>
                  ))}
                  <td>{f2(r.vuf)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {tab === "lines" && (
          <table aria-label="line currents per phase" data-testid="feeder-line-table">
            <thead>
              <tr>
                <th>Element</th>
                <th>Kind</th>
                <th>From</th>
                <th>To</th>
                {PHASES.map((p) => (
                  <th key={p}>I{p} A</th>
                ))}
                <th>Losses kW</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l) => (
                <tr key={`${l.kind}.${l.id}`} data-line={l.id}>
                  <td>{l.id}</td>
                  <td>{l.kind}</td>
                  <td>{l.bus1}</td>
                  <td>{l.bus2}</td>
                  {l.i.map((v, k) => (
                    <td key={k} data-testid={`i-${l.id}-${PHASES[k]}`}>
                      {f1(v)}
                    </td>
                  ))}
                  <td>{l.lossKw.toFixed(2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {tab === "taps" && (
          <table aria-label="regulator taps" data-testid="feeder-tap-table">
            <thead>
              <tr>
                <th>Regulator</th>
                <th>Transformer</th>
                <th>Tap step</th>
                <th>Tap pu</th>
              </tr>
            </thead>
            <tbody>
              {result.taps.map((t) => (
                <tr key={t.regulator}>
                  <td>{t.regulator}</td>
                  <td>{t.transformer}</td>
                  <td data-testid={`tap-${t.regulator}`}>{t.tap_step}</td>
                  <td>{t.tap_pu.toFixed(5)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}

export function FeederView({ project, onBack }: { project: Project; onBack: () => void }) {
  const feeder = project.network as unknown as FeederModel;
  const info = STUDY_TYPES[STUDY.UNBALANCED_POWER_FLOW];
  const [method, setMethod] = useState(info.methods[0]);
  const [controls, setControls] = useState<"script" | "on" | "off">("script");
  const [result, setResult] = useState<UnbalancedResultModel | null>(null);
  const [status, setStatus] = useState("");
  const [running, setRunning] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const pos = useMemo(() => feederPositions(feeder, project.diagram), [feeder, project.diagram]);
  const rows = useMemo(() => (result ? busRows(feeder, result) : []), [feeder, result]);
  const rowMap = useMemo(() => new Map(rows.map((r) => [r.bus, r])), [rows]);

  // the latest finished unbalanced study of the project, if any
  useEffect(() => {
    Api.listStudies(project.id)
      .then(async (r) => {
        const s = (r.data.studies ?? []).find((x) => x.study_type === STUDY.UNBALANCED_POWER_FLOW && x.status === "completed");
        if (s) {
          setResult((await Api.results(project.id, s.id)).data as unknown as UnbalancedResultModel);
          setStatus(`showing the study of ${(s.created_at ?? "").replace("T", " ").slice(0, 19)}`);
        }
      })
      .catch(() => undefined);
  }, [project.id]);

  const run = async () => {
    setRunning(true);
    setStatus("running on the server…");
    try {
      const { data } = await Api.createStudy(project.id, { study_type: STUDY.UNBALANCED_POWER_FLOW, analysis_method: method, parameters: { controls } });
      let s = { status: data.status } as { status: string; error_message?: string | null };
      for (let i = 0; i < 2400 && !["completed", "failed", "cancelled"].includes(s.status); i++) {
        await sleep(i < 10 ? 150 : 500);
        s = (await Api.getStudy(project.id, data.id)).data;
      }
      if (s.status !== "completed") throw new Error(s.error_message ?? `study ${s.status}`);
      const r = (await Api.results(project.id, data.id)).data as unknown as UnbalancedResultModel;
      setResult(r);
      setStatus(`${info.title}: ${r.converged ? "converged" : "not converged"} in ${r.iterations} iterations, ${r.control_iterations} control iteration(s)`);
    } catch (e) {
      setStatus(`study failed: ${errorText(e)}`);
    } finally {
      setRunning(false);
    }
  };

  return (
    <div className="feeder-view">
      <header className="topbar" role="banner">
        <button onClick={onBack} aria-label="back to projects">
          ← Projects
        </button>
        <h1 className="project-name" data-testid="project-name">
          {project.name}
        </h1>
        <span className="muted small">
          three-phase feeder · {pos.size} buses · {feeder.lines.length} lines · {feeder.transformers.length} transformers · {feeder.loads.length} loads
        </span>
      </header>
      <div className="feeder-workspace">
        <main className="feeder-main" aria-label="feeder diagram">
          <FeederDiagram feeder={feeder} pos={pos} rows={rowMap} selected={selected} onPick={setSelected} />
          <div className="legend small feeder-legend">
            {PHASES.map((p, k) => (
              <span key={p}>
                <span className="swatch" style={{ background: PHASE_COLOURS[k] }} /> {p}
              </span>
            ))}
          </div>
        </main>
        <aside className="panel feeder-side" aria-label="study">
          <h2>{info.title}</h2>
          <div className="row">
            <label>
              Method
              <select value={method} onChange={(e) => setMethod(e.target.value)} aria-label="method">
                {info.methods.map((m) => (
                  <option key={m} value={m}>
                    {humanize(m)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Controls
              <select value={controls} onChange={(e) => setControls(e.target.value as typeof controls)} aria-label="regulator and capacitor controls">
                <option value="script">as the script sets</option>
                <option value="on">on</option>
                <option value="off">off (taps as given)</option>
              </select>
            </label>
            <button className="primary" onClick={run} disabled={running} data-testid="run-unbalanced">
              {running ? "Running…" : "Run on the server"}
            </button>
          </div>
          <p className="muted small" role="status" data-testid="feeder-status">
            {status}
          </p>
          {result && (
            <p className="small" data-testid="feeder-totals">
              source {result.totals.source_p_kw.toFixed(1)} kW / {result.totals.source_q_kvar.toFixed(1)} kvar · load {result.totals.load_p_kw.toFixed(1)} kW · losses{" "}
              {result.totals.losses_kw.toFixed(2)} kW (a/b/c {result.totals.losses_kw_per_phase.map((x) => x.toFixed(1)).join(" / ")})
            </p>
          )}
          {result && <Profile feeder={feeder} rows={rows} onPick={setSelected} />}
        </aside>
      </div>
      {result && (
        <section className="panel results feeder-tables" aria-label="per-phase results">
          <Tables rows={rows} result={result} selected={selected} onPick={setSelected} />
        </section>
      )}
    </div>
  );
}
