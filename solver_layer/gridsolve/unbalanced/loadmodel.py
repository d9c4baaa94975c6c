"""Voltage-dependent load currents and their Wirtinger derivatives, vectorized over load elements.

Every OpenDSS load model in its normal range is a sum of power-law terms: a term drawing
S (|u|/Vbase)^p draws the current g = conj(S) (|u|/Vbase)^p / conj(u), with
dg/du = g p / (2u) and dg/dconj(u) = g (p/2 - 1) / conj(u). Model 1 is p = 0, 2 is p = 2, 5 is p = 1,
3 is P with p = 0 and Q with p = 2, 4 is P with p = cvrwatts and Q with p = cvrvars.
Outside the normal range OpenDSS (Load.pas DoConstantPQLoad, DoConstantILoad) switches to:
an impedance Yeq below vlow; a current growing linearly in |u| between vlow and vmin
(g = (I_low + M (|u| - V_low)) u/|u|); an impedance above vmax (Yeq/vmax^2, or Yeq/vmax for
model 5). Model 2 never switches.
"""

from __future__ import annotations

import numpy as np

from .compile import LoadTable


def _power_terms(t: LoadTable) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(c_p, p_p, c_q, p_q): the P and Q power-law terms of every element, conj(S) split."""
    p_exp = np.select([t.model == 2, t.model == 5, t.model == 4], [2.0, 1.0, t.cvr_w], 0.0)
    q_exp = np.select([t.model == 2, t.model == 5, t.model == 4, t.model == 3], [2.0, 1.0, t.cvr_q, 2.0], 0.0)
    return t.s_va.real.astype(complex), p_exp, -1j * t.s_va.imag, q_exp


class LoadModel:
    """Precomputed constants of the load elements (one row per wye phase or delta leg)."""

    def __init__(self, t: LoadTable) -> None:
        self.t = t
        self.yeq = np.conj(t.s_va) / t.vbase_v ** 2
        self.cp, self.pp, self.cq, self.pq = _power_terms(t)
        switching = t.model != 2
        self.v_low = np.where(switching, t.vlow * t.vbase_v, 0.0)
        self.v_min = np.where(switching, t.vmin * t.vbase_v, 0.0)
        self.v_max = np.where(switching, t.vmax * t.vbase_v, np.inf)
        is_i = t.model == 5
        vmin2 = np.where(t.vmin > 0, t.vmin, 1.0) ** 2
        i95 = np.where(is_i, self.yeq * t.vbase_v, self.yeq / vmin2 * self.v_min)
        self.i_low = self.yeq * self.v_low
        span = np.where(self.v_min > self.v_low, self.v_min - self.v_low, 1.0)
        self.m95 = (i95 - self.i_low) / span
        self.y_high = np.where(is_i, self.yeq / np.where(t.vmax > 0, t.vmax, 1.0), self.yeq / t.vmax ** 2)

    def current(self, u: np.ndarray, derivatives: bool = False):
        """Current drawn by each element at voltage u (V); with dg/du and dg/dconj(u) if asked."""
        mag = np.abs(u)
        safe = np.where(mag > 0, mag, 1.0)
        ub = np.conj(np.where(mag > 0, u, 1.0))
        vb = self.t.vbase_v
        gp = self.cp * (safe / vb) ** self.pp / ub
        gq = self.cq * (safe / vb) ** self.pq / ub
        g = gp + gq
        low = mag <= self.v_low
        mid = ~low & (mag <= self.v_min)
        high = mag > self.v_max
        w = u / safe
        k = self.i_low - self.m95 * self.v_low
        g = np.where(low, self.yeq * u, np.where(mid, k * w + self.m95 * u, np.where(high, self.y_high * u, g)))
        if not derivatives:
            return g
        uu = np.where(mag > 0, u, 1.0)
        a = gp * self.pp / (2 * uu) + gq * self.pq / (2 * uu)
        b = gp * (self.pp / 2 - 1) / ub + gq * (self.pq / 2 - 1) / ub
        a = np.where(low, self.yeq, np.where(mid, k / (2 * safe) + self.m95, np.where(high, self.y_high, a)))
        b = np.where(low | high, 0.0, np.where(mid, -k * w / (2 * ub), b))
        return g, a, b
