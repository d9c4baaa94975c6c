"""Library entry -> gridsolve.model element fields: the one place where the two meet.

`element_fields(entry, kind)` returns the fields of the network element (`gridsolve.model`)
that the entry determines; ids, buses, lengths and operating points stay the caller's.
`missing_fields(entry, kind)` says what else the element needs and why (a bare conductor has
no per-km reactance until a tower geometry is given: that is Carson's equations' job in the
unbalanced engine, which takes `carson_inputs(entry)`).
"""

from __future__ import annotations

from typing import Any

from ..errors import StudyInputError
from .schema import (
    BreakerParameters,
    CableParameters,
    ConductorParameters,
    Entry,
    FuseParameters,
    GeneratorParameters,
    MotorParameters,
    Transformer3WParameters,
    TransformerParameters,
)

ELEMENT_KINDS: dict[str, tuple[str, ...]] = {
    "conductor": ("line",),
    "cable": ("line",),
    "transformer": ("transformer", "transformer3w"),
    "generator": ("generator",),
    "motor": ("motor", "generator"),
    "breaker": ("switch",),
    "relay": (),
    "fuse": ("fuse",),
}

_GEOMETRY_REASON = (
    "a bare conductor has no per-km reactance/capacitance without a tower geometry (phase spacing, "
    "heights): give the geometry to the unbalanced engine's Carson calculation (carson_inputs) or "
    "enter the value by hand"
)


