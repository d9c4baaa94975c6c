// A list of sub-objects in the property panel (a relay's overcurrent elements): each item's fields from its schema
// definition ($ref in the network schema), add and remove items. Curve names come from the engine's curve table.
import { networkSchema, type SchemaProp } from "../schema/validate";
import { CURVES, FUSE_TYPES } from "../protection/tcc";
import { FieldInput } from "./PropertyPanel";

type Item = Record<string, unknown>;
/** The schema definition an array property's items refer to, if they are objects. */
export function itemDef(prop: SchemaProp): string | null {
  const ref = (prop as { items?: { $ref?: string } }).items?.$ref;
  return prop.type === "array" && ref ? ref.replace("#/$defs/", "") : null;
}

/** Fields whose choices come from the engine's tables rather than the schema (curve and fuse-type names). */
export function withChoices(list: string, field: string, prop: SchemaProp, value?: unknown): SchemaProp {
  let names: string[] | null = null;
  if (list === "fuses" && field === "fuse_type") names = FUSE_TYPES.map((f) => f.name);
  if (list === "reclosers" && (field === "fast_curve" || field === "delayed_curve")) names = CURVES.map((c) => c.name);
  if (!names) return prop;
  // a name the engine also accepts (a library id, another spelling) stays selectable as it is
  if (typeof value === "string" && value && !names.includes(value)) names = [value, ...names];
  return { ...prop, enum: names };
}

const SHOWN = ["function", "curve", "pickup_a", "tap_a", "dial", "delay_s", "adder_s", "reset", "in_service"];

export function NestedListField({ field, prop, value, onChange, error }: { field: string; prop: SchemaProp; value: unknown; onChange: (v: Item[]) => void; error?: string }) {
  const def = networkSchema.$defs[itemDef(prop)!];
  const items = (Array.isArray(value) ? value : []) as Item[];
  const keys = [...SHOWN.filter((k) => k in def.properties), ...Object.keys(def.properties).filter((k) => !SHOWN.includes(k))];
  const set = (i: number, k: string, v: unknown) => onChange(items.map((it, j) => (j === i ? Object.fromEntries(Object.entries({ ...it, [k]: v }).filter(([, x]) => x !== undefined)) : it)));
  const curveProp = (p: SchemaProp, v: unknown): SchemaProp => ({ ...p, enum: [...(typeof v === "string" && v && !CURVES.some((c) => c.name === v) ? [v] : []), ...CURVES.map((c) => c.name)] });
  return (
    <fieldset className={`nested${error ? " has-error" : ""}`} aria-label={field}>
      <legend title={prop.description}>{field}</legend>
      {items.map((it, i) => (
        <div key={i} className="nested-item" data-item={i}>
          <div className="row small">
            <strong>
              {String(it.function ?? "51")} #{i + 1}
            </strong>
            <span className="spacer" />
            <button
              type="button"
              className="link"
              disabled={items.length <= (prop as { minItems?: number }).minItems!}
              onClick={() => onChange(items.filter((_, j) => j !== i))}
              aria-label={`remove ${field} ${i + 1}`}
            >
              remove
            </button>
          </div>
          {keys
            .filter((k) => SHOWN.includes(k) || it[k] != null)
            .map((k) => (
              <FieldInput
                key={k}
                field={`${field}.${i}.${k}`}
                label={k}
                prop={k === "curve" ? curveProp(def.properties[k], it[k]) : def.properties[k]}
                value={it[k]}
                onChange={(v) => set(i, k, v)}
                busIds={null}
              />
            ))}
        </div>
      ))}
      <button type="button" onClick={() => onChange([...items, { function: "50", pickup_a: 1000, delay_s: 0 }])} aria-label={`add an element to ${field}`}>
        + element
      </button>
      {error && (
        <div className="field-error" role="alert" data-field-error={field}>
          {error}
        </div>
      )}
    </fieldset>
  );
}
