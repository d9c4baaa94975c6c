"""Compile a Feeder into numbered nodes, element primitives and the sparse nodal matrix.

Node numbering follows first appearance (sources, lines, transformers, capacitors, loads), like
OpenDSS's bus list. Ground (node 0) is not an unknown: its rows and columns are dropped. Lines
of equal phase count are inverted as one batch; the nodal matrix is assembled from COO triplets
of all primitives at once. Transformers that a regulator controls keep their own primitive so a
tap change rebuilds only them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.sparse import csgraph

from ..errors import InvalidNetworkError
from . import elements as el
from . import linecon
from .model import Feeder, Line, Terminal


@dataclass
class Prim:
    """One element's primitive admittance over its conductors (terminal after terminal)."""

    kind: str
    id: str
    nodes: np.ndarray  # global node index per conductor; -1 = ground
    y: np.ndarray
    terminals: list[Terminal]


@dataclass
class LoadTable:
    """One row per load phase element (a wye phase or a delta leg), struct-of-arrays."""

    load: np.ndarray  # index into feeder.loads
    p: np.ndarray  # node index of the + end (n_nodes = ground)
    q: np.ndarray  # node index of the - end
    s_va: np.ndarray  # nominal complex power per element, VA
    vbase_v: np.ndarray
    model: np.ndarray
    vmin: np.ndarray
    vmax: np.ndarray
    vlow: np.ndarray
    cvr_w: np.ndarray
    cvr_q: np.ndarray


@dataclass
class System:
    feeder: Feeder
    node_bus: list[str]
    node_num: list[int]
    index: dict[tuple[str, int], int]
    prims: list[Prim]
    loads: LoadTable
    source_prims: list[int]
    source_emf: list[np.ndarray]
    tr_prim: dict[str, int] = field(default_factory=dict)
    taps: dict[str, np.ndarray] = field(default_factory=dict)
    changed: set[int] = field(default_factory=set)  # primitives whose values changed since the last solve
    _lookup: dict[str, dict] = field(default_factory=dict)
    _tr_parts: dict[str, tuple] = field(default_factory=dict)

    def by_id(self, kind: str) -> dict:
        """The feeder's elements of one kind by id, built once."""
        if kind not in self._lookup:
            self._lookup[kind] = self.feeder.by_id(kind)
        return self._lookup[kind]

    @property
    def n(self) -> int:
        return len(self.node_bus)

    def ybus(self) -> sp.csr_matrix:
        """Nodal matrix of all primitives (ground rows/columns dropped)."""
        rows, cols, vals = [], [], []
        for members, nodes in prim_groups(self.prims):
            k = nodes.shape[1]
            r, c = np.repeat(nodes, k, axis=1).ravel(), np.tile(nodes, (1, k)).ravel()
            y = np.stack([self.prims[i].y for i in members]).ravel()
            keep = (r >= 0) & (c >= 0)
            rows.append(r[keep])
            cols.append(c[keep])
            vals.append(y[keep])
        return sp.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                             shape=(self.n, self.n))

    def source_current(self) -> np.ndarray:
        """Norton injections of the sources: Ysrc E into bus1 nodes, -Ysrc E into bus2 nodes."""
        inj = np.zeros(self.n + 1, complex)
        for k, emf in zip(self.source_prims, self.source_emf, strict=True):
            pr = self.prims[k]
            m = len(emf)
            i = pr.y[:m, :m] @ emf
            np.add.at(inj, np.where(pr.nodes >= 0, pr.nodes, self.n), np.concatenate([i, -i]))
        return inj[:-1]

    def set_taps(self, transformer_id: str, taps: np.ndarray) -> None:
        k = self.tr_prim[transformer_id]
        tr = self.by_id("transformers")[transformer_id]
        if transformer_id not in self._tr_parts:
            self._tr_parts[transformer_id] = el.transformer_parts(tr)
        self.prims[k].y = el.transformer_prim(tr, taps, self._tr_parts[transformer_id])
        self.taps[transformer_id] = np.asarray(taps, float)
        self.changed.add(k)


