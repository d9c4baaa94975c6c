"""One outage's AC power flow, from the base case's solved state without recompiling.

A branch outage removes its two-port from Ybus: its four entries are subtracted in place from a copy
of the base Ybus's values, so the sparsity pattern is the base one (entries that become structural
zeros stay in the pattern). When the bus types do not change (no islanding, no generator losing the
last voltage control at its bus) the base case's Newton workspace is reused as it is: the Jacobian
pattern, and KLU's symbolic analysis and pivots (refactorization only; `klu.KLUFactor.factor` falls back
to a fresh factorization where the old pivots no longer suit). Other outages build a workspace for their
own bus types on the same Ybus pattern. Every solve starts from the base case's voltages (warm start).

Islanding (`topology.py`): in every base island split by the outage, the part with the most buses is
the main island and is solved; the other parts' buses and load are lost. The main island keeps its
reference bus where it still has it; otherwise its largest voltage-controlling generator (by Pmax, as
`compile_network` chooses one) becomes the reference, and the row's `reference_note` says which.

Generator outage: its fixed P/Q leaves the bus injection (the reference picks up the difference, as
MATPOWER's runpf). A bus whose last voltage-controlling unit goes out turns PQ; a reference bus so
emptied hands the reference to the island's largest remaining voltage-controlling generator.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp

from ..compile import NONE, PQ, PV, REF, CompiledNetwork
from ..powerflow.common import SingularJacobian, SolverOutcome
from ..powerflow.newton import backtracking, newton_raphson, workspace
from .elements import Outageable, branch_rows, unit_rows
from .monitor import NONCONVERGED_SEVERITY, Monitor
from .topology import bridges, components_without


@dataclass
class OutageState:
    """One outage's bus types, injections and islands (compiled order)."""

    rows: np.ndarray  # removed branch rows
    bus_type: np.ndarray
    s_const: np.ndarray
    vm_set: np.ndarray
    live: np.ndarray  # buses solved (main islands)
    islanded: np.ndarray  # buses lost by this outage
    same_types: bool  # bus types as in the base case (the base workspace applies)
    units_out: np.ndarray  # bool per compiled unit
    notes: list[str] = field(default_factory=list)


