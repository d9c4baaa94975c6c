"""Per-unit models of each element: positive-sequence two-ports and IEC 60909 sequence impedances.

Every branch becomes the four entries (Yff, Yft, Ytf, Ytt) of its 2x2 admittance matrix on the
system base, so one Ybus builder and one flow calculation serve lines, transformers and
MATPOWER branches alike. Formulas follow pandapower (lines, transformers; "t" model by default)
and MATPOWER (impedance branches) so that results can be compared with both.

The second half holds the short-circuit (IEC 60909-0) models of the same elements and of the
sources: series impedances of the positive/negative and zero sequence with the correction
factors K_T and K_G, the earthing paths of each vector group, and the source impedances behind
the equivalent voltage source. `gridsolve.sequences` puts them into columns; nothing else
computes an element's impedance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np

from .errors import InvalidNetworkError, StudyInputError
from .model import ExternalGrid, Generator, ImpedanceBranch, Line, Motor, Transformer, Transformer3W

SQRT3 = np.sqrt(3.0)


@dataclass(frozen=True)
class TwoPort:
    yff: complex
    yft: complex
    ytf: complex
    ytt: complex
    tap: complex = 1.0  # ideal-transformer ratio at the from end (used by fast-decoupled B matrices)


def pi_two_port(z_series: complex, y_shunt_from: complex, y_shunt_to: complex, tap: complex = 1.0) -> TwoPort:
    """Pi section with an ideal transformer of complex ratio `tap` at the from end (MATPOWER form)."""
    ys = 1.0 / z_series
    return TwoPort(
        yff=(ys + y_shunt_from) / (tap * np.conj(tap)),
        yft=-ys / np.conj(tap),
        ytf=-ys / tap,
        ytt=ys + y_shunt_to,
        tap=complex(tap),
    )


def t_two_port(z_from: complex, z_to: complex, y_mag: complex, tap: complex = 1.0) -> TwoPort:
    """T circuit (two series halves, magnetizing branch in the middle) behind an ideal transformer.

    Eliminating the middle node gives the exact pi equivalent (pandapower's wye-delta step).
    """
    if y_mag == 0:
        return pi_two_port(z_from + z_to, 0.0, 0.0, tap)
    ya, yb = 1.0 / z_from, 1.0 / z_to
    denom = ya + yb + y_mag
    yff = ya - ya * ya / denom
    ytt = yb - yb * yb / denom
    yft = -ya * yb / denom
    return TwoPort(
        yff=yff / (tap * np.conj(tap)),
        yft=yft / np.conj(tap),
        ytf=yft / tap,
        ytt=ytt,
        tap=complex(tap),
    )


def line_two_port(line: Line, vn_kv: float, base_mva: float, f_hz: float) -> TwoPort:
    """pandapower's line: per-km R, X, C, G times length, divided among `parallel` circuits."""
    if vn_kv <= 0:
        raise InvalidNetworkError("line needs buses with a nominal voltage (vn_kv > 0)", element_id=line.id,
                                  field="from_bus")
    z_base = vn_kv**2 / base_mva
    r = line.r_ohm_per_km * line.length_km / z_base / line.parallel
    x = line.x_ohm_per_km * line.length_km / z_base / line.parallel
    if r == 0 and x == 0:
        raise InvalidNetworkError("line has zero impedance; use a bus-bus switch instead", element_id=line.id,
                                  field="x_ohm_per_km")
    b = 2 * np.pi * f_hz * line.c_nf_per_km * 1e-9 * z_base * line.length_km * line.parallel
    g = line.g_us_per_km * 1e-6 * z_base * line.length_km * line.parallel
    y_half = (g + 1j * b) / 2
    return pi_two_port(complex(r, x), y_half, y_half)


@dataclass(frozen=True)
class TwoPorts:
    """The four admittances and tap of many two-ports at once (arrays, pu)."""

    yff: np.ndarray
    yft: np.ndarray
    ytf: np.ndarray
    ytt: np.ndarray
    tap: np.ndarray


def python_reciprocal(re: np.ndarray, im: np.ndarray) -> np.ndarray:
    """1 / (re + j im) exactly as CPython's complex division computes it (Smith's algorithm,
    Objects/complexobject.c `_Py_c_quot` with numerator 1), which rounds differently from numpy's;
    used so that array-built two-ports equal the scalar `pi_two_port` bit for bit."""
    with np.errstate(divide="ignore", invalid="ignore"):
        by_re = np.abs(re) >= np.abs(im)
        ratio = np.where(by_re, im / re, re / im)
        denom = np.where(by_re, re + im * ratio, re * ratio + im)
        real = np.where(by_re, (1.0 + 0.0 * ratio) / denom, (1.0 * ratio + 0.0) / denom)
        imag = np.where(by_re, (0.0 - 1.0 * ratio) / denom, (0.0 * ratio - 1.0) / denom)
    out = np.empty(len(real), dtype=complex)
    out.real, out.imag = real, imag
    return out


def impedance_branch_two_ports(branches: list[ImpedanceBranch]) -> TwoPorts:
    """`impedance_branch_two_port` for a list of branches as array expressions: the same
    formulas and operation order, so the same numbers, without a Python call per branch."""
    k = len(branches)
    col = np.array([(b.r_pu, b.x_pu, b.b_pu, b.g_mag_pu, b.b_mag_pu, b.tap_ratio, b.shift_degree) for b in branches],
                   dtype=float).reshape(k, 7)
    return impedance_two_ports(*col.T, ids=[b.id for b in branches])


def impedance_two_ports(r: np.ndarray, x: np.ndarray, b: np.ndarray, g_mag: np.ndarray, b_mag: np.ndarray,
                        ratio: np.ndarray, shift: np.ndarray, *, ids: list[str]) -> TwoPorts:
    """`impedance_branch_two_ports` from the branches' columns (`ids` name a branch in an error)."""
    r, x, b, g_mag, b_mag, ratio, shift = (np.asarray(c, dtype=float) for c in (r, x, b, g_mag, b_mag, ratio, shift))
    k = len(r)
    bad = np.flatnonzero((r == 0) & (x == 0))
    if len(bad):
        raise InvalidNetworkError("branch has zero impedance (r_pu = x_pu = 0)", element_id=ids[bad[0]],
                                  field="x_pu")
    tap = ratio * np.exp(1j * np.deg2rad(shift))
    ys = python_reciprocal(r, x)
    y_from = 1j * b / 2 + (g_mag + 1j * b_mag)
    y_to = 1j * b / 2
    # tap * conj(tap) with separate float products: numpy's SIMD complex multiply may fuse
    # (FMA) and leave a 1e-18 imaginary part that the scalar product does not have.
    tap_sq = np.empty(k, dtype=complex)
    tap_sq.real = tap.real * tap.real - tap.imag * -tap.imag
    tap_sq.imag = tap.real * -tap.imag + tap.imag * tap.real
    return TwoPorts(yff=(ys + y_from) / tap_sq, yft=-ys / np.conj(tap), ytf=-ys / tap, ytt=ys + y_to,
                    tap=tap.astype(complex))


def impedance_branch_two_port(br: ImpedanceBranch) -> TwoPort:
    """MATPOWER's branch model, plus an optional magnetizing shunt at the from end."""
    if br.r_pu == 0 and br.x_pu == 0:
        raise InvalidNetworkError("branch has zero impedance (r_pu = x_pu = 0)", element_id=br.id, field="x_pu")
    tap = br.tap_ratio * np.exp(1j * np.deg2rad(br.shift_degree))
    y_from = 1j * br.b_pu / 2 + complex(br.g_mag_pu, br.b_mag_pu)
    return pi_two_port(complex(br.r_pu, br.x_pu), y_from, 1j * br.b_pu / 2, tap)


def tap_adjusted_voltages(
    vn_hv_kv: float,
    vn_lv_kv: float,
    tap_side: str | None,
    tap_pos: int,
    tap_neutral: int,
    tap_step_percent: float,
    tap_step_degree: float,
    tap_changer_type: str = "ratio",
) -> tuple[float, float, float]:
    """Rated voltages after the tap changer, and the extra phase shift in degrees (pandapower 3).

    "ratio"/"symmetrical": the tapped winding's voltage becomes |u1 + du e^(j step_degree)|
    with du = u1 * diff * step_percent, and the shift is atan(du sin / (u1 + du cos)).
    "ideal" (phase shifter): the voltages stay; the shift is diff * step_degree, or, when only
    step_percent is given, 2 asin(diff * step_percent / 200). The shift counts positive for a
    tap on the HV side and negative on the LV side (pandapower's `direction`).
    """
    shift = 0.0
    if tap_side is None or tap_pos == tap_neutral:
        return vn_hv_kv, vn_lv_kv, shift
    diff = tap_pos - tap_neutral
    sign = 1.0 if tap_side == "hv" else -1.0
    u1 = vn_hv_kv if tap_side == "hv" else vn_lv_kv
    if tap_changer_type == "ideal":
        if tap_step_degree:
            shift = sign * diff * tap_step_degree
        else:
            shift = sign * 2 * float(np.rad2deg(np.arcsin(diff * tap_step_percent / 100 / 2)))
        return vn_hv_kv, vn_lv_kv, shift
    du = u1 * diff * tap_step_percent / 100
    angle = np.deg2rad(tap_step_degree)
    u_new = float(np.sqrt((u1 + du * np.cos(angle)) ** 2 + (du * np.sin(angle)) ** 2))
    if tap_step_degree:
        shift = float(np.rad2deg(np.arctan(sign * du * np.sin(angle) / (u1 + du * np.cos(angle)))))
    if tap_side == "hv":
        return u_new, vn_lv_kv, shift
    return vn_hv_kv, u_new, shift


def transformer_ratio(vn_hv_kv: float, vn_lv_kv: float, bus_hv_kv: float, bus_lv_kv: float) -> float:
    """Off-nominal ratio of a transformer between buses of nominal voltage bus_hv/bus_lv (pandapower)."""
    return (vn_hv_kv / vn_lv_kv) / (bus_hv_kv / bus_lv_kv)


def lv_referral(vn_lv_kv: float, bus_lv_kv: float, base_mva: float) -> float:
    """(vn_lv / Un_lv)^2 * S_base: turns an impedance in pu of the rating (times 1/S_r) into system pu
    on the LV bus's base (pandapower's `tap_lv`)."""
    return (vn_lv_kv / bus_lv_kv) ** 2 * base_mva


def leakage_impedance(vk_percent: float, vkr_percent: float, sn_mva: float, tap_lv: float, parallel: int = 1
                      ) -> complex:
    """R + jX of the short-circuit voltage uk (vk, vkr in % of the rating), system pu on the LV base
    (`tap_lv` from lv_referral), `parallel` units in parallel (pandapower's `_calc_r_x_from_dataframe`)."""
    z = vk_percent / 100 / sn_mva * tap_lv / parallel
    r = vkr_percent / 100 / sn_mva * tap_lv / parallel
    return complex(r, np.sqrt(max(z**2 - r**2, 0.0)))


def transformer_two_port(
    sn_mva: float,
    vn_hv_kv: float,
    vn_lv_kv: float,
    vk_percent: float,
    vkr_percent: float,
    pfe_kw: float,
    i0_percent: float,
    shift_degree: float,
    bus_hv_kv: float,
    bus_lv_kv: float,
    base_mva: float,
    parallel: int = 1,
    model: str = "t",
    element_id: str = "",
) -> TwoPort:
    """pandapower's transformer: impedances referred to the LV side, ratio and shift on the HV side.

    `vn_hv_kv`/`vn_lv_kv` are the rated voltages after the tap changer. The leakage impedance
    is split equally around the magnetizing branch in the "t" model.
    """
    if bus_hv_kv <= 0 or bus_lv_kv <= 0:
        raise InvalidNetworkError("transformer needs buses with a nominal voltage", element_id=element_id,
                                  field="hv_bus")
    if abs(vkr_percent) > abs(vk_percent):
        raise InvalidNetworkError("vkr_percent exceeds vk_percent", element_id=element_id, field="vkr_percent")
    tap_lv = lv_referral(vn_lv_kv, bus_lv_kv, base_mva)
    zs = leakage_impedance(vk_percent, vkr_percent, sn_mva, tap_lv, parallel)
    z_base_lv = bus_lv_kv**2 / base_mva
    g_mag = pfe_kw * 1e-3 / vn_lv_kv**2 * z_base_lv
    y_abs = abs(i0_percent) / 100 * sn_mva / vn_lv_kv**2 * z_base_lv
    # A negative no-load current (seen in cases converted from MATPOWER) makes the magnetizing
    # susceptance capacitive, as in pandapower.
    b_mag = np.sign(i0_percent) * np.sqrt(max(y_abs**2 - g_mag**2, 0.0))
    y_mag = complex(g_mag, -b_mag) * parallel
    ratio = transformer_ratio(vn_hv_kv, vn_lv_kv, bus_hv_kv, bus_lv_kv)
    tap = ratio * np.exp(1j * np.deg2rad(shift_degree))
    if model == "t":
        return t_two_port(zs / 2, zs / 2, y_mag, tap)
    return pi_two_port(zs, y_mag / 2, y_mag / 2, tap)


def two_winding_two_port(tr: Transformer, bus_hv_kv: float, bus_lv_kv: float, base_mva: float,
                         model: str = "t") -> TwoPort:
    hv, lv, extra_shift = tap_adjusted_voltages(
        tr.vn_hv_kv, tr.vn_lv_kv, tr.tap_side, tr.tap_pos, tr.tap_neutral,
        tr.tap_step_percent, tr.tap_step_degree, tr.tap_changer_type,
    )
    return transformer_two_port(
        tr.sn_mva, hv, lv, tr.vk_percent, tr.vkr_percent, tr.pfe_kw, tr.i0_percent,
        tr.shift_degree + extra_shift, bus_hv_kv, bus_lv_kv, base_mva, tr.parallel, model=model, element_id=tr.id,
    )


def star_equivalent(vk_hv_mv: float, vk_mv_lv: float, vk_hv_lv: float,
                    sn_hv: float, sn_mv: float, sn_lv: float) -> tuple[float, float, float]:
    """Convert the three pairwise short-circuit voltages to star values on the HV rating (pandapower)."""
    z = np.array([vk_hv_mv, vk_mv_lv, vk_hv_lv])
    sn = np.array([min(sn_hv, sn_mv), min(sn_mv, sn_lv), min(sn_hv, sn_lv)])
    star = 0.5 * sn_hv * np.array([
        z[0] / sn[0] + z[2] / sn[2] - z[1] / sn[1],
        z[1] / sn[1] + z[0] / sn[0] - z[2] / sn[2],
        z[2] / sn[2] + z[1] / sn[1] - z[0] / sn[0],
    ])
    return float(star[0]), float(star[1]), float(star[2])


def star_equivalent_vk(tr: Transformer3W) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
    """Star-branch (vk, vkr) in % on sn_hv_mva, as pandapower builds them.

    pandapower star-converts the resistive parts and the reactive parts sqrt(vk^2 - vkr^2)
    separately (not vk and vkr), then recombines each branch's vk with the reactive sign.
    """
    sn = (tr.sn_hv_mva, tr.sn_mv_mva, tr.sn_lv_mva)
    pairs_vk = (tr.vk_hv_percent, tr.vk_mv_percent, tr.vk_lv_percent)
    pairs_vkr = (tr.vkr_hv_percent, tr.vkr_mv_percent, tr.vkr_lv_percent)
    pairs_vki = tuple(float(np.sqrt(vk**2 - vkr**2)) for vk, vkr in zip(pairs_vk, pairs_vkr, strict=True))
    vkr = star_equivalent(*pairs_vkr, *sn)
    vki = star_equivalent(pairs_vki[0], pairs_vki[1], pairs_vki[2], *sn)
    vk = tuple(float(np.sign(i) * np.hypot(i, r)) for i, r in zip(vki, vkr, strict=True))
    return vk, vkr  # type: ignore[return-value]


def three_winding_two_ports(
    tr: Transformer3W, bus_kv: tuple[float, float, float], base_mva: float, star_kv: float | None = None
) -> tuple[TwoPort, TwoPort, TwoPort]:
    """The HV, MV and LV branches to the star point, exactly as pandapower decomposes them.

    Each winding is a two-winding transformer (pandapower's `_trafo_df_from_trafo3w`): HV is
    hv bus -> star with rated voltages vn_hv/vn_hv, MV and LV are star -> mv/lv bus with rated
    vn_hv/vn_mv and vn_hv/vn_lv; the no-load losses sit in the HV branch (trafo3w_losses="hv"),
    T model. `star_kv` is the star point's base voltage (pandapower: the HV bus's vn_kv). A tap
    changer on the MV/LV side acts on that branch's LV winding; `tap_at_star_point` moves it to
    the star side with pandapower's corrected step.
    """
    if bus_kv[0] <= 0:
        raise InvalidNetworkError("transformer needs buses with a nominal voltage", element_id=tr.id,
                                  field="hv_bus")
    star_kv = bus_kv[0] if star_kv is None else star_kv
    vk, vkr = star_equivalent_vk(tr)
    for value, field in zip(vk, ("vk_hv_percent", "vk_mv_percent", "vk_lv_percent"), strict=True):
        if value == 0:
            raise InvalidNetworkError("star-equivalent short-circuit voltage is zero", element_id=tr.id,
                                      field=field)
    sides = ("hv", "mv", "lv")
    rated_lv = {"hv": tr.vn_hv_kv, "mv": tr.vn_mv_kv, "lv": tr.vn_lv_kv}
    sn_side = {"hv": tr.sn_hv_mva, "mv": tr.sn_mv_mva, "lv": tr.sn_lv_mva}
    shift = {"hv": 0.0, "mv": tr.shift_mv_degree, "lv": tr.shift_lv_degree}
    out = []
    for k, side in enumerate(sides):
        vn_hv, vn_lv, extra = tr.vn_hv_kv, rated_lv[side], 0.0
        if tr.tap_side == side and tr.tap_pos != tr.tap_neutral:
            step_pct, step_deg = tr.tap_step_percent, tr.tap_step_degree
            tap_side = "hv" if side == "hv" else "lv"
            if tr.tap_at_star_point:
                t = step_pct * np.exp(1j * np.deg2rad(step_deg))
                t_corr = 100 * t / (100 + t * (tr.tap_pos - tr.tap_neutral))
                step_pct = float(np.abs(t_corr))
                step_deg = float(np.rad2deg(np.angle(t_corr))) - 180
                tap_side = "lv" if side == "hv" else "hv"
            vn_hv, vn_lv, extra = tap_adjusted_voltages(vn_hv, vn_lv, tap_side, tr.tap_pos, tr.tap_neutral,
                                                        step_pct, step_deg)
        hv_kv, lv_kv = (bus_kv[0], star_kv) if side == "hv" else (star_kv, bus_kv[k])
        out.append(transformer_two_port(
            sn_side[side], vn_hv, vn_lv, vk[k] * sn_side[side] / tr.sn_hv_mva, vkr[k] * sn_side[side] / tr.sn_hv_mva,
            tr.pfe_kw if side == "hv" else 0.0, tr.i0_percent if side == "hv" else 0.0,
            shift[side] + extra, hv_kv, lv_kv, base_mva, element_id=tr.id,
        ))
    return out[0], out[1], out[2]


# ------------------------------------------------------------------------------------------------
# IEC 60909-0 sequence impedances (pu on the system base; a branch's series impedance is referred
# to its to-bus base behind an ideal ratio at the from end, as in the two-ports above). Loads, line
# capacitances of the positive/negative sequence, magnetizing branches and tap positions are
# neglected (IEC 60909-0 §3.2 and pandapower's calc_sc); transformers use their rated ratio.

#: Transformer star-point connection per winding token of a vector group.
_WINDING = re.compile(r"(yn|zn|y|d|z)")
EARTHED_WINDINGS = ("yn", "zn")


@dataclass(frozen=True)
class SeriesZ:
    """A branch in one sequence: series impedance `z` behind the rated `ratio`, pi shunts inside the ratio."""

    z: complex
    ratio: float = 1.0
    y_from: complex = 0.0
    y_to: complex = 0.0


@dataclass(frozen=True)
class ZeroSequence:
    """A branch's zero-sequence model: a series path, earthing shunts at its ends (on each end bus's
    own base), both or neither; `missing` names the first field without which it is undefined."""

    series: SeriesZ | None = None
    y_earth_from: complex = 0.0
    y_earth_to: complex = 0.0
    missing: str | None = None


@dataclass(frozen=True)
class SourceImpedance:
    """A voltage source behind the equivalent voltage source c Un / sqrt(3), per sequence, pu.

    `zp` is the impedance for the peak current (generators with the fictitious R_Gf), `xk_pu` the
    corrected reactance K X''d used by the breaking current's mu, `ir_ka` the rated current."""

    z1: complex
    z2: complex
    zp: complex
    z0: complex | None = None
    xk_pu: float = 0.0
    ir_ka: float = float("nan")
    missing0: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    m_mw: float = float("nan")  # motors: rated power per pole pair P_rM/p (breaking-current factor q)
    corrections: tuple[tuple[str, float, str], ...] = ()  # (factor, value, IEC 60909-0 clause)


def parse_vector_group(vector_group: str, n_windings: int, element_id: str) -> list[str]:
    """'Dyn5' -> ['d', 'yn']; 'YNyn0d5' -> ['yn', 'yn', 'd']."""
    text = re.sub(r"[0-9]", "", vector_group or "").lower()
    tokens = _WINDING.findall(text)
    if "".join(tokens) != text or len(tokens) != n_windings:
        raise StudyInputError(f"cannot read vector group '{vector_group}' ({n_windings} windings expected)",
                              element_id=element_id, field="vector_group")
    return tokens


def transformer_kt(vk_percent: float, vkr_percent: float, c_max: float) -> float:
    """IEC 60909-0:2016 eq. (12a): network transformers' K_T = 0.95 c_max / (1 + 0.6 x_T)."""
    xt = np.sqrt(max(vk_percent**2 - vkr_percent**2, 0.0)) / 100
    return 0.95 * c_max / (1 + 0.6 * xt)


def line_r_factor(line: Line, case: str) -> float:
    """IEC 60909-0 §10 (minimum currents): R_L = [1 + 0.004/K (theta_e - 20 degC)] R_L20."""
    if case == "min" and line.endtemp_degree is not None:
        return 1 + 0.004 * (line.endtemp_degree - 20)
    return 1.0


def line_sequences(line: Line, vn_kv: float, base_mva: float, f_hz: float, case: str
                   ) -> tuple[SeriesZ, ZeroSequence]:
    """Positive/negative (R, X; capacitance neglected) and zero sequence (R0, X0, C0) of a line
    (IEC 60909-0 §6.3, pandapower's line sc model), resistances at the case's temperature."""
    zb = vn_kv**2 / base_mva
    rf = line_r_factor(line, case)
    z1 = complex(line.r_ohm_per_km * rf, line.x_ohm_per_km) * line.length_km / line.parallel / zb
    if line.r0_ohm_per_km is None or line.x0_ohm_per_km is None:
        return SeriesZ(z1), ZeroSequence(missing="r0_ohm_per_km" if line.r0_ohm_per_km is None else "x0_ohm_per_km")
    z0 = complex(line.r0_ohm_per_km * rf, line.x0_ohm_per_km) * line.length_km / line.parallel / zb
    b0 = 2 * np.pi * f_hz * (line.c0_nf_per_km or 0.0) * 1e-9 * zb * line.length_km * line.parallel
    return SeriesZ(z1), ZeroSequence(SeriesZ(z0, 1.0, 0.5j * b0, 0.5j * b0))


def open_end_admittance(series: SeriesZ, live_at_from: bool) -> complex:
    """The shunt a pi branch open at one end presents at its live end (near shunt plus the far one
    through the series impedance; ratio 1), in the well-conditioned form."""
    y_near, y_far = (series.y_from, series.y_to) if live_at_from else (series.y_to, series.y_from)
    if y_far == 0:
        return y_near
    return y_near + 1 / (series.z + 1 / y_far)


def transformer_sc_series(tr: Transformer, bus_hv_kv: float, bus_lv_kv: float, base_mva: float, kt: float
                          ) -> SeriesZ:
    """Positive/negative-sequence impedance K_T (R_T + jX_T) of a two-winding transformer, rated ratio
    (IEC 60909-0 §6.3.3; pandapower's `_calc_r_x_from_dataframe` in sc mode)."""
    tap_lv = lv_referral(tr.vn_lv_kv, bus_lv_kv, base_mva)
    z1 = leakage_impedance(tr.vk_percent, tr.vkr_percent, tr.sn_mva, tap_lv, tr.parallel) * kt
    return SeriesZ(z1, transformer_ratio(tr.vn_hv_kv, tr.vn_lv_kv, bus_hv_kv, bus_lv_kv))


def transformer_zero_sequence(tr: Transformer, bus_hv_kv: float, bus_lv_kv: float, base_mva: float, kt: float
                              ) -> ZeroSequence:
    """Zero sequence of a two-winding transformer by vector group and neutral earthing (IEC 60909-0
    §6.3.3 and table 2 / fig. 5; pandapower's `_add_trafo_sc_impedance_zero`, pi variant).

    Dyn/Dzn earth the LV side, YNd/ZNd the HV side, Yyn/YNy earth one side through the magnetizing
    impedance, YNyn passes zero-sequence current through a T circuit (si0_hv_partial splits the
    leakage); 3 Z_N of the neutral earthing is added to the earthed side."""
    hv_w, lv_w = parse_vector_group(tr.vector_group, 2, tr.id)
    if hv_w not in EARTHED_WINDINGS and lv_w not in EARTHED_WINDINGS:
        return ZeroSequence()  # no zero-sequence path through or to earth
    if tr.vk0_percent is None:
        return ZeroSequence(missing="vk0_percent")
    vkr0 = tr.vkr0_percent if tr.vkr0_percent is not None else tr.vkr_percent
    ratio = transformer_ratio(tr.vn_hv_kv, tr.vn_lv_kv, bus_hv_kv, bus_lv_kv)
    group = hv_w + lv_w
    if group in ("ynd", "yny", "zny", "znd"):
        tap_corr = lv_referral(tr.vn_hv_kv, bus_hv_kv, base_mva)
    else:
        tap_corr = lv_referral(tr.vn_lv_kv, bus_lv_kv, base_mva)
    z_sc = tr.vk0_percent / 100 / tr.sn_mva * tap_corr
    r_sc = vkr0 / 100 / tr.sn_mva * tap_corr
    x_sc = np.sqrt(max(z_sc**2 - r_sc**2, 0.0))
    z0k = complex(r_sc, x_sc) / tr.parallel * kt
    zn_ohm = complex(tr.rn_ohm or 0.0, tr.xn_ohm or 0.0)
    if zn_ohm != 0:
        vb_earth = bus_hv_kv if hv_w in EARTHED_WINDINGS and group != "dyn" else bus_lv_kv
        z0k = z0k + 3 * zn_ohm / (vb_earth**2 / base_mva)
    if group in ("dyn", "dzn"):
        return ZeroSequence(y_earth_to=1 / z0k)
    if group in ("ynd", "znd"):
        return ZeroSequence(y_earth_from=1 / z0k)
    through = group in ("ynyn", "znyn", "ynzn", "znzn")
    if not through and group not in ("yyn", "yzn", "yny", "zny"):
        raise StudyInputError(f"zero-sequence model for vector group '{tr.vector_group}' is not available",
                              element_id=tr.id, field="vector_group")
    si0 = tr.si0_hv_partial
    if through and si0 is None:
        return ZeroSequence(missing="si0_hv_partial")
    if tr.mag0_percent is None:
        return ZeroSequence(missing="mag0_percent")
    rx = tr.mag0_rx or 0.0
    xm = z_sc * tr.mag0_percent / 100 / np.sqrt(rx**2 + 1)
    z_mag = complex(xm * rx, xm) / tr.parallel
    if group in ("yyn", "yzn"):
        return ZeroSequence(y_earth_to=1 / (z_mag + z0k))
    if group in ("yny", "zny"):
        return ZeroSequence(y_earth_from=1 / (z_mag + z0k))
    assert si0 is not None
    z1 = si0 * z0k
    z2 = (1 - si0) * z0k
    zt = z1 * z2 + z2 * z_mag + z1 * z_mag
    za, zb, zc = zt / z2, zt / z1, zt / z_mag
    # T model as a pi: series zc, shunts za (HV, on the LV base) and zb (LV), ratio at HV.
    return ZeroSequence(SeriesZ(zc, ratio, 1 / za, 1 / zb))


def three_winding_kt(tr: Transformer3W, case: str, c_max: tuple[float, float, float] = (1.1, 1.1, 1.1)
                     ) -> list[float]:
    """K_T per winding pair HV-MV, MV-LV, HV-LV (IEC 60909-0 §6.3.3 eq. (13)): K_TAB = 0.95 c_max /
    (1 + 0.6 x_TAB) with the pair's own x_T, c_max of the pair's lower-voltage side (`c_max` per
    winding hv, mv, lv; 1.1 above 1 kV, as pandapower applies it); 1 in the min case."""
    vk = (tr.vk_hv_percent, tr.vk_mv_percent, tr.vk_lv_percent)
    vkr = (tr.vkr_hv_percent, tr.vkr_mv_percent, tr.vkr_lv_percent)
    c_pair = (c_max[1], c_max[2], c_max[2])  # the MV side of HV-MV, the LV side of MV-LV and HV-LV
    return [transformer_kt(a, b, c) if case == "max" else 1.0 for a, b, c in zip(vk, vkr, c_pair, strict=True)]


def _three_winding_star(tr: Transformer3W, vk: list[float], vkr: list[float], kt: list[float]
                        ) -> tuple[np.ndarray, np.ndarray]:
    """Star (per winding) vkr and vkx in %, each on its winding's rating (pandapower's sc conversion:
    K_T applied to each pair before the star transformation)."""
    sn = np.array([tr.sn_hv_mva, tr.sn_mv_mva, tr.sn_lv_mva])
    sn_pair = np.array([min(sn[0], sn[1]), min(sn[1], sn[2]), min(sn[0], sn[2])])
    vk_d = sn[0] * np.asarray(vk) / sn_pair * np.asarray(kt)
    vkr_d = sn[0] * np.asarray(vkr) / sn_pair * np.asarray(kt)
    vkx_d = np.sqrt(np.maximum(vk_d**2 - vkr_d**2, 0.0))

    def star(z):
        return 0.5 * sn / sn[0] * np.array([z[0] + z[2] - z[1], z[1] + z[0] - z[2], z[2] + z[1] - z[0]])

    return star(vkr_d), star(vkx_d)


def _three_winding_legs(tr: Transformer3W, vkr_s: np.ndarray, vkx_s: np.ndarray, bus_kv: tuple[float, ...],
                        star_kv: float, base_mva: float) -> list[SeriesZ]:
    """The HV leg (hv bus -> star) and the MV/LV legs (star -> bus), pandapower's decomposition."""
    sn = (tr.sn_hv_mva, tr.sn_mv_mva, tr.sn_lv_mva)
    vn_w = (tr.vn_hv_kv, tr.vn_mv_kv, tr.vn_lv_kv)
    out = []
    for w in range(3):
        vb_lv = star_kv if w == 0 else bus_kv[w]
        vn_lv = tr.vn_hv_kv if w == 0 else vn_w[w]
        z = complex(vkr_s[w], vkx_s[w]) / 100 / sn[w] * lv_referral(vn_lv, vb_lv, base_mva)
        if w == 0:
            ratio = transformer_ratio(tr.vn_hv_kv, tr.vn_hv_kv, bus_kv[0], star_kv)
        else:
            ratio = transformer_ratio(tr.vn_hv_kv, vn_w[w], star_kv, bus_kv[w])
        out.append(SeriesZ(z, ratio))
    return out


def three_winding_sc_series(tr: Transformer3W, bus_kv: tuple[float, ...], star_kv: float, base_mva: float,
                            kt: list[float]) -> list[SeriesZ]:
    """Positive/negative-sequence legs of a three-winding transformer (IEC 60909-0 §6.3.3 eq. (13))."""
    vk = [tr.vk_hv_percent, tr.vk_mv_percent, tr.vk_lv_percent]
    vkr = [tr.vkr_hv_percent, tr.vkr_mv_percent, tr.vkr_lv_percent]
    return _three_winding_legs(tr, *_three_winding_star(tr, vk, vkr, kt), bus_kv, star_kv, base_mva)


def three_winding_zero_sequence(tr: Transformer3W, bus_kv: tuple[float, ...], star_kv: float, base_mva: float,
                                kt: list[float]) -> tuple[list[ZeroSequence], str | None]:
    """Zero-sequence legs: an earthed star winding (YN/ZN) passes current, a delta winding earths the
    star point through its leg, an unearthed star blocks (pandapower's trafo3w zero sequence).
    Returns one model per leg and the first missing field (None when complete)."""
    windings = parse_vector_group(tr.vector_group, 3, tr.id)
    if not any(w in EARTHED_WINDINGS for w in windings):
        return [ZeroSequence()] * 3, None
    given = [tr.vk0_hv_percent, tr.vk0_mv_percent, tr.vk0_lv_percent]
    vk0 = [v for v in given if v is not None]
    if len(vk0) < 3:
        names = ("vk0_hv_percent", "vk0_mv_percent", "vk0_lv_percent")
        return [ZeroSequence()] * 3, next(nm for nm, v in zip(names, given, strict=True) if v is None)
    vkr = [tr.vkr_hv_percent, tr.vkr_mv_percent, tr.vkr_lv_percent]
    vkr0 = [a if a is not None else b for a, b in
            zip([tr.vkr0_hv_percent, tr.vkr0_mv_percent, tr.vkr0_lv_percent], vkr, strict=True)]
    legs = _three_winding_legs(tr, *_three_winding_star(tr, vk0, vkr0, kt), bus_kv, star_kv, base_mva)
    xn = (tr.xn_hv_ohm or 0.0, tr.xn_mv_ohm or 0.0, tr.xn_lv_ohm or 0.0)
    out = []
    for w, leg in enumerate(legs):
        if windings[w] in EARTHED_WINDINGS:
            if xn[w]:  # 3 Z_N of the star point's earthing in series with the winding (on its bus's base)
                leg = replace(leg, z=leg.z + 3j * xn[w] / ((star_kv if w == 0 else bus_kv[w]) ** 2 / base_mva))
            out.append(ZeroSequence(leg))
        elif windings[w] == "d":  # the star point's path to earth, on the star's base
            y_star = 1 / (leg.z * leg.ratio**2 if w > 0 else leg.z)
            out.append(ZeroSequence(y_earth_to=y_star) if w == 0 else ZeroSequence(y_earth_from=y_star))
        else:
            out.append(ZeroSequence())
    return out, None


def impedance_branch_sequences(br: ImpedanceBranch) -> tuple[SeriesZ, ZeroSequence]:
    """MATPOWER branch in short circuit: r + jx behind tap_ratio (charging neglected); zero sequence
    from r0/x0 (a transformer branch without them has no zero-sequence path)."""
    z1 = SeriesZ(complex(br.r_pu, br.x_pu), br.tap_ratio)
    if br.x0_pu is None:
        return z1, ZeroSequence(missing=None if br.is_transformer else "x0_pu")
    return z1, ZeroSequence(SeriesZ(complex(br.r0_pu or 0.0, br.x0_pu), br.tap_ratio))


def external_grid_sc(eg: ExternalGrid, c: float, base_mva: float, case: str) -> SourceImpedance:
    """IEC 60909-0 §6.2: Z_Q = c Un^2 / S''kQ with R/X (0.1 assumed when not given), X0/X and R0/X0."""
    s_sc = getattr(eg, f"s_sc_{case}_mva")
    if s_sc is None:
        raise StudyInputError(f"the external grid needs its short-circuit power for the {case} case",
                              element_id=eg.id, field=f"s_sc_{case}_mva")
    notes = []
    rx = getattr(eg, f"rx_{case}")
    if rx is None:
        rx = 0.1
        notes.append(f"external grid '{eg.id}': rx_{case} not given, R/X = 0.1 assumed (IEC 60909-0 §6.2)")
    z = c / (s_sc / base_mva)
    x = z / np.sqrt(1 + rx**2)
    z1 = complex(rx * x, x)
    x0x, r0x0 = getattr(eg, f"x0x_{case}"), getattr(eg, f"r0x0_{case}")
    missing = tuple(f for f, v in ((f"x0x_{case}", x0x), (f"r0x0_{case}", r0x0)) if v is None)
    z0 = None
    if not missing:
        x0 = x0x * x
        z0 = complex(r0x0 * x0, x0) if x0 > 0 else None
    return SourceImpedance(z1, z1, z1, z0, missing0=missing, notes=tuple(notes))


@dataclass(frozen=True)
class _Machine:
    """A synchronous generator's short-circuit data, checked present."""

    sn_mva: float
    xdss_pu: float
    cos_phi: float

    @property
    def sin_phi(self) -> float:
        return float(np.sqrt(max(1 - self.cos_phi**2, 0.0)))


def _machine(g: Generator) -> _Machine:
    for fld in ("sn_mva", "xdss_pu", "cos_phi"):
        if getattr(g, fld) is None:
            raise StudyInputError("synchronous generator needs short-circuit data", element_id=g.id, field=fld)
    return _Machine(float(g.sn_mva), float(g.xdss_pu), float(g.cos_phi))  # type: ignore[arg-type]


def generator_kg(g: Generator, vn_bus_kv: float, c_max: float) -> float:
    """IEC 60909-0 §6.6.1 eq. (18): K_G = Un / (U_rG (1 + p_G)) c_max / (1 + x''d sin phi_rG)."""
    m = _machine(g)
    vn_gen = g.vn_kv or vn_bus_kv
    sin_phi = np.sqrt(max(1 - m.cos_phi**2, 0.0))
    return vn_bus_kv / (vn_gen * (1 + g.pg_percent / 100)) * c_max / (1 + m.xdss_pu * sin_phi)


def generator_sc(g: Generator, vn_bus_kv: float, c_max: float, base_mva: float,
                 k: tuple[str, float, str] | None = None) -> SourceImpedance:
    """IEC 60909-0 §6.6.1 eq. (17)-(18): Z_GK = K_G (R_G + jX''d), K_G = Un/UrG c_max / (1 + x''d sin phi).

    `k` replaces K_G by another correction (name, value, clause): K_S/K_SO of a power station unit
    (§6.7), K_G,S/K_G,SO for faults inside it. R_G defaults to the fictitious R_Gf (0.05/0.07/0.15
    X''d, §6.6.1), which the peak current uses in any case; the zero sequence is R_G + jX0 without
    K_G (pandapower)."""
    m = _machine(g)
    vn_gen = g.vn_kv or vn_bus_kv
    x_ohm = m.xdss_pu * vn_gen**2 / m.sn_mva
    if vn_gen <= 1.0:
        rf = 0.15
    elif m.sn_mva < 100:
        rf = 0.07
    else:
        rf = 0.05
    r_fict = rf * x_ohm
    r_ohm = g.rdss_ohm if g.rdss_ohm is not None else r_fict
    if k is None:
        k = ("K_G", generator_kg(g, vn_bus_kv, c_max), "IEC 60909-0 §6.6.1 eq. (18)")
    kg = k[1]
    zb = vn_bus_kv**2 / base_mva
    x2_ohm = (g.x2_pu if g.x2_pu is not None else m.xdss_pu) * vn_gen**2 / m.sn_mva
    z0 = None if g.x0_pu is None else complex(r_ohm, g.x0_pu * vn_gen**2 / m.sn_mva) / zb
    return SourceImpedance(
        z1=kg * complex(r_ohm, x_ohm) / zb, z2=kg * complex(r_ohm, x2_ohm) / zb, zp=kg * complex(r_fict, x_ohm) / zb,
        z0=z0, xk_pu=float(kg * x_ohm / zb), ir_ka=m.sn_mva / (SQRT3 * vn_gen), corrections=(k,),
    )


@dataclass(frozen=True)
class UnitFactors:
    """Correction factors of a power station unit (IEC 60909-0 §6.7): for the unit as a whole (faults
    outside it) and, for a fault between generator and unit transformer, for each part."""

    oltc: bool
    unit: tuple[str, float, str]  # K_S | K_SO
    generator: tuple[str, float, str]  # K_G,S | K_G,SO
    transformer: tuple[str, float, str]  # K_T,S | K_T,SO


def power_station_unit_factors(g: Generator, tr: Transformer, un_q_kv: float, c_max: float) -> UnitFactors:
    """K_S, K_G,S, K_T,S (with on-load tap changer, §6.7.1) or K_SO, K_G,SO, K_T,SO (without, §6.7.2).

    K_S  = U_nQ^2/U_rG^2 * U_rTLV^2/U_rTHV^2 * c_max / (1 + |x''d - x_T| sin phi_rG)
    K_SO = U_nQ/(U_rG (1 + p_G)) * U_rTLV/U_rTHV * (1 - p_T) * c_max / (1 + x''d sin phi_rG)
    K_G,S = c_max / (1 + x''d sin phi_rG), K_T,S = c_max / (1 - x_T sin phi_rG), and without tap
    changer both divided by (1 + p_G). U_nQ is the nominal voltage at the unit's HV side, x_T the
    transformer's reactance in pu of its rating; (1 - p_T) gives the highest partial current on the
    HV side (pandapower's `_add_gen_sc_z_kg_ks` uses the same expressions)."""
    mach = _machine(g)
    u_rg = g.vn_kv or tr.vn_lv_kv
    sin_phi, xd = mach.sin_phi, mach.xdss_pu
    x_t = float(np.sqrt(max(tr.vk_percent**2 - tr.vkr_percent**2, 0.0)) / 100)
    p_g = g.pg_percent / 100
    if tr.oltc:
        ks = (un_q_kv**2 / u_rg**2) * (tr.vn_lv_kv**2 / tr.vn_hv_kv**2) * c_max / (1 + abs(xd - x_t) * sin_phi)
        return UnitFactors(True, ("K_S", ks, "IEC 60909-0 §6.7.1"),
                           ("K_G,S", c_max / (1 + xd * sin_phi), "IEC 60909-0 §6.7.1"),
                           ("K_T,S", c_max / (1 - x_t * sin_phi), "IEC 60909-0 §6.7.1"))
    p_t = (tr.pt_percent or 0.0) / 100
    kso = un_q_kv / (u_rg * (1 + p_g)) * (tr.vn_lv_kv / tr.vn_hv_kv) * (1 - p_t) * c_max / (1 + xd * sin_phi)
    return UnitFactors(False, ("K_SO", kso, "IEC 60909-0 §6.7.2"),
                       ("K_G,SO", c_max / ((1 + p_g) * (1 + xd * sin_phi)), "IEC 60909-0 §6.7.2"),
                       ("K_T,SO", c_max / ((1 + p_g) * (1 - x_t * sin_phi)), "IEC 60909-0 §6.7.2"))


def asynchronous_motor_sc(m: Motor, vn_bus_kv: float, base_mva: float) -> SourceImpedance:
    """IEC 60909-0 §6.8: Z_M = 1/(I_LR/I_rM) U_rM^2 / S_rM, S_rM = P_rM / (eta_rM cos phi_rM).

    R_M/X_M when not given: 0.10 for MV motors with m = P_rM/p >= 1 MW, 0.15 for m < 1 MW, 0.42 for
    LV motor groups with their cables (for which I_LR/I_rM = 5 and m = 0.05 MW stand in when not
    given, §6.8 and §9.1.2). No zero-sequence path (the motor's star point is not earthed)."""
    u_rm = m.vn_kv or vn_bus_kv
    lv = m.lv_group if m.lv_group is not None else u_rm <= 1.0
    eta = (m.efficiency_n_percent or m.efficiency_percent) / 100
    s_rm = m.pn_mech_mw / (eta * (m.cos_phi_n or m.cos_phi))
    notes = []
    lrc = m.lrc_pu
    if lrc is None:
        if not lv:
            raise StudyInputError("asynchronous motor needs its locked-rotor current ratio", element_id=m.id,
                                  field="lrc_pu")
        lrc = 5.0
        notes.append(f"motor group '{m.id}': I_LR/I_rM = 5 assumed (IEC 60909-0 §6.8)")
    m_mw = m.pn_mech_mw / m.pole_pairs if m.pole_pairs else (0.05 if lv else float("nan"))
    rx = m.rx
    if rx is None:
        rx = 0.42 if lv else (0.15 if m_mw < 1.0 else 0.10)
        if not lv and not m.pole_pairs:
            notes.append(f"motor '{m.id}': pole_pairs not given, R_M/X_M = 0.10 assumed (IEC 60909-0 §6.8)")
    z_ohm = 1 / lrc * u_rm**2 / s_rm
    x = z_ohm / np.sqrt(1 + rx**2)
    zm = complex(rx * x, x) / (vn_bus_kv**2 / base_mva)
    return SourceImpedance(zm, zm, zm, xk_pu=float(zm.imag), ir_ka=s_rm / (SQRT3 * u_rm), notes=tuple(notes),
                           m_mw=m_mw)


def motor_sc(g: Generator, vn_bus_kv: float, base_mva: float) -> SourceImpedance:
    """IEC 60909-0 §6.8: Z_M = 1/(I_LR/I_rM) U_rM^2 / S_rM, R/X 0.1 above 1 kV and 0.42 for LV
    (when not given); no zero-sequence path."""
    if g.sn_mva is None or g.lrc_pu is None:
        raise StudyInputError("asynchronous motor needs short-circuit data", element_id=g.id,
                              field="sn_mva" if g.sn_mva is None else "lrc_pu")
    vn_m = g.vn_kv or vn_bus_kv
    rx = g.rx if g.rx is not None else (0.1 if vn_m > 1.0 else 0.42)
    z_ohm = 1 / g.lrc_pu * vn_m**2 / g.sn_mva
    x = z_ohm / np.sqrt(1 + rx**2)
    zm = complex(rx * x, x) / (vn_bus_kv**2 / base_mva)
    return SourceImpedance(zm, zm, zm, xk_pu=float(zm.imag), ir_ka=g.sn_mva / (SQRT3 * vn_m))


def static_generator_sc_current(g: Generator, base_mva: float) -> float:
    """IEC 60909-0 §6.9 (full-converter units; pandapower's sgen current source): I_k = k I_rG, pu."""
    if g.sn_mva is None or g.k is None:
        raise StudyInputError("static generator needs sn_mva and k (I_k = k * I_n) for short circuit",
                              element_id=g.id, field="sn_mva" if g.sn_mva is None else "k")
    return g.k * g.sn_mva / base_mva
