import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import "./styles.css";
import { useEditor } from "./store/editor";
import { openLocal } from "./project";

// test and benchmark hook: the store is reachable from the page (playwright reads results through it)
(window as unknown as { gridsolve: unknown }).gridsolve = { store: useEditor, openLocal };

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
