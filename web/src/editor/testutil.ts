// Test fixtures (vitest only): small networks with their diagrams.
import { emptyNetwork, type Network } from "../model/elements";
import { entry, type Entry, type Layout } from "./diagram";
import type { Doc } from "./commands";

export const bar = (x: number, y: number, more: Partial<Entry> = {}): Entry => entry({ x, y, length: 120, ...more });

/** B1 above B2, B3 right of B2: an external grid on B1, a load on B2, a generator on B3, line B1-B2, cable B2-B3. */
export function threeBus(): Doc {
  const net: Network = emptyNetwork("three");
  net.buses = [
    { id: "B1", vn_kv: 20 },
    { id: "B2", vn_kv: 20 },
    { id: "B3", vn_kv: 20 },
  ];
  net.external_grids = [{ id: "X1", bus: "B1" }];
  net.generators = [{ id: "G1", bus: "B3", p_mw: 10 }];
  net.loads = [{ id: "D1", bus: "B2", p_mw: 5, q_mvar: 2 }];
  net.lines = [
    { id: "L1", from_bus: "B1", to_bus: "B2", r_ohm_per_km: 0.1, x_ohm_per_km: 0.4 },
    { id: "L2", from_bus: "B2", to_bus: "B3", r_ohm_per_km: 0.1, x_ohm_per_km: 0.1, kind: "cable" },
  ];
  const layout: Layout = { B1: bar(200, 100), B2: bar(200, 260), B3: bar(440, 260) };
  return { network: net, layout };
}

/** A grid layout for a network without a diagram (tests that need positions, not the API's layout). */
export function gridLayout(net: Network, dx = 170, dy = 150): Layout {
  const cols = Math.ceil(Math.sqrt(net.buses.length));
  return Object.fromEntries(net.buses.map((b, i) => [b.id, entry({ x: 100 + (i % cols) * dx, y: 100 + Math.floor(i / cols) * dy })]));
}

export const orthogonal = (pts: { x: number; y: number }[]) => pts.every((p, i) => i === 0 || Math.abs(p.x - pts[i - 1].x) < 1e-9 || Math.abs(p.y - pts[i - 1].y) < 1e-9);

export const onBar = (b: { x1: number; x2: number; y1: number; y2: number }, p: { x: number; y: number }) =>
  p.x >= b.x1 - 1e-9 && p.x <= b.x2 + 1e-9 && p.y >= b.y1 - 1e-9 && p.y <= b.y2 + 1e-9;
