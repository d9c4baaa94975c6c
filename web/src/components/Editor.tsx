import { useEffect, useRef, useState } from "react";
import { OverflowMenu, useNarrow } from "./Responsive";
import { docOf, useEditor } from "../store/editor";
import { Diagram } from "./Diagram";
import { Palette } from "./Palette";
import { PropertyPanel } from "./PropertyPanel";
import { StudyPanel } from "./StudyPanel";
import { ResultsPanel } from "./ResultsPanel";
import { LibraryButton, LibraryPanel } from "./LibraryPanel";
import { CgmesDownload } from "./CgmesDownload";
import { ErrorList } from "./Problems";
import { copySelection, deleteCommand, mergeCommands, moveCommand, pasteCommand, rotateCommand, routeCommand } from "../editor/commands";
import { PALETTE } from "../editor/factory";
import { autoLayout, openProject, saveProject } from "../project";
import { ReadOnlyBanner } from "./ReadOnlyBanner";
import { BaseKvBanner } from "./BaseKvDialog";
import { HelpLink } from "./HelpLink";

/** Reset the manual routes of the selected branches (their waypoints) to the automatic route. */
function resetRoutes() {
  const st = useEditor.getState();
  const doc = docOf(st);
  const ids = st.selection.filter((id) => (doc.layout[id]?.waypoints.length ?? 0) > 0);
  st.run(mergeCommands(ids.length === 1 ? `reset route ${ids[0]}` : `reset ${ids.length} routes`, ids.map((id) => routeCommand(doc, id, []))));
}

