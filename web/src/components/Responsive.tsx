// Narrow screens (phones, small tablets): the side panels become a drawer and the toolbar's actions move into an
// overflow menu, so that every action (Save and Layout included) stays reachable at 390 px.
import { useEffect, useRef, useState, type ReactNode } from "react";
import "./responsive.css";

/** The width below which the editor switches to drawers and the overflow menu (px). */
export const NARROW_PX = 760;

/** True while the viewport is narrower than `px`. */
export function useNarrow(px = NARROW_PX): boolean {
  const query = `(max-width: ${px}px)`;
  const [narrow, setNarrow] = useState(() => globalThis.matchMedia?.(query).matches ?? false);
  useEffect(() => {
    const mq = globalThis.matchMedia?.(query);
    if (!mq) return;
    const on = () => setNarrow(mq.matches);
    mq.addEventListener("change", on);
    on();
    return () => mq.removeEventListener("change", on);
  }, [query]);
  return narrow;
}

/** "⋯": a menu holding the toolbar's actions; a click on one (or outside, or Esc) closes it. */
export function OverflowMenu({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const away = (e: PointerEvent) => !ref.current?.contains(e.target as Node) && setOpen(false);
    const esc = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    document.addEventListener("pointerdown", away);
    document.addEventListener("keydown", esc);
    return () => {
      document.removeEventListener("pointerdown", away);
      document.removeEventListener("keydown", esc);
    };
  }, [open]);
  return (
    <div className="overflow" ref={ref}>
      <button aria-label="more actions" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="more-actions">
        ⋯
      </button>
      {open && (
        <div className="overflow-menu" role="menu" onClick={(e) => (e.target as HTMLElement).closest("button") && setOpen(false)}>
          {children}
        </div>
      )}
    </div>
  );
}
