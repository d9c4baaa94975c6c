// A study type's options as the study panel offers them: the fields of its generated options model (contract
// schema.json, from gridsolve.studies), their labels and defaults, and the values the user typed checked by ajv
// against the same schema the API validates with (strict: an ill-typed value is an error, never a default).

import type { ValidateFunction } from "ajv";
import contract from "../contract/schema.json";
import * as compiled from "./validators.generated";
import { STUDY_TYPES, type StudyTypeName } from "../contract/studies";
import { labelOf } from "../schema/units";
import { propType, type SchemaProp } from "../schema/validate";

type Defs = Record<string, { properties?: Record<string, SchemaProp> }>;
const defs = (contract as unknown as { $defs: Defs }).$defs;

// ajv's validators of the options models, compiled ahead of time by scripts/gen_contract.py: nothing is compiled
// in the browser, so the app's Content-Security-Policy needs no 'unsafe-eval'.
const validators = compiled as unknown as Record<string, ValidateFunction>;

export interface OptionField {
  name: string;
  prop: SchemaProp;
  type: string;
  nullable: boolean;
  enum?: (string | number)[];
  /** an array's items (an enum's items: a multiple choice) */
  items?: SchemaProp;
  /** a choice of the enum's values or a user list of id sets (e.g. outages "n-1" | "n-2" | [["br_7"], ...]) */
  listChoice: boolean;
  label: string;
  description?: string;
}

/** Raw inputs: text for numbers, the chosen value of an enum, a checkbox, the picked element ids. */
export type RawValue = string | boolean | string[];

/** The study types that run on a network (the editor's input; feeder studies take an imported feeder). */
export const studyTypes = () => (Object.keys(STUDY_TYPES) as StudyTypeName[]).filter((t) => STUDY_TYPES[t].inputKind === "network");

/** The options of a study type (its model's fields except `method`, which is the analysis method). */
export function optionFields(type: StudyTypeName): OptionField[] {
  const { options: model, optionFields: order } = STUDY_TYPES[type];
  const props = defs[model]?.properties ?? {};
  return order
    .filter((name) => props[name])
    .map((name) => {
      const prop = props[name];
      const t = propType(prop);
      const l = labelOf(model, name);
      const listChoice = !!t.enum && !!prop.anyOf?.some((a) => a.type === "array");
      return { name, prop, type: t.type, nullable: t.nullable, enum: t.enum, items: t.items, listChoice, label: l.text, description: l.description };
    });
}

/** "newton_raphson" -> "Newton Raphson", "iec_60909" -> "IEC 60909". */
export function humanize(name: string): string {
  return name
    .split("_")
    .map((w) => (w.length <= 3 && /^[a-z]+$/.test(w) ? w.toUpperCase() : w.charAt(0).toUpperCase() + w.slice(1)))
    .join(" ");
}

/** A user's list of element-id sets (a list choice's text, as lines): one set per line, its ids separated by
 * commas, "+" or spaces; blank lines and lines starting with # skipped. */
export function parseIdSets(lines: string[]): string[][] {
  return lines
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => l.split(/[\s,+]+/).filter(Boolean));
}

const sameMembers = (a: unknown, b: unknown) => Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x) => b.includes(x));

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** The request parameters of the typed values (empty: the engine's default) and every problem by field. */
export function parseOptions(type: StudyTypeName, method: string, raw: Record<string, RawValue>): { params: Record<string, unknown>; errors: Record<string, string> } {
  const params: Record<string, unknown> = {};
  for (const f of optionFields(type)) {
    const v = raw[f.name];
    const multiple = f.type === "array" && !!f.items?.enum;
    // a multiple choice with nothing ticked is sent (the engine names it); unchanged from the default is not
    if (multiple && Array.isArray(v)) {
      if (!sameMembers(v, f.prop.default)) params[f.name] = v;
      continue;
    }
    if (v === undefined || v === "" || (Array.isArray(v) && !v.length)) continue;
    if (f.listChoice && Array.isArray(v)) params[f.name] = parseIdSets(v);
    else if (f.type === "boolean") {
      if (v !== (f.prop.default ?? false)) params[f.name] = v;
    } else if (f.enum) {
      // a select gives text; the enum's own value (a number for numeric enums)
      params[f.name] = f.enum.find((e) => String(e) === String(v)) ?? v;
    } else if (f.type === "object") {
      try {
        params[f.name] = JSON.parse(String(v));
      } catch {
        params[f.name] = String(v); // ajv names it: "must be object"
      }
    } else if (f.type === "number" || f.type === "integer") {
      const t = String(v).trim();
      params[f.name] = NUMBER.test(t) ? Number(t) : t;
    } else params[f.name] = v;
  }
  const model = STUDY_TYPES[type].options;
  const validate = validators[model];
  if (!validate) throw new Error(`no validator for options model ${model}`);
  const errors: Record<string, string> = {};
  if (!validate({ ...params, method })) {
    for (const e of validate.errors ?? []) {
      const field = e.instancePath.replace(/^\//, "").split("/")[0] || "method";
      // anyOf with null reports twice; keep the first, informative message
      if (errors[field] || e.keyword === "anyOf") continue;
      errors[field] = e.message ?? "invalid";
    }
  }
  return { params, errors };
}
