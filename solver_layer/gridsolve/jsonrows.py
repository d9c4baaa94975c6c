"""Result tables (a list of one JSON object per row: a power flow's buses, branches, units) declared once as
fields over column arrays, and written two ways that give the same bytes:

- `Table.rows`: the list of row dicts (`to_dict`, the service's responses, small CLI results);
- `dumps_document`: the JSON text straight from the columns, byte for byte `jsonout.dumps` of the document
  with those lists, without a Python object per row. orjson writes each column once (a numeric column as a
  numpy array: the same text as for the Python floats, non-finite as null) and a numba kernel
  (`_jsonrows_kernel`) interleaves the tokens with the key text. On an 82,000-bus power flow building the dicts
  took ~0.2 s and dumping them ~0.2 s (benchmarks/pf_scaling.py); this is a fraction of either.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .jsonout import dumps

TEXT, NUMBER, FLAG = "text", "number", "flag"


@dataclass(frozen=True)
class Field:
    """One key of a table's rows: TEXT a list of str as it is, NUMBER floats (None where not finite), FLAG bools."""

    key: str
    kind: str
    column: Callable[[Any], Any]


class Table:
    """The fields of a table's rows, in their order in each row."""

    def __init__(self, *fields: Field) -> None:
        assert fields and all(f.kind in (TEXT, NUMBER, FLAG) for f in fields)
        self.fields = fields
        self.keys = [f.key for f in fields]

    def columns(self, obj: Any) -> list:
        """Each field's column of `obj`, as the JSON values: lists of str, float arrays, bool arrays."""
        cols = []
        for f in self.fields:
            col = f.column(obj)
            if f.kind == NUMBER:
                col = np.asarray(col, dtype=np.float64)
            elif f.kind == FLAG:
                col = np.asarray(col, dtype=bool)
            cols.append(col)
        return cols

    def rows(self, obj: Any) -> list[dict]:
        """The rows as dicts (linear: every column is converted to Python values once, then zipped)."""
        cols = [number_column(c) if f.kind == NUMBER else c.tolist() if f.kind == FLAG else c
                for f, c in zip(self.fields, self.columns(obj), strict=True)]
        _same_length(cols)
        keys = self.keys
        return [dict(zip(keys, values, strict=True)) for values in zip(*cols, strict=True)]


def _same_length(cols: list) -> int:
    """The columns' common length (as zip(strict=True) would raise: a table's columns are one per row)."""
    n = len(cols[0])
    if any(len(c) != n for c in cols):
        raise ValueError(f"columns of different lengths: {[len(c) for c in cols]}")
    return n


def number_column(values: np.ndarray) -> list[float | None]:
    """float(x) for every entry, None where it is not finite (JSON has no NaN/inf)."""
    arr = np.asarray(values, dtype=float)
    finite = np.isfinite(arr)
    if not finite.any():  # e.g. the loading of a case without ratings
        return [None] * len(arr)
    out = arr.tolist()
    for k in np.flatnonzero(~finite).tolist():
        out[k] = None
    return out


