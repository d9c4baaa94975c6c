"""The unbalanced (three-phase) power-flow study type: options, run, result and summary models.

Its input is a `gridsolve.unbalanced.Feeder` (an OpenDSS import: `gridsolve.io.opendss.read_opendss`),
not a balanced `Network`.
"""

from __future__ import annotations

import time

from ..unbalanced import Feeder, UnbalancedOptions, UnbalancedResultModel, run_unbalanced
from ..unbalanced.results import UnbalancedSummary, summarize
from .base import Progress, StudyOptions, StudyOutcome, StudyType
from .jsonsafe import json_safe


class UnbalancedPowerFlowOptions(UnbalancedOptions, StudyOptions):
    """`UnbalancedOptions` as the registry's options model (method = newton or fixed_point)."""


def run(feeder: Feeder, options: UnbalancedPowerFlowOptions, progress: Progress | None = None) -> StudyOutcome:
    started = time.perf_counter()
    result = run_unbalanced(feeder, options, progress)
    wall = time.perf_counter() - started
    data = json_safe(result.to_dict())
    history = [{k: h[k] for k in ("control_iteration", "tolerance_pu", "iterations", "converged")}
               | {"max_dv_pu": h["steps"][-1]["max_dv_pu"] if h["steps"] else None} for h in data["history"]]
    error = None if result.converged else (f"Unbalanced power flow did not converge ({result.method}, "
                                           f"{result.iterations} iterations); see the convergence history")
    return StudyOutcome(status="completed" if result.converged else "failed", result=data,
                        summary=json_safe(summarize(data, wall)), history=history, error_message=error,
                        notes=list(result.notes), wall_time_s=wall)


STUDY = StudyType(
    name="unbalanced_power_flow", title="Unbalanced power flow (three-phase)", methods=("newton", "fixed_point"),
    options=UnbalancedPowerFlowOptions, result=UnbalancedResultModel, summary=UnbalancedSummary, run=run,
    input_kind="feeder",
    description="Three-phase power flow of distribution feeders (OpenDSS import): phase voltages, regulator taps "
                "with OpenDSS snapshot control, per-phase currents and losses, voltage unbalance",
)
