"""The contingency study's options, result and summary models: one source for the engine, the CLI, the
service and the browser's generated types (the study registry subclasses the options, adding the method)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ElementClass = Literal["branches", "transformers", "generators"]


def _all_classes() -> list[ElementClass]:
    return ["branches", "transformers", "generators"]


class ContingencyOptions(BaseModel):
    """N-1 / N-2 contingency campaign settings (full AC Newton-Raphson per outage)."""

    model_config = ConfigDict(extra="forbid")

    outages: Literal["n-1", "n-2"] | list[list[str]] = Field(
        "n-1", description="n-1 (every element of the chosen classes), n-2 (generated pairs of branches, see "
        "n2_pairs_from), or a list of outages, each a list of element ids as solve reports them (br_7, gen_3)")
    elements: list[ElementClass] = Field(
        default_factory=_all_classes,
        description="Element classes outaged by n-1 and paired by n-2 (generators are not paired)")
    screen: Literal["dc", "none"] = Field(
        "none", description="dc: a DC (LODF) estimate of every branch outage's loadings picks the outages solved "
        "in full AC (those within screen_margin_percent of the loading limit, islanding and generator outages); "
        "none: full AC for every outage")
    screen_margin_percent: float = Field(
        10.0, ge=0, le=100, description="DC screening keeps outages whose estimated largest loading is above "
        "loading_limit_percent minus this margin, % points")
    loading_limit_percent: float = Field(100.0, gt=0, description="Branch loading above which it is an overload, %")
    n2_pairs_from: Literal["worst", "lodf"] = Field(
        "worst", description="Generated N-2 pairs: among the worst N-1 branch outages by DC loading estimate "
        "(worst), or the pairs with the largest DC estimate of their joint outage (lodf)")
    n2_max_pairs: int = Field(200, ge=1, le=100_000, description="Generated N-2 pairs at most")
    full_voltages_worst: int = Field(10, ge=0, le=1000, description="The full state after the outage (every bus's "
                                     "|V| and angle, every branch's loading and end flows) is kept for this many worst "
                                     "contingencies")
    batch_size: int = Field(64, ge=1, le=100_000, description="Outages per batch job")
    tol: float = Field(1e-8, gt=0, lt=1, description="Largest P or Q mismatch, pu on the system base (PF_TOL)")
    max_iter: int = Field(30, ge=1, le=1000, description="Iteration limit of each attempt at an outage: the fast "
                          "quasi-Newton steps, then full Newton-Raphson, then Newton-Raphson with a line search each "
                          "get this many; an outage's reported iterations add up its attempts")
    threads: int | None = Field(None, ge=1, le=256, description="Processes for an in-process run (CLI; default: "
                                "the machine's cores); the service runs batches as separate jobs and ignores it",
                                json_schema_extra={"x-cli-only": True})  # gridsolve.studies.base.CLI_ONLY


class ContingencyViolation(BaseModel):
    kind: Literal["undervoltage", "overvoltage", "overload"]
    element: str = Field(description="Bus id (voltage) or branch id (overload)")
    value: float = Field(description="|V| in pu or loading in %")
    limit: float = Field(description="The limit passed, in the same unit")
    unit: Literal["pu", "%"]


class BaseCaseSummary(BaseModel):
    converged: bool
    iterations: int
    min_vm_pu: float | None = Field(None, description="Lowest |V|, pu")
    min_vm_bus: str | None = None
    max_vm_pu: float | None = Field(None, description="Highest |V|, pu")
    max_vm_bus: str | None = None
    max_loading_percent: float | None = Field(None, description="Largest branch loading, %")
    max_loading_branch: str | None = None
    violations: list[ContingencyViolation] = Field(default_factory=list)


class ContingencyRow(BaseModel):
    outage: list[str] = Field(description="Element ids out of service")
    converged: bool
    islanding: bool = Field(description="The outage splits the grid; the main island is solved")
    islanded_buses: list[str] = Field(default_factory=list, description="Buses lost (not in the main island)")
    load_lost_mw: float = Field(0.0, description="Load at the lost buses, MW")
    reference_note: str | None = Field(None, description="Whether the reference was kept or moved (islanding, "
                                       "generator outages), and retries")
    iterations: int
    mismatch_history: list[float] | None = Field(
        None, description="Largest P/Q mismatch (pu) per iteration; for non-converged outages only")
    min_vm_pu: float | None = None
    min_vm_bus: str | None = None
    max_vm_pu: float | None = None
    max_vm_bus: str | None = None
    max_loading_percent: float | None = None
    max_loading_branch: str | None = None
    violations: list[ContingencyViolation] = Field(default_factory=list)
    severity: float = Field(description="See severity_formula")
    rank: int = Field(description="1 = most severe")
    branch_loading_percent: dict[str, float | None] | None = Field(
        None, description="Loading of every branch, % (worst contingencies only)")
    vm_pu: dict[str, float | None] | None = Field(None, description="|V| of every bus, pu (worst contingencies only)")
    va_deg: dict[str, float | None] | None = Field(
        None, description="Voltage angle of every bus, degrees, from the base case's reference (worst contingencies "
        "only)")
    branch_flows: dict[str, list[float | None]] | None = Field(
        None, description="P and Q into every branch at each of its ends, MW and Mvar: [P_from, Q_from, P_to, Q_to]; "
        "a 3-winding transformer [P_hv, Q_hv, P_mv, Q_mv, P_lv, Q_lv]; null where out of service or de-energized "
        "(worst contingencies only)")


class ScreeningInfo(BaseModel):
    method: Literal["dc"]
    candidates: int = Field(description="Outages solved in full AC")
    screened_out: int = Field(description="Branch outages whose DC estimate stayed below the threshold")
    threshold_percent: float = Field(description="DC estimated loading that keeps an outage, %")


class ContingencyResult(BaseModel):
    base: BaseCaseSummary
    contingencies: list[ContingencyRow]
    severity_formula: str
    screening: ScreeningInfo | None = None
    notes: list[str] = Field(default_factory=list)


class ContingencySummary(BaseModel):
    outages: int = Field(description="Contingencies solved (AC)")
    converged: int
    islanding: int
    non_converged: int
    with_violations: int
    worst: list[list[str]] = Field(default_factory=list, description="Outages of the ten most severe contingencies")
    screened_out: int = 0
    wall_time_s: float | None = None
