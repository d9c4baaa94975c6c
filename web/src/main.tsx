import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import "./styles.css";
import { useEditor } from "./store/editor";
import { useContingency } from "./store/contingency";
import { openLocal } from "./project";
import { compiledFor, solveInBrowser } from "./solver/client";
import type { CompiledPayload, Network, PowerFlowParameters } from "./model/elements";

/** Solve a compiled payload in the worker (the e2e checks the browser solver on the engine's test vectors). */
async function solvePayload(payload: CompiledPayload, method: string, params: PowerFlowParameters) {
  const loaded = await compiledFor({} as Network, async () => payload);
  return solveInBrowser(loaded, method, params);
}

// test and benchmark hook: the store is reachable from the page (playwright reads results through it)
(window as unknown as { gridsolve: unknown }).gridsolve = { store: useEditor, contingency: useContingency, openLocal, solvePayload };

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
