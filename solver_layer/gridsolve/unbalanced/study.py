"""The unbalanced power-flow study: options model, `run_unbalanced`, voltage bases.

`run_unbalanced(feeder, options, progress)` solves the feeder as its script defines it: the
control loop runs unless the script (or the options) turn controls off, with OpenDSS's
snapshot semantics, so the same regulator taps result.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from ..errors import StudyInputError
from . import results as res
from . import solver
from .compile import System, compile_feeder
from .controls import NONE, CapacitorState, RegulatorBank
from .loadmodel import LoadModel
from .model import Feeder
from .pattern import NodalPattern

Progress = Callable[[float, str], None]


class UnbalancedOptions(BaseModel):
    """Options of the unbalanced (three-phase) power flow."""

    model_config = ConfigDict(extra="forbid", strict=True)  # as gridsolve.studies.StudyOptions

    method: Literal["newton", "fixed_point"] = Field(
        default="newton", description="Newton-Raphson on the current injections (falls back to the fixed point), "
                                      "or OpenDSS's fixed-point iteration")
    tolerance_pu: float = Field(default=1e-9, gt=0, le=1e-2,
                                description="largest voltage change of the last iteration, pu of the node base")
    max_iterations: int = Field(default=50, ge=1, le=1000)
    controls: Literal["script", "on", "off"] = Field(
        default="script", description="regulator/capacitor controls: as the script's Set ControlMode says, or forced")
    max_control_iterations: int | None = Field(default=None, ge=1, le=1000,
                                               description="None: the script's MaxControlIter (OpenDSS default 10)")
    control_tolerance_pu: float = Field(
        default=1e-6, gt=0, le=1e-3, description="tolerance of the solutions between control actions (the final "
                                                 "solution is always taken to tolerance_pu); OpenDSS uses its one "
                                                 "tolerance, 1e-4 by default, for both")


def voltage_bases(system: System, v_noload: np.ndarray) -> np.ndarray:
    """Line-to-neutral base (V) per node: the script's voltage base nearest the bus's no-load voltage
    (OpenDSS SetVoltageBases, on the first node of each bus); the no-load magnitude if none is given."""
    bases = np.array(sorted(system.feeder.voltage_bases_kv), float)
    mag = np.abs(v_noload)
    if bases.size == 0:
        return np.where(mag > 0, mag, 1.0)
    first: dict[str, float] = {}
    for i, bus in enumerate(system.node_bus):
        first.setdefault(bus, mag[i])
    kv_ll = np.array([first[b] for b in system.node_bus]) * math.sqrt(3) / 1000
    nearest = bases[np.argmin(np.abs(kv_ll[:, None] - bases[None, :]), axis=1)]
    return nearest * 1000 / math.sqrt(3)


def _controls(system: System, options: UnbalancedOptions) -> tuple[RegulatorBank, list[CapacitorState], bool]:
    feeder = system.feeder
    on = {"script": feeder.settings.control_mode != "off", "on": True, "off": False}[options.controls]
    regs = []
    for rc in feeder.reg_controls:
        if not rc.enabled:
            continue
        if rc.transformer not in system.tr_prim:
            raise StudyInputError(f"unknown transformer '{rc.transformer}'", element_id=rc.id, field="transformer")
        regs.append(rc)
    caps = []
    for cc in feeder.cap_controls:
        if not cc.enabled:
            continue
        if cc.capacitor not in system.by_id("capacitors"):
            raise StudyInputError(f"unknown capacitor '{cc.capacitor}'", element_id=cc.id, field="capacitor")
        state = CapacitorState(cc, system)
        if state.elem is None:
            raise StudyInputError(f"unknown monitored element '{cc.element}'", element_id=cc.id, field="element")
        caps.append(state)
    return RegulatorBank(regs, system), caps, on


@dataclass
class Solution:
    """The solved state before it is turned into a result (kept apart so benchmarks can time the solve)."""

    system: System
    v: np.ndarray
    vbase: np.ndarray
    regulators: RegulatorBank
    converged: bool
    iterations: int
    control_iterations: int
    method: str
    history: list = field(default_factory=list)
    notes: list = field(default_factory=list)


def solve_feeder(system: System, options: UnbalancedOptions, progress: Progress | None = None) -> Solution:
    """Power flow with the snapshot control loop on a compiled feeder."""
    report = progress or (lambda f, m: None)
    feeder = system.feeder
    pat = NodalPattern(system)
    lm = LoadModel(system.loads)
    i_s = system.source_current()
    y_data = pat.y_data()
    emf = max(float(np.abs(e).max()) for e in system.source_emf)
    v = solver.no_load(pat, y_data, i_s, emf)
    vbase = voltage_bases(system, v)
    bank, caps, controls_on = _controls(system, options)
    max_ctrl = options.max_control_iterations or feeder.settings.max_control_iterations
    sol = Solution(system, v, vbase, bank, False, 0, 0, options.method, notes=list(feeder.notes))
    t_next = NONE
    loose = max(options.control_tolerance_pu, options.tolerance_pu) if controls_on else options.tolerance_pu
    while True:
        sol.control_iterations += 1
        if system.changed:
            pat.refresh(system, system.changed)
            system.changed.clear()
            y_data = pat.y_data()
        tol = loose if sol.control_iterations < max_ctrl else options.tolerance_pu
        _step(sol, pat, lm, y_data, i_s, vbase, options, tol)
        report(min(0.9, 0.1 + 0.8 * sol.control_iterations / max_ctrl), f"control iteration {sol.control_iterations}")
        if not sol.converged or not controls_on or sol.control_iterations >= max_ctrl:
            break
        bank.sample(sol.v)
        for c in caps:
            c.sample(system, sol.v)
        t_next = min([bank.next_time()] + [c.time for c in caps])
        if t_next == NONE:
            if tol > options.tolerance_pu:  # settled: take the last solution to the full tolerance
                _step(sol, pat, lm, y_data, i_s, vbase, options, options.tolerance_pu)
            break
        bank.execute(t_next)
        for c in caps:
            if c.time <= t_next:
                c.execute(system)
    if controls_on and t_next != NONE and sol.control_iterations >= max_ctrl:
        sol.notes.append(f"control loop stopped at MaxControlIter={max_ctrl} with actions pending")
    return sol


def _step(sol: Solution, pat: NodalPattern, lm: LoadModel, y_data, i_s, vbase, options: UnbalancedOptions,
          tol: float) -> None:
    sol.v, rep = solver.solve(pat, lm, y_data, i_s, sol.v, vbase, method=options.method, tol=tol,
                              max_iter=options.max_iterations)
    sol.iterations += rep.iterations
    sol.converged, sol.method = rep.converged, rep.method
    sol.history.append({"control_iteration": sol.control_iterations, "tolerance_pu": tol,
                        "iterations": rep.iterations, "converged": rep.converged, "steps": rep.history})


def run_unbalanced(feeder: Feeder, options: UnbalancedOptions | None = None,
                   progress: Progress | None = None) -> res.UnbalancedResult:
    """Solve the feeder (with its control loop) and build the result."""
    options = options or UnbalancedOptions()
    system = compile_feeder(feeder)
    if progress:
        progress(0.05, "compiled")
    sol = solve_feeder(system, options, progress)
    result = build_result(sol)
    if progress:
        progress(1.0, "done")
    return result


def build_result(sol: Solution) -> res.UnbalancedResult:
    """Node, line-to-line, tap, branch, total and unbalance results of a solved feeder."""
    system, v, vbase = sol.system, sol.v, sol.vbase
    branch_list, per_phase = res.branches(system, v)
    lm = LoadModel(system.loads)
    u = solver.incidence(system) @ v
    load_s = complex(np.sum(u * np.conj(lm.current(u))))
    taps = []
    bank = sol.regulators
    for rc, tap, step in zip(bank.regs, bank.taps(), bank.tap_steps(), strict=True):
        taps.append(dict(regulator=rc.id, transformer=rc.transformer, tap_step=int(step), tap_pu=float(tap)))
    return res.UnbalancedResult(
        converged=sol.converged, iterations=sol.iterations, control_iterations=sol.control_iterations,
        method=sol.method,
        nodes=res.node_voltages(system, v, vbase), voltages_ll=res.line_voltages(system, v, vbase), taps=taps,
        branches=branch_list, totals=res.totals(system, v, branch_list, per_phase, load_s),
        unbalance=res.unbalance(system, v), history=sol.history, notes=sol.notes)
