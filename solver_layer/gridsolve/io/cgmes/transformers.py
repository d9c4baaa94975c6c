"""PowerTransformer (2 and 3 ends) with its tap changers at the SSH step, as exact per-unit branches.

The interpretation is powsybl's CGMES import with its default alternatives (powsybl-core
`cgmes-conversion` ...elements.transformers: CgmesT2xModel, InterpretedT2xModel, ConvertedT2xModel,
TapChangerConversion, CgmesRatio/PhaseTapChangerBuilder), so that the result is the network that
pypowsybl and OpenLoadFlow solve:

* 2 ends: r = r1 + r2, x = x1 + x2; when ratedU1 != ratedU2 and x1 != 0 the impedance is on the
  end-1 side and is referred to ratedU2 (times a0^2, a0 = ratedU2/ratedU1; shunts divided by a0^2);
  the shunts of both ends are summed on the end-1 side. Tap changers at end 2 are moved to end 1
  (reciprocal complex ratio a, step corrections scaled by |a|^2) and combined with those at end 1.
  The IIDM branch is then: ideal transformer rho e^(j alpha) at side 1 with
  rho = ratedU2/ratedU1 / ratio, alpha = -angle, the shunt g + jb on its secondary side, the series
  r + jx in ohm at ratedU2, each scaled by (1 + step correction / 100).
* 3 ends: a star point at ratedU0 = ratedU of end 1; each winding k is a branch from its bus to
  the star with its own r, x, g, b referred to ratedU0 and its tap changers at the network side.

OpenLoadFlow puts that branch in per unit on the two buses' nominal voltages (r1 = rho V1/V2, z
over V2^2/Sb, y1 times V2^2/Sb, nothing at side 2 unless twtSplitShuntAdmittance is set), which
is MATPOWER's branch exactly: tap_ratio = 1/r1, shift = -alpha, magnetizing shunt at the from end.
Hence `ImpedanceBranch`: it reproduces pypowsybl's network with no approximation, where
pandapower's Transformer (vk/vkr on rated values, T model) could not carry every tap table, end
shunt and 3-winding rated voltage.
"""

from __future__ import annotations

import cmath
import math
from dataclasses import dataclass

from ...model import Bus, ImpedanceBranch
from .context import Cim
from .rdf import CimObject

PHASE_CLASSES = ("PhaseTapChangerLinear", "PhaseTapChangerSymmetrical", "PhaseTapChangerAsymmetrical",
                 "PhaseTapChangerTabular", "PhaseTapChanger")


@dataclass(frozen=True)
class Step:
    """One tap changer at its current step: complex ratio a and % corrections of r, x, g, b."""

    ratio: float = 1.0
    angle_deg: float = 0.0
    r: float = 0.0
    x: float = 0.0
    g: float = 0.0
    b: float = 0.0

    @property
    def a(self) -> complex:
        return cmath.rect(self.ratio, math.radians(self.angle_deg))

    def moved(self) -> Step:
        """The same tap changer seen from the other end (powsybl moveTapChanger)."""
        a2 = abs(self.a) ** 2
        inv = 1 / self.a
        return Step(abs(inv), math.degrees(cmath.phase(inv)), 100 * ((1 + self.r / 100) * a2 - 1),
                    100 * ((1 + self.x / 100) * a2 - 1), 100 * ((1 + self.g / 100) / a2 - 1),
                    100 * ((1 + self.b / 100) / a2 - 1))

    def combined(self, other: Step) -> Step:
        a = self.a * other.a

        def corr(c1: float, c2: float) -> float:
            return 100 * ((1 + c1 / 100) * (1 + c2 / 100) - 1)
        return Step(abs(a), math.degrees(cmath.phase(a)), corr(self.r, other.r), corr(self.x, other.x),
                    corr(self.g, other.g), corr(self.b, other.b))


NO_TAP = Step()


