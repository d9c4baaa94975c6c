// The editor store (Zustand): the network, the selection, undo/redo stacks of commands, the
// active tool, and the latest results. Components subscribe to slices; all edits go through `run`.

import { create } from "zustand";
import { emptyNetwork, type Element, type ListName, type Network } from "../model/network";
import { applyChanges, findElement, type Command } from "../editor/commands";
import type { PowerFlowResult } from "../solver/wasmSolver";

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
  | "switch";

/** Short-circuit results as the server returns them (gridsolve.shortcircuit ... to_dict). */
export interface ScResults {
  fault?: string;
  case?: string;
  buses: ({ id: string; energized?: boolean; ikss_ka?: number | null; ip_ka?: number | null } & Record<string, unknown>)[];
  branches: ({ id: string; from_bus: string; to_bus: string; ikss_from_ka?: number; ikss_to_ka?: number } & Record<string, unknown>)[];
  [k: string]: unknown;
}

export interface ProjectMeta {
  id: string | null; // null: local (offline) project
  name: string;
  version: number | null;
  etag: string | null;
  savedVersionOfNetwork: Network | null;
}

export interface EditorState {
  network: Network;
  loadSeq: number;
  undoStack: Command[];
  redoStack: Command[];
  selection: string[];
  tool: Tool;
  clipboard: { list: ListName; el: Element }[];
  results: PowerFlowResult | null;
  scResults: ScResults | null;
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
  load: (net: Network, project?: Partial<ProjectMeta>) => void;
  select: (ids: string[], additive?: boolean) => void;
  setTool: (t: Tool) => void;
  setResults: (r: PowerFlowResult | null) => void;
  setScResults: (r: ScResults | null, study?: { projectId: string; studyId: string } | null) => void;
  setStatus: (s: string) => void;
  setError: (e: EditorState["error"]) => void;
  setConflict: (c: string | null) => void;
  setProject: (p: Partial<ProjectMeta>) => void;
  setClipboard: (c: { list: ListName; el: Element }[]) => void;
}

const MAX_UNDO = 500;

export const useEditor = create<EditorState>((set, get) => ({
  network: emptyNetwork("untitled"),
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
  project: { id: null, name: "untitled", version: null, etag: null, savedVersionOfNetwork: null },
  status: "",
  error: null,
  conflict: null,
  run: (cmd) => {
    if (!cmd || !cmd.changes.length) return;
    const net = applyChanges(get().network, cmd.changes);
    const undo = [...get().undoStack, cmd].slice(-MAX_UNDO);
    const alive = get().selection.filter((id) => findElement(net, id));
    set({ network: net, undoStack: undo, redoStack: [], selection: alive, resultsStale: get().results != null, status: cmd.label });
  },
  undo: () => {
    const st = get().undoStack;
    if (!st.length) return;
    const cmd = st[st.length - 1];
    const net = applyChanges(get().network, cmd.changes, true);
    set({
      network: net,
      undoStack: st.slice(0, -1),
      redoStack: [...get().redoStack, cmd],
      selection: get().selection.filter((id) => findElement(net, id)),
      resultsStale: get().results != null,
      status: `undo ${cmd.label}`,
    });
  },
  redo: () => {
    const st = get().redoStack;
    if (!st.length) return;
    const cmd = st[st.length - 1];
    const net = applyChanges(get().network, cmd.changes);
    set({
      network: net,
      redoStack: st.slice(0, -1),
      undoStack: [...get().undoStack, cmd],
      selection: get().selection.filter((id) => findElement(net, id)),
      resultsStale: get().results != null,
      status: `redo ${cmd.label}`,
    });
  },
  load: (net, project) =>
    set({
      network: net,
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
      project: { ...get().project, ...project, savedVersionOfNetwork: net },
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
}));
