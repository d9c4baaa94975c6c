// The protection study on screen (its result and where it came from) and the TCC view's state. A store of its own
// beside the editor's, so that the protection views do not widen the editor store every helper touches.
import { create } from "zustand";
import type { ProtectionResult } from "../contract/types";
import type { RelaySpec } from "./tcc";

export interface ProtectionState {
  result: ProtectionResult | null;
  study: { projectId: string | null; studyId: string | null } | null;
  /** the device whose path the TCC view shows (null: closed) */
  tccDevice: string | null;
  /** relays with the automatic coordination's proposed settings, shown in the TCC view before they are applied */
  preview: Record<string, RelaySpec> | null;
  show: (r: ProtectionResult | null, study?: ProtectionState["study"]) => void;
  openTcc: (device: string | null, preview?: Record<string, RelaySpec> | null) => void;
}

export const useProtection = create<ProtectionState>((set) => ({
  result: null,
  study: null,
  tccDevice: null,
  preview: null,
  show: (r, study = null) => set({ result: r, study: r ? study : null, tccDevice: null, preview: null }),
  openTcc: (device, preview = null) => set({ tccDevice: device, preview: device ? preview : null }),
}));

/** The TCC path of a device: itself, then its backups, their backups, ... (each once, nearest first). */
export function pathOf(r: ProtectionResult, device: string): string[] {
  const byId = new Map(r.devices.map((d) => [d.id, d]));
  const out: string[] = [];
  const queue = [device];
  while (queue.length) {
    const id = queue.shift()!;
    if (out.includes(id) || !byId.has(id)) continue;
    out.push(id);
    queue.push(...byId.get(id)!.backups);
  }
  return out;
}
