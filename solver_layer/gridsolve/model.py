"""The network model: one pydantic schema for every study and every entry point.

Equipment is described in engineering units (kV, MW, Mvar, MVA, ohm/km, nF/km, %); the unit
is in each field's name. Field names follow pandapower's element tables where they exist, so
that engineers who know pandapower read them without a manual. Per-unit values appear only in
`ImpedanceBranch`, which carries imported transmission cases (MATPOWER, PSS/E) exactly.
"""

from __future__ import annotations

import json
import math
import operator
import threading
from collections import Counter
from typing import TYPE_CHECKING, Annotated, Any, Literal

import numpy as np
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    model_validator,
)

from .bulk import Table
from .errors import FieldError, InvalidNetworkError, ParseError, pydantic_message

SCHEMA_VERSION = "2.0"
#: Bus fields of schema 1.0 that were diagram positions; they now live in the project's diagram.
DIAGRAM_FIELDS_V1 = ("x", "y", "length", "orientation")

NonNeg = Annotated[float, Field(ge=0)]
Pos = Annotated[float, Field(gt=0)]


def _not_nan(value: float) -> float:
    if value != value:
        raise ValueError("must be a number or +-inf (no limit), not NaN")
    return value


# An operating limit: +-inf means "no limit" (MATPOWER writes Inf); NaN is refused like everywhere else.
Limit = Annotated[float, Field(allow_inf_nan=True), AfterValidator(_not_nan)]


class Element(BaseModel):
    """Common fields: a stable id, a display name and the in-service flag."""

    model_config = ConfigDict(extra="forbid", validate_assignment=False, allow_inf_nan=False)

    id: str = Field(min_length=1, description="Stable identifier, unique across the network")
    name: str = ""
    in_service: bool = True


class LibraryReference(BaseModel):
    """The equipment-library entry an element's values came from, and those values as the entry set them.

    Set when an entry is applied (the editor, `POST /api/equipment/{id}/apply`); no study reads it. A field whose
    value now differs from `values` was changed by hand: that is how the editor shows "modified from library"
    without asking the library again, and why a later revision of the entry does not rewrite the element.
    """

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    equipment_id: str = Field(min_length=1, max_length=120, description="Id of the library entry or user model")
    revision: str = Field(default="", max_length=64, description="The entry's content hash when it was applied")
    name: str = Field(default="", max_length=300, description="The entry's name when it was applied")
    values: dict[str, bool | int | float | str | None] = Field(
        default_factory=dict, description="The element fields as the entry set them")


def _library_field() -> Any:
    return Field(default=None, description="Library entry the values came from (None: entered by hand)")


class Bus(Element):
    vn_kv: NonNeg = Field(description="Nominal line-to-line voltage in kV (0 = unknown, per-unit cases)")
    min_vm_pu: Pos = 0.9
    max_vm_pu: Pos = 1.1
    zone: str | None = None
    vm_init_pu: Pos | None = Field(default=None, description="Stored voltage magnitude for a warm start")
    va_init_degree: float | None = Field(default=None, description="Stored voltage angle for a warm start")

    @model_validator(mode="after")
    def _limits_ordered(self) -> Bus:
        if self.min_vm_pu > self.max_vm_pu:
            raise ValueError("min_vm_pu must not exceed max_vm_pu")
        return self


class Line(Element):
    """Overhead line or cable: a pi-section from per-km data times length, `parallel` in parallel.

    For total (not per-km) values, give `length_km = 1` and the totals as the per-km fields.
    """

    from_bus: str
    to_bus: str
    length_km: Pos = 1.0
    r_ohm_per_km: NonNeg
    x_ohm_per_km: float
    c_nf_per_km: NonNeg = 0.0
    g_us_per_km: NonNeg = 0.0
    max_i_ka: Pos | None = Field(default=None, description="Thermal rating per circuit, kA")
    rating_mva: Pos | None = Field(default=None, description="Thermal rating in MVA (if no max_i_ka)")
    parallel: Annotated[int, Field(ge=1)] = 1
    kind: Literal["overhead", "cable"] = "overhead"
    # Zero-sequence and temperature data for short circuit (IEC 60909).
    r0_ohm_per_km: NonNeg | None = None
    x0_ohm_per_km: float | None = None
    c0_nf_per_km: NonNeg | None = None
    endtemp_degree: float | None = Field(default=None, description="Conductor end temperature, degC")
    library: LibraryReference | None = _library_field()