class _Rows:
    """One table's JSON text, prepared: its columns serialized by orjson (numbers as one 2-D array: 1.4x faster
    than a call per column), and the literal text around them."""

    def __init__(self, table: Table, obj: Any, indent: bool, depth: int) -> None:
        cols = table.columns(obj)
        self.n = _same_length(cols)
        self.size = 2  # []
        if self.n == 0:
            return
        self.numeric = np.array([f.kind == NUMBER for f in table.fields], dtype=np.bool_)
        self.column = np.zeros(len(cols), dtype=np.int64)
        self.column[self.numeric] = np.arange(self.numeric.sum())
        self.column[~self.numeric] = np.arange((~self.numeric).sum())
        nums = [c for c, is_num in zip(cols, self.numeric, strict=True) if is_num]
        texts = [c.tolist() if f.kind == FLAG else c for f, c in zip(table.fields, cols, strict=True)
                 if f.kind != NUMBER]
        self.nums = _buffer(dumps(np.stack(nums)) if nums else b"[]")
        self.texts = _buffer(dumps(texts))
        lits = _literals([dumps(f.key) for f in table.fields], indent, depth)
        self.lit_pos = np.cumsum([0] + [len(x) for x in lits]).astype(np.int64)
        self.lit = _buffer(b"".join(lits) + bytes(16))
        # Each list's tokens: its text less "[", "]" and the n - 1 commas.
        tokens = len(self.nums) - 2 - (len(nums) - 1) - len(nums) * (self.n + 1) if nums else 0
        tokens += len(self.texts) - 2 - (len(texts) - 1) - len(texts) * (self.n + 1) if texts else 0
        lens = np.diff(self.lit_pos)
        self.size = int(tokens + lens[0] + (self.n - 1) * lens[1] + self.n * lens[2:-1].sum() + lens[-1])

    def write(self, out: np.ndarray, p: int) -> int:
        if self.n == 0:
            out[p:p + 2] = _buffer(b"[]")
            return p + 2
        from . import _jsonrows_kernel as kernel  # lazy: numba is loaded only for tables large enough to need it

        starts = []
        for buf, n_lists, numbers in ((self.nums, int(self.numeric.sum()), True),
                                      (self.texts, int((~self.numeric).sum()), False)):
            starts.append(np.empty((n_lists, self.n + 1), dtype=np.int64))
            if n_lists and not kernel.token_starts(buf, self.n, starts[-1], numbers):
                raise _Unsupported
        end = kernel.fill_rows(self.nums, starts[0], self.texts, starts[1], self.numeric, self.column, self.lit,
                               self.lit_pos, out, p)
        assert end == p + self.size
        return int(end)


class _Unsupported(Exception):
    """A text column holds nested values (lists, dicts): written through the dicts instead."""


def _literals(keys: list[bytes], indent: bool, depth: int) -> list[bytes]:
    """The text around the values, as orjson lays out a list of objects at `depth` (OPT_INDENT_2): opening,
    between rows, before each later key, closing."""
    if not indent:
        return [b"[{" + keys[0] + b":", b"},{" + keys[0] + b":", *(b"," + k + b":" for k in keys[1:]), b"}]"]
    outer, row, field = (b"\n" + b"  " * (depth + d) for d in (0, 1, 2))
    return [b"[" + row + b"{" + field + keys[0] + b": ", row + b"}," + row + b"{" + field + keys[0] + b": ",
            *(b"," + field + k + b": " for k in keys[1:]), row + b"}" + outer + b"]"]


def _buffer(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype=np.uint8)


def dumps_document(doc: Mapping[str, Any], tables: Mapping[str, tuple[Table, Any]], *,
                   indent: bool = False) -> memoryview:
    """`jsonout.dumps(doc, indent=indent)` with doc[key] = table.rows(obj) for each (table, obj) in `tables`
    (doc's own value at those keys is ignored), written without the rows' dicts; one buffer, no copy of it."""
    try:
        parts: list[bytes | _Rows] = []
        for k, (key, value) in enumerate(doc.items()):
            sep = (b"{" if k == 0 else b",") + (b"\n  " if indent else b"") + dumps(key) + (b": " if indent else b":")
            parts.append(sep)
            if key in tables:
                parts.append(_Rows(*tables[key], indent, depth=1))
            else:
                text = dumps(value, indent=indent)
                parts.append(text.replace(b"\n", b"\n  ") if indent else text)  # a raw newline is only layout
        parts.append((b"\n}" if indent else b"}") if doc else b"{}")
        size = sum(len(x) if isinstance(x, bytes) else x.size for x in parts)
        out = np.empty(size + 16, dtype=np.uint8)  # the kernel writes up to 15 bytes past a table: the next part's
        p = 0
        for x in parts:
            if isinstance(x, bytes):
                out[p:p + len(x)] = _buffer(x)
                p += len(x)
            else:
                p = x.write(out, p)
        assert p == size
        return out[:size].data
    except _Unsupported:
        return memoryview(dumps({k: tables[k][0].rows(tables[k][1]) if k in tables else v for k, v in doc.items()},
                                indent=indent))
