// The diagram's companions: the canvas that draws large diagrams, find-an-element, the result-label toggles and
// layer switch, and the hover tooltip with the element's results. Diagram.tsx owns the view (pan/zoom) and the
// scene; these read the store and the props they are given.
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { useEditor } from "../store/editor";
import { canvasStyle, drawScene } from "../editor/canvas";
import { setTextMeasure, type PlacedLabel } from "../editor/labels";
import { QUANTITIES, tooltipRows, type LayerName } from "../editor/layers";
import { ELEMENT_LISTS, elementsOf, type BranchResult, type BusResult, type ListName } from "../model/elements";
import type { Scene } from "../editor/scene";

let measuring = false;
/** Label widths from the page's fonts (canvas measureText per character, cached), so placement matches the screen. */
export function installTextMeasure() {
  if (measuring || typeof document === "undefined") return;
  const ctx = document.createElement("canvas").getContext("2d");
  if (!ctx) return;
  measuring = true;
  const body = getComputedStyle(document.body).fontFamily || "sans-serif";
  const cache = new Map<string, number>();
  setTextMeasure((text, px, mono) => {
    const font = mono ? "ui-monospace, monospace" : body;
    let w = 0;
    for (const ch of text) {
      const key = `${mono ? "m" : "s"}${ch}`;
      let cw = cache.get(key);
      if (cw === undefined) {
        ctx.font = `100px ${font}`;
        cw = ctx.measureText(ch).width / 100;
        cache.set(key, cw);
      }
      w += cw;
    }
    return w * px * 1.02;
  });
}

/** Voltage band -> CSS colour variable (as Diagram.tsx's BAND_COLOR). */
const BAND_VAR: Record<string, string> = { deenergized: "--deenergized", low: "--v-low", warn: "--v-warn", ok: "--v-ok", high: "--v-high" };

interface CanvasProps {
  scene: Scene;
  view: { tx: number; ty: number; k: number };
  hidden: Set<string>;
  busRes: Map<string, BusResult>;
  brRes: Map<string, BranchResult>;
  labels: PlacedLabel[];
  band: (r: BusResult) => string;
  /** a pan drag is under way */
  panning: boolean;
}

/** The static drawing of a large diagram (under the SVG, which keeps the edited elements). */
export const DiagramCanvas = memo(function DiagramCanvas({ scene, view, hidden, busRes, brRes, labels, band, panning }: CanvasProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [size, setSize] = useState({ w: 0, h: 0 });
  const [theme, setTheme] = useState(() => document.documentElement.dataset.theme ?? "");
  useEffect(() => {
    const el = ref.current!.parentElement!;
    const ro = new ResizeObserver(() => setSize({ w: el.clientWidth, h: el.clientHeight }));
    ro.observe(el);
    setSize({ w: el.clientWidth, h: el.clientHeight });
    const mo = new MutationObserver(() => setTheme(document.documentElement.dataset.theme ?? ""));
    mo.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
    return () => {
      ro.disconnect();
      mo.disconnect();
    };
  }, []);
  const style = useMemo(() => (ref.current ? canvasStyle(ref.current) : null), [theme, size.w > 0]); // eslint-disable-line react-hooks/exhaustive-deps
  const colors = useMemo(() => {
    if (!ref.current) return {} as Record<string, string>;
    const cs = getComputedStyle(ref.current);
    return Object.fromEntries(Object.entries(BAND_VAR).map(([b, v]) => [b, cs.getPropertyValue(v).trim()]));
  }, [theme, size.w > 0]); // eslint-disable-line react-hooks/exhaustive-deps
  const over = useMemo(() => new Set([...brRes].filter(([, r]) => (r.loading_percent ?? 0) > 100).map(([id]) => id)), [brRes]);
  // a pan on a diagram that takes long to draw moves the drawn bitmap (CSS transform) and redraws once it rests
  const last = useRef<{ view: CanvasProps["view"]; deps: unknown[]; ms: number } | null>(null);
  const timer = useRef<number | null>(null);
  const deps = [scene, hidden, busRes, over, labels, size, style, colors, band];
  const draw = useRef<() => void>(() => undefined);
  draw.current = () => {
    const c = ref.current;
    if (!c || !size.w || !style) return;
    const dpr = Math.min(2, window.devicePixelRatio || 1);
    if (c.width !== Math.round(size.w * dpr) || c.height !== Math.round(size.h * dpr)) {
      c.width = Math.round(size.w * dpr);
      c.height = Math.round(size.h * dpr);
    }
    const t0 = performance.now();
    const busColor = (id: string) => {
      const r = busRes.get(id);
      return r ? colors[band(r)] : undefined;
    };
    const n = drawScene(c.getContext("2d")!, { scene, view, width: size.w, height: size.h, hidden, busColor, overloaded: over, labels, style }, dpr);
    const ms = performance.now() - t0;
    c.style.transform = "";
    c.dataset.drawMs = ms.toFixed(2);
    c.dataset.drawn = String(n);
    last.current = { view, deps, ms };
  };
  useLayoutEffect(() => {
    const prev = last.current;
    if (timer.current) clearTimeout(timer.current);
    const samePicture = prev && prev.view.k === view.k && prev.deps.every((d, i) => d === deps[i]);
    // while a pan is under way the bitmap moves unless drawing is trivially cheap; a view set otherwise redraws
    // unless drawing is slow
    if (samePicture && prev.ms > (panning ? 2 : 8) && ref.current) {
      ref.current.style.transform = `translate(${view.tx - prev.view.tx}px, ${view.ty - prev.view.ty}px)`;
      timer.current = window.setTimeout(() => draw.current(), 120);
      return;
    }
    draw.current();
  }, [view, panning, ...deps]); // eslint-disable-line react-hooks/exhaustive-deps
  return <canvas ref={ref} className="diagram-canvas" data-testid="diagram-canvas" aria-hidden="true" style={{ width: size.w, height: size.h }} />;
});