class Transformer(Element):
    """Two-winding transformer, pandapower's equivalent circuit (uk, ur, iron losses, tap changer)."""

    hv_bus: str
    lv_bus: str
    sn_mva: Pos
    vn_hv_kv: Pos
    vn_lv_kv: Pos
    vk_percent: Pos = Field(description="Short-circuit voltage uk, % of rated")
    vkr_percent: NonNeg = Field(default=0.0, description="Resistive part ur, % of rated")
    pfe_kw: NonNeg = 0.0
    i0_percent: float = Field(default=0.0, description="No-load current, % of rated (negative = capacitive)")
    shift_degree: float = 0.0
    tap_side: Literal["hv", "lv"] | None = None
    tap_neutral: int = 0
    tap_min: int = 0
    tap_max: int = 0
    tap_step_percent: NonNeg = 0.0
    tap_step_degree: float = 0.0
    tap_pos: int = 0
    tap_changer_type: Literal["ratio", "symmetrical", "ideal"] = "ratio"
    parallel: Annotated[int, Field(ge=1)] = 1
    max_loading_percent: Pos = 100.0
    vector_group: str = Field(default="Dyn", description="IEC vector group, e.g. Dyn5, YNyn0, YNd11")
    vk0_percent: Pos | None = None
    vkr0_percent: NonNeg | None = None
    mag0_percent: NonNeg | None = None
    mag0_rx: float | None = None
    si0_hv_partial: Annotated[float, Field(ge=0, le=1)] | None = None
    xn_ohm: float | None = Field(default=None, description="Neutral earthing reactance, ohm (None = solid)")
    rn_ohm: float | None = None
    oltc: bool = Field(default=False, description="On-load tap changer (IEC 60909: power station unit with K_S)")
    power_station_unit: bool = Field(
        default=False, description="Unit transformer of a power station unit (IEC 60909-0 §6.7: K_S or K_SO "
        "for the generator and transformer as a whole); the generator is the one at its LV bus")
    pt_percent: float | None = Field(
        default=None, description="Power station unit without on-load tap changer: permanently used off-load "
        "tap p_T, % (IEC 60909-0 §6.7.2, factor 1 - p_T); None = 0")
    library: LibraryReference | None = _library_field()


class Transformer3W(Element):
    """Three-winding transformer, modelled as three two-winding branches to a star point."""

    hv_bus: str
    mv_bus: str
    lv_bus: str
    sn_hv_mva: Pos
    sn_mv_mva: Pos
    sn_lv_mva: Pos
    vn_hv_kv: Pos
    vn_mv_kv: Pos
    vn_lv_kv: Pos
    vk_hv_percent: Pos = Field(description="uk between HV and MV, % on min(sn_hv, sn_mv)")
    vk_mv_percent: Pos = Field(description="uk between MV and LV, % on min(sn_mv, sn_lv)")
    vk_lv_percent: Pos = Field(description="uk between HV and LV, % on min(sn_hv, sn_lv)")
    vkr_hv_percent: NonNeg = 0.0
    vkr_mv_percent: NonNeg = 0.0
    vkr_lv_percent: NonNeg = 0.0
    pfe_kw: NonNeg = 0.0
    i0_percent: float = Field(default=0.0, description="No-load current, % of rated (negative = capacitive)")
    shift_mv_degree: float = 0.0
    shift_lv_degree: float = 0.0
    tap_side: Literal["hv", "mv", "lv"] | None = None
    tap_neutral: int = 0
    tap_min: int = 0
    tap_max: int = 0
    tap_step_percent: NonNeg = 0.0
    tap_step_degree: float = 0.0
    tap_pos: int = 0
    tap_at_star_point: bool = False
    max_loading_percent: Pos = 100.0
    vector_group: str = "YNyn0yn0"
    vk0_hv_percent: Pos | None = None
    vk0_mv_percent: Pos | None = None
    vk0_lv_percent: Pos | None = None
    vkr0_hv_percent: NonNeg | None = None
    vkr0_mv_percent: NonNeg | None = None
    vkr0_lv_percent: NonNeg | None = None
    xn_hv_ohm: float | None = Field(default=None, description="Neutral earthing reactance of the HV star point, "
                                    "ohm (None = solid; zero sequence only)")
    xn_mv_ohm: float | None = Field(default=None, description="Neutral earthing reactance of the MV star point, ohm")
    xn_lv_ohm: float | None = Field(default=None, description="Neutral earthing reactance of the LV star point, ohm")
    library: LibraryReference | None = _library_field()


