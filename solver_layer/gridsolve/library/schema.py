"""The equipment-library entry: one pydantic schema for every category, with provenance.

An entry describes a catalogue item (or a typical item from a standard or textbook) in
engineering units, the unit in each field's name. `parameters` is typed per category; the
conversion to network-element fields lives in `mapping.py`, not here.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Pos = Annotated[float, Field(gt=0)]
NonNeg = Annotated[float, Field(ge=0)]

CATEGORIES = ("conductor", "cable", "transformer", "generator", "motor", "relay", "fuse", "breaker")
Category = Literal["conductor", "cable", "transformer", "generator", "motor", "relay", "fuse", "breaker"]

# Curve names shared with gridsolve.protection (the protection engine owns their equations).
STANDARD_CURVES = (
    "IEC-SI",
    "IEC-VI",
    "IEC-EI",
    "IEC-LTI",
    "IEC-STI",
    "IEEE-MI",
    "IEEE-VI",
    "IEEE-EI",
    "US-U1",
    "US-U2",
    "US-U3",
    "US-U4",
    "US-U5",
    "DT",
)
CurveName = Literal[
    "IEC-SI",
    "IEC-VI",
    "IEC-EI",
    "IEC-LTI",
    "IEC-STI",
    "IEEE-MI",
    "IEEE-VI",
    "IEEE-EI",
    "US-U1",
    "US-U2",
    "US-U3",
    "US-U4",
    "US-U5",
    "DT",
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Strict):
    """One citable source: a standard, catalogue, manual, textbook or public dataset."""

    title: str = Field(min_length=3)
    publisher: str | None = Field(default=None, description="Author, manufacturer or project")
    edition: str | None = Field(default=None, description="Edition, date code, version or commit id")
    year: int | None = Field(default=None, ge=1900, le=2100)
    locator: str = Field(min_length=2, description="Table, page, section or file path inside the source")
    url: str | None = None
    licence: str = Field(min_length=2, description="Licence of the data, or 'facts cited' for a manual")
    fields: tuple[str, ...] | None = Field(default=None, description="Parameters this source gives (None: all of them)")


class Provenance(Strict):
    """Where the values come from. `typical` marks values that describe no specific product."""

    sources: tuple[Source, ...] = Field(min_length=1)
    typical: bool = False
    typical_basis: str | None = Field(
        default=None, description="Why/where from the value is typical (required when typical)"
    )
    note: str | None = None

    @model_validator(mode="after")
    def _typical_has_basis(self) -> Provenance:
        if self.typical and not self.typical_basis:
            raise ValueError("a typical entry must say where its typical values come from (typical_basis)")
        return self


class Rating(Strict):
    value: Pos
    unit: Literal["A", "kA", "MVA", "kVA", "MW", "kW"]


class ConductorParameters(Strict):
    """Bare overhead conductor, or an overhead-line type when the source fixes the geometry.

    Without x/c the entry needs a tower geometry (phase spacing, height) before it gives a
    per-km impedance; `gmr_mm` and `diameter_mm` are what Carson's equations need.
    """

    material: Literal["ACSR", "AAC", "AAAC", "ACAR", "CU", "CW", "AL", "unknown"]
    code_name: str | None = None
    size: str | None = Field(default=None, description="As published: kcmil, AWG or mm2 designation")
    stranding: str | None = None
    area_mm2: Pos | None = None
    diameter_mm: Pos | None = None
    gmr_mm: Pos | None = None
    r_ohm_per_km: Pos = Field(description="Resistance at r_temperature_degc (ac unless r_is_dc)")
    r_temperature_degc: float | None = Field(default=None, description="None: the source does not state it")
    r_is_dc: bool = False
    frequency_hz: Pos | None = Field(default=None, description="Frequency of the ac resistance/reactance")
    ampacity_a: Pos | None = None
    ampacity_conditions: str | None = None
    bundle: Annotated[int, Field(ge=1)] = 1
    x_ohm_per_km: Pos | None = Field(default=None, description="Positive-sequence reactance (geometry given)")
    c_nf_per_km: NonNeg | None = None
    r0_ohm_per_km: Pos | None = None
    x0_ohm_per_km: Pos | None = None
    c0_nf_per_km: NonNeg | None = None
    geometry: str | None = Field(default=None, description="The geometry x/c refer to, as the source states")


class CableParameters(Strict):
    """Power cable (or cable system) with per-km sequence data as published."""

    conductor_material: Literal["CU", "AL", "unknown"]
    insulation: Literal["XLPE", "EPR", "PVC", "PILC", "PE", "unknown"]
    cores: Annotated[int, Field(ge=1)] | None = None
    cross_section_mm2: Pos | None = None
    size: str | None = None
    uo_u_kv: str | None = Field(default=None, description="Voltage designation U0/U, e.g. '12/20'")
    r_ohm_per_km: Pos
    r_temperature_degc: float | None = None
    dc: bool = Field(default=False, description="HVDC cable: no reactance, no AC line element")
    x_ohm_per_km: Pos | None = Field(default=None, description="Positive-sequence reactance (None only for dc)")
    c_nf_per_km: NonNeg | None = None
    r0_ohm_per_km: Pos | None = None
    x0_ohm_per_km: Pos | None = None
    c0_nf_per_km: NonNeg | None = None
    frequency_hz: Pos = 50.0
    ampacity_a: Pos | None = None
    ampacity_conditions: str | None = None
    alpha_per_k: Pos | None = Field(default=None, description="Temperature coefficient of resistance, 1/K")

    @model_validator(mode="after")
    def _ac_has_reactance(self) -> CableParameters:
        if not self.dc and self.x_ohm_per_km is None:
            raise ValueError("an ac cable needs x_ohm_per_km")
        return self


class TransformerParameters(Strict):
    """Two-winding transformer: pandapower's equivalent-circuit data (uk, ur, P0, i0)."""

    sn_mva: Pos
    vn_hv_kv: Pos
    vn_lv_kv: Pos
    vk_percent: Pos
    vkr_percent: NonNeg
    pfe_kw: NonNeg
    i0_percent: NonNeg
    vector_group: str
    shift_degree: float = 0.0
    tap_side: Literal["hv", "lv"] | None = None
    tap_neutral: int = 0
    tap_min: int = 0
    tap_max: int = 0
    tap_step_percent: NonNeg = 0.0
    vk0_percent: Pos | None = None
    vkr0_percent: NonNeg | None = None
    xn_ohm: NonNeg | None = Field(default=None, description="Neutral earthing reactance, ohm")
    cooling: str | None = None


