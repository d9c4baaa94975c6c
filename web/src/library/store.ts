// The library drawer's own state (open, the entry shown in detail, the element kind it was opened for), apart from
// the editor's store: nothing here is part of the document or of undo.
import { create } from "zustand";

export interface LibraryUi {
  open: boolean;
  /** "choose from library" for a selected element: only entries that fit its kind */
  elementKind: string | null;
  setOpen: (open: boolean, elementKind?: string | null) => void;
}

export const useLibrary = create<LibraryUi>((set) => ({
  open: false,
  elementKind: null,
  setOpen: (open, elementKind = null) => set({ open, elementKind }),
}));
