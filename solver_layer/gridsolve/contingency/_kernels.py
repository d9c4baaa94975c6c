"""numba kernels of the contingency fast path (compiled once, cached on disk): a whole outage's solve (its Ybus,
the Woodbury correction of the base Jacobian's KLU factors, Broyden-updated quasi-Newton steps) in one call,
and the per-outage scans of branch loading and bus voltages. KLU is called from the kernels by symbol name.
Imported only where numba is (contingency.solver falls back to numpy)."""

from __future__ import annotations

import numpy as np
from numba import njit, types

from ..compile import REF
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
    """out[r] = max(|S_from|, |S_to|) x scale[r] (scale = 100 base / rating; NaN where dead or unrated), with
    |S| = |V| |I| compared squared: one square root per branch, no complex modulus (hypot)."""
    for r in range(len(f_bus)):
        if dead[r] or scale[r] == 0.0:
            out[r] = np.nan
            continue
        vf = v[f_bus[r]]
        vt = v[t_bus[r]]
        i_f = yff[r] * vf + yft[r] * vt
        i_t = ytf[r] * vf + ytt[r] * vt
        s_f = (vf.real * vf.real + vf.imag * vf.imag) * (i_f.real * i_f.real + i_f.imag * i_f.imag)
        s_t = (vt.real * vt.real + vt.imag * vt.imag) * (i_t.real * i_t.real + i_t.imag * i_t.imag)
        out[r] = np.sqrt(s_f if s_f > s_t else s_t) * scale[r]


