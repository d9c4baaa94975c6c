// Protective devices on the single-line diagram: where a click puts one (the nearer end of the branch under the
// pointer, or the switch), its default settings, and where each device is drawn (a little way along its branch
// from the bus whose end holds its CT). The devices live in the network (relays, fuses, reclosers) with
// `branch` + `bus` or `switch`, exactly as the engine reads them; the diagram stores nothing for them.
import type RBush from "rbush";
import type { IndexItem, Pt, Scene } from "../editor/scene";
import { nextId } from "../editor/commands";
import type { Element, Network } from "../model/elements";

export type DeviceKind = "relay" | "fuse";
export type Location = { branch: string; bus: string } | { switch: string };

/** The device location under `p`: the nearer end of a line/transformer/impedance branch, or a switch. */
export function locationAt(scene: Scene, index: RBush<IndexItem>, p: Pt, tol: number): Location | null {
  // branch segments only (a bus bar at the branch's end would win an ordinary hit test)
  const hits = index.search({ minX: p.x - tol, minY: p.y - tol, maxX: p.x + tol, maxY: p.y + tol }).filter((h) => scene.branchById.has(h.id));
  if (!hits.length) return null;
  const seg = (h: IndexItem) => {
    const pts = scene.branchById.get(h.id)!.points;
    const a = pts[h.seg ?? 0],
      b = pts[(h.seg ?? 0) + 1] ?? a;
    const dx = b.x - a.x,
      dy = b.y - a.y;
    const L = dx * dx + dy * dy;
    const u = L > 0 ? Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / L)) : 0;
    return Math.hypot(p.x - a.x - u * dx, p.y - a.y - u * dy);
  };
  const br = scene.branchById.get(hits.reduce((x, y) => (seg(y) < seg(x) ? y : x)).id)!;
  if (br.kind === "switch") return { switch: br.id };
  const a = br.points[0],
    b = br.points[br.points.length - 1];
  const nearFrom = Math.hypot(p.x - a.x, p.y - a.y) <= Math.hypot(p.x - b.x, p.y - b.y);
  return { branch: br.id, bus: nearFrom ? br.from : br.to };
}

/** The rated current of a branch (A) at the device's bus, if the network says it. */
function ratingA(net: Network, loc: Location): number | null {
  if (!("branch" in loc)) return null;
  const ln = net.lines.find((l) => l.id === loc.branch);
  if (ln?.max_i_ka) return ln.max_i_ka * 1000 * (ln.parallel ?? 1);
  const tr = net.transformers.find((t) => t.id === loc.branch);
  if (tr) {
    const kv = tr.hv_bus === loc.bus ? tr.vn_hv_kv : tr.vn_lv_kv;
    return (tr.sn_mva / (Math.sqrt(3) * kv)) * 1000;
  }
  return null;
}

/** A new relay (51, IEC standard inverse, pickup 1.25 x the branch rating) or fuse (K link) at `loc`. */
export function newDevice(net: Network, kind: DeviceKind, loc: Location): Element {
  const rated = ratingA(net, loc);
  if (kind === "relay") {
    const pickup = Math.round((rated ? 1.25 * rated : 400) / 10) * 10;
    return { id: nextId(net, "R"), ...loc, breaker_time_s: 0.05, elements: [{ function: "51", curve: "IEC-SI", pickup_a: pickup, dial: 0.1 }] };
  }
  // the K link just above the branch's rating, from the standard ratings
  const links = [6, 10, 15, 25, 40, 65, 100, 140, 200];
  const link = links.find((r) => r >= (rated ?? 65) * 0.5) ?? 200;
  return { id: nextId(net, "F"), ...loc, fuse_type: "K", rated_a: link };
}

export interface DeviceMark {
  id: string;
  kind: "relay" | "fuse" | "recloser";
  x: number;
  y: number;
  label: string;
}

/** The point `d` px along a polyline from its start. */
function along(points: Pt[], d: number): Pt {
  let left = d;
  for (let k = 0; k + 1 < points.length; k++) {
    const a = points[k],
      b = points[k + 1];
    const L = Math.hypot(b.x - a.x, b.y - a.y);
    if (L >= left && L > 0) return { x: a.x + ((b.x - a.x) * left) / L, y: a.y + ((b.y - a.y) * left) / L };
    left -= L;
  }
  return points[points.length - 1];
}

/** Where each relay, fuse and recloser of the network is drawn; devices whose branch is not drawn are left out. */
export function deviceMarks(net: Network, scene: Scene): DeviceMark[] {
  const out: DeviceMark[] = [];
  const lists = [
    ["relays", "relay"],
    ["fuses", "fuse"],
    ["reclosers", "recloser"],
  ] as const;
  const atEnd = new Map<string, number>(); // several devices at one branch end are spaced along it
  for (const [list, kind] of lists)
    for (const el of (net[list] ?? []) as unknown as (Element & { branch?: string | null; bus?: string | null; switch?: string | null })[]) {
      const br = scene.branchById.get((el.switch ?? el.branch) as string);
      if (!br) continue;
      if (el.switch) {
        out.push({ id: el.id, kind, x: br.mid.x, y: br.mid.y - 14, label: el.name || el.id });
        continue;
      }
      const pts = br.from === el.bus ? br.points : [...br.points].reverse();
      const key = `${br.id}:${el.bus}`;
      const n = atEnd.get(key) ?? 0;
      atEnd.set(key, n + 1);
      const total = pts.slice(1).reduce((s, q, k) => s + Math.hypot(q.x - pts[k].x, q.y - pts[k].y), 0);
      const p = along(pts, Math.min(total * 0.45, 26 + 20 * n));
      out.push({ id: el.id, kind, x: p.x, y: p.y, label: el.name || el.id });
    }
  return out;
}
