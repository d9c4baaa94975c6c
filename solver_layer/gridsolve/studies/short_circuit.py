"""The short-circuit study type (IEC 60909): options, run, result and summary models."""
from __future__ import annotations

from typing import Any, Literal

from ..errors import GridSolveError
from ..model import Network
from ..shortcircuit import run_short_circuit_study
from ..shortcircuit.models import ShortCircuitResultModel, ShortCircuitSummary
from ..shortcircuit.options import ShortCircuitOptions as EngineOptions
from .base import Progress, StudyOptions, StudyOutcome, StudyType
from .jsonsafe import json_safe


class ShortCircuitOptions(StudyOptions, EngineOptions):
    """The engine's options (gridsolve.shortcircuit.options: fields, units, defaults, checks) plus the method."""

    method: Literal["iec_60909"] = "iec_60909"


def summarize(res: dict[str, Any], wall: float | None) -> dict[str, Any]:
    """The `ShortCircuitSummary` of a result dict: extremes of the bus quantities and breaker duty."""
    out: dict[str, Any] = {"wall_time_s": wall, "fault": res.get("fault"), "case": res.get("case")}
    buses = res.get("buses") or []
    out["bus_count"] = len(buses)
    for fld in ("ikss_ka", "ip_ka", "ith_ka", "skss_mva"):
        vals = [b[fld] for b in buses if isinstance(b.get(fld), int | float)]
        if vals:
            out[f"max_{fld}"] = max(vals)
            out[f"min_{fld}"] = min(vals)
    violations = res.get("breaker_violations") or []
    out["breaker_violation_count"] = len(violations)
    out["breaker_violations"] = violations[:100]
    return out


def run(net: Network, options: ShortCircuitOptions, progress: Progress | None = None) -> StudyOutcome:
    """Faults at the chosen buses; the sequence networks (with zero sequence, missing data listed) are
    stored beside the result for the browser's view, from the same compiled network (compiled once)."""
    result = run_short_circuit_study(net, options, progress)
    data = json_safe(result.to_dict())
    notes, artifacts = list(result.notes), {}
    try:
        artifacts["sequence_networks"] = json_safe(result.sequence_networks(zero_sequence=True))
    except GridSolveError as exc:  # the results stand; only the browser's view of the zero sequence is missing
        notes.append(f"sequence networks not available: {exc}")
    return StudyOutcome(status="completed", result=data, summary=json_safe(summarize(data, result.wall_time_s)),
                        notes=notes, artifacts=artifacts, wall_time_s=result.wall_time_s)


STUDY = StudyType(
    name="short_circuit", title="Short circuit (IEC 60909)", methods=("iec_60909",), options=ShortCircuitOptions,
    result=ShortCircuitResultModel, summary=ShortCircuitSummary, run=run, artifacts=("sequence_networks",),
    description="IEC 60909-0 I″k, ip, ib, ith, ik for 3ph, 2ph, 1ph and 2phg faults at every bus or chosen buses",
)
