import { memo, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useAfterPaint } from "./afterPaint";
import { docOf, useEditor } from "../store/editor";
import { bendRoute, moveWaypoint, boxSelect, buildIndex, buildScene, hitTest, nearestBus, patchScene, sceneAround, trafo3Circles, type BranchShape, type BusShape, type NodeShape, type Pt, type Scene, type Trafo3Shape } from "../editor/scene";
import { addCommand, applyChanges, moveCommand, resizeCommand, routeCommand, type Command, type Doc } from "../editor/commands";
import { listOf, newAttached, newBranch, newBus, PALETTE } from "../editor/factory";
import { dropEntry } from "../library/drop";
import { fromEntry } from "../library/elements";
import type { BranchResult, BusResult, WorstBus } from "../model/elements";
import { worstBuses } from "../studies/warnings";
import { useContingency } from "../store/contingency";
import { overlayResults } from "./contingencyOverlay";
import type { Mark } from "../studies/contingency";
import { boundsOf } from "../editor/focus";
import { labelBounds, minZoom, placeDiagramLabels, PRIORITY, type Placement, type PlacedLabel } from "../editor/labels";
import { activeLayer, branchValueText, busValueText, scBranchText, scBusText } from "../editor/layers";
import { CANVAS_MIN_ELEMENTS, sceneSize } from "../editor/canvas";
import { DiagramCanvas, FindBox, installTextMeasure, ResultToggles, Tooltip } from "./DiagramTools";
import { deviceMarks, locationAt, newDevice } from "../protection/placement";
import { DeviceMarks } from "./DeviceMarks";

const NO_LABELS: Placement = { placed: new Map(), dropped: [] };
/** Diagrams below this many buses always fit readable: every placed label is drawn. */
const SMALL = 40;

export function voltageBand(vm: number | null | undefined, live = true): string {
  if (!live || vm == null || !Number.isFinite(vm)) return "deenergized";
  if (vm < 0.95) return "low";
  if (vm < 0.97) return "warn";
  if (vm <= 1.05) return "ok";
  return "high";
}

const bandOf = (r: BusResult) => voltageBand(r.vm_pu, r.energized);
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

const BusView = memo(function BusView({ b, selected, res, worst, mark }: { b: BusShape; selected: boolean; res?: BusResult; worst?: boolean; mark?: Mark }) {
  const color = res ? voltageColor(res.vm_pu, res.energized) : "var(--bus)";
  return (
    <g className={worst ? "bus worst" : "bus"} data-id={b.id} data-band={res ? voltageBand(res.vm_pu, res.energized) : undefined} data-worst={worst ? "1" : undefined} data-orientation={b.vertical ? "vertical" : "horizontal"} data-rotation={b.rotation} data-mark={mark} role="button" aria-label={`bus ${b.label}`}>
      {mark && <line x1={b.x1} y1={b.y1} x2={b.x2} y2={b.y2} className={`mark mark-${mark}`} strokeLinecap="round" />}
      <line x1={b.x1} y1={b.y1} x2={b.x2} y2={b.y2} stroke={color} strokeWidth={selected ? 8 : 6} strokeLinecap="round" className={selected ? "selected" : ""} />
      {selected && (
        <>
          <rect className="handle" data-handle="left" x={b.x1 - 4} y={b.y1 - 4} width={8} height={8} />
          <rect className="handle" data-handle="right" x={b.x2 - 4} y={b.y2 - 4} width={8} height={8} />
        </>
      )}
    </g>
  );
});

/** The decluttered labels: bus names, the shown layer's values, equipment names (data-* name what they label). */
const LabelLayer = memo(function LabelLayer({ labels, hidden, layer }: { labels: PlacedLabel[]; hidden: Set<string>; layer: string | null }) {
  return (
    <g className="labels">
      {labels.map((l) => {
        if (hidden.has(l.id)) return null;
        const attrs: Record<string, string> =
          l.kind === "bus-name"
            ? { "data-name-bus": l.id }
            : l.kind === "bus-value"
              ? { [layer === "sc" ? "data-sc-bus" : "data-result-bus"]: l.id }
              : l.kind === "branch-value"
                ? { [layer === "sc" ? "data-sc-branch" : "data-result-branch"]: l.id }
                : { "data-node-label": l.id };
        const cls = l.kind === "bus-name" ? "label" : l.kind === "node-name" ? "label small" : l.kind === "branch-value" ? `label small result${layer === "sc" ? " sc" : ""}` : `label result${layer === "sc" ? " sc" : ""}`;
        return (
          <text key={l.key} x={l.at.x} y={l.at.y} className={cls} {...attrs}>
            {l.text}
          </text>
        );
      })}
    </g>
  );
});

