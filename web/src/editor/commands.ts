// Every edit is a command: a list of changes (before -> after) to network elements or to diagram entries.
// Applying a command and its inverse are the same pure function, so undo/redo, copy/paste and (later)
// collaboration all work on the same small records. A command that only touches the diagram leaves the
// network object as it was (no recompile, no network save).

import { BUS_FIELDS, ELEMENT_LISTS, elementsOf, type Element, type ListName, type Network } from "../model/elements";
import { entry, placed, sameEntry, turn, type Entry, type Layout, type Rotation } from "./diagram";
import { buildScene, type Pt, type Scene } from "./scene";

export interface ElementChange {
  list: ListName;
  id: string;
  before: Element | null; // null: the element is created
  after: Element | null; // null: the element is deleted
}

export interface DiagramChange {
  list: "diagram";
  id: string; // the element the placement belongs to
  before: Entry | null;
  after: Entry | null;
}

export type Change = ElementChange | DiagramChange;

export interface Command {
  label: string;
  changes: Change[];
}

/** What commands edit: the network and its diagram. */
export interface Doc {
  network: Network;
  layout: Layout;
}

export function applyChanges(doc: Doc, changes: Change[], inverse = false): Doc {
  const touched = new Map<ListName, Element[]>();
  let layout: Record<string, Entry> | null = null;
  const listOf = (l: ListName): Element[] => {
    let arr = touched.get(l);
    if (!arr) {
      arr = [...elementsOf(doc.network, l)];
      touched.set(l, arr);
    }
    return arr;
  };
  const seq = inverse ? [...changes].reverse() : changes;
  for (const ch of seq) {
    if (ch.list === "diagram") {
      layout ??= { ...doc.layout };
      const to = inverse ? ch.before : ch.after;
      if (to) layout[ch.id] = to;
      else delete layout[ch.id];
      continue;
    }
    const to = inverse ? ch.before : ch.after;
    const arr = listOf(ch.list);
    const idx = arr.findIndex((e) => e.id === ch.id);
    if (to === null) {
      if (idx >= 0) arr.splice(idx, 1);
    } else if (idx >= 0) arr[idx] = to;
    else arr.push(to);
  }
  let network = doc.network;
  if (touched.size) {
    network = { ...doc.network };
    for (const [l, arr] of touched) (network as unknown as Record<string, Element[]>)[l] = arr;
  }
  return { network, layout: layout ?? doc.layout };
}

export function findElement(net: Network, id: string): { list: ListName; el: Element } | null {
  for (const l of ELEMENT_LISTS) {
    const el = elementsOf(net, l).find((e) => e.id === id);
    if (el) return { list: l, el };
  }
  return null;
}

/** The change that sets an element's diagram entry (null when nothing changes). */
export function placeChange(layout: Layout, id: string, after: Entry | null): DiagramChange | null {
  const before = layout[id] ?? null;
  if (sameEntry(before, after)) return null;
  return { list: "diagram", id, before, after };
}

const compact = (changes: (Change | null)[]): Change[] => changes.filter((c): c is Change => c !== null);

export function addCommand(list: ListName, el: Element, label?: string, placement?: Partial<Entry>): Command {
  const changes: Change[] = [{ list, id: el.id, before: null, after: el }];
  if (placement) changes.push({ list: "diagram", id: el.id, before: null, after: entry(placement) });
  return { label: label ?? `add ${el.id}`, changes };
}

export function updateCommand(net: Network, id: string, patch: Partial<Element>, label?: string): Command | null {
  const found = findElement(net, id);
  if (!found) return null;
  const after = { ...found.el, ...patch } as Element;
  for (const k of Object.keys(patch)) if ((patch as Record<string, unknown>)[k] === undefined) delete (after as Record<string, unknown>)[k];
  return { label: label ?? `edit ${id}`, changes: [{ list: found.list, id, before: found.el, after }] };
}

