"""The shape of a power-flow result (`PowerFlowResult.to_dict()`) and its summary, as pydantic models.

These describe the JSON that the CLI prints, the API stores and the browser reads; the TypeScript
types are generated from them. Titles are the engineering names tables show; units are in the names.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BusResult(_Row):
    id: str
    vm_pu: float | None = Field(title="|V|", description="Voltage magnitude, pu (0 when de-energized)")
    va_deg: float | None = Field(title="θ", description="Voltage angle, degrees")
    vm_kv: float | None = Field(title="|V| kV", description="Voltage magnitude, kV (null where the bus has no kV)")
    p_mw: float | None = Field(title="P", description="Net injection (generation - load - shunt), MW")
    q_mvar: float | None = Field(title="Q", description="Net injection, Mvar")
    energized: bool = Field(title="Energized")


class BranchResult(_Row):
    id: str
    kind: str = Field(description="line | transformer | transformer3w_hv/mv/lv | impedance_branch")
    from_bus: str
    to_bus: str
    p_from_mw: float | None = Field(title="P from", description="MW into the branch at the from end")
    q_from_mvar: float | None = Field(title="Q from", description="Mvar into the branch at the from end")
    p_to_mw: float | None = Field(title="P to", description="MW into the branch at the to end")
    q_to_mvar: float | None = Field(title="Q to", description="Mvar into the branch at the to end")
    i_from_ka: float | None = Field(title="I from", description="Current magnitude at the from end, kA")
    i_to_ka: float | None = Field(title="I to", description="Current magnitude at the to end, kA")
    loading_percent: float | None = Field(title="Loading", description="% of the thermal rating (null: none)")
    p_loss_mw: float | None = Field(title="P loss", description="Active losses, MW")
    q_loss_mvar: float | None = Field(title="Q loss", description="Reactive losses, Mvar")


class UnitResult(_Row):
    id: str
    kind: Literal["generator", "external_grid"]
    p_mw: float | None = Field(title="P", description="Active power delivered, MW")
    q_mvar: float | None = Field(title="Q", description="Reactive power delivered, Mvar")


class Totals(_Row):
    generation_mw: float
    generation_mvar: float
    load_mw: float
    load_mvar: float
    losses_mw: float
    losses_mvar: float
    shunt_mw: float
    shunt_mvar: float


class IterationRecord(_Row):
    iteration: int
    max_p_mismatch: float | None = Field(description="Largest P mismatch, pu on the system base")
    max_q_mismatch: float | None = Field(description="Largest Q mismatch, pu")
    max_p_mismatch_mw: float | None = None
    max_q_mismatch_mvar: float | None = None
    worst_p_bus: str | None = None
    worst_q_bus: str | None = None


class WorstBus(_Row):
    bus: str
    p_mismatch_mw: float | None
    q_mismatch_mvar: float | None


class PowerFlowResultModel(_Row):
    """`PowerFlowResult.to_dict()`: buses in the network's order, branches, units, totals, history."""

    converged: bool
    method: str
    iterations: int
    wall_time_s: float
    buses: list[BusResult]
    branches: list[BranchResult]
    generators: list[UnitResult]
    totals: Totals
    history: list[IterationRecord]
    worst_buses: list[WorstBus]
    notes: list[str]


class VoltageViolation(_Row):
    bus_id: str
    vm_pu: float
    limit: Literal["low", "high"]
    min_vm_pu: float
    max_vm_pu: float


class LoadingViolation(_Row):
    branch_id: str
    loading_percent: float


class PowerFlowSummary(_Row):
    """What a study list shows: convergence, totals, extremes and the violations of the limits used."""

    converged: bool | None
    iterations: int | None
    method: str | None
    wall_time_s: float | None
    losses_mw: float | None
    generation_mw: float | None
    load_mw: float | None
    min_vm_pu: float | None
    max_vm_pu: float | None
    voltage_limits: Literal["parameters", "per bus", "0.95-1.05 pu"]
    voltage_violation_count: int
    voltage_violations: list[VoltageViolation] = Field(description="The first 100")
    loading_limit_percent: float
    loading_violation_count: int
    loading_violations: list[LoadingViolation] = Field(description="The first 100")
    bus_count: int
    branch_count: int
