"""A numba scanner for blocks of decimal numbers (MATPOWER's matrices), rows one per line.

Why by hand: numpy's `loadtxt` spends ~150 ns on every number (its generic C tokenizer and the C library's
strtod) — 0.46 s for an 82,000-bus case, more than its Newton solve. Most numbers in case files are short decimals
that Clinger's fast path converts exactly: a mantissa of at most 2^53 scaled by an exactly representable power of
ten (10^0..10^22) in one IEEE multiplication or division is the correctly rounded double, i.e. `float(token)`
bit for bit. Any other token (more than 18 significant digits, a large exponent, inf/nan, anything malformed) is
handed back to Python's `float()`, which decides; so every value equals `float()` of its text.
"""

from __future__ import annotations

import numpy as np
from numba import njit

_POW10 = np.array([10.0 ** k for k in range(23)])  # exact doubles: 5^22 < 2^53
# Bytes a number block may hold: digits, signs, point, exponents, the letters of inf/nan/Infinity, separators.
_BYTE_CLASS = np.full(256, 2, dtype=np.uint8)  # byte classes: 0 in a number, 1 a separator, 2 in no number
_BYTE_CLASS[np.frombuffer(b"0123456789.+-eEiInNfFaAtTyY", dtype=np.uint8)] = 0
_BYTE_CLASS[np.frombuffer(b" \t\n;", dtype=np.uint8)] = 1
_MAX_EXACT = 2 ** 53

_SPACE, _TAB, _NEWLINE, _SEMICOLON = 32, 9, 10, 59
_PLUS, _MINUS, _DOT, _ZERO, _NINE = 43, 45, 46, 48, 57
_E, _LOWER_E = 69, 101


@njit(cache=True)
def _digits(buf, i, e, mant, sig):  # pragma: no cover - compiled
    """Decimal digits from i: (next index, mantissa, significant digits, digits read); leading zeros are not
    significant."""
    count = 0
    while i < e and _ZERO <= buf[i] <= _NINE:
        d = buf[i] - _ZERO
        if sig or d:
            mant = mant * 10 + d
            sig += 1
        count += 1
        i += 1
    return i, mant, sig, count


@njit(cache=True)
def _exponent(buf, i, e):  # pragma: no cover - compiled
    """The exponent after 'e'/'E' at i: (ok, value); at most four digits (more: float() decides)."""
    neg = False
    if i < e and (buf[i] == _PLUS or buf[i] == _MINUS):
        neg = buf[i] == _MINUS
        i += 1
    if i == e or e - i > 4:
        return False, 0
    x = 0
    while i < e and _ZERO <= buf[i] <= _NINE:
        x = x * 10 + (buf[i] - _ZERO)
        i += 1
    return i == e, -x if neg else x


@njit(cache=True)
def _fast_value(buf, s, e, pow10):  # pragma: no cover - compiled
    """(ok, value) of buf[s:e] by Clinger's fast path; ok False leaves the token to float()."""
    i = s
    neg = buf[i] == _MINUS
    if neg or buf[i] == _PLUS:
        i += 1
    i, mant, sig, whole = _digits(buf, i, e, 0, 0)
    fraction = 0
    if i < e and buf[i] == _DOT:
        i, mant, sig, fraction = _digits(buf, i + 1, e, mant, sig)
    if whole + fraction == 0 or sig > 18:
        return False, 0.0
    exp10 = -fraction
    if i < e:
        if buf[i] != _E and buf[i] != _LOWER_E:
            return False, 0.0
        ok, x = _exponent(buf, i + 1, e)
        if not ok:
            return False, 0.0
        exp10 += x
    if mant == 0:
        return True, -0.0 if neg else 0.0
    if mant > _MAX_EXACT or exp10 < -22 or exp10 > 22:
        return False, 0.0
    value = float(mant) * pow10[exp10] if exp10 >= 0 else float(mant) / pow10[-exp10]
    return True, -value if neg else value


@njit(cache=True)
def _token_end(buf, i, byte_class):  # pragma: no cover - compiled
    """End of the token starting at i, or -1 if it holds a byte no number has."""
    n = len(buf)
    while i < n:
        c = byte_class[buf[i]]
        if c == 1:
            return i
        if c == 2:
            return -1
        i += 1
    return i


@njit(cache=True)
def _with_row(rows, n_rows, a, b, c):  # pragma: no cover - compiled
    """rows[n_rows] = (a, b, c), the array doubled first when full; returns the array."""
    if n_rows == len(rows):
        grown = np.empty((2 * len(rows), 3), dtype=np.int64)
        grown[:n_rows] = rows
        rows = grown
    rows[n_rows, 0], rows[n_rows, 1], rows[n_rows, 2] = a, b, c
    return rows


@njit(cache=True)
def scan_block(buf, pow10, byte_class):  # pragma: no cover - compiled
    """Tokens separated by spaces/tabs, rows by newlines (blank lines skipped); ';' ends a row's text and only
    blanks may follow it on its line.

    Returns (values, n_rows, width, slow): values in row order; slow rows (token index, start, end) for the
    tokens float() must convert; width -1 when the block has another layout (rows of different widths, a byte no
    number has, two rows on one line), which the caller's line-by-line reader then reads or names the line of."""
    n = len(buf)
    values = np.empty(n // 2 + 1)
    slow = np.empty((16, 3), dtype=np.int64)
    n_slow = 0
    n_tok = 0
    n_rows = 0
    width = -2  # not yet known
    in_row = 0
    closed = False  # a ';' was seen on this line
    i = 0
    while i <= n:
        c = _NEWLINE if i == n else buf[i]
        if c == _NEWLINE:
            if in_row:
                if width == -2:
                    width = in_row
                elif in_row != width:
                    return values[:0], 0, -1, slow[:0]
                n_rows += 1
                in_row = 0
            closed = False
            i += 1
            continue
        if c == _SPACE or c == _TAB:
            i += 1
            continue
        if c == _SEMICOLON:
            closed = True
            i += 1
            continue
        s = i
        i = -1 if closed else _token_end(buf, i, byte_class)
        if i < 0:
            return values[:0], 0, -1, slow[:0]
        ok, value = _fast_value(buf, s, i, pow10)
        if not ok:
            slow = _with_row(slow, n_slow, n_tok, s, i)
            n_slow += 1
        values[n_tok] = value
        n_tok += 1
        in_row += 1
    return values[:n_tok], n_rows, max(width, 0), slow[:n_slow]


def number_block(raw: bytes) -> np.ndarray | None:
    """The block as a (rows, width) float array, every value `float()` of its token; None when it has another
    layout or a token is not a number."""
    values, n_rows, width, slow = scan_block(np.frombuffer(raw, dtype=np.uint8), _POW10, _BYTE_CLASS)
    if width < 0 or not n_rows:
        return None
    for k, s, e in slow.tolist():
        try:
            values[k] = float(raw[s:e])
        except ValueError:
            return None
    return values.reshape(n_rows, width)
