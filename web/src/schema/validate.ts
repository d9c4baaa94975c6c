// Validation with the engine's own rules: the JSON Schema generated from gridsolve.model
// (web/scripts/gen_schema.py) checked by ajv, plus the model's cross-field validators and the
// reference checks of gridsolve.model.reference_problems.

import Ajv, { type ValidateFunction } from "ajv";
import schema from "./network.schema.json";
import { BUS_FIELDS, ELEMENT_LISTS, type Element, type ListName, type Network } from "../model/network";

export const networkSchema = schema as unknown as {
  $defs: Record<string, { properties: Record<string, SchemaProp>; required?: string[]; description?: string }>;
};

export interface SchemaProp {
  type?: string;
  anyOf?: SchemaProp[];
  enum?: string[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  description?: string;
  title?: string;
  const?: unknown;
}

export const LIST_TYPE: Record<ListName, string> = {
  buses: "Bus",
  lines: "Line",
  transformers: "Transformer",
  transformers3w: "Transformer3W",
  generators: "Generator",
  external_grids: "ExternalGrid",
  loads: "Load",
  shunts: "Shunt",
  switches: "Switch",
  impedance_branches: "ImpedanceBranch",
};

const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addSchema(schema as object, "network");
const validators = new Map<string, ValidateFunction>();
function validatorFor(type: string): ValidateFunction {
  let v = validators.get(type);
  if (!v) {
    v = ajv.compile({ $ref: `network#/$defs/${type}` });
    validators.set(type, v);
  }
  return v;
}
let networkValidator: ValidateFunction | null = null;

export interface FieldError {
  element_id: string | null;
  field: string;
  message: string;
}

/** Errors of one element, keyed by field ("" for element-level). */
export function validateElement(list: ListName, el: Element): FieldError[] {
  const type = LIST_TYPE[list];
  const v = validatorFor(type);
  const errors: FieldError[] = [];
  if (!v(el)) {
    for (const e of v.errors ?? []) {
      let field = e.instancePath.replace(/^\//, "").split("/")[0];
      if (e.keyword === "additionalProperties") field = String((e.params as { additionalProperty: string }).additionalProperty);
      if (e.keyword === "required") field = String((e.params as { missingProperty: string }).missingProperty);
      // anyOf with null produces two messages; keep the informative one
      if (e.keyword === "anyOf" || (e.keyword === "type" && e.params && (e.params as { type: string }).type === "null")) continue;
      errors.push({ element_id: el.id ?? null, field, message: e.message ?? "invalid" });
    }
  }
  // model validators (gridsolve.model): the cross-field rules JSON Schema cannot express
  const num = (k: string, d = 0) => (typeof el[k] === "number" ? (el[k] as number) : d);
  if (list === "buses" && num("min_vm_pu", 0.9) > num("max_vm_pu", 1.1))
    errors.push({ element_id: el.id, field: "min_vm_pu", message: "min_vm_pu must not exceed max_vm_pu" });
  if (list === "loads" && num("const_z_percent") + num("const_i_percent") > 100)
    errors.push({ element_id: el.id, field: "const_z_percent", message: "const_z_percent + const_i_percent must not exceed 100" });
  if (list === "generators" && typeof el.min_q_mvar === "number" && typeof el.max_q_mvar === "number" && el.min_q_mvar > el.max_q_mvar)
    errors.push({ element_id: el.id, field: "min_q_mvar", message: "min_q_mvar must not exceed max_q_mvar" });
  return errors;
}

/** Schema + reference problems for a whole network (mirrors gridsolve.model.parse_network). */
export function validateNetwork(net: Network): FieldError[] {
  networkValidator ??= ajv.compile({ $ref: "network#" });
  const errors: FieldError[] = [];
  if (!networkValidator(net)) {
    for (const e of networkValidator.errors ?? []) {
      const parts = e.instancePath.split("/").filter(Boolean);
      let id: string | null = null;
      if (parts.length >= 2) id = ((net as unknown as Record<string, Element[]>)[parts[0]]?.[Number(parts[1])]?.id as string) ?? null;
      if (e.keyword === "anyOf") continue;
      errors.push({ element_id: id, field: parts.slice(2).join(".") || parts[0] || "", message: e.message ?? "invalid" });
    }
  }
  for (const l of ELEMENT_LISTS)
    for (const el of ((net as unknown as Record<string, Element[]>)[l] ?? [])) for (const e of validateElement(l, el)) if (!e.message.startsWith("must")) errors.push(e);
  const counts = new Map<string, number>();
  for (const l of ELEMENT_LISTS) for (const el of ((net as unknown as Record<string, Element[]>)[l] ?? [])) counts.set(el.id, (counts.get(el.id) ?? 0) + 1);
  for (const [id, c] of counts) if (c > 1) errors.push({ element_id: id, field: "id", message: "duplicate id" });
  const busIds = new Set(net.buses.map((b) => b.id));
  for (const l of ELEMENT_LISTS) {
    for (const el of ((net as unknown as Record<string, Element[]>)[l] ?? [])) {
      const fields = BUS_FIELDS[l];
      for (const f of fields) if (!busIds.has(el[f] as string)) errors.push({ element_id: el.id, field: f, message: `unknown bus '${el[f]}'` });
      if (fields.length > 1 && new Set(fields.map((f) => el[f])).size < fields.length)
        errors.push({ element_id: el.id, field: fields[fields.length - 1], message: "connects a bus to itself" });
    }
  }
  return errors;
}

/** Unit of a field, read from its name (the model's convention) or its description. */
export function unitOf(field: string, prop?: SchemaProp): string {
  const suffixes: [RegExp, string][] = [
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
    [/_degree$/, "°"],
    [/_hz$/, "Hz"],
  ];
  for (const [re, u] of suffixes) if (re.test(field)) return u;
  if (field === "x" || field === "y" || field === "length") return "px";
  const m = prop?.description?.match(/\b(kV|MVA|MW|kA|px|degC)\b/);
  return m ? m[1] : "";
}

export function propType(p: SchemaProp): { type: string; nullable: boolean; enum?: string[] } {
  if (p.anyOf) {
    const nonNull = p.anyOf.filter((a) => a.type !== "null");
    const inner = nonNull[0] ?? {};
    return { type: inner.type ?? (inner.enum ? "string" : "string"), nullable: p.anyOf.length > nonNull.length, enum: inner.enum };
  }
  return { type: p.type ?? (p.enum ? "string" : "string"), nullable: false, enum: p.enum };
}
