// The automatic coordination's proposed settings (AutoResult.settings: per relay element the dial and pickup
// before and after) as network edits: the relays with the settings applied (for a preview in the TCC view, where
// they are computed as any dragged setting), and the one undoable command that applies them.
import type { AutoSetting } from "../contract/types";
import type { Network } from "../model/elements";
import { mergeCommands, updateCommand, type Command } from "../editor/commands";
import type { ElementSpec, RelaySpec } from "./tcc";

/** The relays the settings touch, with the new dials and pickups (a changed pickup replaces a tap setting). */
export function proposedRelays(relays: RelaySpec[], settings: AutoSetting[]): Record<string, RelaySpec> {
  const out: Record<string, RelaySpec> = {};
  for (const s of settings) {
    const base = out[s.device] ?? relays.find((r) => r.id === s.device);
    if (!base) continue;
    const elements = base.elements.map((el, k): ElementSpec => {
      if (k !== s.element) return el;
      const next: ElementSpec = { ...el, dial: s.dial_after };
      if (s.pickup_after_a !== s.pickup_before_a) {
        next.pickup_a = s.pickup_after_a;
        delete next.tap_a;
      }
      return next;
    });
    out[s.device] = { ...base, elements };
  }
  return out;
}

/** One command applying every proposed setting (undo restores them all). */
export function applyCommand(net: Network, settings: AutoSetting[]): Command {
  const relays = proposedRelays(net.relays as unknown as RelaySpec[], settings);
  const cmds = Object.values(relays).map((r) => updateCommand(net, r.id, { elements: r.elements } as never, `auto ${r.id}`));
  return mergeCommands(
    `automatic coordination: ${settings.length} setting(s)`,
    cmds.filter((c): c is Command => c != null),
  );
}
