"""Issue 17, the vectorized pipeline's reader against its element-by-element references.

- The MATPOWER reader's block path (one np.loadtxt pass per matrix, or the numba number scanner for large
  matrices) must give the numbers and row lines of the line-by-line path, which reads any layout.
- A network read as columns (bulk.Table) must behave as the validated element lists: equal, copied, dumped, and
  once an element is changed, compiled from the changed element.
"""

from __future__ import annotations

import gzip
import math
import pickle

import numpy as np
import pytest

from gridsolve import compile_network
from gridsolve import io as gio
from gridsolve.errors import InvalidNetworkError, ParseError
from gridsolve.io import matpower
from tests.conftest import require_data

LAYOUTS = [
    "mpc.bus = [\n\t1\t3\t0\t0\t0\t0\t1\t1\t0\t345\t1\t1.1\t0.9;\n",  # the usual: first row on the next line
    "mpc.bus = [ 1 3 0 0 0 0 1 1 0 345 1 1.1 0.9;\n",  # first row on the '[' line
    "mpc.bus = [\n  % a comment line\n\n 1 3 0 0 0 0 1 1 0 345 1 1.1 0.9 ; % trailing comment\n",
]


def _case9_with(layout: str, *, crlf: bool = False, last_row_closes: bool = False) -> str:
    text = require_data("matpower/case9.m").read_text()
    head, rest = text.split("mpc.bus = [\n", 1)
    first_row, rest = rest.split("\n", 1)
    text = head + layout + rest
    if last_row_closes:  # '];' at the end of the last bus row instead of on its own line
        text = text.replace(";\n];\n\n%% generator data", "];\n\n%% generator data", 1)
    return text.replace("\n", "\r\n") if crlf else text


def _parse(text: str, numpy_path: bool, monkeypatch, scanner: str = "0") -> dict:
    """numpy_path False: the line-by-line reader; scanner "1": large-block scanner (numba) forced, "0": loadtxt."""
    with monkeypatch.context() as m:
        m.setenv("GRIDSOLVE_NUMBA", scanner)
        if not numpy_path:
            m.setattr(matpower, "_numpy_matrix", lambda *a: None)
        return matpower.parse_matpower(text, "case.m")


SCANNERS = pytest.mark.parametrize("scanner", ["0", "1"], ids=["loadtxt", "numba-scanner"])


@SCANNERS
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("crlf", [False, True])
@pytest.mark.parametrize("last_row_closes", [False, True])
def test_numpy_reader_matches_line_reader(layout, crlf, last_row_closes, scanner, monkeypatch):
    text = _case9_with(layout, crlf=crlf, last_row_closes=last_row_closes)
    fast, slow = _parse(text, True, monkeypatch, scanner), _parse(text, False, monkeypatch)
    for key in ("bus", "gen", "branch"):
        assert fast[key].rows == slow[key].rows
        assert fast[key].lines == slow[key].lines
    assert fast["bus"].array is not None  # the numpy path did read it


@SCANNERS
def test_numpy_reader_on_the_shared_cases_matches_line_reader(scanner, monkeypatch):
    """Bit for bit: the line reader converts every token with float()."""
    for case in ("matpower/case300.m", "matpower/case1354pegase.m", "matpower/pglib_opf_case2000_goc.m",
                 "matpower/case9241pegase.m"):
        path = require_data(case)
        raw = gzip.decompress(path.read_bytes()).decode() if path.suffix == ".gz" else path.read_text()
        fast, slow = _parse(raw, True, monkeypatch, scanner), _parse(raw, False, monkeypatch)
        for key in ("bus", "gen", "branch"):
            assert fast[key].array is not None
            assert np.array_equal(fast[key].array.view(np.int64), np.array(slow[key].rows).view(np.int64))
            assert fast[key].lines == slow[key].lines


ROW1 = "\t1\t3\t0\t0\t0\t0\t1\t1\t0\t345\t1\t1.1\t0.9;"  # case9's first bus row


@pytest.mark.parametrize("bad, message", [
    ("\t1\t3\t0\t0\t0\t0\t1\t1\t0\t345\t1\t1.1;", "row has 12 columns"),  # another width
    ("\t1\t3\t0\t0\t0\t0\t1\t1\t0\t345\t1\t1.1\tx;", "not a number: 'x'"),
    # tokens of number characters that are not numbers (the scanner hands them to float(), which refuses)
    ("\t1\t3\t0\t0\t0\t0\t1\t1\t0\t345\t1\t1.1\t0.9.1;", "not a number: '0.9.1'"),
    ("\t1\t3\t0\t0\t0\t0\t1\t1\t0\t345\t1\t1.1\t9e;", "not a number: '9e'"),
    ("\t1\t3\t0\t0\t0\t0\t1\t1\t0\t345\t1\t1.1\t-+9;", "not a number: '-+9'"),
])
@SCANNERS
def test_layouts_the_numpy_path_declines_are_refused_at_their_line(bad, message, scanner, monkeypatch):
    monkeypatch.setenv("GRIDSOLVE_NUMBA", scanner)
    text = require_data("matpower/case9.m").read_text().replace(ROW1, bad, 1)
    with pytest.raises(ParseError) as exc:
        gio.loads(text, "matpower", source="c.m")
    assert message in str(exc.value)
    assert (exc.value.file, exc.value.line) == ("c.m", text.split("\n").index(bad) + 1)
    assert exc.value.field.startswith("mpc.bus")


def test_two_rows_on_one_line_are_read_by_the_line_path():
    two = ROW1 + " 10 1 5 1 0 0 1 1 0 345 1 1.1 0.9;"
    net = gio.loads(require_data("matpower/case9.m").read_text().replace(ROW1, two, 1), "matpower")
    assert net.count("buses") == 10 and net.column("buses", "id")[:2] == ["1", "10"]


def test_tables_behave_as_element_lists():
    path = require_data("matpower/case118.m")
    net = gio.read_case(path)
    assert net.table("buses") is not None and net.count("buses") == 118
    copy = net.model_copy()
    validated = gio.loads(gio.dumps(net, "gridsolve"), "gridsolve")  # every element validated by pydantic
    assert net.table("buses") is None  # dumping built the elements
    assert net == validated and copy == validated
    assert pickle.loads(pickle.dumps(gio.read_case(path))) == validated  # a process pool's arguments
    assert net.model_dump_json() == validated.model_dump_json() == copy.model_dump_json()
    # once an element is changed, compile reads the elements
    fresh = gio.read_case(path)
    before = compile_network(fresh).units.p_pu.copy()
    assert fresh.table("generators") is not None
    fresh.generators[1].p_mw += 10.0
    after = compile_network(fresh).units.p_pu
    k = list(compile_network(fresh).units.element_id).index(fresh.generators[1].id)
    assert math.isclose(after[k] - before[k], 10.0 / fresh.base_mva)
    # a bus list replaced: the other tables' bus positions no longer apply, references are checked by id
    assert fresh.bus_rows("impedance_branches", "to_bus") is not None
    fresh.buses = [b for b in fresh.buses if b.id != "118"]
    assert fresh.count("buses") == 117 and fresh.bus_rows("impedance_branches", "to_bus") is None
    with pytest.raises(InvalidNetworkError) as exc:
        compile_network(fresh)
    assert exc.value.field in ("bus", "from_bus", "to_bus") and "unknown bus '118'" in str(exc.value)