def prim_groups(prims: list[Prim]) -> list[tuple[np.ndarray, np.ndarray]]:
    """(member indices, node matrix (m, k)) for each primitive size k: the unit of vectorized work."""
    sizes = np.array([len(pr.nodes) for pr in prims])
    return [(members, np.stack([prims[i].nodes for i in members]))
            for members in (np.flatnonzero(sizes == k) for k in np.unique(sizes))]


class _Nodes:
    def __init__(self) -> None:
        self.bus: list[str] = []
        self.num: list[int] = []
        self.index: dict[tuple[str, int], int] = {}

    def of(self, t: Terminal) -> list[int]:
        out = []
        for node in t.nodes:
            if node == 0:
                out.append(-1)
                continue
            key = (t.bus, node)
            if key not in self.index:
                self.index[key] = len(self.bus)
                self.bus.append(t.bus)
                self.num.append(node)
            out.append(self.index[key])
        return out


def _missing(kind: str, name: str, owner: str, fieldname: str) -> InvalidNetworkError:
    return InvalidNetworkError(f"unknown {kind} '{name}'", element_id=owner, field=fieldname)


def _conductor_data(feeder: Feeder, line: Line):
    """(x, h, gmr, radius, r_ac) in meters / ohm per meter and n_phases for a geometry/spacing line."""
    wires = feeder.by_id("wire_data")
    if line.geometry:
        geo = feeder.by_id("line_geometries").get(line.geometry)
        if geo is None:
            raise _missing("line geometry", line.geometry, line.id, "geometry")
        names, spacing, reduce = geo.wires, geo, geo.reduce
    else:
        spacing = feeder.by_id("line_spacings").get(str(line.spacing))
        if spacing is None:
            raise _missing("line spacing", str(line.spacing), line.id, "spacing")
        names, reduce = line.wires or [], True
        if len(names) != spacing.n_conds:
            raise InvalidNetworkError(f"spacing '{spacing.id}' has {spacing.n_conds} conductors, "
                                      f"{len(names)} wires given", element_id=line.id, field="wires")
    ws = []
    for name in names:
        if name not in wires:
            raise _missing("wire", name, line.id, "wires")
        ws.append(wires[name])
    unit = linecon.METERS[spacing.units]
    return dict(
        x_m=np.array(spacing.x) * unit, h_m=np.array(spacing.h) * unit,
        gmr_m=np.array([w.gmr * linecon.METERS[w.gmr_units] for w in ws]),
        radius_m=np.array([w.radius * linecon.METERS[w.radius_units] for w in ws]),
        r_ac_ohm_m=np.array([w.r_ac_ohm_per_unit / linecon.METERS[w.r_units] for w in ws]),
        n_phases=spacing.n_phases, reduce=reduce), spacing.units


def _code_matrices(feeder: Feeder, line: Line, cache: dict) -> tuple[np.ndarray, np.ndarray]:
    """Z and Yc of a line from its line code (per code unit, scaled to the line's length)."""
    if "codes" not in cache:
        cache["codes"] = feeder.by_id("line_codes")
    code = cache["codes"].get(line.line_code)
    if code is None:
        raise _missing("line code", str(line.line_code), line.id, "line_code")
    if code.n_phases != line.n_phases:
        raise InvalidNetworkError(f"line code '{code.id}' has {code.n_phases} phases, the line {line.n_phases}",
                                  element_id=line.id, field="n_phases")
    key = ("code", code.id)
    if key not in cache:
        if code.r_matrix_ohm is not None:
            z = np.array(code.r_matrix_ohm) + 1j * np.array(code.x_matrix_ohm)
            _, yc = linecon.sequence_matrices(code.n_phases, 0, 0, 0, 0, code.c1_nf, code.c0_nf, code.base_freq_hz)
            if code.c_matrix_nf is not None:
                yc = 1j * 2 * math.pi * code.base_freq_hz * np.array(code.c_matrix_nf) * 1e-9
        else:
            one = line.n_phases == 1
            r0, x0, c0 = (code.r1_ohm, code.x1_ohm, code.c1_nf) if one else (code.r0_ohm, code.x0_ohm, code.c0_nf)
            z, yc = linecon.sequence_matrices(line.n_phases, code.r1_ohm, code.x1_ohm, r0, x0, code.c1_nf, c0,
                                              feeder.base_frequency_hz)
        cache[key] = (z, yc)
    z, yc = cache[key]
    mult = line.length / linecon.length_factor(code.units, line.length_units)
    return z * mult, yc * mult


