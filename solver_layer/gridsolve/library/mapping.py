"""Library entry -> gridsolve.model element fields: the one place where the two meet.

`element_fields(entry, kind)` returns the fields of the network element (`gridsolve.model`)
that the entry determines; ids, buses, lengths and operating points stay the caller's.
`missing_fields(entry, kind)` says what else the element needs and why (a bare conductor has
no per-km reactance until a tower geometry is given: that is Carson's equations' job in the
unbalanced engine, which takes `carson_inputs(entry)`). `apply_entry(entry, kind, current)`
gives both, the checks it could not make (`notes`) and the values the element's
`LibraryReference` keeps.

A relay entry is a product line: setting ranges, not settings. It applies to an existing relay
(`current`): each overcurrent element is matched to the product's function (51 -> 51P, 51N ->
51N or 51G, 50 -> 50P, 50N -> 50N or 50G), its curve must be one the product offers and its
pickup, dial and delay must lie in the product's ranges (pickups in secondary amperes or
multiples of In through the CT ratio). The element gets the product's dial range for its curve
family (IEC curves: the IEC or common range; IEEE and U.S. curves: the US or common range;
definite time: the delay range) as dial_min/dial_max/dial_step for automatic coordination, and
the relay the product's CT input rating as ct_secondary_a. Pickups are never made up and
pickup_options_a is left as it is (checked, not filled: a 0.01 A step would give coordination
hundreds of options). What the product cannot do is a StudyInputError listing every problem
(relay id, field, the product's range); what the entry does not say is a note per field.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from pydantic import ValidationError

from ..errors import FieldError, StudyInputError, pydantic_message
from ..model import OvercurrentElement, Relay
from .schema import (
    BreakerParameters,
    CableParameters,
    ConductorParameters,
    Entry,
    FuseParameters,
    GeneratorParameters,
    MotorParameters,
    RelayParameters,
    SettingRange,
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
    "relay": ("relay",),
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


# --------------------------------------------------------------------------- relays

# The model's element functions -> the product functions that implement them, the first preferred (51N and 50N
# act on the residual current, which relays offer as a neutral (N) or a ground (G) element).
RELAY_FUNCTIONS: dict[str, tuple[str, ...]] = {"51": ("51P",), "51N": ("51N", "51G"), "50": ("50P",),
                                               "50N": ("50N", "50G")}
_TIMED = ("51", "51N")
_UNIT = {"A": " A", "xIn": " x In", "s": " s", "ms": " ms", "-": ""}
_TIME_DIALS = ("time_dial", "time_multiplier")
_REL = 1e-9


def curve_family(curve: str) -> str | None:
    """The setting-range family of a curve: IEC (IEC 60255), US (IEEE C37.112 and the U.S. curves), None for DT."""
    name = curve.upper()
    if name.startswith("IEC-"):
        return "IEC"
    if name.startswith(("IEEE-", "US-")):
        return "US"
    return None


def _text(s: SettingRange) -> str:
    unit = _UNIT[s.unit]
    step = f" in {s.step:g}{unit} steps" if s.step else ""
    rated = f" ({s.nominal_current_a} A input)" if s.nominal_current_a else ""
    return f"'{s.setting}' {s.min:g} to {s.max:g}{unit}{step}{rated}"


def _texts(settings: list[SettingRange]) -> str:
    return " or ".join(_text(s) for s in settings)


def _within(value: float, lo: float, hi: float) -> bool:
    return lo * (1 - _REL) - 1e-12 <= value <= hi * (1 + _REL) + 1e-12


def _off_step(value: float, lo: float, step: float | None) -> float | None:
    """The nearest settable value when `value` is not on the range's step grid (None: on it, or no step)."""
    if not step:
        return None
    n = (value - lo) / step
    return None if abs(n - round(n)) <= 1e-6 else lo + round(n) * step


