"""The shape of a short-circuit result (`ShortCircuitResult.to_dict()`) and its summary, as pydantic models.

Titles are the engineering names tables show (I″k, ip, ...); units are in the field names.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PhaseQuantities(_Row):
    i_ka: list[float] = Field(description="Fault current per phase a, b, c, kA")
    i_deg: list[float]
    v_pu: list[float] = Field(description="Post-fault phase voltage at the fault, pu of Un/sqrt(3)")
    v_deg: list[float]


class Contribution(_Row):
    element: str
    kind: str
    end: str | None = None
    i_ka: list[float] = Field(description="Current per phase a, b, c, kA")


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


class BreakerViolation(_Row):
    switch: str
    bus: str
    quantity: str
    value_ka: float
    rating_ka: float
    rating_field: str


class ShortCircuitResultModel(_Row):
    fault: str
    case: str
    ip_method: str
    tk_s: float
    standard: str
    r_fault_ohm: float
    x_fault_ohm: float
    buses: list[ShortCircuitBusResult]
    branches: list[ShortCircuitBranchResult]
    faults: list[dict] = Field(description="Per-fault branch currents and voltages (kept for up to 10 faults)")
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
