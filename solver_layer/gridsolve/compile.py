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
    impedance_two_ports,
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
    # per network bus (the network's order): its compiled bus, -1 if it is out of service
    network_bus_index: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

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


# Every step below reads the network's element lists through `Network.column`: the columns of a list an importer
# gave as a table (a MATPOWER case: no per-element object is built on this path), or the elements' fields.


@dataclass
class _Buses:
    """The compiled buses being built: ids, network id -> compiled index, nominal kV, star-point flags."""

    ids: list[str]
    index: dict[str, int]
    vn_kv: list[float]
    internal: list[bool]
    in_service: set[str]  # in-service network bus ids
    all_kv: dict[str, float]  # every network bus id -> its nominal kV
    of_row: np.ndarray  # per network bus (network order): its compiled index, -1 if out of service


def _fused_buses(net: Network) -> _Buses:
    """1. In-service buses, those joined by closed bus-bus switches fused (the group takes its first bus's id)."""
    ids_all = net.column("buses", "id")
    kv_all = np.asarray(net.column("buses", "vn_kv"), dtype=float)
    live = np.flatnonzero(np.asarray(net.column("buses", "in_service"), dtype=bool))
    ids = [ids_all[k] for k in live.tolist()]
    kv = kv_all[live]
    pos = {b: i for i, b in enumerate(ids)}
    uf = _UnionFind(len(ids))
    joined = False
    for sw in net.switches:
        if sw.in_service and sw.et == "bus" and sw.closed and sw.bus in pos and sw.element in pos:
            uf.union(pos[sw.bus], pos[sw.element])
            joined = True
    all_kv = dict(zip(ids_all, kv_all.tolist(), strict=True))
    of_row = np.full(len(ids_all), -1, dtype=np.int64)
    if not joined:
        of_row[live] = np.arange(len(live))
        return _Buses(ids, pos, kv.tolist(), [False] * len(ids), set(ids), all_kv, of_row)
    root = np.array([uf.find(i) for i in range(len(ids))], dtype=np.int64)
    roots = np.unique(root)
    compiled = np.searchsorted(roots, root)
    bad = np.flatnonzero(kv != kv[root])
    if len(bad):
        k = int(bad[0])
        raise InvalidNetworkError(
            f"a closed switch joins buses of different nominal voltage ({kv[k]} kV and {kv[root[k]]} kV)",
            element_id=ids[k], field="vn_kv")
    of_row[live] = compiled
    return _Buses([ids[r] for r in roots.tolist()], dict(zip(ids, compiled.tolist(), strict=True)),
                  kv[roots].tolist(), [False] * len(roots), set(ids), all_kv, of_row)


class _BranchRows:
    """2. The scalar-built branch two-ports, and the shunts that branches open at one end become."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, int, int, TwoPort, float, float, int]] = []
        self.shunt_extra: dict[int, complex] = {}
        self.open_branches: list[OpenEndBranch] = []

    def add(self, eid: str, kind: str, fb: int, tb: int, tp: TwoPort, rating: float, imax: float, f_open: bool,
            t_open: bool, ends: tuple[str, str], pos: int) -> None:
        """`ends` are the network bus ids at the from and to end (reported for open-ended branches);
        `pos` is the element's position in its network list."""
        if f_open and t_open:
            return
        if f_open or t_open:  # connected at one end only: the branch is a shunt there
            live_bus = tb if f_open else fb
            y_eq = tp.ytt - tp.ytf * tp.yft / tp.yff if f_open else tp.yff - tp.yft * tp.ytf / tp.ytt
            self.shunt_extra[live_bus] = self.shunt_extra.get(live_bus, 0) + y_eq
            self.open_branches.append(OpenEndBranch(eid, kind, live_bus, ends[0], ends[1], not f_open, y_eq, rating,
                                                    imax, pos))
            return
        self.rows.append((eid, kind, fb, tb, tp, rating, imax, pos))


