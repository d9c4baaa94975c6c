"""The power-flow study type: options, run, result and summary models."""

from __future__ import annotations

import math
from typing import Literal

from pydantic import Field, ValidationError

from ..errors import InvalidNetworkError
from ..model import Network
from ..powerflow import run_power_flow
from ..powerflow.driver import DEFAULT_MAX_ITER, METHODS
from ..powerflow.external import PowerFlowSolution, result_from_solution
from ..powerflow.models import PowerFlowResultModel, PowerFlowSummary
from ..powerflow.violations import summarize
from .base import Progress, StudyOptions, StudyOutcome, StudyType, validation_errors
from .jsonsafe import json_safe

#: API analysis method -> the solver's method key (powerflow.driver.METHODS).
ANALYSIS_METHODS = ("newton_raphson", "fast_decoupled", "gauss_seidel")


class PowerFlowOptions(StudyOptions):
    method: Literal["newton_raphson", "fast_decoupled", "gauss_seidel"] = "newton_raphson"
    tol: float = Field(1e-8, gt=0, lt=1, description="Largest P or Q mismatch, pu on the system base (PF_TOL)")
    max_iter: int | None = Field(None, ge=1, le=1_000_000,
                                 description="Iteration limit (default: 30 NR, 100 FD, 10000 GS)")
    enforce_q_limits: bool = Field(False, description="Switch PV buses to PQ at their units' Q limits")
    init: Literal["auto", "flat", "warm", "dc"] = Field(
        "auto", description="Start: auto (the stored voltages where the network has them, else flat), flat, warm "
        "(stored voltages) or dc (DC power-flow angles); Newton-Raphson retries a divergent start from DC angles")
    slack_bus: str | None = Field(None, description="Bus to be its island's reference (slack), instead of the case's")
    distributed_slack: bool = Field(False, description="Share the slack among generators in proportion to Pmax "
                                    "(OpenLoadFlow's default) instead of one reference bus")
    accel: float = Field(1.0, gt=0, lt=2, description="Gauss-Seidel acceleration factor")
    vmin_pu: float | None = Field(None, gt=0, description="Voltage band for violations, low end, pu "
                                  "(default: each bus's min_vm_pu)")
    vmax_pu: float | None = Field(None, gt=0, description="Voltage band for violations, high end, pu")
    max_loading_percent: float = Field(100.0, gt=0, description="Branch loading above which it is an overload, %")


def convergence_fraction(iteration: int, mismatch: float, first: float | None, tol: float, max_iter: int) -> float:
    """How far along a solve is, 0..0.99: by iterations used, or by the mismatch's way down to `tol`
    on a log scale, whichever is further."""
    by_iter = iteration / max(max_iter, 1)
    by_mis = 0.0
    if first and mismatch and first > tol and mismatch > 0:
        by_mis = math.log(first / max(mismatch, tol)) / math.log(first / tol)
    return min(0.99, max(0.01, by_iter, by_mis))


def run(net: Network, options: PowerFlowOptions, progress: Progress | None = None) -> StudyOutcome:
    key = METHODS[options.method]
    max_iter = options.max_iter or DEFAULT_MAX_ITER[key]
    first: list[float] = []

    def on_iteration(iteration: int, mismatch: float) -> None:
        if progress is None:
            return
        if not first:
            first.append(mismatch)
        fraction = convergence_fraction(iteration, mismatch, first[0], options.tol, max_iter)
        progress(fraction, f"iteration {iteration}", iteration=iteration, max_mismatch=mismatch)

    result = run_power_flow(net, method=key, tol=options.tol, max_iter=max_iter, init=options.init,
                            enforce_q_limits=options.enforce_q_limits, accel=options.accel, progress=on_iteration,
                            slack_bus=options.slack_bus, distributed_slack=options.distributed_slack)
    return outcome(result, net, options)


def from_solution(net: Network, options: PowerFlowOptions, solution: dict) -> StudyOutcome:
    """A power flow solved outside the engine (the browser): results built and convergence checked here."""
    try:
        sol = PowerFlowSolution.model_validate(solution)
    except ValidationError as exc:
        problems = validation_errors(exc, "solution")
        raise InvalidNetworkError(problems[0].message, field=problems[0].field, errors=problems) from None
    return outcome(result_from_solution(net, sol, method=METHODS[options.method], tol=options.tol), net, options)


def outcome(result, net: Network, options: PowerFlowOptions) -> StudyOutcome:
    """The stored form of a solved (or failed) power flow, wherever it was solved."""
    data = json_safe(result.to_dict())
    summary = json_safe(summarize(result, net, vmin_pu=options.vmin_pu, vmax_pu=options.vmax_pu,
                                  max_loading_percent=options.max_loading_percent))
    history = [{**h, "max_mismatch": _larger(h.get("max_p_mismatch"), h.get("max_q_mismatch"))}
               for h in data["history"]]
    error = None
    if not result.converged:
        error = (f"Power flow did not converge in {result.iterations} iterations "
                 f"({options.method.replace('_', ' ')}); see the convergence history")
    return StudyOutcome(status="completed" if result.converged else "failed", result=data, summary=summary,
                        history=history, error_message=error, notes=list(result.notes),
                        wall_time_s=result.wall_time_s)


def _larger(a: float | None, b: float | None) -> float | None:
    vals = [v for v in (a, b) if v is not None]
    return max(vals) if vals else None


STUDY = StudyType(
    name="power_flow", title="Power flow", methods=ANALYSIS_METHODS, options=PowerFlowOptions,
    result=PowerFlowResultModel, summary=PowerFlowSummary, run=run, solution=PowerFlowSolution,
    from_solution=from_solution,
    description="AC power flow (Newton-Raphson, fast-decoupled XB, Gauss-Seidel), optional generator Q limits",
)