class TapChangers:
    """Tap changers indexed by their TransformerEnd, and the table points by table."""

    def __init__(self, cim: Cim) -> None:
        self.cim = cim
        self.ratio: dict[str, CimObject] = {}
        self.phase: dict[str, CimObject] = {}
        for kind, classes, attr in (("ratio", ("RatioTapChanger",), "RatioTapChanger.TransformerEnd"),
                                    ("phase", PHASE_CLASSES, "PhaseTapChanger.TransformerEnd")):
            index = getattr(self, kind)
            for tc in cim.store.of(*classes):
                end = tc.attrs.get(attr)
                if not end:
                    raise cim.fail(tc, attr, "tap changer without its transformer end")
                if end in index:
                    raise cim.fail(tc, attr, f"a second {kind} tap changer on end '{end}' is not supported")
                index[end] = tc
        self.points: dict[str, dict[int, CimObject]] = {}
        for cls, attr in (("RatioTapChangerTablePoint", "RatioTapChangerTablePoint.RatioTapChangerTable"),
                          ("PhaseTapChangerTablePoint", "PhaseTapChangerTablePoint.PhaseTapChangerTable")):
            for p in cim.store.of(cls):
                table = p.attrs.get(attr)
                if table:
                    self.points.setdefault(table, {})[cim.integer(p, "TapChangerTablePoint.step")] = p

    def position(self, tc: CimObject) -> int:
        cim = self.cim
        neutral = cim.integer(tc, "TapChanger.neutralStep", 0)
        normal = cim.integer(tc, "TapChanger.normalStep", neutral)
        return cim.integer(tc, "TapChanger.step", normal)

    def _table(self, tc: CimObject, attr: str) -> dict[int, CimObject] | None:
        """The table points, if the table exists and has no missing step (powsybl isTableValid)."""
        table = tc.attrs.get(attr)
        points = self.points.get(table or "")
        if not points:
            return None
        lo = min(points)
        return points if all(k in points for k in range(lo, lo + len(points))) else None

    def _table_step(self, tc: CimObject, points: dict[int, CimObject], pos: int) -> Step:
        cim = self.cim
        if pos not in points:
            raise cim.fail(tc, "TapChanger.step", f"step {pos} is not in its tap changer table")
        p = points[pos]
        return Step(cim.num(p, "TapChangerTablePoint.ratio", 1.0), cim.num(p, "PhaseTapChangerTablePoint.angle", 0.0),
                    cim.num(p, "TapChangerTablePoint.r", 0.0), cim.num(p, "TapChangerTablePoint.x", 0.0),
                    cim.num(p, "TapChangerTablePoint.g", 0.0), cim.num(p, "TapChangerTablePoint.b", 0.0))

    def ratio_step(self, end: CimObject) -> Step:
        tc = self.ratio.get(end.id)
        if tc is None:
            return NO_TAP
        pos = self.position(tc)
        points = self._table(tc, "RatioTapChanger.RatioTapChangerTable")
        if points is not None:
            return self._table_step(tc, points, pos)
        svi = self.cim.num(tc, "RatioTapChanger.stepVoltageIncrement", 0.0)
        return Step(1 + (pos - self.cim.integer(tc, "TapChanger.neutralStep", 0)) * svi / 100)

    def phase_step(self, end: CimObject, xtx: float) -> Step:
        tc = self.phase.get(end.id)
        if tc is None:
            return NO_TAP
        cim = self.cim
        pos = self.position(tc)
        n = pos - cim.integer(tc, "TapChanger.neutralStep", 0)
        if tc.cls == "PhaseTapChangerTabular":
            points = self._table(tc, "PhaseTapChangerTabular.PhaseTapChangerTable")
            if points is not None:
                return self._table_step(tc, points, pos)
            return self._linear(tc, n, pos, xtx)
        if tc.cls == "PhaseTapChangerLinear":
            return self._linear(tc, n, pos, xtx)
        vsi = cim.num(tc, "PhaseTapChangerNonLinear.voltageStepIncrement", 0.0) / 100
        if tc.cls == "PhaseTapChangerAsymmetrical":
            theta = math.radians(cim.num(tc, "PhaseTapChangerAsymmetrical.windingConnectionAngle", 90.0))
            angle_of = self._asymmetrical_angle(vsi, theta)
        elif tc.cls == "PhaseTapChangerSymmetrical":
            def angle_of(k: int) -> tuple[float, float]:
                return 1.0, math.degrees(2 * math.atan(k * vsi / 2))
        else:
            raise cim.fail(tc, None, f"phase tap changer class {tc.cls} is not supported")
        ratio, angle = angle_of(n)
        x = self._step_x(tc, "PhaseTapChangerNonLinear", angle, [angle_of(k)[1] for k in self._steps(tc, pos)],
                         xtx, theta if tc.cls == "PhaseTapChangerAsymmetrical" else None)
        return Step(ratio, angle, x=x)

    @staticmethod
    def _asymmetrical_angle(vsi: float, theta: float):
        def angle_of(k: int) -> tuple[float, float]:
            dx = 1 + k * vsi * math.cos(theta)
            dy = k * vsi * math.sin(theta)
            return math.hypot(dx, dy), math.degrees(math.atan2(dy, dx))
        return angle_of

    def _steps(self, tc: CimObject, pos: int) -> range:
        cim = self.cim
        lo, hi = cim.integer(tc, "TapChanger.lowStep", pos), cim.integer(tc, "TapChanger.highStep", pos)
        neutral = cim.integer(tc, "TapChanger.neutralStep", 0)
        return range(lo - neutral, hi - neutral + 1)

    def _linear(self, tc: CimObject, n: int, pos: int, xtx: float) -> Step:
        inc = self.cim.num(tc, "PhaseTapChangerLinear.stepPhaseShiftIncrement", 0.0)
        angle = n * inc
        x = self._step_x(tc, "PhaseTapChangerLinear", angle, [k * inc for k in self._steps(tc, pos)], xtx, None)
        return Step(1.0, angle, x=x)

    def _step_x(self, tc: CimObject, prefix: str, angle: float, all_angles: list[float], xtx: float,
                theta: float | None) -> float:
        """Step reactance correction (%) from xMin/xMax (powsybl CgmesPhaseTapChangerBuilder)."""
        cim = self.cim
        x_min = cim.opt_num(tc, f"{prefix}.xMin") or 0.0
        x_max = cim.opt_num(tc, f"{prefix}.xMax")
        if x_min <= 0:
            x_min = xtx
        if x_max is None or x_min < 0 or x_max <= 0 or x_min > x_max or xtx == 0:
            return 0.0
        a_max = max(all_angles, default=0.0)
        if a_max == 0:
            return 0.0  # powsybl sets x = 0 here; with no phase shift the correction is moot
        a, am = math.radians(angle), math.radians(a_max)
        if theta is None:
            x = x_min + (x_max - x_min) * (math.sin(a / 2) / math.sin(am / 2)) ** 2
        else:
            num = math.sin(theta) - math.tan(am) * math.cos(theta)
            den = math.sin(theta) - math.tan(a) * math.cos(theta)
            x = x_min + (x_max - x_min) * (math.tan(a) / math.tan(am) * num / den) ** 2
        return 100 * (x - xtx) / xtx