/** No solution: where the mismatch is largest (a ring and its ΔP/ΔQ), drawn instead of voltages. */
const WorstMarks = memo(function WorstMarks({ buses, worst }: { buses: BusShape[]; worst: Map<string, WorstBus> }) {
  return (
    <g className="worst-marks">
      {buses.filter((b) => worst.has(b.id)).map((b) => {
        const w = worst.get(b.id)!;
        return (
          <g key={b.id}>
            <rect className="worst-mark" x={Math.min(b.x1, b.x2) - 10} y={Math.min(b.y1, b.y2) - 10} width={Math.abs(b.x2 - b.x1) + 20} height={Math.abs(b.y2 - b.y1) + 20} rx={6} />
            <text x={Math.max(b.x1, b.x2) + 14} y={Math.max(b.y1, b.y2) + 18} className="label worst" data-worst-bus={b.id}>
              ΔP {(w.p_mismatch_mw ?? 0).toFixed(1)} MW · ΔQ {(w.q_mismatch_mvar ?? 0).toFixed(1)} Mvar
            </text>
          </g>
        );
      })}
    </g>
  );
});

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
    case "motor":
      return (
        <>
          <circle cx={x} cy={y} r={14} className="sym" />
          <path d={`M${x - 7} ${y + 6} V${y - 6} L${x} ${y + 2} L${x + 7} ${y - 6} V${y + 6}`} className="sym-line" />
        </>
      );
    case "shunt":
      return <path d={`M${x - 12} ${y - 4} L${x + 12} ${y - 4} M${x - 12} ${y + 4} L${x + 12} ${y + 4} M${x} ${y + 4} L${x} ${y + 14}`} className="sym-line" />;
  }
}

const NodeView = memo(function NodeView({ n, selected, mark }: { n: NodeShape; selected: boolean; mark?: Mark }) {
  return (
    <g className={`node ${n.kind}${selected ? " selected" : ""}${mark ? ` ${mark}` : ""}`} data-id={n.id} data-mark={mark} data-rotation={n.rotation} data-free={n.free ? "1" : undefined} role="button" aria-label={`${n.kind.replace("_", " ")} ${n.label}`}>
      <path d={pathOf(n.wire)} className="wire" data-connector={n.id} />
      <g transform={n.rotation ? `rotate(${n.rotation} ${n.x} ${n.y})` : undefined}>{symbolOf(n.kind, n.x, n.y)}</g>
    </g>
  );
});

function arrowPath(p: Pt, dir: Pt, size = 7) {
  const n = Math.hypot(dir.x, dir.y) || 1;
  const ux = dir.x / n,
    uy = dir.y / n;
  return `M${p.x + ux * size} ${p.y + uy * size} L${p.x - ux * size - uy * size * 0.7} ${p.y - uy * size + ux * size * 0.7} L${p.x - ux * size + uy * size * 0.7} ${p.y - uy * size - ux * size * 0.7} Z`;
}

