// A public project (the samples, or anyone's shared network) opens read-only: the editor refuses edits (store
// `run`), there is no Save, and this banner offers the way to edit: a fork into the user's own account.
import { useState } from "react";
import { Api, errorText } from "../api/client";
import { useEditor } from "../store/editor";
import { openProject } from "../project";

export function ReadOnlyBanner() {
  const project = useEditor((s) => s.project);
  const [busy, setBusy] = useState(false);
  if (project.access !== "public" || !project.id) return null;
  const fork = async () => {
    setBusy(true);
    try {
      const { data } = await Api.forkProject(project.id!, `${project.name} (fork)`);
      await openProject(data.id);
      location.hash = `#/project/${encodeURIComponent(data.id)}`;
      useEditor.getState().setStatus(`forked into your projects as "${data.name}"`);
    } catch (e) {
      useEditor.getState().setStatus(`fork failed: ${errorText(e)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="banner info" role="status" data-testid="read-only">
      <span className="banner-text">
        <strong>Read-only:</strong> this is a public project. You can look at it, run the browser's power flow and download it; to edit, save or run server studies, fork it into your projects.
      </span>
      <button className="primary" onClick={fork} disabled={busy} data-testid="fork-to-edit">
        Fork to edit
      </button>
    </div>
  );
}