class Generator(Element):
    """Synchronous machine or static (inverter) generator.

    `voltage_control=True` makes the bus a PV bus regulated to `vm_pu`; otherwise the unit
    injects fixed `p_mw`/`q_mvar` (pandapower's sgen, MATPOWER's generator at a PQ bus).
    `slack=True` makes the bus a reference (angle `va_degree`, voltage `vm_pu`).
    """

    bus: str
    p_mw: float = 0.0
    q_mvar: float = 0.0
    vm_pu: Pos = 1.0
    va_degree: float = 0.0
    voltage_control: bool = True
    slack: bool = False
    min_q_mvar: Limit | None = None
    max_q_mvar: Limit | None = None
    min_p_mw: Limit | None = None
    max_p_mw: Limit | None = None
    kind: Literal["synchronous", "static", "motor"] = "synchronous"
    sn_mva: Pos | None = None
    # Short-circuit data (IEC 60909).
    vn_kv: Pos | None = None
    xdss_pu: Pos | None = Field(default=None, description="Subtransient reactance X''d, pu on sn_mva")
    rdss_ohm: NonNeg | None = None
    x2_pu: Pos | None = None
    x0_pu: Pos | None = None
    cos_phi: Annotated[float, Field(gt=0, le=1)] | None = None
    k: Pos | None = Field(default=None, description="Static generator: Ik = k * In (IEC 60909 current source)")
    pg_percent: float = 0.0
    power_station_trafo: str | None = Field(
        default=None, description="Id of the unit transformer when generator and transformer form a power "
        "station unit (IEC 60909-0 §6.7)")
    lambda_max: Pos | None = Field(
        default=None, description="Factor lambda_max for the steady-state current Ik max = lambda_max I_rG, read "
        "from IEC 60909-0 figures 18-21 for the machine's x_dsat and excitation series")
    lambda_min: Pos | None = Field(default=None, description="Factor lambda_min (Ik min = lambda_min I_rG)")
    # Legacy asynchronous motor (kind="motor"; new networks use `Motor`): IEC 60909-0 §6.8 with
    # sn_mva = P_rM/(eta*cos phi).
    lrc_pu: Pos | None = Field(default=None, description="Motor locked-rotor current I_LR/I_rM, pu of rated")
    rx: NonNeg | None = Field(default=None, description="Motor R_M/X_M (None: 0.1 above 1 kV, 0.42 LV)")
    scaling: float = 1.0
    library: LibraryReference | None = _library_field()

    @model_validator(mode="after")
    def _q_limits_ordered(self) -> Generator:
        if self.min_q_mvar is not None and self.max_q_mvar is not None and self.min_q_mvar > self.max_q_mvar:
            raise ValueError("min_q_mvar must not exceed max_q_mvar")
        return self


class Motor(Element):
    """Asynchronous motor, or a group of low-voltage motors (pandapower's `motor` table).

    Power flow: a load of P = pn_mech_mw / efficiency * loading * scaling at cos_phi. Short
    circuit (IEC 60909-0 §6.8, maximum currents only): Z_M = U_rM^2 / (I_LR/I_rM * S_rM) with
    S_rM = pn_mech_mw / (efficiency_n cos_phi_n) and R_M/X_M by the standard's rule when `rx` is
    not given (0.10 for MV motors with P_rM per pole pair >= 1 MW, 0.15 below, 0.42 for LV groups).
    """

    bus: str
    pn_mech_mw: Pos = Field(description="Rated mechanical power P_rM, MW (a group: the sum)")
    cos_phi: Annotated[float, Field(gt=0, le=1)] = Field(0.9, description="Power factor at the operating point")
    cos_phi_n: Annotated[float, Field(gt=0, le=1)] | None = Field(
        None, description="Rated power factor cos phi_rM (default: cos_phi)")
    efficiency_percent: Annotated[float, Field(gt=0, le=100)] = Field(100.0, description="Efficiency at the "
                                                                      "operating point, %")
    efficiency_n_percent: Annotated[float, Field(gt=0, le=100)] | None = Field(
        None, description="Rated efficiency eta_rM, % (default: efficiency_percent)")
    loading_percent: NonNeg = Field(100.0, description="Mechanical loading, % of pn_mech_mw (power flow)")
    scaling: NonNeg = 1.0
    vn_kv: Pos | None = Field(None, description="Rated voltage U_rM, kV (default: the bus's nominal voltage)")
    lrc_pu: Pos | None = Field(None, description="Locked-rotor current I_LR/I_rM (LV groups: 5 when not given)")
    rx: NonNeg | None = Field(None, description="R_M/X_M (default: IEC 60909-0 §6.8 rule)")
    pole_pairs: Annotated[int, Field(ge=1)] | None = Field(
        None, description="Pole pairs p of the motor (m = P_rM/p for R_M/X_M and the breaking-current factor q)")
    lv_group: bool | None = Field(None, description="A group of low-voltage motors with their cables (default: "
                                  "rated voltage <= 1 kV)")
    library: LibraryReference | None = _library_field()

    def demand_mva(self) -> complex:
        """Power consumed in a power flow, MVA (pandapower's `_get_motor_pq`): P = P_mech / eta * loading."""
        p = self.pn_mech_mw / self.efficiency_percent * 100 * self.loading_percent / 100 * self.scaling
        return complex(p, math.sqrt(max((p / self.cos_phi) ** 2 - p**2, 0.0)))


