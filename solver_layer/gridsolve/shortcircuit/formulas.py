"""IEC 60909-0 formulas: the fault conditions per fault type and the derived currents ip, ith, ib.

Everything here works on arrays over a block of fault buses, in per unit (currents of c Un / sqrt(3)
over Z in system pu).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

SQRT3 = np.sqrt(3.0)
A = np.exp(2j * np.pi / 3)
#: symmetrical components -> phases: [a, b, c] = T @ [0, 1, 2]
T = np.array([[1, 1, 1], [1, A * A, A], [1, A, A * A]])

Currents = tuple[np.ndarray, np.ndarray, np.ndarray]


def _three_phase(c, z1, z2, z0, zf, earthed) -> Currents:
    """IEC 60909-0 eq. (29): I1 = c / (Z1 + Zf)."""
    i1 = c / (z1 + zf)
    zero = np.zeros(len(i1), dtype=complex)
    return zero, i1, zero.copy()


def _line_to_line(c, z1, z2, z0, zf, earthed) -> Currents:
    """IEC 60909-0 eq. (44): I1 = -I2 = c / (Z1 + Z2 + 2 Zf)."""
    i1 = c / (z1 + z2 + 2 * zf)
    return np.zeros(len(i1), dtype=complex), i1, -i1


def _line_to_earth(c, z1, z2, z0, zf, earthed) -> Currents:
    """IEC 60909-0 eq. (52): I0 = I1 = I2 = c / (Z1 + Z2 + Z0 + 3 Zf); zero where no earth path."""
    i1 = np.where(earthed, c / np.where(earthed, z1 + z2 + z0 + 3 * zf, 1), 0)
    return i1.copy(), i1, i1.copy()


def _two_lines_to_earth(c, z1, z2, z0, zf, earthed) -> Currents:
    """IEC 60909-0 eq. (46)-(50): phases b, c through Zf to earth, I1 = c / (Z1 + Z2 || Z0)."""
    za, zb, zc = z1 + zf, z2 + zf, np.where(earthed, z0 + zf, 0)
    par = np.where(earthed, zb * zc / np.where(earthed, zb + zc, 1), zb)
    i1 = c / (za + par)
    i2 = np.where(earthed, -i1 * zc / np.where(earthed, zb + zc, 1), -i1)
    i0 = np.where(earthed, -i1 * zb / np.where(earthed, zb + zc, 1), 0)
    return i0, i1, i2


@dataclass(frozen=True)
class FaultFormula:
    """One fault type: its sequence currents, which phase current is I''k, and S''k's factor."""

    needs_zero: bool
    currents: Callable[..., Currents]
    magnitude: Callable[[np.ndarray, np.ndarray], np.ndarray]  # (sequence i1, phase currents) -> |I''k|
    skss_factor: float  # S''k = factor * Un * I''k


FAULT_FORMULAS: dict[str, FaultFormula] = {
    "3ph": FaultFormula(False, _three_phase, lambda i1, iph: np.abs(i1), SQRT3),
    "2ph": FaultFormula(False, _line_to_line, lambda i1, iph: np.abs(iph[1]), 1 / SQRT3),
    "1ph": FaultFormula(True, _line_to_earth, lambda i1, iph: np.abs(iph[0]), 1 / SQRT3),
    "2phg": FaultFormula(True, _two_lines_to_earth, lambda i1, iph: np.maximum(np.abs(iph[1]), np.abs(iph[2])),
                         1 / SQRT3),
}


def kappa(rx: np.ndarray) -> np.ndarray:
    """IEC 60909-0 eq. (55): kappa = 1.02 + 0.98 exp(-3 R/X)."""
    return 1.02 + 0.98 * np.exp(-3 * rx)


def equivalent_frequency(f_hz: float) -> float:
    """Method C's f_c (IEC 60909-0 §4.3.1.2): 20 Hz at 50 Hz, 24 Hz at 60 Hz."""
    return 20.0 if f_hz == 50 else 24.0 if f_hz == 60 else 0.4 * f_hz


