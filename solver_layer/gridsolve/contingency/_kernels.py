"""numba kernels of the contingency fast path (compiled once, cached on disk): a whole outage's solve (its Ybus,
the Woodbury correction of the base Jacobian's KLU factors, Broyden-updated quasi-Newton steps) in one call,
and the per-outage scans of branch loading and bus voltages. KLU is called from the kernels by symbol name.
Imported only where numba is (contingency.solver falls back to numpy)."""

from __future__ import annotations

import numpy as np
from numba import njit, types

from ..powerflow import klu
from ..powerflow._kernels import mismatch_vector


@njit(cache=True)
def rotate_update(v, vm, va, dx, pvpq, pq):  # pragma: no cover - compiled
    """`powerflow._kernels.update_voltage`'s step (angles at pvpq, magnitudes at pq, v rebuilt), with v turned by
    exp(-j dtheta) and scaled by the new |V| / old |V| instead of a fresh cos/sin: for |dtheta| < 1e-3 a
    degree-5 Taylor polynomial is exact to double precision (the remainder is below dtheta^6 / 720 < 1.4e-21),
    larger steps call cos/sin."""
    npvpq = len(pvpq)
    for a in range(npvpq):
        b = pvpq[a]
        d = -dx[a]
        va[b] += d
        if abs(d) < 1e-3:
            d2 = d * d
            rot = (1.0 - d2 * 0.5 + d2 * d2 / 24.0) + 1j * (d * (1.0 - d2 / 6.0 + d2 * d2 / 120.0))
            v[b] = v[b] * rot
        else:
            v[b] = vm[b] * (np.cos(va[b]) + 1j * np.sin(va[b]))
    for a in range(len(pq)):
        b = pq[a]
        new = vm[b] - dx[npvpq + a]
        v[b] = v[b] * (new / vm[b]) if vm[b] != 0.0 else new * (np.cos(va[b]) + 1j * np.sin(va[b]))
        vm[b] = new


@njit(cache=True)
def woodbury(x, z, m, kk):  # pragma: no cover - compiled
    """x <- x - Z^T (M x[K]): a J0 solve turned into a solve with J0 + P_K D P_K^T."""
    k = len(kk)
    if k:
        t = np.empty(k)
        for i in range(k):
            t[i] = x[kk[i]]
        for i in range(k):
            ui = 0.0
            for j in range(k):
                ui += m[i, j] * t[j]
            for r in range(len(x)):
                x[r] -= z[i, r] * ui


@njit(cache=True)
def masked_max(f, frozen):  # pragma: no cover - compiled
    """Zero f at `frozen`, return max |f| (NaN if any is)."""
    for i in frozen:
        f[i] = 0.0
    worst = 0.0
    for i in range(len(f)):
        a = abs(f[i])
        if a != a:
            return a
        if a > worst:
            worst = a
    return worst


@njit(cache=True)
def branch_loading(v, f_bus, t_bus, yff, yft, ytf, ytt, scale, dead, out):  # pragma: no cover - compiled
    """out[r] = max(|S_from|, |S_to|) x scale[r] (scale = 100 base / rating; NaN where dead or unrated)."""
    for r in range(len(f_bus)):
        if dead[r] or scale[r] == 0.0:
            out[r] = np.nan
            continue
        vf = v[f_bus[r]]
        vt = v[t_bus[r]]
        s_f = abs(vf * np.conj(yff[r] * vf + yft[r] * vt))
        s_t = abs(vt * np.conj(ytf[r] * vf + ytt[r] * vt))
        out[r] = (s_f if s_f > s_t else s_t) * scale[r]


@njit(cache=True)
def voltage_scan(v, show, lo, hi, vm, flags):  # pragma: no cover - compiled
    """|V| into vm (NaN where not shown), flags -1/+1 below/above the band; (argmin, argmax, violations)."""
    imin, imax, count = -1, -1, 0
    for b in range(len(v)):
        if not show[b]:
            vm[b] = np.nan
            flags[b] = 0
            continue
        x = abs(v[b])
        vm[b] = x
        if imin < 0 or x < vm[imin]:
            imin = b
        if imax < 0 or x > vm[imax]:
            imax = b
        if x < lo[b]:
            flags[b] = -1
            count += 1
        elif x > hi[b]:
            flags[b] = 1
            count += 1
        else:
            flags[b] = 0
    return imin, imax, count


def _klu_solve():
    """klu_l_solve as a numba external function, resolved by symbol name once libklu is loaded into the
    process (so the kernels below are cached on disk like the others; a ctypes pointer would not be)."""
    if klu.LIB is None:
        return None
    import llvmlite.binding as llvm  # numba's own LLVM binding: makes libklu's symbols visible to its JIT

    llvm.load_library_permanently(klu.LIB._name)
    i64 = types.int64
    return types.ExternalFunction("klu_l_solve", i64(i64, i64, i64, i64, i64, i64))


KLU_SOLVE = _klu_solve()


@njit(cache=True)
def outage_ybus(rows, base_data, ydata, pos4, val4, offcount):  # pragma: no cover - compiled
    """ydata <- the base Ybus values less the two-ports of `rows`; entries left with no branch exactly 0."""
    ydata[:] = base_data
    for r in rows:
        for q in range(4):
            ydata[pos4[q, r]] -= val4[q, r]
    for r in rows:
        for q in (1, 2):
            p = pos4[q, r]
            cnt = 0
            for r2 in rows:
                cnt += (pos4[1, r2] == p) + (pos4[2, r2] == p)
            if cnt == offcount[p]:
                ydata[p] = 0.0


