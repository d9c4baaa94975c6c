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

from ..compile import PQ, PV, REF, CompiledNetwork, compile_network, with_slack
from ..errors import GridSolveError, SingularSystemError
from ..model import Network
from .common import SingularJacobian, SolverOutcome
from .dc import dc_angles
from .decoupled import fast_decoupled
from .globalize import FD_START_ITER, FD_START_TOL, globalized
from .newton import backtracking, newton_raphson
from .results import PowerFlowResult, build_result, unit_dispatch
from .slack import DistributedSlack

METHODS = {
    "nr": "nr", "newton_raphson": "nr", "newton": "nr",
    "fd": "fdxb", "fast_decoupled": "fdxb", "fdxb": "fdxb", "fdbx": "fdbx",
    "gs": "gs", "gauss_seidel": "gs",
}
DEFAULT_MAX_ITER = {"nr": 30, "fdxb": 100, "fdbx": 100, "gs": 10000}

ProgressFn = Callable[[int, float], None]


INITS = ("auto", "flat", "warm", "dc")
#: Solves at most in the outer loops (Q limits, distributed slack); the browser's solver uses the same number
#: (web/wasm/pf.c Q_LIMIT_ROUNDS, checked by tests/browser/test_web_sources.py).
OUTER_ROUNDS = 100
Q_LIMIT_TOL_PU = 1e-9  # a unit group is past its Q limit beyond this (pu); pf.c uses the same
#: A bus pinned at a Q limit goes back to PV at most this often (then it stays at its limit): a bus can otherwise
#: alternate for ever between a PV state past the limit and a PQ state past its set point. pf.c uses the same.
MAX_RETURNS_TO_PV = 2


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
    slack_bus: str | None = None,
    distributed_slack: bool = False,
    participation: str | dict[str, float] = "pmax",
) -> PowerFlowResult:
    """Solve the AC power flow.

    tol: largest allowed P or Q mismatch, pu on the system base (MATPOWER's PF_TOL).
    init: "flat" (1 pu, reference angles; the library default, kept for compatibility), "auto"
        (the case's stored voltages where the file has them, MATPOWER's default and the CLI's;
        else flat), "warm" (stored voltages), "dc" (DC
        power-flow angles, 1 pu). Set points always hold at PV/REF buses. With Newton-Raphson,
        a start that does not converge is retried with a line search and from DC angles
        (`globalize.py`); the notes say which attempt converged.
    slack_bus: bus id to be its island's reference (slack) bus instead of the case's.
    distributed_slack: share the slack among generators by `participation` ("pmax":
        proportional to Pmax, OpenLoadFlow's default; or {unit id: factor}).
    accel: Gauss-Seidel acceleration factor.
    """
    started = time.perf_counter()
    key = _check_options(method, tol, init)
    max_iter = max_iter or DEFAULT_MAX_ITER[key]
    cn = net if isinstance(net, CompiledNetwork) else compile_network(net)
    if slack_bus is not None:
        cn = with_slack(cn, str(slack_bus))
    bus_type = cn.bus_type.copy()
    start = ("warm" if has_stored_voltages(cn) else "flat") if init == "auto" else init
    v0 = start_voltage(cn, bus_type, start)
    sharing = DistributedSlack(cn, participation) if distributed_slack else None
    history: list = []
    notes: list[str] = []
    q_fixed = np.zeros(cn.n_bus)  # Q pinned at a limit for buses switched PV -> PQ (pu)
    q_side = np.zeros(cn.n_bus, dtype=np.int8)  # which limit each pinned bus sits at: +1 max, -1 min
    returns = np.zeros(cn.n_bus, dtype=np.int8)  # how often each bus went back to PV
    free_ref = _free_references(cn, sharing is not None)  # references whose |V| is an unknown
    outcome: SolverOutcome | None = None
    for _round in range(OUTER_ROUNDS if (enforce_q_limits or sharing) else 1):
        offset = history[-1].iteration if history else 0
        outcome, how = _solve(cn, key, bus_type, q_fixed, v0, tol, max_iter, accel, progress, offset, start,
                              free_ref)
        if how and how not in notes:
            notes.append(how)
        for rec in outcome.history:
            rec.iteration += offset
        history.extend(outcome.history)
        if not outcome.converged:
            break
        cn, changed = _outer_loops(cn, outcome.v, bus_type, q_fixed, tol, sharing, enforce_q_limits, notes, free_ref,
                                   (q_side, returns))
        if not changed:
            break
        v0 = hold_set_points(cn, bus_type, outcome.v)
    assert outcome is not None
    outcome.history = history
    outcome.iterations = history[-1].iteration if history else 0
    result = build_result(cn, outcome, method=key, bus_type=bus_type, q_fixed=q_fixed,
                          wall_time_s=time.perf_counter() - started)
    if sharing is not None:
        notes.append(sharing.describe(cn))
    result.notes.extend(notes)
    return result


