// Typical zero-sequence data for equipment drawn from the palette, so that an earth-fault (single-line-to-ground)
// short circuit runs on a new drawing. Every value is marked typical in the property panel with its source; any
// edit replaces it with the engineer's own figure (and the mark goes away).
//
// Sources (figures as transcribed in the engine's equipment library, solver_layer/gridsolve/library/data/
// iec60909_4_example.json, provenance "IEC TR 60909-4:2021 test network, via pandapower 3.5.6"):
// - overhead line: IEC TR 60909-4 110 kV lines L1/L2, R1 + jX1 = 0.12 + j0.39 ohm/km (the palette's default line)
//   and R0 + jX0 = 0.32 + j1.26 ohm/km, i.e. X0/X1 = 3.2 and R0/R1 = 2.7: the common practice of "about 3x
//   the positive sequence" for overhead lines with earth return.
// - cable: IEC TR 60909-4 10 kV cable L6 gives R0 = R1, X0 = X1 (single-core cables, screens bonded at both
//   ends: the return current flows in the screens close to the cores). Applied as those ratios to the palette's
//   NA2XS2Y 1x185 RM/25 12/20 kV cable.
// - two-winding transformer (Dyn): IEC TR 60909-4 unit transformer T1, uk0 = 15.2 % against uk = 16 %
//   (uk0/uk = 0.95) and ur0 = ur; the palette's Dyn transformer earths its LV side through uk0.
// - three-winding transformer (YNyn0yn0): the same ratio uk0 = 0.95 uk per winding pair, ur0 = ur.
// - external grid: IEC TR 60909-4 network feeder Q1, R/X = 0.1, X0/X1 = 3, R0/X0 = 0.15 (maximum case; the
//   minimum case needs the grid's own S"k min, which no typical figure can stand for).
import type { Element, ListName } from "../model/elements";

export interface TypicalSource {
  /** the fields the source sets and the values it gives for the palette's default equipment */
  values: Record<string, number>;
  /** how the values were obtained, for the property panel */
  basis: string;
}

const IEC = "IEC TR 60909-4:2021 test network";

export const TYPICAL_LINE: TypicalSource = {
  values: { r0_ohm_per_km: 0.32, x0_ohm_per_km: 1.26 },
  basis: `typical overhead line (${IEC}, 110 kV lines L1/L2: R0 = 0.32, X0 = 1.26 ohm/km, about 3x the positive sequence)`,
};

export const TYPICAL_CABLE: TypicalSource = {
  values: { r0_ohm_per_km: 0.161, x0_ohm_per_km: 0.117 },
  basis: `typical cable (${IEC}, cable L6: R0 = R1, X0 = X1 with screens bonded at both ends)`,
};

export const TYPICAL_TRANSFORMER: TypicalSource = {
  values: { vk0_percent: 11.4, vkr0_percent: 0.4 },
  basis: `typical transformer (${IEC}, transformer T1: uk0 = 0.95 uk, ur0 = ur)`,
};

export const TYPICAL_TRANSFORMER3W: TypicalSource = {
  values: { vk0_hv_percent: 9.5, vk0_mv_percent: 7.6, vk0_lv_percent: 11.4, vkr0_hv_percent: 0.3, vkr0_mv_percent: 0.3, vkr0_lv_percent: 0.3 },
  basis: `typical three-winding transformer (${IEC}: uk0 = 0.95 uk per winding pair, ur0 = ur)`,
};

export const TYPICAL_EXTERNAL_GRID: TypicalSource = {
  values: { rx_max: 0.1, x0x_max: 3, r0x0_max: 0.15 },
  basis: `typical network feeder (${IEC}, feeder Q1: R/X = 0.1, X0/X = 3, R0/X0 = 0.15; maximum case)`,
};

/** The typical source that applies to an element of `list` (lines: by their kind). */
export function typicalFor(list: ListName, el: Element): TypicalSource | null {
  if (list === "lines") return el.kind === "cable" ? TYPICAL_CABLE : TYPICAL_LINE;
  if (list === "transformers") return TYPICAL_TRANSFORMER;
  if (list === "transformers3w") return TYPICAL_TRANSFORMER3W;
  if (list === "external_grids") return TYPICAL_EXTERNAL_GRID;
  return null;
}

/** The basis of a field's value when it still is the typical one (null once edited, or not a typical field). */
export function typicalNote(list: ListName, el: Element, field: string): string | null {
  const src = typicalFor(list, el);
  if (!src || !(field in src.values)) return null;
  return el[field] === src.values[field] ? src.basis : null;
}