@dataclass
class _RelayApply:
    """One relay entry applied to one relay: the fields it sets, the problems, the notes, the reference values."""

    entry: Entry
    p: RelayParameters
    relay: Relay
    ct_secondary_a: float = 0.0
    errors: list[FieldError] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.entry.model_number or self.p.product_line

    def error(self, where: str, message: str) -> None:
        self.errors.append(FieldError(element_id=self.relay.id, field=where, message=message))

    def settings(self, fns: list[str], quantities: tuple[str, ...]) -> list[SettingRange]:
        """The ranges of the first of `fns` that has any of these quantities."""
        for fn in fns:
            found = [s for s in self.p.settings if s.function == fn and s.quantity in quantities]
            if found:
                return found
        return []

    def ct_secondary(self) -> float:
        """The CT secondary the product's input takes: its only rating, or the relay's where the product has both."""
        rated = [float(n) for n in self.p.nominal_current_a]
        now = self.relay.ct_secondary_a
        if any(math.isclose(now, n) for n in rated):
            return now
        if len(rated) > 1:
            self.error("ct_secondary_a", f"a {now:g} A CT secondary is not an input rating of the {self.name} "
                                         f"({' or '.join(f'{n:g} A' for n in rated)})")
            return now
        new = rated[0]
        for k, el in enumerate(self.relay.elements):
            if el.tap_a is not None:
                self.error(f"elements.{k}.tap_a", f"the {self.name} has a {new:g} A input, which makes the CT "
                           f"secondary {new:g} A (now {now:g} A): the tap {el.tap_a:g} A would mean a {new / now:g} "
                           f"times larger primary pickup; give the pickup as pickup_a (primary A) or choose a "
                           f"{now:g} A version of the product")
        return new

    def check_current(self, where: str, what: str, el_primary: float | None, tap: float | None,
                      ranges: list[SettingRange]) -> None:
        """A pickup (primary A, or a tap in secondary A) against the product's pickup ranges."""
        ct = self.relay.ct_primary_a
        ins = self.ct_secondary_a
        if tap is not None:
            secondary, said = tap, f"tap {tap:g} A ({tap / ins:.4g} x In)"
        elif ct is not None and el_primary is not None:
            secondary = el_primary * ins / ct
            said = f"{el_primary:g} A primary = {secondary:.4g} A secondary = {secondary / ins:.4g} x In on a " \
                   f"{ct:g}/{ins:g} A CT"
        else:
            self.notes[where] = (f"{what} {el_primary:g} A primary not checked against the {self.name}'s "
                                 f"{_texts(ranges)}: the relay has no ct_primary_a to turn it into secondary amperes; "
                                 "enter the CT primary and apply the entry again")
            return
        inside = [(s, secondary if s.unit == "A" else secondary / ins) for s in ranges]
        inside = [(s, v) for s, v in inside if _within(v, s.min, s.max)]
        if not inside:
            self.error(where, f"{what} {said} is outside the {self.name}'s {_texts(ranges)}")
            return
        s, v = inside[0]
        nearest = _off_step(v, s.min, s.step)
        if nearest is not None:
            unit = _UNIT[s.unit]
            self.notes[where] = (f"{what} {v:.6g}{unit} is not on the {s.step:g}{unit} steps of '{s.setting}': "
                                 f"the relay sets {nearest:.6g}{unit}")

    def pickups(self, k: int, el: OvercurrentElement, fns: list[str]) -> None:
        where = f"elements.{k}." + ("tap_a" if el.tap_a is not None else "pickup_a")
        all_ranges = self.settings(fns, ("pickup",))
        ranges = [s for s in all_ranges if s.unit == "xIn" or s.nominal_current_a == self.ct_secondary_a]
        if not ranges:
            other = f" for a {self.ct_secondary_a:g} A input (it gives {_texts(all_ranges)})" if all_ranges else ""
            self.notes[where] = f"not checked: the entry gives no {'/'.join(fns)} pickup range{other}"
            return
        self.check_current(where, "pickup", el.pickup_a, el.tap_a, ranges)
        for i, option in enumerate(el.pickup_options_a or []):
            self.check_current(f"elements.{k}.pickup_options_a.{i}", "pickup option", option, None, ranges)

    def dial_range(self, k: int, el: OvercurrentElement, fns: list[str]) -> dict[str, Any]:
        """The product's dial range for the element's curve family (definite time: its delay range, in s)."""
        family = curve_family(el.curve)
        if family is None:
            found, what = self.settings(fns, ("definite_time",)), "definite-time delay range"
        else:
            dials = self.settings(fns, _TIME_DIALS)
            found = [s for s in dials if s.curve_family == family] or [s for s in dials if s.curve_family == "all"]
            what = f"time-dial/multiplier range for {family} curves"
        if not found:
            given = [s for s in self.p.settings if s.function in fns and s.quantity != "pickup"]
            said = f" (it gives {_texts(given)})" if given else ""
            self.notes[f"elements.{k}.dial"] = (f"the entry gives no {'/'.join(fns)} {what}{said}: dial_min/dial_max "
                                                "not filled, the dial not checked")
            return {}
        s = found[0]
        scale = 1e-3 if s.unit == "ms" else 1.0
        lo, hi, step = s.min * scale, s.max * scale, s.step * scale if s.step else None
        if not _within(el.dial, lo, hi):
            said = "the delay in s of curve DT" if family is None else f"curve {el.curve}"
            self.error(f"elements.{k}.dial", f"dial {el.dial:g} ({said}) is outside the {self.name}'s {_text(s)}")
            return {}
        nearest = _off_step(el.dial, lo, step)
        if nearest is not None:
            self.notes[f"elements.{k}.dial"] = (f"dial {el.dial:g} is not on the {step:g} steps of '{s.setting}': "
                                                f"the relay sets {nearest:.6g}")
        return {"dial_min": lo, "dial_max": hi, "dial_step": step}

    def delay(self, k: int, el: OvercurrentElement, fns: list[str]) -> None:
        found = self.settings(fns, ("definite_time",))
        if not found:
            if el.delay_s > 0:
                self.notes[f"elements.{k}.delay_s"] = f"not checked: the entry gives no {'/'.join(fns)} delay range"
            return
        scaled = [(s, 1e-3 if s.unit == "ms" else 1.0) for s in found]
        if not any(_within(el.delay_s, s.min * f, s.max * f) for s, f in scaled):
            self.error(f"elements.{k}.delay_s", f"delay {el.delay_s:g} s is outside the {self.name}'s {_texts(found)}")

    def element(self, k: int, el: OvercurrentElement) -> dict[str, Any]:
        out = el.model_dump(mode="json", exclude_unset=True)
        fns = [f for f in RELAY_FUNCTIONS[el.function] if f in self.p.functions]
        if not fns:
            self.error(f"elements.{k}.function", f"the {self.name} has no {el.function} element "
                       f"({' or '.join(RELAY_FUNCTIONS[el.function])}); its functions: {', '.join(self.p.functions)}")
            return out
        timed = el.function in _TIMED
        if timed:
            offered = {c.upper() for c in self.p.curves}
            if el.curve.upper() not in offered:
                vendor = f"; under the maker's names also {', '.join(self.p.vendor_curves)}" if self.p.vendor_curves \
                    else ""
                self.error(f"elements.{k}.curve", f"the {self.name} does not offer curve {el.curve}: its curves are "
                           f"{', '.join(self.p.curves)}{vendor}")
                return out
        self.pickups(k, el, fns)
        ranges = self.dial_range(k, el, fns) if timed else {}
        if not timed:
            self.delay(k, el, fns)
        out.update(ranges)
        kept: dict[str, Any] = {"function": el.function}
        kept |= {"curve": el.curve, "dial": el.dial} if timed else {"delay_s": el.delay_s}
        kept |= {"tap_a": el.tap_a} if el.tap_a is not None else {"pickup_a": el.pickup_a}
        kept |= {f"pickup_options_a.{i}": v for i, v in enumerate(el.pickup_options_a or [])}
        self.values |= {f"elements.{k}.{name}": v for name, v in (kept | ranges).items()}
        return out


