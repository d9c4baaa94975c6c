"""The short-circuit study type (IEC 60909): options, run, result and summary models."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator

from ..model import Network
from ..shortcircuit import build_sequence_networks, run_short_circuit
from ..shortcircuit.models import ShortCircuitResultModel, ShortCircuitSummary
from .base import Progress, StudyOptions, StudyOutcome, StudyType
from .jsonsafe import json_safe


class ShortCircuitOptions(StudyOptions):
    method: Literal["iec_60909"] = "iec_60909"
    fault: Literal["3ph", "2ph", "1ph", "2phg"] = Field("3ph", description="3ph, line-to-line, line-to-earth, "
                                                        "double line-to-earth")
    case: Literal["max", "min"] = Field("max", description="IEC 60909 maximum or minimum currents")
    buses: list[str | int] | None = Field(None, description="Faulted buses (default: every bus)")
    r_fault_ohm: float = Field(0.0, ge=0, description="Fault resistance, ohm")
    x_fault_ohm: float = Field(0.0, description="Fault reactance, ohm")
    tk_s: float = Field(1.0, gt=0, description="Fault duration for the thermal current ith, s")
    tmin_s: float = Field(0.02, gt=0, description="Minimum time delay for the breaking current ib, s")
    ip_method: Literal["B", "C"] = Field("C", description="Peak-current method (IEC 60909-0 §8.1.3)")
    c_factor: float | None = Field(None, ge=0.5, le=1.5, description="Voltage factor c at every level "
                                   "(default: IEC 60909-0 table 1)")
    lv_tol_percent: float = Field(10.0, description="LV voltage tolerance, % (6: c_max 1.05, 10: c_max 1.10)")

    @field_validator("lv_tol_percent")
    @classmethod
    def _lv_tolerance(cls, v: float) -> float:
        if v not in (6, 10):
            raise ValueError("6 or 10 (IEC 60909-0 table 1)")
        return v

    @field_validator("buses")
    @classmethod
    def _bus_ids(cls, v: list[str | int] | None) -> list[str | int] | None:
        if v is not None and not v:
            raise ValueError("give at least one bus, or leave buses out to fault every bus")
        return v

    def bus_ids(self) -> list[str] | None:
        return None if self.buses is None else [str(b) for b in self.buses]


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
    stored beside the result for the browser's view. The network is compiled once."""
    if progress is not None:
        progress(0.05, "building sequence networks")
    networks = build_sequence_networks(net, case=options.case, lv_tol_percent=options.lv_tol_percent,
                                       c_factor=options.c_factor, zero_sequence=True)
    result = run_short_circuit(net, fault=options.fault, case=options.case, buses=options.bus_ids(),
                               r_fault_ohm=options.r_fault_ohm, x_fault_ohm=options.x_fault_ohm, tk_s=options.tk_s,
                               ip_method=options.ip_method, c_factor=options.c_factor,
                               lv_tol_percent=options.lv_tol_percent, tmin_s=options.tmin_s, networks=networks)
    data = json_safe(result.to_dict())
    return StudyOutcome(status="completed", result=data, summary=json_safe(summarize(data, result.wall_time_s)),
                        notes=list(result.notes), artifacts={"sequence_networks": json_safe(networks.to_dict())},
                        wall_time_s=result.wall_time_s)


STUDY = StudyType(
    name="short_circuit", title="Short circuit (IEC 60909)", methods=("iec_60909",), options=ShortCircuitOptions,
    result=ShortCircuitResultModel, summary=ShortCircuitSummary, run=run, artifacts=("sequence_networks",),
    description="IEC 60909-0 I″k, ip, ib, ith, ik for 3ph, 2ph, 1ph and 2phg faults at every bus or chosen buses",
)
