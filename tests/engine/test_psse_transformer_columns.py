"""Two-winding transformers read as columns (io/psse_transformers.py) against the per-record reader kept as the
oracle (tests/engine/psse_reference/reader_v1.py): every CZ/CW/CM code, three-winding records among two-winding
ones, records left to the per-record path, duplicate ids across both paths, incomplete records and random token
edits of transformer lines give the same Network (model_dump_json: every float bit for bit) or the same ParseError
(message, line, field), through both tokenizers."""

from __future__ import annotations

import itertools
import random

import pytest

from gridsolve.io.psse import read_psse, split_record
from gridsolve.io.psse_transformers import _maybe_end
from tests.engine.psse_reference.reader_v1 import read_psse as reference
from tests.engine.test_psse_columnar import _outcome as _parse_outcome
from tests.engine.test_psse_columnar import _text

CASE3 = "t_psse_case3.raw"  # two- and three-winding records, CZ/CW/CM 1
G118 = "gridpack_118_PTIv33.raw"
SPACED = "t_psse_case2.raw"  # blank-separated records


@pytest.fixture(params=["0", "1"], ids=["python-tokens", "numba-scanner"])
def numba_mode(request, monkeypatch):
    monkeypatch.setenv("GRIDSOLVE_NUMBA", request.param)
    return request.param


def _records(text: str) -> tuple[list[str], int, list[tuple[int, int]]]:
    """(lines, index of the transformer section's end line, (head index, line count) per record)."""
    lines = text.splitlines()
    start = next(k for k, ln in enumerate(lines) if "BEGIN TRANSFORMER" in ln) + 1
    recs = []
    k = start
    while not lines[k].lstrip().startswith(("0 ", "0/")) and lines[k].strip() != "0":
        tokens = lines[k].replace(",", " ").split()
        count = 5 if int(tokens[2]) != 0 else 4
        recs.append((k, count))
        k += count
    return lines, k, recs


