"""The PSS/E sections with many rows (buses, loads, fixed shunts, generators, branches) read as columns.

Each builder reads its fields as arrays (`psse_columns.Fields`), applies the per-record reader's checks as array
expressions registered with their rank in that reader's order (so the first error is the one it raised), and
returns its element lists as `bulk.Table` segments. Where pydantic could refuse a row (a value that overflowed to
inf), the row is validated by its model to get the same message. Numbers are combined exactly as the per-record
reader's Python floats were (same operations in the same order, `min`/`max` tie rules kept), so the Network is
the same bit for bit.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from pydantic import BaseModel, ValidationError

from ..bulk import SortedLookup, Table, take
from ..errors import ParseError, pydantic_message
from ..model import Bus, Generator, ImpedanceBranch, Load, Shunt, Switch
from .psse_columns import Checks, Fields, int_strings


class BusIndex(SortedLookup):
    """The bus table's numbers (floats), ids and the values later sections need, with a sorted lookup."""

    def __init__(self, numbers: np.ndarray, ids: list[str], kv: np.ndarray, btype: np.ndarray,
                 va: np.ndarray) -> None:
        super().__init__(numbers)
        self.numbers, self.ids, self.kv, self.btype, self.va = numbers, ids, kv, btype, va


class Ids:
    """Element ids already used (id -> line), for the per-record reader's duplicate error."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def claim(self, f: Fields, makes: Sequence[tuple[list[str], np.ndarray, float]]) -> None:
        """`makes`: (ids, their rows, rank) per kind of element a record makes. Registers the first duplicate."""
        every = [i for ids, _, _ in makes for i in ids]
        if len(set(every)) == len(every) and self.seen.keys().isdisjoint(every):
            lines = f.rec.lines
            for ids, rows, _ in makes:
                self.seen.update(zip(ids, lines[rows].tolist(), strict=True))
            return
        seq = sorted((int(r), rank, i) for ids, rows, rank in makes for i, r in zip(ids, rows.tolist(), strict=True))
        seen = dict(self.seen)
        for row, rank, i in seq:
            if i in seen:
                f.checks.add_row(row, rank, f.error(f"duplicate {f.kind} '{i}' (first on line {seen[i]})"))
                return
            seen[i] = int(f.rec.lines[row])


def validate_rows(f: Fields, cls: type[BaseModel], suspect: np.ndarray, rank: float,
                  kwargs: Callable[[int], dict[str, Any]]) -> None:
    """Rows pydantic might refuse (`suspect`): validated one by one; the first refusal is registered."""
    for r in np.flatnonzero(suspect).tolist():
        kw = kwargs(r)
        try:
            cls(**kw)
        except ValidationError as exc:
            first = exc.errors()[0]
            loc = ".".join(str(p) for p in first.get("loc", ())) or "value"
            msg = f"{kw.get('id')}: {loc}: {pydantic_message(first)}"
            f.checks.add_row(r, rank, f.error(msg))
            return


def _nonfinite(*cols: np.ndarray) -> np.ndarray:
    out = np.zeros(len(cols[0]), dtype=bool)
    for c in cols:
        out |= ~np.isfinite(c)
    return out


def _first_repeat(numbers: np.ndarray) -> np.ndarray:
    """Rows whose number appeared on an earlier row."""
    order = np.argsort(numbers, kind="stable")
    s = numbers[order]
    mask = np.zeros(len(numbers), dtype=bool)
    mask[order[1:][s[1:] == s[:-1]]] = True
    return mask


def _join(*parts: list[str]) -> list[str]:
    return ["".join(p) for p in zip(*parts, strict=True)]


def _max0(v: np.ndarray) -> np.ndarray:
    return np.where(v < 0.0, 0.0, v)  # max(v, 0.0): v unless 0.0 > v (keeps -0.0)


# -- buses ----------------------------------------------------------------------------------------


def read_buses(f: Fields, ids_reg: Ids) -> tuple[Table, list[Table], BusIndex]:
    add = f.checks.add
    number = f.num("I", None, 0, integer=True)
    add(number <= 0, 1, f.error(lambda r: f"bus number must be positive, found {int(number[r])}", "I"))
    add(_first_repeat(number), 2, f.error(lambda r: f"bus {int(number[r])} defined twice", "I"))
    ide = f.num("IDE", 1, 3, integer=True)
    add(~np.isin(ide, (1, 2, 3, 4)), 4, f.error(lambda r: f"bus type IDE = {int(ide[r])} is not 1, 2, 3 or 4", "IDE"))
    kv = f.num("BASKV", 0.0, 5)
    add(kv < 0, 6, f.error("BASKV is negative", "BASKV"))
    vm, va = f.num("VM", 1.0, 7), f.num("VA", 0.0, 8)
    if "NVHI" in f.pos:
        vmax, vmin = f.num("NVHI", 1.1, 9), f.num("NVLO", 0.9, 10)
    else:
        vmax, vmin = np.full(f.n, 1.1), np.full(f.n, 0.9)
    bad = ~((vmin > 0) & (vmin <= vmax))
    vmin, vmax = np.where(bad, 0.9, vmin), np.where(bad, 1.1, vmax)
    area, zone = f.num("AREA", 1, 11, integer=True), f.num("ZONE", 1, 12, integer=True)
    shunts: list[Table] = []
    gl = bl = None
    if "GL" in f.pos:
        gl, bl = f.num("GL", 0.0, 13), f.num("BL", 0.0, 14)
    f.checks.raise_first()
    ids = int_strings(number)
    if gl is not None and bl is not None:
        at = np.flatnonzero((gl != 0) | (bl != 0))
        sids = [f"shunt_{ids[k]}" for k in at.tolist()]
        ids_reg.claim(f, [(sids, at, 15)])
        f.checks.raise_first()
        shunts.append(Table(Shunt, {"id": sids, "bus": take(ids, at), "p_mw": gl[at], "q_mvar": -bl[at]}))
    btype = ide.astype(np.int64)
    table = Table(Bus, {
        "id": ids, "name": f.text("NAME"), "vn_kv": kv, "in_service": btype != 4, "min_vm_pu": vmin,
        "max_vm_pu": vmax, "zone": _join(int_strings(area), ["/"] * f.n, int_strings(zone)),
        "vm_init_pu": [x if x > 0 else None for x in vm.tolist()], "va_init_degree": va})
    return table, shunts, BusIndex(number, ids, kv, btype, va)


def bus_ref(f: Fields, buses: BusIndex, name: str, rank: float, read: np.ndarray | None = None) -> np.ndarray:
    """Rows in the bus table of field `name` (its absolute value: a negative number marks the metered end)."""
    number = np.abs(f.num(name, None, rank, read, integer=True))
    rows, found = buses.rows(number)
    mask = ~found if read is None else ~found & read
    f.checks.add(mask, rank + 0.5, f.error(lambda r: f"bus {int(number[r])} is not in the bus data", name))
    return rows


# -- loads and fixed shunts -----------------------------------------------------------------------


def _shares(p: np.ndarray, t: np.ndarray, pi: np.ndarray, ti: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """psse._common_shares for one part, vectorized: (share in %, whether the P and Q shares agree)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        vr, vi = p / t, pi / ti
    ok = ~((t == 0) & (p != 0)) & ~((ti == 0) & (pi != 0)) & ((t != 0) | (ti != 0))
    first = np.where(t != 0, vr, vi)
    with np.errstate(invalid="ignore"):
        ok &= ~((t != 0) & (ti != 0) & (np.abs(vi - first) > 1e-12))
    return first * 100, ok


