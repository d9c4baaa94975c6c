import { useEffect, useRef, type ReactNode } from "react";

/** A modal dialog: labelled by its title, Escape or the × button closes it, Tab stays inside, and focus returns
 * to whatever had it before. */
export function Modal({ title, onClose, children, className = "", badge }: { title: string; onClose: () => void; children: ReactNode; className?: string; badge?: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    const first = ref.current?.querySelector<HTMLElement>("[data-autofocus]") ?? ref.current?.querySelector<HTMLElement>("button, [tabindex='0']");
    first?.focus();
    return () => before?.focus?.();
  }, []);
  const onKeyDown = (e: React.KeyboardEvent) => {
    e.stopPropagation(); // the editor's shortcuts stay out of the dialog
    if (e.key === "Escape") {
      e.preventDefault();
      onClose();
    } else if (e.key === "Tab" && ref.current) {
      const items = [...ref.current.querySelectorAll<HTMLElement>("button:not([disabled]), input, select, [tabindex='0']")];
      if (!items.length) return;
      const first = items[0],
        last = items[items.length - 1];
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first.focus();
      }
    }
  };
  const id = `modal-${title.replace(/\W+/g, "-").toLowerCase()}`;
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div ref={ref} className={`modal ${className}`} role="dialog" aria-modal="true" aria-labelledby={id} onKeyDown={onKeyDown}>
        <header className="modal-head">
          <h2 id={id}>{title}</h2>
          {badge}
          <span className="spacer" />
          <button onClick={onClose} aria-label={`close ${title.toLowerCase()}`}>
            ×
          </button>
        </header>
        {children}
      </div>
    </div>
  );
}
