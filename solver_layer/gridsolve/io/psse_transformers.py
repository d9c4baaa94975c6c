"""PSS/E two-winding transformer records read as columns.

A two-winding record is four lines (the head I, J, K = 0, CKT, CW, CZ, CM, MAG1, MAG2, ...; the R1-2 line; the
two winding lines). `group` walks the section once to find each record's lines (a head's K tells four or five
lines); three-winding records stay on the per-record path (`psse._Reader._transformer`), and the first record
whose layout is doubtful (K not a plain integer, the file or section ending inside it, a head that needs the
general tokenizer to be told from an end record) hands the rest of the section to that path.

`read_two_winding` reads the four lines' fields as columns and applies the per-record reader's checks with their
rank in its reading order (`psse_columns.Checks`), rows being the record's position in the section so that the
per-record (three-winding) records' errors and duplicate ids interleave as in file order. The equivalent circuit
(`psse._Reader._winding_ratios`, `_magnetizing`, `winding_impedance`, `_two_winding`) is computed with the same
float operations in the same order, complex products written out as CPython evaluates them, so values match the
per-record reader bit for bit.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ..bulk import take
from ..errors import ParseError
from .psse_bulk import BusIndex, _max0, _nonfinite, bus_ref
from .psse_columns import Checks, Fields

_INT = re.compile(r"\s*-?[0-9]+\s*$")
_HEAD = re.compile(r"[ \t]*-?[0-9]+[ \t]*,[ \t]*-?[0-9]+[ \t]*,[ \t]*(-?[0-9]+)[ \t]*,")  # I, J, K plain integers
_SPECIAL = frozenset("0Qq'\"/,")
_ENDS = (["0"], ["Q"], ["q"])
# CPython < 3.14 multiplies complex by float as complex by complex(s, 0.0); 3.14 uses real arithmetic (C99 G).
_MIXED_MODE = sys.version_info >= (3, 14)


@dataclass
class Grouping:
    """The section's records up to the end record or the first doubtful one (`stop`, a line index)."""

    heads: list[int] = field(default_factory=list)  # line index of each record's head
    lines: list[list[int]] = field(default_factory=list)  # its continuation lines' indices
    three: list[bool] = field(default_factory=list)
    stop: int | None = None
    ended: bool = False  # the end record was found (then `pos` is the line after it)
    quit: bool = False  # it was 'Q'
    pos: int = 0
    last: int = 0  # the last line number the section loop itself read (heads, blanks, the end record)


def _k_value(raw: str, split: Callable[[str], list[str]]) -> int | None:
    """K of a head line when it is plainly an integer (blank: 0), else None."""
    m = _HEAD.match(raw)
    if m is not None:
        return int(m.group(1))
    tokens = split(raw)
    k = tokens[2] if len(tokens) > 2 else ""
    if not k.strip():
        return 0
    return int(k) if _INT.match(k) else None


def _maybe_end(raw: str) -> bool:
    """Whether the line may be a lone 0 or Q record: its first token can only be one if it starts with 0, Q or q
    followed by a blank, a separator or a quote (or with a quote, '/' or ',')."""
    t = raw.lstrip()
    if not t:
        return False
    if t[0] in "0Qq":
        return len(t) == 1 or t[1] in " \t\x1f,/'\""
    return t[0] in "'\"/,"


def group(lines: list[str], pos: int, split: Callable[[str], list[str]]) -> Grouping:
    """Records from line index `pos`, the way the per-record reader consumes them ('@!' lines skipped)."""
    out = Grouping(last=pos)
    n = len(lines)
    p = pos
    while True:
        while p < n and lines[p].lstrip().startswith("@!"):
            p += 1
        if p >= n:
            out.pos = p
            return out
        raw = lines[p]
        head = raw.lstrip()[:1]
        if not head or head in _SPECIAL:
            tokens = split(raw)
            if not tokens and not raw.strip():
                out.last = p + 1
                p += 1
                continue
            if not tokens or tokens[0].strip() in ("0", "Q", "q"):
                out.last, out.pos, out.ended = p + 1, p + 1, True
                out.quit = bool(tokens) and tokens[0].strip() in ("Q", "q")
                return out
            out.stop = p
            return out
        k = _k_value(raw, split)
        if k is None:
            out.stop = p
            return out
        q = p + 1
        cont = []
        for _ in range(4 if k != 0 else 3):
            while q < n and lines[q].lstrip().startswith("@!"):
                q += 1
            if q >= n or (_maybe_end(lines[q]) and split(lines[q]) in _ENDS):
                out.stop = p  # incomplete: the per-record reader raises
                return out
            cont.append(q)
            q += 1
        out.heads.append(p)
        out.lines.append(cont)
        out.three.append(k != 0)
        out.last = p + 1
        p = q


