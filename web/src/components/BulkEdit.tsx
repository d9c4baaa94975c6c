// Bulk edit in the property panel: one field, one value, every selected element that has the field; one undoable
// command (editor/bulk.ts), checked against the schema before it runs.
import { useMemo, useState } from "react";
import { useEditor } from "../store/editor";
import { bulkEditCommand, bulkEditErrors, commonFields } from "../editor/bulk";
import { findElement } from "../editor/commands";
import { LIST_TYPE, networkSchema, propType, unitOf } from "../schema/validate";

function parseValue(text: string, type: string): unknown {
  const t = text.trim();
  if (t === "") return null;
  if (type === "boolean") return t === "true";
  if ((type === "number" || type === "integer") && /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return type === "integer" && /^[-+]?\d+$/.test(t) ? parseInt(t, 10) : Number(t);
  return t;
}

export function BulkEdit() {
  const selection = useEditor((s) => s.selection);
  const network = useEditor((s) => s.network);
  const fields = useMemo(() => commonFields(network, selection), [network, selection]);
  const [field, setField] = useState("");
  const [text, setText] = useState("");
  const f = fields.includes(field) ? field : (fields.find((k) => k === "vn_kv") ?? fields[0] ?? "");
  const first = selection.map((id) => findElement(network, id)).find((x) => x);
  const prop = first ? networkSchema.$defs[LIST_TYPE[first.list]]?.properties[f] : undefined;
  const type = prop ? propType(prop).type : "string";
  const value = parseValue(text, type);
  const errors = f ? bulkEditErrors(network, selection, f, value) : [];
  const values = new Set(selection.map((id) => findElement(network, id)?.el[f]).filter((v) => v !== undefined).map(String));
  if (!fields.length) return <p className="muted">The selected elements have no field in common.</p>;
  const apply = (e: React.FormEvent) => {
    e.preventDefault();
    if (errors.length || !f) return;
    const cmd = bulkEditCommand(network, selection, f, value);
    useEditor.getState().run(cmd);
    useEditor.getState().setStatus(cmd.label);
  };
  const unit = prop ? unitOf(f, prop) : "";
  return (
    <form className="bulk-edit" onSubmit={apply} aria-label="edit a field of every selected element">
      <h3>Edit all selected</h3>
      <label>
        Field
        <select value={f} onChange={(e) => setField(e.target.value)} data-testid="bulk-field">
          {fields.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </label>
      <p className="muted small" data-testid="bulk-current">
        now: {values.size === 0 ? "not set" : values.size === 1 ? [...values][0] : `${values.size} different values`}
      </p>
      <label>
        New value{unit ? ` (${unit})` : ""}
        {type === "boolean" ? (
          <select value={text} onChange={(e) => setText(e.target.value)} data-testid="bulk-value">
            <option value="">—</option>
            <option value="true">true</option>
            <option value="false">false</option>
          </select>
        ) : (
          <input value={text} onChange={(e) => setText(e.target.value)} placeholder={prop?.default != null ? String(prop.default) : "empty: remove"} data-testid="bulk-value" aria-invalid={errors.length > 0} />
        )}
      </label>
      {errors.length > 0 && (
        <div className="field-error" role="alert">
          {errors[0].element_id}: {errors[0].message}
        </div>
      )}
      <button type="submit" className="primary" disabled={errors.length > 0} data-testid="bulk-apply">
        Set on {selection.length} elements
      </button>
    </form>
  );
}
