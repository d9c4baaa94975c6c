"""The shape of a short-circuit result (`ShortCircuitResult.to_dict()`) and its summary, as pydantic models.

Titles are the engineering names tables show (I″k, ip, ...); units are in the field names.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PhaseQuantities(_Row):
    i_ka: list[float] = Field(description="Fault current per phase a, b, c, kA")
    i_deg: list[float]
    v_pu: list[float] = Field(description="Post-fault phase voltage at the fault, pu of Un/sqrt(3)")
    v_deg: list[float]


class Contribution(_Row):
    element: str = Field(description="Source or branch id")
    kind: str = Field(description="external_grid | generator | motor | line | transformer | transformer3w | ...")
    end: Literal["from", "to"] | None = Field(None, description="Branch end at the fault bus (branches only)")
    i_ka: list[float] = Field(description="Current into the fault bus per phase a, b, c, kA")


class ShortCircuitBusResult(_Row):
    id: str
    vn_kv: float | None = Field(title="Un", description="Nominal voltage, kV")
    energized: bool
    c: float | None = None
    ikss_ka: float | None = Field(None, title="I″k", description="Initial symmetrical short-circuit current, kA")
    ip_ka: float | None = Field(None, title="ip", description="Peak short-circuit current, kA")
    ith_ka: float | None = Field(None, title="Ith", description="Thermal equivalent current for tk, kA")
    ib_ka: float | None = Field(None, title="Ib", description="Symmetrical breaking current, kA")
    ik_ka: float | None = Field(None, title="Ik", description="Steady-state short-circuit current, kA")
    skss_mva: float | None = Field(None, title="S″k", description="Initial short-circuit power, MVA")
    rk_ohm: float | None = Field(None, title="Rk", description="Positive-sequence short-circuit resistance, ohm")
    xk_ohm: float | None = Field(None, title="Xk", description="Positive-sequence short-circuit reactance, ohm")
    kappa: float | None = Field(None, title="κ", description="Peak factor")
    ikss_vs_ka: float | None = None
    ikss_cs_ka: float | None = None
    rk2_ohm: float | None = None
    xk2_ohm: float | None = None
    rk0_ohm: float | None = None
    xk0_ohm: float | None = None
    ike_ka: float | None = Field(None, title="I″kE", description="Earth current, kA")
    phases: PhaseQuantities | None = None
    contributions: list[Contribution] | None = None


class ShortCircuitBranchResult(_Row):
    id: str
    kind: str
    from_bus: str
    to_bus: str
    ikss_from_ka: float | None = Field(title="I″k from", description="Largest fault current at the from end, kA")
    ikss_to_ka: float | None = Field(title="I″k to", description="Largest fault current at the to end, kA")
    fault_bus_from: str | None
    fault_bus_to: str | None


class FaultBranchCurrents(_Row):
    id: str
    from_bus: str
    to_bus: str
    i_from_ka: list[float] = Field(description="Phase currents a, b, c entering the branch at the from end, kA")
    i_to_ka: list[float]


class BusVoltage(_Row):
    bus: str
    v_pu: list[float] = Field(description="Post-fault phase voltages a, b, c, pu of Un/sqrt(3)")


class FaultDetail(_Row):
    bus: str = Field(description="Faulted bus")
    branches: list[FaultBranchCurrents]
    voltages: list[BusVoltage]


class BreakerViolation(_Row):
    switch: str
    bus: str
    quantity: Literal["ib_ka", "ikss_ka", "ip_ka"]
    value_ka: float
    rating_ka: float
    rating_field: Literal["rated_ka", "peak_ka"]


class ShortCircuitResultModel(_Row):
    """`ShortCircuitResult.to_dict()`: per-bus fault currents, branch maxima, per-fault detail."""

    fault: Literal["3ph", "2ph", "1ph", "2phg"]
    case: Literal["max", "min"]
    ip_method: Literal["B", "C"]
    tk_s: float
    standard: str
    r_fault_ohm: float
    x_fault_ohm: float
    buses: list[ShortCircuitBusResult]
    branches: list[ShortCircuitBranchResult]
    faults: list[FaultDetail] = Field(description="Per-fault branch currents and voltages (kept for up to 10 faults)")
    breaker_violations: list[BreakerViolation]
    notes: list[str]
    wall_time_s: float


class ShortCircuitSummary(_Row):
    wall_time_s: float | None
    fault: str | None = None
    case: str | None = None
    bus_count: int
    max_ikss_ka: float | None = None
    min_ikss_ka: float | None = None
    max_ip_ka: float | None = None
    min_ip_ka: float | None = None
    max_ith_ka: float | None = None
    min_ith_ka: float | None = None
    max_skss_mva: float | None = None
    min_skss_mva: float | None = None
    breaker_violation_count: int
    breaker_violations: list[BreakerViolation]