export function Editor({ onBack }: { onBack: () => void }) {
  const project = useEditor((s) => s.project);
  const status = useEditor((s) => s.status);
  const saveStatus = useEditor((s) => s.saveStatus);
  const conflict = useEditor((s) => s.conflict);
  const error = useEditor((s) => s.error);
  const canUndo = useEditor((s) => s.undoStack.length > 0);
  const canRotate = useEditor((s) => s.selection.length > 0 && rotateCommand(docOf(s), s.selection).changes.length > 0);
  const canResetRoute = useEditor((s) => s.selection.some((id) => (s.layout[id]?.waypoints.length ?? 0) > 0));
  const canRedo = useEditor((s) => s.redoStack.length > 0);
  const dirty = useEditor((s) => s.network !== s.project.savedVersionOfNetwork || s.layout !== s.project.savedLayout);
  const readOnly = project.access === "public";
  const network = useEditor((s) => s.network);
  const layout = useEditor((s) => s.layout);
  const timer = useRef<number | null>(null);
  const narrow = useNarrow();
  const [panelsOpen, setPanelsOpen] = useState(false);

  // autosave shortly after edits
  useEffect(() => {
    if (!dirty || conflict || readOnly) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = window.setTimeout(() => saveProject().catch(() => undefined), 1200);
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [network, layout, dirty, conflict, readOnly]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.target as HTMLElement)?.closest?.("input,select,textarea")) return;
      const st = useEditor.getState();
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === "z" && !e.shiftKey) {
        e.preventDefault();
        st.undo();
      } else if (mod && (e.key.toLowerCase() === "y" || (e.key.toLowerCase() === "z" && e.shiftKey))) {
        e.preventDefault();
        st.redo();
      } else if (mod && e.key.toLowerCase() === "s") {
        e.preventDefault();
        saveProject(false).catch(() => undefined);
      } else if (mod && e.key.toLowerCase() === "a") {
        e.preventDefault();
        st.select(st.network.buses.map((b) => b.id));
      } else if (mod && e.key.toLowerCase() === "c") {
        // copying buses also copies everything between them, with their places on the diagram
        const clip = copySelection(docOf(st), st.selection);
        st.setClipboard(clip);
        st.setStatus(`copied ${clip.length} element(s)`);
      } else if (mod && e.key.toLowerCase() === "v") {
        if (st.clipboard.length) {
          const cmd = pasteCommand(docOf(st), st.clipboard);
          st.run(cmd);
          st.select(cmd.changes.map((c) => c.id));
        }
      } else if (e.key === "Delete" || e.key === "Backspace") {
        if (st.selection.length) st.run(deleteCommand(docOf(st), st.selection));
      } else if (e.key === "]" || e.key === "[") {
        // keyboard navigation over the diagram: next / previous element (buses first, then equipment)
        const ids = [
          ...st.network.buses,
          ...st.network.lines,
          ...st.network.transformers,
          ...st.network.transformers3w,
          ...st.network.impedance_branches,
          ...st.network.external_grids,
          ...st.network.generators,
          ...st.network.loads,
          ...st.network.motors,
          ...st.network.shunts,
          ...st.network.switches,
        ].map((x) => x.id);
        if (!ids.length) return;
        const cur = ids.indexOf(st.selection[0]);
        const next = e.key === "]" ? (cur + 1) % ids.length : (cur - 1 + ids.length) % ids.length;
        st.select([ids[next]]);
        st.setStatus(`selected ${ids[next]}`);
      } else if (!mod && !e.altKey && e.key.toLowerCase() === "r") {
        // rotate the selected bus bars and symbols 90° clockwise (each about its own centre)
        if (st.selection.length) st.run(rotateCommand(docOf(st), st.selection));
      } else if (e.key === "Enter" && st.selection.length === 1) {
        setPanelsOpen(true); // on a narrow screen the properties are in the drawer
        const into = () => (document.querySelector(".props form input:not([readonly]), .props form select") as HTMLElement | null)?.focus();
        into();
        // a closed drawer (narrow screens) shows its inputs on the next render: try once more then
        if (!document.activeElement?.closest(".props")) setTimeout(into, 0);
      } else if (e.key === "Escape") {
        st.setTool({ kind: "select" });
        st.select([]);
      } else if (e.key.startsWith("Arrow") && st.selection.length) {
        e.preventDefault();
        const d = e.shiftKey ? 50 : 10;
        const dx = e.key === "ArrowLeft" ? -d : e.key === "ArrowRight" ? d : 0;
        const dy = e.key === "ArrowUp" ? -d : e.key === "ArrowDown" ? d : 0;
        st.run(moveCommand(docOf(st), st.selection, dx, dy));
      } else if (!mod && !e.altKey) {
        const p = PALETTE.find((x) => x.key === e.key.toLowerCase());
        if (p) st.setTool(p.connect >= 2 ? { kind: "connect", element: p.kind } : { kind: "place", element: p.kind });
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  // leaving saves what the autosave has not yet (its timer dies with the editor: an edit made just before
  // "← Projects" was lost)
  const leave = async () => {
    if (dirty && !conflict && !readOnly && project.id) await saveProject().catch(() => undefined);
    onBack();
  };
  const st = useEditor.getState;
  const actions = (
    <>
          <button onClick={() => st().undo()} disabled={!canUndo} aria-label="undo (Ctrl+Z)" data-testid="undo">
            ↶ Undo
          </button>
          <button onClick={() => st().redo()} disabled={!canRedo} aria-label="redo (Ctrl+Shift+Z)" data-testid="redo">
            ↷ Redo
          </button>
          <button
            onClick={() => st().run(rotateCommand(docOf(st()), st().selection))}
            disabled={!canRotate}
            aria-label="rotate the selection 90° (R)"
            title="Rotate 90° clockwise (R)"
            data-testid="rotate"
          >
            ⟳ Rotate
          </button>
          <button onClick={resetRoutes} disabled={!canResetRoute} aria-label="reset the route of the selected branch" title="Back to the automatic route" data-testid="reset-route">
            Reset route
          </button>
          <LibraryButton />
          <CgmesDownload />
          <button onClick={() => autoLayout().catch(() => undefined)} aria-label="automatic layout" data-testid="layout">
            Layout
          </button>
          <HelpLink topic="first-study" label="Help" />
          {project.id && !readOnly && (
            <button onClick={() => saveProject(false).catch(() => undefined)} aria-label="save (Ctrl+S)" data-testid="save">
              Save
            </button>
          )}
    </>
  );
  return (
    <div className="editor">
      <header className="topbar" role="banner">
        <button onClick={leave} aria-label="back to projects">
          ← Projects
        </button>
        <h1 className="project-name" data-testid="project-name">
          {project.name}
        </h1>
        <span className="muted small" data-testid="save-state">
          {readOnly ? "read-only" : project.id ? (dirty ? "unsaved changes" : `saved · v${project.version}`) : "local (not saved to the server)"}
        </span>
        <span className="spacer" />
        {narrow ? <OverflowMenu>{actions}</OverflowMenu> : actions}
        <button className="drawer-toggle" onClick={() => setPanelsOpen(!panelsOpen)} aria-expanded={panelsOpen} aria-controls="side-panels" data-testid="toggle-panels">
          {panelsOpen ? "Diagram" : "Panels"}
        </button>
      </header>
      <ReadOnlyBanner />
      {!readOnly && <BaseKvBanner />}
      {conflict && (
        <div className="banner conflict" role="alert" data-testid="conflict">
          <strong>Version conflict:</strong> {conflict}
          <button onClick={() => project.id && openProject(project.id)}>Reload theirs (discard mine)</button>
          <button onClick={() => saveProject(true).catch(() => undefined)}>Overwrite with mine</button>
        </div>
      )}
      {error && (
        <div className="banner error" role="alert" data-testid="error">
          <ErrorList message={error.message} fields={error.fields?.length ? error.fields : error.element_id || error.field ? [{ element_id: error.element_id, field: error.field, message: error.message }] : []} />
          <button aria-label="dismiss error" onClick={() => st().setError(null)}>
            ×
          </button>
        </div>
      )}
      <div className="workspace">
        <Palette />
        <main className="center" aria-label="diagram">
          <Diagram />
          <LibraryPanel />
        </main>
        <aside className="side" aria-label="panels" id="side-panels" data-open={!narrow || panelsOpen}>
          <div className="drawer-close">
            <button onClick={() => setPanelsOpen(false)} aria-label="close the panels">
              ×
            </button>
          </div>
          <PropertyPanel />
          <StudyPanel />
        </aside>
      </div>
      <div className="bottom">
        <ResultsPanel />
      </div>
      <footer className="statusbar" role="status" aria-live="polite" data-testid="status">
        <span data-testid="status-action">{status}</span>
        {saveStatus && (
          <span className="save-status" data-testid="save-status">
            {saveStatus}
          </span>
        )}
      </footer>
    </div>
  );
}
