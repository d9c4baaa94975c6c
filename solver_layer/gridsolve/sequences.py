"""Sequence networks of a compiled network (IEC 60909): the compile stage after `compile_network`.

`compile_network` decides which elements become which branch rows and buses (in service,
switches, open ends, 3-winding star points). This stage fills, for the same rows, the columns a
short-circuit study needs — the series impedance of the positive (short-circuit), negative and
zero sequence and of the peak-current network, and the bus shunts (sources, earthing paths) —
from the element models in `branch_models`. It reads each row's element through
`BranchTable.element_pos` / `UnitTable.element_pos`; matrices come from `compile.make_ybus`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import scipy.sparse as sp

from .branch_models import (
    SeriesZ,
    SourceImpedance,
    ZeroSequence,
    asynchronous_motor_sc,
    external_grid_sc,
    generator_sc,
    impedance_branch_sequences,
    line_sequences,
    motor_sc,
    open_end_admittance,
    static_generator_sc_current,
    three_winding_kt,
    three_winding_sc_series,
    three_winding_zero_sequence,
    transformer_kt,
    transformer_sc_series,
    transformer_zero_sequence,
)
from .compile import BranchTable, CompiledNetwork, make_ybus
from .model import Transformer
from .power_station_units import PowerStationUnit, power_station_units

NAN = complex(np.nan, np.nan)


@dataclass
class Shunts:
    """Admittances from a bus to earth in one sequence; `row`/`at_from` name the branch end whose
    current includes the shunt's (transformer earthing), row -1 for none."""

    element_id: list[str] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)
    bus: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    y: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=complex))
    row: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    at_from: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))

    @classmethod
    def from_records(cls, records: list[tuple[str, str, int, complex, int, bool]]) -> Shunts:
        return cls([r[0] for r in records], [r[1] for r in records], np.array([r[2] for r in records], dtype=np.int64),
                   np.array([r[3] for r in records], dtype=complex), np.array([r[4] for r in records], dtype=np.int64),
                   np.array([r[5] for r in records], dtype=bool))

    def select(self, keep: np.ndarray) -> Shunts:
        idx = np.flatnonzero(keep)
        return Shunts([self.element_id[i] for i in idx], [self.kind[i] for i in idx], self.bus[idx], self.y[idx],
                      self.row[idx], self.at_from[idx])

    def per_bus(self, n_bus: int) -> np.ndarray:
        y = np.zeros(n_bus, dtype=complex)
        np.add.at(y, self.bus, self.y)
        return y


@dataclass
class SequenceNetwork:
    """One sequence on the compiled branch rows: series impedance `z` (NaN: no path in this
    sequence) behind the rated `ratio`, pi shunts inside the ratio, and bus shunts."""

    z: np.ndarray
    ratio: np.ndarray
    y_from: np.ndarray
    y_to: np.ndarray
    shunts: Shunts

    @property
    def has_series(self) -> np.ndarray:
        return ~np.isnan(self.z)

    def two_ports(self, branches: BranchTable) -> BranchTable:
        """The rows as MATPOWER pi two-ports (branch_models.pi_two_port, vectorized); zero where no path."""
        path = self.has_series
        ys = np.zeros(len(self.z), dtype=complex)
        ys[path] = 1.0 / self.z[path]
        tap = self.ratio.astype(complex)
        y_from = np.where(path, self.y_from, 0)
        y_to = np.where(path, self.y_to, 0)
        return replace(branches, yff=(ys + y_from) / (tap * np.conj(tap)), yft=-ys / np.conj(tap), ytf=-ys / tap,
                       ytt=ys + y_to, tap=tap)

    def matrices(self, n_bus: int, branches: BranchTable) -> tuple[sp.csr_matrix, sp.csr_matrix, sp.csr_matrix]:
        """Ybus, Yf, Yt of this sequence (compile.make_ybus)."""
        return make_ybus(n_bus, self.two_ports(branches), self.shunts.per_bus(n_bus))

    def scaled(self, x_scale: float) -> SequenceNetwork:
        """Every reactance times `x_scale` (IEC 60909-0 §4.3.1.2 method C: X f_c / f)."""
        z = np.empty_like(self.z)
        z.real, z.imag = self.z.real, self.z.imag * x_scale
        zs = 1 / self.shunts.y
        ys = np.empty_like(zs)
        ys.real, ys.imag = zs.real, zs.imag * x_scale
        return replace(self, z=z, shunts=replace(self.shunts, y=1 / ys))

    def without(self, kind: str) -> SequenceNetwork:
        """The same network without the shunts of one kind (e.g. motors, for ik)."""
        return replace(self, shunts=self.shunts.select(np.array([k != kind for k in self.shunts.kind], dtype=bool)))


