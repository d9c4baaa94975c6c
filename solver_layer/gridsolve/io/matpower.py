"""MATPOWER case files (format version 2): read into a Network and write back.

Buses keep their MATPOWER numbers as ids. Loads, shunts, generators and branches get ids
derived from the bus number or the 1-based row (`load_5`, `gen_3`, `br_12`), so results can be
matched row by row with MATPOWER's own output.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from types import ModuleType

import numpy as np

from ..bulk import Column, SortedLookup, Table, take
from ..compile import compile_network
from ..errors import ParseError
from ..model import Bus, Generator, ImpedanceBranch, Load, Network, Shunt
from ..powerflow.newton import use_numba

INF_ALLOWED = ("Qmax", "Qmin", "Pmax", "Pmin")  # MATPOWER writes +-Inf for "no limit"; elsewhere an error
BUS_COLS = ("bus_i", "type", "Pd", "Qd", "Gs", "Bs", "area", "Vm", "Va", "baseKV", "zone", "Vmax", "Vmin")
GEN_COLS = ("bus", "Pg", "Qg", "Qmax", "Qmin", "Vg", "mBase", "status", "Pmax", "Pmin")
BRANCH_COLS = ("fbus", "tbus", "r", "x", "b", "rateA", "rateB", "rateC", "ratio", "angle", "status")

_ASSIGN = re.compile(r"^\s*mpc\.(\w+)\s*=\s*(.*)$")


class _Matrix:
    """One `mpc.X = [...]` matrix: a 2-D float array when every row has the same width (the numpy path
    and most files), else the rows as lists; `lines` is the source line of each row."""

    def __init__(self, rows: list[list[float]] | None = None, lines: list[int] | None = None, *,
                 array: np.ndarray | None = None, block: tuple[int, bytes] | None = None) -> None:
        self._rows, self._lines, self.array, self._block = rows, lines, array, block

    @property
    def rows(self) -> list[list[float]]:
        if self._rows is None:
            self._rows = self.array.tolist() if self.array is not None else []
        return self._rows

    @property
    def lines(self) -> list[int]:
        """Computed when asked for (an error message): on the numpy path each non-blank line of the block
        (comments removed) is one row, as `np.loadtxt` read it."""
        if self._lines is None:
            first, text = self._block or (0, b"")
            self._lines = [first + j for j, line in enumerate(text.split(b"\n")) if line.strip(b" \t;")]
        return self._lines

    def __len__(self) -> int:
        return len(self.array) if self.array is not None else len(self.rows)


def _strip_comment(text: str) -> str:
    if "%" not in text:
        return text
    if "'" not in text:
        return text.split("%", 1)[0]
    in_quote = False
    for i, ch in enumerate(text):
        if ch == "'":
            in_quote = not in_quote
        elif ch == "%" and not in_quote:
            return text[:i]
    return text


def _whole_row(text: str) -> list[float] | None:
    """The usual layout, one whole row per line ending in ';' (no brackets, commas,
    continuations or further ';'): its numbers; None when the general path must read it."""
    if "]" in text or "," in text or "..." in text:
        return None
    head, sep, tail = text.partition(";")
    if not sep or tail.strip() or ";" in head:
        return None
    try:
        return [float(t) for t in head.split()]
    except ValueError:
        return None


class _MatrixReader:
    """State of one `mpc.X = [ ... ];` being read line by line (rows, their source lines)."""

    def __init__(self, lines: list[str], start: int, name: str, source: str) -> None:
        self.lines, self.start, self.name, self.source = lines, start, name, source
        self.rows: list[list[float]] = []
        self.row_lines: list[int] = []
        self.current: list[float] = []

    def end_row(self, i: int) -> None:
        if self.current:
            self.rows.append(self.current)
            self.row_lines.append(i + 1)
            self.current = []

    def general(self, text: str, i: int) -> bool:
        """Read a line the general way (';' and newlines end rows, ',' and '...' allowed); True at ']'."""
        done = "]" in text
        if done:
            text = text.split("]", 1)[0]
        for chunk_index, chunk in enumerate(text.replace("...", " ").split(";")):
            if chunk_index > 0:
                self.end_row(i)
            for token in chunk.replace(",", " ").split():
                try:
                    self.current.append(float(token.replace("Inf", "inf")))
                except ValueError:
                    raise ParseError(f"not a number: '{token}'", file=self.source, line=i + 1,
                                     field=f"mpc.{self.name}") from None
        self.end_row(i)  # a newline ends a row just like ';'
        return done

    def next_line(self, i: int) -> str:
        if i >= len(self.lines):
            raise ParseError(f"matrix mpc.{self.name} is not closed with ']'", file=self.source, line=self.start + 1,
                             field=f"mpc.{self.name}")
        body = self.lines[i]
        if _ASSIGN.match(body):
            raise ParseError(f"matrix mpc.{self.name} is not closed with ']' before the next assignment",
                             file=self.source, line=i + 1, field=f"mpc.{self.name}")
        return body


# What the numpy path reads: numbers (inf/nan/infinity spelled in any case), spaces, tabs, newlines and a ';'
# ending a line. Anything else (brackets, commas, '...', quotes, several rows on one line) takes the general path.
_NUMPY_CHARS = b"0123456789.+-eE \t\n;iInNfFaAtTyY"
_ROW_AFTER_SEMICOLON = re.compile(rb";[ \t]*[^ \t\n]")
_COMMENT = re.compile(r"%[^\n]*")


def _closing_line(lines: list[str], start: int) -> int | None:
    """Index of the line holding the matrix's ']' (outside a comment), None if it is not closed."""
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if "]" in line and "]" in _strip_comment(line):
            return i
    return None


