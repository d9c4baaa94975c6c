"""One outage's AC power flow, from the base case's solved state, without recompiling or re-analysing.

Ybus: a branch outage removes its two-port; its four entries are subtracted from a copy of the base
Ybus's values, so the sparsity pattern is the base one (entries left with no branch become exact zeros).

The fast path (most outages): Newton's method with the Jacobian of the *outage* network at the base
solution, J' = J0 + P D P^T, where J0 is the base case's Jacobian (factorized once per campaign) and D
is small and dense: the outaged branches' own Jacobian terms (MATPOWER's dSbus_dV on their 2x2 two-ports)
on the unknowns of their end buses, plus identity rows and columns for the unknowns of buses the outage
islands. Each step solves with J' through the Woodbury identity (k = size of D solves once per outage,
then one solve with J0's factors per step). The first step is Newton's; after it the iteration matrix is
J' refined by Broyden's second-method rank-one updates (numba kernels, `_kernels.chord_run`; the numpy
fallback keeps J' fixed, a chord method), which converge from the warm start without any refactorization,
and every outage stops at the same mismatch test (tol, pu) as the power flow. Should it not converge
fast, or where the bus types change (a generator outage taking a bus's last voltage control, a reference
moved, a large island), the outage is solved by full Newton-Raphson on one superset workspace: the
Jacobian pattern of every live bus with both unknowns, the unknowns that a bus type fixes held through
`JacobianPattern.freeze`, KLU's symbolic analysis done once and refactorized per iteration. Both start
from the base case's voltages.

Many outages (`OutageSolver.solve_many`, what a batch runs): single-branch outages go to `_kernels.batch_run` a
chunk at a time, each solved and evaluated whole in numba (its four Ybus entries changed in place and put back,
the bridge's islanded side, the starting mismatch from the base case's plus the outage's end buses, the first
step from the Woodbury columns without a solve, J0's inverse columns cached across the campaign, loading and
voltage monitoring and violations); Python only builds the rows. The outages it hands back (a reference lost
with an island, too large a correction, no fast convergence) and all others go through `solve` afterwards, in
their order, so the rows are those `solve` gives (tests/engine/test_contingency.py compares them).

Islanding (`topology.py`): in every base island split by the outage, the part with the most buses is the
main island and is solved; the other parts' buses and load are lost. The main island keeps its reference
bus where it still has it; otherwise its largest voltage-controlling generator (by Pmax, as
`compile_network` chooses one) becomes the reference, and the row's `reference_note` says which.

Generator outage: its fixed P/Q leaves the bus injection (the reference picks up the difference, as
MATPOWER's runpf). A bus whose last voltage-controlling unit goes out turns PQ; a reference bus so emptied
hands the reference to its island's largest remaining voltage-controlling generator.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp

from ..compile import NONE, PQ, PV, REF, CompiledNetwork
from ..powerflow.common import SingularJacobian, SolverOutcome, SparseLU
from ..powerflow.newton import JacobianPattern, backtracking, newton_raphson, workspace
from .elements import Outageable, branch_rows, unit_rows
from .monitor import NONCONVERGED_SEVERITY, VOLTAGE_WEIGHT, Detail, Monitor
from .topology import bridges, components_without

CHORD_MAX_ITER = 25  # fixed-Jacobian steps before full Newton-Raphson takes over
CHORD_MIN_RATE = 0.8  # each step must bring the largest mismatch down to this fraction of the last
CHORD_MAX_K = 32  # largest low-rank correction (unknowns of the outaged branches' ends and islanded buses)
BATCH_CHUNK = 64  # single-branch outages per call of the batch kernel (`_kernels.batch_run`)
ZCACHE_BYTES = 32 << 20  # the batch kernel's cache of J0's inverse columns (`_kernels.woodbury_into`)
VIOLATIONS_PER_OUTAGE = 32  # the batch kernel's violation buffer, per outage of a chunk (grown when short)


@dataclass
class OutageState:
    """One outage's bus types, injections and islands (compiled order)."""

    rows: np.ndarray  # removed branch rows
    bus_type: np.ndarray
    s_const: np.ndarray
    vm_set: np.ndarray
    live: np.ndarray  # buses solved (main islands)
    islanded: np.ndarray  # buses lost by this outage
    types_changed: bool  # a live bus changed type (the fast path needs the base types)
    units_out: np.ndarray  # bool per compiled unit
    notes: list[str] = field(default_factory=list)


