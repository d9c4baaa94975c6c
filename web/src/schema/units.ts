// Units and engineering labels of fields, from the engine's naming convention (unit in the field name: p_mw,
// ikss_ka, vm_pu, ...) and the generated labels (contract/labels.ts: titles such as "|V|", "I″k").

import { LABELS } from "../contract/labels";

const SUFFIXES: [RegExp, string][] = [
  [/_ohm_per_km$/, "Ω/km"],
  [/_nf_per_km$/, "nF/km"],
  [/_us_per_km$/, "µS/km"],
  [/_kv$/, "kV"],
  [/_mva$/, "MVA"],
  [/_mw$/, "MW"],
  [/_mvar$/, "Mvar"],
  [/_kw$/, "kW"],
  [/_ka$/, "kA"],
  [/_km$/, "km"],
  [/_ohm$/, "Ω"],
  [/_percent$/, "%"],
  [/_pu$/, "pu"],
  [/_(degree|deg)$/, "°"],
  [/_hz$/, "Hz"],
  [/_s$/, "s"],
];

/** Unit of a field, read from its name (the model's convention) or its description. */
export function unitOf(field: string, prop?: { description?: string }): string {
  for (const [re, u] of SUFFIXES) if (re.test(field)) return u;
  if (field === "x" || field === "y" || field === "length") return "px";
  const m = prop?.description?.match(/\b(kV|MVA|MW|kA|px|degC)\b/);
  return m ? m[1] : "";
}

const UNIT_WORDS = new Set(["pu", "percent", "ohm", "s", "kv", "ka", "mva", "mw", "mvar", "kw", "deg", "degree", "km", "hz"]);

/** A field's engineering label with its unit ("|V| pu", "I″k kA", "Tol") and its description, for model `model`. */
export function labelOf(model: string, field: string): { text: string; unit: string; description?: string } {
  const l = LABELS[model]?.[field];
  const unit = unitOf(field, l);
  let title = l?.title ?? field;
  // generated titles repeat the unit word of the field name ("Vmin Pu", "Tk S"): the unit is shown once
  const words = title.split(" ");
  if (unit && words.length > 1 && UNIT_WORDS.has(words[words.length - 1].toLowerCase())) title = words.slice(0, -1).join(" ");
  return { text: unit ? `${title} ${unit}` : title, unit, description: l?.description };
}
