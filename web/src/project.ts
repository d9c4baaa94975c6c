// Loading and saving the open project (its network and its diagram): versions via ETag/If-Match, a 412 becomes a
// visible conflict; buses the diagram does not place get the API's automatic layout; after each save of a network
// change the compiled network is fetched for the browser solver (and held by its worker).
import { Api, ApiError } from "./api/client";
import { docOf, useEditor } from "./store/editor";
import { entry, fromDiagram, toDiagram, unplacedBuses, type Entry, type Layout, type Rotation } from "./editor/diagram";
import { normalizeNetwork, SCHEMA_VERSION, type Network } from "./model/elements";
import type { Network as NetworkModel, Diagram } from "./contract/types";
import { compiledFor } from "./solver/client";
import { layoutCommand } from "./editor/commands";

const LOCAL_KEY = "gridsolve.local";

/** The automatic layout (the API's, the only one): `layout` with every bus placed; with `replace`, all anew. */
export async function completeLayout(net: Network, layout: Layout, replace = false): Promise<Layout> {
  try {
    return fromDiagram((await Api.layout(net, toDiagram(layout), replace)).data);
  } catch (e) {
    // no API: the unplaced buses go side by side below the drawing, so that they can at least be seen and moved
    useEditor.getState().setStatus(`automatic layout unavailable (${(e as Error).message}); buses placed in a row`);
    const out: Record<string, Entry> = { ...layout };
    const y0 = Math.max(0, ...Object.values(layout).map((p) => p.y ?? 0)) + 150;
    unplacedBuses(net, layout).forEach((id, i) => (out[id] = { ...entry(out[id]), x: 100 + 170 * (i % 20), y: y0 + 150 * Math.floor(i / 20) }));
    return out;
  }
}

/** The Layout button: every bus laid out anew, one undoable step. */
export async function autoLayout(): Promise<void> {
  const st = useEditor.getState();
  const next = await completeLayout(st.network, st.layout, true);
  useEditor.getState().run(layoutCommand(docOf(useEditor.getState()), next));
}

export async function openProject(id: string) {
  const { data, headers } = await Api.getProject(id);
  const net = normalizeNetwork(data.network);
  let layout = fromDiagram(data.diagram);
  if (unplacedBuses(net, layout).length) layout = await completeLayout(net, layout);
  useEditor.getState().load(net, layout, { id: data.id, name: data.name, version: data.version, etag: headers.get("ETag") ?? `"${data.id}.v${data.version}"`, access: data.access ?? null });
  prefetchCompiled();
}

/** Open a network without a server project (offline editor, test vectors); its diagram may be missing. */
export async function openLocal(net: NetworkModel, name = net.name || "local", diagram?: Diagram | null) {
  const network = normalizeNetwork(net);
  let layout = fromDiagram(diagram);
  if (unplacedBuses(network, layout).length) layout = await completeLayout(network, layout);
  useEditor.getState().load(network, layout, { id: null, name, version: null, etag: null, access: null });
  storeLocal();
}

function storeLocal() {
  const st = useEditor.getState();
  localStorage.setItem(LOCAL_KEY, JSON.stringify({ network: st.network, diagram: toDiagram(st.layout) }));
}

/** The offline project kept in this browser (an earlier app version kept the bus positions in the network). */
export function readLocal(): { network: NetworkModel; diagram: Diagram } | null {
  try {
    const saved = localStorage.getItem(LOCAL_KEY);
    if (!saved) return null;
    const data = JSON.parse(saved);
    if (data.network) return data;
    const diagram: Record<string, Entry> = {};
    const buses = (data.buses ?? []).map((b: Record<string, unknown>) => {
      const { x, y, length, orientation, ...rest } = b;
      diagram[b.id as string] = entry({ x: x as number, y: y as number, length: length as number, rotation: (orientation === "vertical" ? 90 : 0) as Rotation });
      return rest;
    });
    return { network: { ...data, buses, schema_version: SCHEMA_VERSION }, diagram: toDiagram(diagram) };
  } catch {
    return null;
  }
}

/** Hand the browser solver the compiled network of the saved version (once per version). */
export function prefetchCompiled(): void {
  const p = useEditor.getState().project;
  if (p.id && p.savedVersionOfNetwork) compiledFor(p.savedVersionOfNetwork, () => Api.compiled(p.id!).then((r) => r.data)).catch(() => undefined);
}

let saving: Promise<void> | null = null;

export function isDirty(): boolean {
  const st = useEditor.getState();
  return st.network !== st.project.savedVersionOfNetwork || st.layout !== st.project.savedLayout;
}

/** Save the network and the diagram if they changed (only what changed); a version conflict is shown, never overwritten. */
export async function saveProject(force = false): Promise<void> {
  if (saving) await saving;
  const st = useEditor.getState();
  const p = st.project;
  if (!p.id) {
    storeLocal();
    useEditor.getState().setProject({ savedVersionOfNetwork: st.network, savedLayout: st.layout });
    compiledFor(st.network, () => Api.compile(st.network).then((r) => r.data)).catch(() => undefined);
    return;
  }
  if (p.access === "public") throw new Error("This public project is read-only: Fork to edit it");
  if (!force && !isDirty()) return;
  if (st.conflict && !force) throw new Error(st.conflict);
  const net = st.network,
    layout = st.layout;
  const body: Record<string, unknown> = {};
  if (force || net !== p.savedVersionOfNetwork) body.network = net;
  if (force || layout !== p.savedLayout) body.diagram = toDiagram(layout);
  saving = (async () => {
    try {
      let etag = p.etag!;
      if (force) etag = (await Api.getProject(p.id!)).headers.get("ETag") ?? etag;
      const { data, headers } = await Api.patchProject(p.id!, etag, body);
      useEditor.getState().setProject({ version: data.version, etag: headers.get("ETag") ?? `"${data.id}.v${data.version}"`, savedVersionOfNetwork: net, savedLayout: layout });
      useEditor.getState().setConflict(null);
      if (useEditor.getState().error?.message && !st.results) useEditor.getState().setError(null);
      useEditor.getState().setSaveStatus(`saved (version ${data.version})`);
      if (body.network) prefetchCompiled();
    } catch (e) {
      if (e instanceof ApiError && e.status === 412) {
        useEditor.getState().setConflict(e.message || "The project was changed in another tab or by someone else.");
      } else if (e instanceof ApiError) {
        const fe = e.fieldError;
        // every problem the API names (element, field), each linked on the banner
        useEditor.getState().setError({ ...(fe ?? {}), message: fe?.message ?? e.message, fields: e.fields });
        useEditor.getState().setSaveStatus(`save failed: ${e.message}`);
      }
      throw e;
    } finally {
      saving = null;
    }
  })();
  return saving;
}
