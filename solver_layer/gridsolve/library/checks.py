"""Physical plausibility of library entries: one set of ranges, used by the importer and the tests.

Each check returns human-readable problems; an empty list means the entry looks physically
possible. The ranges are deliberately wide (they catch unit slips and transcription errors,
not design choices) and each says why it holds.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from .schema import (
    BreakerParameters,
    CableParameters,
    ConductorParameters,
    Entry,
    FuseParameters,
    GeneratorParameters,
    MotorParameters,
    RelayParameters,
    Transformer3WParameters,
    TransformerParameters,
)

# R * (pi d^2 / 4) in ohm*mm2/km: resistivity over the fill factor of a stranded round conductor.
# Copper ~17.2/0.8 = 22, aluminium ~28/0.8 = 35, ACSR higher (steel core carries little current).
RESISTIVITY_BAND = (14.0, 80.0)


def _range(name: str, value: float | None, low: float, high: float) -> list[str]:
    if value is None or low <= value <= high:
        return []
    return [f"{name}={value:g} outside [{low:g}, {high:g}]"]


def _line_like(p: ConductorParameters | CableParameters) -> list[str]:
    out = _range("r_ohm_per_km", p.r_ohm_per_km, 1e-3, 25.0)
    if p.x_ohm_per_km is not None:
        out += _range("x_ohm_per_km", p.x_ohm_per_km, 0.02, 1.0)
        out += _range("x/r", p.x_ohm_per_km / p.r_ohm_per_km, 0.005, 40.0)
    if p.c_nf_per_km:  # overhead ~8-16 nF/km, cables up to ~1000 nF/km
        out += _range("c_nf_per_km", p.c_nf_per_km, 3.0, 1500.0)
    if p.r0_ohm_per_km is not None and p.r0_ohm_per_km < 0.8 * p.r_ohm_per_km:
        # the earth/neutral return adds resistance (Carson's 3 r_e term), so r0 >= r1 for real geometries;
        # 20 % margin: published LV line codes round r0 = r1 for two-core cables, and r0 < r1 slightly
        out.append(f"r0 {p.r0_ohm_per_km:g} well below r1 {p.r_ohm_per_km:g}")
    if p.ampacity_a is not None:
        out += _range("ampacity_a", p.ampacity_a, 5.0, 6000.0)
    return out


def _conductor(p: ConductorParameters) -> list[str]:
    out = _line_like(p)
    if p.diameter_mm is not None:
        out += _range("diameter_mm", p.diameter_mm, 1.0, 80.0)
        product = p.r_ohm_per_km * math.pi * p.diameter_mm**2 / 4 / p.bundle
        out += _range("r*area (ohm*mm2/km)", product, *RESISTIVITY_BAND)
        if p.gmr_mm is not None and p.bundle == 1:
            # GMR of a round stranded conductor: 0.7788 r (solid) .. ~0.81 r; ACSR with few Al strands
            # and a magnetic core as low as ~0.25 r (Kersting, App. A, 1/0 6/1 ACSR: 0.27 r)
            out += _range("gmr/radius", p.gmr_mm / (p.diameter_mm / 2), 0.2, 0.85)
    if p.area_mm2 is not None and p.bundle == 1:
        out += _range("r*area_mm2", p.r_ohm_per_km * p.area_mm2, 14.0, 45.0)
    return out


def _cable(p: CableParameters) -> list[str]:
    out = _line_like(p)
    if p.cross_section_mm2 is not None:
        # conductor resistivity at 20..90 degC: Cu 17..23, Al 28..37 ohm*mm2/km; 10 % margin
        out += _range("r*cross_section", p.r_ohm_per_km * p.cross_section_mm2, 15.0, 41.0)
    return out


def _transformer(p: TransformerParameters) -> list[str]:
    out = _range("vk_percent", p.vk_percent, 1.0, 25.0)
    out += _range("vkr_percent", p.vkr_percent, 0.0, 0.6 * p.vk_percent)
    out += _range("i0_percent", p.i0_percent, 0.0, 5.0)
    out += _range("pfe_kw/sn_kva (%)", p.pfe_kw / (p.sn_mva * 1000) * 100, 0.0, 1.0)
    if p.vn_hv_kv <= p.vn_lv_kv:
        out.append("vn_hv_kv must exceed vn_lv_kv")
    return out


def _transformer3w(p: Transformer3WParameters) -> list[str]:
    out: list[str] = []
    for side in ("hv", "mv", "lv"):
        out += _range(f"vk_{side}_percent", getattr(p, f"vk_{side}_percent"), 1.0, 30.0)
    if not p.vn_hv_kv >= p.vn_mv_kv >= p.vn_lv_kv:
        out.append("winding voltages must be ordered hv >= mv >= lv")
    return out


def _generator(p: GeneratorParameters) -> list[str]:
    # IEC 60909-0 and machine data: x''d of synchronous machines lies between ~0.07 and ~0.35 pu
    return _range("xdss_pu", p.xdss_pu, 0.05, 0.4)


def _motor(p: MotorParameters) -> list[str]:
    return _range("lrc_pu", p.lrc_pu, 3.0, 9.0) + _range("rx", p.rx, 0.0, 0.5)


def _relay(p: RelayParameters) -> list[str]:
    out = []
    for s in p.settings:
        if s.quantity == "pickup" and s.unit == "A" and s.nominal_current_a is None:
            out.append(f"{s.setting}: a pickup in secondary amps must say its CT rating")
    return out


def _decreasing(name: str, curve) -> list[str]:
    if not curve:
        return []
    currents = [c for c, _ in curve]
    times = [t for _, t in curve]
    ok = all(b > a for a, b in zip(currents, currents[1:], strict=False))
    ok &= all(b <= a for a, b in zip(times, times[1:], strict=False))
    return [] if ok else [f"{name} is not an inverse characteristic (current up, time down)"]


def _fuse(p: FuseParameters) -> list[str]:
    out = []
    for name in ("melting_curve", "clearing_curve", "average_curve"):
        out += _decreasing(name, getattr(p, name))
    if p.melting_curve and p.curve_current_basis == "A" and p.melting_curve[0][0] < p.rated_current_a:
        out.append("melting curve starts below the rated current")
    return out


def _breaker(p: BreakerParameters) -> list[str]:
    # peak / rms: 2.5 (50 Hz) .. 2.7 (60 Hz, IEC 62271-100 4.103) ; IEEE C37.06 uses 2.6
    return _range("peak_ka/rated_ka", p.peak_ka / p.rated_ka, 2.4, 2.8)


CHECKS: dict[type, Callable] = {
    ConductorParameters: _conductor,
    CableParameters: _cable,
    TransformerParameters: _transformer,
    Transformer3WParameters: _transformer3w,
    GeneratorParameters: _generator,
    MotorParameters: _motor,
    RelayParameters: _relay,
    FuseParameters: _fuse,
    BreakerParameters: _breaker,
}


def problems(entry: Entry) -> list[str]:
    """Why this entry looks physically implausible (empty: plausible)."""
    out = CHECKS[type(entry.parameters)](entry.parameters)
    if entry.rating is not None and entry.rating.unit == "A" and entry.category in ("conductor", "cable"):
        amps = getattr(entry.parameters, "ampacity_a", None)
        if amps is not None and not math.isclose(amps, entry.rating.value, rel_tol=1e-9):
            out.append("rating differs from ampacity_a")
    return out