def _numpy_matrix(lines: list[str], start: int, first: str, n_bus: int | None = None) -> tuple[_Matrix, int] | None:
    """The rows between `[` (on line `start`) and `]` in one pass (numba's scanner for a case large enough to use
    numba's kernels: `n_bus` buses, or this block's rows before the bus matrix is read; np.loadtxt otherwise, so a
    small case's cold start never imports numba), when the block has the plain layout (one row of equal width per
    line); None leaves the block to the general path, which reads any layout and names the line of whatever is
    wrong."""
    close = _closing_line(lines, start)
    if close is None or close == start:
        return None
    head = first.split("[", 1)[1]
    tail = lines[close].split("]", 1)[0]
    text = "\n".join([head, *lines[start + 1:close], tail])
    if "'" in text:
        return None
    if "%" in text:
        text = _COMMENT.sub("", text)
    try:
        raw = text.encode("ascii")
    except UnicodeEncodeError:
        return None
    large = use_numba(close - start if n_bus is None else n_bus)
    array = _numtext().number_block(raw) if large else _loadtxt_block(raw)
    if array is None:
        return None
    return _Matrix(array=array, block=(start + 1, raw)), close


def _loadtxt_block(raw: bytes) -> np.ndarray | None:
    """np.loadtxt of a block in the plain layout (the scanner's checks, made here with bytes methods)."""
    if raw.translate(None, _NUMPY_CHARS) or _ROW_AFTER_SEMICOLON.search(raw):
        return None
    raw = raw.replace(b";", b" ")
    if not raw.strip():
        return None
    try:
        return np.loadtxt(io.BytesIO(raw), dtype=float, ndmin=2, comments=None)
    except ValueError:  # rows of different widths, or a token that is not a number
        return None


def _numtext() -> ModuleType:
    """The numba number scanner, imported for large blocks only (numba's import is a cold start's largest cost)."""
    from . import _numtext  # lazy: numba is imported only for blocks large enough to use its scanner

    return _numtext


def _parse_matrix(lines: list[str], start: int, first: str, name: str, source: str,
                  n_bus: int | None = None) -> tuple[_Matrix, int]:
    """Parse `[ ... ];` starting on line index `start` whose remainder after '=' is `first`."""
    fast = _numpy_matrix(lines, start, first, n_bus)
    if fast is not None:
        return fast
    reader = _MatrixReader(lines, start, name, source)
    body = first.split("[", 1)[1]
    i = start
    while True:
        text = _strip_comment(body)
        row = _whole_row(text)
        if row is not None:
            if row:
                reader.rows.append(row)
                reader.row_lines.append(i + 1)
        elif reader.general(text, i):
            return _Matrix(reader.rows, reader.row_lines), i
        i += 1
        body = reader.next_line(i)


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
                n_bus = len(data["bus"]) if isinstance(data.get("bus"), _Matrix) else None
                data[name], i = _parse_matrix(lines, i, rest, name, source, n_bus)
            elif "{" in rest:
                data[name], i = _parse_cell(lines, i, rest)
            else:
                value = _strip_comment(rest).strip().rstrip(";").strip().strip("'")
                data[name] = value
        i += 1
    _check_sections(data, source)
    return data


