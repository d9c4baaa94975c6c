// The time-current view of a protection path: every curve on log-log axes (Canvas), the fault currents each
// device sees (from the study's IEC 60909 runs), the CTI check points with their margins, and the violation
// ranges shaded. Drag a curve to move it: across changes its pickup, up/down its time dial; the operating times
// and the violations are recomputed in the browser by the engine's formulas (protection/tcc.ts) as you drag, and
// the new setting is applied to the network on release (one undoable edit).
import { useEffect, useMemo, useRef, useState } from "react";
import { Modal } from "./Modal";
import "./protection.css";
import { useEditor } from "../store/editor";
import { updateCommand } from "../editor/commands";
import { pathOf, useProtection } from "../protection/store";
import { buildDevice, checkPair, deviceOperate, sampleDevice, type Device, type ElementSpec, type PairCheck, type RelaySpec, type Rules } from "../protection/tcc";
import { distToPolyline, dragFactors, fmt, iAt, logTicks, tAt, xPx, yPx, type Axes } from "../protection/plot";
import type { ProtectionResult } from "../contract/types";

const COLOURS = ["#4da3ff", "#f5a623", "#7ed321", "#d0021b", "#bd10e0", "#50e3c2", "#f8e71c", "#9013fe", "#b8e986", "#ff7f50"];
const LIST = { relay: "relays", fuse: "fuses", recloser: "reclosers" } as const;
type Kind = keyof typeof LIST;
type Spec = Record<string, unknown> & { id: string };

interface Drag {
  kind: "pan" | "curve";
  x: number;
  y: number;
  axes: Axes;
  id?: string;
  curve?: string;
  spec?: Spec;
}

/** The spec after a drag by factors (fi across, ft up): the pickup scales with fi, the dial with ft. */
export function dragged(kind: Kind, spec: Spec, curve: string, fi: number, ft: number): Spec {
  const r3 = (v: number) => Math.round(v * 1000) / 1000;
  const r1 = (v: number) => Math.round(v * 10) / 10;
  if (kind === "fuse") return spec.rated_a != null ? { ...spec, rated_a: r1(Number(spec.rated_a) * fi) } : spec;
  if (kind === "recloser") {
    const key = curve === "fast" ? "fast_dial" : "delayed_dial";
    return { ...spec, pickup_a: r1(Number(spec.pickup_a) * fi), [key]: r3(Number(spec[key] ?? 1) * ft) };
  }
  const els = (spec as unknown as RelaySpec).elements;
  const ground = curve === "operate_ground";
  const k = els.findIndex((e) => e.in_service !== false && (e.function ?? "51") === (ground ? "51N" : "51"));
  if (k < 0) return spec;
  const el: ElementSpec = { ...els[k] };
  if (el.pickup_a != null) el.pickup_a = r1(el.pickup_a * fi);
  else if (el.tap_a != null) el.tap_a = r3(el.tap_a * fi);
  el.dial = r3((el.dial ?? 1) * ft);
  return { ...spec, elements: els.map((e, j) => (j === k ? el : e)) };
}

/** A one-line setting: "IEC-SI 360 A × 0.25" (relay), "K 40 A" (fuse). */
export function settingText(kind: Kind, spec: Spec, d: Device): string {
  if (kind === "fuse") return `${spec.fuse_type}${spec.rated_a != null ? ` ${spec.rated_a} A` : ""}`;
  if (kind === "recloser") return `${spec.pickup_a} A · delayed × ${spec.delayed_dial ?? 1}`;
  return d.stages.map((s) => (s.fn === "50" || s.fn === "50N" ? `${s.fn} ${fmt(s.pickupA)} A` : `${s.fn} ${s.curve.name} ${fmt(s.pickupA)} A × ${+s.dial.toPrecision(4)}`)).join(" · ");
}