@dataclass
class SourceInfo:
    """A voltage source (impedance behind c Un / sqrt(3)) with the data the breaking current needs."""

    element_id: str
    kind: str  # external_grid | generator | motor
    bus: int
    y1: complex
    y2: complex
    y0: complex  # 0 where the source has no zero-sequence path
    xk_pu: float = 0.0  # K_G X''d (generators, motors), system pu
    ir_ka: float = np.nan  # rated current (generators, motors)
    m_mw: float = np.nan  # motors: P_rM per pole pair (NaN: unknown)


@dataclass
class CurrentSource:
    element_id: str
    bus: int
    i_pu: float  # k * S_n / S_base


@dataclass
class CompiledSequences:
    """What `compile_sequences` fills: the four networks, the sources and what is missing."""

    positive: SequenceNetwork
    negative: SequenceNetwork
    zero: SequenceNetwork
    peak: SequenceNetwork
    sources: list[SourceInfo]
    current_sources: list[CurrentSource]
    z0_missing: list[tuple[str, str]]
    notes: list[str]
    negative_equals_positive: bool
    motors_present: bool
    units: list[UnitVariant] = field(default_factory=list)
    corrections: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class UnitVariant:
    """A power station unit and what changes for a fault between its generator and transformer:
    the transformer row's impedance (K_T,S | K_T,SO instead of K_S) and the generator's (K_G,S |
    K_G,SO), and the source voltage c U_rG instead of c U_n at the LV bus (`c_scale`)."""

    unit: PowerStationUnit
    source: int  # index into the sources
    z_transformer: complex
    generator: SourceImpedance
    c_scale: float


@dataclass
class _Columns:
    """Work arrays while the columns are filled (one entry per compiled branch row)."""

    n: int
    z1: np.ndarray = field(init=False)
    ratio: np.ndarray = field(init=False)
    zero: list[SeriesZ | None] = field(init=False)
    earthing: list[tuple[int, str, int, complex, bool]] = field(default_factory=list)  # row, id, bus, y, at_from
    missing: list[tuple[int, str, str]] = field(default_factory=list)  # (row, element, field)
    corrections: list[dict] = field(default_factory=list)
    unit_rows: dict[int, PowerStationUnit] = field(default_factory=dict)

    def correct(self, eid: str, kind: str, factor: tuple[str, float, str], applies_to: str = "every fault") -> None:
        if factor[1] != 1.0:
            self.corrections.append({"element": eid, "kind": kind, "factor": factor[0], "value": float(factor[1]),
                                     "clause": factor[2], "applies_to": applies_to})

    def __post_init__(self) -> None:
        self.z1 = np.full(self.n, NAN)
        self.ratio = np.ones(self.n)
        self.zero = [None] * self.n

    def put(self, cn: CompiledNetwork, row: int, eid: str, positive: SeriesZ, zero: ZeroSequence | None) -> None:
        self.z1[row], self.ratio[row] = positive.z, positive.ratio
        if zero is None:
            return
        self.zero[row] = zero.series
        if zero.missing:
            self.missing.append((row, eid, zero.missing))
        for y, bus, at_from in ((zero.y_earth_from, cn.branches.f[row], True),
                                (zero.y_earth_to, cn.branches.t[row], False)):
            if y != 0:
                self.earthing.append((row, eid, int(bus), y, at_from))


def _rows(cn: CompiledNetwork, *kinds: str) -> np.ndarray:
    return np.flatnonzero(np.isin(np.asarray(cn.branches.kind, dtype=object), kinds))


def _fill_lines(cn: CompiledNetwork, cols: _Columns, case: str, zero: bool) -> int:
    """Returns the number of lines without an end temperature (min case)."""
    br, net = cn.branches, cn.net
    no_endtemp = 0
    for k in _rows(cn, "line"):
        ln = net.lines[br.element_pos[k]]
        if case == "min" and ln.endtemp_degree is None:
            no_endtemp += 1
        z1, z0 = line_sequences(ln, cn.vn_kv[br.f[k]], cn.base_mva, net.f_hz, case)
        cols.put(cn, k, ln.id, z1, z0 if zero else None)
    return no_endtemp


def _network_kt(tr: Transformer, case: str, c_max_lv: float) -> float:
    """K_T for a network transformer in the max case (IEC 60909-0 §6.3.3); 1 otherwise."""
    if case == "max" and not tr.power_station_unit:
        return transformer_kt(tr.vk_percent, tr.vkr_percent, c_max_lv)
    return 1.0


