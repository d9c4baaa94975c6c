// "Show me": select elements and frame them on the diagram (from a warning, an error, a failure's worst buses, a
// table row, find): the store's focus request, which the diagram follows; and keyboard focus back on the diagram
// after a field is done with (Enter / Esc), so shortcuts work again.

import { useEditor } from "../store/editor";
import type { Pt, Scene } from "./scene";

export interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** The box around the given elements on the diagram (bus bars, branch routes, symbols); null if none is drawn. */
export function boundsOf(scene: Scene, ids: string[]): Box | null {
  const pts: Pt[] = [];
  for (const id of ids) {
    const b = scene.busById.get(id);
    if (b) pts.push({ x: b.x1, y: b.y1 }, { x: b.x2, y: b.y2 });
    const br = scene.branchById.get(id);
    if (br) pts.push(...br.points);
    const n = scene.nodeById.get(id);
    if (n) pts.push({ x: n.x, y: n.y });
    const t = scene.trafo3ById.get(id);
    if (t) pts.push(t.center);
  }
  if (!pts.length) return null;
  return { minX: Math.min(...pts.map((p) => p.x)), minY: Math.min(...pts.map((p) => p.y)), maxX: Math.max(...pts.map((p) => p.x)), maxY: Math.max(...pts.map((p) => p.y)) };
}

/** Select these elements and frame them on the diagram. */
export function showElements(ids: string[]): void {
  useEditor.getState().focusOn(ids);
}

/** Keyboard focus back on the diagram (after Enter or Esc in a field), so that its shortcuts work again. */
export function focusDiagram(): void {
  (document.querySelector('[data-testid="diagram"]') as SVGElement | null)?.focus({ preventScroll: true });
}
