import { memo, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { docOf, useEditor } from "../store/editor";
import { bendRoute, moveWaypoint, boxSelect, buildIndex, buildScene, hitTest, nearestBus, trafo3Circles, type BranchShape, type BusShape, type NodeShape, type Pt, type Trafo3Shape } from "../editor/scene";
import { addCommand, applyChanges, moveCommand, resizeCommand, routeCommand, type Command, type Doc } from "../editor/commands";
import { listOf, newAttached, newBranch, newBus, PALETTE } from "../editor/factory";
import type { BranchResult, BusResult } from "../model/elements";
import { deviceMarks, locationAt, newDevice } from "../protection/placement";
import { DeviceMarks } from "./DeviceMarks";
import { busNameText, busScAt, nodeLabelAt, obstacles, placeBusLabels, placeLabels, type BusLabelPos, type LabelRequest } from "../editor/labels";
import { useContingency } from "../store/contingency";
import { overlayResults } from "./contingencyOverlay";
import type { Mark } from "../studies/contingency";

const energized = (r: BusResult) => r.energized && r.vm_pu != null && Number.isFinite(r.vm_pu);
const busResultText = (r: BusResult) => (energized(r) ? `${r.vm_pu!.toFixed(4)} pu${r.va_deg != null ? ` ∠${r.va_deg.toFixed(2)}°` : ""}` : "de-energized");
const flowText = (res: BranchResult) => [res.p_from_mw != null ? `${Math.abs(res.p_from_mw).toFixed(1)} MW` : "", res.loading_percent != null ? `${res.loading_percent.toFixed(0)}%` : ""].filter(Boolean).join(" · ");
const scText = (sc: { f: number; t: number }) => `${Math.max(sc.f, sc.t).toFixed(2)} kA`;

export function voltageBand(vm: number | null | undefined, live = true): string {
  if (!live || vm == null || !Number.isFinite(vm)) return "deenergized";
  if (vm < 0.95) return "low";
  if (vm < 0.97) return "warn";
  if (vm <= 1.05) return "ok";
  return "high";
}

const BAND_COLOR: Record<string, string> = { deenergized: "var(--deenergized)", low: "var(--v-low)", warn: "var(--v-warn)", ok: "var(--v-ok)", high: "var(--v-high)" };
export const voltageColor = (vm: number | null | undefined, live = true) => BAND_COLOR[voltageBand(vm, live)];

interface View {
  tx: number;
  ty: number;
  k: number;
}

type Drag =
  | { kind: "move"; start: Pt; ids: string[] }
  | { kind: "pan"; start: Pt; view: View }
  | { kind: "box"; start: Pt }
  | { kind: "resize"; id: string; start: Pt; len: number; side: 1 | -1 }
  /** drag a wire segment: bends the route (waypoints) */
  | { kind: "bend"; id: string; seg: number; start: Pt; points: Pt[] }
  /** drag one of a selected branch's waypoints */
  | { kind: "waypoint"; id: string; index: number; start: Pt; waypoints: Pt[] };

const samePt = (p?: Pt, q?: Pt) => p === q || (!!p && !!q && p.x === q.x && p.y === q.y);
const pathOf = (pts: Pt[]) => pts.map((p, i) => `${i ? "L" : "M"}${p.x} ${p.y}`).join(" ");

/** The command a drag of `delta` (snapped) stands for; null while nothing would change. */
function dragCommand(doc: Doc, drag: Drag, delta: Pt, resizeLen: number | null, scene: ReturnType<typeof buildScene>): Command | null {
  if (drag.kind === "resize") return resizeLen != null ? resizeCommand(doc, drag.id, resizeLen) : null;
  if (!delta.x && !delta.y) return null;
  if (drag.kind === "move") return moveCommand(doc, drag.ids, delta.x, delta.y, scene);
  if (drag.kind === "bend") return routeCommand(doc, drag.id, bendRoute(drag.points, drag.seg, delta));
  if (drag.kind === "waypoint") return routeCommand(doc, drag.id, moveWaypoint(drag.waypoints, drag.index, delta));
  return null;
}

const BusView = memo(function BusView({ b, selected, res, showLabels, sc, at, mark }: { b: BusShape; selected: boolean; res?: BusResult; showLabels: boolean; sc?: number | null; at?: BusLabelPos; mark?: Mark }) {
  const color = res ? voltageColor(res.vm_pu, res.energized) : "var(--bus)";
  const scAt = busScAt(b);
  return (
    <g className="bus" data-id={b.id} data-band={res ? voltageBand(res.vm_pu, res.energized) : undefined} data-orientation={b.vertical ? "vertical" : "horizontal"} data-rotation={b.rotation} data-mark={mark} role="button" aria-label={`bus ${b.label}`}>
      {mark && <line x1={b.x1} y1={b.y1} x2={b.x2} y2={b.y2} className={`mark mark-${mark}`} strokeLinecap="round" />}
      <line x1={b.x1} y1={b.y1} x2={b.x2} y2={b.y2} stroke={color} strokeWidth={selected ? 8 : 6} strokeLinecap="round" className={selected ? "selected" : ""} />
      {selected && (
        <>
          <rect className="handle" data-handle="left" x={b.x1 - 4} y={b.y1 - 4} width={8} height={8} />
          <rect className="handle" data-handle="right" x={b.x2 - 4} y={b.y2 - 4} width={8} height={8} />
        </>
      )}
      {showLabels && (
        <text x={at?.name.x ?? b.x1} y={at?.name.y ?? b.y - 8} className="label" data-name-bus={b.id}>
          {busNameText(b)}
        </text>
      )}
      {sc != null && (
        <text x={scAt.x} y={scAt.y} className="label sc" data-sc-bus={b.id}>
          ⚡ Ik″ {sc.toFixed(2)} kA
        </text>
      )}
      {res && showLabels && (
        <text x={at?.result.x ?? b.x1} y={at?.result.y ?? b.y + 18} className="label result" data-result-bus={b.id}>
          {busResultText(res)}
        </text>
      )}
    </g>
  );
}, (a, b) => a.selected === b.selected && a.res === b.res && a.mark === b.mark && a.sc === b.sc && a.showLabels === b.showLabels && a.b.x === b.b.x && a.b.y === b.b.y && a.b.len === b.b.len && a.b.rotation === b.b.rotation && a.b.label === b.b.label && a.b.vn === b.b.vn && samePt(a.at?.name, b.at?.name) && samePt(a.at?.result, b.at?.result));

/** A symbol drawn with its terminal up at (x, y); the node's rotation turns it. */
function symbolOf(kind: NodeShape["kind"], x: number, y: number) {
  switch (kind) {
    case "generator":
      return (
        <>
          <circle cx={x} cy={y} r={14} className="sym" />
          <path d={`M${x - 8} ${y} q4 -8 8 0 t8 0`} className="sym-line" />
        </>
      );
    case "external_grid":
      return (
        <>
          <rect x={x - 14} y={y - 14} width={28} height={28} className="sym" />
          <path d={`M${x - 14} ${y - 14} L${x + 14} ${y + 14} M${x + 14} ${y - 14} L${x - 14} ${y + 14}`} className="sym-line" />
        </>
      );
    case "load":
      return <path d={`M${x - 12} ${y - 10} L${x + 12} ${y - 10} L${x} ${y + 12} Z`} className="sym" />;
    case "shunt":
      return <path d={`M${x - 12} ${y - 4} L${x + 12} ${y - 4} M${x - 12} ${y + 4} L${x + 12} ${y + 4} M${x} ${y + 4} L${x} ${y + 14}`} className="sym-line" />;
  }
}

const NodeView = memo(function NodeView({ n, selected, showLabels, mark }: { n: NodeShape; selected: boolean; showLabels: boolean; mark?: Mark }) {
  const labelAt = nodeLabelAt(n);
  return (
    <g className={`node ${n.kind}${selected ? " selected" : ""}${mark ? ` ${mark}` : ""}`} data-id={n.id} data-mark={mark} data-rotation={n.rotation} data-free={n.free ? "1" : undefined} role="button" aria-label={`${n.kind.replace("_", " ")} ${n.label}`}>
      <path d={pathOf(n.wire)} className="wire" data-connector={n.id} />
      <g transform={n.rotation ? `rotate(${n.rotation} ${n.x} ${n.y})` : undefined}>{symbolOf(n.kind, n.x, n.y)}</g>
      {showLabels && (
        <text x={labelAt.x} y={labelAt.y} className="label small">
          {n.label}
        </text>
      )}
    </g>
  );
});

function arrowPath(p: Pt, dir: Pt, size = 7) {
  const n = Math.hypot(dir.x, dir.y) || 1;
  const ux = dir.x / n,
    uy = dir.y / n;
  return `M${p.x + ux * size} ${p.y + uy * size} L${p.x - ux * size - uy * size * 0.7} ${p.y - uy * size + ux * size * 0.7} L${p.x - ux * size + uy * size * 0.7} ${p.y - uy * size - ux * size * 0.7} Z`;
}

const BranchView = memo(function BranchView({ br, selected, res, showLabels, sc, flowAt, scAt, mark }: { br: BranchShape; selected: boolean; res?: BranchResult; showLabels: boolean; sc?: { f: number; t: number }; flowAt?: Pt; scAt?: Pt; mark?: Mark | null }) {
  const d = pathOf(br.points);
  // a contingency marks its overloads against its own limit (null: shown in one, unmarked); otherwise above 100 %
  const over = mark !== undefined ? mark === "overload" : res?.loading_percent != null && res.loading_percent > 100;
  let seg = 0;
  for (let i = 0; i < br.points.length - 1; i++) {
    const a = br.points[i],
      b = br.points[i + 1];
    if (Math.abs((a.x + b.x) / 2 - br.mid.x) < 0.01 && Math.abs((a.y + b.y) / 2 - br.mid.y) < 0.01) seg = i;
  }
  const a = br.points[seg],
    b = br.points[seg + 1];
  const along = { x: b.x - a.x, y: b.y - a.y };
  const horizontal = Math.abs(along.x) > Math.abs(along.y);
  let symbol = null;
  if (br.kind === "transformer") {
    const len = Math.hypot(along.x, along.y) || 1;
    const off = { x: (along.x / len) * 7, y: (along.y / len) * 7 };
    symbol = (
      <>
        <circle cx={br.mid.x - off.x} cy={br.mid.y - off.y} r={10} className="sym" />
        <circle cx={br.mid.x + off.x} cy={br.mid.y + off.y} r={10} className="sym" />
      </>
    );
  } else if (br.kind === "switch") {
    symbol = <rect x={br.mid.x - 7} y={br.mid.y - 7} width={14} height={14} className={br.open ? "sym open" : "sym closed-switch"} />;
  }
  const pFrom = res?.p_from_mw ?? 0;
  const flowDir = pFrom < 0 ? { x: -along.x, y: -along.y } : along;
  const arrowAt = horizontal ? { x: br.mid.x + (br.kind === "transformer" ? 26 : 0), y: br.mid.y } : { x: br.mid.x, y: br.mid.y + (br.kind === "transformer" ? 26 : 0) };
  return (
    <g className={`branch ${br.kind}${selected ? " selected" : ""}${over ? " overloaded" : ""}${mark === "outaged" ? " outaged" : ""}`} data-id={br.id} data-mark={mark ?? undefined} data-waypoints={br.waypoints.length} role="button" aria-label={`${br.kind} ${br.label}`}>
      <path d={d} className="hit" />
      <path d={d} className={`wire${br.kind === "cable" ? " cable" : ""}`} />
      {symbol}
      {res && Math.abs(pFrom) > 1e-6 && <path d={arrowPath(arrowAt, flowDir)} className="arrow" />}
      {sc && (
        <text x={scAt?.x ?? br.mid.x + 12} y={scAt?.y ?? br.mid.y + 14} className="label small sc" data-sc-branch={br.id}>
          {scText(sc)}
        </text>
      )}
      {showLabels && res && flowText(res) && (
        <text x={flowAt?.x ?? br.mid.x + 12} y={flowAt?.y ?? br.mid.y - 10} className="label small result" data-result-branch={br.id}>
          {flowText(res)}
        </text>
      )}
    </g>
  );
});

const Trafo3View = memo(function Trafo3View({ t, selected, mark }: { t: Trafo3Shape; selected: boolean; mark?: Mark }) {
  return (
    <g className={`branch transformer3w${selected ? " selected" : ""}${mark === "outaged" ? " outaged" : mark === "overload" ? " overloaded" : ""}`} data-id={t.id} data-mark={mark} data-rotation={t.rotation} role="button" aria-label={`three-winding transformer ${t.label}`}>
      {t.legs.map((l, i) => (
        <path key={i} d={pathOf(l.points)} className="wire" />
      ))}
      {trafo3Circles(t.center, t.rotation).map((c, i) => (
        <circle key={i} cx={c.x} cy={c.y} r={10} className="sym" />
      ))}
    </g>
  );
});

const BRANCH_KINDS = new Set(["line", "cable", "transformer", "impedance_branch", "switch"]);

export function Diagram() {
  const network = useEditor((s) => s.network);
  const layout = useEditor((s) => s.layout);
  const selection = useEditor((s) => s.selection);
  const results = useEditor((s) => s.results);
  const scResults = useEditor((s) => s.scResults);
  const tool = useEditor((s) => s.tool);
  const svgRef = useRef<SVGSVGElement>(null);
  const [view, setView] = useState<View>({ tx: 0, ty: 0, k: 1 });
  const [drag, setDrag] = useState<Drag | null>(null);
  const [dragDelta, setDragDelta] = useState<Pt>({ x: 0, y: 0 });
  const [boxEnd, setBoxEnd] = useState<Pt | null>(null);
  const [hover, setHover] = useState<Pt | null>(null);
  const [resizeLen, setResizeLen] = useState<number | null>(null);
  const fitted = useRef<string | null>(null);

  const doc = useMemo<Doc>(() => ({ network, layout }), [network, layout]);
  // the R-tree indexes the committed diagram; during a drag only the scene is rebuilt
  const baseScene = useMemo(() => buildScene(network, layout), [network, layout]);
  // the displayed diagram: the stored one plus the drag in progress (committed on release)
  const pendingCmd = useMemo(() => (drag ? dragCommand(doc, drag, dragDelta, resizeLen, baseScene) : null), [doc, drag, dragDelta, resizeLen, baseScene]);
  const scene = useMemo(() => {
    if (!pendingCmd || !pendingCmd.changes.length) return baseScene;
    const shown = applyChanges(doc, pendingCmd.changes);
    return buildScene(shown.network, shown.layout);
  }, [pendingCmd, doc, baseScene]);
  const index = useMemo(() => buildIndex(baseScene), [baseScene]);
  const marks = useMemo(() => deviceMarks(network, scene), [network, scene]);
  const selected = useMemo(() => new Set(selection), [selection]);
  // a power flow that did not converge paints nothing (its voltages are no answer)
  // a contingency shown from its table replaces them: |V| and loading after the outage, its elements marked
  const ctg = useContingency((s) => s.overlay);
  const pf = !ctg && results?.result.converged ? results.result : null;
  const ctgRes = useMemo(() => (ctg ? overlayResults(ctg, network) : null), [ctg, network]);
  const busRes = useMemo(() => ctgRes?.buses ?? new Map((pf?.buses ?? []).map((b) => [b.id, b])), [pf, ctgRes]);
  const brRes = useMemo(() => ctgRes?.branches ?? new Map((pf?.branches ?? []).map((b) => [b.id, b])), [pf, ctgRes]);
  const ctgMarks = ctg?.marks;
  const showLabels = view.k >= 0.55 || scene.buses.length < 40;
  const scBus = useMemo(() => new Map((scResults?.buses ?? []).filter((b) => b.ikss_ka != null).map((b) => [b.id, b.ikss_ka as number])), [scResults]);
  const scBr = useMemo(() => new Map((scResults?.branches ?? []).map((b) => [b.id, { f: Number(b.ikss_from_ka ?? 0), t: Number(b.ikss_to_ka ?? 0) }])), [scResults]);
  const busSc = useMemo(() => new Map([...scBus].map(([id, v]) => [id, `⚡ Ik″ ${v.toFixed(2)} kA`])), [scBus]);
  const resText = useCallback((id: string) => {
    const r = busRes.get(id);
    return r ? busResultText(r) : undefined;
  }, [busRes]);
  // bus labels on a side of the bar that no wire leaves from (placed first: branch labels avoid them)
  const busLabelAt = useMemo(() => (showLabels ? placeBusLabels(scene, resText, busSc) : new Map<string, BusLabelPos>()), [scene, resText, busSc, showLabels]);
  // result labels on branches placed clear of bus bars, bus labels, symbols and each other
  const labelAt = useMemo(() => {
    const req: LabelRequest[] = [];
    for (const br of scene.branches) {
      const r = brRes.get(br.id);
      if (r && showLabels) req.push({ branch: br, key: "flow", text: flowText(r), px: 10 });
      const c = scBr.get(br.id);
      if (c) req.push({ branch: br, key: "sc", text: scText(c), px: 10 });
    }
    if (!req.length) return new Map<string, Pt>();
    const arrows = new Set([...brRes].filter(([, r]) => Math.abs(r.p_from_mw ?? 0) > 1e-6).map(([id]) => id));
    return placeLabels(req, obstacles(scene, { busResults: busRes.size > 0 && showLabels, busSc, arrows, busLabels: busLabelAt, busResultText: resText }));
  }, [scene, brRes, scBr, busSc, busRes, showLabels, busLabelAt, resText]);

  const fit = useCallback(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const w = svg.clientWidth || 800,
      h = svg.clientHeight || 600;
    const { minX, minY, maxX, maxY } = scene.bounds;
    const k = Math.min(2, Math.max(0.05, Math.min(w / (maxX - minX + 80), h / (maxY - minY + 80))));
    setView({ k, tx: (w - (maxX + minX) * k) / 2, ty: (h - (maxY + minY) * k) / 2 });
  }, [scene]);

  // fit to content when a different network is loaded
  const key = useEditor((s) => String(s.loadSeq));
  useEffect(() => {
    if (fitted.current !== key) {
      fitted.current = key;
      if (scene.buses.length) fit();
    }
  }, [key, fit, scene.buses.length]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.target as HTMLElement)?.closest?.("input,select,textarea")) return;
      if (e.key === "0" && !e.ctrlKey) fit();
      if (e.key === "+" || e.key === "=") setView((v) => ({ ...v, k: Math.min(8, v.k * 1.2) }));
      if (e.key === "-") setView((v) => ({ ...v, k: Math.max(0.03, v.k / 1.2) }));
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [fit]);

  // two-finger pinch zoom and pan (tablets)
  const touches = useRef(new Map<number, { x: number; y: number }>());
  const pinch = useRef<{ d0: number; m0: Pt; view: View } | null>(null);
  const pinchState = () => {
    const [a, b] = [...touches.current.values()];
    const r = svgRef.current!.getBoundingClientRect();
    return { d: Math.hypot(a.x - b.x, a.y - b.y) || 1, m: { x: (a.x + b.x) / 2 - r.left, y: (a.y + b.y) / 2 - r.top } };
  };
  const touchDown = (e: React.PointerEvent): boolean => {
    if (e.pointerType !== "touch") return false;
    touches.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (touches.current.size === 2) {
      const { d, m } = pinchState();
      pinch.current = { d0: d, m0: m, view };
      setDrag(null);
      setDragDelta({ x: 0, y: 0 });
      setBoxEnd(null);
      return true;
    }
    return false;
  };
  const touchMove = (e: React.PointerEvent): boolean => {
    if (e.pointerType !== "touch" || !touches.current.has(e.pointerId)) return false;
    touches.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
    const p = pinch.current;
    if (!p || touches.current.size < 2) return false;
    const { d, m } = pinchState();
    const k = Math.min(8, Math.max(0.03, (p.view.k * d) / p.d0));
    // keep the world point under the first midpoint under the current midpoint
    const wx = (p.m0.x - p.view.tx) / p.view.k,
      wy = (p.m0.y - p.view.ty) / p.view.k;
    setView({ k, tx: m.x - wx * k, ty: m.y - wy * k });
    return true;
  };
  const touchUp = (e: React.PointerEvent): boolean => {
    if (e.pointerType !== "touch") return false;
    touches.current.delete(e.pointerId);
    if (pinch.current) {
      if (touches.current.size < 2) pinch.current = null;
      return true;
    }
    return false;
  };

  const toWorld = (e: { clientX: number; clientY: number }): Pt => {
    const r = svgRef.current!.getBoundingClientRect();
    return { x: (e.clientX - r.left - view.tx) / view.k, y: (e.clientY - r.top - view.ty) / view.k };
  };

  const st = useEditor.getState;

  const place = (p: Pt) => {
    const { tool: t, network: net } = st();
    if (t.kind === "place" && (t.element === "relay" || t.element === "fuse")) {
      const loc = locationAt(baseScene, index, p, 10 / Math.min(1, view.k));
      if (!loc) return st().setStatus(`click a line, cable or transformer near the end whose current the ${t.element} sees (or a switch)`);
      const el = newDevice(net, t.element, loc);
      st().run(addCommand(listOf(t.element), el));
      st().select([el.id]);
      st().setTool({ kind: "select" });
      return;
    }
    if (t.kind === "place") {
      if (t.element === "bus") {
        const bus = newBus(net, p.x, p.y);
        st().run(addCommand("buses", bus.el, undefined, bus.placement));
        st().select([bus.el.id]);
        return;
      }
      const bus = nearestBus(index, scene, p, 24 / Math.min(1, view.k));
      if (!bus) {
        st().setStatus(`drop the ${t.element.replace("_", " ")} on a bus`);
        return;
      }
      // placed along its bus (no diagram entry) until it is moved or rotated
      const el = newAttached(net, t.element, bus.id);
      st().run(addCommand(listOf(t.element), el));
      st().select([el.id]);
      st().setTool({ kind: "select" });
    } else if (t.kind === "connect") {
      const bus = nearestBus(index, scene, p, 24 / Math.min(1, view.k));
      if (!bus) {
        st().setStatus("click a bus to connect");
        return;
      }
      const spec = PALETTE.find((x) => x.kind === t.element)!;
      const picked = t.from ? t.from.split(",") : [];
      if (picked.includes(bus.id)) return;
      picked.push(bus.id);
      if (picked.length < spec.connect) {
        st().setTool({ ...t, from: picked.join(",") });
        st().setStatus(`${t.element}: ${picked.join(" → ")} → click ${spec.connect - picked.length} more bus(es)`);
        return;
      }
      const { list, el } = newBranch(net, t.element, picked[0], picked[1], picked[2]);
      st().run(addCommand(list, el));
      st().select([el.id]);
      st().setTool({ kind: "select" });
    }
  };

  const startDrag = (d: Drag) => {
    setDrag(d);
    setDragDelta({ x: 0, y: 0 });
  };

  const onPointerDown = (e: React.PointerEvent) => {
    if (touchDown(e)) return;
    (e.target as Element).setPointerCapture?.(e.pointerId);
    const p = toWorld(e);
    if (e.button === 1 || e.button === 2 || (e.button === 0 && e.altKey)) {
      setDrag({ kind: "pan", start: { x: e.clientX, y: e.clientY }, view });
      return;
    }
    const t = st().tool;
    if (t.kind !== "select") return; // placement happens on release (click or palette drop)
    const target = e.target as Element;
    const handle = target.getAttribute?.("data-handle");
    if (handle && selection.length === 1) {
      const b = scene.busById.get(selection[0]);
      if (b) {
        setDrag({ kind: "resize", id: b.id, start: p, len: b.len, side: handle === "right" ? 1 : -1 });
        return;
      }
    }
    const wp = target.getAttribute?.("data-waypoint");
    const wpBranch = target.getAttribute?.("data-branch");
    if (wp != null && wpBranch) {
      const br = baseScene.branchById.get(wpBranch);
      if (br) {
        startDrag({ kind: "waypoint", id: br.id, index: Number(wp), start: p, waypoints: br.waypoints });
        return;
      }
    }
    const hit = hitTest(index, p, 4 / view.k);
    if (hit) {
      let ids = selection;
      const additive = e.shiftKey || e.ctrlKey || e.metaKey;
      if (additive) {
        st().select([hit.id], true);
        ids = st().selection;
      } else if (!selected.has(hit.id)) {
        st().select([hit.id]);
        ids = [hit.id];
      }
      const br = baseScene.branchById.get(hit.id);
      if (br && BRANCH_KINDS.has(hit.kind) && !additive && ids.length === 1 && hit.seg != null) {
        // dragging a wire segment bends the route
        startDrag({ kind: "bend", id: br.id, seg: hit.seg, start: p, points: br.points });
        return;
      }
      startDrag({ kind: "move", start: p, ids: ids.includes(hit.id) ? ids : [hit.id] });
    } else {
      if (!e.shiftKey) st().select([]);
      setDrag({ kind: "box", start: p });
      setBoxEnd(p);
    }
  };

  const onPointerMove = (e: React.PointerEvent) => {
    if (touchMove(e)) return;
    const p = toWorld(e);
    if (st().tool.kind !== "select") setHover(p);
    if (!drag) return;
    if (drag.kind === "pan") setView({ ...drag.view, tx: drag.view.tx + e.clientX - drag.start.x, ty: drag.view.ty + e.clientY - drag.start.y });
    else if (drag.kind === "box") setBoxEnd(p);
    else if (drag.kind === "resize") {
      const vertical = scene.busById.get(drag.id)?.vertical;
      const d = vertical ? p.y - drag.start.y : p.x - drag.start.x;
      setResizeLen(Math.max(40, Math.round((drag.len + 2 * drag.side * d) / 10) * 10));
    } else {
      const dx = Math.round((p.x - drag.start.x) / 10) * 10,
        dy = Math.round((p.y - drag.start.y) / 10) * 10;
      if (dx !== dragDelta.x || dy !== dragDelta.y) setDragDelta({ x: dx, y: dy });
    }
  };

  const endDrag = () => {
    setDrag(null);
    setDragDelta({ x: 0, y: 0 });
    setBoxEnd(null);
    setResizeLen(null);
  };

  const onPointerUp = (e: React.PointerEvent) => {
    if (touchUp(e)) return;
    const p = toWorld(e);
    const t = st().tool;
    if (!drag && t.kind !== "select") {
      place(p);
      return;
    }
    if (drag?.kind === "box" && boxEnd && Math.hypot(boxEnd.x - drag.start.x, boxEnd.y - drag.start.y) > 3) st().select(boxSelect(index, drag.start, boxEnd), e.shiftKey);
    else if (pendingCmd?.changes.length) st().run(pendingCmd);
    endDrag();
  };

  // double-click a waypoint: remove it
  const onDoubleClick = (e: React.MouseEvent) => {
    const target = e.target as Element;
    const wp = target.getAttribute?.("data-waypoint");
    const id = target.getAttribute?.("data-branch");
    if (wp == null || !id) return;
    const br = baseScene.branchById.get(id);
    if (!br) return;
    st().run(routeCommand(docOf(st()), id, br.waypoints.filter((_, i) => i !== Number(wp)), `remove waypoint of ${id}`));
  };

  const onWheel = (e: React.WheelEvent) => {
    const r = svgRef.current!.getBoundingClientRect();
    const mx = e.clientX - r.left,
      my = e.clientY - r.top;
    const k = Math.min(8, Math.max(0.03, view.k * Math.exp(-e.deltaY * 0.0015)));
    setView({ k, tx: mx - ((mx - view.tx) * k) / view.k, ty: my - ((my - view.ty) * k) / view.k });
  };

  const pending = tool.kind === "connect" && tool.from ? tool.from.split(",").map((id) => scene.busById.get(id)).filter(Boolean) : [];
  const box = drag?.kind === "box" && boxEnd ? { x: Math.min(drag.start.x, boxEnd.x), y: Math.min(drag.start.y, boxEnd.y), w: Math.abs(boxEnd.x - drag.start.x), h: Math.abs(boxEnd.y - drag.start.y) } : null;
  const grid = 20 * view.k;
  const routed = scene.branches.filter((br) => selected.has(br.id) && br.waypoints.length);

  return (
    <div className="diagram-wrap">
      <svg
        ref={svgRef}
        className={`diagram tool-${tool.kind}`}
        data-testid="diagram"
        data-zoom={view.k.toFixed(3)}
        role="application"
        aria-label="single-line diagram"
        tabIndex={0}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onDoubleClick={onDoubleClick}
        onPointerCancel={(e) => {
          touches.current.delete(e.pointerId);
          if (touches.current.size < 2) pinch.current = null;
        }}
        onWheel={onWheel}
        onContextMenu={(e) => e.preventDefault()}
      >
        <defs>
          <pattern id="grid" width={grid} height={grid} patternUnits="userSpaceOnUse" x={view.tx % grid} y={view.ty % grid}>
            <circle cx={1} cy={1} r={0.8} className="grid-dot" />
          </pattern>
        </defs>
        <rect width="100%" height="100%" fill="url(#grid)" />
        <g transform={`translate(${view.tx},${view.ty}) scale(${view.k})`}>
          {scene.branches.map((br) => (
            <BranchView key={br.id} br={br} selected={selected.has(br.id)} res={brRes.get(br.id)} mark={ctgMarks ? (ctgMarks.get(br.id) ?? null) : undefined} showLabels={showLabels} sc={scBr.get(br.id)} flowAt={labelAt.get(`${br.id}:flow`)} scAt={labelAt.get(`${br.id}:sc`)} />
          ))}
          {scene.trafo3.map((t) => (
            <Trafo3View key={t.id} t={t} selected={selected.has(t.id)} mark={ctgMarks?.get(t.id)} />
          ))}
          {/* level of detail: attached equipment is drawn only when it is big enough to see */}
          {(view.k >= 0.3 || scene.nodes.length < 1500) &&
            scene.nodes.map((n) => <NodeView key={n.id} n={n} selected={selected.has(n.id)} showLabels={showLabels} mark={ctgMarks?.get(n.id)} />)}
          <DeviceMarks marks={marks} selected={selected} showLabels={showLabels} />
          {scene.buses.map((b) => (
            <BusView key={b.id} b={b} selected={selected.has(b.id)} res={busRes.get(b.id)} mark={ctgMarks?.get(b.id)} showLabels={showLabels} sc={scBus.get(b.id)} at={busLabelAt.get(b.id)} />
          ))}
          {/* waypoints of the selected manual routes: drag to move, double-click to remove */}
          {routed.map((br) =>
            br.waypoints.map((w, i) => (
              <rect key={`${br.id}:${i}`} className="waypoint" data-branch={br.id} data-waypoint={i} x={w.x - 5} y={w.y - 5} width={10} height={10} aria-label={`waypoint ${i + 1} of ${br.label}`} />
            )),
          )}
          {pending.length > 0 && hover && pending.map((b, i) => <line key={i} x1={b!.x} y1={b!.y} x2={hover.x} y2={hover.y} className="rubber" />)}
          {box && <rect x={box.x} y={box.y} width={box.w} height={box.h} className="selbox" />}
        </g>
      </svg>
      <div className="zoom-controls" role="toolbar" aria-label="zoom">
        <button aria-label="zoom in" onClick={() => setView((v) => ({ ...v, k: Math.min(8, v.k * 1.25) }))}>
          +
        </button>
        <button aria-label="zoom out" onClick={() => setView((v) => ({ ...v, k: Math.max(0.03, v.k / 1.25) }))}>
          −
        </button>
        <button aria-label="fit to screen" onClick={fit}>
          ⤢
        </button>
      </div>
      {scene.buses.length === 0 && <div className="empty-hint">Drag a bus from the palette onto the diagram (or press B and click).</div>}
    </div>
  );
}
