// The equipment library drawer: search as you type (debounced; the match count and the round trip's latency
// shown), filters from the facets (category, manufacturer, voltage class, rating), a detail view with every
// parameter and where it comes from (source, edition, page/table, licence, link). An entry is dragged onto the
// diagram (onto a bus: a new element; onto an element it fits: its values applied), or placed/applied with the
// detail view's buttons (touch and keyboard).
import { useEffect, useMemo, useRef, useState } from "react";
import { errorText } from "../api/client";
import { findElement } from "../editor/commands";
import { equipmentDetail, equipmentFacets, searchEquipment, type LibraryQuery, type TimedList } from "../library/api";
import { applyToElement } from "../library/drop";
import { fits, makesKind, paletteKindOf } from "../library/elements";
import { useLibrary } from "../library/store";
import type { EquipmentDetail, EquipmentFacets, EquipmentItem } from "../model/elements";
import { unitOf } from "../schema/units";
import { useEditor } from "../store/editor";
import "../library/library.css";

const CATEGORY_TITLE: Record<string, string> = {
  conductor: "Conductors (overhead)",
  cable: "Cables",
  transformer: "Transformers",
  generator: "Generators",
  motor: "Motors",
  breaker: "Breakers",
  relay: "Relays",
  fuse: "Fuses",
};
/** The unit the rating filter is in for a category (the entries' headline ratings). */
const RATING_UNIT: Record<string, string> = { conductor: "A", cable: "A", relay: "A", fuse: "A", transformer: "MVA", generator: "MVA", motor: "MW", breaker: "kA" };
const DEBOUNCE_MS = 150;
/** Units of the library's own parameter names beyond the network model's (A, mm², degC, ...). */
const MORE_UNITS: [RegExp, string][] = [[/_a$/, "A"], [/_mm2$/, "mm²"], [/_mm$/, "mm"], [/_degc$/, "°C"], [/_per_k$/, "1/K"], [/_ms$/, "ms"], [/_kg_per_km$/, "kg/km"]];
const paramUnit = (k: string) => MORE_UNITS.find(([re]) => re.test(k))?.[1] ?? unitOf(k);
const PAGE = 30;