def _add_lines(net: Network, bs: _Buses, open_ends: set, acc: _BranchRows) -> None:
    base = net.base_mva
    for pos, ln in enumerate(net.lines):
        f_live, t_live = ln.from_bus in bs.in_service, ln.to_bus in bs.in_service
        # A line with one out-of-service end bus stays energized from the other end, open at the
        # dead one (pandapower's _branches_with_oos_buses); with both ends dead it is dropped.
        if not (ln.in_service and (f_live or t_live)):
            continue
        f = bs.index[ln.from_bus] if f_live else -1
        t = bs.index[ln.to_bus] if t_live else -1
        f_kv = bs.all_kv[ln.from_bus]
        tp = line_two_port(ln, f_kv, base, net.f_hz)
        imax = ln.max_i_ka * ln.parallel if ln.max_i_ka else np.nan
        rating = ln.rating_mva * ln.parallel if ln.rating_mva else (
            np.sqrt(3) * f_kv * imax if ln.max_i_ka else np.nan)
        acc.add(ln.id, "line", f, t, tp, rating, imax,
                not f_live or (ln.id, ln.from_bus) in open_ends, not t_live or (ln.id, ln.to_bus) in open_ends,
                (ln.from_bus, ln.to_bus), pos)


def _add_transformers(net: Network, bs: _Buses, open_ends: set, acc: _BranchRows, trafo_model: str) -> None:
    base, live, vn_kv = net.base_mva, bs.in_service, bs.vn_kv
    for pos, tr in enumerate(net.transformers):
        if not (tr.in_service and tr.hv_bus in live and tr.lv_bus in live):
            continue
        f, t = bs.index[tr.hv_bus], bs.index[tr.lv_bus]
        tp = two_winding_two_port(tr, vn_kv[f], vn_kv[t], base, model=trafo_model)
        rating = tr.sn_mva * tr.parallel * tr.max_loading_percent / 100
        acc.add(tr.id, "transformer", f, t, tp, rating, np.nan,
                (tr.id, tr.hv_bus) in open_ends, (tr.id, tr.lv_bus) in open_ends, (tr.hv_bus, tr.lv_bus), pos)
    for pos, t3 in enumerate(net.transformers3w):
        if not (t3.in_service and all(b in live for b in (t3.hv_bus, t3.mv_bus, t3.lv_bus))):
            continue
        h, m, l_ = bs.index[t3.hv_bus], bs.index[t3.mv_bus], bs.index[t3.lv_bus]
        star = len(bs.ids)
        star_id = f"{t3.id}#star"
        bs.ids.append(star_id)
        vn_kv.append(vn_kv[h])  # the star point's base is the HV bus's nominal voltage (pandapower)
        bs.internal.append(True)
        bs.index[star_id] = star
        hv, mv, lv = three_winding_two_ports(t3, (vn_kv[h], vn_kv[m], vn_kv[l_]), base)
        rating = t3.max_loading_percent / 100
        acc.add(t3.id, "transformer3w_hv", h, star, hv, t3.sn_hv_mva * rating, np.nan,
                (t3.id, t3.hv_bus) in open_ends, False, (t3.hv_bus, star_id), pos)
        acc.add(t3.id, "transformer3w_mv", star, m, mv, t3.sn_mv_mva * rating, np.nan,
                False, (t3.id, t3.mv_bus) in open_ends, (star_id, t3.mv_bus), pos)
        acc.add(t3.id, "transformer3w_lv", star, l_, lv, t3.sn_lv_mva * rating, np.nan,
                False, (t3.id, t3.lv_bus) in open_ends, (star_id, t3.lv_bus), pos)


def _compiled_bus(net: Network, list_name: str, field: str, bs: _Buses) -> np.ndarray:
    """Each element's compiled bus for bus field `field`, -1 where that bus is out of service: by position where
    the list and the buses are an importer's tables (`Network.bus_rows`), else by id."""
    rows = net.bus_rows(list_name, field)
    if rows is not None:
        return bs.of_row[rows]
    index = bs.index
    return np.array([index.get(b, -1) if b in bs.in_service else -1 for b in net.column(list_name, field)],
                    dtype=np.int64)


