// "Download as CGMES" in the editor: the saved project's network as a CGMES 2.4.15 zip (GET .../export?format=cgmes:
// EQ, TP, SSH and the SV of a fresh power flow). Unsaved edits are saved first, so the file is what the editor
// shows.
import { useState } from "react";
import { errorText } from "../api/client";
import { downloadNetwork } from "../api/account";
import { saveProject } from "../project";
import { useEditor } from "../store/editor";

export function CgmesDownload() {
  const id = useEditor((s) => s.project.id);
  const [busy, setBusy] = useState(false);
  if (!id) return null;
  const run = async () => {
    setBusy(true);
    const st = useEditor.getState;
    try {
      const s = st();
      if (s.network !== s.project.savedVersionOfNetwork) await saveProject(false);
      st().setStatus(`downloaded ${await downloadNetwork(id, "cgmes")}`);
    } catch (e) {
      st().setStatus(`CGMES export: ${errorText(e)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <button onClick={run} disabled={busy} title="CGMES 2.4.15 zip: EQ, TP, SSH, SV" data-testid="download-cgmes">
      {busy ? "Exporting…" : "Download as CGMES"}
    </button>
  );
}
