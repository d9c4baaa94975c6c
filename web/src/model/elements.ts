// The network as the editor holds it: the generated model types (contract/types.ts, from gridsolve.model) with
// every element list present, and generic access to an element's fields. No field or rule of the model is
// written here; the lists and their bus fields are generated too (contract/model.ts).

import type { Network as NetworkModel } from "../contract/types";
import { BUS_FIELDS, ELEMENT_LISTS, SCHEMA_VERSION, SWITCH_TARGET_LIST, type ListName } from "../contract/model";

export { BUS_FIELDS, ELEMENT_LISTS, SCHEMA_VERSION, SWITCH_TARGET_LIST, type ListName };
export type * from "../contract/types";

/** A network with every element list present (the editor's working form; valid as the API's Network). */
export type Network = NetworkModel & { [K in ListName]-?: NonNullable<NetworkModel[K]> };

/** Any element, for code that reads fields by name (commands, property panel, scene). */
export interface Element {
  id: string;
  name?: string;
  in_service?: boolean;
  [field: string]: unknown;
}

export function elementsOf(net: NetworkModel, list: ListName): Element[] {
  return ((net as Record<string, unknown>)[list] as Element[] | undefined) ?? [];
}

export function normalizeNetwork(n: NetworkModel): Network {
  const out = { ...n } as Record<string, unknown>;
  for (const l of ELEMENT_LISTS) out[l] = (n as Record<string, unknown>)[l] ?? [];
  return out as unknown as Network;
}

export function emptyNetwork(name = ""): Network {
  return normalizeNetwork({ schema_version: SCHEMA_VERSION, name, base_mva: 100, f_hz: 50 });
}