class ExternalGrid(Element):
    """Equivalent of the upstream grid: a voltage source with short-circuit power limits."""

    bus: str
    vm_pu: Pos = 1.0
    va_degree: float = 0.0
    s_sc_max_mva: Pos | None = None
    s_sc_min_mva: Pos | None = None
    rx_max: NonNeg | None = None
    rx_min: NonNeg | None = None
    x0x_max: NonNeg | None = None
    x0x_min: NonNeg | None = None
    r0x0_max: NonNeg | None = None
    r0x0_min: NonNeg | None = None


class Load(Element):
    """Load in the consumer convention; ZIP shares are % of P and Q (the rest is constant power)."""

    bus: str
    p_mw: float = 0.0
    q_mvar: float = 0.0
    const_z_percent: Annotated[float, Field(ge=0, le=100)] = 0.0
    const_i_percent: Annotated[float, Field(ge=0, le=100)] = 0.0
    scaling: float = 1.0

    @model_validator(mode="after")
    def _zip_shares(self) -> Load:
        if self.const_z_percent + self.const_i_percent > 100:
            raise ValueError("const_z_percent + const_i_percent must not exceed 100")
        return self


class Shunt(Element):
    """Shunt admittance given as consumed P and Q at `vn_kv` (default: the bus's nominal kV), per step.

    Positive q_mvar is a reactor (absorbs), negative a capacitor.
    """

    bus: str
    p_mw: float = 0.0
    q_mvar: float = 0.0
    vn_kv: Pos | None = None
    step: Annotated[int, Field(ge=0)] = 1
    max_step: Annotated[int, Field(ge=1)] = 1


class Switch(Element):
    """Bus-bus coupler (`et='bus'`) or a switch between a bus and a branch end."""

    bus: str
    element: str
    et: Literal["bus", "line", "transformer", "transformer3w", "impedance_branch"] = "bus"
    closed: bool = True
    kind: Literal["CB", "LBS", "DS", "LS"] = "CB"
    rated_ka: Pos | None = Field(default=None, description="Breaking capacity Ib rated, kA")
    peak_ka: Pos | None = Field(default=None, description="Making capacity ip rated, kA")
    library: LibraryReference | None = _library_field()


class ImpedanceBranch(Element):
    """Pi branch in per unit on the network's base MVA and the buses' nominal kV.

    This is MATPOWER's branch: series r + jx, total charging b split half at each end, and an
    ideal transformer with off-nominal `tap_ratio` and `shift_degree` at the from end.
    `g_mag_pu`/`b_mag_pu` add a magnetizing shunt at the from end (PSS/E MAG1/MAG2).
    """

    from_bus: str
    to_bus: str
    r_pu: float
    x_pu: float
    b_pu: float = 0.0
    g_mag_pu: float = 0.0
    b_mag_pu: float = 0.0
    tap_ratio: Pos = 1.0
    shift_degree: float = 0.0
    rate_a_mva: NonNeg = 0.0
    rate_b_mva: NonNeg = 0.0
    rate_c_mva: NonNeg = 0.0
    is_transformer: bool = False
    r0_pu: float | None = Field(default=None, description="Zero-sequence series resistance, pu (short circuit)")
    x0_pu: float | None = Field(default=None, description="Zero-sequence series reactance, pu (short circuit)")
    angmin_degree: float = -360.0
    angmax_degree: float = 360.0