def _unit_text(u: PowerStationUnit) -> str:
    return f"faults outside power station unit {u.generator_id}/{u.transformer_id}"


def _fill_transformers(cn: CompiledNetwork, cols: _Columns, case: str, c_max: np.ndarray, zero: bool) -> None:
    """Network transformers with K_T; unit transformers with the unit's K_S | K_SO (its zero sequence
    K_S Z(0)THV + 3 Z_N, IEC 60909-0 §6.7 and pandapower's pd2ppc_zero)."""
    br, net = cn.branches, cn.net
    for k in _rows(cn, "transformer"):
        tr = net.transformers[br.element_pos[k]]
        vb_hv, vb_lv = cn.vn_kv[br.f[k]], cn.vn_kv[br.t[k]]
        unit = cols.unit_rows.get(int(k))
        if unit is not None:
            kt = unit.factors.unit[1]
            cols.correct(tr.id, "transformer", unit.factors.unit, _unit_text(unit))
        else:
            kt = _network_kt(tr, case, c_max[br.t[k]])
            if kt != 1.0:
                cols.correct(tr.id, "transformer", ("K_T", kt, "IEC 60909-0 §6.3.3 eq. (12a)"))
        z0 = transformer_zero_sequence(tr, vb_hv, vb_lv, cn.base_mva, kt) if zero else None
        cols.put(cn, k, tr.id, transformer_sc_series(tr, vb_hv, vb_lv, cn.base_mva, kt), z0)


def _fill_transformers3w(cn: CompiledNetwork, cols: _Columns, case: str, c_max: np.ndarray, zero: bool) -> None:
    """All legs of each three-winding transformer at once. A delta winding's path from the star
    point to earth is a shunt at the star, whose current is counted at the star end of the
    element's first row (the HV leg)."""
    br, net = cn.branches, cn.net
    rows = _rows(cn, "transformer3w_hv", "transformer3w_mv", "transformer3w_lv")
    leg_of = {"transformer3w_hv": 0, "transformer3w_mv": 1, "transformer3w_lv": 2}
    for pos in dict.fromkeys(br.element_pos[rows].tolist()):
        tr = net.transformers3w[pos]
        mine = [int(k) for k in rows if br.element_pos[k] == pos]
        star = cn.bus_index[f"{tr.id}#star"]
        bus_kv = tuple(float(cn.vn_kv[cn.bus_index[b]]) for b in (tr.hv_bus, tr.mv_bus, tr.lv_bus))
        c3 = [float(c_max[cn.bus_index[b]]) for b in (tr.hv_bus, tr.mv_bus, tr.lv_bus)]
        kt = three_winding_kt(tr, case, (c3[0], c3[1], c3[2]))
        for pair, value in zip(("HV-MV", "MV-LV", "HV-LV"), kt, strict=True):
            cols.correct(tr.id, "transformer3w", (f"K_T {pair}", value, "IEC 60909-0 §6.3.3 eq. (13)"))
        legs = three_winding_sc_series(tr, bus_kv, float(cn.vn_kv[star]), cn.base_mva, kt)
        for k in mine:
            cols.put(cn, k, tr.id, legs[leg_of[br.kind[k]]], None)
        if not zero:
            continue
        zeros, missing = three_winding_zero_sequence(tr, bus_kv, float(cn.vn_kv[star]), cn.base_mva, kt)
        if missing:
            cols.missing.append((mine[0], tr.id, missing))
        for k in mine:
            cols.zero[k] = zeros[leg_of[br.kind[k]]].series
        for z in zeros:
            y = z.y_earth_from + z.y_earth_to
            if y != 0:
                cols.earthing.append((mine[0], tr.id, star, y, bool(br.f[mine[0]] == star)))


def _fill_impedance_branches(cn: CompiledNetwork, cols: _Columns, zero: bool) -> None:
    br, net = cn.branches, cn.net
    for k in _rows(cn, "impedance_branch"):
        ib = net.impedance_branches[br.element_pos[k]]
        z1, z0 = impedance_branch_sequences(ib)
        cols.put(cn, k, ib.id, z1, z0 if zero else None)