def line_matrices(feeder: Feeder, line: Line, cache: dict) -> tuple[np.ndarray, np.ndarray]:
    """Total series Z (ohm) and total shunt Yc (S) of a line."""
    f = feeder.base_frequency_hz
    if line.line_code:
        return _code_matrices(feeder, line, cache)
    if line.geometry or line.spacing:
        data, units = _conductor_data(feeder, line)
        key = ("geo", line.geometry, line.spacing, tuple(line.wires or ()), line.earth_model, line.rho_ohm_m)
        if key not in cache:
            try:
                cache[key] = linecon.geometry_matrices(**data, freq_hz=f, rho_ohm_m=line.rho_ohm_m,
                                                       earth_model=line.earth_model)
            except (ValueError, np.linalg.LinAlgError) as exc:
                raise InvalidNetworkError(str(exc), element_id=line.id, field="geometry") from None
        z, yc = cache[key]
        if z.shape[0] != line.n_phases:
            raise InvalidNetworkError(f"geometry gives {z.shape[0]} phases, the line has {line.n_phases}",
                                      element_id=line.id, field="n_phases")
        meters = line.length * linecon.METERS[units if line.length_units == "none" else line.length_units]
        return z * meters, yc * meters
    if line.r_matrix_ohm is not None:
        z = (np.array(line.r_matrix_ohm) + 1j * np.array(line.x_matrix_ohm)) * line.length
        c = np.array(line.c_matrix_nf) if line.c_matrix_nf is not None else np.zeros_like(z.real)
        return z, 1j * 2 * math.pi * f * c * 1e-9 * line.length
    one = line.n_phases == 1  # OpenDSS: a 1-phase line's zero sequence is its positive sequence
    r0, x0, c0 = (line.r1_ohm, line.x1_ohm, line.c1_nf) if one else (line.r0_ohm, line.x0_ohm, line.c0_nf)
    z, yc = linecon.sequence_matrices(line.n_phases, line.r1_ohm, line.x1_ohm, r0, x0, line.c1_nf, c0, f)
    return z * line.length, yc * line.length


def _line_prims(feeder: Feeder, nodes: _Nodes) -> list[Prim]:
    cache: dict = {}
    groups: dict[int, list[tuple[Line, np.ndarray, np.ndarray, list[int]]]] = {}
    for line in feeder.lines:
        if not line.enabled:
            continue
        z, yc = line_matrices(feeder, line, cache)
        idx = nodes.of(line.bus1) + nodes.of(line.bus2)
        groups.setdefault(line.n_phases, []).append((line, z, yc, idx))
    out = []
    for items in groups.values():
        z = np.stack([it[1] for it in items])
        yc = np.stack([it[2] for it in items])
        try:
            ys = np.linalg.inv(z)
        except np.linalg.LinAlgError:
            for it in items:
                if abs(np.linalg.det(it[1])) == 0:
                    raise InvalidNetworkError("series impedance matrix is singular", element_id=it[0].id,
                                              field="line_code") from None
            raise
        prim = el.series_shunt_prim(ys, yc / 2)
        out += [Prim("line", it[0].id, np.array(it[3]), prim[k], [it[0].bus1, it[0].bus2])
                for k, it in enumerate(items)]
    return out


def _load_table(feeder: Feeder, nodes: _Nodes) -> list[tuple]:
    rows: list[tuple] = []
    mult = feeder.settings.load_mult
    for k, ld in enumerate(feeder.loads):
        if not ld.enabled:
            continue
        idx = nodes.of(ld.terminal)
        nph = ld.n_phases
        if ld.conn == "delta":
            vbase = ld.kv * 1000
            nc = len(idx)
            pairs = [(idx[i], idx[(i + 1) % nc]) for i in range(nph)]
        else:
            vbase = ld.kv * 1000 / (el.SQRT3 if nph in (2, 3) else 1)
            pairs = [(idx[i], idx[-1]) for i in range(nph)]
        s = complex(ld.kw, ld.kvar) * 1000 * mult / nph
        for p, q in pairs:
            rows.append((k, p, q, s, vbase, ld.model, ld.vmin_pu, ld.vmax_pu, ld.vlow_pu, ld.cvr_watts, ld.cvr_vars))
    return rows