const num = (s: string): number | null => (s.trim() === "" || !Number.isFinite(Number(s)) ? null : Number(s));
const fmt = (v: unknown): string => (typeof v === "number" ? String(Number(v.toPrecision(6))) : v == null ? "—" : Array.isArray(v) ? v.map(fmt).join(", ") : typeof v === "object" ? Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k} → ${fmt(x)}`).join(", ") : String(v));

function ratingText(e: EquipmentItem): string {
  return e.rating ? `${fmt(e.rating.value)} ${e.rating.unit}` : "";
}

/** Arm the diagram for `entry`: the next release or click on the diagram drops it (Diagram.place -> dropEntry). */
function arm(entry: EquipmentItem) {
  const kind = makesKind(entry);
  const st = useEditor.getState();
  if (!kind) {
    st.setStatus(`${entry.name}: ${entry.category} entries have no network element (protection studies use their curves)`);
    return false;
  }
  st.setTool({ kind: "place", element: paletteKindOf(entry, kind), library: { entry } });
  const onDevice = kind === "relay" || kind === "fuse"; // these sit at a branch end: placed with the palette first
  st.setStatus(`${entry.name}: ${onDevice ? `drop on a ${kind} to apply it` : `drop on a bus for a new ${kind}, or on an element to apply its values`} (Esc cancels)`);
  return true;
}

function Provenance({ entry }: { entry: Pick<EquipmentItem, "provenance"> }) {
  const p = entry.provenance;
  return (
    <div className="lib-provenance" data-testid="library-provenance">
      <h4>
        Where the values come from {p.typical ? <span className="badge warn" title={p.typical_basis ?? ""}>typical</span> : null}
      </h4>
      {p.typical && p.typical_basis && <p className="small">Typical values: {p.typical_basis}</p>}
      <ol className="small">
        {p.sources.map((s, i) => (
          <li key={i}>
            <strong>{s.title}</strong>
            {s.publisher ? ` · ${s.publisher}` : ""}
            {s.edition ? ` · ${s.edition}` : ""}
            {s.year ? ` (${s.year})` : ""}
            <div>
              <span className="muted">Where: </span>
              {s.locator}
            </div>
            <div>
              <span className="muted">Licence: </span>
              {s.licence}
            </div>
            {s.fields?.length ? (
              <div>
                <span className="muted">Fields: </span>
                {s.fields.join(", ")}
              </div>
            ) : null}
            {s.url && (
              <a href={s.url} target="_blank" rel="noreferrer noopener">
                {s.url}
              </a>
            )}
          </li>
        ))}
      </ol>
      {p.note && <p className="small muted">{p.note}</p>}
    </div>
  );
}

function Detail({ entry, onBack }: { entry: EquipmentItem; onBack: () => void }) {
  const [full, setFull] = useState<EquipmentDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const selection = useEditor((s) => s.selection);
  const network = useEditor((s) => s.network);
  useEffect(() => {
    setFull(null);
    equipmentDetail(entry.id).then(setFull, (e) => setError(errorText(e)));
  }, [entry.id]);
  const target = selection.length === 1 ? findElement(network, selection[0]) : null;
  const canApply = target != null && fits(entry, target.list);
  const all = Object.entries((full?.parameters ?? entry.parameters) as Record<string, unknown>).filter(([, v]) => v != null && !(Array.isArray(v) && v.length === 0));
  const isRows = (v: unknown): v is Record<string, unknown>[] => Array.isArray(v) && v.every((r) => r != null && typeof r === "object" && !Array.isArray(r));
  const params = all.filter(([, v]) => !isRows(v));
  const rowTables = all.filter((kv): kv is [string, Record<string, unknown>[]] => isRows(kv[1]));
  return (
    <div className="lib-detail" data-testid="library-detail">
      <button className="link" onClick={onBack} aria-label="back to the results">
        ← Results
      </button>
      <h3>{entry.name}</h3>
      <p className="small muted">
        {entry.manufacturer}
        {entry.model_number ? ` · ${entry.model_number}` : ""} · {CATEGORY_TITLE[entry.category] ?? entry.category} · {entry.subcategory}
        {entry.voltage_class_kv != null ? ` · ${fmt(entry.voltage_class_kv)} kV` : ""}
        {entry.rating ? ` · ${ratingText(entry)}` : ""}
      </p>
      <div className="row lib-actions">
        <button className="primary" onClick={() => arm(entry) && useLibrary.getState().setOpen(window.innerWidth >= 700)} disabled={!makesKind(entry)} data-testid="library-place">
          Place on diagram
        </button>
        <button
          onClick={() => target && applyToElement(entry, target.el.id).catch((e) => useEditor.getState().setStatus(errorText(e)))}
          disabled={!canApply}
          title={target ? (canApply ? "" : `${entry.category} entries fit ${entry.element_kinds.join(", ") || "no element"}`) : "select an element first"}
          data-testid="library-apply"
        >
          Apply to {target ? target.el.id : "selection"}
        </button>
      </div>
      {error && <p className="field-error">{error}</p>}
      <table className="lib-params" aria-label="parameters">
        <tbody>
          {params.map(([k, v]) => (
            <tr key={k}>
              <th>{k}</th>
              <td>
                {fmt(v)} <span className="unit">{paramUnit(k)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rowTables.map(([k, rows]) => (
        <RowTable key={k} name={k} rows={rows} />
      ))}
      {entry.tags.length > 0 && <p className="small muted">Tags: {entry.tags.join(", ")}</p>}
      <Provenance entry={full ?? entry} />
      <p className="small muted">
        id {entry.id} · revision {entry.revision}
        {entry.source === "user" ? " · your model" : ""}
      </p>
    </div>
  );
}

/** A parameter that is a list of records (a relay's setting ranges) as a table of its own: one row per record, a
 * column per field, min and max shown as one range with the record's unit. */
const RANGE = "\u0000range"; // the column that joins min, max and unit (no field has this name)

function RowTable({ name, rows }: { name: string; rows: Record<string, unknown>[] }) {
  const ranged = rows.some((r) => "min" in r && "max" in r);
  const fields = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((c) => !(ranged && ["min", "max", "unit"].includes(c)));
  // the range right after what it is a range of (a relay setting's quantity), then the rest
  const at = ranged ? Math.max(fields.indexOf("quantity"), 0) + 1 : fields.length;
  const cols = [...fields.slice(0, at), ...(ranged ? [RANGE] : []), ...fields.slice(at)];
  const title = name === "settings" ? "Setting ranges" : name.replace(/_/g, " ");
  return (
    <div className="lib-rows-wrap">
    <table className="lib-params lib-rows" aria-label={title}>
      <caption>{title}</caption>
      <thead>
        <tr>
          {cols.map((c) => (
            <th key={c}>{c === RANGE ? "range" : c.replace(/_/g, " ")}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            {cols.map((c) =>
              c === RANGE ? (
                <td key={c}>
                  {fmt(r.min)}–{fmt(r.max)} <span className="unit">{r.unit === "-" ? "" : fmt(r.unit)}</span>
                </td>
              ) : (
                <td key={c}>{fmt(r[c])}</td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}

/** Start dragging an entry once the pointer has moved a few pixels with the button down. */
function useEntryDrag() {
  const start = useRef<{ x: number; y: number; entry: EquipmentItem; armed: boolean } | null>(null);
  useEffect(() => {
    const move = (e: PointerEvent) => {
      const s = start.current;
      if (!s || s.armed || Math.hypot(e.clientX - s.x, e.clientY - s.y) < 6) return;
      s.armed = arm(s.entry);
      if (s.armed) document.body.classList.add("lib-dragging");
    };
    const up = (e: PointerEvent) => {
      const s = start.current;
      start.current = null;
      document.body.classList.remove("lib-dragging");
      // released outside the diagram: nothing dropped
      if (s?.armed && !(e.target as Element | null)?.closest?.('[data-testid="diagram"]')) {
        const st = useEditor.getState();
        if (st.tool.kind === "place" && st.tool.library) st.setTool({ kind: "select" });
      }
    };
    window.addEventListener("pointermove", move);
    window.addEventListener("pointerup", up);
    return () => {
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", up);
    };
  }, []);
  return (e: React.PointerEvent, entry: EquipmentItem) => {
    if (e.button !== 0 || e.pointerType === "touch") return;
    start.current = { x: e.clientX, y: e.clientY, entry, armed: false };
  };
}

export function LibraryPanel() {
  const open = useLibrary((s) => s.open);
  const elementKind = useLibrary((s) => s.elementKind);
  const [q, setQ] = useState("");
  const [category, setCategory] = useState("");
  const [manufacturer, setManufacturer] = useState("");
  const [voltage, setVoltage] = useState("");
  const [minRating, setMinRating] = useState("");
  const [maxRating, setMaxRating] = useState("");
  const [result, setResult] = useState<TimedList | null>(null);
  const [facets, setFacets] = useState<EquipmentFacets | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [detail, setDetail] = useState<EquipmentItem | null>(null);
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);
  const startDrag = useEntryDrag();

  const unit = category ? RATING_UNIT[category] : "";
  const query = useMemo<LibraryQuery>(
    () => ({
      q: q.trim() || undefined,
      category: category || undefined,
      manufacturer: manufacturer || undefined,
      voltage_kv: num(voltage),
      min_rating: unit ? num(minRating) : null,
      max_rating: unit ? num(maxRating) : null,
      rating_unit: unit && (num(minRating) != null || num(maxRating) != null) ? unit : undefined,
      element_kind: elementKind ?? undefined,
      limit: PAGE,
    }),
    [q, category, manufacturer, voltage, minRating, maxRating, unit, elementKind],
  );

  useEffect(() => {
    if (!open) return;
    equipmentFacets(query).then(setFacets, () => undefined);
  }, [open, query.category, query.element_kind]); // eslint-disable-line react-hooks/exhaustive-deps

  // search as you type: the newest request wins, earlier answers are dropped
  useEffect(() => {
    if (!open) return;
    const n = ++seq.current;
    setLoading(true);
    const t = window.setTimeout(() => {
      searchEquipment(query).then(
        (r) => {
          if (n !== seq.current) return;
          setResult(r);
          setError(null);
          setLoading(false);
        },
        (e) => {
          if (n !== seq.current) return;
          setError(errorText(e));
          setLoading(false);
        },
      );
    }, DEBOUNCE_MS);
    return () => window.clearTimeout(t);
  }, [open, query]);

  if (!open) return null;
  const close = () => useLibrary.getState().setOpen(false);
  return (
    <section className="library-drawer panel" aria-label="equipment library" data-testid="library">
      <h2>
        Equipment library
        {elementKind && (
          <button className="chip" onClick={() => useLibrary.getState().setOpen(true, null)} title="show every category">
            fits {elementKind} ×
          </button>
        )}
        <span className="spacer" />
        <button onClick={close} aria-label="close the library" data-testid="library-close">
          ×
        </button>
      </h2>
      {detail ? (
        <Detail entry={detail} onBack={() => setDetail(null)} />
      ) : (
        <>
          <input type="search" autoFocus placeholder="Drake, NA2XS2Y 240, 63 MVA 110/20, SEL-751…" aria-label="search the equipment library" value={q} onChange={(e) => setQ(e.target.value)} data-testid="library-search" />
          <div className="lib-filters">
            <select
              aria-label="category"
              value={category}
              onChange={(e) => {
                setCategory(e.target.value);
                setManufacturer("");
                setVoltage("");
                setMinRating("");
                setMaxRating("");
              }}
              data-testid="library-category"
            >
              <option value="">All categories</option>
              {(facets?.categories ?? []).map((c) => (
                <option key={String(c.value)} value={String(c.value)}>
                  {CATEGORY_TITLE[String(c.value)] ?? c.value} ({c.count})
                </option>
              ))}
            </select>
            <select aria-label="manufacturer" value={manufacturer} onChange={(e) => setManufacturer(e.target.value)} data-testid="library-manufacturer">
              <option value="">All manufacturers</option>
              {(facets?.manufacturers ?? []).map((m) => (
                <option key={String(m.value)} value={String(m.value)}>
                  {m.value} ({m.count})
                </option>
              ))}
            </select>
            <select aria-label="voltage class" value={voltage} onChange={(e) => setVoltage(e.target.value)} data-testid="library-voltage">
              <option value="">All voltages</option>
              {(facets?.voltage_classes_kv ?? []).map((v) => (
                <option key={String(v.value)} value={String(v.value)}>
                  {fmt(v.value)} kV ({v.count})
                </option>
              ))}
            </select>
            <span className="lib-rating" title={unit ? `headline rating, ${unit}` : "choose a category to filter by rating"}>
              <input inputMode="decimal" placeholder="min" aria-label={`minimum rating${unit ? `, ${unit}` : ""}`} value={minRating} disabled={!unit} onChange={(e) => setMinRating(e.target.value)} data-testid="library-min-rating" />
              –
              <input inputMode="decimal" placeholder="max" aria-label={`maximum rating${unit ? `, ${unit}` : ""}`} value={maxRating} disabled={!unit} onChange={(e) => setMaxRating(e.target.value)} data-testid="library-max-rating" />
              <span className="unit">{unit || "rating"}</span>
            </span>
          </div>
          <p className="small muted" data-testid="library-count" aria-live="polite">
            {error ? <span className="field-error">{error}</span> : result ? `${result.total} match${result.total === 1 ? "" : "es"} · ${Math.round(result.latencyMs)} ms` : "searching…"}
            {loading && result ? " · …" : ""}
          </p>
          <ul className="lib-results" aria-label="library entries" data-testid="library-results">
            {(result?.items ?? []).map((e) => (
              <li key={e.id}>
                <button className="lib-item" data-entry={e.id} onPointerDown={(ev) => startDrag(ev, e)} onClick={() => setDetail(e)} title={makesKind(e) ? "drag onto the diagram, or open for details" : "open for details"}>
                  <span className="lib-name">{e.name}</span>
                  <span className="small muted">
                    {e.manufacturer} · {e.category}
                    {e.voltage_class_kv != null ? ` · ${fmt(e.voltage_class_kv)} kV` : ""}
                    {e.rating ? ` · ${ratingText(e)}` : ""}
                    {e.provenance.typical ? " · typical" : ""}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {result && result.total > result.items.length && <p className="small muted">showing the best {result.items.length}; refine the search or the filters</p>}
        </>
      )}
    </section>
  );
}

/** The top bar's button that opens and closes the library. */
export function LibraryButton() {
  const open = useLibrary((s) => s.open);
  return (
    <button onClick={() => useLibrary.getState().setOpen(!open)} aria-pressed={open} aria-label="equipment library" data-testid="library-toggle">
      Library
    </button>
  );
}