@dataclass
class Winding:
    """One transformer end: impedance (ohm), shunt (S) at its ratedU, terminal and rated values."""

    end: CimObject
    r: float
    x: float
    g: float
    b: float
    rated_kv: float
    rated_mva: float | None
    terminal: CimObject


@dataclass
class IidmBranch:
    """A branch as IIDM holds it: ideal rho e^(j alpha) at side 1, y on its secondary, z in ohm."""

    rho: float
    alpha_deg: float
    z: complex
    y: complex


def _apply(z: complex, y: complex, *steps: Step) -> tuple[complex, complex]:
    r, x, g, b = z.real, z.imag, y.real, y.imag
    for s in steps:
        r, x, g, b = r * (1 + s.r / 100), x * (1 + s.x / 100), g * (1 + s.g / 100), b * (1 + s.b / 100)
    return complex(r, x), complex(g, b)


def two_winding(w1: Winding, w2: Winding, taps: TapChangers) -> IidmBranch:
    a0 = w2.rated_kv / w1.rated_kv
    at_end2 = w1.rated_kv != w2.rated_kv and w1.x != 0
    z = complex(w1.r + w2.r, w1.x + w2.x)
    xtx2 = z.imag * a0**2 if at_end2 else z.imag
    rtc = taps.ratio_step(w1.end).combined(taps.ratio_step(w2.end).moved())
    ptc = taps.phase_step(w1.end, z.imag).combined(taps.phase_step(w2.end, xtx2).moved())
    y = complex(w1.g + w2.g, w1.b + w2.b)
    if at_end2:
        z, y = z * a0**2, y / a0**2
    z, y = _apply(z, y, rtc, ptc)
    return IidmBranch(a0 / rtc.ratio / ptc.ratio, -(rtc.angle_deg + ptc.angle_deg), z, y)


def leg(w: Winding, rated_u0: float, taps: TapChangers) -> IidmBranch:
    a0 = rated_u0 / w.rated_kv
    rtc, ptc = taps.ratio_step(w.end), taps.phase_step(w.end, w.x)
    z, y = _apply(complex(w.r, w.x) * a0**2, complex(w.g, w.b) / a0**2, rtc, ptc)
    return IidmBranch(a0 / rtc.ratio / ptc.ratio, -(rtc.angle_deg + ptc.angle_deg), z, y)


def to_impedance_branch(br: IidmBranch, *, id: str, name: str, from_bus: str, to_bus: str, kv1: float,
                        kv2: float, base_mva: float, rating: float | None, in_service: bool) -> ImpedanceBranch:
    """OpenLoadFlow's per-unit branch written as MATPOWER's (see the module docstring)."""
    z_base = kv2**2 / base_mva
    z, y = br.z / z_base, br.y * z_base
    return ImpedanceBranch(
        id=id, name=name, from_bus=from_bus, to_bus=to_bus, r_pu=z.real, x_pu=z.imag, g_mag_pu=y.real,
        b_mag_pu=y.imag, tap_ratio=1 / (br.rho * kv1 / kv2), shift_degree=-br.alpha_deg, is_transformer=True,
        rate_a_mva=rating or 0.0, in_service=in_service,
    )


def star_bus(transformer_id: str, name: str, rated_u0: float) -> Bus:
    return Bus(id=f"{transformer_id}#star", name=f"{name} star point" if name else "", vn_kv=rated_u0)