const BranchView = memo(function BranchView({ br, selected, res, mark }: { br: BranchShape; selected: boolean; res?: BranchResult; mark?: Mark | null }) {
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
const EMPTY = new Set<string>();

type Box = { minX: number; minY: number; maxX: number; maxY: number };

/** The elements of `s` with a part inside `box` (found in the scene's R-tree). */
function sceneIn(s: Scene, index: ReturnType<typeof buildIndex>, box: Box): Scene {
  const ids = new Set(index.search(box).map((it) => it.id));
  const keep = <T extends { id: string }>(a: T[]) => a.filter((x) => ids.has(x.id));
  return { ...s, buses: keep(s.buses), nodes: keep(s.nodes), branches: keep(s.branches), trafo3: keep(s.trafo3) };
}

/**
 * The world region whose labels a large diagram places: the view and half a view around it, kept while the view
 * stays inside (a pan re-places labels only when it leaves the region; zooming out of the labels' range clears it).
 */
function useLabelRegion(on: boolean, view: { tx: number; ty: number; k: number }, svg: React.RefObject<SVGSVGElement | null>): Box | null {
  const [region, setRegion] = useState<Box | null>(null);
  useEffect(() => {
    if (!on) {
      if (region) setRegion(null);
      return;
    }
    const w = svg.current?.clientWidth || 800,
      h = svg.current?.clientHeight || 600;
    const v = { minX: -view.tx / view.k, minY: -view.ty / view.k, maxX: (w - view.tx) / view.k, maxY: (h - view.ty) / view.k };
    const inside = region && v.minX >= region.minX && v.minY >= region.minY && v.maxX <= region.maxX && v.maxY <= region.maxY && region.maxX - region.minX <= 3 * (v.maxX - v.minX);
    if (inside) return;
    const mx = (v.maxX - v.minX) / 2,
      my = (v.maxY - v.minY) / 2;
    setRegion({ minX: v.minX - mx, minY: v.minY - my, maxX: v.maxX + mx, maxY: v.maxY + my });
  }, [on, view]); // eslint-disable-line react-hooks/exhaustive-deps
  return on ? region : null;
}

/** The box around the shapes of `ids` (null when none is drawn). */
export function Diagram() {
  const network = useEditor((s) => s.network);
  const layout = useEditor((s) => s.layout);
  const selection = useEditor((s) => s.selection);
  const results = useEditor((s) => s.results);
  const scResults = useEditor((s) => s.scResults);
  const tool = useEditor((s) => s.tool);
  const layerChoice = useEditor((s) => s.layer);
  const shown = useEditor((s) => s.shown);
  const svgRef = useRef<SVGSVGElement>(null);
  const labelStats = useRef({ ms: 0, placed: 0, dropped: 0 });
  const tipRef = useRef<((id: string | null, x: number, y: number) => void) | null>(null);
  const [view, setView] = useState<View>({ tx: 0, ty: 0, k: 1 });
  const [drag, setDrag] = useState<Drag | null>(null);
  const [dragDelta, setDragDelta] = useState<Pt>({ x: 0, y: 0 });
  const [boxEnd, setBoxEnd] = useState<Pt | null>(null);
  const [hover, setHover] = useState<Pt | null>(null);
  const [resizeLen, setResizeLen] = useState<number | null>(null);
  const fitted = useRef<string | null>(null);

  const doc = useMemo<Doc>(() => ({ network, layout }), [network, layout]);
  // the R-tree indexes the committed diagram; during a drag only the shapes it moves are rebuilt
  const baseScene = useMemo(() => buildScene(network, layout), [network, layout]);
  // large diagrams: the static drawing on a canvas, the SVG keeps the elements being edited
  // (localStorage gridsolve.render = "svg" | "canvas" forces one: the benchmark compares both)
  const forced = globalThis.localStorage?.getItem("gridsolve.render");
  const big = forced === "svg" ? false : forced === "canvas" || sceneSize(baseScene) > CANVAS_MIN_ELEMENTS;
  // the displayed diagram: the stored one plus the drag in progress (committed on release)
  const pendingCmd = useMemo(() => (drag ? dragCommand(doc, drag, dragDelta, resizeLen, baseScene) : null), [doc, drag, dragDelta, resizeLen, baseScene]);
  const moved = useMemo(() => {
    if (!pendingCmd || !pendingCmd.changes.length) return null;
    const shown = applyChanges(doc, pendingCmd.changes);
    return sceneAround(shown.network, shown.layout, baseScene, pendingCmd.changes.map((c) => c.id));
  }, [pendingCmd, doc, baseScene]);
  // canvas mode draws the committed scene (what a drag moves is hidden there and drawn by the SVG)
  const scene = useMemo(() => (moved && !big ? patchScene(baseScene, moved.scene, moved.ids) : baseScene), [moved, baseScene, big]);
  const index = useMemo(() => buildIndex(baseScene), [baseScene]);
  const marks = useMemo(() => deviceMarks(network, scene), [network, scene]);
  const selected = useMemo(() => new Set(selection), [selection]);
  // each study's results are a layer: the latest study's unless switched; a power flow that did not converge
  // paints nothing (its voltages are no answer)
  // a contingency shown from its table replaces them: |V| and loading after the outage, its elements marked
  const ctg = useContingency((s) => s.overlay);
  const ctgRes = useMemo(() => (ctg ? overlayResults(ctg, network) : null), [ctg, network]);
  const ctgMarks = ctg?.marks;
  const pf = !ctg && results?.result.converged ? results.result : null;
  const layer = ctg ? "pf" : activeLayer(layerChoice, pf, scResults);
  // no solution: the worst-mismatch buses instead of voltages (unless short-circuit results are shown)
  const worst = useMemo(() => new Map(results && !ctg && layer !== "sc" ? worstBuses(results.result).map((w) => [w.bus, w]) : []), [results, layer, ctg]);
  const busRes = useMemo(() => ctgRes?.buses ?? new Map(layer === "pf" ? (pf?.buses ?? []).map((b) => [b.id, b]) : []), [pf, layer, ctgRes]);
  const brRes = useMemo(() => ctgRes?.branches ?? new Map(layer === "pf" ? (pf?.branches ?? []).map((b) => [b.id, b]) : []), [pf, layer, ctgRes]);
  const vn = useMemo(() => new Map(network.buses.map((b) => [b.id, b.vn_kv])), [network]);
  const always = baseScene.buses.length < SMALL;
  // labels are placed once per diagram and result set (not per zoom), and only once a zoom shows them
  const wantLabels = always || view.k >= minZoom("bus-name");
  const content = useMemo(() => {
    const arrows = new Set([...brRes].filter(([, r]) => Math.abs(r.p_from_mw ?? 0) > 1e-6).map(([id]) => id));
    if (layer === "sc") {
      const bus = new Map((scResults?.buses ?? []).filter((b) => b.ikss_ka != null).map((b) => [b.id, scBusText(b.ikss_ka as number)]));
      const br = new Map((scResults?.branches ?? []).map((b) => [b.id, scBranchText(b.ikss_from_ka, b.ikss_to_ka)]));
      return { busValue: (id: string) => (shown.ikss ? bus.get(id) : undefined), branchValue: (id: string) => (shown.ikss ? br.get(id) : undefined), arrows, nodeNames: !big };
    }
    return {
      busValue: (id: string) => {
        const r = busRes.get(id);
        return r ? busValueText(r, vn.get(id), shown) : undefined;
      },
      branchValue: (id: string) => {
        const r = brRes.get(id);
        return r ? branchValueText(r, shown) : undefined;
      },
      arrows,
      nodeNames: !big,
    };
  }, [layer, scResults, busRes, brRes, vn, shown, big]);
  // new results paint the bars first; their labels are placed after that frame. Bus names are placed
  // before any value, so they keep their places when values arrive
  const labelContent = useAfterPaint(content);
  // large diagrams: labels are placed for the region around the view (re-placed when the view leaves it)
  const region = useLabelRegion(big && wantLabels, view, svgRef);
  const placement = useMemo(() => {
    if (!wantLabels || (big && !region)) return NO_LABELS;
    installTextMeasure();
    const t0 = performance.now();
    const p = placeDiagramLabels(region ? sceneIn(baseScene, index, region) : baseScene, labelContent);
    labelStats.current = { ms: performance.now() - t0, placed: p.placed.size, dropped: p.dropped.length };
    return p;
  }, [baseScene, labelContent, wantLabels, region, index, big]);
  // which kinds the zoom shows (names first, values from a closer zoom)
  const kinds = PRIORITY.filter((kd) => always || view.k >= minZoom(kd)).join(",");
  const labels = useMemo(() => {
    const ks = new Set(kinds.split(","));
    return [...placement.placed.values()].filter((l) => ks.has(l.kind));
  }, [placement, kinds]);
  // the SVG draws, in canvas mode, only what is edited: selected, hovered, dragged (and their labels)
  const [hoverId, setHoverId] = useState<string | null>(null);
  // what the canvas leaves out (drawn by the SVG); the hovered element is drawn by both, so hovering never redraws
  // (the same set object while its members stay: a drag's moves do not redraw the canvas)
  const hiddenKey = big ? [...new Set([...(moved?.ids ?? []), ...selection])].sort().join("\u0000") : "";
  const hidden = useMemo(() => new Set(hiddenKey ? hiddenKey.split("\u0000") : []), [hiddenKey]);
  const live = useMemo(() => (big && hoverId && !hidden.has(hoverId) ? new Set([...hidden, hoverId]) : hidden), [big, hoverId, hidden]);
  const svgScene = useMemo<Scene>(() => {
    if (!big) return scene;
    // the live elements, in their dragged shapes where a drag moves them
    const pick = <T,>(base: Map<string, T>, part: Map<string, T> | undefined) => {
      const out: T[] = [];
      for (const id of live) {
        const x = (moved?.ids.has(id) ? part?.get(id) : undefined) ?? base.get(id);
        if (x) out.push(x);
      }
      return out;
    };
    const buses = pick(scene.busById, moved?.scene.busById),
      nodes = pick(scene.nodeById, moved?.scene.nodeById),
      branches = pick(scene.branchById, moved?.scene.branchById),
      trafo3 = pick(scene.trafo3ById, moved?.scene.trafo3ById);
    return { ...scene, buses, nodes, branches, trafo3, busById: new Map(buses.map((b) => [b.id, b])), branchById: new Map(branches.map((b) => [b.id, b])) };
  }, [big, scene, live, moved]);
  // labels of what a drag moves are hidden until it is dropped (then placed again); in canvas mode the canvas
  // draws the labels of everything it draws
  const hiddenLabels = moved?.ids ?? EMPTY;
  const svgLabels = useMemo(() => (big ? labels.filter((l) => live.has(l.id)) : labels), [big, labels, live]);

  const frame = useCallback(
    (box: { minX: number; minY: number; maxX: number; maxY: number }, maxK: number) => {
      const svg = svgRef.current;
      if (!svg) return;
      const w = svg.clientWidth || 800,
        h = svg.clientHeight || 600;
      const { minX, minY, maxX, maxY } = box;
      // the find box sits above the drawing, the label toggles below it
      const top = 44,
        bottom = 36,
        ah = Math.max(100, h - top - bottom);
      const k = Math.min(maxK, Math.max(0.03, Math.min(w / (maxX - minX + 80), ah / (maxY - minY + 80))));
      setView({ k, tx: (w - (maxX + minX) * k) / 2, ty: top + (ah - (maxY + minY) * k) / 2 });
    },
    [],
  );
  const fit = useCallback(() => frame(labelBounds(placement, scene.bounds), 2), [frame, placement, scene]);

  // find, table rows and error links ask to frame elements (the selection is set by the store)
  const focus = useEditor((s) => s.focus);
  useEffect(() => {
    if (!focus.seq) return;
    const box = boundsOf(baseScene, focus.ids);
    if (box) frame({ minX: box.minX - 100, minY: box.minY - 60, maxX: box.maxX + 100, maxY: box.maxY + 60 }, 1.5);
  }, [focus]); // eslint-disable-line react-hooks/exhaustive-deps

  // fit again when the diagram's box changes a lot (a phone turned, a window narrowed to a phone's width)
  const fitRef = useRef(fit);
  fitRef.current = fit;
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg || typeof ResizeObserver === "undefined") return;
    let last = svg.clientWidth;
    const ro = new ResizeObserver(() => {
      const w = svg.clientWidth;
      if (last > 0 && w > 0 && Math.abs(w - last) / last > 0.3) fitRef.current();
      last = w;
    });
    ro.observe(svg);
    return () => ro.disconnect();
  }, []);

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
    if (t.kind === "place" && t.library) {
      // an equipment-library entry: applied to the element it lands on, or creating one (library/drop.ts)
      // a relay, fuse or recloser mark first: it sits on a branch, which would take the hit otherwise
      const mark = marks.find((m) => Math.hypot(m.x - p.x, m.y - p.y) <= 10 / Math.min(1, view.k));
      const hit = hitTest(index, p, 4 / view.k);
      const bus = nearestBus(index, scene, p, 24 / Math.min(1, view.k));
      void dropEntry(t.library.entry, { hitId: mark?.id ?? hit?.id ?? null, busId: bus?.id ?? null });
      return;
    }
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
      const { list, el: made } = newBranch(net, t.element, picked[0], picked[1], picked[2]);
      const el = t.library?.applied ? fromEntry(list, made, t.library.applied) : made;
      st().run(addCommand(list, el, t.library ? `add ${el.id} from ${t.library.entry.name}` : undefined));
      st().select([el.id]);
      st().setTool({ kind: "select" });
    }
  };

  const startDrag = (d: Drag) => {
    setDrag(d);
    setDragDelta({ x: 0, y: 0 });
  };

  const onPointerDown = (e: React.PointerEvent) => {
    tipRef.current?.(null, 0, 0);
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
    if (!drag) {
      // tooltip of the element under the pointer (R-tree hit test, no DOM)
      const hit = e.pointerType === "touch" ? null : hitTest(index, p, 4 / view.k);
      const r = svgRef.current!.getBoundingClientRect();
      tipRef.current?.(hit?.id ?? null, e.clientX - r.left, e.clientY - r.top);
      if (big && (hit?.id ?? null) !== hoverId) setHoverId(hit?.id ?? null);
      return;
    }
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
  const routed = svgScene.branches.filter((br) => selected.has(br.id) && br.waypoints.length);

  return (
    <div className="diagram-wrap">
      {big && <DiagramCanvas scene={scene} view={view} hidden={hidden} busRes={busRes} brRes={brRes} labels={labels} band={bandOf} panning={drag?.kind === "pan"} />}
      <svg
        ref={svgRef}
        className={`diagram tool-${tool.kind}${big ? " over-canvas" : ""}`}
        data-testid="diagram"
        data-zoom={view.k.toFixed(3)}
        data-render={big ? "canvas" : "svg"}
        data-layer={layer ?? ""}
        data-labels={labels.length}
        data-labels-dropped={placement.dropped.length}
        data-label-ms={labelStats.current.ms.toFixed(1)}
        role="application"
        aria-label={big ? `single-line diagram of ${baseScene.buses.length} buses, drawn as an image: Find (/) selects an element` : "single-line diagram"}
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
        {!big && <rect width="100%" height="100%" fill="url(#grid)" />}
        <g transform={`translate(${view.tx},${view.ty}) scale(${view.k})`}>
          {svgScene.branches.map((br) => (
            <BranchView key={br.id} br={br} selected={selected.has(br.id)} res={brRes.get(br.id)} mark={ctgMarks ? (ctgMarks.get(br.id) ?? null) : undefined} />
          ))}
          {svgScene.trafo3.map((t) => (
            <Trafo3View key={t.id} t={t} selected={selected.has(t.id)} mark={ctgMarks?.get(t.id)} />
          ))}
          {/* level of detail: attached equipment is drawn only when it is big enough to see */}
          {(view.k >= 0.3 || svgScene.nodes.length < 1500) && svgScene.nodes.map((n) => <NodeView key={n.id} n={n} selected={selected.has(n.id)} mark={ctgMarks?.get(n.id)} />)}
          <DeviceMarks marks={marks} selected={selected} showLabels={always || view.k >= minZoom("node-name")} />
          {svgScene.buses.map((b) => (
            <BusView key={b.id} b={b} selected={selected.has(b.id)} res={busRes.get(b.id)} worst={worst.has(b.id)} mark={ctgMarks?.get(b.id)} />
          ))}
          <LabelLayer labels={svgLabels} hidden={hiddenLabels} layer={layer} />
          {worst.size > 0 && <WorstMarks buses={scene.buses} worst={worst} />}
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
      <FindBox />
      <ResultToggles layer={layer} hasPf={!!pf} hasSc={!!scResults} />
      <Tooltip register={(f) => (tipRef.current = f)} layer={layer} />
      {scene.buses.length === 0 && <div className="empty-hint">Drag a bus from the palette onto the diagram (or press B and click).</div>}
    </div>
  );
}