def _relay_of(entry: Entry, current: dict[str, Any] | None) -> Relay:
    if current is None:
        raise StudyInputError(
            "a relay entry gives curves and setting ranges, not settings: apply it to an existing relay (its "
            "elements' curves, pickups and dials are checked against the ranges)", element_id=entry.id,
            field="element")
    try:
        return Relay.model_validate(current)
    except ValidationError as exc:
        relay_id = current.get("id") if isinstance(current, dict) else None
        errors = [FieldError(element_id=None if relay_id is None else str(relay_id),
                             field=".".join(str(x) for x in e.get("loc", ())) or None,
                             message=pydantic_message(e))
                  for e in exc.errors()]
        raise StudyInputError(errors[0].message, element_id=errors[0].element_id, field=errors[0].field,
                              errors=errors) from None


def _relay(entry: Entry, p: RelayParameters, current: dict[str, Any] | None) -> Applied:
    app = _RelayApply(entry, p, _relay_of(entry, current))
    app.ct_secondary_a = app.ct_secondary()
    elements = [app.element(k, el) for k, el in enumerate(app.relay.elements)]
    if app.errors:
        first = app.errors[0]
        raise StudyInputError(f"{first.message} (library entry {entry.id})", element_id=first.element_id,
                              field=first.field, errors=app.errors)
    values = {"ct_primary_a": app.relay.ct_primary_a, "ct_secondary_a": app.ct_secondary_a, **app.values}
    return Applied({"ct_secondary_a": app.ct_secondary_a, "elements": elements}, {}, app.notes, values)


