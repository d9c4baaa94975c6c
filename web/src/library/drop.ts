// What happens when a library entry lands on the diagram: on an element it fits, the entry's values are applied
// to it; on a bus, a generator or motor entry creates that element there; a line, cable, transformer or breaker
// entry arms the connect tool (the bus it landed on is the first end). Every change is one undoable command.

import { addCommand, findElement, updateCommand } from "../editor/commands";
import { newAttached } from "../editor/factory";
import { errorText } from "../api/client";
import { useEditor } from "../store/editor";
import type { EquipmentItem } from "../model/elements";
import { applyEquipment } from "./api";
import { applyPatchTo, fits, isAttached, KIND_LIST, kindOfList, makesKind, missingText, needsElement, notesText, paletteKindOf, fromEntry, type ElementKind } from "./elements";

export interface DropTarget {
  /** the element under the pointer, if any */
  hitId: string | null;
  /** the bus within snapping distance, if any */
  busId: string | null;
}

const say = (s: string) => useEditor.getState().setStatus(s);

/** The buses an element connects to. */
function busesOf(el: Record<string, unknown>): string[] {
  return ["bus", "from_bus", "to_bus", "hv_bus", "mv_bus", "lv_bus"].map((f) => el[f]).filter((b): b is string => typeof b === "string");
}

/** A warning when the entry's voltage class is not the nominal voltage of any bus it connects to (more than 10 %
 * apart): a 10 kV cable on a 20 kV feeder is allowed, but it should be a choice. */
export function voltageNote(entry: EquipmentItem, buses: string[]): string {
  const kv = entry.voltage_class_kv;
  if (kv == null || !buses.length) return "";
  const net = useEditor.getState().network;
  const vn = buses.map((b) => net.buses.find((x) => x.id === b)?.vn_kv).filter((v): v is number => typeof v === "number" && v > 0);
  if (!vn.length || vn.some((v) => Math.abs(v - kv) <= 0.1 * Math.max(v, kv))) return "";
  return `note: a ${kv} kV entry on ${[...new Set(vn)].join("/")} kV buses`;
}

/** Apply `entry` to the element `id` (one undoable edit); false when the entry does not fit it. */
export async function applyToElement(entry: EquipmentItem, id: string): Promise<boolean> {
  const st = useEditor.getState();
  const found = findElement(st.network, id);
  if (!found || !fits(entry, found.list)) return false;
  const kind = kindOfList(found.list)!;
  // a relay product line checks the relay's settings (a 400 names the element and field it cannot make)
  const applied = await applyEquipment(entry.id, entry.revision, kind, needsElement(kind) ? found.el : undefined);
  const now = useEditor.getState();
  const cmd = updateCommand(now.network, id, applyPatchTo(found.list, found.el, applied), `apply ${entry.name} to ${id}`);
  now.run(cmd);
  now.select([id]);
  now.setTool({ kind: "select" });
  const notes = [missingText(applied), notesText(applied), voltageNote(entry, busesOf(found.el))].filter(Boolean);
  say(`${id}: values of ${entry.name} applied${notes.map((n) => ` · ${n}`).join("")}`);
  return true;
}

/** Create an element from `entry` at the drop target (or arm the connect tool for branches). */
async function createFrom(entry: EquipmentItem, kind: ElementKind, busId: string | null) {
  if (kind === "fuse" || kind === "relay") {
    // a fuse or relay sits at a branch end: placed with the palette's tool, then given the entry's type (a fuse) or
    // checked against the product's setting ranges (a relay: the entry gives ranges, not settings)
    const tool = kind === "fuse" ? "Fuse" : "Relay";
    useEditor.getState().setTool({ kind: "select" });
    say(`${entry.name}: drop it on a ${kind} (place one with the palette's ${tool} tool first)`);
    return;
  }
  const applied = await applyEquipment(entry.id, entry.revision, kind);
  const element = paletteKindOf(entry, kind);
  const st = useEditor.getState();
  if (isAttached(kind)) {
    if (!busId) {
      say(`drop ${entry.name} on a bus`);
      return;
    }
    const el = fromEntry(KIND_LIST[kind], newAttached(st.network, element, busId), applied);
    st.run(addCommand(KIND_LIST[kind], el, `add ${el.id} from ${entry.name}`));
    st.select([el.id]);
    st.setTool({ kind: "select" });
    const notes = [missingText(applied), voltageNote(entry, [busId])].filter(Boolean);
    say(`${el.id} (${entry.name}) on ${busId}${notes.map((n) => ` · ${n}`).join("")}`);
    return;
  }
  const ends = kind === "transformer3w" ? 3 : 2;
  st.setTool({ kind: "connect", element, from: busId ?? undefined, library: { entry, applied } });
  say(`${entry.name}: ${busId ? `${busId} → click ${ends - 1} more bus(es)` : `click ${ends} buses`} (Esc cancels)`);
}

/** The entry dropped (or clicked into place) at `target`. */
export async function dropEntry(entry: EquipmentItem, target: DropTarget): Promise<void> {
  try {
    const net = useEditor.getState().network;
    const hit = target.hitId ? findElement(net, target.hitId) : null;
    if (hit && hit.list !== "buses") {
      if (await applyToElement(entry, hit.el.id)) return;
      useEditor.getState().setTool({ kind: "select" });
      say(`${hit.el.id} cannot take ${entry.name} (a ${entry.category} entry fits ${entry.element_kinds.join(", ") || "no network element"})`);
      return;
    }
    const kind = makesKind(entry);
    if (!kind) {
      useEditor.getState().setTool({ kind: "select" });
      say(`${entry.name}: ${entry.category} entries carry curves and settings for protection studies, not a network element`);
      return;
    }
    await createFrom(entry, kind, hit?.list === "buses" ? hit.el.id : target.busId);
  } catch (e) {
    useEditor.getState().setTool({ kind: "select" });
    say(`library: ${errorText(e)}`);
  }
}