@njit(cache=True)
def voltage_scan(v, show, lo, hi, vm, flags):  # pragma: no cover - compiled
    """|V| into vm (NaN where not shown), flags -1/+1 below/above the band; (argmin, argmax, violations)."""
    imin, imax, count = -1, -1, 0
    for b in range(len(v)):
        if not show[b]:
            vm[b] = np.nan
            flags[b] = 0
            continue
        x = np.sqrt(v[b].real * v[b].real + v[b].imag * v[b].imag)
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
    Returns (converged, iterations). (`chord_core` on work arrays of its own.)"""
    size = len(f)
    return chord_core(kk, d, frozen, sym, num, common, v0, vm0, va0, v, vm, va, pvpq, pq, yindptr, yindices, ydata,
                      s_bus, ibus, f, tol, max_iter, min_rate, np.empty((2 * len(kk), size)),
                      np.empty((max_iter, size)), np.empty((max_iter, size)), np.empty(size), np.empty(size),
                      np.empty(size), -1.0, np.empty((0, size)), np.zeros(0, dtype=np.int64))


# --- a batch of single-branch outages in one call ---------------------------------------------------------
# status of each outage of a batch (`batch_run`)
SOLVED = 0  # solved and evaluated here
RETRY_NEWTON = 1  # the fast path did not converge: full Newton-Raphson in Python (solver.full_newton)
RETRY_PYTHON = 2  # not for this kernel (the island lost its reference, too large a correction): solver.solve

KIND_UNDER, KIND_OVER, KIND_OVERLOAD = 0, 1, 2
REF_TYPE = REF


@njit(cache=True)
def inverse_columns(kk, sym, num, common, zbuf, zcache, ztag):  # pragma: no cover - compiled
    """Z = J0^-1 P_K (rows: one per unknown of K, written into the leading rows of zbuf). They are J0's inverse
    columns, the same for every outage: kept in zcache (direct-mapped, slot u mod len(ztag), ztag[slot] the
    unknown held; len 0: no cache), only the others solved (together, in the rows of zbuf after K's) and added."""
    k = len(kk)
    slots = len(ztag)
    z = zbuf[:k]
    hit = np.zeros(k, dtype=np.bool_)
    for i in range(k):
        hit[i] = slots > 0 and ztag[kk[i] % slots] == kk[i]
        if hit[i]:
            z[i, :] = zcache[kk[i] % slots]
    miss = np.flatnonzero(~hit)
    if not len(miss):
        return z
    rhs = zbuf[k:k + len(miss)]
    rhs[:, :] = 0.0
    for q in range(len(miss)):
        rhs[q, kk[miss[q]]] = 1.0
    KLU_SOLVE(sym, num, zbuf.shape[1], len(miss), rhs.ctypes.data, common.ctypes.data)
    for q in range(len(miss)):
        z[miss[q], :] = rhs[q]
        if slots:
            zcache[kk[miss[q]] % slots] = rhs[q]
            ztag[kk[miss[q]] % slots] = kk[miss[q]]
    return z


@njit(cache=True)
def woodbury_into(kk, d, sym, num, common, zbuf, zcache, ztag):  # pragma: no cover - compiled
    """Z (`inverse_columns`) and M = (I + D P_K^T Z^T)^-1 D, for `woodbury`."""
    k = len(kk)
    z = inverse_columns(kk, sym, num, common, zbuf, zcache, ztag)
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
def chord_core(kk, d, frozen, sym, num, common, v0, vm0, va0, v, vm, va, pvpq, pq, yindptr, yindices, ydata, s_bus,
               ibus, f, tol, max_iter, min_rate, zbuf, us, ys, x, f_old, dx, worst0, zcache,
               ztag):  # pragma: no cover - compiled
    """`chord_run` on preallocated work arrays (zbuf (2 max_k, size), us/ys (max_iter, size), x/f_old/dx (size));
    worst0 >= 0: f already holds the mismatch at v0 (the frozen unknowns' zeroed) and worst0 its largest;
    zcache/ztag: `woodbury_into`'s cache of J0's inverse columns.

    The first step needs no solve: v0 is the base case's solution, so the mismatch there is the outage's own,
    on the unknowns of K (the base case's residual elsewhere is below tol), and J0^-1 P_K g = Z^T g."""
    size = len(f)
    z, m = woodbury_into(kk, d, sym, num, common, zbuf, zcache, ztag)
    for b in range(len(v)):
        v[b], vm[b], va[b] = v0[b], vm0[b], va0[b]
    worst = worst0
    if worst0 < 0:
        worst = mismatch_vector(yindptr, yindices, ydata, v, s_bus, pvpq, pq, ibus, f)
        if len(frozen):
            worst = masked_max(f, frozen)
    if worst < tol:
        return True, 0
    dx[:] = 0.0
    for i in range(len(kk)):
        g = f[kk[i]]
        for q in range(len(dx)):
            dx[q] += g * z[i, q]
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


@njit(cache=True)
def bridge_lost(r, child, disc, fin, labels0, bus_type, lost):  # pragma: no cover - compiled
    """`solver.OutageSolver._split_bridge` for bridge row r: lost[b] set (every b written) for the buses cut off:
    the far side (the search subtree below the bridge) or the rest of its island, whichever has fewer buses
    (ties: the side with the reference is kept). Returns (buses lost, whether the kept part has a reference)."""
    c = child[r]
    lab = labels0[c]
    lo_t, hi_t = disc[c], fin[c]
    n_side, n_rest = 0, 0
    side_ref, side_ref_island, rest_ref = False, False, False
    for b in range(len(lost)):
        inside = disc[b] >= lo_t and disc[b] <= hi_t
        if inside:
            n_side += 1
            side_ref |= bus_type[b] == REF_TYPE
            side_ref_island |= bus_type[b] == REF_TYPE and labels0[b] == lab
        elif labels0[b] == lab:
            n_rest += 1
            rest_ref |= bus_type[b] == REF_TYPE
    lose_rest = n_side > n_rest or (n_side == n_rest and side_ref)
    n_lost = 0
    for b in range(len(lost)):
        inside = disc[b] >= lo_t and disc[b] <= hi_t
        lost[b] = (labels0[b] == lab and not inside) if lose_rest else inside
        n_lost += lost[b]
    return n_lost, (side_ref_island if lose_rest else rest_ref)


@njit(cache=True)
def island_unknowns(r, lost_idx, block_pos, pos_pvpq, pos_pq):  # pragma: no cover - compiled
    """K of a bridge outage islanding `lost_idx` (its end buses' unknowns and the islanded buses'), and the
    islanded unknowns (held), both sorted (`solver.OutageSolver._correction`, `_unknowns`)."""
    cand = np.empty(4 + 2 * len(lost_idx), dtype=np.int64)
    n = 0
    for q in range(4):
        if block_pos[r, q] >= 0:
            cand[n] = block_pos[r, q]
            n += 1
    n_branch = n
    for pos in (pos_pvpq, pos_pq):
        for b in lost_idx:
            if pos[b] >= 0:
                cand[n] = pos[b]
                n += 1
    return np.unique(cand[:n]), np.unique(cand[n_branch:n])


@njit(cache=True)
def island_matrix(r, kk, frozen, blocks, block_pos, j0p, j0i, j0x, where):  # pragma: no cover - compiled
    """D of a bridge outage, as `solver.OutageSolver._correction` forms it: minus the branch's own terms, then
    the held unknowns' rows and columns of J0 + D made identity ones, D = that - J0[K, K]. `where` (-1 but at
    K's entries while this runs) maps an unknown to its place in K."""
    k = len(kk)
    for i in range(k):
        where[kk[i]] = i
    d = np.zeros((k, k))
    for a in range(4):
        pa = block_pos[r, a]
        for b in range(4):
            pb = block_pos[r, b]
            if pa >= 0 and pb >= 0:
                d[where[pa], where[pb]] -= blocks[r, a, b]
    a0 = np.zeros((k, k))
    for c in range(k):
        col = kk[c]
        for q in range(j0p[col], j0p[col + 1]):
            if where[j0i[q]] >= 0:
                a0[where[j0i[q]], c] = j0x[q]
    b0 = a0 + d
    for s in frozen:
        b0[where[s], :] = 0.0
        b0[:, where[s]] = 0.0
    for s in frozen:
        b0[where[s], where[s]] = 1.0
    for i in range(k):
        where[kk[i]] = -1
    return b0 - a0


@njit(cache=True)
def loading_into(v, lost, n_lost, r, mon, load_out, row_load, dead):  # pragma: no cover - compiled
    """`monitor.Monitor.element_loading`: loading % per element into load_out (NaN: no rating, out or dead;
    an element of several rows, its largest); dead: row r and, where buses are lost, every row that touches
    a bus not live."""
    (f_bus, t_bus, yff, yft, ytf, ytt, scale, elem_of_row, identity, live0, _, _, _, _, _) = mon
    dead[:] = False
    dead[r] = True
    if n_lost:
        for q in range(len(dead)):
            a, b = f_bus[q], t_bus[q]
            dead[q] |= lost[a] or lost[b] or not live0[a] or not live0[b]
    branch_loading(v, f_bus, t_bus, yff, yft, ytf, ytt, scale, dead, row_load)
    if identity:
        load_out[:] = row_load
        return
    load_out[:] = -np.inf
    for q in range(len(row_load)):
        if np.isfinite(row_load[q]) and row_load[q] > load_out[elem_of_row[q]]:
            load_out[elem_of_row[q]] = row_load[q]
    for e in range(len(load_out)):
        if not np.isfinite(load_out[e]):
            load_out[e] = np.nan


@njit(cache=True)
def violations_into(vm, flags, load_out, lo, hi, limit, weight, viol_kind, viol_at, n_viol):  # pragma: no cover
    """Violations appended at n_viol in `monitor.Monitor.evaluate`'s order (undervoltages, overvoltages,
    overloads) and their severity score, summed in that order; n_viol -1 when the buffers are too short."""
    need = 0
    for b in range(len(flags)):
        need += flags[b] != 0
    for e in range(len(load_out)):
        need += load_out[e] > limit
    if n_viol + need > len(viol_kind):
        return 0.0, -1
    score = 0.0
    for side in (-1, 1):
        for b in range(len(flags)):
            if flags[b] == side:
                viol_kind[n_viol], viol_at[n_viol] = (KIND_UNDER if side < 0 else KIND_OVER), b
                n_viol += 1
                score += weight * (lo[b] - vm[b] if side < 0 else vm[b] - hi[b])
    for e in range(len(load_out)):
        if load_out[e] > limit:
            viol_kind[n_viol], viol_at[n_viol] = KIND_OVERLOAD, e
            n_viol += 1
            score += load_out[e] - limit
    return score, n_viol


@njit(cache=True)
def evaluate_into(v, lost, n_lost, r, mon, vm_out, load_out, row_load, dead, flags, viol_kind, viol_at,
                  n_viol):  # pragma: no cover - compiled
    """`monitor.Monitor.evaluate` at v: |V| (NaN where not shown) into vm_out, element loading into load_out,
    violations appended at n_viol (kind, bus or element). Returns (argmin |V|, argmax |V|, argmax loading,
    score, new n_viol); n_viol -1 when the violation buffers are too short."""
    show0, lo, hi, limit, weight = mon[10], mon[11], mon[12], mon[13], mon[14]
    loading_into(v, lost, n_lost, r, mon, load_out, row_load, dead)
    imin, imax, _ = voltage_scan(v, show0 & ~lost if n_lost else show0, lo, hi, vm_out, flags)
    lmax = -1
    for e in range(len(load_out)):
        if np.isfinite(load_out[e]) and (lmax < 0 or load_out[e] > load_out[lmax]):
            lmax = e
    score, n_viol = violations_into(vm_out, flags, load_out, lo, hi, limit, weight, viol_kind, viol_at, n_viol)
    return imin, imax, lmax, score, n_viol


@njit(cache=True)
def outage_setup(r, net, lost, where, max_k):  # pragma: no cover - compiled
    """(status, K, D, held unknowns, islanded buses) of single-branch outage r; status RETRY_PYTHON where the
    kernel does not solve it (an islanded side that takes the reference or no bus, too large a K)."""
    blocks, block_pos, pos_pvpq, pos_pq, j0p, j0i, j0x = net[7], net[8], net[9], net[10], net[11], net[12], net[13]
    bus_type, is_bridge, child, disc, fin, labels0 = net[22], net[23], net[24], net[25], net[26], net[27]
    none = np.zeros(0, dtype=np.int64)
    if not is_bridge[r]:
        kk, d = outage_correction(np.full(1, r, dtype=np.int64), blocks, block_pos)
        return SOLVED, kk, d, none, none
    n_lost, kept_ref = bridge_lost(r, child, disc, fin, labels0, bus_type, lost)
    if not kept_ref or not n_lost:
        return RETRY_PYTHON, none, np.zeros((0, 0)), none, none
    lidx = np.flatnonzero(lost)
    kk, frozen = island_unknowns(r, lidx, block_pos, pos_pvpq, pos_pq)
    if len(kk) > max_k:
        return RETRY_PYTHON, none, np.zeros((0, 0)), none, none
    return SOLVED, kk, island_matrix(r, kk, frozen, blocks, block_pos, j0p, j0i, j0x, where), frozen, lidx


@njit(cache=True)
def outage_mismatch(r, f_base, f_bus, t_bus, val4, v0, pos_pvpq, pos_pq, frozen, f):  # pragma: no cover - compiled
    """The mismatch at the base voltages once branch row r is out, into f, from the base case's (f_base): only
    its end buses' currents change (by its own two-port's). The frozen unknowns' zeroed; returns max |f|."""
    f[:] = f_base
    a, b = f_bus[r], t_bus[r]
    di_a = -(val4[0, r] * v0[a] + val4[1, r] * v0[b])
    di_b = -(val4[2, r] * v0[a] + val4[3, r] * v0[b])
    for bus, di in ((a, di_a), (b, di_b)):
        ds = v0[bus] * np.conj(di)
        if pos_pvpq[bus] >= 0:
            f[pos_pvpq[bus]] += ds.real
        if pos_pq[bus] >= 0:
            f[pos_pq[bus]] += ds.imag
    return masked_max(f, frozen)


@njit(cache=True)
def batch_run(rows, first, net, mon, ws, out, tol, max_iter, min_rate, max_k):  # pragma: no cover - compiled
    """Outages rows[first:] (one branch row each), every one whole: its Ybus (four entries changed in place and
    put back), the islanded side of a bridge, the fast path's solve and the monitoring. Outputs per outage j
    in `out`; returns the number of outages done (less than len(rows) when a buffer of `out` is too short:
    call again from there with larger ones)."""
    (yindptr, yindices, base_data, ydata, pos4, val4, offcount, _, _, pos_pvpq, pos_pq, _, _, _, handles, common, v0,
     vm0, va0, pvpq, pq, s_bus, _, _, _, _, _, _, f_base, f_bus, t_bus) = net
    (v, vm, va, ibus, f, x, f_old, dx, us, ys, zbuf, lost, where, row_load, dead, flags, zcache, ztag) = ws
    (status, iters, lost_ptr, lost_idx, vmin_at, vmax_at, lmax_at, score, viol_ptr, viol_kind, viol_at, vm2d,
     load2d, v2d) = out
    for j in range(first, len(rows)):
        r = rows[j]
        lost_ptr[j + 1], viol_ptr[j + 1], iters[j] = lost_ptr[j], viol_ptr[j], 0
        vmin_at[j] = vmax_at[j] = lmax_at[j] = -1
        status[j], kk, d, frozen, lidx = outage_setup(r, net, lost, where, max_k)
        if status[j] != SOLVED:
            continue
        for q in range(4):  # the outage's Ybus in place (`outage_ybus` for one row)
            ydata[pos4[q, r]] -= val4[q, r]
        for q in (1, 2):
            if (pos4[1, r] == pos4[q, r]) + (pos4[2, r] == pos4[q, r]) == offcount[pos4[q, r]]:
                ydata[pos4[q, r]] = 0.0
        worst = outage_mismatch(r, f_base, f_bus, t_bus, val4, v0, pos_pvpq, pos_pq, frozen, f)
        conv, iters[j] = chord_core(kk, d, frozen, handles[0], handles[1], common, v0, vm0, va0, v, vm, va, pvpq,
                                    pq, yindptr, yindices, ydata, s_bus, ibus, f, tol, max_iter, min_rate, zbuf, us,
                                    ys, x, f_old, dx, worst, zcache, ztag)
        for q in range(4):
            ydata[pos4[q, r]] = base_data[pos4[q, r]]
        if not conv:
            status[j] = RETRY_NEWTON
            continue
        if lost_ptr[j] + len(lidx) > len(lost_idx):
            return j
        vmin_at[j], vmax_at[j], lmax_at[j], score[j], nv = evaluate_into(
            v, lost, len(lidx), r, mon, vm2d[j], load2d[j], row_load, dead, flags, viol_kind, viol_at, viol_ptr[j])
        if nv < 0:
            return j
        viol_ptr[j + 1] = nv
        v2d[j, :] = v
        lost_idx[lost_ptr[j]:lost_ptr[j] + len(lidx)] = lidx
        lost_ptr[j + 1] = lost_ptr[j] + len(lidx)
    return len(rows)