def _loads(rows: list[tuple], n: int) -> LoadTable:
    cols: list[Any] = list(zip(*rows, strict=True)) if rows else [[] for _ in range(11)]
    ground = lambda a: np.where(np.array(a, int) < 0, n, np.array(a, int))  # noqa: E731
    vmin, vmax, vlow, cvr_w, cvr_q = (np.array(c, float) for c in cols[6:])
    return LoadTable(np.array(cols[0], int), ground(cols[1]), ground(cols[2]), np.array(cols[3], complex),
                     np.array(cols[4], float), np.array(cols[5], int), vmin, vmax, vlow, cvr_w, cvr_q)


def _display_order(nodes: _Nodes, prims: list[Prim], rows: list[tuple], bus_order: list[str]) -> None:
    """Renumber the nodes so that buses come in the feeder's display order (OpenDSS's bus list)."""
    rank = {b: k for k, b in enumerate(bus_order)}
    n = len(nodes.bus)
    perm = sorted(range(n), key=lambda i: (rank.get(nodes.bus[i], n), i))
    new = np.empty(n, int)
    new[perm] = np.arange(n)
    for pr in prims:
        pr.nodes = np.where(pr.nodes >= 0, new[np.maximum(pr.nodes, 0)], -1)
    for k, row in enumerate(rows):
        rows[k] = (row[0], new[row[1]] if row[1] >= 0 else -1, new[row[2]] if row[2] >= 0 else -1) + row[3:]
    nodes.bus = [nodes.bus[i] for i in perm]
    nodes.num = [nodes.num[i] for i in perm]
    nodes.index = {(b, m): i for i, (b, m) in enumerate(zip(nodes.bus, nodes.num, strict=True))}


def compile_feeder(feeder: Feeder) -> System:
    """Number the nodes, build every primitive and check that each node can reach a source."""
    nodes = _Nodes()
    prims: list[Prim] = []
    emfs: list[np.ndarray] = []
    for src in feeder.sources:
        if not src.enabled:
            continue
        z, emf = el.source_model(src)
        neutral = src.neutral or Terminal(bus=src.terminal.bus, nodes=[0] * len(src.terminal.nodes))
        idx = nodes.of(src.terminal) + nodes.of(neutral)
        m = len(emf)
        prims.append(Prim("source", src.id, np.array(idx), el.series_shunt_prim(np.linalg.inv(z)[None],
                                                                               np.zeros((1, m, m)))[0],
                          [src.terminal, neutral]))
        emfs.append(emf)
    source_prims = list(range(len(prims)))
    prims += _line_prims(feeder, nodes)
    tr_prim = {}
    for tr in feeder.transformers:
        if not tr.enabled:
            continue
        idx = sum((nodes.of(w.terminal) for w in tr.windings), [])
        try:
            y = el.transformer_prim(tr)
        except np.linalg.LinAlgError:
            raise InvalidNetworkError("singular transformer bank: the winding impedance matrix cannot be inverted "
                                      "(zero leakage reactance and resistance?)", element_id=tr.id,
                                      field="xsc_percent") from None
        tr_prim[tr.id] = len(prims)
        prims.append(Prim("transformer", tr.id, np.array(idx), y, [w.terminal for w in tr.windings]))
    for cap in feeder.capacitors:
        if not cap.enabled:
            continue
        if cap.conn == "wye":
            bus2 = cap.bus2 or Terminal(bus=cap.bus1.bus, nodes=[0] * cap.n_phases)
            idx, terms = nodes.of(cap.bus1) + nodes.of(bus2), [cap.bus1, bus2]
        else:
            idx, terms = nodes.of(cap.bus1), [cap.bus1]
        prims.append(Prim("capacitor", cap.id, np.array(idx), el.capacitor_prim(cap, cap.closed), terms))
    rows = _load_table(feeder, nodes)
    if feeder.bus_order:
        _display_order(nodes, prims, rows, feeder.bus_order)
    taps = {t.id: np.array([w.tap_pu for w in t.windings]) for t in feeder.transformers if t.id in tr_prim}
    system = System(feeder, nodes.bus, nodes.num, nodes.index, prims, _loads(rows, len(nodes.bus)),
                    source_prims, emfs, tr_prim, taps)
    _check_connected(system)
    _check_floating(system)
    return system


