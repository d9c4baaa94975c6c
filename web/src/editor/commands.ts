// Every edit is a command: a list of element changes (before -> after). Applying a command and
// its inverse are the same pure function, so undo/redo, copy/paste and (later) collaboration
// all work on the same small records.

import { BUS_FIELDS, ELEMENT_LISTS, type Element, type ListName, type Network } from "../model/network";

export interface Change {
  list: ListName;
  id: string;
  before: Element | null; // null: the element is created
  after: Element | null; // null: the element is deleted
}

export interface Command {
  label: string;
  changes: Change[];
}

export function applyChanges(net: Network, changes: Change[], inverse = false): Network {
  const out: Network = { ...net };
  const touched = new Map<ListName, Element[]>();
  const listOf = (l: ListName): Element[] => {
    let arr = touched.get(l);
    if (!arr) {
      arr = [...(((net as unknown as Record<string, Element[]>)[l]) ?? [])];
      touched.set(l, arr);
    }
    return arr;
  };
  const seq = inverse ? [...changes].reverse() : changes;
  for (const ch of seq) {
    const from = inverse ? ch.after : ch.before;
    const to = inverse ? ch.before : ch.after;
    const arr = listOf(ch.list);
    const idx = arr.findIndex((e) => e.id === ch.id);
    if (from === null && to !== null) {
      if (idx >= 0) arr[idx] = to;
      else arr.push(to);
    } else if (to === null) {
      if (idx >= 0) arr.splice(idx, 1);
    } else if (idx >= 0) arr[idx] = to;
    else arr.push(to);
  }
  for (const [l, arr] of touched) (out as unknown as Record<string, Element[]>)[l] = arr;
  return out;
}

export function findElement(net: Network, id: string): { list: ListName; el: Element } | null {
  for (const l of ELEMENT_LISTS) {
    const el = ((net as unknown as Record<string, Element[]>)[l] ?? []).find((e) => e.id === id);
    if (el) return { list: l, el };
  }
  return null;
}

export function addCommand(list: ListName, el: Element, label?: string): Command {
  return { label: label ?? `add ${el.id}`, changes: [{ list, id: el.id, before: null, after: el }] };
}

export function updateCommand(net: Network, id: string, patch: Partial<Element>, label?: string): Command | null {
  const found = findElement(net, id);
  if (!found) return null;
  const after = { ...found.el, ...patch } as Element;
  for (const k of Object.keys(patch)) if ((patch as Record<string, unknown>)[k] === undefined) delete (after as Record<string, unknown>)[k];
  return { label: label ?? `edit ${id}`, changes: [{ list: found.list, id, before: found.el, after }] };
}

/** Delete elements; deleting a bus deletes everything connected to it (and switches on those). */
export function deleteCommand(net: Network, ids: Iterable<string>): Command {
  const doomed = new Set(ids);
  const buses = new Set(net.buses.filter((b) => doomed.has(b.id)).map((b) => b.id));
  const changes: Change[] = [];
  const lists: ListName[] = [...ELEMENT_LISTS.filter((l) => l !== "switches"), "switches"];
  for (const l of lists) {
    for (const el of ((net as unknown as Record<string, Element[]>)[l] ?? [])) {
      const refs = BUS_FIELDS[l].map((f) => el[f] as string);
      const viaSwitch = l === "switches" && (doomed.has(el.element as string) || buses.has(el.element as string));
      if (doomed.has(el.id) || refs.some((r) => buses.has(r)) || viaSwitch) {
        doomed.add(el.id);
        changes.push({ list: l, id: el.id, before: el, after: null });
      }
    }
  }
  return { label: `delete ${changes.length} element(s)`, changes };
}

/** Move buses by (dx, dy). */
export function moveCommand(net: Network, ids: Iterable<string>, dx: number, dy: number): Command {
  const set = new Set(ids);
  const changes: Change[] = [];
  for (const b of net.buses)
    if (set.has(b.id))
      changes.push({ list: "buses", id: b.id, before: b, after: { ...b, x: Math.round((b.x ?? 0) + dx), y: Math.round((b.y ?? 0) + dy) } });
  return { label: "move", changes };
}

/**
 * Rotate bus bars by 90° (horizontal <-> vertical), each about its own centre (x, y stay). The buses are the
 * selected ones, or, when no bus is selected, the buses of the selected attached equipment (generator, load, ...).
 * Connections and attached equipment follow: the scene derives them from the bar. A horizontal bar stores no
 * `orientation` (the schema default), so rotating twice gives back the element exactly.
 */
export function rotateCommand(net: Network, ids: Iterable<string>): Command {
  const set = new Set(ids);
  let buses = net.buses.filter((b) => set.has(b.id));
  if (!buses.length) {
    const owners = new Set<string>();
    for (const l of ["generators", "external_grids", "loads", "shunts"] as ListName[])
      for (const el of ((net as unknown as Record<string, Element[]>)[l] ?? [])) if (set.has(el.id)) owners.add(el.bus as string);
    buses = net.buses.filter((b) => owners.has(b.id));
  }
  const changes: Change[] = buses.map((b) => {
    const after = { ...b };
    if (b.orientation === "vertical") delete after.orientation;
    else after.orientation = "vertical";
    return { list: "buses", id: b.id, before: b, after };
  });
  return { label: changes.length === 1 ? `rotate ${changes[0].id}` : `rotate ${changes.length} buses`, changes };
}

export function mergeCommands(label: string, cmds: (Command | null)[]): Command {
  return { label, changes: cmds.flatMap((c) => (c ? c.changes : [])) };
}

/** Next free id with a prefix: B1, B2, ... */
export function nextId(net: Network, prefix: string): string {
  const used = new Set<string>();
  for (const l of ELEMENT_LISTS) for (const el of ((net as unknown as Record<string, Element[]>)[l] ?? [])) used.add(el.id);
  let k = 1;
  while (used.has(`${prefix}${k}`)) k++;
  return `${prefix}${k}`;
}

/** Paste: copies of the given elements with fresh ids, buses offset; references among copied buses are remapped. */
export function pasteCommand(net: Network, clip: { list: ListName; el: Element }[], offset = 40): Command {
  const idMap = new Map<string, string>();
  let work = net;
  const changes: Change[] = [];
  const prefixOf = (l: ListName) =>
    ({ buses: "B", lines: "L", transformers: "T", transformers3w: "T3", generators: "G", external_grids: "X", loads: "D", shunts: "SH", switches: "S", impedance_branches: "Z" })[l];
  for (const { list, el } of clip) {
    const id = nextId(work, prefixOf(list));
    idMap.set(el.id, id);
    const copy: Element = { ...el, id };
    if (list === "buses") {
      copy.x = ((el.x as number) ?? 0) + offset;
      copy.y = ((el.y as number) ?? 0) + offset;
    }
    changes.push({ list, id, before: null, after: copy });
    work = applyChanges(work, [changes[changes.length - 1]]);
  }
  // remap bus references; drop copies that reference buses neither copied nor existing
  const busIds = new Set(work.buses.map((b) => b.id));
  const kept: Change[] = [];
  for (const ch of changes) {
    const el = { ...ch.after! };
    let ok = true;
    for (const f of BUS_FIELDS[ch.list]) {
      const ref = el[f] as string;
      el[f] = idMap.get(ref) ?? ref;
      if (!busIds.has(el[f] as string)) ok = false;
    }
    if (ch.list === "switches" && idMap.has(el.element as string)) el.element = idMap.get(el.element as string);
    if (ok) kept.push({ ...ch, after: el });
  }
  return { label: `paste ${kept.length}`, changes: kept };
}
