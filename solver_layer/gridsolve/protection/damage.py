"""Equipment damage curves drawn with the device curves: cable I^2 t and transformer through-fault.

Cable: the adiabatic short-circuit withstand I^2 t = k^2 S^2 (IEC 60364-4-43:2008 §434.5.2, valid up
to 5 s), k from IEC 60364-4-43 Table 43A for the conductor and insulation.

Transformer: IEEE C57.109-1993 through-fault-current duration curves, by the categories of IEEE
C57.12.00 (three-phase kVA: I 15-500, II 501-5000, III 5001-30000, IV above). Drawn here are the
parts given by formulas: the thermal curve I^2 t = 1250 (per unit of rated current, seconds) and, for
frequent faults (always for category IV), the mechanical curve I^2 t = K with K fixed by 2 s at the
maximum through-fault current I_max = 1 / (Z_T + Z_S) per unit, from I_max down to 70 % of it
(category II) or 50 % (III, IV), where the curve steps to the thermal one. The standard's tabulated
thermal points beyond 50 s are not drawn: they could not be checked against the standard's text here.
"""

from __future__ import annotations

import numpy as np

from ..errors import StudyInputError

# IEC 60364-4-43:2008 Table 43A, k in A s^0.5 / mm^2 (PVC above 300 mm^2: Cu 103, Al 68).
CABLE_K = {
    ("copper", "pvc"): 115.0, ("copper", "xlpe"): 143.0, ("copper", "epr"): 143.0, ("copper", "rubber"): 141.0,
    ("aluminium", "pvc"): 76.0, ("aluminium", "xlpe"): 94.0, ("aluminium", "epr"): 94.0,
    ("aluminium", "rubber"): 93.0,
}
CABLE_K_PVC_ABOVE_300 = {"copper": 103.0, "aluminium": 68.0}
THERMAL_I2T_PU = 1250.0  # IEEE C57.109: per-unit^2 seconds
THERMAL_T_MAX_S = 50.0


def cable_k(material: str, insulation: str, area_mm2: float) -> float:
    key = (material.lower().replace("aluminum", "aluminium"), insulation.lower())
    if key not in CABLE_K:
        raise StudyInputError(f"no k for {material}/{insulation} (IEC 60364-4-43 Table 43A: "
                              f"{', '.join('/'.join(k) for k in CABLE_K)})", field="insulation")
    if key[1] == "pvc" and area_mm2 > 300:
        return CABLE_K_PVC_ABOVE_300[key[0]]
    return CABLE_K[key]


def cable_damage_curve(area_mm2: float, k: float, n: int = 30) -> dict:
    """I^2 t = (k S)^2 from 0.01 s to 5 s: current in A, time in s."""
    t = np.geomspace(0.01, 5.0, n)
    i = k * area_mm2 / np.sqrt(t)
    return {"kind": "cable_i2t", "i_a": i[::-1].tolist(), "t_s": t[::-1].tolist(),
            "i2t_a2s": float((k * area_mm2) ** 2),
            "source": "IEC 60364-4-43:2008 §434.5.2 adiabatic I^2 t = k^2 S^2, k from Table 43A"}


def transformer_category(sn_kva: float, phases: int = 3) -> int:
    """IEEE C57.12.00 / C57.109 category from the minimum nameplate kVA."""
    limits = (500, 5000, 30000) if phases == 3 else (500, 1667, 10000)
    return 1 + sum(sn_kva > lim for lim in limits)


def transformer_damage_curve(sn_mva: float, vk_percent: float, i_rated_a: float, *, zs_pu: float = 0.0,
                             frequent_faults: bool = True, phases: int = 3, n: int = 30) -> dict:
    """C57.109 through-fault curve in amperes at the side whose rated current is `i_rated_a`."""
    cat = transformer_category(sn_mva * 1000.0, phases)
    z = vk_percent / 100.0 + (zs_pu if cat >= 3 else 0.0)
    i_max = min(1.0 / z, 25.0) if cat == 1 else 1.0 / z
    i_lo = np.sqrt(THERMAL_I2T_PU / THERMAL_T_MAX_S)
    mech = cat == 4 or (cat >= 2 and frequent_faults)
    knee = (0.7 if cat == 2 else 0.5) * i_max if mech else i_max
    i_th = np.geomspace(i_lo, max(knee, i_lo), n)
    pts_i, pts_t = list(i_th), list(THERMAL_I2T_PU / i_th**2)
    if mech and knee > i_lo:
        k_mech = 2.0 * i_max**2
        i_m = np.geomspace(knee, i_max, n)
        pts_i += list(i_m)
        pts_t += list(k_mech / i_m**2)
    return {"kind": "transformer_through_fault", "category": cat, "frequent_faults": bool(mech),
            "i_max_pu": float(i_max), "i_a": [float(x * i_rated_a) for x in pts_i], "t_s": [float(t) for t in pts_t],
            "source": "IEEE C57.109-1993: thermal I^2 t = 1250 pu^2 s (t <= 50 s drawn); mechanical I^2 t = K "
                      "from 2 s at I_max down to 70 % (cat II) / 50 % (cat III, IV) of I_max"}
