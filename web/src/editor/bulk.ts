// Bulk edit: one field set to one value across the selected elements that have it, as one undoable command.
import { ELEMENT_LISTS, type Element, type ListName, type Network } from "../model/elements";
import { findElement, mergeCommands, updateCommand, type Command } from "./commands";
import { LIST_TYPE, networkSchema, validateElement } from "../schema/validate";
import type { FieldError } from "../model/elements";

/** The fields the selected elements have in common (by their types' schemas), with the lists they come from. */
export function commonFields(net: Network, ids: string[]): string[] {
  const lists = new Set<ListName>();
  for (const id of ids) {
    const f = findElement(net, id);
    if (f) lists.add(f.list);
  }
  if (!lists.size) return [];
  let common: string[] | null = null;
  for (const l of lists) {
    const props = Object.keys(networkSchema.$defs[LIST_TYPE[l]]?.properties ?? {});
    common = common === null ? props : common.filter((k) => props.includes(k));
  }
  const skip = new Set(["id", "from_bus", "to_bus", "bus", "hv_bus", "mv_bus", "lv_bus", "element"]);
  return (common ?? []).filter((k) => !skip.has(k)).sort();
}

/** Set `field` to `value` on every selected element that has the field (null removes an optional value). */
export function bulkEditCommand(net: Network, ids: string[], field: string, value: unknown): Command {
  const cmds: (Command | null)[] = [];
  for (const id of ids) {
    const f = findElement(net, id);
    if (!f) continue;
    const props = networkSchema.$defs[LIST_TYPE[f.list]]?.properties ?? {};
    if (!(field in props) || f.el[field] === value) continue;
    cmds.push(updateCommand(net, id, { [field]: value === null ? undefined : value } as Partial<Element>));
  }
  const n = cmds.length;
  return mergeCommands(`set ${field} on ${n} element(s)`, cmds);
}

/** What the schema says about `value` in `field` on each selected element (empty: the edit is valid). */
export function bulkEditErrors(net: Network, ids: string[], field: string, value: unknown): FieldError[] {
  const out: FieldError[] = [];
  for (const id of ids) {
    const f = findElement(net, id);
    if (!f || !(field in (networkSchema.$defs[LIST_TYPE[f.list]]?.properties ?? {}))) continue;
    const next: Element = { ...f.el };
    if (value === null) delete next[field];
    else next[field] = value;
    out.push(...validateElement(f.list, next).filter((e) => e.field === field));
  }
  return out;
}

export { ELEMENT_LISTS };
