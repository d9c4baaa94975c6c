"""Gauss-Seidel power flow with an acceleration factor (MATPOWER's gausspf), sweeps in numba."""

from __future__ import annotations

import numba
import numpy as np

from .common import IterationRecord, SolverOutcome, mismatch, record


@numba.njit(cache=True)
def _sweep(indptr, indices, data, v, s_spec, vm_set, pv_flag, order, accel):  # pragma: no cover - jitted
    for k in order:
        acc = 0j
        diag = 0j
        for p in range(indptr[k], indptr[k + 1]):
            j = indices[p]
            acc += data[p] * v[j]
            if j == k:
                diag = data[p]
        s = s_spec[k]
        if pv_flag[k]:
            s = s.real + 1j * (v[k] * np.conj(acc)).imag
        v_new = v[k] + (np.conj(s / v[k]) - acc) / diag
        if pv_flag[k]:
            v_new = vm_set[k] * v_new / abs(v_new)
            v[k] = v_new
        else:
            v[k] = v[k] + accel * (v_new - v[k])


def gauss_seidel(ybus, s_bus, v0, pv, pq, tol, max_iter, accel=1.0, callback=None) -> SolverOutcome:
    v = v0.astype(complex).copy()
    n = len(v)
    pvpq = np.r_[pv, pq]
    order = np.sort(pvpq).astype(np.int64)
    pv_flag = np.zeros(n, dtype=np.bool_)
    pv_flag[pv] = True
    vm_set = np.abs(v)
    history: list[IterationRecord] = []
    mis = mismatch(ybus, v, s_bus(np.abs(v)))
    history.append(record(0, mis, pvpq, pq))
    if history[-1].max_mismatch < tol:
        return SolverOutcome(v, True, 0, history)
    indptr, indices, data = ybus.indptr.astype(np.int64), ybus.indices.astype(np.int64), ybus.data
    for it in range(1, max_iter + 1):
        _sweep(indptr, indices, data, v, s_bus(np.abs(v)).astype(complex), vm_set, pv_flag, order, accel)
        mis = mismatch(ybus, v, s_bus(np.abs(v)))
        history.append(record(it, mis, pvpq, pq))
        worst = history[-1].max_mismatch
        if callback:
            callback(it, worst)
        if not np.isfinite(worst) or worst > 1e10:
            return SolverOutcome(v, False, it, history, diverged=True)
        if worst < tol:
            return SolverOutcome(v, True, it, history)
    return SolverOutcome(v, False, max_iter, history)