/** Delete elements and their diagram entries; deleting a bus deletes everything connected to it (and switches on those). */
export function deleteCommand(doc: Doc, ids: Iterable<string>): Command {
  const net = doc.network;
  const doomed = new Set(ids);
  const buses = new Set(net.buses.filter((b) => doomed.has(b.id)).map((b) => b.id));
  const changes: Change[] = [];
  const lists: ListName[] = [...ELEMENT_LISTS.filter((l) => l !== "switches"), "switches"];
  for (const l of lists) {
    for (const el of elementsOf(net, l)) {
      const refs = BUS_FIELDS[l].map((f) => el[f] as string);
      const viaSwitch = l === "switches" && (doomed.has(el.element as string) || buses.has(el.element as string));
      if (doomed.has(el.id) || refs.some((r) => buses.has(r)) || viaSwitch) {
        doomed.add(el.id);
        changes.push({ list: l, id: el.id, before: el, after: null });
      }
    }
  }
  // protective devices go with the branch or switch they sit on
  for (const l of ["relays", "fuses", "reclosers"] as const)
    for (const el of elementsOf(net, l))
      if (!doomed.has(el.id) && [el.branch, el.switch].some((r) => typeof r === "string" && doomed.has(r))) {
        doomed.add(el.id);
        changes.push({ list: l, id: el.id, before: el, after: null });
      }
  const n = changes.length;
  for (const ch of changes.slice(0, n)) {
    const p = placeChange(doc.layout, ch.id, null);
    if (p) changes.push(p);
  }
  return { label: `delete ${n} element(s)`, changes };
}

const shifted = (e: Entry, dx: number, dy: number): Entry => ({
  ...e,
  x: e.x == null ? null : Math.round(e.x + dx),
  y: e.y == null ? null : Math.round(e.y + dy),
  waypoints: e.waypoints.map(([x, y]) => [Math.round(x + dx), Math.round(y + dy)] as [number, number]),
});

/** The diagram entry a symbol has now, derived from the scene when it has none (placed along its bus). */
function currentEntry(layout: Layout, scene: Scene, id: string): Entry | null {
  const e = layout[id];
  const n = scene.nodeById.get(id);
  if (n) return n.free && e ? e : { ...entry(e), x: Math.round(n.x), y: Math.round(n.y), rotation: n.rotation };
  const t = scene.trafo3ById.get(id);
  if (t) return t.free && e ? e : { ...entry(e), x: Math.round(t.center.x), y: Math.round(t.center.y), rotation: t.rotation };
  return e ?? null;
}

/**
 * Move by (dx, dy): selected bus bars, selected equipment symbols (placed freely from then on) and the waypoints
 * of selected branches. What hangs on a moved bus comes along: freely placed symbols, and the waypoints of
 * branches whose every end moves.
 */
export function moveCommand(doc: Doc, ids: Iterable<string>, dx: number, dy: number, scene: Scene = buildScene(doc.network, doc.layout)): Command {
  const sel = new Set(ids);
  const buses = new Set(scene.buses.filter((b) => sel.has(b.id)).map((b) => b.id));
  const out: (Change | null)[] = [];
  for (const b of scene.buses) {
    if (!buses.has(b.id)) continue;
    const e = doc.layout[b.id] ?? entry({ x: b.x, y: b.y });
    out.push(placeChange(doc.layout, b.id, shifted({ ...e, x: e.x ?? b.x, y: e.y ?? b.y }, dx, dy)));
  }
  for (const n of scene.nodes) {
    if (sel.has(n.id) || (n.free && buses.has(n.bus))) out.push(placeChange(doc.layout, n.id, shifted(currentEntry(doc.layout, scene, n.id)!, dx, dy)));
  }
  for (const t of scene.trafo3) {
    const follows = t.free && t.legs.every((l) => buses.has(l.bus));
    if (sel.has(t.id) || follows) out.push(placeChange(doc.layout, t.id, shifted(currentEntry(doc.layout, scene, t.id)!, dx, dy)));
  }
  for (const br of scene.branches) {
    if (!br.waypoints.length) continue;
    if (sel.has(br.id) || (buses.has(br.from) && buses.has(br.to))) out.push(placeChange(doc.layout, br.id, shifted(doc.layout[br.id], dx, dy)));
  }
  return { label: "move", changes: compact(out) };
}

/**
 * Rotate by 90° clockwise, each about its own centre: bus bars (0 -> 90 -> 180 -> 270 -> 0: horizontal, vertical,
 * mirrored), equipment symbols (placed freely from then on; the connector follows the terminal) and three-winding
 * transformer symbols. Four turns give back the diagram exactly.
 */
export function rotateCommand(doc: Doc, ids: Iterable<string>, scene: Scene = buildScene(doc.network, doc.layout)): Command {
  const out: (Change | null)[] = [];
  for (const id of new Set(ids)) {
    const b = scene.busById.get(id);
    if (b) {
      const e = doc.layout[id] ?? entry({ x: b.x, y: b.y });
      out.push(placeChange(doc.layout, id, { ...e, rotation: turn(b.rotation) }));
      continue;
    }
    if (!scene.nodeById.has(id) && !scene.trafo3ById.has(id)) continue;
    const e = currentEntry(doc.layout, scene, id)!;
    out.push(placeChange(doc.layout, id, { ...e, rotation: turn(e.rotation) }));
  }
  const changes = compact(out);
  return { label: changes.length === 1 ? `rotate ${changes[0].id}` : `rotate ${changes.length} elements`, changes };
}