function initialAxes(r: ProtectionResult, ids: string[], scale: (id: string) => number): Omit<Axes, "left" | "top" | "width" | "height"> {
  const lo: number[] = [],
    hi: number[] = [];
  for (const d of r.tcc.devices.filter((x) => ids.includes(x.id)))
    for (const c of d.curves) {
      if (c.i_a.length) lo.push(c.i_a[0] * scale(d.id));
      if (c.i_a.length) hi.push(c.i_a[c.i_a.length - 1] * scale(d.id));
    }
  for (const m of r.tcc.fault_markers.filter((x) => ids.includes(x.device))) hi.push(m.i_a * 2 * scale(m.device));
  const x0 = Math.floor(Math.log10(Math.max(1e-3, Math.min(...lo, 1e9) * 0.7)) * 2) / 2;
  const x1 = Math.max(x0 + 1, Math.ceil(Math.log10(Math.max(...hi, 10)) * 2) / 2);
  return { x0, x1, y0: -2, y1: 3 };
}

export function TccView() {
  const result = useProtection((s) => s.result)!;
  const device = useProtection((s) => s.tccDevice)!;
  const network = useEditor((s) => s.network);
  const path = useMemo(() => pathOf(result, device), [result, device]);
  const info = useMemo(() => new Map(result.devices.map((d) => [d.id, d])), [result]);
  const kinds = useMemo(() => [...new Set(path.map((id) => info.get(id)!.vn_kv))].sort((a, b) => b - a), [path, info]);
  const [baseKv, setBaseKv] = useState(info.get(device)?.vn_kv ?? kinds[0]);
  const scale = (id: string) => (info.get(id)?.vn_kv ?? baseKv) / baseKv;
  const preview = useProtection((s) => s.preview);
  const [overrides, setOverrides] = useState<Record<string, Spec>>(() => (preview ?? {}) as unknown as Record<string, Spec>);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const wrapRef = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ w: 800, h: 480 });
  const range0 = useMemo(() => initialAxes(result, path, scale), [result, path, baseKv]); // eslint-disable-line react-hooks/exhaustive-deps
  const [range, setRange] = useState(range0);
  useEffect(() => setRange(range0), [range0]);
  const drag = useRef<Drag | null>(null);
  const live = useRef<typeof range | null>(null);
  const [dragging, setDragging] = useState<string | null>(null);

  const specOf = (id: string): Spec | null => {
    if (overrides[id]) return overrides[id];
    const kind = info.get(id)!.kind as Kind;
    return ((network as unknown as Record<string, Spec[]>)[LIST[kind]] ?? []).find((e) => e.id === id) ?? null;
  };
  const specs = path.map((id) => [id, specOf(id)] as const).filter((x): x is readonly [string, Spec] => x[1] != null);
  const specKey = JSON.stringify(specs);
  // per device: its setting's key, the device and its sampled curves, so that a drag rebuilds only the dragged one
  const cache = useRef(new Map<string, { key: string; dev: Device; curves: { name: string; i: number[]; t: number[] }[] }>());
  const devices = useMemo(() => {
    const m = new Map<string, Device>();
    for (const [id, spec] of specs) {
      const key = JSON.stringify(spec);
      let c = cache.current.get(id);
      if (!c || c.key !== key) {
        const dev = buildDevice(info.get(id)!.kind as Kind, spec as never);
        const iMax = Math.max(...result.tcc.fault_markers.filter((x) => x.device === id).map((x) => x.i_a), 1) * 4;
        c = { key, dev, curves: sampleDevice(dev, Math.max(iMax, 100 * Math.max(...dev.stages.map((st) => st.pickupA), dev.mm?.iA[0] ?? 1)), 240) };
        cache.current.set(id, c);
      }
      m.set(id, c.dev);
    }
    return m;
  }, [specKey]); // eslint-disable-line react-hooks/exhaustive-deps
  const rules: Rules = { ctiRelayS: result.options.cti_relay_s ?? 0.3, ctiFuseRelayS: result.options.cti_fuse_relay_s ?? 0.2, fuseRatio: result.options.fuse_ratio ?? 0.75 };
  const ground = result.fault === "1ph" || result.fault === "2phg";
  const branches = useMemo(() => new Set(path.map((id) => info.get(id)?.branch).filter(Boolean)), [path, info]);
  const damage = useMemo(() => result.tcc.damage.filter((d) => branches.has(d.element)), [result, branches]);
  const pairs = useMemo(() => result.pairs.filter((p) => devices.has(p.primary) && devices.has(p.backup)), [result, devices]);
  // pair checks are recomputed only for pairs whose devices changed (the same device objects are kept above)
  const pairCache = useRef(new Map<string, { p: Device; b: Device; check: PairCheck }>());
  const checks = useMemo(
    () =>
      new Map<string, PairCheck>(
        pairs.map((pr) => {
          const key = `${pr.primary}>${pr.backup}`;
          const p = devices.get(pr.primary)!,
            b = devices.get(pr.backup)!;
          let c = pairCache.current.get(key);
          if (!c || c.p !== p || c.b !== b) pairCache.current.set(key, (c = { p, b, check: checkPair(p, b, pr.points, ground, rules) }));
          return [key, c.check];
        }),
      ),
    [pairs, devices],
  ); // eslint-disable-line react-hooks/exhaustive-deps
  // curves sampled in each device's own amperes, once per setting (panning only re-projects them)
  const samples = useMemo(() => {
    const out: { id: string; name: string; i: number[]; t: number[]; colour: string }[] = [];
    path.forEach((id, k) => {
      for (const c of cache.current.get(id)?.curves ?? []) out.push({ id, name: c.name, i: c.i, t: c.t, colour: COLOURS[k % COLOURS.length] });
    });
    return out;
  }, [path, devices]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    const el = wrapRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setSize({ w: Math.max(280, el.clientWidth), h: Math.max(260, Math.min(560, el.clientWidth * 0.62)) }));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const axesOf = (r: typeof range): Axes => ({ ...r, left: 52, top: 12, width: size.w - 64, height: size.h - 48 });

  const draw = () => {
    const cv = canvasRef.current;
    if (!cv) return;
    const t0 = performance.now();
    const dpr = window.devicePixelRatio || 1;
    if (cv.width !== Math.round(size.w * dpr)) cv.width = Math.round(size.w * dpr);
    if (cv.height !== Math.round(size.h * dpr)) cv.height = Math.round(size.h * dpr);
    const ctx = cv.getContext("2d")!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const a = axesOf(live.current ?? range);
    const css = getComputedStyle(document.documentElement);
    const fg = css.getPropertyValue("--fg").trim() || "#ddd";
    const grid = css.getPropertyValue("--grid").trim() || "#333";
    ctx.clearRect(0, 0, size.w, size.h);
    ctx.font = "11px system-ui, sans-serif";
    // grid and tick labels
    ctx.lineWidth = 1;
    for (const tk of logTicks(a.x0, a.x1, a.width / (a.x1 - a.x0))) {
      const x = xPx(a, tk.v);
      ctx.strokeStyle = grid;
      ctx.globalAlpha = tk.major ? 1 : 0.45;
      ctx.beginPath();
      ctx.moveTo(x, a.top);
      ctx.lineTo(x, a.top + a.height);
      ctx.stroke();
      ctx.globalAlpha = 1;
      if (tk.major || a.width / (a.x1 - a.x0) > 160) {
        ctx.fillStyle = fg;
        ctx.textAlign = "center";
        ctx.fillText(fmt(tk.v), x, a.top + a.height + 14);
      }
    }
    for (const tk of logTicks(a.y0, a.y1, a.height / (a.y1 - a.y0))) {
      const y = yPx(a, tk.v);
      ctx.strokeStyle = grid;
      ctx.globalAlpha = tk.major ? 1 : 0.45;
      ctx.beginPath();
      ctx.moveTo(a.left, y);
      ctx.lineTo(a.left + a.width, y);
      ctx.stroke();
      ctx.globalAlpha = 1;
      if (tk.major) {
        ctx.fillStyle = fg;
        ctx.textAlign = "right";
        ctx.fillText(fmt(tk.v), a.left - 4, y + 4);
      }
    }
    ctx.textAlign = "left";
    ctx.fillText(`I (A at ${baseKv} kV)`, a.left + a.width - 110, a.top + a.height + 30);
    ctx.save();
    ctx.translate(12, a.top + 60);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText("t (s)", 0, 0);
    ctx.restore();
    ctx.save();
    ctx.beginPath();
    ctx.rect(a.left, a.top, a.width, a.height);
    ctx.clip();
    // violation ranges of the path's pairs (primary currents), shaded
    ctx.fillStyle = "rgba(208, 2, 27, 0.16)";
    for (const p of pairs) {
      const c = checks.get(`${p.primary}>${p.backup}`)!;
      for (const [i0, i1] of c.violationRanges) {
        const x0 = xPx(a, i0 * scale(p.primary)),
          x1 = xPx(a, i1 * scale(p.primary));
        ctx.fillRect(x0, a.top, Math.max(2, x1 - x0), a.height);
      }
    }
    // fault currents each device sees (max solid, min dashed)
    for (const m of result.tcc.fault_markers.filter((x) => path.includes(x.device))) {
      const x = xPx(a, m.i_a * scale(m.device));
      ctx.strokeStyle = COLOURS[path.indexOf(m.device) % COLOURS.length];
      ctx.setLineDash(m.case === "max" ? [] : [3, 3]);
      ctx.globalAlpha = 0.6;
      ctx.beginPath();
      ctx.moveTo(x, a.top);
      ctx.lineTo(x, a.top + a.height);
      ctx.stroke();
      ctx.globalAlpha = 1;
      // labelled for the selected device and its first backup (a long path's labels would pile up)
      if (path.indexOf(m.device) < 2) {
        ctx.fillStyle = fg;
        ctx.fillText(`${m.device} ${m.case}`, x + 3, a.top + 12 + 12 * path.indexOf(m.device));
      }
    }
    ctx.setLineDash([]);
    // damage curves (cable I²t, transformer through-fault) of the branches the path's devices sit on
    ctx.strokeStyle = css.getPropertyValue("--muted").trim() || "#888";
    ctx.lineWidth = 1.5;
    ctx.setLineDash([8, 4]);
    for (const d of damage) {
      const k = d.vn_kv / baseKv;
      ctx.beginPath();
      d.i_a.forEach((i, j) => (j ? ctx.lineTo(xPx(a, i * k), yPx(a, d.t_s[j])) : ctx.moveTo(xPx(a, i * k), yPx(a, d.t_s[j]))));
      ctx.stroke();
      const j = Math.floor(d.i_a.length / 2);
      ctx.fillStyle = ctx.strokeStyle;
      ctx.fillText(`${d.element} damage`, xPx(a, d.i_a[j] * k) + 4, yPx(a, d.t_s[j]) - 4);
    }
    ctx.setLineDash([]);
    // curves
    for (const s of samples) {
      const k = scale(s.id);
      ctx.strokeStyle = s.colour;
      ctx.lineWidth = dragging === s.id ? 3 : 2;
      ctx.setLineDash(s.name === "min_melting" || s.name === "fast" ? [6, 3] : s.name === "operate_ground" ? [2, 2] : []);
      ctx.beginPath();
      let pen = false;
      for (let j = 0; j < s.i.length; j++) {
        const t = s.t[j];
        if (!Number.isFinite(t) || t <= 0) {
          pen = false;
          continue;
        }
        const x = xPx(a, s.i[j] * k),
          y = yPx(a, t);
        if (pen) ctx.lineTo(x, y);
        else ctx.moveTo(x, y);
        pen = true;
      }
      ctx.stroke();
    }
    ctx.setLineDash([]);
    // CTI check points: primary and backup times at each fault point, joined, red where short
    for (const p of pairs) {
      const c = checks.get(`${p.primary}>${p.backup}`)!;
      for (const q of c.points) {
        if (q.t_primary_s == null || q.t_backup_s == null) continue;
        const x = xPx(a, q.i_primary_a * scale(p.primary));
        const y1 = yPx(a, q.t_primary_s),
          y2 = yPx(a, q.t_backup_s);
        ctx.strokeStyle = ctx.fillStyle = q.ok ? "#3cb371" : "#ff3b30";
        ctx.lineWidth = 2;
        ctx.beginPath();
        ctx.moveTo(x, y1);
        ctx.lineTo(x, y2);
        ctx.stroke();
        ctx.beginPath();
        ctx.arc(x, y1, 3, 0, 2 * Math.PI);
        ctx.arc(x, y2, 3, 0, 2 * Math.PI);
        ctx.fill();
      }
    }
    ctx.restore();
    ctx.strokeStyle = fg;
    ctx.lineWidth = 1;
    ctx.strokeRect(a.left, a.top, a.width, a.height);
    const sink = (window as unknown as { __tccFrames?: number[] }).__tccFrames;
    sink?.push(performance.now() - t0);
  };
  const raf = useRef(0);
  const schedule = () => {
    cancelAnimationFrame(raf.current);
    raf.current = requestAnimationFrame(draw);
  };
  useEffect(schedule); // every render (settings, axes, size) repaints once

  const local = (e: React.PointerEvent | React.WheelEvent) => {
    const r = canvasRef.current!.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  const hitCurve = (x: number, y: number) => {
    const a = axesOf(range);
    let best: { id: string; name: string; d: number } | null = null;
    for (const s of samples) {
      const k = scale(s.id);
      const xs = s.i.map((i) => xPx(a, i * k)),
        ys = s.t.map((t) => (Number.isFinite(t) && t > 0 ? yPx(a, t) : NaN));
      const d = distToPolyline(xs, ys, x, y);
      if (d < 8 && (!best || d < best.d)) best = { id: s.id, name: s.name, d };
    }
    return best;
  };
  const onDown = (e: React.PointerEvent) => {
    (e.target as Element).setPointerCapture?.(e.pointerId);
    const { x, y } = local(e);
    const hit = hitCurve(x, y);
    const spec = hit ? specOf(hit.id) : null;
    if (hit && spec) {
      drag.current = { kind: "curve", x, y, axes: axesOf(range), id: hit.id, curve: hit.name, spec };
      setDragging(hit.id);
    } else drag.current = { kind: "pan", x, y, axes: axesOf(range) };
  };
  const onMove = (e: React.PointerEvent) => {
    const d = drag.current;
    if (!d) return;
    const { x, y } = local(e);
    const f = dragFactors(d.axes, x - d.x, y - d.y);
    if (d.kind === "pan") {
      // pan without re-rendering React: shift the axes, repaint on the next frame
      const lx = Math.log10(f.i),
        ly = Math.log10(f.t);
      live.current = { x0: d.axes.x0 - lx, x1: d.axes.x1 - lx, y0: d.axes.y0 - ly, y1: d.axes.y1 - ly };
      schedule();
    } else {
      const kind = info.get(d.id!)!.kind as Kind;
      setOverrides((o) => ({ ...o, [d.id!]: dragged(kind, d.spec!, d.curve!, f.i, f.t) }));
    }
  };
  const onUp = () => {
    const d = drag.current;
    drag.current = null;
    setDragging(null);
    if (d?.kind === "pan" && live.current) {
      setRange(live.current);
      live.current = null;
    } else if (d?.kind === "curve" && overrides[d.id!]) {
      const st = useEditor.getState();
      const after = overrides[d.id!];
      const patch = Object.fromEntries(Object.entries(after).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(d.spec![k])));
      if (Object.keys(patch).length) st.run(updateCommand(st.network, d.id!, patch, `TCC: ${d.id} ${settingText(info.get(d.id!)!.kind as Kind, after, devices.get(d.id!)!)}`));
      setOverrides((o) => {
        const { [d.id!]: _, ...rest } = o; // eslint-disable-line @typescript-eslint/no-unused-vars
        return rest;
      });
    }
  };
  const onWheel = (e: React.WheelEvent) => {
    const { x, y } = local(e);
    const a = axesOf(range);
    const k = Math.exp(e.deltaY * 0.0015);
    const li = Math.log10(iAt(a, x)),
      lt = Math.log10(tAt(a, y));
    setRange({ x0: li - (li - a.x0) * k, x1: li + (a.x1 - li) * k, y0: lt - (lt - a.y0) * k, y1: lt + (a.y1 - lt) * k });
  };

  const markers = (id: string, c: "max" | "min") => result.tcc.fault_markers.find((m) => m.device === id && m.case === c);
  const timeAt = (id: string, c: "max" | "min") => {
    const m = markers(id, c);
    const d = devices.get(id);
    if (!m || !d) return "—";
    const t = deviceOperate(d, m.i_a, ground);
    return Number.isFinite(t) ? `${t.toFixed(3)} s` : "no trip";
  };
  const bad = [...checks.values()].filter((c) => !c.ok).length;
  return (
    <Modal
      title="Time-current curves"
      className="tcc-modal"
      onClose={() => useProtection.getState().openTcc(null)}
      badge={
        <span className={`badge ${bad ? "bad" : "ok"}`} data-testid="tcc-violations">
          {bad ? `${bad} pair(s) short of margin` : "coordinated"}
        </span>
      }
    >
      <div className="row small">
        <label>
          Voltage base
          <select value={baseKv} onChange={(e) => setBaseKv(Number(e.target.value))} aria-label="voltage base of the current axis">
            {kinds.map((v) => (
              <option key={v} value={v}>
                {v} kV
              </option>
            ))}
          </select>
        </label>
        {preview && (
          <span className="badge warn" data-testid="tcc-preview">
            preview of the automatic coordination (not applied)
          </span>
        )}
        <span className="muted">Path: {path.join(" → ")} · drag a curve: across = pickup, up/down = time dial · drag the background to pan, wheel to zoom</span>
        <button onClick={() => setRange(range0)}>Reset view</button>
      </div>
      <div className="tcc-body">
        <div ref={wrapRef} className="tcc-canvas-wrap">
          <canvas
            ref={canvasRef}
            data-testid="tcc-canvas"
            data-axes={JSON.stringify(axesOf(range))}
            role="img"
            aria-label={`time-current curves of ${path.join(", ")}`}
            style={{ width: size.w, height: size.h, touchAction: "none", cursor: dragging ? "grabbing" : "crosshair" }}
            onPointerDown={onDown}
            onPointerMove={onMove}
            onPointerUp={onUp}
            onPointerCancel={onUp}
            onWheel={onWheel}
          />
        </div>
        <div className="tcc-side">
          <table aria-label="operating times" className="small">
            <thead>
              <tr>
                <th>Device</th>
                <th>Setting</th>
                <th title="operate time at the largest fault current it sees in its zone">t at I max</th>
                <th title="operate time at the smallest fault current it sees in its zone">t at I min</th>
              </tr>
            </thead>
            <tbody>
              {path.map((id, k) => {
                const d = devices.get(id);
                const spec = specOf(id);
                return (
                  <tr key={id} data-device={id}>
                    <td>
                      <span className="swatch" style={{ background: COLOURS[k % COLOURS.length] }} /> {id}
                    </td>
                    <td data-testid={`tcc-setting-${id}`}>{d && spec ? settingText(info.get(id)!.kind as Kind, spec, d) : "—"}</td>
                    <td data-testid={`tcc-time-${id}-max`}>{timeAt(id, "max")}</td>
                    <td data-testid={`tcc-time-${id}-min`}>{timeAt(id, "min")}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <table aria-label="coordination margins" className="small">
            <thead>
              <tr>
                <th>Backup over primary</th>
                <th>Min margin</th>
                <th>Required</th>
              </tr>
            </thead>
            <tbody>
              {pairs.map((p) => {
                const c = checks.get(`${p.primary}>${p.backup}`)!;
                return (
                  <tr key={`${p.primary}>${p.backup}`} className={c.ok ? "" : "over"} data-testid={`tcc-pair-${p.primary}-${p.backup}`} data-ok={c.ok ? "1" : "0"}>
                    <td>
                      {p.backup} over {p.primary}
                    </td>
                    <td>{c.minMarginS == null ? "—" : `${c.minMarginS.toFixed(3)} s`}</td>
                    <td>
                      {c.requiredS} s {c.ok ? "✓" : `✗ ${c.violationRanges.map(([a, b]) => `${fmt(a)}–${fmt(b)} A`).join(", ")}`}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </div>
    </Modal>
  );
}