class OvercurrentElement(BaseModel):
    """One element of an overcurrent relay: time-overcurrent 51/51N or instantaneous 50/50N.

    51 and 50 act on the phase currents, 51N and 50N on the residual current. Curves and their
    constants are listed in gridsolve.protection.curves (IEC-SI ... US-U5, DT).
    """

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    function: Literal["51", "51N", "50", "50N"] = "51"
    curve: str = Field(default="IEC-SI", description="51/51N curve name (IEC-SI, IEEE-VI, US-U2, DT, ...); "
                       "50/50N ignore it")
    pickup_a: Pos | None = Field(default=None, description="Pickup, primary amperes")
    tap_a: Pos | None = Field(default=None, description="Pickup as a secondary tap, A (primary = tap_a x CT ratio)")
    dial: NonNeg = Field(default=1.0, description="Time dial TD / time multiplier TMS; for curve DT the delay, s")
    delay_s: NonNeg = Field(default=0.0, description="50/50N definite delay, s")
    adder_s: NonNeg = Field(default=0.0, description="Definite time added to the curve, s")
    reset: Literal["instantaneous", "timed"] = Field(default="instantaneous", description="Reset characteristic")
    reset_model: str | None = Field(default=None, description="Relay model whose timed-reset constants apply "
                                    "(IEEE, GE, SEL; default per curve)")
    in_service: bool = True
    dial_min: NonNeg | None = Field(default=None, description="Automatic coordination: lowest dial (None: fixed)")
    dial_max: NonNeg | None = Field(default=None, description="Automatic coordination: highest dial")
    dial_step: Pos | None = Field(default=None, description="Automatic coordination: dial step (None: continuous)")
    pickup_options_a: list[Pos] | None = Field(default=None, description="Automatic coordination: allowed "
                                               "pickups, primary A (None: pickup fixed)")

    @model_validator(mode="after")
    def _one_pickup(self) -> OvercurrentElement:
        if (self.pickup_a is None) == (self.tap_a is None):
            raise ValueError("give exactly one of pickup_a (primary A) and tap_a (secondary A)")
        if self.dial_min is not None and self.dial_max is not None and self.dial_min > self.dial_max:
            raise ValueError("dial_min must not exceed dial_max")
        return self


class ProtectionDevice(Element):
    """Where a protective device sits: at `bus`'s end of `branch`, or on `switch`.

    The device sees the current flowing from that bus into that branch (its CT location).
    """

    branch: str | None = Field(default=None, description="Line, transformer, transformer3w or impedance branch id")
    bus: str | None = Field(default=None, description="The branch end (a bus of `branch`) where the CT sits")
    switch: str | None = Field(default=None, description="Or the switch the device sits on (bus and element)")

    @model_validator(mode="after")
    def _one_location(self) -> ProtectionDevice:
        if self.switch is None and (self.branch is None or self.bus is None):
            raise ValueError("give branch and bus, or switch")
        if self.switch is not None and (self.branch is not None or self.bus is not None):
            raise ValueError("give either switch or branch and bus, not both")
        return self


class Relay(ProtectionDevice):
    """Overcurrent relay (51/51N/50/50N elements) tripping a breaker at its location."""

    ct_primary_a: Pos | None = Field(default=None, description="CT primary rating, A (needed for tap_a)")
    ct_secondary_a: Pos = Field(default=1.0, description="CT secondary rating, A")
    breaker_time_s: NonNeg = Field(default=0.05, description="Interrupting time of the tripped breaker, s "
                                   "(added to the relay's operate times to give clearing times)")
    elements: list[OvercurrentElement] = Field(min_length=1)
    library: LibraryReference | None = _library_field()

    @model_validator(mode="after")
    def _ct_for_taps(self) -> Relay:
        if self.ct_primary_a is None and any(e.tap_a is not None for e in self.elements):
            raise ValueError("tap_a needs ct_primary_a (the CT ratio)")
        return self

    def ct_ratio(self) -> float:
        return (self.ct_primary_a or 1.0) / self.ct_secondary_a


class Fuse(ProtectionDevice):
    """Fuse link of a type from gridsolve.protection.fuses (published minimum-melting/total-clearing curves)."""

    fuse_type: str = Field(description="Fuse type: K, T (generic links, need rated_a), 'HV 63A', "
                           "'Siemens NH-2-315', ...")
    rated_a: Pos | None = Field(default=None, description="Link rating, A (scales the generic K/T curves)")
    library: LibraryReference | None = _library_field()


