"""numba kernels for the Newton-Raphson inner loop (compiled once, cached on disk: cache=True).

Each kernel writes into arrays the caller allocated once per solve, so an iteration allocates
nothing but the LU factors. The formulas are MATPOWER's (dSbus_dV in polar form, the power
mismatch), evaluated entry by entry over Ybus's CSR pattern instead of as sparse products.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def ybus_times_v(indptr, indices, data, v, out):  # pragma: no cover - compiled
    """out = Ybus @ v for a CSR Ybus."""
    for i in range(len(indptr) - 1):
        acc = 0j
        for k in range(indptr[i], indptr[i + 1]):
            acc += data[k] * v[indices[k]]
        out[i] = acc


@njit(cache=True)
def mismatch_vector(indptr, indices, data, v, s_bus, pvpq, pq, ibus, f):  # pragma: no cover - compiled
    """f = [P mismatch at pvpq, Q mismatch at pq] of v * conj(Ybus v) - s_bus; returns max |f| (NaN if any)."""
    ybus_times_v(indptr, indices, data, v, ibus)
    npvpq = len(pvpq)
    worst = 0.0
    nan = False
    for a in range(npvpq):
        b = pvpq[a]
        x = (v[b] * np.conj(ibus[b]) - s_bus[b]).real
        f[a] = x
        ax = abs(x)
        if ax != ax:
            nan = True
        elif ax > worst:
            worst = ax
    for a in range(len(pq)):
        b = pq[a]
        x = (v[b] * np.conj(ibus[b]) - s_bus[b]).imag
        f[npvpq + a] = x
        ax = abs(x)
        if ax != ax:
            nan = True
        elif ax > worst:
            worst = ax
    return np.nan if nan else worst


@njit(cache=True)
def fill_jacobian(yindptr, yindices, ydata, v, ibus, ds_bus_dvm, jpos, vnorm, out):  # pragma: no cover
    """Numeric values of the reduced Jacobian in its fixed CSC pattern (MATPOWER's dSbus_dV, polar).

    One pass over Ybus's CSR entries: entry k (row i, column j) gives dS_i/dVa_j and dS_i/dVm_j,
    whose real/imaginary parts go to the Jacobian positions jpos[0..3, k] (-1: not in the reduced
    Jacobian) of blocks J11 = Re dS/dVa, J12 = Re dS/dVm, J21 = Im dS/dVa, J22 = Im dS/dVm.
    ibus = Ybus @ v; vnorm is a work array (one per bus).
    """
    n = len(v)
    for b in range(n):
        vnorm[b] = v[b] / abs(v[b]) if v[b] != 0 else 0j
    for i in range(n):
        vi = v[i]
        for k in range(yindptr[i], yindptr[i + 1]):
            p0, p1, p2, p3 = jpos[0, k], jpos[1, k], jpos[2, k], jpos[3, k]
            if p0 < 0 and p1 < 0 and p2 < 0 and p3 < 0:
                continue
            j = yindices[k]
            y = ydata[k]
            dvm = vi * np.conj(y * vnorm[j])
            dva = -1j * vi * np.conj(y * v[j])
            if i == j:
                dvm += np.conj(ibus[i]) * vnorm[j]
                dvm -= ds_bus_dvm[i]
                dva += 1j * vi * np.conj(ibus[i])
            if p0 >= 0:
                out[p0] = dva.real
            if p1 >= 0:
                out[p1] = dvm.real
            if p2 >= 0:
                out[p2] = dva.imag
            if p3 >= 0:
                out[p3] = dvm.imag


@njit(cache=True)
def update_voltage(v, vm, va, dx, pvpq, pq, moved):  # pragma: no cover - compiled
    """Apply the NR step to angles (pvpq) and magnitudes (pq), then rebuild v at the buses that moved
    (`moved`: pvpq and pq, each bus once; the others, references, do not move; pq may hold a reference
    whose |V| is free)."""
    npvpq = len(pvpq)
    for a in range(npvpq):
        va[pvpq[a]] -= dx[a]
    for a in range(len(pq)):
        vm[pq[a]] -= dx[npvpq + a]
    for a in range(len(moved)):
        b = moved[a]
        v[b] = vm[b] * (np.cos(va[b]) + 1j * np.sin(va[b]))


@njit(cache=True)
def _block_position(blk, rv, rq, cv, cq, npvpq):  # pragma: no cover - compiled
    """(row, col) of Ybus entry (r, c) in Jacobian block blk (0: J11, 1: J12, 2: J21, 3: J22), or (-1, -1)."""
    if blk == 0 and rv >= 0 and cv >= 0:
        return rv, cv
    if blk == 1 and rv >= 0 and cq >= 0:
        return rv, npvpq + cq
    if blk == 2 and rq >= 0 and cv >= 0:
        return npvpq + rq, cv
    if blk == 3 and rq >= 0 and cq >= 0:
        return npvpq + rq, npvpq + cq
    return -1, -1


@njit(cache=True)
def _column_counts(indptr, indices, pos_pvpq, pos_pq, npvpq, size):  # pragma: no cover - compiled
    count = np.zeros(size + 1, dtype=np.int64)
    for r in range(len(indptr) - 1):
        for k in range(indptr[r], indptr[r + 1]):
            c = indices[k]
            for blk in range(4):
                _, col = _block_position(blk, pos_pvpq[r], pos_pq[r], pos_pvpq[c], pos_pq[c], npvpq)
                if col >= 0:
                    count[col + 1] += 1
    return count


@njit(cache=True)
def _sort_rows(jindptr, jrows, src, kind, jrow_bus, jcol_bus):  # pragma: no cover - compiled
    """Insertion sort of the rows within each column (columns hold only a few entries)."""
    for col in range(len(jindptr) - 1):
        for p in range(jindptr[col] + 1, jindptr[col + 1]):
            q = p
            while q > jindptr[col] and jrows[q - 1] > jrows[q]:
                for arr in (jrows, src, kind, jrow_bus, jcol_bus):
                    arr[q - 1], arr[q] = arr[q], arr[q - 1]
                q -= 1


@njit(cache=True)
def jacobian_pattern(indptr, indices, pos_pvpq, pos_pq, npvpq, npq):  # pragma: no cover - compiled
    """CSC pattern of the reduced Jacobian [[J11 J12], [J21 J22]] from Ybus's CSR pattern.

    Returns (jindptr, jrows, src, kind, jrow_bus, jcol_bus): for each Jacobian entry in CSC
    order (rows sorted within a column), the Ybus CSR entry it comes from, its block (see
    fill_jacobian) and the Ybus row/column (bus) of that entry. O(nnz): a counting sort by column
    and an insertion sort of the few rows in each column.
    """
    size = npvpq + npq
    jindptr = np.cumsum(_column_counts(indptr, indices, pos_pvpq, pos_pq, npvpq, size))
    nnz = jindptr[size]
    jrows = np.empty(nnz, dtype=np.int64)
    src = np.empty(nnz, dtype=np.int64)
    kind = np.empty(nnz, dtype=np.int64)
    jrow_bus = np.empty(nnz, dtype=np.int64)
    jcol_bus = np.empty(nnz, dtype=np.int64)
    cursor = jindptr[:size].copy()
    for r in range(len(indptr) - 1):
        for k in range(indptr[r], indptr[r + 1]):
            c = indices[k]
            for blk in range(4):
                row, col = _block_position(blk, pos_pvpq[r], pos_pq[r], pos_pvpq[c], pos_pq[c], npvpq)
                if col < 0:
                    continue
                p = cursor[col]
                cursor[col] += 1
                jrows[p], src[p], kind[p], jrow_bus[p], jcol_bus[p] = row, k, blk, r, c
    _sort_rows(jindptr, jrows, src, kind, jrow_bus, jcol_bus)
    return jindptr, jrows, src, kind, jrow_bus, jcol_bus