def _check_connected(system: System) -> None:
    """Every node must couple to a source node through some element; else name the isolated node."""
    y = system.ybus()
    n = system.n
    if n == 0:
        raise InvalidNetworkError("the feeder has no energized node")
    _, label = csgraph.connected_components(abs(y) > 0, directed=False)
    fed = np.zeros(label.max() + 1, bool)
    fed[[label[i] for k in system.source_prims for i in system.prims[k].nodes if i >= 0]] = True
    bad = np.flatnonzero(~fed[label]).tolist()
    if bad:
        names = ", ".join(f"{system.node_bus[i]}.{system.node_num[i]}" for i in bad[:5])
        raise InvalidNetworkError(f"isolated phase: node(s) {names} have no path to a source",
                                  element_id=system.node_bus[bad[0]], field="nodes")


def _galvanic(system: System) -> tuple[np.ndarray, np.ndarray]:
    """Conductive connections between nodes (not magnetic coupling), and the nodes tied to ground."""
    pairs, grounded = [], []
    kinds = np.array([pr.kind for pr in system.prims])
    two_ended = (kinds == "line") | (kinds == "source") | np.array(
        [pr.kind == "capacitor" and len(pr.terminals) == 2 for pr in system.prims])
    for members, nodes in prim_groups(system.prims):
        sel = two_ended[members]
        if sel.any():
            half = nodes.shape[1] // 2
            pairs.append(np.stack([nodes[sel, :half].ravel(), nodes[sel, half:].ravel()], axis=1))
            y = np.stack([system.prims[i].y for i in members[sel]])
            shunt = np.abs(y[:, :, :half] + y[:, :, half:]).max(axis=(1, 2)) > 0  # pi-section's Yc/2
            shunt &= kinds[members[sel]] == "line"
            grounded.append(nodes[sel][shunt].ravel())
    for pr in system.prims:
        if pr.kind == "capacitor" and len(pr.terminals) == 1:  # delta: between its phases
            pairs.append(np.stack([pr.nodes, np.roll(pr.nodes, -1)], axis=1))
        elif pr.kind == "transformer":  # each winding's two ends; the antifloat admittance grounds all
            tr = system.by_id("transformers")[pr.id]
            pairs.append(pr.nodes[el.term_ref(tr).reshape(-1, 2)])
            if tr.ppm_antifloat > 0:
                grounded.append(pr.nodes)
    t = system.loads
    pairs.append(np.stack([np.where(t.p < system.n, t.p, -1), np.where(t.q < system.n, t.q, -1)], axis=1))
    pairs_all = np.concatenate(pairs) if pairs else np.zeros((0, 2), int)
    a, b = pairs_all[:, 0], pairs_all[:, 1]
    grounded.append(np.where(a < 0, b, np.where(b < 0, a, -1)))  # an end on ground
    both = (a >= 0) & (b >= 0)
    ground = np.concatenate(grounded) if grounded else np.zeros(0, int)
    return pairs_all[both], np.unique(ground[ground >= 0])


def _check_floating(system: System) -> None:
    """A group of nodes with no conductive path to ground has no defined voltage to ground."""
    edges, grounded = _galvanic(system)
    n = system.n
    graph = sp.csr_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n, n))
    _, label = csgraph.connected_components(graph, directed=False)
    ok = np.zeros(label.max() + 1 if n else 0, bool)
    ok[label[grounded]] = True
    bad = np.flatnonzero(~ok[label]).tolist()
    if bad:
        names = ", ".join(f"{system.node_bus[i]}.{system.node_num[i]}" for i in bad[:5])
        raise InvalidNetworkError(f"floating section: node(s) {names} have no conductive path to ground (an "
                                  "ungrounded delta or open neutral with ppm_antifloat=0?)",
                                  element_id=system.node_bus[bad[0]], field="nodes")