def _optional(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def _line_from_conductor(p: ConductorParameters) -> dict[str, Any]:
    return _optional(
        kind="overhead",
        r_ohm_per_km=p.r_ohm_per_km,
        x_ohm_per_km=p.x_ohm_per_km,
        c_nf_per_km=p.c_nf_per_km,
        max_i_ka=p.ampacity_a / 1000.0 if p.ampacity_a else None,
        r0_ohm_per_km=p.r0_ohm_per_km,
        x0_ohm_per_km=p.x0_ohm_per_km,
        c0_nf_per_km=p.c0_nf_per_km,
    )


def _line_from_cable(p: CableParameters) -> dict[str, Any]:
    return _optional(
        kind="cable",
        r_ohm_per_km=p.r_ohm_per_km,
        x_ohm_per_km=p.x_ohm_per_km,
        c_nf_per_km=p.c_nf_per_km,
        max_i_ka=p.ampacity_a / 1000.0 if p.ampacity_a else None,
        r0_ohm_per_km=p.r0_ohm_per_km,
        x0_ohm_per_km=p.x0_ohm_per_km,
        c0_nf_per_km=p.c0_nf_per_km,
    )


_TRAFO_FIELDS = (
    "sn_mva",
    "vn_hv_kv",
    "vn_lv_kv",
    "vk_percent",
    "vkr_percent",
    "pfe_kw",
    "i0_percent",
    "vector_group",
    "shift_degree",
    "tap_side",
    "tap_neutral",
    "tap_min",
    "tap_max",
    "tap_step_percent",
    "vk0_percent",
    "vkr0_percent",
    "xn_ohm",
)
_TRAFO3W_FIELDS = (
    "sn_hv_mva",
    "sn_mv_mva",
    "sn_lv_mva",
    "vn_hv_kv",
    "vn_mv_kv",
    "vn_lv_kv",
    "vk_hv_percent",
    "vk_mv_percent",
    "vk_lv_percent",
    "vkr_hv_percent",
    "vkr_mv_percent",
    "vkr_lv_percent",
    "pfe_kw",
    "i0_percent",
    "vector_group",
    "shift_mv_degree",
    "shift_lv_degree",
    "tap_side",
    "tap_neutral",
    "tap_min",
    "tap_max",
    "tap_step_percent",
)


def _copy(p: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return _optional(**{name: getattr(p, name) for name in names})


def _generator(p: GeneratorParameters) -> dict[str, Any]:
    return _optional(
        kind="synchronous",
        sn_mva=p.sn_mva,
        vn_kv=p.vn_kv,
        cos_phi=p.cos_phi,
        xdss_pu=p.xdss_pu,
        rdss_ohm=p.rdss_ohm,
        x2_pu=p.x2_pu,
        x0_pu=p.x0_pu,
    )


def _motor(p: MotorParameters) -> dict[str, Any]:
    """IEC 60909-0:2016 §6.8: S_rM = P_rM / (eta_rM cos phi_rM), the model's sn_mva for a motor."""
    sn_mva = p.pn_mech_mw / (p.efficiency_n_percent / 100.0 * p.cos_phi_n)
    return {
        "kind": "motor",
        "sn_mva": sn_mva,
        "vn_kv": p.vn_kv,
        "cos_phi": p.cos_phi_n,
        "lrc_pu": p.lrc_pu,
        "rx": p.rx,
        "voltage_control": False,
    }


def _motor_element(p: MotorParameters) -> dict[str, Any]:
    """A `Motor` element (IEC 60909-0 §6.8 data as rated); the power-flow operating point starts at the rated
    cos phi and efficiency (full load), which the caller may change."""
    return _optional(
        pn_mech_mw=p.pn_mech_mw,
        vn_kv=p.vn_kv,
        cos_phi_n=p.cos_phi_n,
        efficiency_n_percent=p.efficiency_n_percent,
        cos_phi=p.cos_phi_n,
        efficiency_percent=p.efficiency_n_percent,
        lrc_pu=p.lrc_pu,
        rx=p.rx,
        pole_pairs=p.pole_pairs,
    )


def _switch(p: BreakerParameters) -> dict[str, Any]:
    return {"kind": "CB", "rated_ka": p.rated_ka, "peak_ka": p.peak_ka}


def _fuse(entry: Entry, p: FuseParameters) -> dict[str, Any]:
    """The fuse's type is the entry itself (gridsolve.protection.fuses reads the library's fuse entries by name);
    curves given in multiples of the rating need the rating as the element's rated_a."""
    return _optional(fuse_type=entry.name,
                     rated_a=p.rated_current_a if p.curve_current_basis == "multiple_of_rated" else None)


def _check_kind(entry: Entry, element_kind: str) -> None:
    kinds = ELEMENT_KINDS[entry.category]
    if not kinds:
        raise StudyInputError(
            f"{entry.category} entries are protection devices with no gridsolve.model element: "
            "use their parameters (curves, setting ranges) with gridsolve.protection",
            element_id=entry.id,
            field="category",
        )
    if element_kind not in kinds:
        raise StudyInputError(
            f"a {entry.category} entry maps to {', '.join(kinds)}, not '{element_kind}'",
            element_id=entry.id,
            field="element_kind",
        )


def element_fields(entry: Entry, element_kind: str) -> dict[str, Any]:
    """Field values for a `gridsolve.model` element of `element_kind` built from `entry`."""
    _check_kind(entry, element_kind)
    p = entry.parameters
    if isinstance(p, ConductorParameters):
        return _line_from_conductor(p)
    if isinstance(p, CableParameters):
        if p.dc:
            raise StudyInputError(
                "an HVDC cable has no ac line element in gridsolve.model", element_id=entry.id, field="parameters.dc"
            )
        return _line_from_cable(p)
    if isinstance(p, Transformer3WParameters):
        if element_kind != "transformer3w":
            raise StudyInputError("a three-winding entry maps to transformer3w", element_id=entry.id)
        return _copy(p, _TRAFO3W_FIELDS)
    if isinstance(p, TransformerParameters):
        if element_kind != "transformer":
            raise StudyInputError("a two-winding entry maps to transformer", element_id=entry.id)
        return _copy(p, _TRAFO_FIELDS)
    if isinstance(p, GeneratorParameters):
        return _generator(p)
    if isinstance(p, MotorParameters):
        return _motor_element(p) if element_kind == "motor" else _motor(p)
    if isinstance(p, FuseParameters):
        return _fuse(entry, p)
    assert isinstance(p, BreakerParameters), p  # relays were refused above
    return _switch(p)


def missing_fields(entry: Entry, element_kind: str) -> dict[str, str]:
    """Required element fields the entry cannot give, each with the reason and what to supply."""
    fields = element_fields(entry, element_kind)
    if element_kind == "line" and "x_ohm_per_km" not in fields:
        return {"x_ohm_per_km": _GEOMETRY_REASON, "c_nf_per_km": _GEOMETRY_REASON}
    return {}


def carson_inputs(entry: Entry) -> dict[str, Any]:
    """What a Carson/line-constants calculation needs from a bare conductor (ohm/km, mm, degC)."""
    p = entry.parameters
    if not isinstance(p, ConductorParameters):
        raise StudyInputError("carson_inputs needs a conductor entry", element_id=entry.id, field="category")
    missing = [name for name in ("gmr_mm", "diameter_mm") if getattr(p, name) is None]
    if missing:
        raise StudyInputError(
            f"the source gives no {' or '.join(missing)} for this conductor", element_id=entry.id, field=missing[0]
        )
    return {
        "r_ohm_per_km": p.r_ohm_per_km,
        "r_temperature_degc": p.r_temperature_degc,
        "gmr_mm": p.gmr_mm,
        "diameter_mm": p.diameter_mm,
        "ampacity_a": p.ampacity_a,
    }