class OutageSolver:
    """The base case's Ybus, its factorized Jacobian, every branch's Ybus positions, the bridges."""

    def __init__(self, cn: CompiledNetwork, v_base: np.ndarray, cat: dict[str, Outageable], monitor: Monitor, *,
                 tol: float, max_iter: int, numba: bool | None = None) -> None:
        self.cn, self.cat, self.monitor = cn, cat, monitor
        self.v_base = np.asarray(v_base, dtype=complex)
        self.tol, self.max_iter, self.numba = tol, max_iter, numba
        ybus = cn.ybus()
        self.ybus = ybus
        self.base_data = ybus.data.astype(complex, copy=True)
        n = cn.n_bus
        keys = np.repeat(np.arange(n, dtype=np.int64), np.diff(ybus.indptr)) * n + ybus.indices
        br = cn.branches
        f, t = br.f.astype(np.int64), br.t.astype(np.int64)
        self.pos = [np.searchsorted(keys, a * n + b) for a, b in ((f, f), (f, t), (t, f), (t, t))]
        self.values = [br.yff, br.yft, br.ytf, br.ytt]
        self.offdiag_count = np.bincount(np.r_[self.pos[1], self.pos[2]], minlength=len(keys))
        self.live0 = cn.bus_type != NONE
        self.bridges = bridges(n, f, t)
        self.bridge = self.bridges.is_bridge
        self.n_islands0, self.labels0 = components_without(n, f, t, np.zeros(0, dtype=np.int64), self.live0)
        self._zero_ds = np.zeros(n, dtype=complex)
        self._base_workspace()
        self._rows = {eid: np.array(e.rows, dtype=np.int64) for eid, e in cat.items()}
        self._none_lost = np.zeros(n, dtype=bool)  # shared, never written (an islanding outage makes its own)
        self._no_units = np.zeros(len(cn.units.bus), dtype=bool)
        self.super_cache: dict = {}
        self.live_buses = np.flatnonzero(self.live0)
        self.kernels: Any = None
        self.fast = self.batch = False  # the all-numba fast path, the batch kernel (`_fast_setup`, `_batch_setup`)
        if numba and self.cn.constant_power:
            from . import _kernels  # lazy: numba is imported only for campaigns that use its kernels

            self.kernels = _kernels
            monitor.kernels = _kernels
            self._fast_setup()
            self._batch_setup()

    def _fast_setup(self) -> None:
        """Arrays of the all-numba fast path (`_kernels.fast_outage`): KLU's handles of J0, Ybus positions."""
        klu_factor = self.j0_lu._klu
        self.fast = klu_factor is not None and self.kernels is not None and self.kernels.KLU_SOLVE is not None
        if not self.fast:
            return
        assert klu_factor is not None
        self._klu = klu_factor
        self.pos4 = np.ascontiguousarray(np.stack(self.pos))
        self.val4 = np.ascontiguousarray(np.stack(self.values))
        v = self.v_base
        self.vm0, self.va0 = np.abs(v), np.angle(v)
        n = self.cn.n_bus
        self._v, self._vm, self._va = np.empty(n, dtype=complex), np.empty(n), np.empty(n)
        self._ibus, self._f = np.empty(n, dtype=complex), np.empty(self.pat.size)
        self._s = np.ascontiguousarray(self.cn.s_const, dtype=complex)

    def _batch_setup(self) -> None:
        """The batch kernel's arrays (`_kernels.batch_run`): single-branch outages solved and evaluated whole,
        a chunk per call. Not where branches have current ratings (loading from `end_flows` in Python)."""
        self.batch = bool(self.fast) and not self.monitor.current_rated
        if not self.batch:
            return
        cn, mon, pat = self.cn, self.monitor, self.pat
        self._single_row = {eid: e.rows[0] for eid, e in self.cat.items() if e.unit < 0 and len(e.rows) == 1}
        br = cn.branches
        i64 = np.int64
        j0 = self.j0
        # The kernel unpacks these tuples by position (`_kernels.batch_run`, `outage_setup`, `evaluate_into`).
        self._net = (pat.yindptr, pat.yindices, self.base_data, self.base_data.copy(), self.pos4, self.val4,
                     self.offdiag_count.astype(i64), np.ascontiguousarray(self.blocks),
                     np.ascontiguousarray(self.block_pos, dtype=i64), self.pos_pvpq, self.pos_pq,
                     j0.indptr.astype(i64), j0.indices.astype(i64), np.ascontiguousarray(j0.data),
                     self._klu.handles, self._klu.common, self.v_base, self.vm0, self.va0, pat.pvpq, pat.pq, self._s,
                     cn.bus_type.astype(i64), np.ascontiguousarray(self.bridge), self.bridges.child,
                     self.bridges.disc, self.bridges.fin, self.labels0.astype(i64), self._base_mismatch(),
                     br.f.astype(i64), br.t.astype(i64))
        n_elem = len(mon.element_ids)
        identity = n_elem == len(br.f)
        self._mon = (br.f.astype(i64), br.t.astype(i64), np.ascontiguousarray(br.yff, dtype=complex),
                     np.ascontiguousarray(br.yft, dtype=complex), np.ascontiguousarray(br.ytf, dtype=complex),
                     np.ascontiguousarray(br.ytt, dtype=complex), np.ascontiguousarray(mon.scale, dtype=float),
                     mon.element_of_row.astype(i64), identity, self.live0.copy(), self.live0 & mon.reported,
                     mon.lo, mon.hi, float(mon.limit), VOLTAGE_WEIGHT)
        n, size, m = cn.n_bus, pat.size, len(br.f)
        slots = max(1, min(size, ZCACHE_BYTES // (8 * max(size, 1))))
        self._ws = (np.empty(n, dtype=complex), np.empty(n), np.empty(n), np.empty(n, dtype=complex), np.empty(size),
                    np.empty(size), np.empty(size), np.empty(size), np.empty((CHORD_MAX_ITER, size)),
                    np.empty((CHORD_MAX_ITER, size)), np.empty((2 * CHORD_MAX_K, size)), np.zeros(n, dtype=bool),
                    -np.ones(size + 1, dtype=i64), np.empty(m), np.empty(m, dtype=bool), np.empty(n, dtype=np.int8),
                    np.empty((slots, size)), -np.ones(slots, dtype=i64))
        c = BATCH_CHUNK
        self._out: list[np.ndarray] = [np.empty(c, dtype=np.int8), np.empty(c, dtype=i64), np.zeros(c + 1, dtype=i64),
                     np.empty(c * 4, dtype=i64), np.empty(c, dtype=i64), np.empty(c, dtype=i64), np.empty(c, dtype=i64),
                     np.empty(c), np.zeros(c + 1, dtype=i64), np.empty(c * VIOLATIONS_PER_OUTAGE, dtype=np.int8),
                     np.empty(c * VIOLATIONS_PER_OUTAGE, dtype=i64), np.empty((c, n)), np.empty((c, n_elem)),
                     np.empty((c, n), dtype=complex)]
        refs = np.flatnonzero(self.live0 & (cn.bus_type == REF))
        self._ref_buses = refs
        self._ref_set = set(refs.tolist())
        self._kept_note = "reference kept at bus " + ", ".join(f"'{cn.bus_ids[b]}'" for b in refs.tolist())
        self._bus_ids = list(cn.bus_ids)
        self._reported_bus = (~cn.internal_bus).tolist()
        self._lo, self._hi = mon.lo.tolist(), mon.hi.tolist()

    def _base_mismatch(self) -> np.ndarray:
        """The base case's mismatch vector at its solution (below tol; the batch kernel's start)."""
        pat, f = self.pat, np.empty(self.pat.size)
        self.kernels.mismatch_vector(pat.yindptr, pat.yindices, self.base_data, self.v_base, self._s,
                                     pat.pvpq, pat.pq, np.empty(self.cn.n_bus, dtype=complex), f)
        return f

    def _base_workspace(self) -> None:
        """The base case's Jacobian pattern and J0 = J(v_base), factorized once (the fast path's matrix)."""
        cn = self.cn
        self.pv0, self.pq0 = np.flatnonzero(cn.bus_type == PV), np.flatnonzero(cn.bus_type == PQ)
        pat = JacobianPattern(self.ybus, self.pv0, self.pq0, numba=self.numba)
        self.pat = pat
        n = cn.n_bus
        self.pos_pvpq = -np.ones(n, dtype=np.int64)
        self.pos_pvpq[pat.pvpq] = np.arange(len(pat.pvpq))
        self.pos_pq = -np.ones(n, dtype=np.int64)
        self.pos_pq[pat.pq] = len(pat.pvpq) + np.arange(len(pat.pq))
        v = self.v_base
        j0 = np.empty(pat.nnz)
        pat.fill(v, self.ybus @ v, np.ascontiguousarray(cn.ds_bus_dvm(np.abs(v)), dtype=complex), j0)
        self.j0 = sp.csc_matrix((j0, pat.rows, pat.indptr), shape=(pat.size, pat.size))
        self.j0_lu = SparseLU(pat.indptr, pat.rows, pat.size, newton=True)
        self.j0_solve = self.j0_lu.factor(j0)
        self._branch_blocks()

    # --- the outage's network -------------------------------------------------------------------------
    def ybus_values(self, rows: np.ndarray) -> np.ndarray:
        data = self.base_data.copy()
        if not len(rows):
            return data
        for pos, val in zip(self.pos, self.values, strict=True):
            np.subtract.at(data, pos[rows], val[rows])
        off = np.r_[self.pos[1][rows], self.pos[2][rows]]
        gone = off[np.bincount(off, minlength=len(data))[off] == self.offdiag_count[off]]
        data[gone] = 0.0  # no branch left between the two buses: an exact structural zero
        return data

    def state(self, outage: list[str]) -> OutageState:
        cn = self.cn
        rows = self._rows[outage[0]] if len(outage) == 1 else branch_rows(self.cat, outage)
        st = OutageState(rows=rows, bus_type=cn.bus_type, s_const=cn.s_const, vm_set=cn.vm_set, live=self.live0,
                         islanded=self._none_lost, types_changed=False, units_out=self._no_units)
        if any(self.cat[e].unit >= 0 for e in outage):
            st.units_out = self._no_units.copy()
            self._drop_units(st, unit_rows(self.cat, outage))
        if len(rows) == 1 and self.bridge[rows[0]]:
            self._split_bridge(st, int(rows[0]))
        elif len(rows) > 1:
            self._split(st)
        return st

    def _drop_units(self, st: OutageState, out: np.ndarray) -> None:
        cn, u = self.cn, self.cn.units
        st.s_const = st.s_const.copy()
        np.subtract.at(st.s_const, u.bus[out], u.fixed_injection()[out])
        st.units_out[out] = True
        for b in np.unique(u.bus[out]).tolist():
            ctrl = np.flatnonzero((u.bus == b) & u.controls_voltage & ~st.units_out)
            if len(ctrl):
                if st.vm_set is cn.vm_set:
                    st.vm_set = st.vm_set.copy()
                st.vm_set[b] = u.vm_set[ctrl[-1]]  # the last controlling unit sets it (compile_network)
                continue
            if st.bus_type[b] in (PV, REF):
                was_ref = st.bus_type[b] == REF
                self._set_type(st, b, PQ)
                if was_ref:
                    self._reassign_reference(st, cn.island == cn.island[b], f"bus '{cn.bus_ids[b]}' lost its last "
                                             "voltage-controlling unit")

    def _set_type(self, st: OutageState, b: int, kind: int) -> None:
        if st.bus_type is self.cn.bus_type:
            st.bus_type = st.bus_type.copy()
        st.bus_type[b] = kind
        st.types_changed = True

    def _reassign_reference(self, st: OutageState, members: np.ndarray, why: str) -> bool:
        """Make the largest voltage-controlling generator among `members` the reference; False if none."""
        cn, u = self.cn, self.cn.units
        cand = np.flatnonzero(u.controls_voltage & ~st.units_out & members[u.bus] & st.live[u.bus])
        if not len(cand):
            return False
        best = max(cand.tolist(), key=lambda k: self._unit_size(k))
        b = int(u.bus[best])
        self._set_type(st, b, REF)
        st.notes.append(f"{why}: reference moved to {u.kind[best].replace('_', ' ')} '{u.element_id[best]}' at bus "
                        f"'{cn.bus_ids[b]}'")
        return True

    def _unit_size(self, k: int) -> float:
        u = self.cn.units
        if u.kind[k] != "generator":
            return float("inf")
        g = self.cn.net.generators[int(u.element_pos[k])]
        return g.max_p_mw if g.max_p_mw is not None else (g.sn_mva or abs(g.p_mw))

    def _split_bridge(self, st: OutageState, row: int) -> None:
        """One bridge out: its far side (the search subtree) or the rest of its island, whichever is smaller,
        is lost (ties: the side with the reference is kept)."""
        side = self.bridges.far_side(row)
        island = self.labels0 == self.labels0[self.bridges.child[row]]
        rest = island & ~side
        n_side, n_rest = int(side.sum()), int(rest.sum())
        side_ref = bool(np.any(st.bus_type[side] == REF))
        lost = rest if (n_side > n_rest or (n_side == n_rest and side_ref)) else side
        self._lose(st, lost, [island & ~lost])

    def _split(self, st: OutageState) -> None:
        cn = self.cn
        br = cn.branches
        count, labels = components_without(cn.n_bus, br.f, br.t, st.rows, self.live0)
        if count == self.n_islands0:
            return
        sizes = np.bincount(labels[labels >= 0], minlength=count)
        keep = np.zeros(count, dtype=bool)
        base_island = np.full(count, -1, dtype=np.int64)
        base_island[labels[self.live0]] = self.labels0[self.live0]
        for isl in np.unique(base_island).tolist():
            parts = np.flatnonzero(base_island == isl)
            has_ref = [bool(np.any(st.bus_type[labels == p] == REF)) for p in parts]
            keep[parts[np.lexsort((-np.asarray(has_ref, dtype=int), -sizes[parts]))[0]]] = True
        live = (labels >= 0) & keep[np.maximum(labels, 0)]
        self._lose(st, self.live0 & ~live, [labels == p for p in np.flatnonzero(keep).tolist()])

    def _lose(self, st: OutageState, lost: np.ndarray, kept_parts: list[np.ndarray]) -> None:
        """Mark `lost` buses islanded; give every kept part without a reference one (or lose it too)."""
        cn = self.cn
        st.islanded = st.islanded | lost
        st.live = st.live & ~lost
        st.bus_type = st.bus_type.copy()
        st.bus_type[lost] = NONE
        for members in kept_parts:
            if not np.any(st.bus_type[members] == REF):
                ref_lost = [cn.bus_ids[b] for b in np.flatnonzero(st.islanded & (cn.bus_type == REF))]
                why = f"reference bus '{ref_lost[0]}' islanded" if ref_lost else "the island lost its reference"
                if not self._reassign_reference(st, members, why):
                    st.islanded |= members
                    st.live = st.live & ~members
                    st.bus_type[members] = NONE
                    st.notes.append("the main island has no voltage-controlling unit left: all of it is lost")
        if not st.notes:
            refs = [cn.bus_ids[b] for b in np.flatnonzero(st.live & (st.bus_type == REF))]
            st.notes.append("reference kept at bus " + ", ".join(f"'{r}'" for r in refs))

    # --- the solves -------------------------------------------------------------------------------------
    def _s_bus(self, s_const: np.ndarray):
        cn = self.cn
        if self.cn.constant_power:
            return lambda vm: s_const
        return lambda vm: s_const + cn.s_current * vm + cn.s_impedance * vm**2

    def _start(self, st: OutageState) -> np.ndarray:
        v0 = self.v_base.copy()
        if st.vm_set is not self.cn.vm_set:
            ctrl = (st.bus_type == PV) | (st.bus_type == REF)
            v0[ctrl] = st.vm_set[ctrl] * np.exp(1j * np.angle(v0[ctrl]))
        return v0

    def _unknowns(self, buses: np.ndarray) -> np.ndarray:
        """Positions of these buses' unknowns (angle, magnitude) in the base Jacobian."""
        u = np.r_[self.pos_pvpq[buses], self.pos_pq[buses]]
        return np.unique(u[u >= 0])

    def _branch_blocks(self) -> None:
        """Every branch row's own Jacobian terms at the base voltages (MATPOWER's dSbus_dVm / dSbus_dVa on its
        2x2 two-port): a 4x4 block, rows P_f P_t Q_f Q_t, columns angle_f angle_t |V|_f |V|_t, and the positions
        of those equations/unknowns in the base Jacobian (-1 where absent)."""
        br, v = self.cn.branches, self.v_base
        y2 = np.stack([np.stack([br.yff, br.yft], -1), np.stack([br.ytf, br.ytt], -1)], -2)  # (m, 2, 2)
        v2 = np.stack([v[br.f], v[br.t]], -1)  # (m, 2)
        i2 = np.einsum("mij,mj->mi", y2, v2)
        vn = v2 / np.abs(v2)
        eye = np.eye(2)
        dvm = v2[:, :, None] * np.conj(y2 * vn[:, None, :]) + eye * (np.conj(i2) * vn)[:, :, None]
        dva = 1j * v2[:, :, None] * np.conj(eye * i2[:, :, None] - y2 * v2[:, None, :])
        self.blocks = np.concatenate([np.concatenate([dva.real, dvm.real], 2), np.concatenate([dva.imag, dvm.imag], 2)],
                                     1)
        ends = np.stack([br.f, br.t], -1)
        self.block_pos = np.concatenate([self.pos_pvpq[ends], self.pos_pq[ends]], 1)  # (m, 4)

    def _correction(self, st: OutageState) -> tuple[np.ndarray, np.ndarray] | None:
        """(K, D): J' = J0 + P_K D P_K^T at the base voltages; None where K is too large for the fast path."""
        lost = np.flatnonzero(st.islanded)
        pos = self.block_pos[st.rows]
        kk = np.unique(pos[pos >= 0])
        if len(lost):
            kk = np.union1d(kk, self._unknowns(lost))
        if len(kk) > CHORD_MAX_K:
            return None
        where = -np.ones(self.pat.size + 1, dtype=np.int64)  # where[-1] = -1: an absent unknown
        where[kk] = np.arange(len(kk))
        d = np.zeros((len(kk), len(kk)))
        for r in range(len(st.rows)):
            idx = where[pos[r]]
            ok = np.flatnonzero(idx >= 0)
            d[np.ix_(idx[ok], idx[ok])] -= self.blocks[st.rows[r]][np.ix_(ok, ok)]
        if len(lost):
            s = where[self._unknowns(lost)]
            a0 = self._j0_block(kk, where)
            b0 = a0 + d
            b0[s, :] = 0.0
            b0[:, s] = 0.0
            b0[s, s] = 1.0
            d = b0 - a0
        return kk, d

    def _j0_block(self, kk: np.ndarray, where: np.ndarray) -> np.ndarray:
        """J0[K, K] as a dense array, column by column from J0's CSC arrays (K is small)."""
        j0 = self.j0
        out = np.zeros((len(kk), len(kk)))
        for c, col in enumerate(kk.tolist()):
            lo, hi = j0.indptr[col], j0.indptr[col + 1]
            at = where[j0.indices[lo:hi]]
            keep = at >= 0
            out[at[keep], c] = j0.data[lo:hi][keep]
        return out

    def chord(self, st: OutageState, data: np.ndarray) -> SolverOutcome | None:
        """The fast path (see the module docstring); None where it does not apply or does not converge fast."""
        corr = self._correction(st)
        if corr is None:
            return None
        kk, d = corr
        pat = self.pat
        pat.ydata[:] = data
        pat.ybus.data[:] = data
        frozen = self._unknowns(np.flatnonzero(st.islanded)) if st.islanded.any() else None
        if self.fast and st.s_const is self.cn.s_const:
            return self._chord_numba(kk, d, frozen)
        s_bus = self._s_bus(st.s_const)
        v = self._start(st)
        vm, va = np.abs(v), np.angle(v)
        ibus = np.empty(len(v), dtype=complex)
        f = np.empty(pat.size)

        def mismatch() -> float:
            worst = pat.mismatch(v, np.ascontiguousarray(s_bus(vm), dtype=complex), ibus, f)
            if frozen is not None:
                f[frozen] = 0.0
                worst = float(np.max(np.abs(f))) if f.size else 0.0
            return worst

        worst = mismatch()
        if worst < self.tol:
            return SolverOutcome(v, True, 0)
        if len(kk):
            unit = np.zeros((len(kk), pat.size))
            unit[np.arange(len(kk)), kk] = 1.0
            z = self.j0_lu.solve_many(unit)  # (k, size): J0^-1 e_K
            try:
                m = np.linalg.solve(np.eye(len(kk)) + d @ z[:, kk].T, d)
            except np.linalg.LinAlgError:
                return None
        else:
            z, m = np.zeros((0, pat.size)), np.zeros((0, 0))
        for it in range(1, CHORD_MAX_ITER + 1):
            x = self.j0_solve(f)
            prev = worst
            if len(kk):
                x -= z.T @ (m @ x[kk])
            pat.step(v, vm, va, x)
            worst = mismatch()
            if worst < self.tol:
                return SolverOutcome(v, True, it)
            if not np.isfinite(worst) or worst > CHORD_MIN_RATE * prev:
                return None
        return None

    def _chord_numba(self, kk: np.ndarray, d: np.ndarray, frozen: np.ndarray | None) -> SolverOutcome | None:
        pat, kf = self.pat, self._klu
        frz = np.zeros(0, dtype=np.int64) if frozen is None else frozen.astype(np.int64)
        ok, it = self.kernels.chord_run(
            kk.astype(np.int64), np.ascontiguousarray(d), frz, int(kf.handles[0]), int(kf.handles[1]), kf.common,
            self.v_base, self.vm0, self.va0, self._v, self._vm, self._va, pat.pvpq, pat.pq, pat.yindptr,
            pat.yindices, pat.ydata, self._s, self._ibus, self._f, self.tol, CHORD_MAX_ITER, CHORD_MIN_RATE)
        return SolverOutcome(self._v.copy(), True, int(it)) if ok else None

    def full_newton(self, st: OutageState, data: np.ndarray) -> SolverOutcome:
        """Full Newton-Raphson on the superset workspace, the unknowns this outage's bus types fix frozen."""
        cn = self.cn
        pq = self.live_buses
        ws = workspace(self.ybus, np.zeros(0, dtype=np.int64), pq, self.super_cache, numba=self.numba)
        pat = ws.pattern
        pat.ydata[:] = data
        pat.ybus.data[:] = data
        bt = st.bus_type[pq]
        fixed_angle = (bt == REF) | (bt == NONE)
        fixed_vm = fixed_angle | (bt == PV)
        n_live = len(pq)
        pat.freeze(np.r_[np.flatnonzero(fixed_angle), n_live + np.flatnonzero(fixed_vm)])
        s_bus = self._s_bus(st.s_const)
        ds = (lambda vm: self._zero_ds) if self.cn.constant_power else cn.ds_bus_dvm
        v0 = self._start(st)
        pv = np.zeros(0, dtype=np.int64)
        try:
            out = newton_raphson(self.ybus, s_bus, ds, v0, pv, pq, self.tol, self.max_iter, cache=self.super_cache,
                                 numba=self.numba)
            if not out.converged:  # a globalized retry from the same start before reporting a failure
                retry = newton_raphson(self.ybus, s_bus, ds, v0, pv, pq, self.tol, self.max_iter,
                                       cache=self.super_cache, numba=self.numba, step_size=backtracking)
                if retry.converged:
                    st.notes.append("plain Newton-Raphson did not converge; converged with a backtracking line search")
                    retry.history = out.history + retry.history
                    return retry
        except SingularJacobian:
            st.notes.append("singular Jacobian: the outage leaves buses that cannot be solved")
            return SolverOutcome(v0, False, 0, [])
        return out

    def solve_state(self, st: OutageState, chord: bool = True) -> SolverOutcome:
        """The outage's voltages: the fast path, then full Newton-Raphson (`chord=False`: full Newton-Raphson
        only, for an outage whose fast path the batch kernel already saw fail)."""
        if chord and self.fast and not st.types_changed and st.islanded is self._none_lost \
                and st.s_const is self.cn.s_const and len(st.rows):
            out = self._fast_outage(st)
            if out is not None:
                return out
        data = self.ybus_values(st.rows)
        out = None if st.types_changed or not chord else self.chord(st, data)
        return out if out is not None else self.full_newton(st, data)

    def _fast_outage(self, st: OutageState) -> SolverOutcome | None:
        pat, kf = self.pat, self._klu
        ok, it = self.kernels.fast_outage(
            st.rows, self.base_data, pat.ydata, self.pos4, self.val4, self.offdiag_count, self.blocks,
            self.block_pos, int(kf.handles[0]), int(kf.handles[1]), kf.common, self.v_base, self.vm0, self.va0,
            self._v, self._vm, self._va, pat.pvpq, pat.pq, pat.yindptr, pat.yindices, self._s, self._ibus,
            self._f, self.tol, CHORD_MAX_ITER, CHORD_MIN_RATE)
        return SolverOutcome(self._v.copy(), True, int(it)) if ok else None

    def solve(self, outage: list[str], chord: bool = True) -> tuple[dict[str, Any], Detail | None]:
        """One contingency row (JSON-safe), plus the solved state (for the worst-N detail; None: not converged).
        `chord=False`: full Newton-Raphson only (`solve_state`)."""
        st = self.state(outage)
        islanding = st.islanded is not self._none_lost and bool(st.islanded.any())
        islanded_ids = [self.cn.bus_ids[b] for b in np.flatnonzero(st.islanded & ~self.cn.internal_bus).tolist()] \
            if islanding else []
        row: dict[str, Any] = {
            "outage": list(outage), "islanding": islanding, "islanded_buses": islanded_ids,
            "load_lost_mw": float(self.monitor.load_mw[st.islanded].sum()) if islanding else 0.0,
        }
        out = self.solve_state(st, chord)
        row["converged"] = bool(out.converged)
        row["iterations"] = int(out.iterations)
        row["reference_note"] = "; ".join(st.notes) or None
        if not out.converged:
            row.update(mismatch_history=[float(r.max_mismatch) for r in out.history], min_vm_pu=None,
                       min_vm_bus=None, max_vm_pu=None, max_vm_bus=None, max_loading_percent=None,
                       max_loading_branch=None, violations=[], severity=NONCONVERGED_SEVERITY + row["load_lost_mw"])
            return row, None
        br = self.cn.branches
        dead = np.r_[st.rows, np.flatnonzero(~st.live[br.f] | ~st.live[br.t])] if islanding else st.rows
        fields, vm, loading = self.monitor.evaluate(out.v, st.live, dead)
        fields["severity"] += row["load_lost_mw"]
        row.update(fields)
        row["mismatch_history"] = None
        return row, Detail(out.v, vm, loading, st.live, dead)

    # --- many outages ------------------------------------------------------------------------------------
    def solve_many(self, outages: list[list[str]], keep: int, progress: Callable[[int], None] | None = None
                   ) -> tuple[list[dict[str, Any]], list[Kept]]:
        """Every outage's row, in order, and the state of the `keep` most severe converged ones (severity, index,
        `Detail`; ties: the earlier outage). Single-branch outages go to the batch kernel a chunk at a time;
        the others, and those the kernel hands back, to `solve` afterwards, in their order. `progress(done)`
        after each chunk and each outage solved alone."""
        rows: list[dict[str, Any] | None] = [None] * len(outages)
        top = TopDetail(keep)
        retry_newton: set[int] = set()
        done = 0
        if self.batch:
            single = self._single_row
            idx = [i for i, o in enumerate(outages) if len(o) == 1 and o[0] in single]
            for start in range(0, len(idx), BATCH_CHUNK):
                part = idx[start:start + BATCH_CHUNK]
                done += self._run_chunk(outages, part, np.array([single[outages[i][0]] for i in part],
                                                                dtype=np.int64), rows, top, retry_newton)
                if progress is not None:
                    progress(done)
        for i, outage in enumerate(outages):
            if rows[i] is None:
                row, detail = self.solve(outage, chord=i not in retry_newton)
                rows[i] = row
                if detail is not None and top.wants(row["severity"]):
                    top.add(row["severity"], i, detail)
                done += 1
                if progress is not None:
                    progress(done)
        return rows, top.best()  # type: ignore[return-value]

    def _run_chunk(self, outages: list[list[str]], part: list[int], brows: np.ndarray,
                   rows: list[dict[str, Any] | None], top: TopDetail, retry_newton: set[int]) -> int:
        """One chunk through `_kernels.batch_run`: the rows of the outages it solved (their number returned);
        the others are left to `solve`."""
        out = self._out
        done = 0
        while True:
            done = int(self.kernels.batch_run(brows, done, self._net, self._mon, self._ws, tuple(out), self.tol,
                                              CHORD_MAX_ITER, CHORD_MIN_RATE, CHORD_MAX_K))
            if done == len(brows):
                break
            for q in (3, 9, 10):  # a buffer ran short at outage `done`: grow it, go on from there
                grown = np.empty(2 * len(out[q]) + len(self.live0), dtype=out[q].dtype)
                grown[:len(out[q])] = out[q]
                out[q] = grown
        status, iters, lost_ptr, lost_idx, vmin_at, vmax_at, lmax_at, score, viol_ptr, viol_kind, viol_at, vm2d, \
            load2d, v2d = out
        n = len(brows)
        stat, its = status[:n].tolist(), iters[:n].tolist()
        lp, vp = lost_ptr[:n + 1].tolist(), viol_ptr[:n + 1].tolist()
        vmin_l, vmax_l, lmax_l, score_l = vmin_at[:n].tolist(), vmax_at[:n].tolist(), lmax_at[:n].tolist(), \
            score[:n].tolist()
        kinds, ats = viol_kind[:vp[n]].tolist(), viol_at[:vp[n]].tolist()
        # the values the rows quote, gathered for the chunk at once (no numpy scalar per value)
        owner = np.repeat(np.arange(n), np.diff(viol_ptr[:n + 1]))
        at = viol_at[:vp[n]]
        over = viol_kind[:vp[n]] == self.kernels.KIND_OVERLOAD
        gathered = np.empty(vp[n])
        gathered[over] = load2d[owner[over], at[over]]
        gathered[~over] = vm2d[owner[~over], at[~over]]
        vals = gathered.tolist()
        jj = np.arange(n)
        vmin_v, vmax_v = vm2d[jj, vmin_at[:n]].tolist(), vm2d[jj, vmax_at[:n]].tolist()
        lmax_v = load2d[jj, lmax_at[:n]].tolist()
        bus_ids, elem_ids, lo, hi = self._bus_ids, self.monitor.element_names, self._lo, self._hi
        limit = self.monitor.limit
        load_mw = self.monitor.load_mw
        solved = 0
        for j, i in enumerate(part):
            if stat[j] != self.kernels.SOLVED:
                if stat[j] == self.kernels.RETRY_NEWTON:
                    retry_newton.add(i)
                continue
            note = None
            if lp[j + 1] > lp[j]:
                lost = lost_idx[lp[j]:lp[j + 1]]
                islanded = [bus_ids[b] for b in lost.tolist() if self._reported_bus[b]]
                lost_mw = float(load_mw[lost].sum())
                note = self._kept_note if not self._ref_set.intersection(lost.tolist()) else \
                    "reference kept at bus " + ", ".join(f"'{bus_ids[b]}'" for b in np.setdiff1d(self._ref_buses,
                                                                                              lost).tolist())
            else:
                islanded, lost_mw = [], 0.0
            violations: list[dict[str, Any]] = []
            for q in range(vp[j], vp[j + 1]):
                a, kind = ats[q], kinds[q]
                if kind == 0:
                    violations.append({"kind": "undervoltage", "element": bus_ids[a], "value": vals[q],
                                       "limit": lo[a], "unit": "pu"})
                elif kind == 1:
                    violations.append({"kind": "overvoltage", "element": bus_ids[a], "value": vals[q],
                                       "limit": hi[a], "unit": "pu"})
                else:
                    violations.append({"kind": "overload", "element": elem_ids[a], "value": vals[q],
                                       "limit": limit, "unit": "%"})
            a, b, e = vmin_l[j], vmax_l[j], lmax_l[j]
            severity = score_l[j] + lost_mw
            rows[i] = {
                "outage": list(outages[i]), "islanding": lp[j + 1] > lp[j],
                "islanded_buses": islanded, "load_lost_mw": lost_mw, "converged": True, "iterations": its[j],
                "reference_note": note,
                "min_vm_pu": vmin_v[j] if a >= 0 else None, "min_vm_bus": bus_ids[a] if a >= 0 else None,
                "max_vm_pu": vmax_v[j] if a >= 0 else None, "max_vm_bus": bus_ids[b] if a >= 0 else None,
                "max_loading_percent": lmax_v[j] if e >= 0 else None,
                "max_loading_branch": elem_ids[e] if e >= 0 else None,
                "violations": violations, "severity": severity, "mismatch_history": None,
            }
            if top.wants(severity):
                top.add(severity, i, self._detail(j, int(brows[j]), v2d, vm2d, load2d, lost_idx, lp))
            solved += 1
        return solved

    def _detail(self, j: int, r: int, v2d: np.ndarray, vm2d: np.ndarray, load2d: np.ndarray, lost_idx: np.ndarray,
                lp: list[int]) -> Detail:
        """The state of outage j of a chunk (branch row r), as `solve` gives it: copies of its voltages, |V| and
        loading, the buses solved and the rows out or dead."""
        live, dead = self.live0, np.array([r], dtype=np.int64)
        if lp[j + 1] > lp[j]:
            live = self.live0.copy()
            live[lost_idx[lp[j]:lp[j + 1]]] = False
            br = self.cn.branches
            dead = np.r_[dead, np.flatnonzero(~live[br.f] | ~live[br.t])]
        return Detail(v2d[j].copy(), vm2d[j].copy(), load2d[j].copy(), live, dead)


Kept = tuple[float, int, Detail]  # (severity, outage index, its state)


class TopDetail:
    """The `keep` largest (severity, -index) of the outages added, with their state (`wants` first: the state of
    an outage that cannot be kept need not be made)."""

    def __init__(self, keep: int) -> None:
        self.keep = keep
        self.items: list[Kept] = []
        self.floor = -np.inf  # an offer below this cannot enter

    def wants(self, severity: float) -> bool:
        return bool(self.keep) and severity >= self.floor

    def add(self, severity: float, i: int, detail: Detail) -> None:
        self.items.append((severity, i, detail))
        if len(self.items) > 2 * self.keep:
            self.items = self.best()
            self.floor = self.items[-1][0]

    def best(self) -> list[Kept]:
        return sorted(self.items, key=lambda d: (-d[0], d[1]))[:self.keep]
