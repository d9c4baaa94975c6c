"""The columnar PSS/E reader against the per-record reader it replaced (tests/engine/psse_reference/reader_v1.py,
a verbatim copy kept as the oracle): the same Network for every shared RAW file (element order, ids and every
float bit for bit, compared as model_dump_json, whose floats are shortest round-trip reprs, so -0.0 and 0.0 differ)
and the same ParseError (message, line, field) for broken files, through both tokenizers (numba's scanner forced
on and off)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from gridsolve.errors import ParseError
from gridsolve.io.psse import read_psse
from tests.conftest import find_data
from tests.engine.psse_reference.reader_v1 import read_psse as reference

FILES = ["gridpack_IEEE14_PTIv33.raw", "gridpack_118_PTIv33.raw", "gridpack_Polish_model_v33.raw",
         "gridpack_kundur-twoarea_v33.raw", "t_psse_case.raw", "t_psse_case2.raw", "t_psse_case3.raw",
         "t_case9_save2psse.raw"]


def _text(name: str) -> str:
    return Path(find_data(f"psse/{name}")).read_text(errors="replace")


def _outcome(reader, text: str, **kw) -> tuple:
    try:
        return ("ok", reader(text, "case.raw", **kw).model_dump_json())
    except ParseError as exc:
        return ("error", exc.message, exc.line, exc.field)


@pytest.fixture(params=["0", "1"], ids=["python-tokens", "numba-scanner"])
def numba_mode(request, monkeypatch):
    monkeypatch.setenv("GRIDSOLVE_NUMBA", request.param)
    return request.param


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("hvdc", ["error", "ignore", "fixed_power"])
def test_same_network_as_the_per_record_reader(name, hvdc, numba_mode):
    text = _text(name)
    assert _outcome(read_psse, text, hvdc=hvdc) == _outcome(reference, text, hvdc=hvdc)


def _replace_line(text: str, start: str, edit) -> str:
    lines = text.splitlines()
    k = next(i for i, ln in enumerate(lines) if ln.startswith(start))
    lines[k] = edit(lines[k])
    return "\n".join(lines) + "\n"


IEEE14 = "gridpack_IEEE14_PTIv33.raw"
BROKEN = {
    "bad number (generator QT)": lambda t: _replace_line(t, "    1,'1 ',",
                                                         lambda ln: ln.replace("9999.000", "99x9", 1)),
    "missing branch X": lambda t: _replace_line(t, "    1,     2,'BL'", lambda ln: ",".join(ln.split(",")[:4])),
    "unknown bus (load)": lambda t: _replace_line(t, "    2,'1 ',1", lambda ln: ln.replace("    2,", "   99,", 1)),
    "duplicate bus": lambda t: _replace_line(t, "    5,'BUS-5", lambda ln: ln.replace("    5,", "    4,", 1)),
    "fractional IDE": lambda t: _replace_line(t, "    5,'BUS-5", lambda ln: ln.replace(",1,", ",1.5,", 1)),
    "two errors, the earlier line wins": lambda t: _replace_line(
        _replace_line(t, "    9,'BUS-9", lambda ln: ln.replace("    9,", "    9x,", 1)), "    5,'BUS-5",
        lambda ln: ln.replace("    5,", "    4,", 1)),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_same_error_as_the_per_record_reader(case, numba_mode):
    text = BROKEN[case](_text(IEEE14))
    got, want = _outcome(read_psse, text), _outcome(reference, text)
    assert want[0] == "error", case
    assert got == want


def test_mutated_lines_give_the_same_outcome(numba_mode):
    """Random single-token edits of the data records: same Network or the same error."""
    rng = random.Random("psse-columnar")
    base = _text(IEEE14).splitlines()
    replacements = ["", "x", "0", "-1", "1e400", "nan", "2.5", "1D2", "'A B'", "999", "4", "3", "-0.0"]
    for _ in range(150):
        lines = list(base)
        k = rng.randrange(3, len(lines) - 1)
        pieces = lines[k].split(",")
        pieces[rng.randrange(len(pieces))] = rng.choice(replacements)
        lines[k] = ",".join(pieces)
        text = "\n".join(lines) + "\n"
        assert _outcome(read_psse, text) == _outcome(reference, text), (k, lines[k])
