"""Power-flow results: numpy arrays in engineering units, plus dict/CSV views for the API and CLI."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..compile import NONE, PQ, PV, REF, CompiledNetwork
from ..jsonout import dumps
from ..jsonrows import FLAG, NUMBER, TEXT, Field, Table, dumps_document
from .common import SolverOutcome
from .newton import use_numba


@dataclass
class PowerFlowResult:
    converged: bool
    method: str
    iterations: int
    bus_ids: list[str]
    vm_pu: np.ndarray
    va_deg: np.ndarray
    vn_kv: np.ndarray
    p_mw: np.ndarray  # net injection at the bus (units' dispatch - load demand; shunt elements are not in it)
    q_mvar: np.ndarray
    energized: np.ndarray
    branch_ids: list[str]
    branch_kind: list[str]
    branch_from: list[str]
    branch_to: list[str]
    p_from_mw: np.ndarray
    q_from_mvar: np.ndarray
    p_to_mw: np.ndarray
    q_to_mvar: np.ndarray
    i_from_ka: np.ndarray
    i_to_ka: np.ndarray
    loading_percent: np.ndarray
    unit_ids: list[str]
    unit_kind: list[str]
    unit_p_mw: np.ndarray
    unit_q_mvar: np.ndarray
    history: list[dict]
    worst_buses: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    wall_time_s: float = 0.0
    base_mva: float = 100.0
    load_mw: float = 0.0
    load_mvar: float = 0.0
    shunt_mw: float = 0.0  # consumed by shunt elements (reactors positive, capacitors negative Mvar)
    shunt_mvar: float = 0.0
    diverged: bool = False
    # Compiled-order solver state (for warm starts and external-solver round trips; not in to_dict()).
    v_compiled: np.ndarray | None = None
    bus_type_compiled: np.ndarray | None = None
    q_fixed_compiled: np.ndarray | None = None

    @property
    def p_loss_mw(self) -> np.ndarray:
        """Series losses per branch, MW (a whole array: index it once, not per row)."""
        return self.p_from_mw + self.p_to_mw

    @property
    def q_loss_mvar(self) -> np.ndarray:
        return self.q_from_mvar + self.q_to_mvar

    def totals(self) -> dict[str, float]:
        return {
            "generation_mw": float(np.sum(self.unit_p_mw)),
            "generation_mvar": float(np.sum(self.unit_q_mvar)),
            "load_mw": self.load_mw,
            "load_mvar": self.load_mvar,
            "losses_mw": float(np.sum(self.p_loss_mw)),
            "losses_mvar": float(np.sum(self.q_loss_mvar)),
            "shunt_mw": self.shunt_mw,
            "shunt_mvar": self.shunt_mvar,
        }

    def bus_vm(self, bus_id: str) -> float:
        return float(self.vm_pu[self.bus_ids.index(bus_id)])

    @property
    def vm_kv(self) -> np.ndarray:
        """|V| in kV; NaN where the bus has no nominal voltage (0 kV: unknown)."""
        return np.where(self.vn_kv > 0, self.vm_pu * self.vn_kv, np.nan)

    def to_dict(self) -> dict:
        """Plain-JSON view (NaN/inf -> None): the rows of TABLES, the values exactly float(array[k])."""
        return self._document({key: table.rows(self) for key, table in TABLES.items()})

    def to_json(self, *, indent: bool = False, fast: bool | None = None) -> bytes | memoryview:
        """`jsonout.dumps(self.to_dict(), indent=indent)`, for a large result written from the arrays without the
        rows' dicts (`jsonrows.dumps_document`; fast=None: when the network is large enough for numba's kernels,
        `use_numba`, so that a small case's cold start does not load numba)."""
        if not (use_numba(len(self.bus_ids)) if fast is None else fast):
            return dumps(self.to_dict(), indent=indent)
        return dumps_document(self._document(dict.fromkeys(TABLES)), {key: (table, self) for key, table in
                                                                      TABLES.items()}, indent=indent)

    def _document(self, tables: dict) -> dict:
        """The top-level object, with the tables' values given (rows, or placeholders for `dumps_document`)."""
        return {
            "converged": self.converged,
            "method": self.method,
            "iterations": self.iterations,
            "wall_time_s": self.wall_time_s,
            **tables,
            "totals": self.totals(),
            "history": self.history,
            "worst_buses": self.worst_buses,
            "notes": self.notes,
        }

    def buses_csv(self) -> str:
        rows = ["id,vm_pu,va_deg,vm_kv,p_mw,q_mvar,energized"]
        for b, vm, va, kv, p, q, e in zip(self.bus_ids, self.vm_pu.tolist(), self.va_deg.tolist(),
                                          (self.vm_pu * self.vn_kv).tolist(), self.p_mw.tolist(), self.q_mvar.tolist(),
                                          np.asarray(self.energized).astype(int).tolist(), strict=True):
            rows.append(f"{_csv_field(b)},{vm:.10f},{va:.10f},{kv:.8f},{p:.8f},{q:.8f},{e}")
        return "\n".join(rows) + "\n"

    def branches_csv(self) -> str:
        rows = ["id,kind,from_bus,to_bus,p_from_mw,q_from_mvar,p_to_mw,q_to_mvar,i_from_ka,i_to_ka,loading_percent,"
                "p_loss_mw"]
        cols = [c.tolist() for c in (self.p_from_mw, self.q_from_mvar, self.p_to_mw, self.q_to_mvar, self.i_from_ka,
                                     self.i_to_ka, self.loading_percent, self.p_loss_mw)]
        for b, kind, fb, tb, *x in zip(self.branch_ids, self.branch_kind, self.branch_from, self.branch_to, *cols,
                                       strict=True):
            rows.append(f"{_csv_field(b)},{_csv_field(kind)},{_csv_field(fb)},{_csv_field(tb)},{x[0]:.8f},{x[1]:.8f},"
                        f"{x[2]:.8f},{x[3]:.8f},{x[4]:.8f},{x[5]:.8f},{x[6]:.8f},{x[7]:.8f}")
        return "\n".join(rows) + "\n"