def _check_sections(data: dict, source: str) -> None:
    """Required sections present, version 2, baseMVA a number, rows long enough."""
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
        if matrix.array is not None:
            width = matrix.array.shape[1]
            if len(matrix) and width < len(cols):
                raise ParseError(
                    f"mpc.{name} row has {width} columns, needs at least {len(cols)} (missing '{cols[width]}')",
                    file=source, line=matrix.lines[0], field=f"mpc.{name}.{cols[width]}")
            continue
        for row, line in zip(matrix.rows, matrix.lines, strict=True):
            if len(row) < len(cols):
                raise ParseError(
                    f"mpc.{name} row has {len(row)} columns, needs at least {len(cols)} "
                    f"(missing '{cols[len(row)]}')", file=source, line=line, field=f"mpc.{name}.{cols[len(row)]}",
                )


def _columns(matrix: _Matrix, n_cols: int) -> np.ndarray:
    """The first `n_cols` columns of every row as one float array (rows were checked long enough)."""
    if matrix.array is not None:
        return matrix.array[:, :n_cols]
    if not matrix.rows:
        return np.zeros((0, n_cols))
    return np.array([r[:n_cols] for r in matrix.rows], dtype=float)


def _bus_numbers(col: np.ndarray, m: _Matrix, source: str, field: str) -> np.ndarray:
    bad = np.flatnonzero((col != np.floor(col)) | (col <= 0))
    if len(bad):
        k = bad[0]
        raise ParseError(f"bus number must be a positive integer, found {col[k]:g}", file=source, line=m.lines[k],
                         field=field)
    return col.astype(np.int64)


def _ids(numbers: np.ndarray) -> list[str]:
    return list(map(str, numbers.tolist()))


def _ids_at(ids: list[str], rows: np.ndarray) -> Callable[[], list[str]]:
    """The bus ids of a table's bus column, built when first asked for (compile joins by position)."""
    return lambda: take(ids, rows)


def _check_finite(a: np.ndarray, m: _Matrix, cols: tuple[str, ...], table: str, source: str) -> None:
    """NaN anywhere, or +-Inf outside the limit columns, is an error naming its line and column (an int() of
    it would crash, and a NaN voltage or impedance would be silently carried into the studies)."""
    allowed = np.array([c in INF_ALLOWED for c in cols])
    bad = np.isnan(a) | (np.isinf(a) & ~allowed)
    if bad.any():
        k, j = np.argwhere(bad)[0]
        raise ParseError(f"{cols[j]} is {a[k, j]}; a finite number is required", file=source, line=m.lines[k],
                         field=f"mpc.{table}.{cols[j]}")


def _first(mask: np.ndarray) -> int | None:
    hits = np.flatnonzero(mask)
    return int(hits[0]) if len(hits) else None


def read_matpower(text: str, source: str = "<matpower>", name: str | None = None) -> Network:
    """Vectorized: one array per MATPOWER matrix, checks as array expressions, element lists kept as columns
    (bulk.Table) after those checks (they are the field constraints pydantic would apply, so the Network is the
    same as validating each row, at a fraction of the cost on 10k+ bus cases)."""
    data = parse_matpower(text, source)
    names = data.get("bus_name") if isinstance(data.get("bus_name"), list) else None
    buses, loads, shunts, bus = _read_buses(data["bus"], names, source)
    generators = _read_gens(data["gen"], bus, source)
    branches = _read_branches(data["branch"], bus, source)
    tables = {"buses": buses, "loads": loads, "shunts": shunts, "generators": generators,
              "impedance_branches": branches}
    return Network.from_tables(tables, name=name or _case_name(text, source), base_mva=data["baseMVA"],
                               source_format="matpower")


class _Buses:
    """What the generator and branch tables need of the bus table."""

    def __init__(self, table: Table, numbers: np.ndarray, ids: list[str], btype: np.ndarray, va: np.ndarray) -> None:
        self.table, self.numbers, self.ids, self.btype, self.va = table, numbers, ids, btype, va
        self.lookup = SortedLookup(numbers)


def _check_unique(numbers: np.ndarray, m: _Matrix, source: str) -> None:
    lookup = SortedLookup(numbers)
    again = np.flatnonzero(lookup.sorted[1:] == lookup.sorted[:-1]) + 1
    if len(again):
        k = int(lookup.order[again].min())  # the first row repeating an earlier bus
        first = int(lookup.order[np.searchsorted(lookup.sorted, numbers[k])])
        raise ParseError(f"bus {numbers[k]} defined twice (first on line {m.lines[first]})", file=source,
                         line=m.lines[k], field="mpc.bus.bus_i")