def _impedance_branches(net: Network, bs: _Buses, open_ends: set, acc: _BranchRows) -> np.ndarray:
    """Impedance branches (imported transmission cases, tens of thousands of rows) as arrays: the positions in
    net.impedance_branches of those built in bulk. Branches with an open end take the scalar path, so they are
    reported the same way as other branches."""
    n = net.count("impedance_branches")
    if not n:
        return np.zeros(0, dtype=np.int64)
    on = np.asarray(net.column("impedance_branches", "in_service"), dtype=bool)
    keep = on & (_compiled_bus(net, "impedance_branches", "from_bus", bs) >= 0) & (
        _compiled_bus(net, "impedance_branches", "to_bus", bs) >= 0)
    if open_ends:
        ids, fb, tb = (net.column("impedance_branches", c) for c in ("id", "from_bus", "to_bus"))
        ends = [(ids[k], fb[k]) in open_ends or (ids[k], tb[k]) in open_ends for k in range(n)]
        scalar = keep & np.array(ends, dtype=bool)
        for pos in np.flatnonzero(scalar).tolist():
            br = net.impedance_branches[pos]
            acc.add(br.id, "impedance_branch", bs.index[br.from_bus], bs.index[br.to_bus],
                    impedance_branch_two_port(br), br.rate_a_mva if br.rate_a_mva > 0 else np.nan, np.nan,
                    (br.id, br.from_bus) in open_ends, (br.id, br.to_bus) in open_ends, (br.from_bus, br.to_bus),
                    pos)
        keep &= ~scalar
    return np.flatnonzero(keep)


_IMPEDANCE_COLUMNS = ("r_pu", "x_pu", "b_pu", "g_mag_pu", "b_mag_pu", "tap_ratio", "shift_degree")


def _branch_table(net: Network, rows: list, bulk: np.ndarray, bs: _Buses) -> BranchTable:
    """The BranchTable: the scalar-built rows, then the bulk impedance branches (`bulk`: their positions in
    net.impedance_branches) as arrays."""
    def col(name: str) -> np.ndarray:
        values = net.column("impedance_branches", name)
        if isinstance(values, np.ndarray):
            return values[bulk]
        return np.array([values[k] for k in bulk.tolist()])

    def ids(name: str) -> list[str]:
        values = net.column("impedance_branches", name)
        return [values[k] for k in bulk.tolist()]

    element_ids = ids("id")
    two_port = impedance_two_ports(*(col(c) for c in _IMPEDANCE_COLUMNS), ids=element_ids)
    rate = col("rate_a_mva").astype(float)
    nb = len(bulk)
    return BranchTable(
        element_id=[r[0] for r in rows] + element_ids,
        kind=[r[1] for r in rows] + ["impedance_branch"] * nb,
        f=np.r_[np.array([r[2] for r in rows], dtype=np.int64),
                _compiled_bus(net, "impedance_branches", "from_bus", bs)[bulk]],
        t=np.r_[np.array([r[3] for r in rows], dtype=np.int64),
                _compiled_bus(net, "impedance_branches", "to_bus", bs)[bulk]],
        yff=np.r_[np.array([r[4].yff for r in rows], dtype=complex), two_port.yff],
        yft=np.r_[np.array([r[4].yft for r in rows], dtype=complex), two_port.yft],
        ytf=np.r_[np.array([r[4].ytf for r in rows], dtype=complex), two_port.ytf],
        ytt=np.r_[np.array([r[4].ytt for r in rows], dtype=complex), two_port.ytt],
        tap=np.r_[np.array([r[4].tap for r in rows], dtype=complex), two_port.tap],
        rating_mva=np.r_[np.array([r[5] for r in rows], dtype=float), np.where(rate > 0, rate, np.nan)],
        max_i_ka=np.r_[np.array([r[6] for r in rows], dtype=float), np.full(nb, np.nan)],
        element_pos=np.r_[np.array([r[7] for r in rows], dtype=np.int64), bulk.astype(np.int64)],
    )


