// Loading and saving the open project: versions via ETag/If-Match; a 412 becomes a visible conflict.
import { Api, ApiError } from "./api/client";
import { useEditor } from "./store/editor";
import { autoLayout, needsLayout } from "./editor/layout";
import type { Network } from "./model/network";

export async function openProject(id: string) {
  const { data, headers } = await Api.getProject(id);
  let net = data.network;
  if (needsLayout(net)) net = autoLayout(net);
  useEditor.getState().load(net, { id: data.id, name: data.name, version: data.version, etag: headers.get("ETag") ?? `"${data.id}.v${data.version}"` });
}

export function openLocal(net: Network, name = net.name || "local") {
  useEditor.getState().load(needsLayout(net) ? autoLayout(net) : net, { id: null, name, version: null, etag: null });
  localStorage.setItem("gridsolve.local", JSON.stringify(useEditor.getState().network));
}

let saving: Promise<void> | null = null;

/** Save the network if it changed; on a version conflict show it instead of overwriting. */
export async function saveProject(force = false): Promise<void> {
  if (saving) await saving;
  const st = useEditor.getState();
  const p = st.project;
  if (!p.id) {
    localStorage.setItem("gridsolve.local", JSON.stringify(st.network));
    return;
  }
  if (!force && st.network === p.savedVersionOfNetwork) return;
  if (st.conflict && !force) throw new Error(st.conflict);
  const net = st.network;
  saving = (async () => {
    try {
      let etag = p.etag!;
      if (force) etag = (await Api.getProject(p.id!)).headers.get("ETag") ?? etag;
      const { data, headers } = await Api.patchProject(p.id!, etag, { network: net });
      useEditor.getState().setProject({ version: data.version, etag: headers.get("ETag") ?? `"${data.id}.v${data.version}"`, savedVersionOfNetwork: net });
      useEditor.getState().setConflict(null);
      if (useEditor.getState().error?.message && !st.results) useEditor.getState().setError(null);
      useEditor.getState().setStatus(`saved (version ${data.version})`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 412) {
        useEditor.getState().setConflict(e.message || "The project was changed in another tab or by someone else.");
      } else if (e instanceof ApiError) {
        const fe = e.fieldError;
        useEditor.getState().setError(fe ?? { message: e.message });
        useEditor.getState().setStatus(`save failed: ${e.message}`);
      }
      throw e;
    } finally {
      saving = null;
    }
  })();
  return saving;
}
