// "Show me": select elements and frame them on the diagram (from a warning, an error, a failure's worst buses).
// The diagram listens for the frame request (an event, so that any panel can ask without holding the view), and
// keyboard focus goes back to the diagram after a field is done with (Enter / Esc), so shortcuts work again.

import { useEditor } from "../store/editor";
import type { Pt, Scene } from "./scene";

export const FRAME_EVENT = "gridsolve:frame";

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

/** The view (translate, scale) that centres `box` in a w × h viewport with a margin, at most at zoom `maxK`. */
export function viewFor(box: Box, w: number, h: number, maxK = 1.5): { tx: number; ty: number; k: number } {
  const pad = 160;
  const k = Math.min(maxK, Math.max(0.05, Math.min(w / (box.maxX - box.minX + pad), h / (box.maxY - box.minY + pad))));
  return { k, tx: w / 2 - ((box.minX + box.maxX) / 2) * k, ty: h / 2 - ((box.minY + box.maxY) / 2) * k };
}

/** Select these elements and frame them on the diagram. */
export function showElements(ids: string[]): void {
  const st = useEditor.getState();
  st.select(ids);
  globalThis.dispatchEvent?.(new CustomEvent(FRAME_EVENT, { detail: ids }));
}

/** Keyboard focus back on the diagram (after Enter or Esc in a field), so that its shortcuts work again. */
export function focusDiagram(): void {
  (document.querySelector('[data-testid="diagram"]') as SVGElement | null)?.focus({ preventScroll: true });
}
