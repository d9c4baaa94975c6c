// What a power-flow result tells the engineer beyond its numbers: the engine's notes (reference chosen, Q limits,
// de-energized buses, dispatch differing from the set point) as a warnings list with the elements each one names,
// whether there is anything to show at all (no source, no convergence), and the failure in one sentence: which
// buses and what was tried. The engine writes the notes (gridsolve.powerflow.results / compile); this module only
// links the element ids they quote to the network's elements.

import { ELEMENT_LISTS, elementsOf, type Network, type PowerFlowResultModel } from "../model/elements";
import { humanize } from "./options";

export interface Warning {
  /** "failure": no result to show; "source": nothing energized; "note": an engine note */
  kind: "failure" | "source" | "note";
  message: string;
  /** the network elements it names (selected and framed on click) */
  ids: string[];
}

/** Every element id of the network (buses, branches, equipment, switches). */
export function elementIds(net: Network): Set<string> {
  const ids = new Set<string>();
  for (const l of ELEMENT_LISTS) for (const el of elementsOf(net, l)) ids.add(el.id);
  return ids;
}

const QUOTED = /'([^']+)'/g;
const DEENERGIZED = /have no path to a voltage source and are de-energized: (.*)$/;

/** The element ids a note names: the quoted ones, or the list after "are de-energized:". */
export function idsInNote(note: string, known: Set<string>): string[] {
  const out: string[] = [];
  const add = (id: string) => {
    const clean = id.trim().replace(/#star$/, "");
    if (known.has(clean) && !out.includes(clean)) out.push(clean);
  };
  for (const m of note.matchAll(QUOTED)) add(m[1]);
  const dead = note.match(DEENERGIZED);
  if (dead) for (const id of dead[1].replace(/ \.\.\.$/, "").split(", ")) add(id);
  return out;
}

/** No bus of the network is energized: there is no voltage source (or none in service). */
export function noSource(r: PowerFlowResultModel): boolean {
  return r.buses.length > 0 && r.buses.every((b) => !b.energized);
}

/** The buses that are de-energized in the result (every one, not only the first ten the note lists). */
export function deenergizedBuses(r: PowerFlowResultModel): string[] {
  return r.buses.filter((b) => !b.energized).map((b) => b.id);
}

/** The buses with the largest mismatch of an unconverged solve (the reference, at zero, left out). */
export function worstBuses(r: PowerFlowResultModel) {
  return r.converged ? [] : r.worst_buses.filter((w) => Math.abs(w.p_mismatch_mw ?? Infinity) + Math.abs(w.q_mismatch_mvar ?? 0) > 1e-9);
}

/** One sentence for a power flow without a solution: what was tried and where the mismatch is largest. */
export function failureMessage(r: PowerFlowResultModel, params: Record<string, unknown> = {}): string {
  const method = humanize(String(params.method ?? r.method ?? "newton_raphson").replace(/^nr$/, "newton_raphson").replace(/^gs$/, "gauss_seidel").replace(/^fd.*$/, "fast_decoupled"));
  const tried = [`${method}`, `${r.iterations} iterations`, `tolerance ${params.tol ?? 1e-8} pu`];
  if (params.init) tried.push(`${params.init} start`);
  if (params.enforce_q_limits) tried.push("Q limits on");
  const retries = r.notes.filter((n) => /also tried|none converged|line search/i.test(n));
  const worst = worstBuses(r).slice(0, 3).map((w) => `${w.bus} (ΔP ${(w.p_mismatch_mw ?? NaN).toFixed(1)} MW, ΔQ ${(w.q_mismatch_mvar ?? 0).toFixed(1)} Mvar)`);
  // the browser's solver makes one attempt; the engine's Newton-Raphson also retries from DC angles with a line search
  const server = params.source === "browser" && !retries.length ? " The server also retries from DC angles with a line search (Engine: Server)." : "";
  return `Power flow did not converge (${tried.join(", ")}${retries.length ? "; " + retries.join("; ") : ""})` + (worst.length ? `: largest mismatch at ${worst.join(", ")}` : "") + `. Check the loading and the impedances around these buses.${server}`;
}

/** The warnings list of a result: the failure first, then "no source", then every engine note with its elements. */
export function warningsOf(r: PowerFlowResultModel, net: Network, params: Record<string, unknown> = {}): Warning[] {
  const known = elementIds(net);
  const out: Warning[] = [];
  if (!r.converged) out.push({ kind: "failure", message: failureMessage(r, params), ids: worstBuses(r).map((w) => w.bus).filter((b) => known.has(b)) });
  if (noSource(r)) out.push({ kind: "source", message: "No voltage source: no bus is energized (add an external grid or a slack generator, or put one in service)", ids: [] });
  for (const note of r.notes) {
    if (!r.converged && /did not converge|diverged|largest mismatch/.test(note)) continue; // in the failure sentence
    const ids = idsInNote(note, known);
    if (DEENERGIZED.test(note)) {
      // the note lists ten; every in-service bus without a source belongs to it (out-of-service ones are meant so)
      const off = new Set(net.buses.filter((b) => b.in_service === false).map((b) => b.id));
      for (const b of deenergizedBuses(r)) if (known.has(b) && !off.has(b) && !ids.includes(b)) ids.push(b);
    }
    out.push({ kind: "note", message: note, ids });
  }
  return out;
}