def _open_end_shunts(cn: CompiledNetwork, case: str, c_max: np.ndarray) -> list[tuple[str, str, int, complex]]:
    """Zero-sequence shunts of lines and transformers switched open at one end (line charging through
    the series impedance, the live side's transformer earthing)."""
    net, idx = cn.net, cn.bus_index
    out = []
    for ob in cn.open_branches:
        if ob.from_bus not in idx or ob.to_bus not in idx:
            continue
        f, t = idx[ob.from_bus], idx[ob.to_bus]
        if ob.kind == "line":
            ln = net.lines[ob.element_pos]
            _, z0 = line_sequences(ln, cn.vn_kv[f], cn.base_mva, net.f_hz, case)
            if z0.series is None or not ln.c0_nf_per_km:
                continue
            out.append((ln.id, "line_charging", ob.bus, open_end_admittance(z0.series, ob.connected_at_from)))
        elif ob.kind == "transformer":
            tr = net.transformers[ob.element_pos]
            z0 = transformer_zero_sequence(tr, cn.vn_kv[f], cn.vn_kv[t], cn.base_mva, _network_kt(tr, case, c_max[t]))
            y = z0.y_earth_from if ob.connected_at_from else z0.y_earth_to
            if z0.missing is None and y != 0:
                out.append((tr.id, "transformer_earthing", ob.bus, y))
    return out


Source = tuple[str, str, int, SourceImpedance]  # element id, kind, compiled bus, impedances


def _source_models(cn: CompiledNetwork, case: str, c: np.ndarray, c_max: np.ndarray, cols: _Columns
                   ) -> tuple[list[Source], list[CurrentSource]]:
    """External grids, synchronous generators (K_G, or the unit's K_S | K_SO) and (max case) motors
    as impedances; static generators (max case) as current sources."""
    net, units = cn.net, cn.units
    unit_of = {u.generator_pos: u for u in cols.unit_rows.values()}
    sources, current = [], []
    for k, kind in enumerate(units.kind):
        b = int(units.bus[k])
        pos = units.element_pos[k]
        if kind == "external_grid":
            sources.append((units.element_id[k], "external_grid", b,
                            external_grid_sc(net.external_grids[pos], c[b], cn.base_mva, case)))
            continue
        g = net.generators[pos]
        if g.kind == "synchronous":
            unit = unit_of.get(int(pos))
            imp = generator_sc(g, cn.vn_kv[b], c_max[b], cn.base_mva, unit.factors.unit if unit else None)
            cols.correct(g.id, "generator", imp.corrections[0], _unit_text(unit) if unit else "every fault")
            sources.append((g.id, "generator", b, imp))
        elif case == "max" and g.kind == "motor":
            sources.append((g.id, "motor", b, motor_sc(g, cn.vn_kv[b], cn.base_mva)))
        elif case == "max" and g.kind == "static":
            current.append(CurrentSource(g.id, b, static_generator_sc_current(g, cn.base_mva)))
    if case == "max":  # asynchronous motors contribute to maximum currents only (IEC 60909-0 §6.8)
        for mo in net.motors:
            if mo.in_service and mo.bus in cn.bus_index:
                b = cn.bus_index[mo.bus]
                sources.append((mo.id, "motor", b, asynchronous_motor_sc(mo, cn.vn_kv[b], cn.base_mva)))
    return sources, current


def _unit_variants(cn: CompiledNetwork, cols: _Columns, sources: list[Source]) -> list[UnitVariant]:
    """What a fault between each unit's generator and transformer changes (IEC 60909-0 §6.7)."""
    out = []
    index = {eid: j for j, (eid, *_rest) in enumerate(sources)}
    for unit in cols.unit_rows.values():
        g, tr = cn.net.generators[unit.generator_pos], cn.net.transformers[unit.transformer_pos]
        vb_hv, vb_lv = cn.vn_kv[unit.hv_bus], cn.vn_kv[unit.lv_bus]
        inside = f"faults at {cn.bus_ids[unit.lv_bus]} (between generator and transformer)"
        cols.correct(g.id, "generator", unit.factors.generator, inside)
        cols.correct(tr.id, "transformer", unit.factors.transformer, inside)
        z_t = transformer_sc_series(tr, vb_hv, vb_lv, cn.base_mva, unit.factors.transformer[1]).z
        gen = generator_sc(g, vb_lv, 1.0, cn.base_mva, unit.factors.generator)
        out.append(UnitVariant(unit, index[g.id], z_t, gen, unit.u_rg_kv / float(vb_lv)))
    return out


def _source_shunts(sources: list[tuple[str, str, int, SourceImpedance]], which: str) -> Shunts:
    recs = []
    for eid, kind, b, imp in sources:
        z = getattr(imp, which)
        if z is not None:
            recs.append((eid, kind, b, 1 / z, -1, False))
    return Shunts.from_records(recs)