def read_loads(f: Fields, buses: BusIndex, ids_reg: Ids) -> Table:
    rows = bus_ref(f, buses, "I", 0)
    on = f.num("STATUS", 1, 2, integer=True) != 0
    pl, ql, ip, iq, yp, yq = (f.num(n, 0.0, 3 + k) for k, n in enumerate(("PL", "QL", "IP", "IQ", "YP", "YQ")))
    f.checks.raise_first()
    zq = -yq
    tr, ti = ((0.0 + pl) + ip) + yp, ((0.0 + ql) + iq) + zq
    simple = (ip == 0) & (iq == 0) & (yp == 0) & (zq == 0)
    si, ok_i = _shares(ip, tr, iq, ti)
    sz, ok_z = _shares(yp, tr, zq, ti)
    with np.errstate(invalid="ignore"):
        shared = ~simple & ok_i & ok_z & ~((si < 0) | (sz < 0) | (si + sz > 100 + 1e-9))
    split = ~simple & ~shared
    rest = 100 - si
    sz = np.where(rest < sz, rest, sz)
    bids = take(buses.ids, rows)
    lid = [f"load_{b}_{i}" for b, i in zip(bids, f.text("ID", "1"), strict=True)]
    one = ~split
    # Elements in record order: the load (or its constant-power part), then its I and Z parts.
    parts = [(np.ones(f.n, dtype=bool), "", 9), (split & ((ip != 0) | (iq != 0)), "#i", 11),
             (split & ((yp != 0) | (zq != 0)), "#z", 13)]
    makes = [([lid[k] + suffix for k in np.flatnonzero(m).tolist()], np.flatnonzero(m), rank)
             for m, suffix, rank in parts]
    ids_reg.claim(f, makes)
    p = np.where(one, tr, pl)
    q = np.where(one, ti, ql)
    ci = np.where(shared, si, 0.0)
    cz = np.where(shared, sz, 0.0)
    validate_rows(f, Load, _nonfinite(p, q, ci, cz) | (ci < 0) | (cz < 0) | (ci > 100) | (cz > 100)
                  | (ci + cz > 100), 10,
                  lambda r: {"id": lid[r], "bus": bids[r], "p_mw": p[r], "q_mvar": q[r], "const_i_percent": ci[r],
                             "const_z_percent": cz[r], "in_service": bool(on[r])})
    f.checks.raise_first()
    key = np.concatenate([np.flatnonzero(m) * 3 + j for j, (m, _, _) in enumerate(parts)])
    order = np.argsort(key, kind="stable")

    def cat(xs: list[np.ndarray]) -> np.ndarray:
        return np.concatenate(xs)[order]
    at = [np.flatnonzero(m) for m, _, _ in parts]
    ids = [i for ids, _, _ in makes for i in ids]
    return Table(Load, {
        "id": [ids[k] for k in order.tolist()],
        "bus": [bids[k] for k in cat([a for a in at]).tolist()],
        "p_mw": cat([p[at[0]], ip[at[1]], yp[at[2]]]), "q_mvar": cat([q[at[0]], iq[at[1]], zq[at[2]]]),
        "const_i_percent": cat([ci[at[0]], np.full(len(at[1]), 100.0), np.zeros(len(at[2]))]),
        "const_z_percent": cat([cz[at[0]], np.zeros(len(at[1])), np.full(len(at[2]), 100.0)]),
        "in_service": cat([on[a] for a in at])})


