"""Fast-decoupled power flow, XB and BX variants (MATPOWER's fdpf and makeB).

B' and B'' are built from each branch's equivalent pi (series admittance, end shunts, tap),
recovered from its two-port, so every branch type is handled the same way.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import scipy.sparse as sp

from ..compile import CompiledNetwork, make_ybus
from .common import IterationRecord, SolverOutcome, factorize, mismatch, record


def _b_matrix(cn: CompiledNetwork, *, resistance: bool, shunts: bool, taps: bool) -> sp.csr_matrix:
    br = cn.branches
    tap_mag = np.abs(br.tap)
    ys = -br.yft * np.conj(br.tap)  # series admittance of the equivalent pi
    y_from = br.yff * tap_mag**2 - ys
    y_to = br.ytt - ys
    z = 1 / ys
    ys = 1 / (z if resistance else 1j * z.imag)
    n_tap = tap_mag if taps else np.ones_like(tap_mag)  # phase shift always dropped
    if not shunts:
        y_from = np.zeros_like(y_from)
        y_to = np.zeros_like(y_to)
    yff = (ys + y_from) / n_tap**2
    yft = -ys / n_tap
    ytt = ys + y_to
    y_bus_shunt = cn.y_shunt if shunts else np.zeros(cn.n_bus, dtype=complex)
    ybus, _, _ = make_ybus(cn.n_bus, replace(br, yff=yff, yft=yft, ytf=yft, ytt=ytt), y_bus_shunt)
    return -ybus.imag


def fast_decoupled(cn, ybus, s_bus, v0, pv, pq, tol, max_iter, variant: str, callback=None) -> SolverOutcome:
    """XB: B' without resistance; BX: B'' without resistance (Van Amerongen)."""
    xb = variant == "fdxb"
    bp = _b_matrix(cn, resistance=not xb, shunts=False, taps=False)
    bpp = _b_matrix(cn, resistance=xb, shunts=True, taps=True)
    pvpq = np.r_[pv, pq]
    solve_p = factorize(bp[pvpq][:, pvpq].tocsc()) if len(pvpq) else None
    solve_q = factorize(bpp[pq][:, pq].tocsc()) if len(pq) else None
    v = v0.astype(complex).copy()
    vm, va = np.abs(v), np.angle(v)
    history: list[IterationRecord] = []

    def evaluate(it):
        mis = mismatch(ybus, v, s_bus(vm))
        history.append(record(it, mis, pvpq, pq))
        if callback:
            callback(it, history[-1].max_mismatch)
        return mis

    mis = evaluate(0)
    if history[-1].max_mismatch < tol:
        return SolverOutcome(v, True, 0, history)
    for it in range(1, max_iter + 1):
        if solve_p is not None:
            dva = -solve_p((mis[pvpq] / vm[pvpq]).real)
            va[pvpq] += dva
            v = vm * np.exp(1j * va)
        mis = mismatch(ybus, v, s_bus(vm))
        if solve_q is not None:
            dvm = -solve_q((mis[pq] / vm[pq]).imag)
            vm[pq] += dvm
            v = vm * np.exp(1j * va)
        mis = evaluate(it)
        worst = history[-1].max_mismatch
        if not np.isfinite(worst) or worst > 1e10:
            return SolverOutcome(v, False, it, history, diverged=True)
        if worst < tol:
            return SolverOutcome(v, True, it, history)
    return SolverOutcome(v, False, max_iter, history)