def _join(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


def _set_fields(line: str, values: dict[int, str]) -> str:
    pieces = line.split(",")
    for k, v in values.items():
        pieces[k] = v
    return ",".join(pieces)


def _same(text: str) -> tuple:
    got, want = _outcome(read_psse, text, hvdc="ignore"), _outcome(reference, text, hvdc="ignore")
    assert got == want
    return want


def _outcome(reader, text: str, **kw) -> tuple:
    """The Network, the ParseError or another exception the per-record reader let through (an OverflowError
    squaring a huge kV ratio), by type and message."""
    try:
        return _parse_outcome(reader, text, **kw)
    except (ArithmeticError, ValueError) as exc:
        return ("raised", type(exc).__name__, str(exc))


CODES = list(itertools.product((1, 2, 3), (1, 2, 3), (1, 2)))  # (CW, CZ, CM)


@pytest.mark.parametrize(("cw", "cz", "cm"), CODES, ids=[f"cw{a}-cz{b}-cm{c}" for a, b, c in CODES])
def test_every_code_gives_the_per_record_network(cw, cz, cm, numba_mode):
    """All two-winding records of the 118-bus case with these codes; MAG1/MAG2 and R set so that CM 2 and CZ 3
    take their conversions (no-load loss in W, exciting current, load loss in W)."""
    lines, _, recs = _records(_text(G118))
    for k, (head, count) in enumerate(recs):
        if count != 4:
            continue
        lines[head] = _set_fields(lines[head], {4: str(cw), 5: str(cz), 6: str(cm), 7: f"{1000 + k}.5",
                                                8: f"0.0{k % 7 + 1}"})
        lines[head + 1] = _set_fields(lines[head + 1], {0: f"{2000 * (k % 3)}.25"})
        if cw == 2:  # WINDV in kV
            lines[head + 2] = _set_fields(lines[head + 2], {0: "138.5", 1: "138.0" if k % 2 else "0"})
    outcome = _same(_join(lines))
    assert outcome[0] == "ok", outcome


def test_mixed_codes_and_three_winding_records(numba_mode):
    """Codes cycled record by record in a file whose three-winding records sit among two-winding ones."""
    lines, _, recs = _records(_text(CASE3))
    assert {c for _, c in recs} == {4, 5}
    for k, (head, count) in enumerate(recs):
        cw, cz, cm = CODES[k % len(CODES)]
        if count == 4:
            lines[head] = _set_fields(lines[head], {4: str(cw), 5: str(cz), 6: str(cm), 7: "800.0", 8: "0.004"})
            lines[head + 1] = _set_fields(lines[head + 1], {0: "1500.0"})
            if cw == 2:
                lines[head + 2] = _set_fields(lines[head + 2], {0: "0"})
    assert _same(_join(lines))[0] == "ok"


def test_blank_separated_records(numba_mode):
    assert _same(_text(SPACED))[0] == "ok"


def _dup(lines: list[str], recs: list[tuple[int, int]], src: int, dst: int, edit=None) -> list[str]:
    """The lines with record `src` copied (optionally edited) after record `dst`."""
    head, count = recs[src]
    copy = lines[head:head + count]
    if edit:
        copy[0] = edit(copy[0])
    at = recs[dst][0] + recs[dst][1]
    return lines[:at] + copy + lines[at:]


@pytest.mark.parametrize("case", ["columnar", "after a three-winding record", "doubtful K (per-record rest)",
                                  "blank-separated K"])
def test_duplicate_ids_across_paths(case, numba_mode):
    lines, _, recs = _records(_text(CASE3))
    two = [k for k, (_, c) in enumerate(recs) if c == 4]
    three = [k for k, (_, c) in enumerate(recs) if c == 5]
    if case == "columnar":
        out = _dup(lines, recs, two[0], two[3])
    elif case == "after a three-winding record":
        out = _dup(lines, recs, two[-1], three[0])
    elif case == "doubtful K (per-record rest)":  # K = 0.0: the record and those after it go per record
        out = _dup(lines, recs, two[-1], two[1], lambda ln: _set_fields(ln, {2: " 0.0"}))
    else:
        out = _dup(lines, recs, two[2], two[2], lambda ln: ln.replace(",", " ", 3))
    outcome = _same(_join(out))
    assert outcome[0] == "error" and "duplicate transformer" in outcome[1]


@pytest.mark.parametrize("where", ["z line", "second winding line"])
def test_incomplete_records(where, numba_mode):
    lines, _, recs = _records(_text(CASE3))
    head, _ = next(r for r in recs if r[1] == 4)
    cut = head + (1 if where == "z line" else 3)
    truncated = _same(_join(lines[:cut]))
    ended = _same(_join(lines[:cut] + ["0"] + lines[cut:]))
    assert truncated[0] == ended[0] == "error"


@pytest.mark.parametrize("name", [CASE3, G118])
def test_token_edits_of_transformer_records(name, numba_mode):
    """Random edits of one transformer record (codes drawn from 1-3, then one to three tokens of its lines set to
    bad numbers, codes out of range, zero or huge values): the same outcome, errors included, so the checks'
    order within a record is the per-record reader's."""
    rng = random.Random(f"psse-transformers-{name}")
    base, _, recs = _records(_text(name))
    replacements = ["", "x", "0", "-1", "1e400", "nan", "2.5", "1D2", "'A B'", "4", "3", "2", "-0.0", "1e-300",
                    "1e300", "0.0", "1", "99999", "1e-9"]
    errors = 0
    for _ in range(200):
        lines = list(base)
        head, count = rng.choice(recs)
        lines[head] = _set_fields(lines[head], {4 + j: str(rng.randint(1, 3)) for j in range(3)})
        for _ in range(rng.randint(1, 3)):
            k = head + rng.randrange(count)
            pieces = lines[k].split(",")
            pieces[rng.randrange(min(len(pieces), 12))] = rng.choice(replacements)
            lines[k] = ",".join(pieces)
        text = _join(lines)
        got, want = _outcome(read_psse, text, hvdc="ignore"), _outcome(reference, text, hvdc="ignore")
        assert got == want, lines[head:head + count]
        errors += want[0] == "error"
    assert 40 < errors < 190


@pytest.mark.parametrize("codes", [(1, 1, 1), (2, 3, 2), (3, 2, 2)], ids=["cw1-cz1-cm1", "cw2-cz3-cm2", "cw3-cz2-cm2"])
def test_two_bad_fields_in_one_record(codes):
    """Every ordered pair of fields of one two-winding record, the first set to a bad value ('x', '-1', '0', bus
    I in turn: not a number, a negative ratio, a zero base or impedance, J = I) and the second to 'x': the error the
    per-record reader met first, so each check's rank in the reading order is its."""
    lines, _, recs = _records(_text("gridpack_IEEE14_PTIv33.raw"))
    head, count = recs[1]
    cw, cz, cm = codes
    lines[head] = _set_fields(lines[head], {4: str(cw), 5: str(cz), 6: str(cm), 7: "900.0", 8: "0.003"})
    lines[head + 1] = _set_fields(lines[head + 1], {0: "1200.0" if cz == 3 else "0"})
    read = {0: (0, 1, 4, 5, 6, 7, 8, 11), 1: (0, 1, 2), 2: (0, 1, 2, 3, 4, 5), 3: (0, 1)}  # fields the reader reads
    fields = [(head + k, j) for k in range(count) for j in read[k]]
    bad = ("x", "-1", "0", lines[head].split(",")[0])  # the last: J = I
    seen = set()
    for a, b in itertools.permutations(fields, 2):
        for value in bad:
            edited = list(lines)
            for (k, j), v in ((a, value), (b, "x")):
                edited[k] = _set_fields(edited[k], {j: v})
            seen.add(_same(_join(edited))[1:])
    assert len(seen) > 25


def _lines_variant(text: str, how: str) -> str:
    lines = text.splitlines()
    if how == "crlf":
        return "\r\n".join(lines) + "\r\n"
    if how == "no final newline":
        return "\n".join(lines)
    if how in ("lone cr", "form feed"):  # other breaks splitlines() knows: the walk falls back to line by line
        k = next(i for i, ln in enumerate(lines) if "BEGIN BRANCH" in ln) + 2
        lines[k] = lines[k] + ("\r" if how == "lone cr" else "\x0c") + lines[k + 1]
        del lines[k + 1]
        return "\n".join(lines) + "\n"
    out = []
    for k, ln in enumerate(lines):  # comment, blank and blank-led lines inside every section
        out.append(ln)
        if k > 3 and k % 7 == 0:
            out.append(("@! a comment", "", "   ", "\t", " @!x")[k % 5])
    if how == "q end":
        k = next(i for i, ln in enumerate(out) if "END OF TRANSFORMER" in ln)
        out[k] = "Q"
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("how", ["crlf", "no final newline", "lone cr", "form feed", "comments and blanks", "q end"])
@pytest.mark.parametrize("name", [CASE3, "gridpack_IEEE14_PTIv33.raw"])
def test_line_breaks_and_comment_lines(name, how, numba_mode):
    """The section walk over runs of plain lines (`_Lines.special`) keeps splitlines()' line numbers."""
    _same(_lines_variant(_text(name), how))


def test_end_record_prefilter_misses_none():
    """`_maybe_end` (which spares split_record on most continuation lines) is True for every line split_record
    reads as a lone 0 or Q: all strings of up to four characters from those that matter."""
    alphabet = ["0", "Q", "q", " ", "\t", ",", "/", "'", '"', ".", "1", "x", "\x1f"]
    for n in range(1, 5):
        for chars in itertools.product(alphabet, repeat=n):
            text = "".join(chars)
            if split_record(text) in (["0"], ["Q"], ["q"]):
                assert _maybe_end(text), repr(text)
