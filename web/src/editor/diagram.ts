// The project's single-line diagram (the API's Diagram: {version, elements: {element_id: Placement}}), which the
// engine never reads: bus bars' centre, length and rotation; equipment symbols' free position and rotation;
// branches' manual waypoints. Entries are kept in the API's full form (every field present) so that a change
// record's before/after compare exactly.

import type { Diagram, Network, Placement } from "../model/elements";

export type Rotation = 0 | 90 | 180 | 270;

export interface Entry {
  x: number | null;
  y: number | null;
  rotation: Rotation;
  length: number | null;
  waypoints: [number, number][];
}

/** element id -> placement */
export type Layout = Readonly<Record<string, Entry>>;

export const DIAGRAM_VERSION = 1;

export function entry(p: Placement | Partial<Entry> | null | undefined): Entry {
  return {
    x: p?.x ?? null,
    y: p?.y ?? null,
    rotation: (p?.rotation ?? 0) as Rotation,
    length: p?.length ?? null,
    waypoints: (p?.waypoints ?? []).map(([x, y]) => [x, y] as [number, number]),
  };
}

export function fromDiagram(d: Diagram | null | undefined): Layout {
  const out: Record<string, Entry> = {};
  for (const [id, p] of Object.entries(d?.elements ?? {})) if (p) out[id] = entry(p);
  return out;
}

export function toDiagram(layout: Layout): Diagram {
  return { version: DIAGRAM_VERSION, elements: { ...layout } };
}

export const placed = (e: Entry | undefined): e is Entry & { x: number; y: number } => e != null && e.x != null && e.y != null;

/** Buses the diagram does not place yet (imported or API-made networks): they need the automatic layout. */
export function unplacedBuses(net: Network, layout: Layout): string[] {
  return net.buses.filter((b) => !placed(layout[b.id])).map((b) => b.id);
}

export function sameEntry(a: Entry | undefined | null, b: Entry | undefined | null): boolean {
  if (!a || !b) return a == b;
  return (
    a.x === b.x &&
    a.y === b.y &&
    a.rotation === b.rotation &&
    a.length === b.length &&
    a.waypoints.length === b.waypoints.length &&
    a.waypoints.every((w, i) => w[0] === b.waypoints[i][0] && w[1] === b.waypoints[i][1])
  );
}

export const turn = (r: Rotation, by = 90): Rotation => ((((r + by) % 360) + 360) % 360) as Rotation;