def _read_buses(bus_m: _Matrix, names: list[str] | None, source: str) -> tuple[Table, Table, Table, _Buses]:
    a = _columns(bus_m, len(BUS_COLS))
    _check_finite(a, bus_m, BUS_COLS, "bus", source)
    numbers = _bus_numbers(a[:, 0], bus_m, source, "mpc.bus.bus_i")
    _check_unique(numbers, bus_m, source)
    ids = _ids(numbers)
    btype = a[:, 1].astype(np.int64)
    k = _first(~np.isin(btype, (1, 2, 3, 4)) | (a[:, 1] != btype))
    if k is not None:
        raise ParseError(f"bus type {a[k, 1]:g} is not 1, 2, 3 or 4", file=source, line=bus_m.lines[k],
                         field="mpc.bus.type")
    k = _first(a[:, 9] < 0)
    if k is not None:
        raise ParseError("baseKV is negative", file=source, line=bus_m.lines[k], field="mpc.bus.baseKV")
    vmax, vmin = a[:, 11], a[:, 12]
    k = _first((vmax > 0) & (vmin > vmax))
    if k is not None:
        raise ParseError(f"Vmin {vmin[k]:g} exceeds Vmax {vmax[k]:g}", file=source, line=bus_m.lines[k],
                         field="mpc.bus.Vmin")
    bad_limits = ~((vmin > 0) & (vmin <= vmax))  # some cases leave limits at 0; they do not affect power flow
    area, zone = a[:, 6].astype(np.int64), a[:, 10].astype(np.int64)
    vm = a[:, 7]
    n = len(ids)
    buses = Table(Bus, {
        "id": ids, "name": lambda: [names[k] if k < len(names) else "" for k in range(n)] if names else [""] * n,
        "vn_kv": a[:, 9].copy(), "in_service": btype != 4,
        "min_vm_pu": np.where(bad_limits, 0.9, vmin), "max_vm_pu": np.where(bad_limits, 1.1, vmax),
        "zone": lambda: [f"{ar}/{zo}" for ar, zo in zip(area.tolist(), zone.tolist(), strict=True)],
        "vm_init_pu": [x if x > 0 else None for x in vm.tolist()], "va_init_degree": a[:, 8].copy()})
    at = np.flatnonzero((a[:, 2] != 0) | (a[:, 3] != 0))
    loads = Table(Load, {"id": [f"load_{ids[k]}" for k in at.tolist()], "bus": _ids_at(ids, at), "p_mw": a[at, 2],
                         "q_mvar": a[at, 3]}, refs={"bus": (buses, at)})
    at = np.flatnonzero((a[:, 4] != 0) | (a[:, 5] != 0))
    shunts = Table(Shunt, {"id": [f"shunt_{ids[k]}" for k in at.tolist()], "bus": _ids_at(ids, at),
                           "p_mw": a[at, 4], "q_mvar": -a[at, 5]}, refs={"bus": (buses, at)})
    return buses, loads, shunts, _Buses(buses, numbers, ids, btype, a[:, 8].copy())


def _read_gens(gen_m: _Matrix, bus: _Buses, source: str) -> Table:
    a = _columns(gen_m, len(GEN_COLS))
    _check_finite(a, gen_m, GEN_COLS, "gen", source)
    numbers = _bus_numbers(a[:, 0], gen_m, source, "mpc.gen.bus")
    row, found = bus.lookup.rows(numbers)
    k = _first(~found)
    if k is not None:
        raise ParseError(f"generator at unknown bus {numbers[k]}", file=source, line=gen_m.lines[k],
                         field="mpc.gen.bus")
    k = _first(a[:, 4] > a[:, 3])
    if k is not None:
        raise ParseError(f"Qmin {a[k, 4]:g} exceeds Qmax {a[k, 3]:g}", file=source, line=gen_m.lines[k],
                         field="mpc.gen.Qmin")
    on = a[:, 7] > 0
    btype = bus.btype[row]
    # The slack: the first in-service generator at each reference (type 3) bus.
    slack = np.zeros(len(numbers), dtype=bool)
    candidates = np.flatnonzero(on & (btype == 3))
    slack[candidates[np.unique(numbers[candidates], return_index=True)[1]]] = True
    vg, mbase = a[:, 5], a[:, 6]
    return Table(Generator, {
        "id": [f"gen_{k + 1}" for k in range(len(numbers))], "bus": _ids_at(bus.ids, row),
        "p_mw": a[:, 1].copy(), "q_mvar": a[:, 2].copy(), "vm_pu": np.where(vg > 0, vg, 1.0),
        "va_degree": bus.va[row], "voltage_control": (btype == 2) | (btype == 3),
        "slack": slack, "in_service": on, "min_q_mvar": a[:, 4].copy(), "max_q_mvar": a[:, 3].copy(),
        "min_p_mw": a[:, 9].copy(), "max_p_mw": a[:, 8].copy(),
        "sn_mva": lambda: [x if x > 0 else None for x in mbase.tolist()]}, refs={"bus": (bus.table, row)})


