// The network model: the same JSON as gridsolve.model.Network (engineering units, pandapower-like names).
// Only the fields the browser reads are typed strictly; the rest pass through untouched.

export interface Element {
  id: string;
  name?: string;
  in_service?: boolean;
  [extra: string]: unknown;
}

export interface Bus extends Element {
  vn_kv: number;
  min_vm_pu?: number;
  max_vm_pu?: number;
  zone?: string | null;
  x?: number | null;
  y?: number | null;
  length?: number | null;
  orientation?: "horizontal" | "vertical";
  vm_init_pu?: number | null;
  va_init_degree?: number | null;
}

export interface Line extends Element {
  from_bus: string;
  to_bus: string;
  length_km?: number;
  r_ohm_per_km: number;
  x_ohm_per_km: number;
  c_nf_per_km?: number;
  g_us_per_km?: number;
  max_i_ka?: number | null;
  rating_mva?: number | null;
  parallel?: number;
  kind?: "overhead" | "cable";
}

export interface Transformer extends Element {
  hv_bus: string;
  lv_bus: string;
  sn_mva: number;
  vn_hv_kv: number;
  vn_lv_kv: number;
  vk_percent: number;
  vkr_percent?: number;
  pfe_kw?: number;
  i0_percent?: number;
  shift_degree?: number;
  tap_side?: "hv" | "lv" | null;
  tap_neutral?: number;
  tap_min?: number;
  tap_max?: number;
  tap_step_percent?: number;
  tap_step_degree?: number;
  tap_pos?: number;
  tap_changer_type?: "ratio" | "symmetrical" | "ideal";
  parallel?: number;
  max_loading_percent?: number;
}

export interface Transformer3W extends Element {
  hv_bus: string;
  mv_bus: string;
  lv_bus: string;
  sn_hv_mva: number;
  sn_mv_mva: number;
  sn_lv_mva: number;
  vn_hv_kv: number;
  vn_mv_kv: number;
  vn_lv_kv: number;
  vk_hv_percent: number;
  vk_mv_percent: number;
  vk_lv_percent: number;
  vkr_hv_percent?: number;
  vkr_mv_percent?: number;
  vkr_lv_percent?: number;
  pfe_kw?: number;
  i0_percent?: number;
  shift_mv_degree?: number;
  shift_lv_degree?: number;
  tap_at_star_point?: boolean;
  tap_side?: "hv" | "mv" | "lv" | null;
  tap_neutral?: number;
  tap_step_percent?: number;
  tap_step_degree?: number;
  tap_pos?: number;
  max_loading_percent?: number;
}

export interface Generator extends Element {
  bus: string;
  p_mw?: number;
  q_mvar?: number;
  vm_pu?: number;
  va_degree?: number;
  voltage_control?: boolean;
  slack?: boolean;
  scaling?: number;
  sn_mva?: number | null;
}

export interface ExternalGrid extends Element {
  bus: string;
  vm_pu?: number;
  va_degree?: number;
  s_sc_max_mva?: number | null;
}

export interface Load extends Element {
  bus: string;
  p_mw?: number;
  q_mvar?: number;
  const_z_percent?: number;
  const_i_percent?: number;
  scaling?: number;
}

export interface Shunt extends Element {
  bus: string;
  p_mw?: number;
  q_mvar?: number;
  vn_kv?: number | null;
  step?: number;
  max_step?: number;
}

export interface Switch extends Element {
  bus: string;
  element: string;
  et?: "bus" | "line" | "transformer" | "transformer3w" | "impedance_branch";
  closed?: boolean;
  kind?: "CB" | "LBS" | "DS" | "LS";
}

export interface ImpedanceBranch extends Element {
  from_bus: string;
  to_bus: string;
  r_pu: number;
  x_pu: number;
  b_pu?: number;
  g_mag_pu?: number;
  b_mag_pu?: number;
  tap_ratio?: number;
  shift_degree?: number;
  rate_a_mva?: number;
  is_transformer?: boolean;
}

export interface Network {
  schema_version?: string;
  name?: string;
  base_mva?: number;
  f_hz?: number;
  source_format?: string | null;
  buses: Bus[];
  lines?: Line[];
  transformers?: Transformer[];
  transformers3w?: Transformer3W[];
  generators?: Generator[];
  external_grids?: ExternalGrid[];
  loads?: Load[];
  shunts?: Shunt[];
  switches?: Switch[];
  impedance_branches?: ImpedanceBranch[];
}

export const ELEMENT_LISTS = [
  "buses",
  "lines",
  "transformers",
  "transformers3w",
  "generators",
  "external_grids",
  "loads",
  "shunts",
  "switches",
  "impedance_branches",
] as const;
export type ListName = (typeof ELEMENT_LISTS)[number];

export const BUS_FIELDS: Record<ListName, readonly string[]> = {
  buses: [],
  lines: ["from_bus", "to_bus"],
  transformers: ["hv_bus", "lv_bus"],
  transformers3w: ["hv_bus", "mv_bus", "lv_bus"],
  generators: ["bus"],
  external_grids: ["bus"],
  loads: ["bus"],
  shunts: ["bus"],
  switches: ["bus"],
  impedance_branches: ["from_bus", "to_bus"],
};

export function emptyNetwork(name = ""): Network {
  return {
    schema_version: "1.0",
    name,
    base_mva: 100,
    f_hz: 50,
    buses: [],
    lines: [],
    transformers: [],
    transformers3w: [],
    generators: [],
    external_grids: [],
    loads: [],
    shunts: [],
    switches: [],
    impedance_branches: [],
  };
}
