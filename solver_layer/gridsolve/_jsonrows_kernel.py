"""numba kernel of `jsonrows`: the rows of a table assembled from literal key text and value tokens (compiled once,
cached on disk: cache=True; imported only for large tables, so a small case's cold start never loads numba).

The inputs are JSON text orjson wrote, one list per column: `nums`, the table's numeric columns as one 2-D
array, and `texts`, its text and flag columns as one list of lists. `token_starts` finds each value's token,
`fill_rows` copies them between the key text, as they are: a value's text is orjson's.
"""

from __future__ import annotations

import numpy as np
from llvmlite import ir
from numba import njit, types
from numba.extending import intrinsic

_COMMA, _QUOTE, _BACKSLASH, _OPEN, _CLOSE, _BRACE = 44, 34, 92, 91, 93, 123
_ONES, _HIGH = np.uint64(0x0101010101010101), np.uint64(0x8080808080808080)
_COMMAS, _CLOSES = np.uint64(_COMMA * 0x0101010101010101), np.uint64(_CLOSE * 0x0101010101010101)


@intrinsic
def _copy16(typingctx, dst, dpos, src, spos):  # pragma: no cover - compiled
    """16 bytes from src[spos:] to dst[dpos:] as one unaligned load and store (a byte loop is 2x slower)."""
    sig = types.void(dst, dpos, src, spos)

    def codegen(context, builder, signature, args):
        d = context.make_array(signature.args[0])(context, builder, args[0])
        s = context.make_array(signature.args[2])(context, builder, args[2])
        word = ir.IntType(128).as_pointer()
        value = builder.load(builder.bitcast(builder.gep(s.data, [args[3]]), word), align=1)
        builder.store(value, builder.bitcast(builder.gep(d.data, [args[1]]), word), align=1)
        return context.get_dummy_value()

    return sig, codegen


@intrinsic
def _load64(typingctx, src, spos):  # pragma: no cover - compiled
    """The 8 bytes at src[spos:] as one unaligned little-endian uint64."""
    sig = types.uint64(src, spos)

    def codegen(context, builder, signature, args):
        s = context.make_array(signature.args[0])(context, builder, args[0])
        word = ir.IntType(64).as_pointer()
        return builder.load(builder.bitcast(builder.gep(s.data, [args[1]]), word), align=1)

    return sig, codegen


@intrinsic
def _low_byte(typingctx, mask):  # pragma: no cover - compiled
    """Index of the lowest byte of a nonzero word-of-flags (its trailing zero bits / 8)."""
    sig = types.uint64(mask)

    def codegen(context, builder, signature, args):
        return builder.lshr(builder.cttz(args[0], ir.Constant(ir.IntType(1), 1)), ir.Constant(ir.IntType(64), 3))

    return sig, codegen


@njit(inline="always")
def _number_end(buf, c):  # pragma: no cover - compiled
    """End of the number (or null) token at buf[c], the next "," or "]": 8 bytes at a time (the byte of a word
    equal to x is the lowest zero byte of word ^ x, found by the has-zero-byte bit trick)."""
    limit = len(buf) - 8
    while c <= limit:
        word = _load64(buf, c)
        a = word ^ _COMMAS
        b = word ^ _CLOSES
        found = (((a - _ONES) & ~a) | ((b - _ONES) & ~b)) & _HIGH
        if found:
            return c + _low_byte(found)
        c += 8
    while buf[c] != _COMMA and buf[c] != _CLOSE:
        c += 1
    return c


@njit(inline="always")
def _copy(src, s, n, out, p):  # pragma: no cover - compiled
    """src[s:s+n] to out[p:]; writes up to 15 bytes past p+n (the caller writes those later) and reads up to 15
    past s+n (the caller checks that src has them). Returns p + n."""
    i = 0
    while i < n:
        _copy16(out, p + i, src, s + i)
        i += 16
    return p + n


@njit(inline="always")
def _copy_tail(src, s, e, out, p):  # pragma: no cover - compiled
    """src[s:e] to out[p:] byte by byte: near the end of src, where `_copy` would read past it."""
    if e + 16 <= len(src):
        return _copy(src, s, e - s, out, p)
    for i in range(s, e):
        out[p] = src[i]
        p += 1
    return p


@njit(inline="always")
def _token_end(buf, c):  # pragma: no cover - compiled
    """End of the scalar token at buf[c]: a string (escapes skipped) or a number/true/false/null; -1 for an
    array or object (a column of nested values, which the writer does not handle)."""
    b = buf[c]
    if b == _QUOTE:
        e = c + 1
        while True:
            b = buf[e]
            e += 1
            if b == _BACKSLASH:
                e += 1
            elif b == _QUOTE:
                return e
    if b == _OPEN or b == _BRACE:
        return -1
    e = c
    while buf[e] != _COMMA and buf[e] != _CLOSE:
        e += 1
    return e


@njit(cache=True, boundscheck=False, nogil=True)
def token_starts(buf, n, starts, numbers):  # pragma: no cover - compiled
    """Where each token of a list of equal lists of scalars (orjson's compact `[[a,b],[c,d]]`) starts: starts[j, r]
    for token r of list j, and starts[j, n] one past list j's closing "]" (so a token ends one byte before the
    next start). False if a token is an array or object or the lists are not n long. `numbers`: every token is
a number or null (a numpy array's text), found by the faster `_number_end`."""
    c = 1
    for j in range(starts.shape[0]):
        if buf[c] != _OPEN:
            return False
        c += 1
        starts[j, 0] = c
        for r in range(n):
            e = _number_end(buf, c) if numbers else _token_end(buf, c)
            if e < 0 or buf[e] != (_COMMA if r < n - 1 else _CLOSE):
                return False
            c = e + 1
            starts[j, r + 1] = c
        c += 1  # the "," between lists (or the final "]")
    return True


@njit(cache=True, boundscheck=False, nogil=True)
def fill_rows(nums, num_starts, texts, text_starts, numeric, column, lit, lit_pos, out, p):  # pragma: no cover
    """Write the rows of a table into out[p:] and return the end position.

    Field k is list column[k] of `nums` (numeric[k]) or of `texts`, its tokens located by `token_starts`.
    Literals, in `lit` at lit_pos: 0 the opening before the first row's first key, 1 between rows, 1 + k
    before field k (k >= 1), n_fields + 1 the closing; `lit` has 16 bytes of padding."""
    n_fields = len(numeric)
    n_rows = num_starts.shape[1] - 1  # both are (lists, rows + 1)
    for r in range(n_rows):
        m = 0 if r == 0 else 1
        p = _copy(lit, lit_pos[m], lit_pos[m + 1] - lit_pos[m], out, p)
        for k in range(n_fields):
            if k > 0:
                p = _copy(lit, lit_pos[k + 1], lit_pos[k + 2] - lit_pos[k + 1], out, p)
            j = column[k]
            if numeric[k]:
                p = _copy_tail(nums, num_starts[j, r], num_starts[j, r + 1] - 1, out, p)
            else:
                p = _copy_tail(texts, text_starts[j, r], text_starts[j, r + 1] - 1, out, p)
    last = n_fields + 1
    for i in range(lit_pos[last], lit_pos[last + 1]):
        out[p] = lit[i]
        p += 1
    return p
