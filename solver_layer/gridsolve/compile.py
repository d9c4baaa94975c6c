"""compile(): the one step from the engineering model to per-unit arrays every solver uses.

It fuses buses joined by closed bus-bus switches, drops out-of-service elements, converts
equipment to per-unit two-ports on the system base, finds islands and their references, and
marks buses with no path to a reference as de-energized (they are reported, never solved).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from .branch_models import (
    TwoPort,
    impedance_branch_two_port,
    impedance_branch_two_ports,
    line_two_port,
    three_winding_two_ports,
    two_winding_two_port,
)
from .bulk import bulk
from .errors import InvalidNetworkError
from .model import Network

PQ, PV, REF, NONE = 1, 2, 3, 4


@dataclass
class BranchTable:
    """One row per in-service branch two-port (a 3-winding transformer gives three rows)."""

    element_id: list[str]
    kind: list[str]  # line | transformer | transformer3w_hv/mv/lv | impedance_branch
    f: np.ndarray
    t: np.ndarray
    yff: np.ndarray
    yft: np.ndarray
    ytf: np.ndarray
    ytt: np.ndarray
    tap: np.ndarray  # complex ratio of each two-port's ideal transformer (1 for lines)
    rating_mva: np.ndarray  # NaN where no rating is known
    max_i_ka: np.ndarray  # NaN where no current rating is known
    # position of each row's element in its network list (net.lines, net.transformers, ...), so that
    # later compile stages (gridsolve.sequences) read the element without searching for its id
    element_pos: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))


@dataclass
class OpenEndBranch:
    """A branch connected at one end only: a shunt admittance `y_eq` (pu) at its live bus.

    Kept so that results can still report it (charging current, loading), as engineers expect.
    """

    element_id: str
    kind: str
    bus: int  # compiled index of the connected end
    from_bus: str  # network bus ids of the branch's two ends
    to_bus: str
    connected_at_from: bool
    y_eq: complex
    rating_mva: float
    max_i_ka: float
    element_pos: int = -1  # position in its network list


@dataclass
class UnitTable:
    """Generators and external grids: the voltage sources and fixed injections."""

    element_id: list[str]
    kind: list[str]  # generator | external_grid
    bus: np.ndarray
    p_pu: np.ndarray
    q_pu: np.ndarray
    vm_set: np.ndarray
    reference: np.ndarray  # bool: holds the bus angle (external grid, slack generator)
    controls_voltage: np.ndarray  # bool
    q_min_pu: np.ndarray
    q_max_pu: np.ndarray
    element_pos: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # in its network list

    def fixed_injection(self) -> np.ndarray:
        """Each unit's specified injection, pu: P unless it is a reference (its P comes from the
        solution), Q unless it controls voltage."""
        return np.where(self.reference, 0.0, self.p_pu) + 1j * np.where(self.controls_voltage, 0.0, self.q_pu)


@dataclass
class CompiledNetwork:
    net: Network
    base_mva: float
    bus_ids: list[str]  # one per compiled bus; fused buses take the first id
    bus_index: dict[str, int]  # every in-service network bus id (and star points) -> compiled index
    vn_kv: np.ndarray
    bus_type: np.ndarray
    vm_set: np.ndarray
    va_set_rad: np.ndarray
    s_const: np.ndarray  # constant-power injection (generation minus load), pu
    s_current: np.ndarray  # constant-current load share, pu at |V| = 1 (as injection)
    s_impedance: np.ndarray  # constant-impedance load share, pu at |V| = 1 (as injection)
    y_shunt: np.ndarray  # bus shunt admittance, pu
    island: np.ndarray  # island label per bus (-1 for de-energized)
    branches: BranchTable
    units: UnitTable
    load_element_ids: list[str]
    load_bus: np.ndarray
    internal_bus: np.ndarray  # bool: star points of 3-winding transformers
    deenergized_bus_ids: list[str] = field(default_factory=list)
    open_branches: list[OpenEndBranch] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    _matrices: tuple[sp.csr_matrix, sp.csr_matrix, sp.csr_matrix] | None = None  # Ybus, Yf, Yt
    # Newton-Raphson workspaces (Jacobian pattern, LU analysis) for this network's Ybus, reused by
    # repeated solves (powerflow/newton.py); never part of the network's data.
    solver_cache: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def n_bus(self) -> int:
        return len(self.bus_ids)

    @property
    def ref(self) -> np.ndarray:
        return np.flatnonzero(self.bus_type == REF)

    @property
    def pv(self) -> np.ndarray:
        return np.flatnonzero(self.bus_type == PV)

    @property
    def pq(self) -> np.ndarray:
        return np.flatnonzero(self.bus_type == PQ)

    def _built(self) -> tuple[sp.csr_matrix, sp.csr_matrix, sp.csr_matrix]:
        if self._matrices is None:
            self._matrices = make_ybus(self.n_bus, self.branches, self.y_shunt)
        return self._matrices

    def ybus(self) -> sp.csr_matrix:
        return self._built()[0]

    def branch_matrices(self) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """Yf and Yt: branch-end currents from bus voltages."""
        return self._built()[1:]

    def __post_init__(self) -> None:
        # Constant-power networks (most transmission cases) skip the ZIP arithmetic in every Newton step.
        self.constant_power = not (np.any(self.s_current) or np.any(self.s_impedance))

    def s_bus(self, vm: np.ndarray) -> np.ndarray:
        """Specified bus injections at voltage magnitude `vm` (ZIP loads), pu (read-only when constant)."""
        if self.constant_power:
            s = self.s_const.view()
            s.flags.writeable = False
            return s
        return self.s_const + self.s_current * vm + self.s_impedance * vm**2

    def load_demand(self, vm: np.ndarray) -> np.ndarray:
        """Power consumed by loads at voltage magnitude `vm`, pu: `s_bus` less the fixed unit injections."""
        fixed_units = np.zeros(self.n_bus, dtype=complex)
        np.add.at(fixed_units, self.units.bus, self.units.fixed_injection())
        return fixed_units - self.s_bus(vm)

    def ds_bus_dvm(self, vm: np.ndarray) -> np.ndarray:
        """d s_bus / d|V| (zero for constant power)."""
        if self.constant_power:
            return np.zeros(self.n_bus, dtype=complex)
        return self.s_current + 2 * self.s_impedance * vm


def make_ybus(n_bus: int, br: BranchTable, y_shunt: np.ndarray) -> tuple[sp.csr_matrix, ...]:
    """Ybus, Yf, Yt from branch two-ports (MATPOWER's makeYbus).

    Assembled from COO triplets so that every diagonal entry exists structurally even where its
    value is zero: the Jacobian pattern relies on it.
    """
    nl = len(br.f)
    rows = np.arange(nl)
    yf = sp.csr_matrix((np.r_[br.yff, br.yft], (np.r_[rows, rows], np.r_[br.f, br.t])), shape=(nl, n_bus))
    yt = sp.csr_matrix((np.r_[br.ytf, br.ytt], (np.r_[rows, rows], np.r_[br.f, br.t])), shape=(nl, n_bus))
    diag = np.arange(n_bus)
    ybus = sp.coo_matrix(
        (
            np.r_[br.yff, br.yft, br.ytf, br.ytt, y_shunt],
            (np.r_[br.f, br.f, br.t, br.t, diag], np.r_[br.f, br.t, br.f, br.t, diag]),
        ),
        shape=(n_bus, n_bus),
    ).tocsr()
    ybus.sort_indices()
    return ybus, yf, yt


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _branch_table(rows: list, bulk: list, bus_index: dict[str, int]) -> BranchTable:
    """The BranchTable: the scalar-built rows, then the bulk impedance branches as arrays
    (`bulk`: (position in net.impedance_branches, branch) pairs)."""
    elements = [br for _, br in bulk]
    two_port = impedance_branch_two_ports(elements)
    rate = np.array([br.rate_a_mva for br in elements], dtype=float)
    return BranchTable(
        element_id=[r[0] for r in rows] + [br.id for br in elements],
        kind=[r[1] for r in rows] + ["impedance_branch"] * len(elements),
        f=np.array([r[2] for r in rows] + [bus_index[br.from_bus] for br in elements], dtype=np.int64),
        t=np.array([r[3] for r in rows] + [bus_index[br.to_bus] for br in elements], dtype=np.int64),
        yff=np.r_[np.array([r[4].yff for r in rows], dtype=complex), two_port.yff],
        yft=np.r_[np.array([r[4].yft for r in rows], dtype=complex), two_port.yft],
        ytf=np.r_[np.array([r[4].ytf for r in rows], dtype=complex), two_port.ytf],
        ytt=np.r_[np.array([r[4].ytt for r in rows], dtype=complex), two_port.ytt],
        tap=np.r_[np.array([r[4].tap for r in rows], dtype=complex), two_port.tap],
        rating_mva=np.r_[np.array([r[5] for r in rows], dtype=float), np.where(rate > 0, rate, np.nan)],
        max_i_ka=np.r_[np.array([r[6] for r in rows], dtype=float), np.full(len(elements), np.nan)],
        element_pos=np.array([r[7] for r in rows] + [pos for pos, _ in bulk], dtype=np.int64),
    )


@bulk
def compile_network(net: Network, *, trafo_model: str = "t") -> CompiledNetwork:
    """Turn a validated Network into per-unit arrays. Raises InvalidNetworkError on bad data."""
    net.check_references()
    base = net.base_mva
    notes: list[str] = []
    buses = [b for b in net.buses if b.in_service]
    in_service_bus = {b.id for b in buses}

    # 1. Fuse buses joined by closed bus-bus switches.
    pos = {b.id: i for i, b in enumerate(buses)}
    uf = _UnionFind(len(buses))
    for sw in net.switches:
        if sw.in_service and sw.et == "bus" and sw.closed and sw.bus in pos and sw.element in pos:
            uf.union(pos[sw.bus], pos[sw.element])
    roots = sorted({uf.find(i) for i in range(len(buses))})
    root_index = {r: k for k, r in enumerate(roots)}
    bus_index = {b.id: root_index[uf.find(i)] for i, b in enumerate(buses)}
    bus_ids = [buses[r].id for r in roots]
    vn_kv = [buses[r].vn_kv for r in roots]
    for b in buses:
        other = vn_kv[bus_index[b.id]]
        if b.vn_kv != other:
            raise InvalidNetworkError(
                f"a closed switch joins buses of different nominal voltage ({b.vn_kv} kV and {other} kV)",
                element_id=b.id, field="vn_kv",
            )
    internal = [False] * len(bus_ids)

    # Open branch-end switches: which (element, bus) ends are disconnected.
    open_ends = {(sw.element, sw.bus) for sw in net.switches if sw.in_service and sw.et != "bus" and not sw.closed}

    # 2. Branch two-ports.
    rows: list[tuple[str, str, int, int, TwoPort, float, float, int]] = []
    shunt_extra: dict[int, complex] = {}

    open_branches: list[OpenEndBranch] = []

    def add_branch(eid, kind, fb, tb, tp, rating, imax, f_open, t_open, ends: tuple[str, str], pos: int):
        """`ends` are the network bus ids at the from and to end (reported for open-ended branches);
        `pos` is the element's position in its network list."""
        if f_open and t_open:
            return
        if f_open or t_open:  # connected at one end only: the branch is a shunt there
            live_bus = tb if f_open else fb
            y_eq = tp.ytt - tp.ytf * tp.yft / tp.yff if f_open else tp.yff - tp.yft * tp.ytf / tp.ytt
            shunt_extra[live_bus] = shunt_extra.get(live_bus, 0) + y_eq
            open_branches.append(OpenEndBranch(eid, kind, live_bus, ends[0], ends[1], not f_open, y_eq, rating, imax,
                                               pos))
            return
        rows.append((eid, kind, fb, tb, tp, rating, imax, pos))

    def live(*bus_ids_):
        return all(b in in_service_bus for b in bus_ids_)

    all_bus_kv = {b.id: b.vn_kv for b in net.buses}
    for pos, ln in enumerate(net.lines):
        f_live, t_live = live(ln.from_bus), live(ln.to_bus)
        # A line with one out-of-service end bus stays energized from the other end, open at the
        # dead one (pandapower's _branches_with_oos_buses); with both ends dead it is dropped.
        if not (ln.in_service and (f_live or t_live)):
            continue
        f = bus_index[ln.from_bus] if f_live else -1
        t = bus_index[ln.to_bus] if t_live else -1
        f_kv = all_bus_kv[ln.from_bus]
        tp = line_two_port(ln, f_kv, base, net.f_hz)
        imax = ln.max_i_ka * ln.parallel if ln.max_i_ka else np.nan
        rating = ln.rating_mva * ln.parallel if ln.rating_mva else (
            np.sqrt(3) * f_kv * imax if ln.max_i_ka else np.nan)
        add_branch(ln.id, "line", f, t, tp, rating, imax,
                   not f_live or (ln.id, ln.from_bus) in open_ends, not t_live or (ln.id, ln.to_bus) in open_ends,
                   (ln.from_bus, ln.to_bus), pos)

    for pos, tr in enumerate(net.transformers):
        if not (tr.in_service and live(tr.hv_bus, tr.lv_bus)):
            continue
        f, t = bus_index[tr.hv_bus], bus_index[tr.lv_bus]
        tp = two_winding_two_port(tr, vn_kv[f], vn_kv[t], base, model=trafo_model)
        rating = tr.sn_mva * tr.parallel * tr.max_loading_percent / 100
        add_branch(tr.id, "transformer", f, t, tp, rating, np.nan,
                   (tr.id, tr.hv_bus) in open_ends, (tr.id, tr.lv_bus) in open_ends, (tr.hv_bus, tr.lv_bus), pos)

    for pos, tr in enumerate(net.transformers3w):
        if not (tr.in_service and live(tr.hv_bus, tr.mv_bus, tr.lv_bus)):
            continue
        h, m, l_ = bus_index[tr.hv_bus], bus_index[tr.mv_bus], bus_index[tr.lv_bus]
        star = len(bus_ids)
        star_id = f"{tr.id}#star"
        bus_ids.append(star_id)
        vn_kv.append(vn_kv[h])  # the star point's base is the HV bus's nominal voltage (pandapower)
        internal.append(True)
        bus_index[star_id] = star
        hv, mv, lv = three_winding_two_ports(tr, (vn_kv[h], vn_kv[m], vn_kv[l_]), base)
        rating = tr.max_loading_percent / 100
        add_branch(tr.id, "transformer3w_hv", h, star, hv, tr.sn_hv_mva * rating, np.nan,
                   (tr.id, tr.hv_bus) in open_ends, False, (tr.hv_bus, star_id), pos)
        add_branch(tr.id, "transformer3w_mv", star, m, mv, tr.sn_mv_mva * rating, np.nan,
                   False, (tr.id, tr.mv_bus) in open_ends, (star_id, tr.mv_bus), pos)
        add_branch(tr.id, "transformer3w_lv", star, l_, lv, tr.sn_lv_mva * rating, np.nan,
                   False, (tr.id, tr.lv_bus) in open_ends, (star_id, tr.lv_bus), pos)

    # Impedance branches (imported transmission cases, tens of thousands of rows): as arrays.
    # Branches with an open end take the scalar path above, so they are reported the same way.
    bulk: list = []  # (position in net.impedance_branches, branch)
    for pos, br in enumerate(net.impedance_branches):
        if not (br.in_service and live(br.from_bus, br.to_bus)):
            continue
        f_open, t_open = (br.id, br.from_bus) in open_ends, (br.id, br.to_bus) in open_ends
        if f_open or t_open:
            f, t = bus_index[br.from_bus], bus_index[br.to_bus]
            add_branch(br.id, "impedance_branch", f, t, impedance_branch_two_port(br),
                       br.rate_a_mva if br.rate_a_mva > 0 else np.nan, np.nan, f_open, t_open,
                       (br.from_bus, br.to_bus), pos)
        else:
            bulk.append((pos, br))

    n = len(bus_ids)
    vn = np.asarray(vn_kv, dtype=float)
    branches = _branch_table(rows, bulk, bus_index)

    # 3. Bus shunts and loads.
    y_shunt = np.zeros(n, dtype=complex)
    for b, y in shunt_extra.items():
        y_shunt[b] += y
    for sh in net.shunts:
        if sh.in_service and sh.bus in in_service_bus:
            b = bus_index[sh.bus]
            if sh.vn_kv is not None and vn[b] > 0:
                v_ratio = (vn[b] / sh.vn_kv) ** 2
            else:
                v_ratio = 1.0
            s_consumed = complex(sh.p_mw, sh.q_mvar) * sh.step * v_ratio / base
            y_shunt[b] += np.conj(s_consumed)
    s_const = np.zeros(n, dtype=complex)
    s_current = np.zeros(n, dtype=complex)
    s_impedance = np.zeros(n, dtype=complex)
    load_ids, load_bus = [], []
    for ld in net.loads:
        if ld.in_service and ld.bus in in_service_bus:
            b = bus_index[ld.bus]
            s = complex(ld.p_mw, ld.q_mvar) * ld.scaling / base
            z, i = ld.const_z_percent / 100, ld.const_i_percent / 100
            s_const[b] -= s * (1 - z - i)
            s_current[b] -= s * i
            s_impedance[b] -= s * z
            load_ids.append(ld.id)
            load_bus.append(b)
    for mo in net.motors:  # asynchronous motors are constant-power loads in a power flow
        if mo.in_service and mo.bus in in_service_bus:
            b = bus_index[mo.bus]
            s_const[b] -= mo.demand_mva() / base
            load_ids.append(mo.id)
            load_bus.append(b)

    # 4. Units: external grids and generators.
    u_id, u_kind, u_bus, u_p, u_q, u_vm, u_ref, u_vc, u_qmin, u_qmax, u_pos = ([] for _ in range(11))
    va_set = np.zeros(n)
    for pos, eg in enumerate(net.external_grids):
        if eg.in_service and eg.bus in in_service_bus:
            b = bus_index[eg.bus]
            u_id.append(eg.id), u_kind.append("external_grid"), u_bus.append(b), u_pos.append(pos)
            u_p.append(0.0), u_q.append(0.0), u_vm.append(eg.vm_pu), u_ref.append(True), u_vc.append(True)
            u_qmin.append(-np.inf), u_qmax.append(np.inf)
            va_set[b] = np.deg2rad(eg.va_degree)
    for pos, g in enumerate(net.generators):
        if g.in_service and g.bus in in_service_bus:
            b = bus_index[g.bus]
            u_id.append(g.id), u_kind.append("generator"), u_bus.append(b), u_pos.append(pos)
            u_p.append(g.p_mw * g.scaling / base)
            u_q.append(g.q_mvar * g.scaling / base)
            u_vm.append(g.vm_pu)
            u_ref.append(g.slack)
            u_vc.append(g.voltage_control or g.slack)
            u_qmin.append(-np.inf if g.min_q_mvar is None else g.min_q_mvar / base)
            u_qmax.append(np.inf if g.max_q_mvar is None else g.max_q_mvar / base)
            if g.slack and not any(u_ref[k] and u_bus[k] == b for k in range(len(u_bus) - 1)):
                va_set[b] = np.deg2rad(g.va_degree)
    units = UnitTable(
        element_id=u_id, kind=u_kind, bus=np.array(u_bus, dtype=np.int64), p_pu=np.array(u_p, dtype=float),
        q_pu=np.array(u_q, dtype=float), vm_set=np.array(u_vm, dtype=float), reference=np.array(u_ref, dtype=bool),
        controls_voltage=np.array(u_vc, dtype=bool), q_min_pu=np.array(u_qmin, dtype=float),
        q_max_pu=np.array(u_qmax, dtype=float), element_pos=np.array(u_pos, dtype=np.int64),
    )
    np.add.at(s_const, units.bus, units.fixed_injection())

    # 5. Bus types and voltage set points (the last controlling unit at a bus sets it, as MATPOWER).
    bus_type = np.full(n, PQ, dtype=np.int8)
    vm_set = np.ones(n)
    for k in range(len(u_id)):
        b = units.bus[k]
        if units.controls_voltage[k]:
            vm_set[b] = units.vm_set[k]
            if bus_type[b] != REF:
                bus_type[b] = REF if units.reference[k] else PV
        if units.reference[k]:
            bus_type[b] = REF

    # 6. Islands: each needs a reference; otherwise the largest voltage-controlling unit becomes
    # one; with none, the island is de-energized.
    adjacency = sp.csr_matrix(
        (np.ones(len(branches.f)), (branches.f, branches.t)), shape=(n, n)
    )
    n_islands, labels = connected_components(adjacency, directed=False)
    island = labels.astype(np.int64)
    deenergized: list[str] = []
    # Only islands without a reference need work; members grouped once (stable: ascending bus order).
    has_ref = np.bincount(labels, weights=(bus_type == REF).astype(float), minlength=n_islands) > 0
    by_island = np.argsort(labels, kind="stable")
    bounds = np.searchsorted(labels[by_island], np.arange(n_islands + 1))
    unit_island = labels[units.bus] if len(units.bus) else np.zeros(0, dtype=np.int64)
    for isl in np.flatnonzero(~has_ref).tolist():
        members = by_island[bounds[isl]:bounds[isl + 1]]
        candidates = np.flatnonzero(units.controls_voltage & (unit_island == isl)).tolist()
        if candidates:
            def size(k: int) -> float:
                g = next(g for g in net.generators if g.id == u_id[k])
                return g.max_p_mw if g.max_p_mw is not None else (g.sn_mva or abs(g.p_mw))
            best = max(candidates, key=size)
            b = units.bus[best]
            bus_type[b] = REF
            units.reference[best] = True
            s_const[b] -= units.p_pu[best]  # its P now comes from the solution
            notes.append(
                f"island with bus '{bus_ids[members[0]]}' ({len(members)} buses) has no external grid or "
                f"slack generator: generator '{u_id[best]}' at bus '{bus_ids[b]}' was chosen as reference"
            )
        else:
            bus_type[members] = NONE
            island[members] = -1
            ids = [bus_ids[m] for m in members if not internal[m]]
            deenergized.extend(ids)
    if deenergized:
        shown = ", ".join(deenergized[:10]) + (" ..." if len(deenergized) > 10 else "")
        notes.append(f"{len(deenergized)} bus(es) have no path to a voltage source and are de-energized: {shown}")
    # Buses with no source connection are de-energized; a source at a bus on its own stays.
    bus_type[(bus_type == PV) & (island < 0)] = NONE

    return CompiledNetwork(
        net=net, base_mva=base, bus_ids=bus_ids, bus_index=bus_index, vn_kv=vn, bus_type=bus_type,
        vm_set=vm_set, va_set_rad=va_set, s_const=s_const, s_current=s_current, s_impedance=s_impedance,
        y_shunt=y_shunt, island=island, branches=branches, units=units, load_element_ids=load_ids,
        load_bus=np.array(load_bus, dtype=np.int64), internal_bus=np.array(internal, dtype=bool),
        deenergized_bus_ids=deenergized, notes=notes, open_branches=open_branches,
    )


def with_unit_p(cn: CompiledNetwork, p_pu: np.ndarray) -> CompiledNetwork:
    """The same network with the units' active set points replaced (distributed slack moves
    them); the specified bus injections follow. Ybus and the solver workspaces are shared."""
    units = replace(cn.units, p_pu=np.asarray(p_pu, dtype=float))
    delta = units.fixed_injection().real - cn.units.fixed_injection().real
    return replace(cn, units=units, s_const=cn.s_const + np.bincount(units.bus, weights=delta, minlength=cn.n_bus))


def with_slack(cn: CompiledNetwork, bus_id: str) -> CompiledNetwork:
    """The same network with `bus_id` as its island's reference bus (angle reference and slack).

    The island's former reference units keep their scheduled P and hold voltage as PV units. A bus
    without a voltage-controlling unit (generator or external grid) may be the slack too, as
    OpenLoadFlow allows: it is then the angle reference and takes the active-power balance (shown as
    its injection; no unit delivers it) while its voltage is free and its Q is its load's
    (powerflow.driver solves it so, with Newton-Raphson).
    """
    k = cn.bus_index.get(bus_id)
    if k is None:
        raise InvalidNetworkError(f"slack bus '{bus_id}' is not an in-service bus of the network", element_id=bus_id,
                                  field="slack_bus")
    u = cn.units
    at_k = (u.bus == k) & u.controls_voltage
    if cn.island[k] < 0:
        raise InvalidNetworkError(f"slack bus '{bus_id}' is de-energized", element_id=bus_id, field="slack_bus")
    same_island = cn.island[u.bus] == cn.island[k]
    reference = np.where(same_island, at_k, u.reference)
    units = replace(u, reference=reference)
    bus_type = cn.bus_type.copy()
    old = np.flatnonzero((bus_type == REF) & (cn.island == cn.island[k]))
    bus_type[old] = PV
    bus_type[k] = REF
    va_set = cn.va_set_rad.copy()
    va_set[k] = va_set[old[0]] if len(old) else 0.0
    delta = units.fixed_injection() - u.fixed_injection()
    s_const = cn.s_const + np.bincount(u.bus, weights=delta.real, minlength=cn.n_bus) \
        + 1j * np.bincount(u.bus, weights=delta.imag, minlength=cn.n_bus)
    notes = [*cn.notes, f"slack bus '{bus_id}' chosen by the user"]
    vm_set = cn.vm_set
    if not np.any(at_k):
        notes.append(f"slack bus '{bus_id}' has no unit holding its voltage: it is the angle reference and takes "
                     "the active-power balance as its injection, its voltage is solved (its Q is its load's)")
        vm_set = vm_set.copy()
        vm_set[k] = 1.0  # the start value of its |V|, which the solution frees
    return replace(cn, units=units, bus_type=bus_type, va_set_rad=va_set, vm_set=vm_set, s_const=s_const,
                   notes=notes, solver_cache={})
