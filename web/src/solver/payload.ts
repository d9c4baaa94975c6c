// The engine's compiled network (CompiledPayload, gridsolve.powerflow.external) decoded into the typed arrays
// the WebAssembly solver takes. Nothing here knows an element formula: the engine computed every number.

import type { CompiledPayload } from "../contract/types";

export interface Compiled {
  hash: string;
  baseMva: number;
  nBus: number;
  nBranch: number;
  busIds: string[];
  /** per network bus (network order): its compiled bus, -1 if none */
  networkBusIndex: number[];
  notes: string[];
  f: Int32Array;
  t: Int32Array;
  yBranch: Float64Array;
  tap: Float64Array;
  yShunt: Float64Array;
  busType: Int32Array;
  sConst: Float64Array;
  sCurrent: Float64Array;
  sImpedance: Float64Array;
  vmFlat: Float64Array;
  vaFlat: Float64Array;
  vmWarm: Float64Array | null;
  vaWarm: Float64Array | null;
  vaDc: Float64Array;
  qMin: Float64Array;
  qMax: Float64Array;
  vmSet: Float64Array;
}

export const PAYLOAD_FORMAT = "gridsolve-compiled";
export const PAYLOAD_VERSION = 1;

function bytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function array(p: CompiledPayload, name: string, dtype: "f64" | "i32", length: number, optional = false) {
  const a = p.arrays[name];
  if (!a) {
    if (optional) return null;
    throw new Error(`compiled network: array '${name}' missing`);
  }
  if (a.dtype !== dtype) throw new Error(`compiled network: '${name}' is ${a.dtype}, expected ${dtype}`);
  const raw = bytes(a.data); // own buffer, so the typed view is aligned
  const out = dtype === "f64" ? new Float64Array(raw.buffer) : new Int32Array(raw.buffer);
  if (out.length !== length) throw new Error(`compiled network: '${name}' has ${out.length} values, expected ${length}`);
  return out;
}

export function decodePayload(p: CompiledPayload): Compiled {
  if (p.format !== undefined && p.format !== PAYLOAD_FORMAT) throw new Error(`not a compiled network: ${p.format}`);
  if (p.version !== undefined && p.version !== PAYLOAD_VERSION) throw new Error(`compiled network version ${p.version} is not supported (expected ${PAYLOAD_VERSION}); reload the app`);
  const n = p.n_bus,
    m = p.n_branch;
  const f64 = (name: string, len: number) => array(p, name, "f64", len) as Float64Array;
  const i32 = (name: string, len: number) => array(p, name, "i32", len) as Int32Array;
  return {
    hash: p.network_hash,
    baseMva: p.base_mva,
    nBus: n,
    nBranch: m,
    busIds: p.bus_ids,
    networkBusIndex: p.network_bus_index,
    notes: p.notes,
    f: i32("f", m),
    t: i32("t", m),
    yBranch: f64("y_branch", 8 * m),
    tap: f64("tap", 2 * m),
    yShunt: f64("y_shunt", 2 * n),
    busType: i32("bus_type", n),
    sConst: f64("s_const", 2 * n),
    sCurrent: f64("s_current", 2 * n),
    sImpedance: f64("s_impedance", 2 * n),
    vmFlat: f64("vm_flat", n),
    vaFlat: f64("va_flat", n),
    vmWarm: array(p, "vm_warm", "f64", n, true) as Float64Array | null,
    vaWarm: array(p, "va_warm", "f64", n, true) as Float64Array | null,
    vaDc: array(p, "va_dc", "f64", n) as Float64Array,
    qMin: f64("q_min", n),
    qMax: f64("q_max", n),
    vmSet: f64("vm_set", n),
  };
}