interface Match {
  id: string;
  name: string;
  list: ListName;
}

const LIST_KIND: Record<string, string> = { buses: "bus", lines: "line", transformers: "transformer", transformers3w: "3W transformer", generators: "generator", external_grids: "external grid", loads: "load", motors: "motor", shunts: "shunt", switches: "switch", impedance_branches: "impedance" };

/** Find an element by id or name: pick one to select it and frame it on the diagram. */
export function FindBox() {
  const network = useEditor((s) => s.network);
  const [q, setQ] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const matches = useMemo<Match[]>(() => {
    const t = q.trim().toLowerCase();
    if (!t) return [];
    const exact: Match[] = [],
      prefix: Match[] = [],
      other: Match[] = [];
    for (const list of ELEMENT_LISTS) {
      if (!LIST_KIND[list]) continue;
      for (const el of elementsOf(network, list)) {
        const e = el as { id: string; name?: string | null };
        const id = e.id.toLowerCase(),
          name = (e.name ?? "").toLowerCase();
        const m = { id: e.id, name: e.name ?? "", list };
        if (id === t || name === t) exact.push(m);
        else if (id.startsWith(t) || name.startsWith(t)) prefix.push(m);
        else if (id.includes(t) || name.includes(t)) other.push(m);
        if (exact.length >= 8) break;
      }
    }
    return [...exact, ...prefix, ...other].slice(0, 8);
  }, [q, network]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.target as HTMLElement)?.closest?.("input,select,textarea")) return;
      if (e.key === "/" || (e.key.toLowerCase() === "f" && (e.ctrlKey || e.metaKey))) {
        e.preventDefault();
        input.current?.focus();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  const pick = (m: Match) => {
    const st = useEditor.getState();
    st.focusOn([m.id]);
    st.setStatus(`found ${LIST_KIND[m.list]} ${m.name || m.id}`);
    setQ("");
    setOpen(false);
    (document.querySelector('[data-testid="diagram"]') as HTMLElement | null)?.focus();
  };
  return (
    <div className="find-box" role="search">
      <input
        ref={input}
        type="search"
        value={q}
        placeholder="Find element… (/)"
        aria-label="find an element"
        data-testid="find-element"
        aria-expanded={open && matches.length > 0}
        aria-controls="find-results"
        aria-autocomplete="list"
        onChange={(e) => {
          setQ(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") setActive((a) => Math.min(matches.length - 1, a + 1));
          else if (e.key === "ArrowUp") setActive((a) => Math.max(0, a - 1));
          else if (e.key === "Enter" && matches[active]) pick(matches[active]);
          else if (e.key === "Escape") {
            setQ("");
            setOpen(false);
            (document.querySelector('[data-testid="diagram"]') as HTMLElement | null)?.focus();
          }
        }}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
      />
      {open && q.trim() && (
        <ul className="find-results" id="find-results" role="listbox" aria-label="matching elements">
          {matches.length === 0 && <li className="muted">no element matches</li>}
          {matches.map((m, i) => (
            <li key={`${m.list}:${m.id}`} role="option" aria-selected={i === active} onMouseDown={(e) => e.preventDefault()} onClick={() => pick(m)}>
              <span className="muted small">{LIST_KIND[m.list]}</span> {m.id}
              {m.name && m.name !== m.id ? <span className="muted"> · {m.name}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Which quantities the result labels carry, and which study's layer the diagram shows. */
export function ResultToggles({ layer, hasPf, hasSc }: { layer: LayerName | null; hasPf: boolean; hasSc: boolean }) {
  const shown = useEditor((s) => s.shown);
  if (!layer) return null;
  const st = useEditor.getState();
  return (
    <div className="result-toggles" role="group" aria-label="diagram results">
      {hasPf && hasSc && (
        <div className="layer-switch" role="radiogroup" aria-label="results layer">
          {(["pf", "sc"] as const).map((l) => (
            <button key={l} role="radio" aria-checked={layer === l} className={layer === l ? "on" : ""} data-testid={`layer-${l}`} onClick={() => st.setLayer(l)}>
              {l === "pf" ? "Power flow" : "Short circuit"}
            </button>
          ))}
        </div>
      )}
      <details>
        <summary>Labels</summary>
        {QUANTITIES.filter((q) => q.layer === layer).map((q) => (
          <label key={q.key} className="small">
            <input type="checkbox" checked={shown[q.key]} data-testid={`show-${q.key}`} onChange={(e) => st.setShown({ [q.key]: e.target.checked })} /> {q.text}
          </label>
        ))}
      </details>
    </div>
  );
}

/** The hovered element's results (every field, engineering labels and units); Diagram calls `register`'s function. */
export function Tooltip({ register, layer }: { register: (f: (id: string | null, x: number, y: number) => void) => void; layer: LayerName | null }) {
  const [tip, setTip] = useState<{ id: string; x: number; y: number } | null>(null);
  useEffect(() => register((id, x, y) => setTip((t) => (id ? (t && t.id === id && Math.abs(t.x - x) < 2 && Math.abs(t.y - y) < 2 ? t : { id, x, y }) : null))), [register]);
  const results = useEditor((s) => s.results);
  const sc = useEditor((s) => s.scResults);
  const network = useEditor((s) => s.network);
  const info = useMemo(() => {
    if (!tip) return null;
    for (const list of ELEMENT_LISTS) {
      const el = elementsOf(network, list).find((e) => e.id === tip.id) as { id: string; name?: string | null } | undefined;
      if (el) return { kind: LIST_KIND[list] ?? list, name: el.name || el.id };
    }
    return null;
  }, [tip?.id, network]); // eslint-disable-line react-hooks/exhaustive-deps
  const rows = useMemo(() => (tip ? tooltipRows(tip.id, layer, results?.result.converged ? results.result : null, sc) : []), [tip?.id, layer, results, sc]); // eslint-disable-line react-hooks/exhaustive-deps
  const ref = useRef<HTMLDivElement>(null);
  if (!tip || !info) return null;
  // beside the pointer, on the side with room (the wrap is the diagram's box)
  const wrap = ref.current?.parentElement ?? document.querySelector(".diagram-wrap");
  const flipX = wrap ? tip.x > wrap.clientWidth - 300 : false,
    flipY = wrap ? tip.y > wrap.clientHeight - 200 : false;
  const transform = `translate(${flipX ? "calc(-100% - 28px)" : "0"}, ${flipY ? "calc(-100% - 28px)" : "0"})`;
  return (
    <div ref={ref} className="diagram-tooltip" role="tooltip" data-testid="tooltip" style={{ left: tip.x + 14, top: tip.y + 14, transform }}>
      <div className="tip-title">
        <span className="muted small">{info.kind}</span> {info.name}
      </div>
      {rows.length > 0 && (
        <table>
          <tbody>
            {rows.map((r) => (
              <tr key={r.label}>
                <th>{r.label}</th>
                <td>{r.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
