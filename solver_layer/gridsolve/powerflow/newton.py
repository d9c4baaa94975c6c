"""Newton-Raphson power flow in polar coordinates (MATPOWER's newtonpf, vectorized sparse algebra).

The Jacobian's sparsity pattern is analysed once (`JacobianPattern`); each iteration only fills
the numeric values into that fixed pattern and refactorizes.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from .common import IterationRecord, SolverOutcome, factorize, mismatch, record


def ds_dv(ybus: sp.csr_matrix, v: np.ndarray) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """Partial derivatives of bus injections w.r.t. |V| and angle (MATPOWER dSbus_dV, polar)."""
    ibus = ybus @ v
    vnorm = v / np.abs(v)
    diag_v = sp.diags(v)
    ds_dvm = diag_v @ (ybus @ sp.diags(vnorm)).conj() + sp.diags(np.conj(ibus) * vnorm)
    ds_dva = 1j * diag_v @ (sp.diags(ibus) - ybus @ diag_v).conj()
    return ds_dvm.tocsr(), ds_dva.tocsr()


class JacobianPattern:
    """Index maps that scatter dS/dV entries into the reduced Jacobian's fixed CSC pattern.

    Built once per (Ybus pattern, pv, pq); afterwards each iteration costs one vectorized
    gather plus the LU factorization.
    """

    def __init__(self, ybus: sp.csr_matrix, pv: np.ndarray, pq: np.ndarray) -> None:
        n = ybus.shape[0]
        pvpq = np.r_[pv, pq]
        self.pvpq, self.pq = pvpq, pq
        npvpq, npq = len(pvpq), len(pq)
        self.size = npvpq + npq
        col_pos_pvpq = -np.ones(n, dtype=np.int64)
        col_pos_pvpq[pvpq] = np.arange(npvpq)
        col_pos_pq = -np.ones(n, dtype=np.int64)
        col_pos_pq[pq] = np.arange(npq)
        row_pos_pvpq, row_pos_pq = col_pos_pvpq, col_pos_pq
        ybus_csr = ybus.tocsr()
        ybus_csr.sort_indices()
        self.ybus = ybus_csr
        # Row and column of each Ybus entry, in CSR data order.
        r = np.repeat(np.arange(n), np.diff(ybus_csr.indptr))
        c = ybus_csr.indices
        k = np.arange(len(c))
        blocks = []
        # J11: dP/dVa  rows pvpq, cols pvpq   -> real(dS_dVa)
        # J12: dP/dVm  rows pvpq, cols pq     -> real(dS_dVm)
        # J21: dQ/dVa  rows pq,   cols pvpq   -> imag(dS_dVa)
        # J22: dQ/dVm  rows pq,   cols pq     -> imag(dS_dVm)
        for rmap, cmap, roff, coff, which in (
            (row_pos_pvpq, col_pos_pvpq, 0, 0, 0),
            (row_pos_pvpq, col_pos_pq, 0, npvpq, 1),
            (row_pos_pq, col_pos_pvpq, npvpq, 0, 2),
            (row_pos_pq, col_pos_pq, npvpq, npvpq, 3),
        ):
            keep = (rmap[r] >= 0) & (cmap[c] >= 0)
            blocks.append((rmap[r[keep]] + roff, cmap[c[keep]] + coff, k[keep], which))
        rows = np.concatenate([b[0] for b in blocks])
        cols = np.concatenate([b[1] for b in blocks])
        src = np.concatenate([b[2] for b in blocks])
        kind = np.concatenate([np.full(len(b[2]), b[3]) for b in blocks])
        order = np.lexsort((rows, cols))  # CSC order: by column, then row
        self.rows, self.cols = rows[order], cols[order]
        self.src, self.kind = src[order], kind[order]
        self.indptr = np.r_[0, np.cumsum(np.bincount(self.cols, minlength=self.size))]
        self._real_va = self.kind == 0
        self._real_vm = self.kind == 1
        self._imag_va = self.kind == 2
        self._imag_vm = self.kind == 3
        self._row_of_entry = r  # Ybus row of each CSR entry
        self._col_of_entry = c
        self._diag_entry = np.flatnonzero(r == c)
        self._diag_bus = r[self._diag_entry]

    def jacobian(self, v: np.ndarray, ds_bus_dvm: np.ndarray | None = None) -> sp.csc_matrix:
        """Numeric Jacobian in the fixed pattern, from dS/dVm and dS/dVa entrywise (no sparse products)."""
        y = self.ybus.data
        r, c = self._row_of_entry, self._col_of_entry
        ibus = self.ybus @ v
        vnorm = v / np.abs(v)
        # Off-diagonal and diagonal parts of MATPOWER's dSbus_dV, per Ybus entry.
        ds_dvm = v[r] * np.conj(y * vnorm[c])
        ds_dva = -1j * v[r] * np.conj(y * v[c])
        d = self._diag_entry
        b = self._diag_bus
        ds_dvm[d] += np.conj(ibus[b]) * vnorm[b]
        ds_dva[d] += 1j * v[b] * np.conj(ibus[b])
        if ds_bus_dvm is not None:
            ds_dvm[d] -= ds_bus_dvm[b]
        data = np.empty(len(self.src))
        s = self.src
        data[self._real_va] = ds_dva[s[self._real_va]].real
        data[self._real_vm] = ds_dvm[s[self._real_vm]].real
        data[self._imag_va] = ds_dva[s[self._imag_va]].imag
        data[self._imag_vm] = ds_dvm[s[self._imag_vm]].imag
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
    """Solve F(x) = 0 for bus angles (pv, pq) and magnitudes (pq). `s_bus(vm)` gives injections."""
    v = v0.astype(complex).copy()
    vm, va = np.abs(v), np.angle(v)
    pvpq = np.r_[pv, pq]
    npvpq = len(pvpq)
    history: list[IterationRecord] = []
    pattern = JacobianPattern(ybus, pv, pq)
    mis = mismatch(ybus, v, s_bus(vm))
    f = np.r_[mis[pvpq].real, mis[pq].imag]
    history.append(record(0, mis, pvpq, pq))
    if callback:
        callback(0, history[-1].max_mismatch)
    if f.size == 0 or np.max(np.abs(f)) < tol:
        return SolverOutcome(v, True, 0, history)
    for it in range(1, max_iter + 1):
        jac = pattern.jacobian(v, ds_bus_dvm(vm))
        solve = factorize(jac, pvpq, pq)
        dx = -solve(f)
        va[pvpq] += dx[:npvpq]
        vm[pq] += dx[npvpq:]
        v = vm * np.exp(1j * va)
        vm, va = np.abs(v), np.angle(v)
        mis = mismatch(ybus, v, s_bus(vm))
        f = np.r_[mis[pvpq].real, mis[pq].imag]
        history.append(record(it, mis, pvpq, pq))
        if callback:
            callback(it, history[-1].max_mismatch)
        worst = np.max(np.abs(f))
        if not np.isfinite(worst) or worst > 1e10:
            return SolverOutcome(v, False, it, history, diverged=True)
        if worst < tol:
            return SolverOutcome(v, True, it, history)
    return SolverOutcome(v, False, max_iter, history)