def _read_branches(br_m: _Matrix, bus: _Buses, source: str) -> Table:
    a = _columns(br_m, len(BRANCH_COLS))
    _check_finite(a, br_m, BRANCH_COLS, "branch", source)
    f_num = _bus_numbers(a[:, 0], br_m, source, "mpc.branch.fbus")
    t_num = _bus_numbers(a[:, 1], br_m, source, "mpc.branch.tbus")
    f_row, f_found = bus.lookup.rows(f_num)
    t_row, t_found = bus.lookup.rows(t_num)
    k = _first(~(f_found & t_found))
    if k is not None:
        fld, num = ("fbus", f_num[k]) if not f_found[k] else ("tbus", t_num[k])
        raise ParseError(f"branch to unknown bus {num}", file=source, line=br_m.lines[k], field=f"mpc.branch.{fld}")
    k = _first((a[:, 2] == 0) & (a[:, 3] == 0))
    if k is not None:
        raise ParseError("branch has zero impedance (r = x = 0)", file=source, line=br_m.lines[k],
                         field="mpc.branch.x")
    k = _first(a[:, 8] < 0)
    if k is not None:
        raise ParseError(f"tap ratio {a[k, 8]:g} is negative", file=source, line=br_m.lines[k],
                         field="mpc.branch.ratio")
    ratio, shift = a[:, 8], a[:, 9]
    cols: dict[str, Column] = {
        "id": [f"br_{k + 1}" for k in range(len(f_num))], "from_bus": _ids_at(bus.ids, f_row),
        "to_bus": _ids_at(bus.ids, t_row), "r_pu": a[:, 2].copy(), "x_pu": a[:, 3].copy(),
        "b_pu": a[:, 4].copy(), "rate_a_mva": np.where(a[:, 5] < 0, 0.0, a[:, 5]),
        "rate_b_mva": np.where(a[:, 6] < 0, 0.0, a[:, 6]), "rate_c_mva": np.where(a[:, 7] < 0, 0.0, a[:, 7]),
        "tap_ratio": np.where(ratio != 0, ratio, 1.0), "shift_degree": shift.copy(),
        "is_transformer": (ratio != 0) | (shift != 0), "in_service": a[:, 10] > 0,
    }
    refs = {"from_bus": (bus.table, f_row), "to_bus": (bus.table, t_row)}
    if br_m.array is not None:
        if br_m.array.shape[1] >= 13:
            cols["angmin_degree"], cols["angmax_degree"] = br_m.array[:, 11].copy(), br_m.array[:, 12].copy()
        return Table(ImpedanceBranch, cols, refs)  # one width: without angmin/angmax the model's defaults
    # Rows of mixed width: those without angmin/angmax take the model's defaults, as validated rows would.
    defaults = ImpedanceBranch.model_fields
    cols["angmin_degree"] = np.array([row[11] if len(row) >= 13 else defaults["angmin_degree"].default
                                      for row in br_m.rows], dtype=float)
    cols["angmax_degree"] = np.array([row[12] if len(row) >= 13 else defaults["angmax_degree"].default
                                      for row in br_m.rows], dtype=float)
    return Table(ImpedanceBranch, cols, refs)


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


def _bus_injections(net: Network, ids: list[str]) -> tuple[dict, dict, dict, dict]:
    """Pd, Qd (loads) and Gs, Bs (shunts) per bus id, MW/Mvar at 1 pu."""
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
    return pd, qd, gs, bs


