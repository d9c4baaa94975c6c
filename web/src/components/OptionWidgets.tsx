// Study-option inputs for the schema shapes beyond a number, a flag or one choice: a multiple choice (an array of
// an enum: checkboxes) and a choice or a user list of id sets (an enum or an array of arrays: a select with
// "list…" and a text area, one set per line). Raw values as studies/options.ts parses them.

import type { OptionField, RawValue } from "../studies/options";

export const LIST = "list…";

/** Checkboxes, one per enum value; the value is the ticked values in the enum's order. */
export function MultipleChoice({ f, value, onChange }: { f: OptionField; value: RawValue | undefined; onChange: (v: RawValue) => void }) {
  const all = (f.items?.enum ?? []).map(String);
  const on = Array.isArray(value) ? value : Array.isArray(f.prop.default) ? (f.prop.default as unknown[]).map(String) : all;
  return (
    <span className="choices" role="group" aria-label={f.label} id={`opt-${f.name}`}>
      {all.map((v) => (
        <label key={v} className="choice">
          <input type="checkbox" checked={on.includes(v)} aria-label={`${f.label}: ${v}`} onChange={(e) => onChange(all.filter((x) => (x === v ? e.target.checked : on.includes(x))))} />
          {v}
        </label>
      ))}
    </span>
  );
}

/** One of the enum's values, or "list…" and the list typed one set per line (the raw value is then its lines). */
export function ChoiceOrList({ f, value, onChange }: { f: OptionField; value: RawValue | undefined; onChange: (v: RawValue) => void }) {
  const isList = Array.isArray(value);
  const choice = isList ? LIST : String(value ?? f.prop.default ?? "");
  return (
    <span className="choice-or-list">
      <select id={`opt-${f.name}`} value={choice} onChange={(e) => onChange(e.target.value === LIST ? [""] : e.target.value)} aria-label={f.label}>
        {(f.enum ?? []).map((v) => (
          <option key={String(v)} value={String(v)}>
            {String(v)}
          </option>
        ))}
        <option value={LIST}>{LIST}</option>
      </select>
      {isList && (
        <textarea
          rows={3}
          value={value.join("\n")}
          onChange={(e) => onChange(e.target.value.split("\n"))}
          aria-label={`${f.label}: one per line, ids separated by + or commas`}
          placeholder={"br_7\nbr_3 + br_9"}
          data-option-list={f.name}
        />
      )}
    </span>
  );
}