/** Set a bus bar's length. */
export function resizeCommand(doc: Doc, id: string, length: number): Command {
  const e = doc.layout[id] ?? entry({});
  return { label: `resize ${id}`, changes: compact([placeChange(doc.layout, id, { ...e, length })]) };
}

/** Set a branch's manual route (its waypoints); an empty list resets it to the automatic route. */
export function routeCommand(doc: Doc, id: string, waypoints: Pt[], label?: string): Command {
  const e = doc.layout[id] ?? entry({});
  const after: Entry | null = waypoints.length || placed(e) || e.length != null || e.rotation ? { ...e, waypoints: waypoints.map((p) => [Math.round(p.x), Math.round(p.y)] as [number, number]) } : null;
  return { label: label ?? (waypoints.length ? `route ${id}` : `reset route ${id}`), changes: compact([placeChange(doc.layout, id, after)]) };
}

/** Take a whole new diagram (the automatic layout) as one undoable step. */
export function layoutCommand(doc: Doc, next: Layout, label = "auto layout"): Command {
  const ids = new Set([...Object.keys(doc.layout), ...Object.keys(next)]);
  return { label, changes: compact([...ids].map((id) => placeChange(doc.layout, id, next[id] ?? null))) };
}

export function mergeCommands(label: string, cmds: (Command | null)[]): Command {
  return { label, changes: cmds.flatMap((c) => (c ? c.changes : [])) };
}

/** Next free id with a prefix: B1, B2, ... */
export function nextId(net: Network, prefix: string): string {
  const used = new Set<string>();
  for (const l of ELEMENT_LISTS) for (const el of elementsOf(net, l)) used.add(el.id);
  let k = 1;
  while (used.has(`${prefix}${k}`)) k++;
  return `${prefix}${k}`;
}

export interface ClipItem {
  list: ListName;
  el: Element;
  placement: Entry | null;
}

/** What Ctrl+C copies: the selection, everything that lies between copied buses, and their diagram entries. */
export function copySelection(doc: Doc, ids: string[]): ClipItem[] {
  const sel = new Set(ids);
  const out: ClipItem[] = [];
  for (const l of ELEMENT_LISTS) {
    for (const el of elementsOf(doc.network, l)) {
      const refs = BUS_FIELDS[l].map((f) => el[f] as string);
      const between = l !== "buses" && refs.length > 0 && refs.every((r) => sel.has(r));
      if (sel.has(el.id) || between) out.push({ list: l, el, placement: doc.layout[el.id] ?? null });
    }
  }
  return out;
}

const PREFIX: Partial<Record<ListName, string>> = {
  buses: "B", lines: "L", transformers: "T", transformers3w: "T3", generators: "G", external_grids: "X", loads: "D", shunts: "SH", switches: "S", impedance_branches: "Z",
  relays: "R", fuses: "F", reclosers: "RC",
};

/** Paste: copies with fresh ids, placements offset; references among copied buses are remapped. */
export function pasteCommand(doc: Doc, clip: ClipItem[], offset = 40): Command {
  const idMap = new Map<string, string>();
  let work = doc.network;
  const made: { list: ListName; el: Element; placement: Entry | null }[] = [];
  for (const { list, el, placement } of clip) {
    const id = nextId(work, PREFIX[list] ?? "E");
    idMap.set(el.id, id);
    const copy: Element = { ...el, id };
    made.push({ list, el: copy, placement: placement ? shifted(placement, offset, offset) : null });
    work = applyChanges({ network: work, layout: {} }, [{ list, id, before: null, after: copy }]).network;
  }
  // remap bus references; drop copies that reference buses neither copied nor existing
  const busIds = new Set(work.buses.map((b) => b.id));
  const changes: Change[] = [];
  const placements: Change[] = [];
  for (const m of made) {
    const el = { ...m.el };
    let ok = true;
    for (const f of BUS_FIELDS[m.list]) {
      const ref = el[f] as string;
      el[f] = idMap.get(ref) ?? ref;
      if (!busIds.has(el[f] as string)) ok = false;
    }
    if (m.list === "switches" && idMap.has(el.element as string)) el.element = idMap.get(el.element as string);
    if (!ok) continue;
    changes.push({ list: m.list, id: el.id, before: null, after: el });
    if (m.placement) placements.push({ list: "diagram", id: el.id, before: null, after: m.placement });
  }
  return { label: `paste ${changes.length}`, changes: [...changes, ...placements] };
}

export type { Rotation };
