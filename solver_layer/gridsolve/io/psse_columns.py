"""A PSS/E RAW section's records as columns, and the first error in the per-record order.

`Records` holds one section's lines (one record each, or one line of a multi-line record): tokens by the numba
scanner (`_rawscan`, large sections) or by `psse.split_record` (small ones, lines the scanner leaves, and where
numba is absent). Its fields are read as whole columns: `Fields.num` gives a float array with the defaults filled,
and registers, for the rows where it is read, the errors the per-record reader raised for that field (missing,
not a number, not finite, not an integer) with their line and `<record>.<FIELD>`.

`Checks` keeps the first error: the per-record reader stopped at the first record with an error, and within it at
the first check in its reading order. Every check here is registered with that record's row and its rank (its
position in the per-record reader's order), and the lowest (row, rank) is raised: the same message, line and field.
A check only uses fields of lower rank, so values of a row that already failed (NaN, defaults) cannot produce an
earlier error.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from ..errors import ParseError
from ..powerflow.newton import use_numba

NOT_A_NUMBER, NOT_FINITE = 1, 2


def _rawscan():  # noqa: ANN202 - a module
    from . import _rawscan  # lazy: numba is imported only for sections large enough to use its scanner

    return _rawscan


def raw_float(text: str) -> float | None:
    """A RAW number as float() reads it, Fortran's D exponents included; None if it is not a number."""
    try:
        return float(text.replace("D", "E").replace("d", "e"))
    except ValueError:
        return None


