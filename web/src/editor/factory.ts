// Default equipment created from the palette (sensible medium-voltage values, all editable), short-circuit ready:
// lines, cables, transformers and external grids carry typical zero-sequence data (./typical.ts, with sources).

import type { Element, ListName, Network } from "../model/elements";
import type { Entry } from "./diagram";
import { nextId } from "./commands";
import type { PaletteKind } from "../store/editor";
import { TYPICAL_CABLE, TYPICAL_EXTERNAL_GRID, TYPICAL_LINE, TYPICAL_TRANSFORMER, TYPICAL_TRANSFORMER3W } from "./typical";

export const PALETTE: { kind: PaletteKind; label: string; key: string; connect: 0 | 1 | 2 | 3 }[] = [
  { kind: "bus", label: "Bus", key: "b", connect: 0 },
  { kind: "external_grid", label: "External grid", key: "x", connect: 1 },
  { kind: "generator", label: "Generator", key: "g", connect: 1 },
  { kind: "load", label: "Load", key: "d", connect: 1 },
  { kind: "shunt", label: "Shunt", key: "h", connect: 1 },
  { kind: "line", label: "Line", key: "l", connect: 2 },
  { kind: "cable", label: "Cable", key: "c", connect: 2 },
  { kind: "transformer", label: "Transformer", key: "t", connect: 2 },
  { kind: "transformer3w", label: "3W transformer", key: "3", connect: 3 },
  { kind: "switch", label: "Switch", key: "s", connect: 2 },
  // protective devices: a click on a branch near one of its ends (or on a switch) places them (protection/placement.ts)
  { kind: "relay", label: "Relay", key: "y", connect: 1 },
  { kind: "fuse", label: "Fuse", key: "f", connect: 1 },
];

export function listOf(kind: PaletteKind): ListName {
  return (
    {
      bus: "buses",
      generator: "generators",
      external_grid: "external_grids",
      load: "loads",
      shunt: "shunts",
      line: "lines",
      cable: "lines",
      transformer: "transformers",
      transformer3w: "transformers3w",
      switch: "switches",
      relay: "relays",
      fuse: "fuses",
    } as const
  )[kind];
}

/** A new bus and its bar on the diagram (snapped to the 10 px grid). */
export function newBus(net: Network, x: number, y: number, vn = 20): { el: Element; placement: Partial<Entry> } {
  return { el: { id: nextId(net, "B"), name: "", vn_kv: vn }, placement: { x: Math.round(x / 10) * 10, y: Math.round(y / 10) * 10, length: 120 } };
}

export function newAttached(net: Network, kind: PaletteKind, bus: string): Element {
  switch (kind) {
    case "generator": {
      // with the IEC 60909 data a short-circuit study needs
      const vn = net.buses.find((b) => b.id === bus)?.vn_kv || 20;
      return { id: nextId(net, "G"), bus, p_mw: 10, vm_pu: 1.0, voltage_control: true, sn_mva: 20, vn_kv: vn, xdss_pu: 0.2, cos_phi: 0.85 };
    }
    case "external_grid":
      return { id: nextId(net, "X"), bus, vm_pu: 1.0, va_degree: 0, s_sc_max_mva: 1000, ...TYPICAL_EXTERNAL_GRID.values };
    case "load":
      return { id: nextId(net, "D"), bus, p_mw: 5, q_mvar: 2 };
    case "shunt":
      return { id: nextId(net, "SH"), bus, q_mvar: -2 };
    default:
      throw new Error(`not an attached element: ${kind}`);
  }
}

export function newBranch(net: Network, kind: PaletteKind, a: string, b: string, c?: string): { list: ListName; el: Element } {
  const busKv = (id: string) => net.buses.find((x) => x.id === id)?.vn_kv ?? 20;
  switch (kind) {
    case "line":
      return { list: "lines", el: { id: nextId(net, "L"), from_bus: a, to_bus: b, length_km: 5, r_ohm_per_km: 0.12, x_ohm_per_km: 0.39, c_nf_per_km: 9.5, max_i_ka: 0.4, kind: "overhead", ...TYPICAL_LINE.values } };
    case "cable":
      return { list: "lines", el: { id: nextId(net, "L"), from_bus: a, to_bus: b, length_km: 2, r_ohm_per_km: 0.161, x_ohm_per_km: 0.117, c_nf_per_km: 273, max_i_ka: 0.362, kind: "cable", ...TYPICAL_CABLE.values } };
    case "transformer": {
      const [hv, lv] = busKv(a) >= busKv(b) ? [a, b] : [b, a];
      return {
        list: "transformers",
        el: { id: nextId(net, "T"), hv_bus: hv, lv_bus: lv, sn_mva: 25, vn_hv_kv: busKv(hv), vn_lv_kv: busKv(lv), vk_percent: 12, vkr_percent: 0.4, pfe_kw: 14, i0_percent: 0.07, ...TYPICAL_TRANSFORMER.values },
      };
    }
    case "transformer3w": {
      const ids = [a, b, c!].sort((p, q) => busKv(q) - busKv(p));
      return {
        list: "transformers3w",
        el: {
          id: nextId(net, "T"),
          hv_bus: ids[0],
          mv_bus: ids[1],
          lv_bus: ids[2],
          sn_hv_mva: 40,
          sn_mv_mva: 30,
          sn_lv_mva: 10,
          vn_hv_kv: busKv(ids[0]),
          vn_mv_kv: busKv(ids[1]),
          vn_lv_kv: busKv(ids[2]),
          vk_hv_percent: 10,
          vk_mv_percent: 8,
          vk_lv_percent: 12,
          vkr_hv_percent: 0.3,
          vkr_mv_percent: 0.3,
          vkr_lv_percent: 0.3,
          ...TYPICAL_TRANSFORMER3W.values,
        },
      };
    }
    case "switch":
      return { list: "switches", el: { id: nextId(net, "S"), bus: a, element: b, et: "bus", closed: true, kind: "CB" } };
    default:
      throw new Error(`not a branch: ${kind}`);
  }
}