def read_fixed_shunts(f: Fields, buses: BusIndex, ids_reg: Ids) -> Table:
    rows = bus_ref(f, buses, "I", 0)
    gl, bl = f.num("GL", 0.0, 2), f.num("BL", 0.0, 3)
    on = f.num("STATUS", 1, 4, integer=True) != 0
    f.checks.raise_first()
    bids = take(buses.ids, rows)
    sid = [f"shunt_{b}_{i}" for b, i in zip(bids, f.text("ID", "1"), strict=True)]
    ids_reg.claim(f, [(sid, np.arange(f.n), 5)])
    f.checks.raise_first()
    return Table(Shunt, {"id": sid, "bus": bids, "p_mw": gl, "q_mvar": -bl, "in_service": on})


# -- generators -----------------------------------------------------------------------------------


def _earlier_on(rows: np.ndarray, on: np.ndarray) -> np.ndarray:
    """Whether an earlier row at the same bus is in service."""
    order = np.argsort(rows, kind="stable")
    b, o = rows[order], on[order].astype(np.int64)
    excl = np.cumsum(o) - o
    start = np.r_[True, b[1:] != b[:-1]] if len(b) else np.zeros(0, dtype=bool)
    gid = np.cumsum(start) - 1
    before = excl - excl[np.flatnonzero(start)][gid]
    out = np.zeros(len(rows), dtype=bool)
    out[order] = before > 0
    return out


