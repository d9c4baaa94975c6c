"""MATPOWER case files (format version 2): read into a Network and write back.

Buses keep their MATPOWER numbers as ids. Loads, shunts, generators and branches get ids
derived from the bus number or the 1-based row (`load_5`, `gen_3`, `br_12`), so results can be
matched row by row with MATPOWER's own output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..compile import compile_network
from ..errors import ParseError
from ..model import Bus, Generator, ImpedanceBranch, Load, Network, Shunt

BUS_COLS = ("bus_i", "type", "Pd", "Qd", "Gs", "Bs", "area", "Vm", "Va", "baseKV", "zone", "Vmax", "Vmin")
GEN_COLS = ("bus", "Pg", "Qg", "Qmax", "Qmin", "Vg", "mBase", "status", "Pmax", "Pmin")
BRANCH_COLS = ("fbus", "tbus", "r", "x", "b", "rateA", "rateB", "rateC", "ratio", "angle", "status")

_ASSIGN = re.compile(r"^\s*mpc\.(\w+)\s*=\s*(.*)$")


@dataclass
class _Matrix:
    rows: list[list[float]]
    lines: list[int]  # source line of each row


def _strip_comment(text: str) -> str:
    in_quote = False
    for i, ch in enumerate(text):
        if ch == "'":
            in_quote = not in_quote
        elif ch == "%" and not in_quote:
            return text[:i]
    return text


def _parse_matrix(lines: list[str], start: int, first: str, name: str, source: str) -> tuple[_Matrix, int]:
    """Parse `[ ... ];` starting on line index `start` whose remainder after '=' is `first`."""
    body = first.split("[", 1)[1]
    rows: list[list[float]] = []
    row_lines: list[int] = []
    i = start
    current: list[float] = []
    while True:
        text = _strip_comment(body)
        done = "]" in text
        if done:
            text = text.split("]", 1)[0]
        text = text.replace("...", " ")
        for chunk_index, chunk in enumerate(text.split(";")):
            if chunk_index > 0 and current:
                rows.append(current)
                row_lines.append(i + 1)
                current = []
            for token in chunk.replace(",", " ").split():
                try:
                    current.append(float(token.replace("Inf", "inf")))
                except ValueError:
                    raise ParseError(f"not a number: '{token}'", file=source, line=i + 1, field=f"mpc.{name}") \
                        from None
        if done:
            if current:
                rows.append(current)
                row_lines.append(i + 1)
            return _Matrix(rows, row_lines), i
        # A newline ends a row just like ';'.
        if current:
            rows.append(current)
            row_lines.append(i + 1)
            current = []
        i += 1
        if i >= len(lines):
            raise ParseError(f"matrix mpc.{name} is not closed with ']'", file=source, line=start + 1,
                             field=f"mpc.{name}")
        body = lines[i]
        if _ASSIGN.match(body):
            raise ParseError(f"matrix mpc.{name} is not closed with ']' before the next assignment",
                             file=source, line=i + 1, field=f"mpc.{name}")


def _parse_cell(lines: list[str], start: int, first: str) -> tuple[list[str], int]:
    body = first.split("{", 1)[1]
    out: list[str] = []
    i = start
    while True:
        text = _strip_comment(body) if "'" not in body else body
        out.extend(re.findall(r"'([^']*)'", text))
        if "}" in text:
            return out, i
        i += 1
        if i >= len(lines):
            return out, i
        body = lines[i]


def parse_matpower(text: str, source: str = "<matpower>") -> dict:
    """Return {'baseMVA', 'version', 'bus', 'gen', 'branch', 'bus_name'} with row line numbers."""
    lines = text.splitlines()
    data: dict = {}
    i = 0
    while i < len(lines):
        m = _ASSIGN.match(_strip_comment(lines[i]) if "'" not in lines[i] else lines[i])
        if m:
            name, rest = m.group(1), m.group(2)
            if "[" in rest:
                data[name], i = _parse_matrix(lines, i, rest, name, source)
            elif "{" in rest:
                data[name], i = _parse_cell(lines, i, rest)
            else:
                value = _strip_comment(rest).strip().rstrip(";").strip().strip("'")
                data[name] = value
        i += 1
    for required in ("baseMVA", "bus", "gen", "branch"):
        if required not in data:
            raise ParseError(f"missing mpc.{required}", file=source, field=f"mpc.{required}")
    version = data.get("version", "2")
    if str(version) != "2":
        raise ParseError(f"only MATPOWER case format version 2 is supported, found '{version}'", file=source,
                         field="mpc.version")
    try:
        data["baseMVA"] = float(data["baseMVA"])
    except (TypeError, ValueError):
        raise ParseError(f"mpc.baseMVA is not a number: '{data['baseMVA']}'", file=source,
                         field="mpc.baseMVA") from None
    for name, cols in (("bus", BUS_COLS), ("gen", GEN_COLS), ("branch", BRANCH_COLS)):
        matrix = data[name]
        if not isinstance(matrix, _Matrix):
            raise ParseError(f"mpc.{name} must be a matrix", file=source, field=f"mpc.{name}")
        for row, line in zip(matrix.rows, matrix.lines, strict=True):
            if len(row) < len(cols):
                raise ParseError(
                    f"mpc.{name} row has {len(row)} columns, needs at least {len(cols)} "
                    f"(missing '{cols[len(row)]}')", file=source, line=line, field=f"mpc.{name}.{cols[len(row)]}",
                )
    return data


def read_matpower(text: str, source: str = "<matpower>", name: str | None = None) -> Network:
    data = parse_matpower(text, source)
    base = data["baseMVA"]
    bus_m, gen_m, br_m = data["bus"], data["gen"], data["branch"]
    names = data.get("bus_name") if isinstance(data.get("bus_name"), list) else None

    buses, loads, shunts = [], [], []
    bus_type: dict[str, int] = {}
    bus_va: dict[str, float] = {}
    seen: dict[str, int] = {}
    for k, (row, line) in enumerate(zip(bus_m.rows, bus_m.lines, strict=True)):
        bid = _bus_id(row[0], source, line, "mpc.bus.bus_i")
        if bid in seen:
            raise ParseError(f"bus {bid} defined twice (first on line {seen[bid]})", file=source, line=line,
                             field="mpc.bus.bus_i")
        seen[bid] = line
        btype = int(row[1])
        if btype not in (1, 2, 3, 4):
            raise ParseError(f"bus type {row[1]:g} is not 1, 2, 3 or 4", file=source, line=line,
                             field="mpc.bus.type")
        bus_type[bid] = btype
        bus_va[bid] = row[8]
        if row[9] < 0:
            raise ParseError("baseKV is negative", file=source, line=line, field="mpc.bus.baseKV")
        vmax, vmin = row[11], row[12]
        if not (0 < vmin <= vmax):
            vmin, vmax = 0.9, 1.1  # some cases leave limits at 0; they do not affect power flow
        buses.append(Bus(
            id=bid, name=names[k] if names and k < len(names) else "", vn_kv=row[9], in_service=btype != 4,
            min_vm_pu=vmin, max_vm_pu=vmax, zone=f"{int(row[6])}/{int(row[10])}",
            vm_init_pu=row[7] if row[7] > 0 else None, va_init_degree=row[8],
        ))
        if row[2] or row[3]:
            loads.append(Load(id=f"load_{bid}", bus=bid, p_mw=row[2], q_mvar=row[3]))
        if row[4] or row[5]:
            shunts.append(Shunt(id=f"shunt_{bid}", bus=bid, p_mw=row[4], q_mvar=-row[5]))

    generators = []
    slack_taken: set[str] = set()
    for k, (row, line) in enumerate(zip(gen_m.rows, gen_m.lines, strict=True)):
        bid = _bus_id(row[0], source, line, "mpc.gen.bus")
        if bid not in bus_type:
            raise ParseError(f"generator at unknown bus {bid}", file=source, line=line, field="mpc.gen.bus")
        on = row[7] > 0
        btype = bus_type[bid]
        slack = on and btype == 3 and bid not in slack_taken
        if slack:
            slack_taken.add(bid)
        qmax, qmin = row[3], row[4]
        if qmin > qmax:
            raise ParseError(f"Qmin {qmin:g} exceeds Qmax {qmax:g}", file=source, line=line, field="mpc.gen.Qmin")
        generators.append(Generator(
            id=f"gen_{k + 1}", bus=bid, p_mw=row[1], q_mvar=row[2], vm_pu=row[5] if row[5] > 0 else 1.0,
            va_degree=bus_va[bid], voltage_control=btype in (2, 3), slack=slack, in_service=on,
            min_q_mvar=qmin, max_q_mvar=qmax, min_p_mw=row[9], max_p_mw=row[8],
            sn_mva=row[6] if row[6] > 0 else None,
        ))

    branches = []
    for k, (row, line) in enumerate(zip(br_m.rows, br_m.lines, strict=True)):
        f = _bus_id(row[0], source, line, "mpc.branch.fbus")
        t = _bus_id(row[1], source, line, "mpc.branch.tbus")
        for bid, fld in ((f, "fbus"), (t, "tbus")):
            if bid not in bus_type:
                raise ParseError(f"branch to unknown bus {bid}", file=source, line=line, field=f"mpc.branch.{fld}")
        if row[2] == 0 and row[3] == 0:
            raise ParseError("branch has zero impedance (r = x = 0)", file=source, line=line, field="mpc.branch.x")
        ratio = row[8]
        extra = {}
        if len(row) >= 13:
            extra = {"angmin_degree": row[11], "angmax_degree": row[12]}
        branches.append(ImpedanceBranch(
            id=f"br_{k + 1}", from_bus=f, to_bus=t, r_pu=row[2], x_pu=row[3], b_pu=row[4],
            rate_a_mva=max(row[5], 0), rate_b_mva=max(row[6], 0), rate_c_mva=max(row[7], 0),
            tap_ratio=ratio if ratio != 0 else 1.0, shift_degree=row[9],
            is_transformer=ratio != 0 or row[9] != 0, in_service=row[10] > 0, **extra,
        ))
    return Network(
        name=name or _case_name(text, source), base_mva=base, buses=buses, loads=loads, shunts=shunts,
        generators=generators, impedance_branches=branches, source_format="matpower",
    )


def _bus_id(value: float, source: str, line: int, field: str) -> str:
    if value != int(value) or value <= 0:
        raise ParseError(f"bus number must be a positive integer, found {value:g}", file=source, line=line,
                         field=field)
    return str(int(value))


def _case_name(text: str, source: str) -> str:
    m = re.search(r"function\s+mpc\s*=\s*(\w+)", text)
    if m:
        return m.group(1)
    return source.rsplit("/", 1)[-1].removesuffix(".m")


def _fmt(x: float) -> str:
    if not np.isfinite(x):
        return "Inf" if x > 0 else ("-Inf" if x < 0 else "NaN")
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return repr(float(x))


def write_matpower(net: Network) -> str:
    """MATPOWER v2 text. Lines and transformers are written as their per-unit pi equivalents."""
    base = net.base_mva
    ids = [b.id for b in net.buses]
    numeric = all(i.isdigit() for i in ids)
    number = {bid: (int(bid) if numeric else k + 1) for k, bid in enumerate(ids)}
    pd = dict.fromkeys(ids, 0.0)
    qd = dict.fromkeys(ids, 0.0)
    gs = dict.fromkeys(ids, 0.0)
    bs = dict.fromkeys(ids, 0.0)
    for ld in net.loads:
        if ld.in_service:
            pd[ld.bus] += ld.p_mw * ld.scaling
            qd[ld.bus] += ld.q_mvar * ld.scaling
    for mo in net.motors:  # asynchronous motors are loads in MATPOWER (their short-circuit data is lost)
        if mo.in_service:
            pd[mo.bus] += mo.demand_mva().real
            qd[mo.bus] += mo.demand_mva().imag
    vn = {b.id: b.vn_kv for b in net.buses}
    for sh in net.shunts:
        if sh.in_service:
            ratio = (vn[sh.bus] / sh.vn_kv) ** 2 if sh.vn_kv and vn[sh.bus] else 1.0
            gs[sh.bus] += sh.p_mw * sh.step * ratio
            bs[sh.bus] -= sh.q_mvar * sh.step * ratio
    btype = dict.fromkeys(ids, 1)
    va = {b.id: b.va_init_degree or 0.0 for b in net.buses}
    vm = {b.id: b.vm_init_pu or 1.0 for b in net.buses}
    gen_rows = []
    for eg in net.external_grids:
        if eg.in_service:
            btype[eg.bus] = 3
            va[eg.bus] = eg.va_degree
            vm[eg.bus] = eg.vm_pu
            gen_rows.append([number[eg.bus], 0, 0, 9999, -9999, eg.vm_pu, base, 1, 9999, -9999])
    for g in net.generators:
        if g.in_service and (g.voltage_control or g.slack):
            if g.slack:
                btype[g.bus] = 3
                va[g.bus] = g.va_degree
            elif btype[g.bus] != 3:
                btype[g.bus] = 2
            vm[g.bus] = g.vm_pu
        gen_rows.append([
            number[g.bus], g.p_mw * g.scaling, g.q_mvar * g.scaling,
            g.max_q_mvar if g.max_q_mvar is not None else 9999,
            g.min_q_mvar if g.min_q_mvar is not None else -9999,
            g.vm_pu, g.sn_mva or base, 1 if g.in_service else 0,
            g.max_p_mw if g.max_p_mw is not None else max(g.p_mw, 0),
            g.min_p_mw if g.min_p_mw is not None else 0,
        ])
    for b in net.buses:
        if not b.in_service:
            btype[b.id] = 4
    branch_rows = []
    for br in net.impedance_branches:
        ratio = br.tap_ratio if (br.is_transformer or br.tap_ratio != 1) else 0
        branch_rows.append([number[br.from_bus], number[br.to_bus], br.r_pu, br.x_pu, br.b_pu, br.rate_a_mva,
                            br.rate_b_mva, br.rate_c_mva, ratio, br.shift_degree, 1 if br.in_service else 0,
                            br.angmin_degree, br.angmax_degree])
    extra_bus_rows = []
    other = net.model_copy(update={"impedance_branches": [], "generators": [], "external_grids": [],
                                   "loads": [], "shunts": [], "switches": []})
    if other.lines or other.transformers or other.transformers3w:
        compiled = compile_network(other)
        next_number = max(number.values(), default=0) + 1
        for k, bid in enumerate(compiled.bus_ids):
            if compiled.internal_bus[k]:  # star point of a 3-winding transformer
                number[bid] = next_number
                next_number += 1
                gs[bid] = bs[bid] = 0.0
                extra_bus_rows.append(bid)
        bt = compiled.branches
        for k in range(len(bt.f)):
            # Exact: series admittance and ideal tap as a MATPOWER branch, end shunts as bus shunts.
            tap = bt.tap[k]
            ys = -bt.yft[k] * np.conj(tap)
            y_from = bt.yff[k] - ys / abs(tap) ** 2
            y_to = bt.ytt[k] - ys
            f_id, t_id = compiled.bus_ids[bt.f[k]], compiled.bus_ids[bt.t[k]]
            for bus_id, y in ((f_id, y_from), (t_id, y_to)):
                gs[bus_id] += y.real * base
                bs[bus_id] += y.imag * base
            z = 1 / ys
            is_tx = bt.kind[k] != "line"
            branch_rows.append([number[f_id], number[t_id], z.real, z.imag, 0,
                                0 if np.isnan(bt.rating_mva[k]) else bt.rating_mva[k], 0, 0,
                                abs(tap) if is_tx else 0, float(np.rad2deg(np.angle(tap))), 1, -360, 360])
    bus_rows = []
    for b in net.buses:
        area, zone = 1, 1
        if b.zone and "/" in b.zone:
            a, z = b.zone.split("/", 1)
            if a.isdigit() and z.isdigit():
                area, zone = int(a), int(z)
        bus_rows.append([number[b.id], btype[b.id], pd[b.id], qd[b.id], gs[b.id], bs[b.id], area, vm[b.id],
                         va[b.id], b.vn_kv, zone, b.max_vm_pu, b.min_vm_pu])
    for bid in extra_bus_rows:
        bus_rows.append([number[bid], 1, 0, 0, gs[bid], bs[bid], 1, 1, 0, compiled.vn_kv[compiled.bus_index[bid]],
                         1, 1.1, 0.9])
    out = [f"function mpc = {re.sub(r'[^A-Za-z0-9_]', '_', net.name or 'case')}",
           "% Written by GridSolve", "mpc.version = '2';", f"mpc.baseMVA = {_fmt(base)};", "",
           "%% bus data", "%\t" + "\t".join(BUS_COLS), "mpc.bus = ["]
    out += ["\t" + "\t".join(_fmt(x) for x in r) + ";" for r in bus_rows]
    out += ["];", "", "%% generator data", "%\t" + "\t".join(GEN_COLS), "mpc.gen = ["]
    out += ["\t" + "\t".join(_fmt(x) for x in r) + ";" for r in gen_rows]
    out += ["];", "", "%% branch data", "%\t" + "\t".join(BRANCH_COLS) + "\tangmin\tangmax", "mpc.branch = ["]
    out += ["\t" + "\t".join(_fmt(x) for x in r) + ";" for r in branch_rows]
    out += ["];", ""]
    if any(b.name for b in net.buses):
        out += ["mpc.bus_name = {"] + [f"\t'{b.name}';" for b in net.buses] + ["};", ""]
    return "\n".join(out)