class Recloser(ProtectionDevice):
    """Recloser: fast and delayed curves (multiples of the minimum trip), shots to lockout."""

    pickup_a: Pos = Field(description="Phase minimum trip, primary A")
    ground_pickup_a: Pos | None = Field(default=None, description="Ground minimum trip, primary A")
    fast_curve: str = Field(default="OpenDSS-A", description="Fast curve name")
    fast_dial: NonNeg = 1.0
    delayed_curve: str = Field(default="OpenDSS-D", description="Delayed curve name")
    delayed_dial: NonNeg = 1.0
    fast_shots: Annotated[int, Field(ge=0)] = 1
    delayed_shots: Annotated[int, Field(ge=1)] = 2
    reclose_intervals_s: list[NonNeg] = Field(default=[0.5, 2.0], description="Open intervals between shots, s")
    interrupting_time_s: NonNeg = Field(default=0.05, description="Interrupting time added to the curves, s")

    @model_validator(mode="after")
    def _intervals(self) -> Recloser:
        if len(self.reclose_intervals_s) < self.fast_shots + self.delayed_shots - 1:
            raise ValueError("reclose_intervals_s needs one interval between each pair of shots")
        return self


_TABLE_LOCK = threading.Lock()


def _put_in_order(d: dict, name: str, value: Any) -> None:
    """d[name] = value with the fields kept in declaration order (the order pydantic serializes them in)."""
    d[name] = value
    order = [k for k in Network.model_fields if k in d]
    order += [k for k in d if k not in Network.model_fields]
    if list(d) != order:
        items = [(k, d[k]) for k in order]
        d.clear()
        d.update(items)

ELEMENT_LISTS: dict[str, type[Element]] = {
    "buses": Bus,
    "lines": Line,
    "transformers": Transformer,
    "transformers3w": Transformer3W,
    "generators": Generator,
    "external_grids": ExternalGrid,
    "loads": Load,
    "motors": Motor,
    "shunts": Shunt,
    "switches": Switch,
    "impedance_branches": ImpedanceBranch,
    "relays": Relay,
    "fuses": Fuse,
    "reclosers": Recloser,
}

# Which fields of each element refer to a bus.
BUS_FIELDS: dict[str, tuple[str, ...]] = {
    "lines": ("from_bus", "to_bus"),
    "transformers": ("hv_bus", "lv_bus"),
    "transformers3w": ("hv_bus", "mv_bus", "lv_bus"),
    "generators": ("bus",),
    "external_grids": ("bus",),
    "loads": ("bus",),
    "motors": ("bus",),
    "shunts": ("bus",),
    "switches": ("bus",),
    "impedance_branches": ("from_bus", "to_bus"),
}

SWITCH_TARGET_LIST = {
    "bus": "buses",
    "line": "lines",
    "transformer": "transformers",
    "transformer3w": "transformers3w",
    "impedance_branch": "impedance_branches",
}