def kappa_method_c(zc: np.ndarray, zf: np.ndarray, ratio: float) -> np.ndarray:
    """Method C: R/X = Rc/Xc * f_c/f from the impedance at f_c (X scaled by `ratio` = f_c/f)."""
    rc, xc = zc.real + zf.real, zc.imag + zf.imag * ratio
    return kappa(rc / xc * ratio)


def kappa_method_b(zk: np.ndarray, vn_kv: np.ndarray) -> np.ndarray:
    """Method B (IEC 60909-0 §4.3.1.2 b): 1.15 kappa(R/X at the fault), at most 1.8 in LV, 2.0 above."""
    return np.minimum(1.15 * kappa(zk.real / zk.imag), np.where(vn_kv < 1.0, 1.8, 2.0))


def thermal_m(kappa_: np.ndarray, f_hz: float, tk_s: float) -> np.ndarray:
    """IEC 60909-0 eq. (A.1) factor m of the d.c. component's heat (0 for kappa > 1.99)."""
    fth = 50.0 if f_hz == 50 else f_hz
    with np.errstate(divide="ignore", invalid="ignore"):
        lk = np.log(kappa_ - 1)
        m = (np.exp(4 * fth * tk_s * lk) - 1) / (2 * fth * tk_s * lk)
    return np.where(kappa_ > 1.99, 0.0, m)


#: minimum time delays t_min (s) at which IEC 60909-0 tabulates mu and q
TMIN_TABLE_S = (0.02, 0.05, 0.10, 0.25)


def _tmin_weights(tmin_s: float) -> tuple[int, int, float]:
    """Neighbouring tabulated delays and the linear weight of the upper one (t_min clamped to the table)."""
    t = min(max(tmin_s, TMIN_TABLE_S[0]), TMIN_TABLE_S[-1])
    hi = next(i for i, ti in enumerate(TMIN_TABLE_S) if ti >= t)
    lo = max(hi - 1, 0)
    return lo, hi, 0.0 if hi == lo else (t - TMIN_TABLE_S[lo]) / (TMIN_TABLE_S[hi] - TMIN_TABLE_S[lo])


def mu_factor(ratio: np.ndarray, tmin_s: float) -> np.ndarray:
    """IEC 60909-0 eq. (70): decay factor mu of a machine's contribution, by minimum time delay.

    mu = 0.84 + 0.26 e^(-0.26 r) (0.02 s), 0.71 + 0.51 e^(-0.30 r) (0.05 s), 0.62 + 0.72 e^(-0.32 r)
    (0.10 s), 0.56 + 0.94 e^(-0.38 r) (>= 0.25 s) with r = I''kG / I_rG (I''kM / I_rM for motors);
    between the tabulated delays mu is interpolated linearly in t_min; mu = 1 where r <= 2.
    """
    table = ((0.84, 0.26, 0.26), (0.71, 0.51, 0.30), (0.62, 0.72, 0.32), (0.56, 0.94, 0.38))
    lo, hi, w = _tmin_weights(tmin_s)

    def mu_at(i: int) -> np.ndarray:
        a, b, c = table[i]
        return a + b * np.exp(-c * ratio)

    mu = (1 - w) * mu_at(lo) + w * mu_at(hi)
    return np.where(ratio <= 2, 1.0, np.minimum(mu, 1.0))


def q_factor(m_mw: np.ndarray, tmin_s: float) -> np.ndarray:
    """IEC 60909-0 eq. (73): factor q of an asynchronous motor's breaking current, I_bM = mu q I''kM.

    q = 1.03 + 0.12 ln m (0.02 s), 0.79 + 0.12 ln m (0.05 s), 0.57 + 0.12 ln m (0.10 s),
    0.26 + 0.10 ln m (>= 0.25 s), m = P_rM / p in MW, at most 1 (interpolated in t_min like mu);
    q = 1 where m is unknown (NaN), the conservative choice.
    """
    table = ((1.03, 0.12), (0.79, 0.12), (0.57, 0.12), (0.26, 0.10))
    lo, hi, w = _tmin_weights(tmin_s)
    m = np.asarray(m_mw, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        ln_m = np.log(m)
    q = (1 - w) * (table[lo][0] + table[lo][1] * ln_m) + w * (table[hi][0] + table[hi][1] * ln_m)
    return np.where(np.isnan(m), 1.0, np.clip(q, 0.0, 1.0))