# --------------------------------------------------------------------------- the entry point


class Applied(NamedTuple):
    """An entry applied to an element kind."""

    fields: dict[str, Any]  # element fields the entry sets (relays: ct_secondary_a and the whole elements list)
    missing: dict[str, str]  # required fields the entry cannot give -> why and what to supply
    notes: dict[str, str]  # fields the entry could not fill or check (the element's values stay) -> why
    values: dict[str, bool | int | float | str | None]  # what the element's LibraryReference keeps (relays: paths)


def _check_kind(entry: Entry, element_kind: str) -> None:
    kinds = ELEMENT_KINDS[entry.category]
    if element_kind not in kinds:
        raise StudyInputError(
            f"a {entry.category} entry maps to {', '.join(kinds)}, not '{element_kind}'",
            element_id=entry.id,
            field="element_kind",
        )


def _fields(entry: Entry, element_kind: str) -> dict[str, Any]:
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
    assert isinstance(p, BreakerParameters), p  # relays are mapped by _relay
    return _switch(p)


def apply_entry(entry: Entry, element_kind: str, current: dict[str, Any] | None = None) -> Applied:
    """`entry` applied to a `gridsolve.model` element of `element_kind`; `current` is the element as it is (needed
    by relays, whose settings the entry's ranges check; ignored by the other kinds, whose values the entry gives)."""
    _check_kind(entry, element_kind)
    if isinstance(entry.parameters, RelayParameters):
        return _relay(entry, entry.parameters, current)
    fields = _fields(entry, element_kind)
    missing: dict[str, str] = {}
    if element_kind == "line" and "x_ohm_per_km" not in fields:
        missing = {"x_ohm_per_km": _GEOMETRY_REASON, "c_nf_per_km": _GEOMETRY_REASON}
    return Applied(fields, missing, {}, dict(fields))


def element_fields(entry: Entry, element_kind: str, current: dict[str, Any] | None = None) -> dict[str, Any]:
    """Field values for a `gridsolve.model` element of `element_kind` built from `entry` (a relay: from `current`)."""
    return apply_entry(entry, element_kind, current).fields


def missing_fields(entry: Entry, element_kind: str, current: dict[str, Any] | None = None) -> dict[str, str]:
    """Required element fields the entry cannot give, each with the reason and what to supply."""
    return apply_entry(entry, element_kind, current).missing


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