class Transformer3WParameters(Strict):
    """Three-winding transformer; vk_* on the smaller rating of each winding pair."""

    sn_hv_mva: Pos
    sn_mv_mva: Pos
    sn_lv_mva: Pos
    vn_hv_kv: Pos
    vn_mv_kv: Pos
    vn_lv_kv: Pos
    vk_hv_percent: Pos
    vk_mv_percent: Pos
    vk_lv_percent: Pos
    vkr_hv_percent: NonNeg
    vkr_mv_percent: NonNeg
    vkr_lv_percent: NonNeg
    pfe_kw: NonNeg
    i0_percent: NonNeg
    vector_group: str
    shift_mv_degree: float = 0.0
    shift_lv_degree: float = 0.0
    tap_side: Literal["hv", "mv", "lv"] | None = None
    tap_neutral: int = 0
    tap_min: int = 0
    tap_max: int = 0
    tap_step_percent: NonNeg = 0.0


class GeneratorParameters(Strict):
    """Synchronous machine: rating and IEC 60909 short-circuit data (reactances pu on sn_mva)."""

    machine_type: Literal["turbo", "salient-pole", "unknown"] = "unknown"
    sn_mva: Pos
    vn_kv: Pos
    cos_phi: Annotated[float, Field(gt=0, le=1)]
    xdss_pu: Pos = Field(description="Subtransient reactance X''d, pu on sn_mva")
    rdss_ohm: NonNeg | None = Field(default=None, description="Stator resistance R_G, ohm")
    xd_pu: Pos | None = None
    xdp_pu: Pos | None = None
    x2_pu: Pos | None = None
    x0_pu: Pos | None = None


class MotorParameters(Strict):
    """Asynchronous motor with IEC 60909-0 §6.8 short-circuit data."""

    pn_mech_mw: Pos = Field(description="Rated mechanical output P_rM, MW")
    vn_kv: Pos
    cos_phi_n: Annotated[float, Field(gt=0, le=1)]
    efficiency_n_percent: Annotated[float, Field(gt=0, le=100)]
    lrc_pu: Pos = Field(description="Locked-rotor current I_LR/I_rM")
    rx: NonNeg = Field(description="R_M/X_M")
    pole_pairs: Annotated[int, Field(ge=1)] | None = None


class SettingRange(Strict):
    """One setting's adjustable range as the manual states it."""

    setting: str = Field(description="Setting name in the manual, e.g. '51P1P' or 'I>1 Current Set'")
    function: str = Field(description="ANSI device function: 50P, 51P, 51N, 50N, 51G, 51Q, ...")
    quantity: Literal["pickup", "time_dial", "time_multiplier", "definite_time", "time_at_10x_pickup"] = Field(
        description="pickup; time_dial (US TD) or time_multiplier (IEC TMS) of the inverse curves; definite_time: "
        "the delay of a definite-time stage; time_at_10x_pickup: inverse curves set by their operate time at 10 x "
        "pickup instead of a multiplier (Sepam's T)")
    min: NonNeg
    max: Pos
    step: Pos | None = None
    unit: Literal["A", "xIn", "s", "ms", "-"]
    curve_family: Literal["IEC", "US", "all"] = "all"
    nominal_current_a: Literal[1, 5] | None = Field(default=None, description="CT secondary rating it applies to")

    @model_validator(mode="after")
    def _ordered(self) -> SettingRange:
        if self.min > self.max:
            raise ValueError(f"{self.setting}: min {self.min} exceeds max {self.max}")
        return self


