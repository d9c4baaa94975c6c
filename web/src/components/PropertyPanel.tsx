import { useEffect, useMemo, useState } from "react";
import { HelpLink } from "./HelpLink";
import { useEditor } from "../store/editor";
import { findElement, updateCommand } from "../editor/commands";
import { BUS_FIELDS, type Element } from "../model/elements";
import { LIST_TYPE, networkSchema, propType, unitOf, validateElement, type SchemaProp } from "../schema/validate";
import type { FieldError } from "../model/elements";
import { itemDef, NestedListField, withChoices } from "./NestedListField";
import { BulkEdit } from "./BulkEdit";
import { typicalNote } from "../editor/typical";

const FIRST = ["id", "name", "in_service"];

export function FieldInput({ field, prop, value, onChange, busIds, error, note, label }: { field: string; prop: SchemaProp; value: unknown; onChange: (v: unknown) => void; busIds: string[] | null; error?: string; note?: string | null; label?: string }) {
  const { type, nullable, enum: en } = propType(prop);
  const id = `prop-${field}`;
  const unit = unitOf(field, prop);
  let input;
  if (busIds) {
    input = (
      <select id={id} value={String(value ?? "")} onChange={(e) => onChange(e.target.value)} aria-invalid={!!error}>
        {busIds.map((b) => (
          <option key={b} value={b}>
            {b}
          </option>
        ))}
      </select>
    );
  } else if (type === "boolean") {
    input = <input id={id} type="checkbox" checked={Boolean(value ?? prop.default)} onChange={(e) => onChange(e.target.checked)} />;
  } else if (en) {
    input = (
      <select id={id} value={String(value ?? prop.default ?? "")} onChange={(e) => onChange(e.target.value === "" ? null : e.target.value)} aria-invalid={!!error}>
        {nullable && <option value="">—</option>}
        {en.map((v) => (
          <option key={String(v)} value={String(v)}>
            {v}
          </option>
        ))}
      </select>
    );
  } else if (type === "number" || type === "integer") {
    input = (
      <input
        id={id}
        type="text"
        inputMode="decimal"
        value={value === undefined || value === null ? "" : String(value)}
        placeholder={prop.default != null ? String(prop.default) : nullable ? "none" : ""}
        aria-invalid={!!error}
        onChange={(e) => {
          const t = e.target.value.trim();
          if (t === "") onChange(nullable ? null : undefined);
          else if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) onChange(type === "integer" && /^[-+]?\d+$/.test(t) ? parseInt(t, 10) : Number(t));
          else onChange(t); // keeps the text; the schema reports "must be number"
        }}
      />
    );
  } else {
    input = <input id={id} type="text" value={String(value ?? "")} onChange={(e) => onChange(e.target.value)} aria-invalid={!!error} readOnly={field === "id"} />;
  }
  return (
    <div className={`field${error ? " has-error" : ""}`}>
      <label htmlFor={id} title={prop.description}>
        {label ?? field}
      </label>
      <div className="field-input">
        {input}
        {unit && <span className="unit">{unit}</span>}
        {note && (
          <span className="badge typical" title={note} data-typical={field}>
            typical
          </span>
        )}
      </div>
      {error && (
        <div className="field-error" role="alert" data-field-error={field}>
          {error}
        </div>
      )}
    </div>
  );
}

