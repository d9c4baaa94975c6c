"""The short-circuit study's options: one pydantic model for the engine, the CLI and the service
(the study registry, gridsolve.studies, subclasses it and adds only the analysis method)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..errors import StudyInputError, pydantic_message

FAULTS = ("3ph", "2ph", "1ph", "2phg")


class ShortCircuitOptions(BaseModel):
    """IEC 60909-0 short-circuit study settings (equivalent voltage source at the fault)."""

    model_config = ConfigDict(extra="forbid")

    fault: Literal["3ph", "2ph", "1ph", "2phg"] = Field(
        "3ph", description="Fault type: three-phase, line-to-line, single-line-to-ground, double-line-to-ground")
    case: Literal["max", "min"] = Field("max", description="Maximum or minimum short-circuit currents")
    buses: list[str] | None = Field(None, description="Faulted bus ids (default: every bus)")
    r_fault_ohm: float = Field(0.0, ge=0, description="Fault resistance per faulted phase, ohm")
    x_fault_ohm: float = Field(0.0, description="Fault reactance per faulted phase, ohm")
    tk_s: float = Field(1.0, gt=0, description="Short-circuit duration for the thermal current ith, s")
    tmin_s: float = Field(0.02, gt=0, description="Minimum time delay for the breaking current ib, s")
    ip_method: Literal["B", "C"] = Field(
        "C", description="Peak current: C (equivalent frequency) or B (1.15 kappa at the fault)")
    c_factor: float | None = Field(
        None, ge=0.5, le=1.5, description="Voltage factor c at every level (default: IEC 60909-0 table 1)")
    lv_tol_percent: Literal[6, 10] = Field(
        10, description="Low-voltage tolerance for table 1's c_max/c_min (6 or 10 %)")
    detect_power_station_units: bool = Field(
        False, description="Also treat a transformer whose LV bus holds one synchronous generator and no other "
        "branch as a power station unit (IEC 60909-0 §6.7; flagged units are always)")
    motors: Literal["include", "neglect_where_allowed"] = Field(
        "include", description="Asynchronous motors: always included, or neglected at faults where IEC 60909-0 "
        "§6.8 allows it (sum of rated motor currents <= 1 % of I''k without motors); results say where")

    @field_validator("fault", mode="before")
    @classmethod
    def _known_fault(cls, v: Any) -> Any:
        if v not in FAULTS:
            raise ValueError(f"unknown fault type '{v}' (choose {', '.join(FAULTS)})")
        return v

    @field_validator("case", mode="before")
    @classmethod
    def _known_case(cls, v: Any) -> Any:
        if v not in ("max", "min"):
            raise ValueError("case must be 'max' or 'min'")
        return v

    @field_validator("ip_method", mode="before")
    @classmethod
    def _upper(cls, v: Any) -> Any:
        if not isinstance(v, str) or v.upper() not in ("B", "C"):
            raise ValueError("ip_method must be 'B' or 'C'")
        return v.upper()

    @field_validator("lv_tol_percent", mode="before")
    @classmethod
    def _tolerance(cls, v: Any) -> Any:
        if isinstance(v, bool) or v not in (6, 10):
            raise ValueError("the low-voltage tolerance must be 6 or 10 % (IEC 60909-0 table 1)")
        return int(v)

    @field_validator("buses", mode="before")
    @classmethod
    def _bus_ids(cls, v: Any) -> Any:
        if isinstance(v, list | tuple):
            if not v:
                raise ValueError("give at least one bus, or leave buses out to fault every bus")
            if not all(isinstance(b, str | int) and not isinstance(b, bool) for b in v):
                raise ValueError("list of bus ids expected")
            return [str(b) for b in v]
        return v

    def bus_ids(self) -> list[str] | None:
        return self.buses

    @classmethod
    def checked(cls, **values: Any) -> ShortCircuitOptions:
        """Validate, raising StudyInputError naming the first bad field (as every engine entry point does)."""
        try:
            return cls(**values)
        except ValidationError as exc:
            err = exc.errors()[0]
            field = ".".join(str(p) for p in err.get("loc", ())) or None
            msg = pydantic_message(err)
            if err.get("type") == "greater_than" and field == "tk_s":
                msg = "tk_s must be positive"
            elif err.get("type") in ("greater_than_equal", "less_than_equal") and field == "c_factor":
                msg = "c_factor must lie between 0.5 and 1.5"
            raise StudyInputError(msg, field=field) from None
