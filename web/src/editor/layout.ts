// Automatic layout for networks whose buses have no coordinates: layers by graph distance from
// the sources (breadth-first), ordered inside each layer by the barycentre of the previous one
// (a few Sugiyama-style sweeps), then spaced on a grid. Readable, deterministic, O(n log n).

import type { Network } from "../model/network";
import { BUS_FIELDS, type ListName } from "../model/network";

export function needsLayout(net: Network): boolean {
  return net.buses.some((b) => b.x == null || b.y == null);
}

export function busGraph(net: Network): Map<string, Set<string>> {
  const adj = new Map<string, Set<string>>(net.buses.map((b) => [b.id, new Set<string>()]));
  const link = (a: string, b: string) => {
    if (a === b || !adj.has(a) || !adj.has(b)) return;
    adj.get(a)!.add(b);
    adj.get(b)!.add(a);
  };
  for (const l of ["lines", "transformers", "transformers3w", "impedance_branches"] as ListName[]) {
    for (const el of ((net as unknown as Record<string, Record<string, unknown>[]>)[l] ?? [])) {
      const ends = BUS_FIELDS[l].map((f) => el[f] as string);
      for (let i = 1; i < ends.length; i++) link(ends[0], ends[i]);
    }
  }
  for (const s of net.switches ?? []) if ((s.et ?? "bus") === "bus") link(s.bus, s.element);
  return adj;
}

export function autoLayout(net: Network, dx = 170, dy = 150): Network {
  const adj = busGraph(net);
  const sources = new Set([...(net.external_grids ?? []).map((e) => e.bus), ...(net.generators ?? []).filter((g) => g.slack).map((g) => g.bus)]);
  const layer = new Map<string, number>();
  const layers: string[][] = [];
  const ids = net.buses.map((b) => b.id);
  // components in order; each starts at its source (or highest-degree bus)
  for (const start0 of [...ids.filter((id) => sources.has(id)), ...ids]) {
    if (layer.has(start0)) continue;
    let start = start0;
    if (!sources.has(start0)) {
      // pick the highest-degree unvisited bus of this component
      const comp: string[] = [];
      const seen = new Set([start0]);
      const q = [start0];
      while (q.length) {
        const v = q.shift()!;
        comp.push(v);
        for (const w of adj.get(v)!) if (!seen.has(w) && !layer.has(w)) (seen.add(w), q.push(w));
      }
      start = comp.reduce((a, b) => (adj.get(b)!.size > adj.get(a)!.size ? b : a), start0);
    }
    const base = layers.length;
    const q = [start];
    layer.set(start, base);
    while (q.length) {
      const v = q.shift()!;
      const lv = layer.get(v)!;
      (layers[lv] ??= []).push(v);
      for (const w of [...adj.get(v)!].sort()) if (!layer.has(w)) (layer.set(w, lv + 1), q.push(w));
    }
  }
  // barycentre ordering sweeps
  const order = new Map<string, number>();
  layers.forEach((L) => L.forEach((v, i) => order.set(v, i)));
  for (let sweep = 0; sweep < 4; sweep++) {
    for (let li = 1; li < layers.length; li++) {
      const bary = (v: string) => {
        const up = [...adj.get(v)!].filter((w) => layer.get(w) === li - 1);
        return up.length ? up.reduce((s, w) => s + order.get(w)!, 0) / up.length : order.get(v)!;
      };
      layers[li].sort((a, b) => bary(a) - bary(b) || a.localeCompare(b));
      layers[li].forEach((v, i) => order.set(v, i));
    }
  }
  // wide layers wrap into several rows so the diagram stays roughly square
  const maxPerRow = Math.max(6, Math.ceil(Math.sqrt(net.buses.length) * 1.6));
  const pos = new Map<string, { x: number; y: number }>();
  let row = 0;
  for (const L of layers) {
    if (!L) continue;
    for (let i = 0; i < L.length; i += maxPerRow) {
      const chunk = L.slice(i, i + maxPerRow);
      const offset = ((maxPerRow - chunk.length) * dx) / 2;
      chunk.forEach((v, k) => pos.set(v, { x: 100 + offset + k * dx, y: 100 + row * dy }));
      row++;
    }
  }
  return {
    ...net,
    buses: net.buses.map((b) => (b.x == null || b.y == null ? { ...b, x: pos.get(b.id)!.x, y: pos.get(b.id)!.y } : b)),
  };
}
