"""The protection-coordination study type: relays, fuses and reclosers at the IEC 60909 fault currents."""

from __future__ import annotations

from time import perf_counter
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..model import Network
from ..protection import ProtectionOptions, ProtectionResult, run_protection
from .base import Progress, StudyOptions, StudyOutcome, StudyType
from .jsonsafe import json_safe


class ProtectionCoordinationOptions(StudyOptions, ProtectionOptions):
    """ProtectionOptions, validated strictly like every study's options."""

    model_config = ConfigDict(extra="forbid", strict=True)


class ViolationBrief(BaseModel):
    kind: str
    primary: str
    backup: str
    message: str


class ProtectionCoordinationSummary(BaseModel):
    wall_time_s: float | None
    fault: str
    device_count: int
    pair_count: int
    violation_count: int
    worst_margin_s: float | None = Field(description="Smallest margin minus its requirement over all pairs, s")
    auto_status: Literal["optimal", "optimal_except_fixed", "infeasible", "nothing_to_adjust"] | None
    violations: list[ViolationBrief] = Field(description="The first 100 violations")


def summarize(res: dict[str, Any], wall: float | None) -> dict[str, Any]:
    slack = [p["min_margin_s"] - p["required_s"] for p in res["pairs"] if p["min_margin_s"] is not None]
    return {"wall_time_s": wall, "fault": res["fault"], "device_count": len(res["devices"]),
            "pair_count": len(res["pairs"]), "violation_count": len(res["violations"]),
            "worst_margin_s": min(slack, default=None),
            "auto_status": (res.get("auto") or {}).get("status"),
            "violations": [{k: v[k] for k in ("kind", "primary", "backup", "message")}
                           for v in res["violations"][:100]]}


def run(net: Network, options: ProtectionCoordinationOptions, progress: Progress | None = None) -> StudyOutcome:
    t0 = perf_counter()
    result = run_protection(net, options, progress)
    wall = perf_counter() - t0
    data = json_safe(result.to_dict())
    return StudyOutcome(status="completed", result=data, summary=json_safe(summarize(data, wall)),
                        notes=list(result.notes), wall_time_s=wall)


STUDY = StudyType(
    name="protection_coordination", title="Protection coordination", methods=("check", "auto_coordination"),
    options=ProtectionCoordinationOptions, result=ProtectionResult, summary=ProtectionCoordinationSummary, run=run,
    description="Relays, fuses and reclosers at the IEC 60909 max/min currents each device sees: primary/backup "
                "pairs, CTI and fuse-ratio margins, violations with suggested settings, optimal dials/pickups, "
                "TCC data",
)
