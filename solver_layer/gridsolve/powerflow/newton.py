"""Newton-Raphson power flow in polar coordinates (MATPOWER's newtonpf, vectorized sparse algebra).

The Jacobian's sparsity pattern is analysed once (`JacobianPattern`); each iteration only fills
the numeric values into that fixed pattern (numba kernels in `_kernels.py`) and refactorizes
numerically (`common.SparseLU`: KLU with its symbolic analysis reused, SuperLU as fallback).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from ._kernels import fill_jacobian, jacobian_pattern, mismatch_vector, update_voltage, ybus_times_v
from .common import IterationRecord, SolverOutcome, SparseLU, record_split


class JacobianPattern:
    """The reduced Jacobian's fixed CSC pattern and, per entry, the Ybus entry it is filled from.

    Built once per (Ybus pattern, pv, pq) by a numba kernel in O(nnz); afterwards each iteration
    fills the values in place (`fill`) and refactorizes numerically.
    """

    def __init__(self, ybus: sp.csr_matrix, pv: np.ndarray, pq: np.ndarray) -> None:
        n = ybus.shape[0]
        pvpq = np.r_[pv, pq].astype(np.int64)
        pq = np.asarray(pq, dtype=np.int64)
        self.pvpq, self.pq = pvpq, pq
        npvpq, npq = len(pvpq), len(pq)
        self.size = npvpq + npq
        pos_pvpq = -np.ones(n, dtype=np.int64)
        pos_pvpq[pvpq] = np.arange(npvpq)
        pos_pq = -np.ones(n, dtype=np.int64)
        pos_pq[pq] = np.arange(npq)
        ybus_csr = sp.csr_matrix(ybus, copy=True)
        ybus_csr.sort_indices()
        self.ybus = ybus_csr
        self.ydata = np.ascontiguousarray(ybus_csr.data, dtype=complex)
        self.yindptr = ybus_csr.indptr.astype(np.int64)
        self.yindices = ybus_csr.indices.astype(np.int64)
        (self.indptr, self.rows, self.src, self.kind, self._row_bus,
         self._col_bus) = jacobian_pattern(self.yindptr, self.yindices, pos_pvpq, pos_pq, npvpq, npq)
        self.nnz = len(self.rows)
        self._vnorm = np.empty(n, dtype=complex)

    def fill(self, v: np.ndarray, ibus: np.ndarray, ds_bus_dvm: np.ndarray, out: np.ndarray) -> None:
        """Jacobian values at v into `out` (CSC data order); ibus must be Ybus @ v."""
        fill_jacobian(self.ydata, v, ibus, ds_bus_dvm, self.src, self.kind, self._row_bus, self._col_bus, self._vnorm,
                      out)

    def jacobian(self, v: np.ndarray, ds_bus_dvm: np.ndarray | None = None) -> sp.csc_matrix:
        """Numeric Jacobian as a scipy matrix (for inspection and tests; the solver uses `fill`)."""
        v = np.ascontiguousarray(v, dtype=complex)
        ibus = np.empty(len(v), dtype=complex)
        ybus_times_v(self.yindptr, self.yindices, self.ydata, v, ibus)
        dsd = np.zeros(len(v), dtype=complex) if ds_bus_dvm is None else np.asarray(ds_bus_dvm, dtype=complex)
        data = np.empty(self.nnz)
        self.fill(v, ibus, dsd, data)
        return sp.csc_matrix((data, self.rows, self.indptr), shape=(self.size, self.size))


def newton_raphson(
    ybus: sp.csr_matrix,
    s_bus,
    ds_bus_dvm,
    v0: np.ndarray,
    pv: np.ndarray,
    pq: np.ndarray,
    tol: float,
    max_iter: int,
    callback=None,
) -> SolverOutcome:
    """Solve F(x) = 0 for bus angles (pv, pq) and magnitudes (pq). `s_bus(vm)` gives injections.

    Per iteration: Jacobian values into the fixed pattern (numba), one numeric LU refactorization
    (KLU, symbolic analysis reused; SuperLU fallback), the step and the mismatch (numba). Work
    arrays are allocated once per call.
    """
    v = np.array(v0, dtype=complex)
    vm, va = np.abs(v), np.angle(v)
    history: list[IterationRecord] = []
    pattern = JacobianPattern(ybus, pv, pq)
    pvpq, pq = pattern.pvpq, pattern.pq
    yp, yi, yd = pattern.yindptr, pattern.yindices, pattern.ydata
    ibus = np.empty(len(v), dtype=complex)
    f = np.empty(pattern.size)

    def mismatch_f() -> float:
        s = np.ascontiguousarray(s_bus(vm), dtype=complex)
        return mismatch_vector(yp, yi, yd, v, s, pvpq, pq, ibus, f)

    worst = mismatch_f()
    history.append(record_split(0, f[:len(pvpq)], f[len(pvpq):], pvpq, pq))
    if callback:
        callback(0, history[-1].max_mismatch)
    if f.size == 0 or worst < tol:
        return SolverOutcome(v, True, 0, history)
    lu = SparseLU(pattern.indptr, pattern.rows, pattern.size)
    jdata = np.empty(pattern.nnz)
    for it in range(1, max_iter + 1):
        pattern.fill(v, ibus, np.ascontiguousarray(ds_bus_dvm(vm), dtype=complex), jdata)
        solve = lu.factor(jdata)
        update_voltage(v, vm, va, solve(f), pvpq, pq)
        worst = mismatch_f()
        history.append(record_split(it, f[:len(pvpq)], f[len(pvpq):], pvpq, pq))
        if callback:
            callback(it, history[-1].max_mismatch)
        if not np.isfinite(worst) or worst > 1e10:
            return SolverOutcome(v, False, it, history, diverged=True)
        if worst < tol:
            return SolverOutcome(v, True, it, history)
    return SolverOutcome(v, False, max_iter, history)
