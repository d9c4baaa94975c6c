"""Per-unit two-port admittances of each branch type.

Every branch becomes the four entries (Yff, Yft, Ytf, Ytt) of its 2x2 admittance matrix on the
system base, so one Ybus builder and one flow calculation serve lines, transformers and
MATPOWER branches alike. Formulas follow pandapower (lines, transformers; "t" model by default)
and MATPOWER (impedance branches) so that results can be compared with both.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .errors import InvalidNetworkError
from .model import ImpedanceBranch, Line, Transformer, Transformer3W


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
    tap_lv = (vn_lv_kv / bus_lv_kv) ** 2 * base_mva
    z = vk_percent / 100 / sn_mva * tap_lv / parallel
    r = vkr_percent / 100 / sn_mva * tap_lv / parallel
    x = np.sign(z) * np.sqrt(z**2 - r**2)
    z_base_lv = bus_lv_kv**2 / base_mva
    g_mag = pfe_kw * 1e-3 / vn_lv_kv**2 * z_base_lv
    y_abs = abs(i0_percent) / 100 * sn_mva / vn_lv_kv**2 * z_base_lv
    # A negative no-load current (seen in cases converted from MATPOWER) makes the magnetizing
    # susceptance capacitive, as in pandapower.
    b_mag = np.sign(i0_percent) * np.sqrt(max(y_abs**2 - g_mag**2, 0.0))
    y_mag = complex(g_mag, -b_mag) * parallel
    ratio = (vn_hv_kv / vn_lv_kv) / (bus_hv_kv / bus_lv_kv)
    tap = ratio * np.exp(1j * np.deg2rad(shift_degree))
    zs = complex(r, x)
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
    vki = star_equivalent(*pairs_vki, *sn)
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
