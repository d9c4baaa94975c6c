// The editor store (Zustand): the network and its diagram, the selection, undo/redo stacks of commands, the
// active tool, and the latest results. Components subscribe to slices; all edits go through `run`.

import { create } from "zustand";
import { emptyNetwork, type Network, type PowerFlowResultModel, type ShortCircuitResultModel } from "../model/elements";
import { applyChanges, findElement, type ClipItem, type Command, type Doc } from "../editor/commands";
import type { Layout } from "../editor/diagram";

export type Tool =
  | { kind: "select" }
  | { kind: "place"; element: PaletteKind }
  | { kind: "connect"; element: PaletteKind; from?: string };

export type PaletteKind =
  | "bus"
  | "generator"
  | "external_grid"
  | "transformer"
  | "transformer3w"
  | "line"
  | "cable"
  | "load"
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
  timing: { voltagesMs?: number; engineMs?: number; resultsMs?: number };
  studyId?: string | null;
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
  error: { message: string; element_id?: string | null; field?: string | null } | null;
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
  setError: (e: EditorState["error"]) => void;
  setConflict: (c: string | null) => void;
  setProject: (p: Partial<ProjectMeta>) => void;
  setClipboard: (c: ClipItem[]) => void;
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
    setResults: (r) => set({ results: r, resultsStale: false }),
    setScResults: (r, study = null) => set({ scResults: r, scStudy: r ? study : null, resultsStale: false }),
    setStatus: (s) => set({ status: s }),
    setError: (e) => set({ error: e }),
    setConflict: (c) => set({ conflict: c }),
    setProject: (p) => set({ project: { ...get().project, ...p } }),
    setClipboard: (c) => set({ clipboard: c }),
  };
});

/** The open document as commands see it. */
export const docOf = (s: Pick<EditorState, "network" | "layout">): Doc => ({ network: s.network, layout: s.layout });