class OutageSolver:
    """The base case's Ybus, positions of every branch's entries in it, bridges, and the base workspace."""

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
        self.bridge = bridges(n, f, t)
        self.n_islands0, _ = components_without(n, f, t, np.zeros(0, dtype=np.int64), self.live0)
        self.base_cache: dict = {}
        self.pv0, self.pq0 = np.flatnonzero(cn.bus_type == PV), np.flatnonzero(cn.bus_type == PQ)

    # --- the outage's network -------------------------------------------------------------------------
    def ybus_values(self, rows: np.ndarray) -> np.ndarray:
        data = self.base_data.copy()
        for pos, val in zip(self.pos, self.values, strict=True):
            np.subtract.at(data, pos[rows], val[rows])
        off = np.r_[self.pos[1][rows], self.pos[2][rows]]
        gone = off[np.bincount(off, minlength=len(data))[off] == self.offdiag_count[off]]
        data[gone] = 0.0  # no branch left between the two buses: an exact structural zero
        return data

    def state(self, outage: list[str]) -> OutageState:
        cn = self.cn
        rows = branch_rows(self.cat, outage)
        st = OutageState(rows=rows, bus_type=cn.bus_type, s_const=cn.s_const, vm_set=cn.vm_set, live=self.live0,
                         islanded=np.zeros(cn.n_bus, dtype=bool), same_types=True,
                         units_out=np.zeros(len(cn.units.bus), dtype=bool))
        units = unit_rows(self.cat, outage)
        if len(units):
            self._drop_units(st, units)
        if len(rows) and (len(rows) > 1 or self.bridge[rows[0]]):
            self._split(st)
        return st

    def _drop_units(self, st: OutageState, out: np.ndarray) -> None:
        cn, u = self.cn, self.cn.units
        st.s_const = st.s_const.copy()
        np.subtract.at(st.s_const, u.bus[out], u.fixed_injection()[out])
        st.units_out[out] = True
        gone = st.units_out
        for b in np.unique(u.bus[out]).tolist():
            ctrl = np.flatnonzero((u.bus == b) & u.controls_voltage & ~gone)
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
        st.same_types = False

    def _reassign_reference(self, st: OutageState, members: np.ndarray, why: str) -> bool:
        """Make the largest voltage-controlling generator among `members` the reference; False if none."""
        cn, u = self.cn, self.cn.units
        cand = np.flatnonzero(u.controls_voltage & ~st.units_out & members[u.bus] & st.live[u.bus])
        if not len(cand):
            return False
        best = max(cand.tolist(), key=lambda k: self._unit_size(k))
        b = int(u.bus[best])
        self._set_type(st, b, REF)
        if st.s_const is cn.s_const:
            st.s_const = st.s_const.copy()
        st.s_const[b] -= u.p_pu[best] if not u.reference[best] else 0.0  # its P now comes from the solution
        st.notes.append(f"{why}: reference moved to {u.kind[best].replace('_', ' ')} '{u.element_id[best]}' at bus "
                        f"'{cn.bus_ids[b]}'")
        return True

    def _unit_size(self, k: int) -> float:
        u = self.cn.units
        if u.kind[k] != "generator":
            return float("inf")
        g = self.cn.net.generators[int(u.element_pos[k])]
        return g.max_p_mw if g.max_p_mw is not None else (g.sn_mva or abs(g.p_mw))

    def _split(self, st: OutageState) -> None:
        cn = self.cn
        br = cn.branches
        count, labels = components_without(cn.n_bus, br.f, br.t, st.rows, self.live0)
        if count == self.n_islands0:
            return
        sizes = np.bincount(labels[labels >= 0], minlength=count)
        keep = np.zeros(count, dtype=bool)
        base_island = np.full(count, -1, dtype=np.int64)
        base_island[labels[self.live0]] = cn.island[self.live0]
        for isl in np.unique(base_island).tolist():
            parts = np.flatnonzero(base_island == isl)
            has_ref = np.array([np.any(st.bus_type[labels == p] == REF) for p in parts]) if len(parts) > 1 else [True]
            main = parts[np.lexsort((-np.asarray(has_ref, dtype=int), -sizes[parts]))[0]]
            keep[main] = True
        live = (labels >= 0) & keep[np.maximum(labels, 0)]
        st.islanded = self.live0 & ~live
        st.live = live
        st.same_types = False
        st.bus_type = st.bus_type.copy()
        st.bus_type[st.islanded] = NONE
        for part in np.flatnonzero(keep).tolist():
            members = labels == part
            if np.any(st.bus_type[members] == REF):
                continue
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

    # --- the solve ------------------------------------------------------------------------------------
    def newton(self, st: OutageState, data: np.ndarray) -> SolverOutcome:
        cn = self.cn
        s_const = st.s_const

        def s_bus(vm: np.ndarray) -> np.ndarray:
            return s_const + cn.s_current * vm + cn.s_impedance * vm**2

        if st.same_types:
            pv, pq, ybus, cache = self.pv0, self.pq0, self.ybus, self.base_cache
            ws = workspace(ybus, pv, pq, cache, numba=self.numba)
            ws.pattern.ydata[:] = data
            ws.pattern.ybus.data[:] = data
        else:
            pv = np.flatnonzero((st.bus_type == PV) & st.live)
            pq = np.flatnonzero((st.bus_type == PQ) & st.live)
            ybus = sp.csr_matrix((data, self.ybus.indices, self.ybus.indptr), shape=self.ybus.shape)
            cache = None
        v0 = self.v_base.copy()
        ctrl = (st.bus_type == PV) | (st.bus_type == REF)
        v0[ctrl] = st.vm_set[ctrl] * np.exp(1j * np.angle(v0[ctrl]))
        try:
            out = newton_raphson(ybus, s_bus, cn.ds_bus_dvm, v0, pv, pq, self.tol, self.max_iter, cache=cache,
                                 numba=self.numba)
            if not out.converged:  # a globalized retry from the same start before reporting a failure
                retry = newton_raphson(ybus, s_bus, cn.ds_bus_dvm, v0, pv, pq, self.tol, self.max_iter, cache=cache,
                                       numba=self.numba, step_size=backtracking)
                if retry.converged:
                    st.notes.append("plain Newton-Raphson did not converge; converged with a backtracking line search")
                    retry.history = out.history + retry.history
                    return retry
        except SingularJacobian:
            st.notes.append("singular Jacobian: the outage leaves buses that cannot be solved")
            return SolverOutcome(v0, False, 0, [])
        return out

    def solve(self, outage: list[str]) -> tuple[dict[str, Any], np.ndarray | None, np.ndarray | None]:
        """One contingency row (JSON-safe), plus |V| and element loading arrays (for the worst-N detail)."""
        st = self.state(outage)
        islanded_ids = [self.cn.bus_ids[b] for b in np.flatnonzero(st.islanded & ~self.cn.internal_bus).tolist()]
        row: dict[str, Any] = {
            "outage": list(outage), "islanding": bool(st.islanded.any()), "islanded_buses": islanded_ids,
            "load_lost_mw": float(self.monitor.load_mw[st.islanded].sum()),
            "reference_note": "; ".join(st.notes) or None,
        }
        out = self.newton(st, self.ybus_values(st.rows))
        row["converged"] = bool(out.converged)
        row["iterations"] = int(out.iterations)
        row["reference_note"] = "; ".join(st.notes) or None
        if not out.converged:
            row.update(mismatch_history=[float(r.max_mismatch) for r in out.history], min_vm_pu=None,
                       min_vm_bus=None, max_vm_pu=None, max_vm_bus=None, max_loading_percent=None,
                       max_loading_branch=None, violations=[], severity=NONCONVERGED_SEVERITY + row["load_lost_mw"])
            return row, None, None
        br = self.cn.branches
        dead = np.r_[st.rows, np.flatnonzero(~st.live[br.f] | ~st.live[br.t])]
        fields, vm, loading = self.monitor.evaluate(out.v, st.live, dead)
        fields["severity"] += row["load_lost_mw"]
        row.update(fields)
        row["mismatch_history"] = None
        return row, vm, loading