class RowChecks(Checks):
    """Checks whose rows are a subset of the section's records: errors are ranked by the record's position
    (`records[row]`), so that records read elsewhere (`add_record`) take their place in file order."""

    def __init__(self, records: np.ndarray) -> None:
        super().__init__()
        self.records = records

    def add_row(self, row: int, rank: float, error: Callable[[int], ParseError]) -> None:
        self.add_record(int(self.records[row]), rank, lambda _r: error(row))

    def add_record(self, record: int, rank: float, error: Callable[[int], ParseError]) -> None:
        if self.best is None or (record, rank) < self.best[:2]:
            self.best = (record, rank, error)

    def add(self, mask: np.ndarray, rank: float, error: Callable[[int], ParseError]) -> None:
        hits = np.flatnonzero(mask)
        if len(hits):
            self.add_row(int(hits[0]), rank, error)

    def first_record(self) -> float:
        return math.inf if self.best is None else self.best[0]


def _cmul(re_: np.ndarray, im: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(re + j im) * s as the Python complex-by-float product."""
    if _MIXED_MODE:
        return re_ * s, im * s
    return re_ * s - im * 0.0, re_ * 0.0 + im * s


@dataclass
class TwoWinding:
    """The columnar records' ImpedanceBranch columns, ids and the rows pydantic might refuse."""

    columns: dict
    ids: list[str]
    suspect: np.ndarray


def _codes(h: Fields) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    add = h.checks.add
    cw, cz, cm = (h.num(name, 1, 4 + k, integer=True) for k, name in enumerate(("CW", "CZ", "CM")))
    for k, (name, code, allowed) in enumerate((("CW", cw, (1, 2, 3)), ("CZ", cz, (1, 2, 3)), ("CM", cm, (1, 2)))):
        add(~np.isin(code, allowed), 7 + k, h.error(_not_one_of(name, code, allowed), name))
    return cw, cz, cm


def _not_one_of(name: str, code: np.ndarray, allowed: tuple[int, ...]) -> Callable[[int], str]:
    return lambda r: f"{name} = {int(code[r])} is not one of {', '.join(map(str, allowed))}"


def raised(exc: Exception) -> Callable[[int], ParseError]:
    """A check's error that is an exception already made (by the per-record path, or one it let through)."""
    def make(_row: int) -> ParseError:
        return exc  # type: ignore[return-value]  # raised as it is: an OverflowError stays one
    return make


def _ratio(w: Fields, n: int, kv: np.ndarray, bids: list[str], cw: np.ndarray,
           rank: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """_winding_ratios for winding n: (ratio, angle, rate, nomv)."""
    add = w.checks.add
    nomv = w.num(f"NOMV{n}", 0.0, rank)
    nomv = np.where(nomv == 0, kv, nomv)  # `or baskv`
    windv = w.num(f"WINDV{n}", 1.0, rank + 1)
    windv = np.where(windv == 0, np.where(cw == 2, nomv, 1.0), windv)
    add((cw != 1) & (kv <= 0), rank + 2,
        w.error(lambda r: f"CW = {int(cw[r])} needs a base kV at bus {bids[r]}", f"WINDV{n}"))
    with np.errstate(all="ignore"):
        ratio = np.where(cw == 1, windv, np.where(cw == 2, windv / kv, windv * nomv / kv))
    add(ratio <= 0, rank + 3,
        w.error(lambda r: f"winding ratio must be positive, found WINDV{n} = {windv[r]:g}", f"WINDV{n}"))
    angle = w.num(f"ANG{n}", 0.0, rank + 4)
    rate = _max0(w.num(f"RATA{n}", 0.0, rank + 5))
    return ratio, angle, rate, nomv


def _magnetizing(h: Fields, z: Fields, cm: np.ndarray, kv: np.ndarray, nomv1: np.ndarray,
                 base: float) -> tuple[np.ndarray, np.ndarray]:
    """Ym at bus I; CM 2 rows (rare) with math, as the per-record reader."""
    mag1, mag2 = h.num("MAG1", 0.0, 23), h.num("MAG2", 0.0, 24)
    two = cm == 2
    sbase = z.num("SBASE1-2", base, 25, read=two)
    g, b = mag1.copy(), mag2.copy()
    for r in np.flatnonzero(two).tolist():
        baskv, nomv = float(kv[r]), float(nomv1[r])
        try:
            scale = (baskv / nomv) ** 2 if nomv > 0 and baskv > 0 else 1.0
        except OverflowError as exc:  # what the per-record reader raised there (not a ParseError)
            h.checks.add_row(r, 25.5, raised(exc))
            continue
        gr = float(mag1[r]) / (1e6 * base) * scale
        y = float(mag2[r]) * (float(sbase[r]) / base) * scale
        g[r], b[r] = gr, (-math.sqrt(y * y - gr * gr) if y * y >= gr * gr else 0.0)
    return g, b


def _impedance(z: Fields, cz: np.ndarray, base: float) -> tuple[np.ndarray, np.ndarray]:
    """winding_impedance for the pair 1-2."""
    add = z.checks.add
    r, x = z.num("R1-2", 0.0, 26), z.num("X1-2", None, 27)
    scaled = cz != 1
    sbase = z.num("SBASE1-2", base, 28, read=scaled)
    add(scaled & (sbase <= 0), 29,
        z.error(lambda k: f"SBASE1-2 must be positive with CZ = {int(cz[k])}, found {sbase[k]:g}", "SBASE1-2"))
    loss = cz == 3
    with np.errstate(all="ignore"):
        r3 = np.where(loss, r / (sbase * 1e6), r)
        short = loss & (x * x < r3 * r3)
        add(short, 30, z.error(lambda k: f"|Z| = {x[k]:g} pu is smaller than the load-loss resistance {r3[k]:g} pu",
                                "X1-2"))
        x3 = np.where(loss & ~short, np.sqrt(np.where(short, 0.0, x * x - r3 * r3)), x)
        zr, zi = _cmul(r3, x3, base / sbase)
    return np.where(scaled, zr, r), np.where(scaled, zi, x)


def read_two_winding(h: Fields, z: Fields, w1: Fields, w2: Fields, buses: BusIndex, base: float) -> TwoWinding:
    """The checks up to (not including) the duplicate id, registered on h.checks; the branch columns."""
    fr = bus_ref(h, buses, "I", 0)
    to = bus_ref(h, buses, "J", 1)
    cw, cz, cm = _codes(h)
    fi, ti = take(buses.ids, fr), take(buses.ids, to)
    h.checks.add(fr == to, 10, h.error("transformer connects a bus to itself", "J"))
    kv_i, kv_j = buses.kv[fr], buses.kv[to]
    ratio1, angle1, rate_a, nomv1 = _ratio(w1, 1, kv_i, fi, cw, 11)
    ratio2, _, _, _ = _ratio(w2, 2, kv_j, ti, cw, 17)
    ym_g, ym_b = _magnetizing(h, z, cm, kv_i, nomv1, base)
    zr, zi = _impedance(z, cz, base)
    h.checks.add((zr == 0) & (zi == 0), 31, z.error("transformer has zero impedance (R1-2 = X1-2 = 0)", "X1-2"))
    rate_b, rate_c = _max0(w1.num("RATB1", 0.0, 32)), _max0(w1.num("RATC1", 0.0, 33))
    on = h.num("STAT", 1, 34, integer=True) != 0
    with np.errstate(all="ignore"):
        tap = ratio1 / ratio2
        r_pu, x_pu = _cmul(*_cmul(zr, zi, ratio2), ratio2)
        g_mag, b_mag = _cmul(*_cmul(ym_g, ym_b, tap), tap)
    ids = [f"tx_{i}_{j}_{c}" for i, j, c in zip(fi, ti, h.text("CKT", "1"), strict=True)]
    suspect = _nonfinite(r_pu, x_pu, g_mag, b_mag, tap) | ~(tap > 0)
    columns = {
        "id": ids, "name": h.text("NAME"), "from_bus": fi, "to_bus": ti, "r_pu": r_pu, "x_pu": x_pu,
        "g_mag_pu": g_mag, "b_mag_pu": b_mag, "tap_ratio": tap, "shift_degree": angle1, "rate_a_mva": rate_a,
        "rate_b_mva": rate_b, "rate_c_mva": rate_c, "is_transformer": np.ones(h.n, dtype=bool), "in_service": on}
    return TwoWinding(columns, ids, suspect)
