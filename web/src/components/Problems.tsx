// Problems that point at their cause: the warnings of a result (each linked to the elements it names) and the
// API's errors with every element, field and file line they carry (contract FieldError). Clicking an element
// selects and frames it on the diagram; clicking a file line opens the file at that line.
import { useMemo, useState } from "react";
import { useEditor } from "../store/editor";
import { showElements } from "../editor/focus";
import { elementIds, type Warning } from "../studies/warnings";
import type { FieldError } from "../model/elements";
import { whereOf } from "../api/client";

export { whereOf };
import { Modal } from "./Modal";
import "./problems.css";

/** The imported file a line number refers to. */
export interface SourceFile {
  name: string;
  text: string;
}

/** The warnings list of a result; `onlyIds` limits how many element links one warning shows. */
export function WarningsList({ warnings, label = "warnings" }: { warnings: Warning[]; label?: string }) {
  if (!warnings.length) return null;
  return (
    <ul className="warnings" aria-label={label} data-testid="warnings">
      {warnings.map((w, i) => (
        <li key={i} className={`warning ${w.kind}`} data-warning-kind={w.kind}>
          <span className={`warning-icon ${w.kind}`} aria-hidden="true">
            {w.kind === "note" ? "i" : "!"}
          </span>
          <span className="warning-text">{w.message}</span>
          {w.ids.length > 0 && (
            <span className="warning-links">
              {w.ids.slice(0, 12).map((id) => (
                <button key={id} className="chip" onClick={() => showElements([id])} aria-label={`show ${id} on the diagram`} data-show-element={id}>
                  {id}
                </button>
              ))}
              {w.ids.length > 1 && (
                <button className="chip all" onClick={() => showElements(w.ids)} aria-label={`show all ${w.ids.length} on the diagram`}>
                  all {w.ids.length}
                </button>
              )}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The file around `line`, that line marked (the import dialog opened at the line). */
function FileAtLine({ source, line, message, onClose }: { source: SourceFile; line: number; message: string; onClose: () => void }) {
  const lines = useMemo(() => source.text.split(/\r?\n/), [source]);
  const from = Math.max(1, line - 8),
    to = Math.min(lines.length, line + 8);
  return (
    <Modal title={`${source.name}, line ${line}`} onClose={onClose} className="file-at-line">
      <p className="field-error" role="alert">
        {message}
      </p>
      <pre className="file-excerpt" data-testid="file-excerpt">
        {lines.slice(from - 1, to).map((t, i) => (
          <div key={from + i} className={from + i === line ? "hit" : undefined} data-line={from + i}>
            <span className="ln">{from + i}</span> {t}
          </div>
        ))}
      </pre>
      <p className="muted small">Fix the file at this line and import it again.</p>
    </Modal>
  );
}

/** Every problem of an API error, each with where it is: elements (click: select and frame), file lines (click:
 * the file at that line). `message` is the error's own sentence. */
export function ErrorList({ message, fields, source }: { message: string; fields: FieldError[]; source?: SourceFile | null }) {
  const network = useEditor((s) => s.network);
  const known = useMemo(() => elementIds(network), [network]);
  const [open, setOpen] = useState<FieldError | null>(null);
  const shown = fields.slice(0, 50);
  return (
    <div className="error-list">
      <span data-testid="error-message">{message}</span>
      {shown.length > 0 && (
        <ul aria-label="problems">
          {shown.map((f, i) => {
            const where = whereOf(f, source?.name);
            const canShow = !!f.element_id && known.has(f.element_id);
            const canOpen = f.line != null && !!source;
            return (
              <li key={i} data-problem={i}>
                {canShow || canOpen ? (
                  <button className="link" onClick={() => (canOpen ? setOpen(f) : showElements([f.element_id!]))} data-problem-where={where}>
                    {where}
                  </button>
                ) : (
                  <strong data-problem-where={where}>{where}</strong>
                )}
                {where ? ": " : ""}
                {f.message}
              </li>
            );
          })}
          {fields.length > shown.length && <li className="muted">… and {fields.length - shown.length} more</li>}
        </ul>
      )}
      {open && source && <FileAtLine source={source} line={open.line!} message={`${whereOf(open, source.name)}: ${open.message}`} onClose={() => setOpen(null)} />}
    </div>
  );
}