# An importer may give a Network's element lists as columns (`Network.from_tables`, bulk.Table: the MATPOWER reader,
# whose array checks are the fields' constraints): such a list's elements are built the first time the list is read,
# and dumping, comparing, iterating or pickling the network builds them all; until then `column`, `count` and
# `bus_rows` read the columns (compile and the power-flow results do, so an imported case is solved without an object
# per row). A model that nests a Network must call `materialize()` before pydantic serializes it (none does).
class Network(BaseModel):
    """A whole grid. `parse_network` validates fields and checks ids and references resolve."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    schema_version: str = SCHEMA_VERSION
    name: str = ""
    base_mva: Pos = 100.0
    f_hz: Pos = 50.0
    source_format: str | None = Field(default=None, description="Format the network was imported from")
    buses: list[Bus] = []
    lines: list[Line] = []
    transformers: list[Transformer] = []
    transformers3w: list[Transformer3W] = []
    generators: list[Generator] = []
    external_grids: list[ExternalGrid] = []
    loads: list[Load] = []
    motors: list[Motor] = []
    shunts: list[Shunt] = []
    switches: list[Switch] = []
    impedance_branches: list[ImpedanceBranch] = []
    relays: list[Relay] = []
    fuses: list[Fuse] = []
    reclosers: list[Recloser] = []
    # Element lists an importer gave as columns (bulk.Table, see `from_tables`): each list's elements are built the
    # first time the list is asked for; until then `table`/`column` read the columns (the power-flow path).
    _tables: dict[str, Table] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_tables(cls, tables: dict[str, Table], **fields: Any) -> Network:
        """A Network whose element lists in `tables` are held as columns (values the importer has checked against
        the fields' constraints); `fields` are validated as usual."""
        unknown = [k for k in tables if k not in ELEMENT_LISTS or k in fields or tables[k].cls is not ELEMENT_LISTS[k]]
        if unknown:
            raise ValueError(f"not element tables of a Network: {unknown}")
        net = cls(**fields)
        for name in tables:
            del net.__dict__[name]  # built on first access (__getattr__)
        net.__pydantic_fields_set__ |= set(tables)
        net._tables = dict(tables)
        return net

    def table(self, list_name: str) -> Table | None:
        """The list's columns while its elements have not been built (nothing can have changed them), else None."""
        if list_name in self.__dict__:
            return None
        return self._tables.get(list_name)

    def column(self, list_name: str, field: str) -> list | np.ndarray:
        """Field `field` of every element of list `list_name`, from the columns where the list is still a table."""
        table = self.table(list_name)
        if table is not None:
            return table.column(field)
        return [getattr(e, field) for e in getattr(self, list_name)]

    def bus_rows(self, list_name: str, field: str) -> np.ndarray | None:
        """Each element's position in `buses` for its bus field `field`, where both lists are still the tables the
        importer built together (nothing can have changed either); None otherwise (join by id)."""
        table, buses = self.table(list_name), self.table("buses")
        ref = table.refs.get(field) if table is not None and buses is not None else None
        return ref[1] if ref is not None and ref[0] is buses else None

    def count(self, list_name: str) -> int:
        table = self.table(list_name)
        return len(table) if table is not None else len(getattr(self, list_name))

    def materialize(self) -> None:
        """Build every element list still held as a table."""
        for name in list(self._tables):
            getattr(self, name)

    if not TYPE_CHECKING:
        def __getattr__(self, name: str) -> Any:
            private = object.__getattribute__(self, "__pydantic_private__")
            if private and name in private.get("_tables", ()):
                with _TABLE_LOCK:
                    if name not in self.__dict__:
                        _put_in_order(self.__dict__, name, private["_tables"][name].elements())
                        # rebound, never changed in place: a model_copy shares the dict until then
                        private["_tables"] = {k: v for k, v in private["_tables"].items() if k != name}
                    return self.__dict__[name]
            return super().__getattr__(name)

    def model_dump(self, **kwargs: Any) -> dict[str, Any]:
        self.materialize()
        return super().model_dump(**kwargs)

    def model_dump_json(self, **kwargs: Any) -> str:
        self.materialize()
        return super().model_dump_json(**kwargs)

    def __getstate__(self) -> dict[Any, Any]:  # pickling (a process pool's arguments): the elements, not columns
        self.materialize()
        return super().__getstate__()

    def __repr_args__(self) -> Any:
        self.materialize()
        return super().__repr_args__()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Network):
            self.materialize()
            other.materialize()
        return super().__eq__(other)

    def __iter__(self) -> Any:
        self.materialize()
        return super().__iter__()

    def check_references(self) -> None:
        """Raise InvalidNetworkError naming the first duplicate id or dangling reference."""
        problems = reference_problems(self)
        if problems:
            first = problems[0]
            raise InvalidNetworkError(first.message, element_id=first.element_id, field=first.field, errors=problems)

    def elements(self):
        """Yield (list_name, element) for every element."""
        for list_name in ELEMENT_LISTS:
            for element in getattr(self, list_name):
                yield list_name, element

    def bus_ids(self) -> list[str]:
        return [b.id for b in self.buses]


def reference_problems(net: Network) -> list[FieldError]:
    """Every duplicate id and dangling reference, each naming the element and field."""
    problems = _duplicate_problems(net) + _bus_reference_problems(net)
    targets: dict[str, set[str]] = {}
    for sw in net.switches:
        target_list = SWITCH_TARGET_LIST[sw.et]
        if target_list not in targets:
            targets[target_list] = set(net.column(target_list, "id"))
        if sw.element not in targets[target_list]:
            problems.append(FieldError(element_id=sw.id, field="element", message=f"unknown {sw.et} '{sw.element}'"))
    problems += _protection_problems(net)
    return problems


def _duplicate_problems(net: Network) -> list[FieldError]:
    """Each id used more than once, reported once, in the order of `Network.elements`."""
    ids = [i for list_name in ELEMENT_LISTS for i in net.column(list_name, "id")]
    if len(set(ids)) == len(ids):
        return []
    counts = Counter(ids)
    problems = []
    for element_id in ids:
        if counts[element_id] > 1:
            problems.append(FieldError(element_id=element_id, field="id", message="duplicate id"))
            counts[element_id] = 1  # report once
    return problems


