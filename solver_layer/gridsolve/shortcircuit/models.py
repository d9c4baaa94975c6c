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


class MachineDecay(_Row):
    """How a machine's contribution decays for the breaking and steady-state currents (IEC 60909-0 §9, §10)."""

    element: str
    kind: str = Field(description="generator | motor")
    ikss_ka: float = Field(description="Partial initial current I''kG (I''kM) of the machine, kA")
    ir_ka: float = Field(description="Rated current I_rG (I_rM), kA")
    ratio: float = Field(description="I''kG / I_rG (I''kM / I_rM)")
    mu: float = Field(description="Factor mu for the minimum time delay (eq. (70))")
    q: float | None = Field(None, description="Motors: factor q for t_min and P_rM/p (eq. (73))")
    lambda_: float | None = Field(None, alias="lambda", description="Generators: lambda_max | lambda_min as given")


class UnitAtFault(_Row):
    generator: str
    transformer: str
    factors: list[str] = Field(description="The correction factors of the generator and the transformer")


class Correction(_Row):
    """A correction factor applied to one element's impedance."""

    element: str
    kind: str
    factor: str = Field(description="K_T, K_T HV-MV, K_G, K_S, K_SO, K_G,S, K_T,S, K_G,SO, K_T,SO")
    value: float
    clause: str = Field(description="IEC 60909-0 clause or equation")
    applies_to: str = Field(description="every fault, faults outside a power station unit, or faults at a bus")


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
    near_to_generator: bool | None = Field(None, description="Near to generator (IEC 60909-0 §3.16): a "
                                           "synchronous machine feeds > 2 I_rG or motors > 5 % of I''kM")
    ik_rule: str | None = Field(None, description="How Ik was found (IEC 60909-0 §10)")
    inside_unit: UnitAtFault | None = Field(None, description="The power station unit the fault lies in")
    motors_negligible: bool | None = Field(None, description="Sum I_rM <= 0.01 I''kM (IEC 60909-0 §6.8)")
    motors_neglected: bool | None = None
    decay: list[MachineDecay] | None = Field(None, description="Machines' mu, q, lambda (3ph, near to generator)")


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
    corrections: list[Correction] = Field(default_factory=list, description="Every correction factor applied")
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
