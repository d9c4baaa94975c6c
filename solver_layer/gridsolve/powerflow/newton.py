"""Newton-Raphson power flow in polar coordinates (MATPOWER's newtonpf, vectorized sparse algebra).

lightsim2grid's scheme: the reduced Jacobian's sparsity pattern and the sparse LU's symbolic
analysis are computed once (`NewtonWorkspace`, kept per Ybus and bus-type set so that repeated
solves of one network skip them); each iteration only fills the numeric values into the fixed
pattern, refactorizes numerically (`common.SparseLU`: KLU refactor, SuperLU fallback) and solves.

Two interchangeable kernels evaluate the same formulas: numba loops (`_kernels.py`) for large
networks, and numpy/scipy array expressions for networks below `NUMBA_MIN_BUSES`, so that a
fresh process solving a small case never imports or compiles numba (the Lambda cold start,
benchmarks/cold_start.py).
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .common import IterationRecord, SolverOutcome, SparseLU, record_split

# Below this many buses the numpy kernels are used (no numba import/compile); above, numba's.
# GRIDSOLVE_NUMBA=1/0 forces one or the other.
NUMBA_MIN_BUSES = 3000


def use_numba(n_bus: int) -> bool:
    """numba's kernels for large networks, where numba is installed (the Lambda layer ships
    without it: cdk/lambda/solver-requirements.txt); GRIDSOLVE_NUMBA=1/0 forces."""
    forced = os.environ.get("GRIDSOLVE_NUMBA")
    if forced in ("0", "1"):
        return forced == "1"
    return n_bus >= NUMBA_MIN_BUSES and _HAVE_NUMBA


_HAVE_NUMBA = importlib.util.find_spec("numba") is not None


_KERNELS: list = []


def _kernels():
    """The numba kernels, imported on first use: importing numba alone costs ~0.4 s of a cold
    start that small cases do not need (a deliberate local import, not an import-cycle dodge)."""
    if not _KERNELS:
        from . import _kernels as k  # lazy: numba is imported only for networks that use its kernels

        _KERNELS.append(k)
    return _KERNELS[0]


def _pattern_numpy(indptr, indices, pos_pvpq, pos_pq, npvpq, npq):
    """Same output as `_kernels.jacobian_pattern`, from array operations (CSC order, rows sorted)."""
    n = len(indptr) - 1
    r = np.repeat(np.arange(n, dtype=np.int64), np.diff(indptr))
    c = indices.astype(np.int64)
    k = np.arange(len(c), dtype=np.int64)
    rv, rq, cv, cq = pos_pvpq[r], pos_pq[r], pos_pvpq[c], pos_pq[c]
    blocks = [(rv >= 0) & (cv >= 0), (rv >= 0) & (cq >= 0), (rq >= 0) & (cv >= 0), (rq >= 0) & (cq >= 0)]
    rows_of = [rv, rv, npvpq + rq, npvpq + rq]
    cols_of = [cv, npvpq + cq, cv, npvpq + cq]
    sel = [np.flatnonzero(m) for m in blocks]
    jrow = np.concatenate([rows_of[b][s] for b, s in enumerate(sel)])
    jcol = np.concatenate([cols_of[b][s] for b, s in enumerate(sel)])
    src = np.concatenate([k[s] for s in sel])
    kind = np.concatenate([np.full(len(s), b, dtype=np.int64) for b, s in enumerate(sel)])
    size = npvpq + npq
    order = np.argsort(jcol * size + jrow, kind="stable")
    jindptr = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(np.bincount(jcol, minlength=size), out=jindptr[1:])
    return jindptr, jrow[order], src[order], kind[order], r[src[order]], c[src[order]]


class JacobianPattern:
    """The reduced Jacobian's fixed CSC pattern and, per Ybus entry, the Jacobian entries it fills.

    Built once per (Ybus pattern, pv, pq) in O(nnz); afterwards each iteration fills the values
    in place (`fill`) and refactorizes numerically.
    """

    def __init__(self, ybus: sp.csr_matrix, pv: np.ndarray, pq: np.ndarray, numba: bool | None = None,
                 v_only: np.ndarray | None = None) -> None:
        """Unknowns: angles at pv and pq buses (P equations), magnitudes at pq and `v_only` buses
        (Q equations; v_only: references at a Q limit, angle fixed, voltage free)."""
        n = ybus.shape[0]
        self.numba = use_numba(n) if numba is None else numba
        pvpq = np.r_[pv, pq].astype(np.int64)
        pq = np.r_[pq, [] if v_only is None else v_only].astype(np.int64)
        self.pvpq, self.pq = pvpq, pq
        self._moved = np.union1d(pvpq, pq)  # buses whose voltage a step changes, each once
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
        build = _kernels().jacobian_pattern if self.numba else _pattern_numpy
        self.indptr, self.rows, src, kind, row_bus, col_bus = build(self.yindptr, self.yindices, pos_pvpq, pos_pq,
                                                                    npvpq, npq)
        self.nnz = len(self.rows)
        # jpos[b, k]: position in the Jacobian's data of block b's entry from Ybus entry k, or -1.
        self.jpos = -np.ones((4, len(self.ydata)), dtype=np.int64)
        self.jpos[kind, src] = np.arange(self.nnz)
        self._vnorm = np.empty(n, dtype=complex)
        self._yrow = np.repeat(np.arange(n, dtype=np.int64), np.diff(self.yindptr))
        self._diag = np.flatnonzero(self._yrow == self.yindices)  # Ybus entries on the diagonal
        self._diag_bus = self._yrow[self._diag]
        self._frozen: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def freeze(self, unknowns: np.ndarray | None) -> None:
        """Hold these unknowns (positions in the unknown vector) at their start values: their Jacobian rows
        and columns become identity ones within the fixed pattern and their mismatches are zero. One
        pattern then serves other bus-type sets and islands (contingency analysis); None frees them all.
        Every unknown has its diagonal entry in the pattern (Ybus keeps every diagonal entry)."""
        if unknowns is None or not len(unknowns):
            self._frozen = None
            return
        mask = np.zeros(self.size, dtype=bool)
        mask[unknowns] = True
        col = np.repeat(np.arange(self.size, dtype=np.int64), np.diff(self.indptr))
        hit = mask[self.rows] | mask[col]
        diag = hit & (self.rows == col)
        self._frozen = (np.flatnonzero(hit & ~diag), np.flatnonzero(diag), np.flatnonzero(mask))

    def fill(self, v: np.ndarray, ibus: np.ndarray, ds_bus_dvm: np.ndarray, out: np.ndarray) -> None:
        """Jacobian values at v into `out` (CSC data order); ibus must be Ybus @ v."""
        if self.numba:
            _kernels().fill_jacobian(self.yindptr, self.yindices, self.ydata, v, ibus, ds_bus_dvm, self.jpos,
                                     self._vnorm, out)
        else:
            self._fill_numpy(v, ibus, ds_bus_dvm, out)
        if self._frozen is not None:
            out[self._frozen[0]] = 0.0
            out[self._frozen[1]] = 1.0

    def _fill_numpy(self, v: np.ndarray, ibus: np.ndarray, ds_bus_dvm: np.ndarray, out: np.ndarray) -> None:
        # MATPOWER's dSbus_dV entry by entry: dS_i/dVm_j = V_i conj(Y_ij Vnorm_j) (+ conj(I_i) Vnorm_i
        # - dSbus_dVm_i on the diagonal), dS_i/dVa_j = -j V_i conj(Y_ij V_j) (+ j V_i conj(I_i)).
        absv = np.abs(v)
        vnorm = np.divide(v, absv, out=np.zeros_like(v), where=absv != 0)
        vi, vj = v[self._yrow], v[self.yindices]
        dvm = vi * np.conj(self.ydata * vnorm[self.yindices])
        dva = -1j * vi * np.conj(self.ydata * vj)
        d, b = self._diag, self._diag_bus
        dvm[d] += np.conj(ibus[b]) * vnorm[b] - ds_bus_dvm[b]
        dva[d] += 1j * v[b] * np.conj(ibus[b])
        for blk, part in enumerate((dva.real, dvm.real, dva.imag, dvm.imag)):
            at = self.jpos[blk]
            keep = at >= 0
            out[at[keep]] = part[keep]

    def jacobian(self, v: np.ndarray, ds_bus_dvm: np.ndarray | None = None) -> sp.csc_matrix:
        """Numeric Jacobian as a scipy matrix (for inspection and tests; the solver uses `fill`)."""
        v = np.ascontiguousarray(v, dtype=complex)
        ibus = self.ybus @ v
        dsd = np.zeros(len(v), dtype=complex) if ds_bus_dvm is None else np.asarray(ds_bus_dvm, dtype=complex)
        data = np.empty(self.nnz)
        self.fill(v, ibus, dsd, data)
        return sp.csc_matrix((data, self.rows, self.indptr), shape=(self.size, self.size))

    def mismatch(self, v: np.ndarray, s_bus: np.ndarray, ibus: np.ndarray, f: np.ndarray) -> float:
        """f = [P mismatch at pvpq, Q mismatch at pq]; ibus <- Ybus v; returns max |f| (NaN if any is)."""
        if self.numba:
            worst = _kernels().mismatch_vector(self.yindptr, self.yindices, self.ydata, v, s_bus, self.pvpq,
                                               self.pq, ibus, f)
            if self._frozen is None:
                return worst
        else:
            ibus[:] = self.ybus @ v
            npvpq = len(self.pvpq)
            f[:npvpq] = (v[self.pvpq] * np.conj(ibus[self.pvpq]) - s_bus[self.pvpq]).real
            f[npvpq:] = (v[self.pq] * np.conj(ibus[self.pq]) - s_bus[self.pq]).imag
        if self._frozen is not None:
            f[self._frozen[2]] = 0.0
        return float(np.max(np.abs(f))) if f.size else 0.0

    def step(self, v: np.ndarray, vm: np.ndarray, va: np.ndarray, dx: np.ndarray, scale: float = 1.0) -> None:
        """Apply `scale` times the NR step dx to angles (pvpq) and magnitudes (pq); rebuild v, vm, va."""
        if self.numba and scale == 1.0:
            _kernels().update_voltage(v, vm, va, dx, self.pvpq, self.pq, self._moved)
            return
        npvpq = len(self.pvpq)
        va[self.pvpq] -= scale * dx[:npvpq]
        vm[self.pq] -= scale * dx[npvpq:]
        v[:] = vm * np.exp(1j * va)
        vm[:] = np.abs(v)
        va[:] = np.angle(v)


@dataclass
class NewtonWorkspace:
    """Pattern and LU analysis for one (Ybus, pv, pq): reused by later solves of the same network."""

    pattern: JacobianPattern
    lu: SparseLU
    jdata: np.ndarray


def workspace(ybus: sp.csr_matrix, pv: np.ndarray, pq: np.ndarray, cache: dict | None,
              v_only: np.ndarray | None = None, numba: bool | None = None) -> NewtonWorkspace:
    """The workspace for these bus types, from `cache` (a dict owned by the caller, e.g. the
    CompiledNetwork, which also owns the Ybus) when present; built and stored otherwise.
    `numba` chooses the kernels (None: by network size, `use_numba`)."""
    key = (id(ybus), ybus.nnz, np.asarray(pv).tobytes(), np.asarray(pq).tobytes(),
           b"" if v_only is None else np.asarray(v_only).tobytes(), numba)
    if cache is not None and key in cache:
        return cache[key]
    pattern = JacobianPattern(ybus, pv, pq, numba=numba, v_only=v_only)
    lu = SparseLU(pattern.indptr, pattern.rows, pattern.size, newton=True)
    ws = NewtonWorkspace(pattern, lu, np.empty(pattern.nnz))
    if cache is not None:
        while len(cache) >= 4:  # Q-limit switching makes a few bus-type sets; keep the latest
            cache.pop(next(iter(cache)))
        cache[key] = ws
    return ws


# step_size(pattern, v, dx, s_bus, f) -> multiplier of the full Newton step (see `backtracking`)
LineSearch = Callable[..., float]


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
    *,
    cache: dict | None = None,
    step_size: LineSearch | None = None,
    v_only: np.ndarray | None = None,
    numba: bool | None = None,
) -> SolverOutcome:
    """Solve F(x) = 0 for bus angles (pv, pq) and magnitudes (pq). `s_bus(vm)` gives injections.

    Per iteration: Jacobian values into the fixed pattern, one numeric LU refactorization, the
    step and the mismatch. `step_size(pattern, v, dx, s_bus_now, f)` may return a multiplier of
    the full step (globalization, see `globalize.py`); None takes the full Newton step.
    """
    v = np.array(v0, dtype=complex)
    vm, va = np.abs(v), np.angle(v)
    history: list[IterationRecord] = []
    ws = workspace(ybus, pv, pq, cache, v_only, numba)
    pattern = ws.pattern
    pvpq, pq = pattern.pvpq, pattern.pq
    ibus = np.empty(len(v), dtype=complex)
    f = np.empty(pattern.size)

    def mismatch_f() -> float:
        return pattern.mismatch(v, np.ascontiguousarray(s_bus(vm), dtype=complex), ibus, f)

    def note(it: int) -> None:
        history.append(record_split(it, f[:len(pvpq)], f[len(pvpq):], pvpq, pq))
        if callback:
            callback(it, history[-1].max_mismatch)

    worst = mismatch_f()
    note(0)
    if f.size == 0 or worst < tol:
        return SolverOutcome(v, True, 0, history)
    for it in range(1, max_iter + 1):
        pattern.fill(v, ibus, np.ascontiguousarray(ds_bus_dvm(vm), dtype=complex), ws.jdata)
        dx = ws.lu.factor(ws.jdata)(f)
        scale = 1.0 if step_size is None else step_size(pattern, v, dx, s_bus, f)
        pattern.step(v, vm, va, dx, scale)
        worst = mismatch_f()
        note(it)
        if not np.isfinite(worst) or worst > 1e10:
            return SolverOutcome(v, False, it, history, diverged=True)
        if worst < tol:
            return SolverOutcome(v, True, it, history)
    return SolverOutcome(v, False, max_iter, history)


def backtracking(pattern: JacobianPattern, v: np.ndarray, dx: np.ndarray, s_bus, f: np.ndarray) -> float:
    """Step multiplier by backtracking on the mismatch norm (Armijo rule on ||F||^2, halving the
    step down to 1/1024): a globalized Newton step for starts outside the convergence region."""
    f0 = float(f @ f)
    vm0, va0 = np.abs(v), np.angle(v)
    ibus = np.empty(len(v), dtype=complex)
    trial_f = np.empty_like(f)
    scale = 1.0
    for _ in range(11):
        vm, va = vm0.copy(), va0.copy()
        trial = v.copy()
        pattern.step(trial, vm, va, dx, scale)
        worst = pattern.mismatch(trial, np.ascontiguousarray(s_bus(vm), dtype=complex), ibus, trial_f)
        if np.isfinite(worst) and float(trial_f @ trial_f) <= (1 - 1e-4 * scale) * f0:
            return scale
        scale /= 2
    return scale
