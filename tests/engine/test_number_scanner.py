"""The numba number scanner of large MATPOWER matrices (gridsolve.io._numtext) against Python's float().

Its fast path (Clinger: a mantissa of at most 2^53 times an exact power of ten, one IEEE operation) is exact only
under its conditions; everything else must reach float(). So: every value bit for bit equal to float() of its
token, on random numbers in every format case files use, on the boundary cases of the fast path, and on what is
not a number.
"""

from __future__ import annotations

import numpy as np
import pytest

from gridsolve.io._numtext import number_block


def _bits(a) -> np.ndarray:
    return np.asarray(a, dtype=float).view(np.int64)


def _tokens(rng: np.random.Generator, n: int) -> list[str]:
    x = rng.standard_normal(n) * 10.0 ** rng.integers(-12, 12, n)
    formats = [repr, "{:.6f}".format, "{:.10g}".format, "{:e}".format, "{:.17g}".format, "{:.3E}".format,
               lambda v: f"{v:.0f}", lambda v: f"{v:.25f}", lambda v: f"+{abs(v):g}"]
    return [formats[k % len(formats)](v) for k, v in enumerate(x.tolist())]


def test_random_numbers_equal_float_bit_for_bit():
    tokens = _tokens(np.random.default_rng(17), 130_000)
    width = 13
    rows = ["\t".join(tokens[i:i + width]) for i in range(0, len(tokens), width)]
    got = number_block(("\n".join(rows) + "\n").encode())
    assert got is not None and got.shape == (len(rows), width)
    assert np.array_equal(_bits(got.ravel()), _bits([float(t) for t in tokens]))


BOUNDARIES = [
    "0", "-0", "-0.0", "+0.0", "0.", ".5", "5.", "-.5", "1e5", "1E+05", "1e-05", "-1e0", "007", "0.000001",
    "9007199254740992", "9007199254740993", "9007199254740993e-3",  # 2^53, 2^53 + 1: past the exact mantissa
    "123456789012345678", "1234567890123456789", "12345678901234567890123",  # 18, 19, 23 significant digits
    "0.00000000000000000000000000001234", "1.0000000000000000000000000", "1e22", "1e23", "1e-22", "1e-23",
    "3e22", "123e-20", "1.7976931348623157e308", "1e309", "4.9e-324", "2.2250738585072014e-308", "1e-400",
    "1e00022", "Inf", "-Inf", "inf", "NaN", "nan", "+Infinity",
]


def test_fast_path_boundaries_equal_float():
    got = number_block(" ".join(BOUNDARIES).encode())
    want = [float(t) for t in BOUNDARIES]
    assert got is not None and got.shape == (1, len(BOUNDARIES))
    assert np.array_equal(_bits(got[0]), _bits(want))


def test_layout_blank_lines_spaces_tabs_and_semicolons():
    got = number_block(b"\n  1 2\t3;  \n\n\t4\t5 6 ;\n ; \n7 8 9;\n")
    assert got is not None and got.tolist() == [[1, 2, 3], [4, 5, 6], [7, 8, 9]]


@pytest.mark.parametrize("block", [b"1 2 3\n4 5\n", b"1 2\n3 4 5\n", b"1 2 x\n", b"1 2.3.4\n", b"1 - 2\n",
                                   b"1 e5\n", b"1 5e\n", b"\n \n", b"", b"1 2; 3 4\n", b"1,2\n", b"1 2_0\n",
                                   b"1 2\r\n"])
def test_ragged_rows_and_non_numbers_are_left_to_the_line_reader(block):
    """None: the caller's line-by-line reader then reads it (two rows on one line) or names the line and the
    token (float() would take "2_0" as 20: such bytes never reach it)."""
    assert number_block(block) is None
