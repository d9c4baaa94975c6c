"""run_power_flow(): compile, pick a solver, enforce generator Q limits, build results.

Failure is an answer: a divergent case returns a result with `converged=False`, the iteration
history and the buses with the largest mismatch. A singular Jacobian raises
SingularSystemError naming the buses responsible.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import breadth_first_order

from ..compile import PQ, PV, REF, CompiledNetwork, compile_network
from ..errors import GridSolveError, SingularSystemError
from ..model import Network
from .common import SingularJacobian, SolverOutcome
from .results import PowerFlowResult, build_result, unit_dispatch

METHODS = {
    "nr": "nr", "newton_raphson": "nr", "newton": "nr",
    "fd": "fdxb", "fast_decoupled": "fdxb", "fdxb": "fdxb", "fdbx": "fdbx",
    "gs": "gs", "gauss_seidel": "gs",
}
DEFAULT_MAX_ITER = {"nr": 30, "fdxb": 100, "fdbx": 100, "gs": 10000}

ProgressFn = Callable[[int, float], None]


def run_power_flow(
    net: Network | CompiledNetwork,
    method: str = "nr",
    tol: float = 1e-8,
    max_iter: int | None = None,
    *,
    init: str = "flat",
    enforce_q_limits: bool = False,
    accel: float = 1.0,
    progress: ProgressFn | None = None,
) -> PowerFlowResult:
    """Solve the AC power flow.

    tol: largest allowed P or Q mismatch, pu on the system base (MATPOWER's PF_TOL).
    init: "flat" (1 pu, reference angles) or "warm" (generator set points and the
        previous solution where one is given through CompiledNetwork).
    accel: Gauss-Seidel acceleration factor.
    """
    started = time.perf_counter()
    key = METHODS.get(method.lower())
    if key is None:
        raise GridSolveError(f"unknown method '{method}' (choose nr, fd, fdbx or gs)", field="method")
    if tol <= 0:
        raise GridSolveError("tolerance must be positive", field="tol")
    max_iter = max_iter or DEFAULT_MAX_ITER[key]
    cn = net if isinstance(net, CompiledNetwork) else compile_network(net)
    bus_type = cn.bus_type.copy()
    if init not in ("flat", "warm"):
        raise GridSolveError(f"unknown start '{init}' (choose flat or warm)", field="init")
    v0 = initial_voltage(cn, bus_type, warm=init == "warm")
    history = []
    switched: list[str] = []
    q_fixed = np.zeros(cn.n_bus)  # Q pinned at a limit for buses switched PV -> PQ (pu)
    outcome: SolverOutcome | None = None
    offset = 0
    for _round in range(50 if enforce_q_limits else 1):
        outcome = _solve(cn, key, bus_type, q_fixed, v0, tol, max_iter, accel, progress, offset)
        for rec in outcome.history:
            rec.iteration += offset
        history.extend(outcome.history)
        offset = history[-1].iteration if history else 0
        if not (enforce_q_limits and outcome.converged):
            break
        changed = _apply_q_limits(cn, bus_type, q_fixed, outcome.v, switched)
        if not changed:
            break
        v0 = outcome.v
    assert outcome is not None
    outcome.history = history
    outcome.iterations = offset
    result = build_result(cn, outcome, method=key, bus_type=bus_type, q_fixed=q_fixed,
                          wall_time_s=time.perf_counter() - started)
    result.notes.extend(switched)
    return result


def initial_voltage(cn: CompiledNetwork, bus_type: np.ndarray, warm: bool = False) -> np.ndarray:
    """Flat start: 1 pu and the island's reference angle everywhere, set points at PV/REF buses.

    Warm start: the buses' stored voltages (`vm_init_pu`, `va_init_degree`, e.g. a MATPOWER
    case's Vm/Va) where given, then the same set points.
    """
    vm = np.ones(cn.n_bus)
    va = np.zeros(cn.n_bus)
    ref = np.flatnonzero(bus_type == REF)
    for r in ref:
        members = cn.island == cn.island[r]
        va[members] = cn.va_set_rad[r]
    va += _phase_shift_offsets(cn, ref)
    if warm:
        for bus in cn.net.buses:
            k = cn.bus_index.get(bus.id)
            if k is None:
                continue
            if bus.vm_init_pu is not None:
                vm[k] = bus.vm_init_pu
            if bus.va_init_degree is not None:
                va[k] = np.deg2rad(bus.va_init_degree)
        for tr in cn.net.transformers3w:  # star points start at their HV bus's stored angle
            star, hv = cn.bus_index.get(f"{tr.id}#star"), cn.bus_index.get(tr.hv_bus)
            if star is not None and hv is not None:
                va[star] = va[hv]
    controlled = (bus_type == PV) | (bus_type == REF)
    vm[controlled] = cn.vm_set[controlled]
    va[ref] = cn.va_set_rad[ref]
    # De-energized buses keep 1 pu internally (they are in no equation) and are reported as 0.
    return vm * np.exp(1j * va)


def _phase_shift_offsets(cn: CompiledNetwork, ref: np.ndarray) -> np.ndarray:
    """Angle each bus sits at behind the transformer phase shifts between it and its reference.

    A Dyn5 transformer turns the LV side by -150 degrees; starting the LV buses at the reference
    angle would leave Newton-Raphson far outside its convergence region (pandapower does the same).
    """
    br = cn.branches
    shift = np.angle(br.tap)
    offsets = np.zeros(cn.n_bus)
    if not np.any(np.abs(shift) > 1e-12):
        return offsets
    graph = sp.csr_matrix((np.ones(len(br.f)), (br.f, br.t)), shape=(cn.n_bus, cn.n_bus))
    delta = {}
    for k in np.flatnonzero(np.abs(shift) > 1e-12):
        delta[(br.f[k], br.t[k])] = -shift[k]
        delta[(br.t[k], br.f[k])] = shift[k]
    done = np.zeros(cn.n_bus, dtype=bool)
    for r in ref:
        if done[r]:
            continue
        order, pred = breadth_first_order(graph, r, directed=False, return_predecessors=True)
        for node in order[1:]:
            offsets[node] = offsets[pred[node]] + delta.get((pred[node], node), 0.0)
        done[order] = True
    return offsets


def _solve(cn, key, bus_type, q_fixed, v0, tol, max_iter, accel, progress, offset) -> SolverOutcome:
    from .decoupled import fast_decoupled  # lazy: numba is imported at the first solve, not with gridsolve
    from .gauss_seidel import gauss_seidel  # lazy: as above
    from .newton import newton_raphson  # lazy: as above

    pv = np.flatnonzero(bus_type == PV)
    pq = np.flatnonzero(bus_type == PQ)
    ybus = cn.ybus()

    def s_bus(vm):
        return cn.s_bus(vm) + 1j * q_fixed

    callback = None
    if progress is not None:
        def callback(it, worst):
            progress(it + offset, worst)
    try:
        if key == "nr":
            return newton_raphson(ybus, s_bus, cn.ds_bus_dvm, v0, pv, pq, tol, max_iter, callback,
                                  cache=cn.solver_cache)
        if key in ("fdxb", "fdbx"):
            return fast_decoupled(cn, ybus, s_bus, v0, pv, pq, tol, max_iter, key, callback)
        return gauss_seidel(ybus, s_bus, v0, pv, pq, tol, max_iter, accel, callback)
    except SingularJacobian as exc:
        raise _singular_error(cn, pv, pq, exc.suspect_rows) from None


def _singular_error(cn: CompiledNetwork, pv, pq, rows) -> SingularSystemError:
    pvpq = np.r_[pv, pq]
    buses = []
    for r in rows[:10]:
        b = pvpq[r] if r < len(pvpq) else pq[r - len(pvpq)]
        buses.append(cn.bus_ids[b])
    if buses:
        msg = ("singular Jacobian: no power can flow at bus(es) " + ", ".join(sorted(set(buses)))
               + " (check for buses connected only through open or zero-admittance branches)")
        return SingularSystemError(msg, element_id=buses[0], details={"buses": sorted(set(buses))})
    islands = sorted({int(cn.island[b]) for b in pvpq})
    first = {i: next(cn.bus_ids[b] for b in pvpq if cn.island[b] == i) for i in islands}
    msg = ("singular Jacobian in the island(s) containing bus " + ", ".join(first.values())
           + " (a voltage-controlled bus set cannot hold the given injections; check branch data)")
    return SingularSystemError(msg, element_id=next(iter(first.values()), None))


def _apply_q_limits(cn: CompiledNetwork, bus_type, q_fixed, v, notes: list[str]) -> bool:
    """Switch PV buses whose units exceed their Q limits to PQ at the limit, and back when the
    voltage recovers past the set point. Returns True when any bus changed type."""
    _, q_units = unit_dispatch(cn, v, bus_type, q_fixed)
    u = cn.units
    changed = False
    for b in np.flatnonzero(bus_type == PV):
        at = np.flatnonzero((u.bus == b) & u.controls_voltage)
        q_total = q_units[at].sum()
        qmin, qmax = u.q_min_pu[at].sum(), u.q_max_pu[at].sum()
        if q_total > qmax + 1e-9:
            bus_type[b], q_fixed[b], changed = PQ, qmax, True
            notes.append(f"bus '{cn.bus_ids[b]}' reached its Q limit (max {qmax * cn.base_mva:.4g} Mvar): PV -> PQ")
        elif q_total < qmin - 1e-9:
            bus_type[b], q_fixed[b], changed = PQ, qmin, True
            notes.append(f"bus '{cn.bus_ids[b]}' reached its Q limit (min {qmin * cn.base_mva:.4g} Mvar): PV -> PQ")
    # Back to PV when the voltage would be on the wrong side of the set point.
    was_pv = (cn.bus_type == PV) & (bus_type == PQ)
    for b in np.flatnonzero(was_pv):
        vm = abs(v[b])
        at_max = q_fixed[b] > 0
        if (at_max and vm > cn.vm_set[b] + 1e-9) or (not at_max and vm < cn.vm_set[b] - 1e-9):
            bus_type[b], q_fixed[b], changed = PV, 0.0, True
            notes.append(f"bus '{cn.bus_ids[b]}' back to PV: voltage passed its set point")
    return changed
