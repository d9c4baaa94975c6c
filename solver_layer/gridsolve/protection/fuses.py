"""Fuse time-current curves: published points interpolated on log-log axes.

The fuse types are OpenDSS's generic K and T links (fuse_data) and every fuse entry of the equipment
library (gridsolve.library: pandapower's HV and Siemens NH types with their provenance; the library's
checks leave out pandapower's "HV 10A", whose minimum-melting list is not monotone). Where a source
publishes one curve only (OpenDSS links, NH average pre-arcing curves) it serves as both the
minimum-melting and the total-clearing curve, and the type says so (`published`).

Each family is interpolated the way its source tool does, so the curves reproduce that tool exactly:
OpenDSS's links with straight lines between points on log-log axes (TCC_Curve.GetTCCTime), pandapower's
types with a monotone cubic (PCHIP) through log10(I), log10(t) (LogSplineCharacteristic,
interpolator_kind="Pchip"). Below the first published point the fuse does not melt (+inf); beyond the
last point the last published time is used (an upper bound: higher currents melt faster), and
`in_published_range` lets a study flag such points.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from ..errors import StudyInputError
from ..library import Entry, load_library
from ..library.schema import FuseParameters
from .curves import loglog_interp
from .fuse_data import OPENDSS, OPENDSS_LINKS


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
    library_id: str | None = None

    @property
    def generic(self) -> bool:
        return self.rated_a is None

    @property
    def published(self) -> str:
        if self.min_melting is not None and self.total_clearing is not None and \
                self.min_melting != self.total_clearing:
            return "minimum-melting and total-clearing"
        if self.min_melting is None or self.total_clearing is None:
            return "minimum-melting only" if self.total_clearing is None else "total-clearing only"
        return "one curve, used as both minimum-melting and total-clearing"

    def to_dict(self) -> dict:
        def pts(c):
            return None if c is None else {"i": list(c[0]), "t_s": list(c[1])}
        return {"name": self.name, "family": self.family, "source": self.source, "rated_a": self.rated_a,
                "current_unit": "multiples of rated current" if self.generic else "A",
                "interpolation": self.interpolation, "published": self.published,
                "min_melting": pts(self.min_melting), "total_clearing": pts(self.total_clearing),
                "note": self.note, "library_id": self.library_id}


def _monotone(points) -> bool:
    i, t = np.asarray(points[0]), np.asarray(points[1])
    return len(i) == len(t) >= 2 and bool(np.all(np.diff(i) > 0) and np.all(np.diff(t) < 0))


def _points(curve) -> tuple[tuple[float, ...], tuple[float, ...]] | None:
    return None if not curve else (tuple(float(p[0]) for p in curve), tuple(float(p[1]) for p in curve))


def _library_type(e: Entry) -> FuseType:
    par = e.parameters
    if not isinstance(par, FuseParameters):
        raise TypeError(f"library entry {e.id} is not a fuse")
    mm, tc, avg = _points(par.melting_curve), _points(par.clearing_curve), _points(par.average_curve)
    note = "average pre-arcing curve only, used as both" if avg and not (mm or tc) else ""
    mm, tc = (mm or avg), (tc or avg)
    for curve in (mm, tc):
        if curve is not None and not _monotone(curve):
            raise AssertionError(f"library fuse {e.id} is not monotone")  # the library's checks guard this
    sources = e.provenance.sources
    pchip = any("pandapower" in (src.publisher or "") for src in sources)
    source = "; ".join(f"{src.title} ({src.publisher}, {src.edition}), {src.locator}, {src.licence}"
                       for src in sources)
    generic = par.curve_current_basis == "multiple_of_rated"
    return FuseType(e.name, par.family, f"equipment library '{e.id}': {source}",
                    "loglog-pchip" if pchip else "loglog-linear", mm, tc,
                    rated_a=None if generic else par.rated_current_a, note=note, library_id=e.id)


@cache
def fuse_types() -> dict[str, FuseType]:
    """The fuse types by name: OpenDSS's generic K and T links, then the library's fuse entries."""
    lib: dict[str, FuseType] = {}
    for name, (mult, t) in OPENDSS_LINKS.items():
        lib[name] = FuseType(name, f"OpenDSS generic {name}Link", OPENDSS, "loglog-linear", (mult, t), (mult, t),
                             note=f"generic {name} expulsion link: the fuse's rated_a scales the published multiples; "
                                  "one published curve, used as both")
    for e in load_library():
        if e.category == "fuse":
            lib[e.name] = _library_type(e)
    return lib


def get_fuse_type(name: str, *, element_id: str | None = None) -> FuseType:
    """A fuse type by name ('K', 'HV 63A', 'Siemens NH-2-315') or by library id ('pp-fuse-hv-63a')."""
    lib = fuse_types()
    by_id = {ft.library_id: ft for ft in lib.values() if ft.library_id}
    if name in by_id:
        return by_id[name]
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
        self._pchip = None
        if method == "loglog-pchip":
            from scipy.interpolate import PchipInterpolator  # lazy: scipy.interpolate costs every CLI/API start ~0.15 s

            self._pchip = PchipInterpolator(np.log10(self.i_a), np.log10(self.t_s))

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
        fixed = float(ft.rated_a or 0.0)
        if rated_a is not None and abs(rated_a - fixed) > 1e-9 * fixed:
            raise StudyInputError(f"fuse type {ft.name} is rated {fixed:g} A, not {rated_a:g} A",
                                  element_id=element_id, field="rated_a")
        scale, rated_a = 1.0, fixed
    mm = FuseCurve(ft.min_melting, scale, ft.interpolation) if ft.min_melting else None
    tc = FuseCurve(ft.total_clearing, scale, ft.interpolation) if ft.total_clearing else None
    return FuseCurves(ft, float(rated_a), mm, tc)


def fuse_library() -> dict:
    """Every fuse type with its published points and source (JSON-able, for the browser)."""
    return {"fuse_types": [ft.to_dict() for ft in fuse_types().values()]}