def _concat(*parts: Shunts) -> Shunts:
    return Shunts([e for p in parts for e in p.element_id], [k for p in parts for k in p.kind],
                  np.concatenate([p.bus for p in parts]), np.concatenate([p.y for p in parts]),
                  np.concatenate([p.row for p in parts]), np.concatenate([p.at_from for p in parts]))


def compile_sequences(cn: CompiledNetwork, *, case: str, c: np.ndarray, c_max: np.ndarray,
                      zero_sequence: bool = True, detect_units: bool = False) -> CompiledSequences:
    """Fill the sequence columns of `cn` for the IEC 60909 `case` ("max" | "min").

    `c` is the voltage factor per bus for the case (external grids' impedance), `c_max` the one
    the correction factors K_T, K_G and K_S use. Missing zero-sequence data is listed, not raised.
    Power station units are the flagged ones, and with `detect_units` also those found by topology.
    """
    n_row = len(cn.branches.f)
    cols = _Columns(n_row)
    cols.unit_rows = {u.row: u for u in power_station_units(cn, c_max, detect_units)}
    no_endtemp = _fill_lines(cn, cols, case, zero_sequence)
    _fill_transformers(cn, cols, case, c_max, zero_sequence)
    _fill_transformers3w(cn, cols, case, c_max, zero_sequence)
    _fill_impedance_branches(cn, cols, zero_sequence)
    notes = [f"power station unit {u.generator_id}/{u.transformer_id} found by topology (IEC 60909-0 §6.7)"
             for u in cols.unit_rows.values() if u.detected]
    if no_endtemp:
        notes.append(f"{no_endtemp} line(s) have no endtemp_degree: their resistance is taken at 20 degC")
    sources, current = _source_models(cn, case, c, c_max, cols)
    for _, _, _, imp in sources:
        notes += imp.notes
    zeros = np.zeros(n_row, dtype=complex)
    positive = SequenceNetwork(cols.z1, cols.ratio, zeros, zeros, _source_shunts(sources, "z1"))
    negative = replace(positive, shunts=_source_shunts(sources, "z2"))
    peak = replace(positive, shunts=_source_shunts(sources, "zp"))
    zero = _zero_network(cn, cols, sources, case, c_max, zero_sequence)
    missing = [(eid, fld) for _, eid, fld in sorted(cols.missing, key=lambda m: m[0])]
    if zero_sequence:
        missing += [(eid, m) for eid, _, _, imp in sources for m in imp.missing0]
    info = [source_info(eid, kind, b, imp) for eid, kind, b, imp in sources]
    return CompiledSequences(
        positive=positive, negative=negative, zero=zero, peak=peak, sources=info, current_sources=current,
        z0_missing=missing, notes=notes, negative_equals_positive=all(imp.z2 == imp.z1 for *_, imp in sources),
        motors_present=any(kind == "motor" for _, kind, _, _ in sources),
        units=_unit_variants(cn, cols, sources), corrections=cols.corrections,
    )


def source_info(eid: str, kind: str, bus: int, imp: SourceImpedance) -> SourceInfo:
    return SourceInfo(eid, kind, bus, 1 / imp.z1, 1 / imp.z2, 0j if imp.z0 is None else 1 / imp.z0, imp.xk_pu,
                      imp.ir_ka, imp.m_mw)


def _zero_network(cn: CompiledNetwork, cols: _Columns, sources: list[tuple[str, str, int, SourceImpedance]],
                  case: str, c_max: np.ndarray, built: bool) -> SequenceNetwork:
    n_row = len(cols.zero)
    z0 = np.full(n_row, NAN)
    ratio, y_from, y_to = np.ones(n_row), np.zeros(n_row, dtype=complex), np.zeros(n_row, dtype=complex)
    for k, series in enumerate(cols.zero):
        if series is not None:
            z0[k], ratio[k], y_from[k], y_to[k] = series.z, series.ratio, series.y_from, series.y_to
    if not built:
        return SequenceNetwork(z0, ratio, y_from, y_to, Shunts())
    earthing = sorted(cols.earthing, key=lambda e: e[0])
    shunts = _concat(
        Shunts.from_records([(eid, "transformer_earthing", bus, y, row, at_from)
                             for row, eid, bus, y, at_from in earthing]),
        Shunts.from_records([(eid, kind, bus, y, -1, False)
                             for eid, kind, bus, y in _open_end_shunts(cn, case, c_max)]),
        _source_shunts([s for s in sources if s[3].z0 is not None and not s[3].missing0], "z0"),
    )
    return SequenceNetwork(z0, ratio, y_from, y_to, shunts)
