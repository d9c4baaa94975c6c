"""The numba tokenizer for RAW sections (io/_rawscan.py) against `psse.split_record` on random lines: the first
`width` fields' stripped texts, and their values equal `float()` of the text (Records.numbers), for lines it takes;
lines it leaves are split by split_record itself. Lines are drawn from the bytes that steer the tokenizer (commas,
blanks, quotes, '/', letters, digits) so that its early stop after `width` tokens is exercised against the
regular-expression path split_record takes for a later '"', '/' or malformed quote."""

from __future__ import annotations

import math
import random

import pytest

from gridsolve.io.psse import split_record
from gridsolve.io.psse_columns import Records

PIECES = ["1", "-2", "3.5", "1e3", "0.", ".5", "1D2", "x", "inf", "nan", "", " ", "  ", "'A B'", "' '", "'1'", "'",
          '"', '"q r"', "/", "/ c", "a'b", "\t", "1 2", "' x '  ", "12345678901234567890", "1e400", "-0.0",
          "'A'B", "'1' 2", "'a/b'", "'a\"b'", "''"]


def _line(rng: random.Random) -> str:
    fields = [rng.choice(PIECES) + rng.choice(["", " ", "  "]) for _ in range(rng.randint(0, 9))]
    return rng.choice(["", " ", ","]) + ",".join(fields) + rng.choice(["", ",", " ", ", /x"])


@pytest.mark.parametrize("width", [1, 3, 6, 12])
def test_scanner_tokens_match_split_record(width, monkeypatch):
    monkeypatch.setenv("GRIDSOLVE_NUMBA", "1")
    rng = random.Random(f"rawscan-{width}")
    lines = [_line(rng) for _ in range(3000)]
    rec = Records(lines, range(1, len(lines) + 1), width, split_record)
    assert len(rec.tokens) < len(lines) * 0.9  # most lines taken by the scanner
    for r, text in enumerate(lines):
        want = [t.strip() for t in split_record(text)][:width]
        want += [""] * (width - len(want))
        assert [rec.token(r, k) for k in range(width)] == want, text
    for k in range(width):
        values, present, code = rec.numbers(k)
        for r in range(len(lines)):
            text = rec.token(r, k)
            assert present[r] == bool(text)
            if code[r] == 0 and text:
                x = float(text.replace("D", "E").replace("d", "e"))
                assert math.isfinite(x) and values[r] == x and math.copysign(1, values[r]) == math.copysign(1, x)
