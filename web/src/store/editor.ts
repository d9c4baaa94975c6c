// The editor store (Zustand): the network and its diagram, the selection, undo/redo stacks of commands, the
// active tool, and the latest results. Components subscribe to slices; all edits go through `run`.

import { create } from "zustand";
import { emptyNetwork, type FieldError, type Network, type PowerFlowResultModel, type ShortCircuitResultModel } from "../model/elements";
import { applyChanges, findElement, type ClipItem, type Command, type Doc } from "../editor/commands";
import type { Layout } from "../editor/diagram";
import { DEFAULT_SHOWN, type LayerName, type Shown } from "../editor/layers";
import type { LibraryPick } from "../library/elements";

export type Tool =
  | { kind: "select" }
  | { kind: "place"; element: PaletteKind; library?: LibraryPick }
  | { kind: "connect"; element: PaletteKind; from?: string; library?: LibraryPick };

export type PaletteKind =
  | "bus"
  | "generator"
  | "external_grid"
  | "transformer"
  | "transformer3w"
  | "line"
  | "cable"
  | "load"
  | "motor"
  | "shunt"
  | "switch"
  | "relay"
  | "fuse";

/** Power-flow results on screen: the engine's result model, wherever the voltages were solved. */
export interface PfResults {
  result: PowerFlowResultModel;
  /** where the voltages were solved */
  source: "browser" | "server";
  /** voltages painted straight from the browser solve; the engine's full results are on their way */
  provisional: boolean;
  /** milliseconds inside the WebAssembly solve (browser solves) */
  solveMs: number | null;
  /** click -> painted voltages, the API round trip that builds the engine's results, click -> painted engine results (ms) */
  timing: {
    voltagesMs?: number;
    engineMs?: number;
    resultsMs?: number;
    /** the parts of click -> voltages: saving, compile + load into the worker (first run), the worker round trip
     * (transfer + WASM solve), building the voltages on the network's buses, React render to the frame, paint */
    saveMs?: number;
    compileMs?: number;
    workerMs?: number;
    buildMs?: number;
    renderMs?: number;
    paintMs?: number;
  };
  studyId?: string | null;
  /** the study's options as run (the failure message says what was tried) */
  parameters?: Record<string, unknown>;
}

export interface ProjectMeta {
  id: string | null; // null: local (offline) project
  name: string;
  version: number | null;
  etag: string | null;
  savedVersionOfNetwork: Network | null;
  savedLayout: Layout | null;
  /** the caller's access to the server project (owner | admin | member | public); "public" opens read-only */
  access?: string | null;
}

export interface EditorState {
  network: Network;
  layout: Layout;
  loadSeq: number;
  undoStack: Command[];
  redoStack: Command[];
  selection: string[];
  tool: Tool;
  clipboard: ClipItem[];
  results: PfResults | null;
  scResults: ShortCircuitResultModel | null;
  /** the server study the short-circuit results come from (its sequence networks are fetched on demand) */
  scStudy: { projectId: string; studyId: string } | null;
  resultsStale: boolean;
  project: ProjectMeta;
  status: string;
  /** the last save's outcome, shown apart from `status` so a save never hides what the last action said */
  saveStatus: string;
  /** the error on the banner; `fields`: every problem the API named (element, field, file line), each linked */
  error: { message: string; element_id?: string | null; field?: string | null; fields?: FieldError[] } | null;
  conflict: string | null;
  run: (cmd: Command | null) => void;
  undo: () => void;
  redo: () => void;
  load: (net: Network, layout: Layout, project?: Partial<ProjectMeta>) => void;
  select: (ids: string[], additive?: boolean) => void;
  setTool: (t: Tool) => void;
  setResults: (r: PfResults | null) => void;
  setScResults: (r: ShortCircuitResultModel | null, study?: { projectId: string; studyId: string } | null) => void;
  setStatus: (s: string) => void;
  setSaveStatus: (s: string) => void;
  setError: (e: EditorState["error"]) => void;
  setConflict: (c: string | null) => void;
  setProject: (p: Partial<ProjectMeta>) => void;
  setClipboard: (c: ClipItem[]) => void;
  /** the result layer drawn on the diagram (each study's results are a layer; the latest run is shown) */
  layer: LayerName;
  setLayer: (l: LayerName) => void;
  /** which quantities the diagram's result labels carry */
  shown: Shown;
  setShown: (s: Partial<Shown>) => void;
  /** elements to select and frame on the diagram (find, table rows, error links); seq changes on every request */
  focus: { ids: string[]; seq: number };
  focusOn: (ids: string[]) => void;
}

