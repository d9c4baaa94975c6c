"""The unbalanced power-flow study: options model, `run_unbalanced`, voltage bases.

`run_unbalanced(feeder, options, progress)` solves the feeder as its script defines it: the
control loop runs unless the script (or the options) turn controls off, with OpenDSS's
snapshot semantics, so the same regulator taps result.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from ..errors import StudyInputError
from . import results as res
from . import solver
from .compile import System, compile_feeder
from .controls import CapacitorState, Queue, RegulatorState
from .loadmodel import LoadModel
from .model import Feeder

Progress = Callable[[float, str], None]


class UnbalancedOptions(BaseModel):
    """Options of the unbalanced (three-phase) power flow."""

    model_config = ConfigDict(extra="forbid")

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


def _controls(system: System, options: UnbalancedOptions) -> tuple[list, bool]:
    feeder = system.feeder
    on = {"script": feeder.settings.control_mode != "off", "on": True, "off": False}[options.controls]
    trs = feeder.by_id("transformers")
    caps = feeder.by_id("capacitors")
    ctrls: list = []
    for rc in feeder.reg_controls:
        if not rc.enabled:
            continue
        if rc.transformer not in trs or rc.transformer not in system.tr_prim:
            raise StudyInputError(f"unknown transformer '{rc.transformer}'", element_id=rc.id, field="transformer")
        ctrls.append(RegulatorState(rc, trs[rc.transformer]))
    for cc in feeder.cap_controls:
        if not cc.enabled:
            continue
        if cc.capacitor not in caps:
            raise StudyInputError(f"unknown capacitor '{cc.capacitor}'", element_id=cc.id, field="capacitor")
        state = CapacitorState(cc, system)
        if state.elem is None:
            raise StudyInputError(f"unknown monitored element '{cc.element}'", element_id=cc.id, field="element")
        ctrls.append(state)
    return ctrls, on


def run_unbalanced(feeder: Feeder, options: UnbalancedOptions | None = None,
                   progress: Progress | None = None) -> res.UnbalancedResult:
    """Solve the feeder (with its control loop) and build the result."""
    options = options or UnbalancedOptions()
    report = progress or (lambda f, m: None)
    system = compile_feeder(feeder)
    report(0.05, "compiled")
    y0 = system.ybus()
    v = solver.no_load(system, y0, system.source_current())
    vbase = voltage_bases(system, v)
    ctrls, controls_on = _controls(system, options)
    max_ctrl = options.max_control_iterations or feeder.settings.max_control_iterations
    queue = Queue()
    history, iterations, converged, method = [], 0, False, options.method
    control_iter = 0
    while True:
        control_iter += 1
        v, rep = solver.solve(system, v, vbase, method=options.method, tol=options.tolerance_pu,
                              max_iter=options.max_iterations)
        iterations += rep.iterations
        converged, method = rep.converged, rep.method
        history.append({"control_iteration": control_iter, "iterations": rep.iterations, "converged": rep.converged,
                        "steps": rep.history})
        report(min(0.9, 0.1 + 0.8 * control_iter / max_ctrl), f"control iteration {control_iter}")
        if not converged or not controls_on or control_iter >= max_ctrl:
            break
        for c in ctrls:
            c.sample(system, v, queue)
        if not queue.items:
            break
        for act in queue.pop_nearest():
            act.control.execute(system)
    notes = list(feeder.notes)
    if controls_on and queue.items:
        notes.append(f"control loop stopped at MaxControlIter={max_ctrl} with actions pending")
    result = _build(system, v, vbase, ctrls, converged, iterations, control_iter, method, history, notes)
    report(1.0, "done")
    return result


def _build(system: System, v, vbase, ctrls, converged, iterations, control_iter, method, history, notes):
    branch_list, per_phase = res.branches(system, v)
    lm = LoadModel(system.loads)
    u = solver.incidence(system) @ v
    load_s = complex(np.sum(u * np.conj(lm.current(u))))
    taps = []
    for c in ctrls:
        if isinstance(c, RegulatorState):
            tap = float(system.taps[c.tr.id][c.tap_winding - 1])
            taps.append(res.Tap(regulator=c.rc.id, transformer=c.tr.id,
                                tap_step=c.tap_step_of(tap), tap_pu=tap))
    return res.UnbalancedResult(
        converged=converged, iterations=iterations, control_iterations=control_iter, method=method,
        nodes=res.node_voltages(system, v, vbase), voltages_ll=res.line_voltages(system, v, vbase), taps=taps,
        branches=branch_list, totals=res.totals(system, v, branch_list, per_phase, load_s),
        unbalance=res.unbalance(system, v), history=history, notes=notes)