class Records:
    """The tokens of one section's lines (`texts`, 1-based line numbers `lines`), `width` fields wide."""

    def __init__(self, texts: list[str], lines: Sequence[int], width: int, split: Callable[[str], list[str]],
                 large: bool | None = None) -> None:
        """`large`: the case is large enough for numba's tokenizer (None: judged by this section's rows)."""
        self.n = len(texts)
        self.lines = np.asarray(lines, dtype=np.int64)
        self.width = width
        block = "\n".join(texts)
        self.block = block
        self.tokens: dict[int, list[str]] = {}  # row -> stripped tokens, for the rows Python tokenized
        large = use_numba(self.n) if large is None else large
        if self.n and large and block.isascii() and len(block) < 2 ** 31:  # int32 offsets
            self.starts, self.ends, self.values, self.kinds, general = _rawscan().scan(block, width)
            python_rows = np.flatnonzero(general).tolist()
        else:
            self.starts = self.ends = np.zeros((self.n, width), dtype=np.int64)
            self.values = np.zeros((self.n, width))
            self.kinds = np.zeros((self.n, width), dtype=np.int8)
            python_rows = list(range(self.n))
        for r in python_rows:
            self.tokens[r] = [t.strip() for t in split(texts[r])]

    def token(self, row: int, k: int) -> str:
        """The stripped text of field k of row `row` ('' when absent)."""
        toks = self.tokens.get(row)
        if toks is not None:
            return toks[k] if k < len(toks) else ""
        s, e = int(self.starts[row, k]), int(self.ends[row, k])
        return self.block[s:e]

    def texts(self, k: int, rows: np.ndarray | None = None) -> list[str]:
        """Field k of every row (or of `rows`), stripped."""
        if rows is not None:
            return [self.token(r, k) for r in rows.tolist()]
        if len(self.tokens) == self.n:
            return [self.token(r, k) for r in range(self.n)]
        block = self.block
        out = [block[a:b] for a, b in zip(self.starts[:, k].tolist(), self.ends[:, k].tolist(), strict=True)]
        for r in self.tokens:
            out[r] = self.token(r, k)
        return out

    def numbers(self, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Field k as (values, present, error code per row: 0, NOT_A_NUMBER, NOT_FINITE)."""
        values = self.values[:, k].copy()
        present = self.kinds[:, k] != 0
        code = np.zeros(self.n, dtype=np.int8)
        slow = np.flatnonzero(self.kinds[:, k] == 2).tolist()
        for r in slow:
            x = raw_float(self.token(r, k))
            if x is None:
                code[r] = NOT_A_NUMBER
            else:
                values[r] = x
        for r, toks in self.tokens.items():
            text = toks[k] if k < len(toks) else ""
            if not text:
                continue
            present[r] = True
            x = raw_float(text)
            if x is None:
                code[r] = NOT_A_NUMBER
            else:
                values[r] = x
        code[(code == 0) & present & ~np.isfinite(values)] = NOT_FINITE
        values[code != 0] = np.nan
        return values, present, code


class Checks:
    """The first error in the per-record reader's order: the lowest (row, rank) registered."""

    def __init__(self) -> None:
        self.best: tuple[int, float, Callable[[int], ParseError]] | None = None

    def add(self, mask: np.ndarray, rank: float, error: Callable[[int], ParseError]) -> None:
        hits = np.flatnonzero(mask)
        if not len(hits):
            return
        row = int(hits[0])
        if self.best is None or (row, rank) < self.best[:2]:
            self.best = (row, rank, error)

    def add_row(self, row: int, rank: float, error: Callable[[int], ParseError]) -> None:
        if self.best is None or (row, rank) < self.best[:2]:
            self.best = (row, rank, error)

    def raise_first(self) -> None:
        if self.best is not None:
            row, _, error = self.best
            raise error(row)


class Fields:
    """Named fields of a `Records` (a layout's names), read as columns with the per-record reader's errors."""

    def __init__(self, rec: Records, kind: str, names: list[str], source: str, checks: Checks) -> None:
        self.rec, self.kind, self.source, self.checks = rec, kind, source, checks
        self.pos: dict[str, int] = {}
        for k, name in enumerate(names):
            self.pos.setdefault(name, k)
        self.names = names
        self._cache: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}

    @property
    def n(self) -> int:
        return self.rec.n

    def error(self, message: str | Callable[[int], str], name: str | None = None,
              lines: np.ndarray | None = None) -> Callable[[int], ParseError]:
        field = f"{self.kind}.{name}" if name else self.kind
        at = self.rec.lines if lines is None else lines

        def make(row: int) -> ParseError:
            text = message(row) if callable(message) else message
            return ParseError(text, file=self.source, line=int(at[row]), field=field)
        return make

    def raw(self, row: int, name: str) -> str:
        return self.rec.token(row, self.pos[name])

    def _numbers(self, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        found = self._cache.get(k)
        if found is None:
            found = self._cache[k] = self.rec.numbers(k)
        return found

    def num(self, name: str, default: float | None, rank: float, read: np.ndarray | None = None,
            integer: bool = False) -> np.ndarray:
        """Field `name` as floats (`default` where blank or absent), registering its errors at `rank` for the
        rows `read` (all when None): the per-record reader's rec.float / rec.int."""
        values, present, code = self._numbers(self.pos[name])
        mask = np.ones(self.n, dtype=bool) if read is None else read
        add = self.checks.add
        if default is None:
            add(mask & ~present, rank, self.error(f"missing field {name}", name))
        add(mask & (code == NOT_A_NUMBER), rank,
            self.error(lambda r: f"{name} is not a number: '{self.raw(r, name)}'", name))
        add(mask & (code == NOT_FINITE), rank,
            self.error(lambda r: f"{name} is not finite: '{self.raw(r, name)}'", name))
        out = values if default is None else np.where(present, values, default)
        if integer:
            with np.errstate(invalid="ignore"):
                fractional = present & (code == 0) & (values != np.trunc(values))
            add(mask & fractional, rank,
                self.error(lambda r: f"{name} must be an integer, found '{self.raw(r, name)}'", name))
        return out

    def text(self, name: str, default: str = "", rows: np.ndarray | None = None) -> list[str]:
        """rec.str: the stripped field, `default` where blank or absent."""
        values = self.rec.texts(self.pos[name], rows)
        return [v if v else default for v in values] if default else values


def int_strings(values: np.ndarray) -> list[str]:
    """str(int(v)) of integer-valued floats, exactly (beyond int64 through Python ints)."""
    if not len(values):
        return []
    if np.all(np.abs(values) < 2.0 ** 62):
        return list(map(str, values.astype(np.int64).tolist()))
    return [str(int(v)) for v in values.tolist()]