def _bus_reference_problems(net: Network) -> list[FieldError]:
    """Bus fields naming no bus, and branches connecting a bus to itself (column checks first: a list with
    neither is not walked element by element)."""
    bus_ids = set(net.column("buses", "id"))
    problems: list[FieldError] = []
    for list_name, fields in BUS_FIELDS.items():
        if not net.count(list_name):
            continue
        rows = [net.bus_rows(list_name, f) for f in fields]
        if all(r is not None for r in rows):  # positions in the bus table: no unknown bus; an end to itself?
            to_itself = any(bool(np.any(rows[a] == rows[b])) for a in range(len(rows)) for b in range(a))
            if not to_itself:
                continue
        cols = [net.column(list_name, f) for f in fields]
        unknown = not all(bus_ids.issuperset(c) for c in cols)
        to_itself = any(any(map(operator.eq, cols[a], cols[b])) for a in range(len(cols)) for b in range(a))
        if not (unknown or to_itself):
            continue
        for element_id, *refs in zip(net.column(list_name, "id"), *cols, strict=True):
            for field, ref in zip(fields, refs, strict=True):
                if ref not in bus_ids:
                    problems.append(FieldError(element_id=element_id, field=field, message=f"unknown bus '{ref}'"))
            if len(fields) > 1 and len(set(refs)) < len(fields):
                problems.append(FieldError(element_id=element_id, field=fields[-1],
                                           message="connects a bus to itself"))
    return problems


# The bus fields of each branch type a protective device may sit on.
BRANCH_ENDS: dict[str, tuple[str, ...]] = {
    "lines": ("from_bus", "to_bus"),
    "transformers": ("hv_bus", "lv_bus"),
    "transformers3w": ("hv_bus", "mv_bus", "lv_bus"),
    "impedance_branches": ("from_bus", "to_bus"),
}
PROTECTION_LISTS = ("relays", "fuses", "reclosers")


def _protection_problems(net: Network) -> list[FieldError]:
    """Relays, fuses and reclosers must sit on an existing switch or at a bus end of an existing branch."""
    if not any(getattr(net, list_name) for list_name in PROTECTION_LISTS):
        return []
    ends = {br.id: {getattr(br, f) for f in fields}
            for list_name, fields in BRANCH_ENDS.items() for br in getattr(net, list_name)}
    switches = {sw.id for sw in net.switches}
    problems = []
    for list_name in PROTECTION_LISTS:
        for dev in getattr(net, list_name):
            if dev.switch is not None:
                if dev.switch not in switches:
                    problems.append(FieldError(element_id=dev.id, field="switch",
                                               message=f"unknown switch '{dev.switch}'"))
            elif dev.branch not in ends:
                problems.append(FieldError(element_id=dev.id, field="branch",
                                           message=f"unknown branch '{dev.branch}'"))
            elif dev.bus not in ends[dev.branch]:
                problems.append(FieldError(element_id=dev.id, field="bus",
                                           message=f"bus '{dev.bus}' is not an end of branch '{dev.branch}'"))
    return problems


def parse_network(data: dict[str, Any] | str) -> Network:
    """Validate a dict (or JSON text) into a Network, raising InvalidNetworkError with field detail."""
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as exc:
            raise ParseError(exc.msg, line=exc.lineno, field=f"column {exc.colno}") from None
    if not isinstance(data, dict):
        raise ParseError("a GridSolve network is a JSON object")
    try:
        net = Network.model_validate(data)
    except ValidationError as exc:
        errors = []
        for err in exc.errors():
            loc = err.get("loc", ())
            element_id = None
            field = ".".join(str(p) for p in loc)
            if len(loc) >= 2 and isinstance(loc[1], int) and isinstance(data, dict):
                try:
                    raw_id = data[str(loc[0])][loc[1]].get("id")
                    element_id = None if raw_id is None else str(raw_id)
                    field = ".".join(str(p) for p in loc[2:]) or str(loc[0])
                except (KeyError, IndexError, AttributeError, TypeError):
                    pass
            errors.append(FieldError(element_id=element_id, field=field, message=pydantic_message(err)))
        first = errors[0]
        raise InvalidNetworkError(first.message, element_id=first.element_id, field=first.field,
                                  errors=errors) from None
    net.check_references()
    return net
