"""Relay time-current curves: the one table of curve constants, and their operate and reset times.

Every inverse-time curve is t = TD * (A / (M**p - 1) + B) for M = I / I_pickup > 1, and the timed
(electromechanical-emulation) reset is t_r = TD * tr / (1 - M**q) for M < 1, q = 2 except where a
manual says otherwise. `DT` is definite time: t = TD seconds above pickup. Point curves (OpenDSS's
generic recloser curves) are interpolated on log-log axes exactly as OpenDSS's TCC_Curve does.

Sources (each entry names its own):
* IEC 60255-151:2009 curves A-C, LTI, STI: the constants printed in GE Multilin F650 (GEK-106310AB,
  Table 5-32 "Constants for IEC curves", K, E, tr), SEL-411L (Table 3.109) and ABB REF615 (Table 658,
  A, B, C with B = 0).
* IEEE C37.112-1996 MI/VI/EI: GE Multilin L90 instruction manual, Table 5-28 "IEEE inverse time curve
  constants" (A, B, p, tr), the same in ABB REF615 Table 658 (ANSI curves 1, 2, 4).
* US U1-U5: SEL-411L (Date Code 20151029) Table 3.108 and SEL-421 (20111215) Table 1.59; the older
  SEL-387E manual (20020129) prints U4 as 0.0352 + 5.67/(M^2 - 1), reset 5.67 (kept as `note`).
* OpenDSS generic recloser curves A (fast) and D (delayed): `CreateDefaultDSSItems` in OpenDSS's
  Executive.pas (EPRI, BSD-3-Clause; dss-extensions/dss_capi src/Executive/Executive.pas).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..errors import StudyInputError

GE_F650 = "GE Multilin F650 manual GEK-106310AB, Table 5-32 (IEC curve constants K, E, tr)"
GE_UR = "GE Multilin L90 manual, Table 5-28 (IEEE curve constants A, B, p, tr)"
SEL_411L = "SEL-411L manual (20151029), Tables 3.108 (U.S.) and 3.109 (IEC) operate and reset equations"
IEC_151 = "IEC 60255-151:2009 curve constants (k, alpha, c = 0), as printed in " + GE_F650 + " and " + SEL_411L
IEEE_112 = "IEEE C37.112-1996 constants (A, B, p, tr), as printed in " + GE_UR
OPENDSS_EXEC = ("OpenDSS Executive.pas CreateDefaultDSSItems (EPRI, BSD-3-Clause), dss-extensions/dss_capi "
                "src/Executive/Executive.pas")


@dataclass(frozen=True)
class Curve:
    """One operate characteristic. kind: 'inverse' (A, B, p), 'definite' (DT) or 'points' (log-log table)."""

    name: str
    label: str
    kind: str
    source: str
    a: float = 0.0
    b: float = 0.0
    p: float = 1.0
    multiples: tuple[float, ...] = ()
    times_s: tuple[float, ...] = ()
    default_reset_model: str | None = None
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name, "label": self.label, "kind": self.kind, "source": self.source}
        if self.kind == "inverse":
            data |= {"A": self.a, "B": self.b, "p": self.p, "formula": "t = TD * (A / (M**p - 1) + B), M > 1"}
        elif self.kind == "definite":
            data["formula"] = "t = TD (seconds) for M > 1"
        else:
            data |= {"multiples": list(self.multiples), "times_s": list(self.times_s),
                     "formula": "t = TD * loglog_interp(M); no operation below the first multiple"}
        data["reset"] = {model: {"tr": table[self.name][0], "q": table[self.name][1], "source": RESET_SOURCES[model]}
                         for model, table in RESET_MODELS.items() if self.name in table}
        data["default_reset_model"] = self.default_reset_model
        if self.note:
            data["note"] = self.note
        return data


def _inv(name, label, a, b, p, source, reset, note=""):
    return Curve(name, label, "inverse", source, a=a, b=b, p=p, default_reset_model=reset, note=note)


# The one table of curve constants (CLI names as keys).
CURVES: dict[str, Curve] = {c.name: c for c in (
    _inv("IEC-SI", "IEC standard inverse (curve A)", 0.14, 0.0, 0.02, IEC_151, "GE"),
    _inv("IEC-VI", "IEC very inverse (curve B)", 13.5, 0.0, 1.0, IEC_151, "GE"),
    _inv("IEC-EI", "IEC extremely inverse (curve C)", 80.0, 0.0, 2.0, IEC_151, "GE"),
    _inv("IEC-LTI", "IEC long-time inverse", 120.0, 0.0, 1.0, IEC_151, "GE"),
    _inv("IEC-STI", "IEC short-time inverse", 0.05, 0.0, 0.04, IEC_151, "GE"),
    _inv("IEEE-MI", "IEEE moderately inverse", 0.0515, 0.1140, 0.02, IEEE_112, "IEEE"),
    _inv("IEEE-VI", "IEEE very inverse", 19.61, 0.491, 2.0, IEEE_112, "IEEE"),
    _inv("IEEE-EI", "IEEE extremely inverse", 28.2, 0.1217, 2.0, IEEE_112, "IEEE"),
    _inv("US-U1", "U.S. moderately inverse (U1)", 0.0104, 0.0226, 0.02, SEL_411L, "SEL"),
    _inv("US-U2", "U.S. inverse (U2)", 5.95, 0.180, 2.0, SEL_411L, "SEL"),
    _inv("US-U3", "U.S. very inverse (U3)", 3.88, 0.0963, 2.0, SEL_411L, "SEL"),
    _inv("US-U4", "U.S. extremely inverse (U4)", 5.64, 0.02434, 2.0, SEL_411L, "SEL",
         note="SEL-387E (2002) prints U4 as 0.0352 + 5.67/(M^2 - 1) with reset 5.67; SEL-421 and SEL-411L "
              "print the values used here"),
    _inv("US-U5", "U.S. short-time inverse (U5)", 0.00342, 0.00262, 0.02, SEL_411L, "SEL"),
    Curve("DT", "definite time", "definite", "definite-time element: the dial is the delay in seconds"),
    Curve("OpenDSS-A", "OpenDSS generic recloser fast curve A", "points", OPENDSS_EXEC,
          multiples=(1.0, 2.5, 4.5, 8.0, 14.0), times_s=(0.15, 0.07, 0.05, 0.045, 0.045)),
    Curve("OpenDSS-D", "OpenDSS generic recloser delayed curve D", "points", OPENDSS_EXEC,
          multiples=(1.0, 2.5, 4.5, 8.0, 14.0), times_s=(6.0, 0.7, 0.2, 0.06, 0.02)),
)}

# Timed-reset constants by relay model: t_r = TD * tr / (1 - M**q). Vendors differ (SEL's IEC curves
# reset with 13.5/47.3/80/120/4.85, GE's with 9.7/43.2/58.2/120/0.5), hence one table per model.
RESET_MODELS: dict[str, dict[str, tuple[float, float]]] = {
    "IEEE": {"IEEE-MI": (4.85, 2.0), "IEEE-VI": (21.6, 2.0), "IEEE-EI": (29.1, 2.0)},
    "GE": {"IEC-SI": (9.7, 2.0), "IEC-VI": (43.2, 2.0), "IEC-EI": (58.2, 2.0), "IEC-LTI": (120.0, 2.0),
           "IEC-STI": (0.5, 2.0), "IEEE-MI": (4.85, 2.0), "IEEE-VI": (21.6, 2.0), "IEEE-EI": (29.1, 2.0)},
    "SEL": {"IEC-SI": (13.5, 2.0), "IEC-VI": (47.3, 2.0), "IEC-EI": (80.0, 2.0), "IEC-LTI": (120.0, 1.0),
            "IEC-STI": (4.85, 2.0), "US-U1": (1.08, 2.0), "US-U2": (5.95, 2.0), "US-U3": (3.88, 2.0),
            "US-U4": (5.64, 2.0), "US-U5": (0.323, 2.0)},
}
RESET_SOURCES = {
    "IEEE": IEEE_112,
    "GE": GE_F650 + "; " + GE_UR,
    "SEL": SEL_411L + " (C4 long-time inverse resets with 1 - M, not 1 - M^2)",
}


@dataclass
class CurveSetting:
    """A curve with its pickup (primary A) and dial: the quantity a TCC plots."""

    curve: Curve
    pickup_a: float
    dial: float
    adder_s: float = 0.0
    reset_model: str | None = None
    extra: dict = field(default_factory=dict)

    def times(self, current_a) -> np.ndarray:
        return operate_time(self.curve, np.asarray(current_a, dtype=float) / self.pickup_a, self.dial) + self.adder_s


def get_curve(name: str, *, element_id: str | None = None, field_name: str = "curve") -> Curve:
    """The curve called `name` (case-insensitive), or a StudyInputError listing the valid names."""
    for key, curve in CURVES.items():
        if key.lower() == str(name).lower():
            return curve
    raise StudyInputError(f"unknown curve '{name}' (choose {', '.join(CURVES)})", element_id=element_id,
                          field=field_name)


def operate_time(curve: Curve, m, dial: float) -> np.ndarray:
    """Operate time (s) at multiples of pickup `m`; +inf where the element does not operate."""
    m = np.atleast_1d(np.asarray(m, dtype=float))
    t = np.full(m.shape, np.inf)
    if curve.kind == "inverse":
        on = m > 1.0
        # expm1 keeps M**p - 1 exact for the small exponents (p = 0.02) near pickup
        t[on] = dial * (curve.a / np.expm1(curve.p * np.log(m[on])) + curve.b)
    elif curve.kind == "definite":
        t[m > 1.0] = dial
    else:
        t = dial * loglog_interp(m, np.array(curve.multiples), np.array(curve.times_s))
    return t


def reset_time(curve: Curve, m, dial: float, model: str | None = None) -> np.ndarray:
    """Timed-reset time (s) from full travel at multiples `m` < 1 of pickup; NaN at and above pickup."""
    model = model or curve.default_reset_model
    if model not in RESET_MODELS or curve.name not in RESET_MODELS[model]:
        raise StudyInputError(f"no timed-reset constants for curve {curve.name} in relay model '{model}' "
                              f"(models: {', '.join(m_ for m_, tab in RESET_MODELS.items() if curve.name in tab)})",
                              field="reset_model")
    tr, q = RESET_MODELS[model][curve.name]
    m = np.atleast_1d(np.asarray(m, dtype=float))
    out = np.full(m.shape, np.nan)
    below = (m >= 0) & (m < 1.0)
    out[below] = dial * tr / (1.0 - m[below] ** q)
    return out


def loglog_interp(x, xp: np.ndarray, tp: np.ndarray) -> np.ndarray:
    """Straight lines between published points on log-log axes (OpenDSS TCC_Curve.GetTCCTime):
    +inf below the first point (no operation), the last time beyond the last point."""
    x = np.atleast_1d(np.asarray(x, dtype=float))
    out = np.full(x.shape, np.inf)
    ok = x >= xp[0]
    out[ok] = np.exp(np.interp(np.log(x[ok]), np.log(xp), np.log(tp)))
    return out


def curve_table() -> dict:
    """Every relay curve with its constants, reset constants per model and source (JSON-able)."""
    return {"curves": [c.to_dict() for c in CURVES.values()],
            "reset_models": {m: {"constants": {k: {"tr": tr, "q": q} for k, (tr, q) in tab.items()},
                                 "source": RESET_SOURCES[m]} for m, tab in RESET_MODELS.items()}}
