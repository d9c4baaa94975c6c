"""Fuse time-current curves: published points (fuse_data) interpolated on log-log axes.

Each family is interpolated the way its source tool does, so the curves reproduce that tool exactly:
OpenDSS's generic K/T links with straight lines between points on log-log axes (TCC_Curve.GetTCCTime),
pandapower's types with a monotone cubic (PCHIP) through log10(I), log10(t) (LogSplineCharacteristic,
interpolator_kind="Pchip"). Below the first published point the fuse does not melt (+inf); beyond the
last point the last published time is used (an upper bound: higher currents melt faster), and
`in_published_range` lets a study flag such points.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
from scipy.interpolate import PchipInterpolator

from ..errors import StudyInputError
from .curves import loglog_interp
from .fuse_data import OPENDSS, OPENDSS_LINKS, PANDAPOWER, PANDAPOWER_TYPES, WITHHELD


@dataclass(frozen=True)
class FuseType:
    """A fuse-link type: published curves, in amperes (or multiples of rating when `generic`)."""

    name: str
    family: str
    source: str
    interpolation: str  # "loglog-linear" | "loglog-pchip"
    min_melting: tuple[tuple[float, ...], tuple[float, ...]] | None
    total_clearing: tuple[tuple[float, ...], tuple[float, ...]] | None
    rated_a: float | None = None  # None: generic, scaled by the fuse's rating
    note: str = ""

    @property
    def generic(self) -> bool:
        return self.rated_a is None

    @property
    def published(self) -> str:
        if self.min_melting is not None and self.total_clearing is not None and \
                self.min_melting != self.total_clearing:
            return "minimum-melting and total-clearing"
        if self.min_melting is None or self.total_clearing is None:
            return "one curve (the other is withheld)"
        return "one curve, used as both minimum-melting and total-clearing"

    def to_dict(self) -> dict:
        def pts(c):
            return None if c is None else {"i": list(c[0]), "t_s": list(c[1])}
        return {"name": self.name, "family": self.family, "source": self.source, "rated_a": self.rated_a,
                "current_unit": "multiples of rated current" if self.generic else "A",
                "interpolation": self.interpolation, "published": self.published,
                "min_melting": pts(self.min_melting), "total_clearing": pts(self.total_clearing),
                "note": self.note}


def _monotone(points) -> bool:
    i, t = np.asarray(points[0]), np.asarray(points[1])
    return len(i) == len(t) >= 2 and bool(np.all(np.diff(i) > 0) and np.all(np.diff(t) < 0))


@cache
def fuse_types() -> dict[str, FuseType]:
    """The fuse library: every type by name."""
    lib: dict[str, FuseType] = {}
    for name, (mult, t) in OPENDSS_LINKS.items():
        lib[name] = FuseType(name, f"OpenDSS generic {name}Link", OPENDSS, "loglog-linear", (mult, t), (mult, t),
                             note=f"generic {name} expulsion link: the fuse's rated_a scales the published multiples")
    for name, data in PANDAPOWER_TYPES.items():
        single = data.get("single")
        mm = single or data.get("min_melting")
        tc = single or data.get("total_clearing")
        withheld = WITHHELD.get(name)
        note = "mean pre-arcing curve (t_avg) only" if single else ""
        if withheld:
            mm = None if withheld[0] == "min_melting" else mm
            tc = None if withheld[0] == "total_clearing" else tc
            note = f"{withheld[0]} withheld: {withheld[1]}"
        for curve in (mm, tc):
            if curve is not None and not _monotone(curve):
                raise AssertionError(f"fuse data {name} is not monotone")  # guards fuse_data edits
        family = "pandapower NH (Siemens)" if name.startswith("Siemens") else "pandapower HV"
        lib[name] = FuseType(name, family, PANDAPOWER, "loglog-pchip", mm, tc, rated_a=data["rated_a"], note=note)
    return lib


def get_fuse_type(name: str, *, element_id: str | None = None) -> FuseType:
    lib = fuse_types()
    if name not in lib:
        raise StudyInputError(f"unknown fuse type '{name}' (choose {', '.join(lib)})", element_id=element_id,
                              field="fuse_type")
    return lib[name]


class FuseCurve:
    """One curve of one fuse in amperes: time(I) with +inf below the first point."""

    def __init__(self, points, scale_a: float, method: str) -> None:
        self.i_a = np.asarray(points[0], dtype=float) * scale_a
        self.t_s = np.asarray(points[1], dtype=float)
        self.method = method
        self._pchip = (PchipInterpolator(np.log10(self.i_a), np.log10(self.t_s))
                       if method == "loglog-pchip" else None)

    def __call__(self, current_a) -> np.ndarray:
        i = np.atleast_1d(np.asarray(current_a, dtype=float))
        if self._pchip is None:
            return loglog_interp(i, self.i_a, self.t_s)
        out = np.full(i.shape, np.inf)
        inside = (i >= self.i_a[0]) & (i <= self.i_a[-1])
        out[inside] = 10.0 ** self._pchip(np.log10(i[inside]))
        out[i > self.i_a[-1]] = self.t_s[-1]
        return out

    def in_published_range(self, current_a) -> np.ndarray:
        i = np.atleast_1d(np.asarray(current_a, dtype=float))
        return (i >= self.i_a[0]) & (i <= self.i_a[-1])


@dataclass
class FuseCurves:
    """A fuse of a type and rating: minimum-melting and total-clearing curves (either may be None)."""

    fuse_type: FuseType
    rated_a: float
    min_melting: FuseCurve | None
    total_clearing: FuseCurve | None


def fuse_curves(fuse_type: str | FuseType, rated_a: float | None = None, *,
                element_id: str | None = None) -> FuseCurves:
    """Curves of a fuse; generic types need `rated_a`, fixed-rating types check it if given."""
    ft = fuse_type if isinstance(fuse_type, FuseType) else get_fuse_type(fuse_type, element_id=element_id)
    if ft.generic:
        if rated_a is None:
            raise StudyInputError(f"fuse type {ft.name} is generic: give rated_a", element_id=element_id,
                                  field="rated_a")
        scale = float(rated_a)
    else:
        if rated_a is not None and abs(rated_a - ft.rated_a) > 1e-9 * ft.rated_a:
            raise StudyInputError(f"fuse type {ft.name} is rated {ft.rated_a:g} A, not {rated_a:g} A",
                                  element_id=element_id, field="rated_a")
        scale, rated_a = 1.0, ft.rated_a
    mm = FuseCurve(ft.min_melting, scale, ft.interpolation) if ft.min_melting else None
    tc = FuseCurve(ft.total_clearing, scale, ft.interpolation) if ft.total_clearing else None
    return FuseCurves(ft, float(rated_a), mm, tc)


def fuse_library() -> dict:
    """Every fuse type with its published points and source (JSON-able, for the browser)."""
    return {"fuse_types": [ft.to_dict() for ft in fuse_types().values()]}