def read_generators(f: Fields, buses: BusIndex, ids_reg: Ids) -> Table:
    add = f.checks.add
    rows = bus_ref(f, buses, "I", 0)
    on = f.num("STAT", 1, 2, integer=True) > 0
    pg, qg = f.num("PG", 0.0, 3), f.num("QG", 0.0, 4)
    qmax, qmin = f.num("QT", 9999.0, 5), f.num("QB", -9999.0, 6)
    add(qmin > qmax, 7, f.error(lambda r: f"QB = {qmin[r]:g} exceeds QT = {qmax[r]:g}", "QB"))
    vs = f.num("VS", 1.0, 8)
    add(vs <= 0, 9, f.error(lambda r: f"voltage set point VS must be positive, found {vs[r]:g}", "VS"))
    wmod = f.num("WMOD", 0, 10, integer=True) if "WMOD" in f.pos else np.zeros(f.n)
    fixed_pf = wmod == 3
    wpf = f.num("WPF", 1.0, 11, read=fixed_pf)
    add(fixed_pf & ((wpf == 0) | (np.abs(wpf) > 1)), 12,
        f.error(lambda r: f"power factor WPF must be in (0, 1], found {wpf[r]:g}", "WPF"))
    mbase = f.num("MBASE", 0.0, 13)
    pt, pb = f.num("PT", 9999.0, 14), f.num("PB", -9999.0, 15)
    f.checks.raise_first()
    btype = buses.btype[rows]
    earlier = _earlier_on(rows, on)
    regulates = (btype == 2) | (btype == 3)
    no_range = regulates & (qmax == qmin) & ~((btype == 3) & ~earlier)
    regulates &= ~no_range
    qg = np.where(no_range, qmax, qg)
    for r in np.flatnonzero(fixed_pf).tolist():  # rare: math's functions, as the per-record reader used
        w = float(wpf[r])
        qg[r] = math.copysign(abs(float(pg[r])) * math.tan(math.acos(abs(w))), w)
    regulates &= ~fixed_pf
    slack = on & (btype == 3) & ~earlier
    bids = take(buses.ids, rows)
    gid = [f"gen_{b}_{i}" for b, i in zip(bids, f.text("ID", "1"), strict=True)]
    ids_reg.claim(f, [(gid, np.arange(f.n), 16)])
    va = buses.va[rows]
    min_p, max_p = np.where(pt < pb, pt, pb), np.where(pt > pb, pt, pb)
    validate_rows(f, Generator, _nonfinite(qg), 17, lambda r: {"id": gid[r], "bus": bids[r], "q_mvar": qg[r]})
    f.checks.raise_first()
    return Table(Generator, {
        "id": gid, "bus": bids, "p_mw": pg, "q_mvar": qg, "vm_pu": vs, "va_degree": va, "voltage_control": regulates,
        "slack": slack, "in_service": on, "min_q_mvar": qmin, "max_q_mvar": qmax, "min_p_mw": min_p, "max_p_mw": max_p,
        "sn_mva": [x if x > 0 else None for x in mbase.tolist()]})


# -- branches -------------------------------------------------------------------------------------


def _shunt_kwargs(mask: np.ndarray, p: np.ndarray, q: np.ndarray, sids: list[str],
                  bus: list[str]) -> Callable[[int], dict[str, Any]]:
    where = {k: n for n, k in enumerate(np.flatnonzero(mask).tolist())}
    return lambda r: {"id": sids[where[r]], "bus": bus[r], "p_mw": p[r], "q_mvar": q[r]}