# The rows of to_dict()'s tables, declared once for the dicts and for the JSON writer (jsonrows).
TABLES: dict[str, Table] = {
    "buses": Table(
        Field("id", TEXT, lambda r: r.bus_ids), Field("vm_pu", NUMBER, lambda r: r.vm_pu),
        Field("va_deg", NUMBER, lambda r: r.va_deg), Field("vm_kv", NUMBER, lambda r: r.vm_kv),
        Field("p_mw", NUMBER, lambda r: r.p_mw), Field("q_mvar", NUMBER, lambda r: r.q_mvar),
        Field("energized", FLAG, lambda r: r.energized)),
    "branches": Table(
        Field("id", TEXT, lambda r: r.branch_ids), Field("kind", TEXT, lambda r: r.branch_kind),
        Field("from_bus", TEXT, lambda r: r.branch_from), Field("to_bus", TEXT, lambda r: r.branch_to),
        Field("p_from_mw", NUMBER, lambda r: r.p_from_mw), Field("q_from_mvar", NUMBER, lambda r: r.q_from_mvar),
        Field("p_to_mw", NUMBER, lambda r: r.p_to_mw), Field("q_to_mvar", NUMBER, lambda r: r.q_to_mvar),
        Field("i_from_ka", NUMBER, lambda r: r.i_from_ka), Field("i_to_ka", NUMBER, lambda r: r.i_to_ka),
        Field("loading_percent", NUMBER, lambda r: r.loading_percent),
        Field("p_loss_mw", NUMBER, lambda r: r.p_loss_mw), Field("q_loss_mvar", NUMBER, lambda r: r.q_loss_mvar)),
    "generators": Table(
        Field("id", TEXT, lambda r: r.unit_ids), Field("kind", TEXT, lambda r: r.unit_kind),
        Field("p_mw", NUMBER, lambda r: r.unit_p_mw), Field("q_mvar", NUMBER, lambda r: r.unit_q_mvar)),
}


