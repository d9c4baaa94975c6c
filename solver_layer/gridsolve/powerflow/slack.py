"""Distributed slack: the power the reference bus would pick up is shared among generators.

As OpenLoadFlow does it (its default, `balanceType=PROPORTIONAL_TO_GENERATION_P_MAX`), as an
outer loop around Newton-Raphson: solve with the single slack, take the reference units' P
beyond their own share, spread that over the participating units in proportion to their
participation factors (units pushed past Pmin/Pmax stop at the limit and the rest is shared
among the others), solve again from the last voltages, until the reference units carry exactly
their share (to the power-flow tolerance). The fixed point is the simultaneous formulation's
solution: every participating unit i produces P0_i + alpha_i * lambda, the slack bus included.
"""

from __future__ import annotations

import numpy as np

from ..compile import CompiledNetwork, with_unit_p
from ..errors import GridSolveError
from .results import unit_dispatch


def participation_factors(cn: CompiledNetwork, participation: str | dict[str, float]) -> np.ndarray:
    """Per-unit weights: "pmax" gives each in-service generator with a finite Pmax > 0 and a
    non-zero P set point a weight of Pmax (OpenLoadFlow's rule: a unit scheduled at 0 MW does not
    take part; external grids and units without Pmax neither); a dict gives unit ids' weights
    (others 0). Weights are normalized per island in `distribute`."""
    u = cn.units
    if participation == "pmax":
        pmax = _unit_pmax(cn)
        return np.where(np.isfinite(pmax) & (pmax > 0) & (u.p_pu != 0), pmax, 0.0)
    if not isinstance(participation, dict):
        raise GridSolveError(f"unknown participation '{participation}' (choose pmax or give factors per unit)",
                             field="participation")
    index = {uid: k for k, uid in enumerate(u.element_id)}
    w = np.zeros(len(u.element_id))
    for uid, factor in participation.items():
        if uid not in index:
            raise GridSolveError(f"participation factor for unknown or out-of-service unit '{uid}'", element_id=uid,
                                 field="participation")
        if not np.isfinite(factor) or factor < 0:
            raise GridSolveError("participation factors must be finite and >= 0", element_id=uid,
                                 field="participation")
        w[index[uid]] = factor
    return w


def _unit_pmax(cn: CompiledNetwork) -> np.ndarray:
    gens = {g.id: g for g in cn.net.generators}
    return np.array([gens[uid].max_p_mw if uid in gens and gens[uid].max_p_mw is not None else np.nan
                     for uid in cn.units.element_id], dtype=float) / cn.base_mva


def unit_p_limits(cn: CompiledNetwork) -> tuple[np.ndarray, np.ndarray]:
    """(Pmin, Pmax) of each unit, pu; -inf/inf where not given."""
    gens = {g.id: g for g in cn.net.generators}
    lo, hi = [], []
    for uid in cn.units.element_id:
        g = gens.get(uid)
        lo.append(-np.inf if g is None or g.min_p_mw is None else g.min_p_mw / cn.base_mva)
        hi.append(np.inf if g is None or g.max_p_mw is None else g.max_p_mw / cn.base_mva)
    return np.array(lo), np.array(hi)


def distribute(p0: np.ndarray, weight: np.ndarray, island: np.ndarray, total: dict[int, float],
               p_min: np.ndarray, p_max: np.ndarray) -> np.ndarray:
    """Unit set points with `total[island]` pu shared in proportion to `weight`, clipped at the
    limits with the remainder re-shared among the units still free (OpenLoadFlow's
    GenerationActivePowerDistributionStep)."""
    p = p0.copy()
    for isl, amount in total.items():
        free = (island == isl) & (weight > 0)
        if not np.any(free):
            raise GridSolveError("distributed slack: no generator in the island can take part", field="participation")
        p[island == isl] = p0[island == isl]
        left = amount
        for _ in range(len(p)):
            if abs(left) <= 1e-15 or not np.any(free):
                break
            share = weight * free / weight[free].sum()
            trial = p + left * share
            over = free & ((trial > p_max) | (trial < p_min))
            if not np.any(over):
                p = np.where(free, trial, p)
                left = 0.0
                break
            capped = np.clip(trial, p_min, p_max)
            left -= float(np.sum((capped - p)[over]))
            p[over] = capped[over]
            free &= ~over
        if abs(left) > 1e-12:
            raise GridSolveError(f"distributed slack: the generators cannot take {left:.6g} pu more "
                                 "without passing their limits", field="participation")
    return p


class DistributedSlack:
    """The outer loop's state: scheduled P, weights, limits and the amount shared per island."""

    def __init__(self, cn: CompiledNetwork, participation: str | dict[str, float]) -> None:
        self.p0 = cn.units.p_pu.copy()
        self.weight = participation_factors(cn, participation)
        self.p_min, self.p_max = unit_p_limits(cn)
        self.island = cn.island[cn.units.bus] if len(cn.units.bus) else np.zeros(0, dtype=np.int64)
        self.shared: dict[int, float] = {}
        self.participation = participation

    def update(self, cn: CompiledNetwork, v: np.ndarray, bus_type: np.ndarray, q_fixed: np.ndarray,
               tol: float) -> tuple[CompiledNetwork, bool]:
        """Re-share what the reference units carry beyond their set points; (network, changed)."""
        p_units, _ = unit_dispatch(cn, v, bus_type, q_fixed)
        ref = cn.units.reference & (self.island >= 0)
        excess: dict[int, float] = {}
        for k in np.flatnonzero(ref):
            isl = int(self.island[k])
            excess[isl] = excess.get(isl, 0.0) + float(p_units[k] - cn.units.p_pu[k])
        if all(abs(x) < tol for x in excess.values()):
            return cn, False
        for isl, x in excess.items():
            self.shared[isl] = self.shared.get(isl, 0.0) + x
        p_new = distribute(self.p0, self.weight, self.island, self.shared, self.p_min, self.p_max)
        return with_unit_p(cn, p_new), True

    def describe(self, cn: CompiledNetwork) -> str:
        total = sum(self.shared.values()) * cn.base_mva
        how = "in proportion to Pmax" if self.participation == "pmax" else "by the given participation factors"
        return (f"distributed slack: {total:.6g} MW shared among {int(np.count_nonzero(self.weight))} generator(s) "
                f"{how}")