@njit(cache=True)
def outage_correction(rows, blocks, block_pos):  # pragma: no cover - compiled
    """(K, D) of a branch outage without islanding: the unknowns of its end buses and minus its own
    Jacobian terms there (see solver.OutageSolver._correction)."""
    cand = np.empty(4 * len(rows), dtype=np.int64)
    n = 0
    for r in rows:
        for q in range(4):
            p = block_pos[r, q]
            if p >= 0:
                cand[n] = p
                n += 1
    kk = np.unique(cand[:n])
    k = len(kk)
    d = np.zeros((k, k))
    for r in rows:
        for a in range(4):
            pa = block_pos[r, a]
            if pa < 0:
                continue
            ia = np.searchsorted(kk, pa)
            for b in range(4):
                pb = block_pos[r, b]
                if pb >= 0:
                    d[ia, np.searchsorted(kk, pb)] -= blocks[r, a, b]
    return kk, d


@njit(cache=True)
def fast_outage(rows, base_data, ydata, pos4, val4, offcount, blocks, block_pos, sym, num, common, v0, vm0, va0,
                v, vm, va, pvpq, pq, yindptr, yindices, s_bus, ibus, f, tol, max_iter,
                min_rate):  # pragma: no cover - compiled
    """One branch outage without islanding, whole: its Ybus, the Woodbury correction of the base Jacobian's KLU
    factors, fixed-Jacobian steps from the base voltages. Returns (converged, iterations); not converged
    means "give it to full Newton-Raphson" (too slow a contraction, or a singular correction)."""
    outage_ybus(rows, base_data, ydata, pos4, val4, offcount)
    kk, d = outage_correction(rows, blocks, block_pos)
    return chord_run(kk, d, np.zeros(0, dtype=np.int64), sym, num, common, v0, vm0, va0, v, vm, va, pvpq, pq,
                     yindptr, yindices, ydata, s_bus, ibus, f, tol, max_iter, min_rate)


@njit(cache=True)
def woodbury_setup(kk, d, sym, num, common, size):  # pragma: no cover - compiled
    """Z = J0^-1 P_K (rows: one per unknown of K) and M = (I + D P_K^T Z^T)^-1 D, for `woodbury`."""
    k = len(kk)
    z = np.zeros((k, size))
    for i in range(k):
        z[i, kk[i]] = 1.0
    if k:
        KLU_SOLVE(sym, num, size, k, z.ctypes.data, common.ctypes.data)
    a = np.eye(k)
    for i in range(k):
        for j in range(k):
            acc = 0.0
            for q in range(k):
                acc += d[i, q] * z[j, kk[q]]
            a[i, j] += acc
    m = np.linalg.solve(a, d) if k else d
    return z, m


@njit(cache=True)
def broyden_direction(x, f, f_old, us, ys, it, dx):  # pragma: no cover - compiled
    """Broyden's second method on top of J': x = H_0 F on entry; H_k = H_0 + sum u_j y_j^T. Stores u, y of this
    step and writes the next step dx = H_{k+1} F; False when the mismatch did not move (y = 0)."""
    size = len(f)
    for j in range(it - 1):
        c = 0.0
        for r in range(size):
            c += ys[j, r] * f[r]
        for r in range(size):
            x[r] += us[j, r] * c
    yy, yf = 0.0, 0.0
    for r in range(size):
        y = f[r] - f_old[r]
        ys[it - 1, r] = y
        yy += y * y
        yf += y * f[r]
    if yy == 0.0:
        return False
    for r in range(size):
        us[it - 1, r] = -x[r] / yy
        dx[r] = x[r] * (1.0 - yf / yy)
    return True


@njit(cache=True)
def chord_run(kk, d, frozen, sym, num, common, v0, vm0, va0, v, vm, va, pvpq, pq, yindptr, yindices, ydata, s_bus,
              ibus, f, tol, max_iter, min_rate):  # pragma: no cover - compiled
    """Quasi-Newton steps from v0 with J' = J0 + P_K D P_K^T (Woodbury on J0's KLU factors) as the first
    Jacobian, Broyden-updated (second method: u_k = -H_k F_{k+1} / |y_k|^2, y_k = F_{k+1} - F_k; one J0 solve
    and O(k n) per step), the `frozen` unknowns held; the outage's Ybus already in ydata.
    Returns (converged, iterations)."""
    size = len(f)
    z, m = woodbury_setup(kk, d, sym, num, common, size)
    for b in range(len(v)):
        v[b], vm[b], va[b] = v0[b], vm0[b], va0[b]
    worst = mismatch_vector(yindptr, yindices, ydata, v, s_bus, pvpq, pq, ibus, f)
    if len(frozen):
        worst = masked_max(f, frozen)
    if worst < tol:
        return True, 0
    us = np.zeros((max_iter, size))
    ys = np.zeros((max_iter, size))
    x = np.empty(size)
    f_old = np.empty(size)
    dx = f.copy()
    KLU_SOLVE(sym, num, size, 1, dx.ctypes.data, common.ctypes.data)
    woodbury(dx, z, m, kk)
    for it in range(1, max_iter + 1):
        f_old[:] = f
        rotate_update(v, vm, va, dx, pvpq, pq)
        prev = worst
        worst = mismatch_vector(yindptr, yindices, ydata, v, s_bus, pvpq, pq, ibus, f)
        if len(frozen):
            worst = masked_max(f, frozen)
        if worst < tol:
            return True, it
        if not worst == worst or worst > min_rate * prev or it == max_iter:
            return False, it
        x[:] = f
        KLU_SOLVE(sym, num, size, 1, x.ctypes.data, common.ctypes.data)
        woodbury(x, z, m, kk)
        if not broyden_direction(x, f, f_old, us, ys, it, dx):
            return False, it
    return False, max_iter