def read_branches(f: Fields, buses: BusIndex, ids_reg: Ids, base: float,
                  rev: int) -> tuple[Table, Table, Table]:
    """(impedance branches, line shunts, zero-impedance switches)."""
    add = f.checks.add
    fr = bus_ref(f, buses, "I", 0)
    to = bus_ref(f, buses, "J", 1)
    fi, ti = take(buses.ids, fr), take(buses.ids, to)
    add(fr == to, 2, f.error(lambda r: f"branch connects bus {fi[r]} to itself", "J"))
    on = f.num("ST", 1, 3, integer=True) != 0
    r_, x = f.num("R", 0.0, 4), f.num("X", None, 5)
    b = f.num("B", 0.0, 6)
    zero = (r_ == 0) & (x == 0)
    kv_f, kv_t = buses.kv[fr], buses.kv[to]
    add(zero & (kv_f != kv_t), 7, f.error(
        lambda r: f"zero-impedance branch joins buses of different base kV ({kv_f[r]:g} and {kv_t[r]:g})", "X"))
    line = ~zero
    names = ("RATE1", "RATE2", "RATE3") if rev >= 35 else ("RATEA", "RATEB", "RATEC")
    rates = [_max0(f.num(n, 0.0, 8 + k, read=line)) for k, n in enumerate(names)]
    g_i, b_i = f.num("GI", 0.0, 13, read=line), f.num("BI", 0.0, 14, read=line)
    g_j, b_j = f.num("GJ", 0.0, 17, read=line), f.num("BJ", 0.0, 18, read=line)
    f.checks.raise_first()
    bid = [f"line_{a}_{c}_{k}" for a, c, k in zip(fi, ti, f.text("CKT", "1"), strict=True)]
    at = np.flatnonzero(line)
    sw = np.flatnonzero(zero)
    end_i = line & ((g_i != 0) | (b_i != 0))
    end_j = line & ((g_j != 0) | (b_j != 0))
    ai, aj = np.flatnonzero(end_i), np.flatnonzero(end_j)
    sid_i = [f"{bid[k]}#shunt_{fi[k]}" for k in ai.tolist()]
    sid_j = [f"{bid[k]}#shunt_{ti[k]}" for k in aj.tolist()]
    ids_reg.claim(f, [([bid[k] for k in at.tolist()], at, 11), ([bid[k] for k in sw.tolist()], sw, 8),
                      (sid_i, ai, 15), (sid_j, aj, 19)])
    p_i, q_i, p_j, q_j = g_i * base, (-b_i) * base, g_j * base, (-b_j) * base
    for mask, p, q, rank, sids, ids_ in ((end_i, p_i, q_i, 16, sid_i, fi), (end_j, p_j, q_j, 20, sid_j, ti)):
        validate_rows(f, Shunt, mask & _nonfinite(p, q), rank, _shunt_kwargs(mask, p, q, sids, ids_))
    f.checks.raise_first()
    cols: dict[str, Any] = {
        "id": [bid[k] for k in at.tolist()], "from_bus": take(fi, at), "to_bus": take(ti, at),
        "r_pu": r_[at], "x_pu": x[at], "b_pu": b[at], "in_service": on[at],
        "rate_a_mva": rates[0][at], "rate_b_mva": rates[1][at], "rate_c_mva": rates[2][at]}
    cols["name"] = f.text("NAME", rows=at) if "NAME" in f.pos else [""] * len(at)
    key = np.concatenate([ai * 2, aj * 2 + 1])
    order = np.argsort(key, kind="stable")
    shunts = Table(Shunt, {
        "id": [(sid_i + sid_j)[k] for k in order.tolist()],
        "bus": [(take(fi, ai) + take(ti, aj))[k] for k in order.tolist()],
        "p_mw": np.concatenate([p_i[ai], p_j[aj]])[order], "q_mvar": np.concatenate([q_i[ai], q_j[aj]])[order],
        "in_service": np.concatenate([on[ai], on[aj]])[order]})
    switches = Table(Switch, {"id": [bid[k] for k in sw.tolist()], "bus": take(fi, sw),
                              "element": take(ti, sw), "et": ["bus"] * len(sw), "closed": on[sw]})
    return Table(ImpedanceBranch, cols), shunts, switches


__all__ = ["BusIndex", "Checks", "Ids", "ParseError", "read_branches", "read_buses", "read_fixed_shunts",
           "read_generators", "read_loads"]
