"""A numba tokenizer for the records of a PSS/E RAW data section (one record per line).

Why: converting token strings with Python's `float()` costs ~200 ns a number, and a tiled 78,000-bus RAW file has
2.8 million of them. This scans the section's bytes once, with the semantics of `psse._split_simple` (fields split
at commas, blank-separated words inside a field are fields, a field in single quotes is one field, an empty field
between commas is blank), and converts numbers by Clinger's fast path (`_numtext._fast_value`, equal to `float()`
bit for bit). Lines it does not take (a double quote, a '/', malformed quotes, a non-ASCII byte) are flagged for
`psse.split_record`; tokens the fast path leaves (kind 2) are converted by `float()` in Python.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ._numtext import _POW10, _fast_value

_NEWLINE, _COMMA, _QUOTE, _DQUOTE, _SLASH = 10, 44, 39, 34, 47


@njit(cache=True, inline="always")
def _space(c):  # pragma: no cover - compiled
    return c == 32 or c == 9 or c == 31  # what str.split() splits at, of the bytes a line can hold


@njit(cache=True, inline="always")
def _put(line, tok, a, b, buf, starts, ends, values, kinds, pow10):  # pragma: no cover - compiled
    """Token `tok` of `line` is buf[a:b] (stripped); numbers converted where the fast path can."""
    if tok < starts.shape[1]:
        starts[line, tok], ends[line, tok] = a, b
        if b > a:
            ok, value = _fast_value(buf, a, b, pow10)
            kinds[line, tok] = 1 if ok else 2
            values[line, tok] = value
    return tok + 1


@njit(cache=True, inline="always")
def _plain(c):  # pragma: no cover - compiled
    """A byte the str-method tokenizer takes as it is (not a quote, a '/' or non-ASCII)."""
    return not (c == _DQUOTE or c == _SLASH or c == _QUOTE or c >= 128)


@njit(cache=True, inline="always")
def _quoted_field(buf, p, e):  # pragma: no cover - compiled
    """The field at the quote buf[p]: (start, end of its stripped inside, index of its comma or e), or (-1, -1, -1)
    unless it is exactly one quoted string followed by blanks (what `psse._split_simple` takes)."""
    q = p + 1
    while q < e and buf[q] != _QUOTE:
        c = buf[q]
        if c == _COMMA or c == _DQUOTE or c == _SLASH or c >= 128:
            return -1, -1, -1
        q += 1
    if q >= e:
        return -1, -1, -1
    r = q + 1
    while r < e and _space(buf[r]):
        r += 1
    if r < e and buf[r] != _COMMA:
        return -1, -1, -1
    a, b = p + 1, q
    while a < b and _space(buf[a]):
        a += 1
    while b > a and _space(buf[b - 1]):
        b -= 1
    return a, b, r


@njit(cache=True, inline="always")
def _blank(line, tok, first, piece, starts, ends):  # pragma: no cover - compiled
    """After an unquoted field: a field with no word (",," or a leading ",") is one blank token."""
    if tok == first:
        if tok < starts.shape[1]:
            starts[line, tok], ends[line, tok] = piece, piece
        return tok + 1
    return tok


@njit(cache=True, inline="always")
def _scan_line(buf, s, e, line, starts, ends, values, kinds, pow10):  # pragma: no cover - compiled
    """Tokens of buf[s:e] in one pass; False when the line needs the general tokenizer.

    Fields are split at commas; a field is either exactly one single-quoted string (blanks around it) or
    blank-separated words without quotes; '"', '/' or a non-ASCII byte sends the line to Python. The line is read
    only up to the field holding its `width`-th token: what follows cannot change the tokens before it
    (`psse.split_record`'s regular-expression path, taken for a later '"', '/' or malformed quote, splits a
    prefix of plain and whole-field-quoted fields as its str-method path does)."""
    width = starts.shape[1]
    tok = 0
    p = s
    while True:
        if tok >= width:
            return True
        piece = p
        while p < e and _space(buf[p]):
            p += 1
        if p < e and buf[p] == _QUOTE:
            a, b, r = _quoted_field(buf, p, e)
            if a < 0:
                return False
            tok = _put(line, tok, a, b, buf, starts, ends, values, kinds, pow10)
            if r >= e:
                return True
            p = r + 1
            continue
        first = tok
        while p < e and buf[p] != _COMMA:
            a = p
            while p < e and not _space(buf[p]) and buf[p] != _COMMA:
                if not _plain(buf[p]):
                    return False
                p += 1
            tok = _put(line, tok, a, p, buf, starts, ends, values, kinds, pow10)
            while p < e and _space(buf[p]):
                p += 1
        if p >= e:  # the last field: an empty one adds no token (a trailing comma)
            return True
        tok = _blank(line, tok, first, piece, starts, ends)
        p += 1


@njit(cache=True)
def scan_records(buf, width, pow10):  # pragma: no cover - compiled
    """Per line (lines split at b'\\n'): the first `width` tokens' stripped spans (start, end; 0, 0 when absent),
    values and kinds (0 blank or absent, 1 converted, 2 for float()), and whether the line is left to Python."""
    n = len(buf)
    n_lines = 1
    for p in range(n):
        if buf[p] == _NEWLINE:
            n_lines += 1
    starts = np.zeros((n_lines, width), dtype=np.int32)
    ends = np.zeros((n_lines, width), dtype=np.int32)
    values = np.zeros((n_lines, width))
    kinds = np.zeros((n_lines, width), dtype=np.int8)
    general = np.zeros(n_lines, dtype=np.bool_)
    s = 0
    for line in range(n_lines):
        e = s
        while e < n and buf[e] != _NEWLINE:
            e += 1
        if not _scan_line(buf, s, e, line, starts, ends, values, kinds, pow10):
            general[line] = True
            kinds[line, :] = 0
        s = e + 1
    return starts, ends, values, kinds, general


@njit(cache=True)
def line_marks(buf):  # pragma: no cover - compiled
    """Per line of `buf` (split at b'\\n', a '\\r' before it part of the break): whether it is blank or its first
    non-blank byte is one of 0 Q q ' " / , @ (a line the section walk must look at). ok is False when the text
    holds another line break str.splitlines() knows (a lone '\\r', \\v, \\f, \\x1c-\\x1e): line numbers would
    not match."""
    n = len(buf)
    n_lines = 1
    for p in range(n):
        c = buf[p]
        if c == _NEWLINE:
            n_lines += 1
        elif c == 11 or c == 12 or c == 28 or c == 29 or c == 30 or (c == 13 and (p + 1 >= n or buf[p + 1] != 10)):
            return np.zeros(0, dtype=np.bool_), False
    if n and buf[n - 1] == _NEWLINE:
        n_lines -= 1  # splitlines() adds no empty line after the last break
    marks = np.zeros(n_lines, dtype=np.bool_)
    s = 0
    for line in range(n_lines):
        e = s
        while e < n and buf[e] != _NEWLINE:
            e += 1
        end = e - 1 if e > s and buf[e - 1] == 13 else e
        p = s
        while p < end and _space(buf[p]):
            p += 1
        if p >= end:
            marks[line] = True
        else:
            c = buf[p]
            marks[line] = (c == 48 or c == 81 or c == 113 or c == _QUOTE or c == _DQUOTE or c == _SLASH
                           or c == _COMMA or c == 64)
        s = e + 1
    return marks, True


def special_lines(text: str, n_lines: int) -> np.ndarray | None:
    """Indices of the lines `line_marks` flags, or None when they cannot be trusted to be splitlines()' lines."""
    marks, ok = line_marks(np.frombuffer(text.encode("ascii"), dtype=np.uint8))
    if not ok or len(marks) != n_lines:
        return None
    return np.flatnonzero(marks)


def scan(block: str, width: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """`scan_records` of an ASCII block (its byte offsets are its character offsets)."""
    return scan_records(np.frombuffer(block.encode("ascii"), dtype=np.uint8), width, _POW10)