const SHOWN_KEY = "gridsolve.diagram.shown";
function storedShown(): Shown {
  try {
    return { ...DEFAULT_SHOWN, ...JSON.parse(globalThis.localStorage?.getItem(SHOWN_KEY) ?? "{}") };
  } catch {
    return DEFAULT_SHOWN;
  }
}

const MAX_UNDO = 500;

export const useEditor = create<EditorState>((set, get) => {
  /** Apply a command's changes (inverse for undo) and keep only selected elements that still exist. */
  const apply = (cmd: Command, inverse: boolean) => {
    const s = get();
    const doc: Doc = applyChanges({ network: s.network, layout: s.layout }, cmd.changes, inverse);
    const netChanged = doc.network !== s.network;
    return {
      network: doc.network,
      layout: doc.layout,
      selection: s.selection.filter((id) => findElement(doc.network, id)),
      resultsStale: s.resultsStale || (netChanged && (s.results != null || s.scResults != null)),
    };
  };
  return {
    network: emptyNetwork("untitled"),
    layout: {},
    loadSeq: 0,
    undoStack: [],
    redoStack: [],
    selection: [],
    tool: { kind: "select" },
    clipboard: [],
    results: null,
    scResults: null,
    scStudy: null,
    resultsStale: false,
    project: { id: null, name: "untitled", version: null, etag: null, savedVersionOfNetwork: null, savedLayout: null },
    status: "",
    saveStatus: "",
    error: null,
    conflict: null,
    run: (cmd) => {
      if (!cmd || !cmd.changes.length) return;
      if (get().project.access === "public") return set({ status: "This public project is read-only: Fork to edit it" });
      set({ ...apply(cmd, false), undoStack: [...get().undoStack, cmd].slice(-MAX_UNDO), redoStack: [], status: cmd.label });
    },
    undo: () => {
      const st = get().undoStack;
      if (!st.length) return;
      const cmd = st[st.length - 1];
      set({ ...apply(cmd, true), undoStack: st.slice(0, -1), redoStack: [...get().redoStack, cmd], status: `undo ${cmd.label}` });
    },
    redo: () => {
      const st = get().redoStack;
      if (!st.length) return;
      const cmd = st[st.length - 1];
      set({ ...apply(cmd, false), redoStack: st.slice(0, -1), undoStack: [...get().undoStack, cmd], status: `redo ${cmd.label}` });
    },
    load: (net, layout, project) =>
      set({
        network: net,
        layout,
        loadSeq: get().loadSeq + 1,
        undoStack: [],
        redoStack: [],
        selection: [],
        results: null,
        scResults: null,
        scStudy: null,
        resultsStale: false,
        conflict: null,
        error: null,
        project: { ...get().project, ...project, savedVersionOfNetwork: net, savedLayout: layout },
      }),
    select: (ids, additive = false) => {
      if (!additive) return set({ selection: ids });
      const cur = new Set(get().selection);
      for (const id of ids) {
        if (cur.has(id)) cur.delete(id);
        else cur.add(id);
      }
      set({ selection: [...cur] });
    },
    setTool: (t) => set({ tool: t }),
    setResults: (r) => set(r ? { results: r, resultsStale: false, layer: "pf" } : { results: r, resultsStale: false }),
    setScResults: (r, study = null) => set(r ? { scResults: r, scStudy: study, resultsStale: false, layer: "sc" } : { scResults: r, scStudy: null, resultsStale: false }),
    setStatus: (s) => set({ status: s }),
    setSaveStatus: (s) => set({ saveStatus: s }),
    setError: (e) => set({ error: e }),
    setConflict: (c) => set({ conflict: c }),
    setProject: (p) => set({ project: { ...get().project, ...p } }),
    setClipboard: (c) => set({ clipboard: c }),
    layer: "pf",
    setLayer: (l) => set({ layer: l }),
    shown: storedShown(),
    setShown: (p) => {
      const shown = { ...get().shown, ...p };
      globalThis.localStorage?.setItem(SHOWN_KEY, JSON.stringify(shown));
      set({ shown });
    },
    focus: { ids: [], seq: 0 },
    focusOn: (ids) => set({ selection: ids, focus: { ids, seq: get().focus.seq + 1 } }),
  };
});

/** The open document as commands see it. */
export const docOf = (s: Pick<EditorState, "network" | "layout">): Doc => ({ network: s.network, layout: s.layout });