def _check_options(method: str, tol: float, init: str) -> str:
    key = METHODS.get(method.lower())
    if key is None:
        raise GridSolveError(f"unknown method '{method}' (choose nr, fd, fdbx or gs)", field="method")
    if tol <= 0:
        raise GridSolveError("tolerance must be positive", field="tol")
    if init not in INITS:
        raise GridSolveError(f"unknown start '{init}' (choose {', '.join(INITS)})", field="init")
    return key


def hold_set_points(cn: CompiledNetwork, bus_type: np.ndarray, v: np.ndarray) -> np.ndarray:
    """The next outer round's start: the last voltages, with |V| back at the set point where a bus controls it
    again (a bus returning to PV would otherwise be held at the voltage it had as PQ)."""
    pv = bus_type == PV
    out = v.copy()
    out[pv] = cn.vm_set[pv] * np.exp(1j * np.angle(v[pv]))
    return out


def _outer_loops(cn: CompiledNetwork, v: np.ndarray, bus_type: np.ndarray, q_fixed: np.ndarray, tol: float,
                 sharing: DistributedSlack | None, enforce_q_limits: bool, notes: list[str],
                 free_ref: np.ndarray | None = None, q_state: tuple[np.ndarray, np.ndarray] | None = None
                 ) -> tuple[CompiledNetwork, bool]:
    """After a converged solve: re-share the slack and/or switch buses at Q limits; (network, changed)."""
    changed = False
    if sharing is not None:
        cn, moved = sharing.update(cn, v, bus_type, q_fixed, tol)
        changed |= moved
    if enforce_q_limits:
        changed |= _apply_q_limits(cn, bus_type, q_fixed, v, notes, free_ref, q_state, switch_refs=sharing is not None)
    return cn, changed


def _free_references(cn: CompiledNetwork, distributed: bool) -> np.ndarray | None:
    """Reference buses whose |V| is an unknown: one without a voltage-holding unit (a slack bus chosen where no
    unit holds the voltage, as OpenLoadFlow allows: the angle reference and the active-power balance, its Q
    the load's), and with distributed slack those that reach a Q limit later. None when there can be none."""
    u = cn.units
    held = np.zeros(cn.n_bus, dtype=bool)
    held[u.bus[u.controls_voltage]] = True
    unheld = (cn.bus_type == REF) & ~held
    if not (distributed or unheld.any()):
        return None
    return unheld


def has_stored_voltages(cn: CompiledNetwork) -> bool:
    """Whether the case file carried a voltage state (MATPOWER Vm/Va, PSS/E VM/VA, ...)."""
    vm, va = cn.net.column("buses", "vm_init_pu"), cn.net.column("buses", "va_init_degree")
    return any(v is not None for v in vm) or any(a is not None for a in va)


def start_voltage(cn: CompiledNetwork, bus_type: np.ndarray, start: str) -> np.ndarray:
    """The starting voltages for `start` in flat / warm / dc (see run_power_flow)."""
    if start == "dc":
        va = dc_angles(cn, bus_type)
        vm = np.where((bus_type == PV) | (bus_type == REF), cn.vm_set, 1.0)
        return vm * np.exp(1j * va)
    return initial_voltage(cn, bus_type, warm=start == "warm")


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
    stored_va = _stored_voltages(cn, vm, va) if warm else np.zeros(cn.n_bus, dtype=bool)
    if not stored_va.all():  # the buses without a stored angle start behind their phase shifts
        va[~stored_va] += _phase_shift_offsets(cn, ref)[~stored_va]
    if warm:
        for tr in cn.net.transformers3w:  # star points start at their HV bus's stored angle
            star, hv = cn.bus_index.get(f"{tr.id}#star"), cn.bus_index.get(tr.hv_bus)
            if star is not None and hv is not None:
                va[star] = va[hv]
    controlled = (bus_type == PV) | (bus_type == REF)
    vm[controlled] = cn.vm_set[controlled]
    va[ref] = cn.va_set_rad[ref]
    # De-energized buses keep 1 pu internally (they are in no equation) and are reported as 0.
    return vm * np.exp(1j * va)


