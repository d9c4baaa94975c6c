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
    """Rated voltages after the tap changer, and the extra phase shift in degrees (pandapower)."""
    shift = 0.0
    if tap_side is None or tap_pos == tap_neutral:
        return vn_hv_kv, vn_lv_kv, shift
    diff = tap_pos - tap_neutral
    sign = 1.0 if tap_side == "hv" else -1.0
    u1 = vn_hv_kv if tap_side == "hv" else vn_lv_kv
    if tap_changer_type == "ideal":
        shift = sign * diff * tap_step_degree
        u_new = u1 * (1 + diff * tap_step_percent / 100)
    else:
        du = u1 * diff * tap_step_percent / 100
        angle = np.deg2rad(tap_step_degree)
        u_new = float(np.hypot(u1 + du * np.cos(angle), du * np.sin(angle)))
        if tap_step_degree:
            shift = sign * float(np.rad2deg(np.arctan2(du * np.sin(angle), u1 + du * np.cos(angle))))
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
    y_abs = i0_percent / 100 * sn_mva / vn_lv_kv**2 * z_base_lv
    b_mag = np.sqrt(max(y_abs**2 - g_mag**2, 0.0))
    y_mag = complex(g_mag, -b_mag) * parallel
    ratio = (vn_hv_kv / vn_lv_kv) / (bus_hv_kv / bus_lv_kv)
    tap = ratio * np.exp(1j * np.deg2rad(shift_degree))
    zs = complex(r, x)
    if model == "t":
        return t_two_port(zs / 2, zs / 2, y_mag, tap)
    return pi_two_port(zs, y_mag / 2, y_mag / 2, tap)


def two_winding_two_port(tr: Transformer, bus_hv_kv: float, bus_lv_kv: float, base_mva: float) -> TwoPort:
    hv, lv, extra_shift = tap_adjusted_voltages(
        tr.vn_hv_kv, tr.vn_lv_kv, tr.tap_side, tr.tap_pos, tr.tap_neutral,
        tr.tap_step_percent, tr.tap_step_degree, tr.tap_changer_type,
    )
    return transformer_two_port(
        tr.sn_mva, hv, lv, tr.vk_percent, tr.vkr_percent, tr.pfe_kw, tr.i0_percent,
        tr.shift_degree + extra_shift, bus_hv_kv, bus_lv_kv, base_mva, tr.parallel, element_id=tr.id,
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


def three_winding_two_ports(
    tr: Transformer3W, bus_kv: tuple[float, float, float], base_mva: float
) -> tuple[TwoPort, TwoPort, TwoPort]:
    """The HV, MV and LV branches to the star point (whose nominal voltage is vn_hv_kv).

    Each returned two-port has the star point as its "to" end for HV and as its "from" end
    for MV and LV, matching pandapower's decomposition (HV star branch carries the
    magnetizing admittance).
    """
    vk = star_equivalent(tr.vk_hv_percent, tr.vk_mv_percent, tr.vk_lv_percent,
                         tr.sn_hv_mva, tr.sn_mv_mva, tr.sn_lv_mva)
    vkr = star_equivalent(tr.vkr_hv_percent, tr.vkr_mv_percent, tr.vkr_lv_percent,
                          tr.sn_hv_mva, tr.sn_mv_mva, tr.sn_lv_mva)
    for value, field in zip(vk, ("vk_hv_percent", "vk_mv_percent", "vk_lv_percent"), strict=True):
        if value == 0:
            raise InvalidNetworkError("star-equivalent short-circuit voltage is zero", element_id=tr.id,
                                      field=field)
    vn = {"hv": tr.vn_hv_kv, "mv": tr.vn_mv_kv, "lv": tr.vn_lv_kv}
    extra_shift = {"hv": 0.0, "mv": 0.0, "lv": 0.0}
    if tr.tap_side is not None and tr.tap_pos != tr.tap_neutral:
        side = tr.tap_side
        adjusted, _, shift = tap_adjusted_voltages(vn[side], 1.0, "hv", tr.tap_pos, tr.tap_neutral,
                                                   tr.tap_step_percent, tr.tap_step_degree)
        vn[side] = adjusted
        extra_shift[side] = shift
    star_kv = tr.vn_hv_kv
    hv_bus_kv, mv_bus_kv, lv_bus_kv = bus_kv
    # HV winding: hv bus -> star (rated vn_hv -> vn_hv_kv at the star point).
    hv = transformer_two_port(tr.sn_hv_mva, vn["hv"], star_kv, vk[0], vkr[0], tr.pfe_kw, tr.i0_percent,
                              extra_shift["hv"], hv_bus_kv, star_kv, base_mva, element_id=tr.id)
    # MV and LV windings: star -> mv/lv bus, impedances referred to their own side.
    mv = transformer_two_port(tr.sn_hv_mva, star_kv, vn["mv"], vk[1], vkr[1], 0.0, 0.0,
                              tr.shift_mv_degree + extra_shift["mv"], star_kv, mv_bus_kv, base_mva,
                              element_id=tr.id)
    lv = transformer_two_port(tr.sn_hv_mva, star_kv, vn["lv"], vk[2], vkr[2], 0.0, 0.0,
                              tr.shift_lv_degree + extra_shift["lv"], star_kv, lv_bus_kv, base_mva,
                              element_id=tr.id)
    return hv, mv, lv