def _csv_field(text: str) -> str:
    """A CSV field as csv.writer (QUOTE_MINIMAL, lineterminator "\\n") writes it."""
    if any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def unit_dispatch(cn: CompiledNetwork, v: np.ndarray, bus_type: np.ndarray, q_fixed: np.ndarray):
    """P and Q of every unit (pu) from the solved voltages.

    Reference units share the P their bus must supply equally; units that control voltage share
    the bus's Q, first equally and then in proportion to their Q ranges (MATPOWER's pfsoln).
    """
    u = cn.units
    n_units = len(u.element_id)
    fixed = u.fixed_injection()
    p, q = fixed.real.copy(), fixed.imag.copy()
    if n_units == 0:
        return p, q
    s_inj = v * np.conj(cn.ybus() @ v)  # includes bus shunts through Ybus
    needed = s_inj + cn.load_demand(np.abs(v))  # what all units at the bus together inject
    n = cn.n_bus
    ub = u.bus

    def per_bus(mask: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        w = None if weights is None else np.where(mask, weights, 0.0)
        return np.bincount(ub, weights=w if w is not None else mask.astype(float), minlength=n)

    ref, ctrl = u.reference, u.controls_voltage
    # Reference units at reference buses share what the bus needs beyond its fixed-P units.
    at_ref_bus = ref & (bus_type[ub] == REF)
    n_ref = per_bus(ref)
    p_fixed = per_bus(~ref, p)
    p[at_ref_bus] = ((needed.real[ub] - p_fixed[ub]) / np.maximum(n_ref[ub], 1))[at_ref_bus]
    # Voltage-controlling units share the bus's Q: in proportion to their Q ranges where every
    # unit at the bus has a finite range, else equally; at a bus pinned to a Q limit, equally.
    span = u.q_max_pu - u.q_min_pu
    n_ctrl = per_bus(ctrl)
    q_other = per_bus(~ctrl, q)
    unbounded = per_bus(ctrl & ~np.isfinite(span)) > 0
    span_sum = per_bus(ctrl & np.isfinite(span), span)
    qmin_sum = per_bus(ctrl & np.isfinite(span), u.q_min_pu)
    q_tot = needed.imag[ub] - q_other[ub]
    proportional = (n_ctrl[ub] > 1) & ~unbounded[ub] & (span_sum[ub] > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        shared = np.where(
            proportional,
            u.q_min_pu + (q_tot - qmin_sum[ub]) / (span_sum[ub] + 1e-16) * span,
            q_tot / np.maximum(n_ctrl[ub], 1),
        )
    pinned = bus_type[ub] == PQ
    q[ctrl & ~pinned] = shared[ctrl & ~pinned]
    q[ctrl & pinned] = (q_fixed[ub] / np.maximum(n_ctrl[ub], 1))[ctrl & pinned]
    dead = bus_type[ub] == NONE
    p[dead] = 0.0
    q[dead] = 0.0
    return p, q


def end_flows(cn: CompiledNetwork, v: np.ndarray) -> tuple[np.ndarray, ...]:
    """(S_from, S_to in MVA, |I_from|, |I_to| in kA, loading %) of every compiled branch row at voltages v.

    Loading is max(|S_from|, |S_to|) / rating x 100 (MATPOWER's, rating = RATE_A; NaN without a rating), or
    by current where the branch has a current rating. One formula for the power flow and contingency studies."""
    base, br = cn.base_mva, cn.branches
    s_f, s_t, i_f, i_t = branch_power(cn, v)
    # |I| in kA: |I_pu| * base / (sqrt(3) * Vbase)
    with np.errstate(divide="ignore", invalid="ignore"):
        i_base_f = np.where(cn.vn_kv[br.f] > 0, base / (np.sqrt(3) * cn.vn_kv[br.f]), np.nan)
        i_base_t = np.where(cn.vn_kv[br.t] > 0, base / (np.sqrt(3) * cn.vn_kv[br.t]), np.nan)
        i_f_ka = np.abs(i_f) * i_base_f
        i_t_ka = np.abs(i_t) * i_base_t
        loading = loading_percent(cn, s_f, s_t, i_f_ka, i_t_ka)
    return s_f, s_t, i_f_ka, i_t_ka, loading


def branch_power(cn: CompiledNetwork, v: np.ndarray) -> tuple[np.ndarray, ...]:
    """(S_from, S_to in MVA, I_from, I_to in pu) of every compiled branch row at voltages v."""
    yf, yt = cn.branch_matrices()
    br = cn.branches
    i_f = yf @ v
    i_t = yt @ v
    return v[br.f] * np.conj(i_f) * cn.base_mva, v[br.t] * np.conj(i_t) * cn.base_mva, i_f, i_t


def loading_percent(cn: CompiledNetwork, s_f: np.ndarray, s_t: np.ndarray, i_f_ka: np.ndarray | None = None,
                    i_t_ka: np.ndarray | None = None) -> np.ndarray:
    """Loading %: max(|S_from|, |S_to|) / rating x 100 (MVA), by current (kA) for branches with a current
    rating (the currents are needed only when some branch has one)."""
    br = cn.branches
    with np.errstate(divide="ignore", invalid="ignore"):
        s_max = np.maximum(np.abs(s_f), np.abs(s_t))
        loading = np.where(np.isfinite(br.rating_mva) & (br.rating_mva > 0), 100 * s_max / br.rating_mva, np.nan)
        has_i = np.isfinite(br.max_i_ka)
        if has_i.any():
            assert i_f_ka is not None and i_t_ka is not None, "branches with current ratings need the currents"
            loading[has_i] = 100 * np.maximum(i_f_ka[has_i], i_t_ka[has_i]) / br.max_i_ka[has_i]
    return loading


def branch_flows(cn: CompiledNetwork, v: np.ndarray, energized: np.ndarray) -> dict:
    """End flows (MVA), currents (kA) and loading (%) of every branch, open-ended ones last (the power flow's
    result and a contingency's worst-N detail)."""
    br = cn.branches
    s_f, s_t, i_f_ka, i_t_ka, loading = end_flows(cn, v)
    bus_ids = np.array(cn.bus_ids, dtype=object)
    out = {"ids": list(br.element_id), "kind": list(br.kind), "from": bus_ids[br.f].tolist(),
           "to": bus_ids[br.t].tolist(), "s_f": s_f, "s_t": s_t, "i_f": i_f_ka, "i_t": i_t_ka, "loading": loading}
    if cn.open_branches:
        _append_open_branches(cn, v, energized, out)
    return out


def _append_open_branches(cn: CompiledNetwork, v: np.ndarray, energized: np.ndarray, out: dict) -> None:
    """Branches open at one end: their charging flows in at the live end, nothing at the open end."""
    ob, base = cn.open_branches, cn.base_mva
    live = np.array([o.bus for o in ob], dtype=np.int64)
    s_live = np.abs(v[live]) ** 2 * np.conj(np.array([o.y_eq for o in ob])) * base
    s_live[~energized[live]] = 0
    with np.errstate(divide="ignore", invalid="ignore"):
        i_live = np.where(cn.vn_kv[live] > 0, np.abs(s_live) / (np.sqrt(3) * cn.vn_kv[live] * np.abs(v[live])),
                          np.nan)
        rating = np.array([o.rating_mva for o in ob], dtype=float)
        imax = np.array([o.max_i_ka for o in ob], dtype=float)
        load_open = np.where(np.isfinite(imax), 100 * i_live / imax,
                             np.where(rating > 0, 100 * np.abs(s_live) / rating, np.nan))
    at_from = np.array([o.connected_at_from for o in ob])
    zero = np.zeros(len(ob))
    out["s_f"] = np.r_[out["s_f"], np.where(at_from, s_live, 0)]
    out["s_t"] = np.r_[out["s_t"], np.where(at_from, 0, s_live)]
    out["i_f"] = np.r_[out["i_f"], np.where(at_from, i_live, zero)]
    out["i_t"] = np.r_[out["i_t"], np.where(at_from, zero, i_live)]
    out["loading"] = np.r_[out["loading"], load_open]
    out["ids"] += [o.element_id for o in ob]
    out["kind"] += [o.kind for o in ob]
    out["from"] += [o.from_bus for o in ob]
    out["to"] += [o.to_bus for o in ob]


def _worst_buses(cn: CompiledNetwork, s_inj: np.ndarray, v: np.ndarray, bus_type: np.ndarray,
                 q_fixed: np.ndarray) -> list[dict]:
    """The five largest mismatches (MW/Mvar), for a divergence report."""
    mis = (s_inj - cn.s_bus(np.abs(v)) - 1j * q_fixed) * cn.base_mva
    mis[bus_type == REF] = 0
    mis[bus_type == NONE] = 0
    mis_q = mis.copy()
    mis_q[bus_type != PQ] = mis_q[bus_type != PQ].real
    score = np.abs(mis_q)
    score[~np.isfinite(score)] = np.inf
    return [{"bus": cn.bus_ids[b], "p_mismatch_mw": float(mis[b].real),
             "q_mismatch_mvar": float(mis[b].imag) if bus_type[b] == PQ else 0.0}
            for b in np.argsort(-score, kind="stable")[:5]]


def _network_order(cn: CompiledNetwork):
    """Every network bus in the network's order: fused buses share their group's voltage; out-of-service
    buses are 0. Returns (ids, known mask, per_bus(values))."""
    ids = list(cn.net.column("buses", "id"))
    idx = cn.network_bus_index
    known = idx >= 0
    safe = np.where(known, idx, 0)

    def per_bus(values: np.ndarray) -> np.ndarray:
        return np.where(known, values[safe], 0.0)

    return ids, known, per_bus


def _element_injections(cn: CompiledNetwork, vm: np.ndarray, p_units: np.ndarray, q_units: np.ndarray,
                        wanted: set[str]) -> dict[str, complex]:
    """Units' dispatch less the loads' demand at |V|, pu, summed per network bus, for the buses in `wanted`."""
    out: dict[str, complex] = {}

    def add(bus: str, s: complex) -> None:
        out[bus] = out.get(bus, 0j) + s

    nets = (cn.net.external_grids, cn.net.generators)
    for k, (kind, pos) in enumerate(zip(cn.units.kind, cn.units.element_pos.tolist(), strict=True)):
        bus = nets[kind == "generator"][pos].bus
        if bus in wanted:
            add(bus, complex(p_units[k], q_units[k]))
    base = cn.base_mva
    for ld in cn.net.loads:
        if ld.in_service and ld.bus in wanted:
            z, i = ld.const_z_percent / 100, ld.const_i_percent / 100
            v = vm[cn.bus_index[ld.bus]]
            add(ld.bus, -complex(ld.p_mw, ld.q_mvar) * ld.scaling / base * ((1 - z - i) + i * v + z * v * v))
    for mo in cn.net.motors:
        if mo.in_service and mo.bus in wanted:
            add(mo.bus, -mo.demand_mva() / base)
    return out


def _bus_injections(cn: CompiledNetwork, s_inj: np.ndarray, vm: np.ndarray, p_units: np.ndarray,
                    q_units: np.ndarray) -> np.ndarray:
    """Net injection per network bus (network order), pu. A bus of its own reports its compiled bus's injection.
    Buses fused by closed bus-bus switches share one compiled bus, so each reports what its own units and loads
    inject (pandapower's res_bus convention) and the group's first bus also carries whatever the elements do not
    account for (the mismatch of an unconverged solve): the members always sum to the group's injection."""
    ids = cn.net.column("buses", "id")
    idx = cn.network_bus_index
    known = idx >= 0
    out = np.where(known, s_inj[np.where(known, idx, 0)], 0.0).astype(complex)
    counts = np.bincount(idx[known], minlength=cn.n_bus)
    fused = known & (counts[np.where(known, idx, 0)] > 1)
    if not fused.any():
        return out
    members = np.flatnonzero(fused)
    own = _element_injections(cn, vm, p_units, q_units, {ids[m] for m in members.tolist()})
    rest = s_inj.copy()
    seen: set[int] = set()
    first: dict[int, int] = {}
    for m in members.tolist():
        k = int(idx[m])
        if k not in seen:
            seen.add(k)
            first[k] = m
            continue
        out[m] = own.get(ids[m], 0j)
        rest[k] -= out[m]
    for k, m in first.items():
        out[m] = rest[k]
    return out


def _history(cn: CompiledNetwork, outcome: SolverOutcome) -> list[dict]:
    base = cn.base_mva
    return [
        {"iteration": r.iteration, "max_p_mismatch": r.max_p_mismatch, "max_q_mismatch": r.max_q_mismatch,
         "max_p_mismatch_mw": r.max_p_mismatch * base, "max_q_mismatch_mvar": r.max_q_mismatch * base,
         "worst_p_bus": cn.bus_ids[r.worst_p_bus] if r.worst_p_bus >= 0 else None,
         "worst_q_bus": cn.bus_ids[r.worst_q_bus] if r.worst_q_bus >= 0 else None}
        for r in outcome.history
    ]


def _failure_notes(outcome: SolverOutcome, worst: list[dict]) -> list[str]:
    if outcome.converged:
        return []
    if outcome.diverged:
        notes = [f"power flow diverged at iteration {outcome.iterations} (mismatch grew without bound)"]
    else:
        notes = [f"power flow did not converge in {outcome.iterations} iterations"]
    if worst:
        notes.append("largest mismatch at bus(es) " + ", ".join(w["bus"] for w in worst))
    return notes


def q_limit_notes(cn: CompiledNetwork, bus_type: np.ndarray, q_fixed: np.ndarray) -> list[str]:
    """The PV buses that end the solve held at a unit Q limit (PQ), from the final state alone: the same notes
    whether the engine or the browser solved (the browser's solution carries the final state, not its path)."""
    u = cn.units
    notes = []
    for b in np.flatnonzero((cn.bus_type == PV) & (bus_type == PQ)).tolist():
        at = (u.bus == b) & u.controls_voltage
        q_min, q_max = float(u.q_min_pu[at].sum()), float(u.q_max_pu[at].sum())
        side = "max" if abs(q_fixed[b] - q_max) <= abs(q_fixed[b] - q_min) else "min"
        notes.append(f"bus '{cn.bus_ids[b]}' reached its Q limit ({side} {q_fixed[b] * cn.base_mva:.4g} Mvar): "
                     "PV -> PQ")
    return notes


def dispatch_notes(cn: CompiledNetwork, p_units: np.ndarray, bus_type: np.ndarray) -> list[str]:
    """Generators chosen as their island's reference (not slack in the case) that deliver other than their set
    point: the compile note says which was chosen, this one what it costs."""
    u, base = cn.units, cn.base_mva
    notes: list[str] = []
    chosen = np.flatnonzero(u.reference & (np.asarray(u.kind) == "generator")).tolist()
    slack = cn.net.column("generators", "slack") if chosen else []
    for k in chosen:
        if bus_type[u.bus[k]] == NONE or slack[int(u.element_pos[k])]:
            continue
        p, p_set = p_units[k] * base, u.p_pu[k] * base
        if abs(p - p_set) > max(1e-3, 1e-3 * abs(p_set)):
            notes.append(f"generator '{u.element_id[k]}' is its island's reference: it delivers {p:.4g} MW "
                         f"against its {p_set:.4g} MW set point")
    return notes


def build_result(cn: CompiledNetwork, outcome: SolverOutcome, *, method: str, bus_type: np.ndarray,
                 q_fixed: np.ndarray, wall_time_s: float) -> PowerFlowResult:
    base = cn.base_mva
    v = outcome.v
    energized = bus_type != NONE
    vm = np.abs(v)
    va = np.rad2deg(np.angle(v))
    vm[~energized] = 0.0
    va[~energized] = 0.0
    s_inj = v * np.conj(cn.ybus() @ v)
    fl = branch_flows(cn, v, energized)
    p_units, q_units = unit_dispatch(cn, v, bus_type, q_fixed)
    vm_all = np.abs(v)
    u = cn.units
    load_total = cn.load_demand(vm_all)[energized].sum() * base
    # Shunt elements only: open-ended branches are in the bus shunts too but are reported as branches.
    y_elements = cn.y_shunt.copy()
    for o in cn.open_branches:
        y_elements[o.bus] -= o.y_eq
    shunt_total = (vm_all**2 * np.conj(y_elements))[energized].sum() * base
    worst = [] if outcome.converged else _worst_buses(cn, s_inj, v, bus_type, q_fixed)
    notes = list(cn.notes) + _failure_notes(outcome, worst) + q_limit_notes(cn, bus_type, q_fixed)
    if outcome.converged:
        notes += dispatch_notes(cn, p_units, bus_type)
    ids, known, per_bus = _network_order(cn)
    s_bus_net = _bus_injections(cn, s_inj, vm_all, p_units, q_units)
    s_bus_net[~(known & per_bus(energized.astype(float)).astype(bool))] = 0
    return PowerFlowResult(
        converged=outcome.converged, method=method, iterations=outcome.iterations,
        bus_ids=ids, vm_pu=per_bus(vm), va_deg=per_bus(va),
        vn_kv=np.array(cn.net.column("buses", "vn_kv"), dtype=float),
        p_mw=s_bus_net.real * base, q_mvar=s_bus_net.imag * base,
        energized=known & per_bus(energized.astype(float)).astype(bool),
        branch_ids=fl["ids"], branch_kind=fl["kind"], branch_from=fl["from"], branch_to=fl["to"],
        p_from_mw=fl["s_f"].real, q_from_mvar=fl["s_f"].imag, p_to_mw=fl["s_t"].real, q_to_mvar=fl["s_t"].imag,
        i_from_ka=fl["i_f"], i_to_ka=fl["i_t"], loading_percent=fl["loading"],
        unit_ids=list(u.element_id), unit_kind=list(u.kind), unit_p_mw=p_units * base, unit_q_mvar=q_units * base,
        history=_history(cn, outcome), worst_buses=worst, notes=notes,
        wall_time_s=wall_time_s, base_mva=base,
        load_mw=float(load_total.real), load_mvar=float(load_total.imag), diverged=outcome.diverged,
        shunt_mw=float(shunt_total.real), shunt_mvar=float(shunt_total.imag),
        v_compiled=v, bus_type_compiled=bus_type.copy(), q_fixed_compiled=q_fixed.copy(),
    )