def _given(values: list | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(where a value is given, the values as floats with NaN elsewhere) of an optional float column."""
    if isinstance(values, np.ndarray) and values.dtype.kind == "f":
        return ~np.isnan(values), values
    x = np.array([np.nan if v is None else v for v in values], dtype=float)
    return ~np.isnan(x), x


def _stored_voltages(cn: CompiledNetwork, vm: np.ndarray, va: np.ndarray) -> np.ndarray:
    """The buses' stored |V| and angle where given, in the network's bus order (of buses fused into one
    compiled bus, the last one's). Returns which compiled buses got a stored angle."""
    net = cn.net
    idx = cn.network_bus_index
    given, x = _given(net.column("buses", "vm_init_pu"))
    at = np.flatnonzero(given & (idx >= 0))
    _assign_in_order(vm, idx[at], x[at])
    given, x = _given(net.column("buses", "va_init_degree"))
    at = np.flatnonzero(given & (idx >= 0))
    _assign_in_order(va, idx[at], np.deg2rad(x[at]))
    stored_va = np.zeros(cn.n_bus, dtype=bool)
    stored_va[idx[at]] = True
    return stored_va


def _assign_in_order(out: np.ndarray, at: np.ndarray, x: np.ndarray) -> None:
    """out[at] = x where the last write wins at a repeated position (numpy's fancy assignment does not promise
    one): buses fused into one compiled bus take the last one's value."""
    if len(np.unique(at)) == len(at):
        out[at] = x
    else:
        for k, value in zip(at.tolist(), x.tolist(), strict=True):
            out[k] = value


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
    shifted = np.flatnonzero(np.abs(shift) > 1e-12)
    for f, t, s in zip(br.f[shifted].tolist(), br.t[shifted].tolist(), shift[shifted].tolist(), strict=True):
        delta[(f, t)] = -s
        delta[(t, f)] = s
    done = np.zeros(cn.n_bus, dtype=bool)
    acc = offsets.tolist()  # Python floats: the same sums as numpy scalars, without a numpy call per bus
    for r in ref:
        if done[r]:
            continue
        order, pred = breadth_first_order(graph, r, directed=False, return_predecessors=True)
        parents = pred.tolist()
        for node in order[1:].tolist():
            parent = parents[node]
            acc[node] = acc[parent] + delta.get((parent, node), 0.0)
        done[order] = True
    return np.array(acc, dtype=float)


def _solve(cn, key, bus_type, q_fixed, v0, tol, max_iter, accel, progress, offset, start, free_ref=None):
    """One solve; with NR, the globalization ladder. Returns (outcome, note or None).
    `free_ref`: reference buses whose |V| is an unknown (held at a Q limit)."""
    pv = np.flatnonzero(bus_type == PV)
    pq = np.flatnonzero(bus_type == PQ)
    v_only = np.flatnonzero(free_ref) if free_ref is not None and free_ref.any() else None
    if v_only is not None and key != "nr":
        raise GridSolveError("a reference bus with a free voltage (a slack bus without a unit holding its voltage, "
                             "or one at its Q limit with distributed slack) needs method nr", field="method")
    ybus = cn.ybus()

    if cn.constant_power:  # the injections do not depend on |V|: made once for the whole solve
        s_fixed = cn.s_const + 1j * q_fixed

        def s_bus(vm):
            return s_fixed
    else:
        def s_bus(vm):
            return cn.s_bus(vm) + 1j * q_fixed

    callback = None
    if progress is not None:
        def callback(it, worst):
            progress(it + offset, worst)
    try:
        if key == "nr":
            def attempt(v_start, step_size):
                return newton_raphson(ybus, s_bus, cn.ds_bus_dvm, v_start, pv, pq, tol, max_iter, callback,
                                      cache=cn.solver_cache, step_size=step_size, v_only=v_only)
            def fd_start():
                return _fast_decoupled_start(cn, ybus, s_bus, v0, pv, pq)

            return globalized(attempt, v0, start, lambda: start_voltage(cn, bus_type, "dc"), backtracking,
                              fd_start if v_only is None else None)
        if key in ("fdxb", "fdbx"):
            return fast_decoupled(cn, ybus, s_bus, v0, pv, pq, tol, max_iter, key, callback), None
        from .gauss_seidel import gauss_seidel  # lazy: its numba import would cost every NR/FD cold start ~0.5 s

        return gauss_seidel(ybus, s_bus, v0, pv, pq, tol, max_iter, accel, callback), None
    except SingularJacobian as exc:
        raise _singular_error(cn, pv, pq, exc.suspect_rows) from None


def _fast_decoupled_start(cn: CompiledNetwork, ybus, s_bus, v0: np.ndarray, pv: np.ndarray,
                          pq: np.ndarray) -> np.ndarray:
    """The voltages fast-decoupled (XB) iterations reach from v0, mismatch FD_START_TOL or FD_START_ITER
    iterations; refused (the ladder skips the rung) when they diverge."""
    outcome = fast_decoupled(cn, ybus, s_bus, v0, pv, pq, FD_START_TOL, FD_START_ITER, "fdxb")
    if outcome.diverged:
        raise GridSolveError("fast-decoupled iterations diverged")
    return outcome.v


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


def _apply_q_limits(cn: CompiledNetwork, bus_type, q_fixed, v, notes: list[str], free_ref=None,
                    q_state: tuple[np.ndarray, np.ndarray] | None = None, switch_refs: bool = False) -> bool:
    """Switch PV buses whose units exceed their Q limits to PQ at the limit, and back when the
    voltage recovers past the set point (above it at the upper limit, below it at the lower; `q_side`
    remembers which limit a bus sits at, since both limits may have the same sign). A bus switched
    in this call is not tested for going back until the next solve; a bus whose units have no Q range
    never goes back, and none goes back more than MAX_RETURNS_TO_PV times. Returns True when any bus
    changed type.

    With `switch_refs` (distributed slack), reference buses are switched too (marked in `free_ref`): they
    keep the angle reference while their voltage is freed and their Q held at the limit
    (OpenLoadFlow's behaviour; with a single slack the reference keeps its voltage, as MATPOWER
    without re-selection)."""
    _, q_units = unit_dispatch(cn, v, bus_type, q_fixed)
    u = cn.units
    changed = False
    if q_state is None:
        q_state = (np.sign(q_fixed).astype(np.int8), np.zeros(cn.n_bus, dtype=np.int8))
    q_side, returns = q_state
    span = np.zeros(cn.n_bus)
    np.add.at(span, u.bus[u.controls_voltage], (u.q_max_pu - u.q_min_pu)[u.controls_voltage])
    switched = np.zeros(cn.n_bus, dtype=bool)
    candidates = bus_type == PV
    if switch_refs and free_ref is not None:
        candidates |= (bus_type == REF) & ~free_ref
    for b in np.flatnonzero(candidates):
        at = np.flatnonzero((u.bus == b) & u.controls_voltage)
        qmin, qmax = u.q_min_pu[at].sum(), u.q_max_pu[at].sum()
        limit = _limit_hit(q_units[at].sum(), qmin, qmax)
        if limit is None:
            continue
        changed = True
        q_fixed[b] = limit
        side = "max" if limit == qmax else "min"
        q_side[b] = 1 if side == "max" else -1
        switched[b] = True
        if bus_type[b] == REF:
            free_ref[b] = True
            notes.append(f"reference bus '{cn.bus_ids[b]}' reached its Q limit ({side} {limit * cn.base_mva:.4g} "
                         "Mvar): voltage freed, angle reference kept")
        else:
            bus_type[b] = PQ  # the result's notes name the buses that end at a limit (results.q_limit_notes)
    # Back to PV when the voltage would be on the wrong side of the set point.
    was_pv = (cn.bus_type == PV) & (bus_type == PQ)
    if free_ref is not None:
        was_pv |= free_ref
    may_return = ~switched & (span > Q_LIMIT_TOL_PU) & (returns < MAX_RETURNS_TO_PV)
    for b in np.flatnonzero(was_pv & may_return):
        vm = abs(v[b])
        at_max = q_side[b] > 0
        if (at_max and vm > cn.vm_set[b] + Q_LIMIT_TOL_PU) or (not at_max and vm < cn.vm_set[b] - Q_LIMIT_TOL_PU):
            q_fixed[b], q_side[b], changed = 0.0, 0, True
            returns[b] += 1
            if bus_type[b] == REF:
                free_ref[b] = False
            else:
                bus_type[b] = PV
    return changed


def _limit_hit(q_total: float, qmin: float, qmax: float) -> float | None:
    """The Q limit a unit group passes (pu), or None."""
    if q_total > qmax + Q_LIMIT_TOL_PU:
        return qmax
    if q_total < qmin - Q_LIMIT_TOL_PU:
        return qmin
    return None