class RelayParameters(Strict):
    """Overcurrent relay product line: curve families and setting ranges from its manual."""

    product_line: str
    functions: tuple[str, ...] = Field(min_length=1)
    curves: tuple[CurveName, ...] = Field(min_length=1, description="Curves in gridsolve.protection's names")
    vendor_curves: tuple[str, ...] = Field(default=(), description="Further curves under the vendor's names")
    curve_names_in_manual: dict[str, str] = Field(
        default_factory=dict, description="Manual's curve name -> standard name (the mapping used)"
    )
    nominal_current_a: tuple[Literal[1, 5], ...] = Field(min_length=1)
    settings: tuple[SettingRange, ...] = Field(min_length=1)


class FuseParameters(Strict):
    """Fuse link: family, rating and the time-current curve (a reference, points where published)."""

    family: str = Field(description="e.g. 'NH gG', 'HV back-up', 'K link', 'T link'")
    rated_current_a: Pos
    rated_voltage_kv: Pos | None = None
    breaking_capacity_ka: Pos | None = None
    curve_reference: str = Field(description="Where the time-current curve is defined")
    curve_current_basis: Literal["A", "multiple_of_rated"] = "A"
    melting_curve: tuple[tuple[Pos, Pos], ...] | None = Field(
        default=None, description="(current, time s) points of the minimum-melting curve"
    )
    clearing_curve: tuple[tuple[Pos, Pos], ...] | None = Field(
        default=None, description="(current, time s) points of the total-clearing curve"
    )
    average_curve: tuple[tuple[Pos, Pos], ...] | None = Field(
        default=None, description="(current, time s) points of the average (nominal) pre-arcing curve"
    )


class BreakerParameters(Strict):
    """Circuit breaker ratings as the catalogue/standard gives them."""

    rated_voltage_kv: Pos
    rated_current_a: Pos
    rated_ka: Pos = Field(description="Rated short-circuit breaking current, kA rms")
    peak_ka: Pos = Field(description="Rated short-circuit making (peak withstand) current, kA")
    short_time_ka: Pos | None = None
    short_time_s: Pos | None = None
    interrupting_time_ms: Pos | None = None
    frequency_hz: Pos | None = None
    medium: Literal["vacuum", "SF6", "air", "oil"] | None = None


PARAMETER_MODELS: dict[str, tuple[type[BaseModel], ...]] = {
    "conductor": (ConductorParameters,),
    "cable": (CableParameters,),
    "transformer": (TransformerParameters, Transformer3WParameters),
    "generator": (GeneratorParameters,),
    "motor": (MotorParameters,),
    "relay": (RelayParameters,),
    "fuse": (FuseParameters,),
    "breaker": (BreakerParameters,),
}

Parameters = (
    ConductorParameters
    | CableParameters
    | TransformerParameters
    | Transformer3WParameters
    | GeneratorParameters
    | MotorParameters
    | RelayParameters
    | FuseParameters
    | BreakerParameters
)

SLUG = r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$"


class Entry(Strict):
    """One library entry. `id` is a stable slug: it never changes once published."""

    id: str = Field(pattern=SLUG, max_length=120)
    name: str = Field(min_length=1)
    manufacturer: str = Field(min_length=1, description="Maker, or 'typical' / 'generic'")
    model_number: str | None = None
    category: Category
    subcategory: str = Field(min_length=1)
    voltage_class_kv: Pos | None = Field(default=None, description="Nominal system voltage class, kV")
    rating: Rating | None = Field(default=None, description="Headline rating; None where the source gives none")
    parameters: Parameters
    tags: tuple[str, ...] = ()
    provenance: Provenance

    @model_validator(mode="before")
    @classmethod
    def _parameters_by_category(cls, data: Any) -> Any:
        """Validate `parameters` against the model of the entry's category (not the first that fits)."""
        if not isinstance(data, dict) or not isinstance(data.get("parameters"), dict):
            return data
        models = PARAMETER_MODELS.get(str(data.get("category")))
        if models is None:
            return data
        raw = data["parameters"]
        model = models[-1] if len(models) > 1 and "vn_mv_kv" in raw else models[0]
        return {**data, "parameters": model.model_validate(raw)}