def _generator_rows(net: Network, number: dict, btype: dict, va: dict, vm: dict) -> list[list[float]]:
    """mpc.gen rows (external grids first), setting bus types and voltage set points on the way."""
    base = net.base_mva
    rows: list[list[float]] = []
    for eg in net.external_grids:
        if eg.in_service:
            btype[eg.bus] = 3
            va[eg.bus] = eg.va_degree
            vm[eg.bus] = eg.vm_pu
            rows.append([number[eg.bus], 0, 0, 9999, -9999, eg.vm_pu, base, 1, 9999, -9999])
    for g in net.generators:
        if g.in_service and (g.voltage_control or g.slack):
            if g.slack:
                btype[g.bus] = 3
                va[g.bus] = g.va_degree
            elif btype[g.bus] != 3:
                btype[g.bus] = 2
            vm[g.bus] = g.vm_pu
        rows.append([
            number[g.bus], g.p_mw * g.scaling, g.q_mvar * g.scaling,
            g.max_q_mvar if g.max_q_mvar is not None else 9999,
            g.min_q_mvar if g.min_q_mvar is not None else -9999,
            g.vm_pu, g.sn_mva or base, 1 if g.in_service else 0,
            g.max_p_mw if g.max_p_mw is not None else max(g.p_mw, 0),
            g.min_p_mw if g.min_p_mw is not None else 0,
        ])
    return rows


def _model_branch_rows(net: Network, number: dict, gs: dict, bs: dict, branch_rows: list) -> list[tuple[str, float]]:
    """Lines and transformers as exact MATPOWER branches (series admittance and ideal tap; end
    shunts become bus shunts). Returns the 3-winding star points added as buses: (id, kV)."""
    other = net.model_copy(update={"impedance_branches": [], "generators": [], "external_grids": [],
                                   "loads": [], "shunts": [], "switches": []})
    if not (other.lines or other.transformers or other.transformers3w):
        return []
    compiled = compile_network(other)
    base = net.base_mva
    next_number = max(number.values(), default=0) + 1
    stars = []
    for k, bid in enumerate(compiled.bus_ids):
        if compiled.internal_bus[k]:  # star point of a 3-winding transformer
            number[bid] = next_number
            next_number += 1
            gs[bid] = bs[bid] = 0.0
            stars.append((bid, float(compiled.vn_kv[compiled.bus_index[bid]])))
    bt = compiled.branches
    for k in range(len(bt.f)):
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
    return stars


def _area_zone(zone: str | None) -> tuple[int, int]:
    if zone and "/" in zone:
        a, z = zone.split("/", 1)
        if a.isdigit() and z.isdigit():
            return int(a), int(z)
    return 1, 1


def _case_text(net: Network, bus_rows: list, gen_rows: list, branch_rows: list) -> str:
    out = [f"function mpc = {re.sub(r'[^A-Za-z0-9_]', '_', net.name or 'case')}",
           "% Written by GridSolve", "mpc.version = '2';", f"mpc.baseMVA = {_fmt(net.base_mva)};", "",
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


def write_matpower(net: Network) -> str:
    """MATPOWER v2 text. Lines and transformers are written as their per-unit pi equivalents."""
    ids = [b.id for b in net.buses]
    numeric = all(i.isdigit() for i in ids)
    number = {bid: (int(bid) if numeric else k + 1) for k, bid in enumerate(ids)}
    pd, qd, gs, bs = _bus_injections(net, ids)
    btype = dict.fromkeys(ids, 1)
    va = {b.id: b.va_init_degree or 0.0 for b in net.buses}
    vm = {b.id: b.vm_init_pu or 1.0 for b in net.buses}
    gen_rows = _generator_rows(net, number, btype, va, vm)
    for b in net.buses:
        if not b.in_service:
            btype[b.id] = 4
    branch_rows = [[number[br.from_bus], number[br.to_bus], br.r_pu, br.x_pu, br.b_pu, br.rate_a_mva,
                    br.rate_b_mva, br.rate_c_mva, br.tap_ratio if (br.is_transformer or br.tap_ratio != 1) else 0,
                    br.shift_degree, 1 if br.in_service else 0, br.angmin_degree, br.angmax_degree]
                   for br in net.impedance_branches]
    stars = _model_branch_rows(net, number, gs, bs, branch_rows)
    bus_rows = []
    for b in net.buses:
        area, zone = _area_zone(b.zone)
        bus_rows.append([number[b.id], btype[b.id], pd[b.id], qd[b.id], gs[b.id], bs[b.id], area, vm[b.id],
                         va[b.id], b.vn_kv, zone, b.max_vm_pu, b.min_vm_pu])
    for bid, kv in stars:
        bus_rows.append([number[bid], 1, 0, 0, gs[bid], bs[bid], 1, 1, 0, kv, 1, 1.1, 0.9])
    return _case_text(net, bus_rows, gen_rows, branch_rows)