export function PropertyPanel() {
  const selection = useEditor((s) => s.selection);
  const network = useEditor((s) => s.network);
  const apiError = useEditor((s) => s.error);
  const found = selection.length === 1 ? findElement(network, selection[0]) : null;
  const [draft, setDraft] = useState<Element | null>(null);
  useEffect(() => setDraft(found ? { ...found.el } : null), [found?.el]); // eslint-disable-line react-hooks/exhaustive-deps
  const errors: FieldError[] = useMemo(() => (found && draft ? validateElement(found.list, draft) : []), [found, draft]);

  if (selection.length > 1)
    return (
      <section className="panel props" aria-label="properties">
        <h2>
          Properties <HelpLink topic="getting-started" />
        </h2>
        <p>{selection.length} elements selected. Press Delete to remove them, Ctrl+C to copy.</p>
        <BulkEdit />
      </section>
    );
  if (!found || !draft)
    return (
      <section className="panel props" aria-label="properties">
        <h2>Network</h2>
        <p className="muted">
          {network.buses.length} buses · {network.lines.length} lines · {network.transformers.length + network.transformers3w.length} transformers
          {network.impedance_branches.length ? ` · ${network.impedance_branches.length} impedance branches` : ""} · {network.generators.length} generators ·{" "}
          {network.loads.length} loads
        </p>
        <p className="muted">Select an element to edit its properties.</p>
      </section>
    );
  const type = LIST_TYPE[found.list];
  const def = networkSchema.$defs[type];
  const busFields = new Set(BUS_FIELDS[found.list]);
  const busIds = network.buses.map((b) => b.id);
  const keys = [...FIRST, ...Object.keys(def.properties).filter((k) => !FIRST.includes(k)).sort((a, b) => Number(def.properties[a].default === null) - Number(def.properties[b].default === null))];
  const main = keys.filter((k) => def.properties[k].default !== null || (def.required ?? []).includes(k) || draft[k] != null);
  const advanced = keys.filter((k) => !main.includes(k));
  const errOf = (k: string) => {
    const local = errors.find((e) => e.field === k)?.message;
    if (local) return local;
    if (apiError && apiError.element_id === draft.id && apiError.field === k) return apiError.message;
    return undefined;
  };
  const commit = () => {
    if (errors.length) return;
    const patch: Partial<Element> = {};
    let changed = false;
    for (const k of new Set([...Object.keys(draft), ...Object.keys(found.el)])) {
      if (draft[k] !== found.el[k]) {
        (patch as Record<string, unknown>)[k] = draft[k] === null && def.properties[k]?.default !== null ? undefined : draft[k];
        changed = true;
      }
    }
    if (changed) useEditor.getState().run(updateCommand(network, draft.id, patch, `edit ${draft.id}`));
  };
  const set = (k: string, v: unknown) => {
    const next = { ...draft };
    if (v === undefined) delete next[k];
    else next[k] = v;
    setDraft(next);
  };
  const render = (k: string) =>
    itemDef(def.properties[k]) ? (
      <NestedListField key={k} field={k} prop={def.properties[k]} value={draft[k]} onChange={(v) => set(k, v)} error={errOf(k)} />
    ) : (
      <FieldInput
        key={k}
        field={k}
        prop={withChoices(found.list, k, def.properties[k], draft[k])}
        value={draft[k]}
        onChange={(v) => set(k, v)}
        busIds={busFields.has(k) || (found.list === "switches" && k === "element" && draft.et === "bus") ? busIds : null}
        error={errOf(k)}
        note={typicalNote(found.list, draft, k)}
      />
  );
  return (
    <section className="panel props" aria-label="properties">
      <h2>
        {type} <span className="muted">{draft.id}</span> <HelpLink topic={found.list === "buses" || found.list === "generators" ? "short-circuit" : "getting-started"} />
      </h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          commit();
        }}
        onBlur={commit}
        aria-label={`${type} ${draft.id} properties`}
      >
        {main.map(render)}
        {advanced.length > 0 && (
          <details>
            <summary>More ({advanced.length})</summary>
            {advanced.map(render)}
          </details>
        )}
        <div className="form-actions">
          <button type="submit" disabled={errors.length > 0}>
            Apply
          </button>
          {errors.length > 0 && <span className="field-error">{errors.length} error(s)</span>}
        </div>
        {keys.some((k) => typicalNote(found.list, draft, k)) && (
          <p className="muted small" data-testid="typical-basis">
            Fields marked typical: {keys.map((k) => typicalNote(found.list, draft, k)).find((n) => n)}. Replace them with the equipment's own data when you have it.
          </p>
        )}
      </form>
    </section>
  );
}
