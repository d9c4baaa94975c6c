// The contingency results on screen (their own store: the editor store's power-flow and short-circuit slots are
// untouched): the ranked result, the server study it came from (its downloads), the network it was run on (the
// "edited since" badge) and the row shown on the diagram. Loading another network clears it.

import { create } from "zustand";
import { useEditor } from "./editor";
import { outageKey, overlayOf, type CtgOverlay, type CtgResult } from "../studies/contingency";
import type { Network } from "../model/elements";

export interface ContingencyState {
  result: CtgResult | null;
  study: { projectId: string; studyId: string } | null;
  network: Network | null;
  /** the outage key of the row shown on the diagram */
  selected: string | null;
  overlay: CtgOverlay | null;
  show: (result: CtgResult, study: { projectId: string; studyId: string } | null, network: Network) => void;
  select: (key: string | null) => void;
  clear: () => void;
}

export const useContingency = create<ContingencyState>((set, get) => ({
  result: null,
  study: null,
  network: null,
  selected: null,
  overlay: null,
  show: (result, study, network) => set({ result, study, network, selected: null, overlay: null }),
  select: (key) => {
    const row = key == null ? undefined : get().result?.contingencies.find((r) => outageKey(r) === key);
    set({ selected: row ? key : null, overlay: row ? overlayOf(row) : null });
  },
  clear: () => set({ result: null, study: null, network: null, selected: null, overlay: null }),
}));

// another network loaded (a project opened, a file imported): its contingencies are not this one's
useEditor.subscribe((s, prev) => {
  if (s.loadSeq !== prev.loadSeq && useContingency.getState().result) useContingency.getState().clear();
});