def _selected(net: Network, list_name: str, bs: _Buses) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the in-service elements of `list_name` at in-service buses, and their compiled buses."""
    bus = _compiled_bus(net, list_name, "bus", bs)
    at = np.flatnonzero(np.asarray(net.column(list_name, "in_service"), dtype=bool) & (bus >= 0))
    return at, bus[at]


def _floats(net: Network, list_name: str, name: str, at: np.ndarray) -> np.ndarray:
    return np.asarray(net.column(list_name, name), dtype=float)[at] if len(at) else np.zeros(0)


def _complex(re: np.ndarray, im: np.ndarray) -> np.ndarray:
    out = np.empty(len(re), dtype=complex)
    out.real, out.imag = re, im
    return out


def _bus_shunts(net: Network, bs: _Buses, vn: np.ndarray, shunt_extra: dict[int, complex]) -> np.ndarray:
    """3a. Bus shunt admittances, pu: open-ended branches, then shunt elements in their order."""
    y_shunt = np.zeros(len(vn), dtype=complex)
    for b, y in shunt_extra.items():
        y_shunt[b] += y
    base = net.base_mva
    if any(v is not None for v in net.column("shunts", "vn_kv")):  # rated kV given: the scalar formula
        for sh in net.shunts:
            if sh.in_service and sh.bus in bs.in_service:
                b = bs.index[sh.bus]
                v_ratio = (vn[b] / sh.vn_kv) ** 2 if sh.vn_kv is not None and vn[b] > 0 else 1.0
                y_shunt[b] += np.conj(complex(sh.p_mw, sh.q_mvar) * sh.step * v_ratio / base)
        return y_shunt
    # complex(p, q) * step / base, component by component as CPython's complex arithmetic computes it
    at, bus = _selected(net, "shunts", bs)
    step = _floats(net, "shunts", "step", at)
    p, q = _floats(net, "shunts", "p_mw", at) * step / base, _floats(net, "shunts", "q_mvar", at) * step / base
    np.add.at(y_shunt, bus, _complex(p, -q))
    return y_shunt


def _loads(net: Network, bs: _Buses, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str], list[int]]:
    """3b. Loads (ZIP shares) and motors: the constant-power, -current and -impedance injections, pu at 1 pu."""
    base = net.base_mva
    at, bus = _selected(net, "loads", bs)
    scaling = _floats(net, "loads", "scaling", at)
    # complex(p, q) * scaling / base and its products with the real shares, component by component as CPython's
    # complex arithmetic computes them (a product with a real number is exact per component)
    p, q = _floats(net, "loads", "p_mw", at) * scaling / base, _floats(net, "loads", "q_mvar", at) * scaling / base
    z, i = _floats(net, "loads", "const_z_percent", at) / 100, _floats(net, "loads", "const_i_percent", at) / 100
    s_const, s_current, s_impedance = (np.zeros(n, dtype=complex) for _ in range(3))
    share = 1 - z - i
    np.subtract.at(s_const, bus, _complex(p * share, q * share))
    np.subtract.at(s_current, bus, _complex(p * i, q * i))
    np.subtract.at(s_impedance, bus, _complex(p * z, q * z))
    ids = net.column("loads", "id")
    load_ids, load_bus = [ids[k] for k in at.tolist()], bus.tolist()
    for mo in net.motors:  # asynchronous motors are constant-power loads in a power flow
        if mo.in_service and mo.bus in bs.in_service:
            b = bs.index[mo.bus]
            s_const[b] -= mo.demand_mva() / base
            load_ids.append(mo.id)
            load_bus.append(b)
    return s_const, s_current, s_impedance, load_ids, load_bus


def _limit(net: Network, name: str, at: np.ndarray, missing: float) -> np.ndarray:
    values = net.column("generators", name)
    if isinstance(values, np.ndarray):
        return values[at].astype(float)
    return np.array([missing if values[k] is None else values[k] for k in at.tolist()], dtype=float)


def _units(net: Network, bs: _Buses, n: int) -> tuple[UnitTable, np.ndarray]:
    """4. Units: external grids, then generators; the reference angles they set."""
    base = net.base_mva
    va_set = np.zeros(n)
    grids = [(pos, eg) for pos, eg in enumerate(net.external_grids) if eg.in_service and eg.bus in bs.in_service]
    g_bus_ids = [bs.index[eg.bus] for _, eg in grids]
    for (_, eg), b in zip(grids, g_bus_ids, strict=True):
        va_set[b] = np.deg2rad(eg.va_degree)
    at, bus = _selected(net, "generators", bs)
    scaling = _floats(net, "generators", "scaling", at)
    slack = np.asarray(net.column("generators", "slack"), dtype=bool)[at]
    vc = np.asarray(net.column("generators", "voltage_control"), dtype=bool)[at] | slack
    # A slack generator sets its bus's angle unless a reference unit before it (an external grid or an earlier
    # slack generator) is at the same bus.
    taken = set(g_bus_ids)
    va = net.column("generators", "va_degree")
    for k in np.flatnonzero(slack).tolist():
        b = int(bus[k])
        if b not in taken:
            va_set[b] = np.deg2rad(va[int(at[k])])
            taken.add(b)
    ids = net.column("generators", "id")
    ng = len(grids)
    units = UnitTable(
        element_id=[eg.id for _, eg in grids] + [ids[k] for k in at.tolist()],
        kind=["external_grid"] * ng + ["generator"] * len(at),
        bus=np.r_[np.array(g_bus_ids, dtype=np.int64), bus],
        p_pu=np.r_[np.zeros(ng), _floats(net, "generators", "p_mw", at) * scaling / base],
        q_pu=np.r_[np.zeros(ng), _floats(net, "generators", "q_mvar", at) * scaling / base],
        vm_set=np.r_[np.array([eg.vm_pu for _, eg in grids], dtype=float), _floats(net, "generators", "vm_pu", at)],
        reference=np.r_[np.ones(ng, dtype=bool), slack], controls_voltage=np.r_[np.ones(ng, dtype=bool), vc],
        q_min_pu=np.r_[np.full(ng, -np.inf), _limit(net, "min_q_mvar", at, -np.inf) / base],
        q_max_pu=np.r_[np.full(ng, np.inf), _limit(net, "max_q_mvar", at, np.inf) / base],
        element_pos=np.r_[np.array([pos for pos, _ in grids], dtype=np.int64), at.astype(np.int64)],
    )
    return units, va_set


def _bus_types(units: UnitTable, n: int) -> tuple[np.ndarray, np.ndarray]:
    """5. Bus types and voltage set points: REF where a reference unit is, else PV where a unit controls the
    voltage; the last controlling unit at a bus sets it, as MATPOWER."""
    bus_type = np.full(n, PQ, dtype=np.int8)
    vm_set = np.ones(n)
    control = np.flatnonzero(units.controls_voltage)[::-1]
    last = control[np.unique(units.bus[control], return_index=True)[1]]
    vm_set[units.bus[last]] = units.vm_set[last]
    bus_type[units.bus[control]] = PV
    bus_type[units.bus[units.reference]] = REF
    return bus_type, vm_set


@dataclass
class _Islands:
    island: np.ndarray
    deenergized: list[str]
    notes: list[str]


def _islands(net: Network, bs: _Buses, branches: BranchTable, units: UnitTable, bus_type: np.ndarray,
             s_const: np.ndarray) -> _Islands:
    """6. Islands: each needs a reference; otherwise the largest voltage-controlling unit becomes one; with none,
    the island is de-energized (bus_type, units.reference and s_const are updated in place)."""
    n = len(bs.ids)
    adjacency = sp.csr_matrix((np.ones(len(branches.f)), (branches.f, branches.t)), shape=(n, n))
    n_islands, labels = connected_components(adjacency, directed=False)
    island = labels.astype(np.int64)
    deenergized: list[str] = []
    notes: list[str] = []
    # Only islands without a reference need work; members grouped once (stable: ascending bus order).
    has_ref = np.bincount(labels, weights=(bus_type == REF).astype(float), minlength=n_islands) > 0
    by_island = np.argsort(labels, kind="stable")
    bounds = np.searchsorted(labels[by_island], np.arange(n_islands + 1))
    unit_island = labels[units.bus] if len(units.bus) else np.zeros(0, dtype=np.int64)
    max_p, sn, p_mw = (net.column("generators", c) for c in ("max_p_mw", "sn_mva", "p_mw"))

    def size(k: int) -> float:
        pos = int(units.element_pos[k])
        return max_p[pos] if max_p[pos] is not None else (sn[pos] or abs(p_mw[pos]))

    for isl in np.flatnonzero(~has_ref).tolist():
        members = by_island[bounds[isl]:bounds[isl + 1]]
        candidates = np.flatnonzero(units.controls_voltage & (unit_island == isl)).tolist()
        if candidates:
            best = max(candidates, key=size)
            b = units.bus[best]
            bus_type[b] = REF
            units.reference[best] = True
            s_const[b] -= units.p_pu[best]  # its P now comes from the solution
            notes.append(
                f"island with bus '{bs.ids[members[0]]}' ({len(members)} buses) has no external grid or "
                f"slack generator: generator '{units.element_id[best]}' at bus '{bs.ids[b]}' was chosen as reference"
            )
        else:
            bus_type[members] = NONE
            island[members] = -1
            deenergized.extend(bs.ids[m] for m in members if not bs.internal[m])
    if deenergized:
        shown = ", ".join(deenergized[:10]) + (" ..." if len(deenergized) > 10 else "")
        notes.append(f"{len(deenergized)} bus(es) have no path to a voltage source and are de-energized: {shown}")
    # Buses with no source connection are de-energized; a source at a bus on its own stays.
    bus_type[(bus_type == PV) & (island < 0)] = NONE
    return _Islands(island, deenergized, notes)


@bulk
def compile_network(net: Network, *, trafo_model: str = "t") -> CompiledNetwork:
    """Turn a validated Network into per-unit arrays. Raises InvalidNetworkError on bad data."""
    net.check_references()
    bs = _fused_buses(net)
    # Open branch-end switches: which (element, bus) ends are disconnected.
    open_ends = {(sw.element, sw.bus) for sw in net.switches if sw.in_service and sw.et != "bus" and not sw.closed}
    acc = _BranchRows()
    _add_lines(net, bs, open_ends, acc)
    _add_transformers(net, bs, open_ends, acc, trafo_model)
    bulk_rows = _impedance_branches(net, bs, open_ends, acc)
    n = len(bs.ids)
    vn = np.asarray(bs.vn_kv, dtype=float)
    branches = _branch_table(net, acc.rows, bulk_rows, bs)
    y_shunt = _bus_shunts(net, bs, vn, acc.shunt_extra)
    s_const, s_current, s_impedance, load_ids, load_bus = _loads(net, bs, n)
    units, va_set = _units(net, bs, n)
    np.add.at(s_const, units.bus, units.fixed_injection())
    bus_type, vm_set = _bus_types(units, n)
    isl = _islands(net, bs, branches, units, bus_type, s_const)
    return CompiledNetwork(
        net=net, base_mva=net.base_mva, bus_ids=bs.ids, bus_index=bs.index, vn_kv=vn, bus_type=bus_type,
        vm_set=vm_set, va_set_rad=va_set, s_const=s_const, s_current=s_current, s_impedance=s_impedance,
        y_shunt=y_shunt, island=isl.island, branches=branches, units=units, load_element_ids=load_ids,
        load_bus=np.array(load_bus, dtype=np.int64), internal_bus=np.array(bs.internal, dtype=bool),
        deenergized_bus_ids=isl.deenergized, notes=isl.notes, open_branches=acc.open_branches,
        network_bus_index=bs.of_row,
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
