"""The power-flow result's JSON written from its arrays (`PowerFlowResult.to_json`, `jsonrows.dumps_document`) is
byte for byte `jsonout.dumps(result.to_dict())`, indented and compact: the reference is the dict path, which
orjson serializes from Python objects. fast=True forces the array path on small cases (by default it is taken
from NUMBA_MIN_BUSES buses)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from gridsolve import cli, run_power_flow
from gridsolve import io as gio
from gridsolve.jsonout import dumps
from gridsolve.jsonrows import FLAG, NUMBER, TEXT, Field, Table, dumps_document
from gridsolve.model import Network
from gridsolve.powerflow.results import PowerFlowResult
from tests.conftest import require_data

PANDAPOWER = Path(__file__).resolve().parents[1] / "data" / "pandapower" / "example_multivoltage.json"
ODD_IDS = ["a,b", 'q"x', "back\\slash", "ünï—中", "tab\tnl\n", "x]y[", "{z}", " ", "\x00\x1f", "emoji 🙂"]


def assert_same_json(res: PowerFlowResult) -> None:
    for indent in (True, False):
        expected = dumps(res.to_dict(), indent=indent)
        got = bytes(res.to_json(indent=indent, fast=True))
        if got != expected:
            at = next((k for k, (a, b) in enumerate(zip(got, expected, strict=False)) if a != b),
                      min(len(got), len(expected)))
            pytest.fail(f"indent={indent}: differs at byte {at}: {got[at - 60:at + 60]!r} vs "
                        f"{expected[at - 60:at + 60]!r}")


@pytest.mark.parametrize("case", ["case14", "case30", "case118", "case300", "case1354pegase", "case9241pegase"])
def test_matpower_cases(case):
    res = run_power_flow(gio.read_case(require_data(f"matpower/{case}.m")))
    assert_same_json(res)
    if case == "case14":  # no ratings: the loading column is null throughout
        assert all(b["loading_percent"] is None for b in res.to_dict()["branches"])


def test_large_case_takes_the_array_path_by_default():
    res = run_power_flow(gio.read_case(require_data("matpower/case9241pegase.m")))
    assert isinstance(res.to_json(), memoryview)  # the array path's buffer (the dict path returns bytes)
    assert bytes(res.to_json(indent=True)) == dumps(res.to_dict(), indent=True)


def test_not_converged_with_worst_buses_and_notes():
    res = run_power_flow(gio.read_case(require_data("matpower/pglib_opf_case300_ieee.m")))  # diverges
    assert not res.converged and res.worst_buses and res.notes
    assert_same_json(res)


def test_non_finite_and_extreme_values_in_the_middle_of_columns():
    res = run_power_flow(gio.read_case(require_data("matpower/case118.m")))
    special = [np.nan, np.inf, -np.inf, -0.0, 0.0, 1e16, 1e-7, 5e-324, -1.7976931348623157e308, 2.0**53 + 2, 1e22,
               123456789012345678.0, 0.1 + 0.2]
    rng = np.random.default_rng(7)
    for name in ("vm_pu", "va_deg", "p_mw", "q_from_mvar", "loading_percent", "unit_q_mvar"):
        arr = getattr(res, name).copy()
        arr[1:1 + len(special)] = special
        random_bits = rng.integers(0, 2**64, size=len(arr) // 2, dtype=np.uint64, endpoint=False).view(np.float64)
        arr[-len(random_bits):] = random_bits  # every exponent, NaN payloads included
        setattr(res, name, arr)
    res.energized = res.energized.copy()
    res.energized[::3] = False
    with np.errstate(all="ignore"):  # totals and |V| kV of the inf entries
        assert_same_json(res)


def test_ids_that_need_escaping():
    ids = ODD_IDS
    net = Network(buses=[{"id": i, "vn_kv": 110} for i in ids],
                  generators=[{"id": 'g,"1\\', "bus": ids[0], "slack": True}],
                  impedance_branches=[{"id": "br" + ids[k], "from_bus": ids[k], "to_bus": ids[k + 1], "r_pu": 0.01,
                                       "x_pu": 0.1} for k in range(len(ids) - 1)],
                  loads=[{"id": "l", "bus": ids[-1], "p_mw": 10.0}])
    res = run_power_flow(net)
    assert res.converged and res.bus_ids == ids
    assert_same_json(res)


def test_empty_tables():
    net = Network(buses=[{"id": "only", "vn_kv": 20}], generators=[{"id": "g", "bus": "only", "slack": True}],
                  loads=[{"id": "l", "bus": "only", "p_mw": 1.0}])
    res = run_power_flow(net)
    assert res.branch_ids == []
    assert_same_json(res)
    no_units = dataclasses.replace(res, unit_ids=[], unit_kind=[], unit_p_mw=np.empty(0), unit_q_mvar=np.empty(0))
    assert_same_json(no_units)
    nothing = dataclasses.replace(no_units, bus_ids=[], vm_pu=np.empty(0), va_deg=np.empty(0), vn_kv=np.empty(0),
                                  p_mw=np.empty(0), q_mvar=np.empty(0), energized=np.empty(0, dtype=bool))
    assert_same_json(nothing)


def test_pandapower_network_with_three_winding_transformers_switches_and_open_branches():
    res = run_power_flow(gio.read_case(PANDAPOWER))
    kinds = set(res.branch_kind)
    assert res.converged and len(kinds) > 2 and len(set(res.unit_kind)) > 1, (kinds, set(res.unit_kind))
    assert_same_json(res)


def test_nested_values_in_a_text_column_fall_back_to_the_dicts():
    res = run_power_flow(gio.read_case(require_data("matpower/case14.m")))
    res.branch_kind = [["line", 1]] + [{"kind": "x,y"}] + res.branch_kind[2:]
    assert_same_json(res)


def test_columns_of_different_lengths_raise_as_to_dict_does():
    res = run_power_flow(gio.read_case(require_data("matpower/case14.m")))
    res.va_deg = res.va_deg[:-1]
    for convert in (res.to_dict, lambda: res.to_json(fast=True)):
        with pytest.raises(ValueError):
            convert()


def test_document_of_any_tables_and_top_level_values():
    rows = SimpleNamespace(name=["x", "y,z"], a=np.array([1.5, np.nan]), b=[1, 2], ok=[True, False])
    mixed = Table(Field('k"ey', TEXT, lambda o: o.name), Field("a", NUMBER, lambda o: o.a),
                  Field("ok", FLAG, lambda o: o.ok), Field("b", NUMBER, lambda o: o.b))
    numbers_only = Table(Field("a", NUMBER, lambda o: o.a))
    text_only = Table(Field("name", TEXT, lambda o: o.name), Field("b", TEXT, lambda o: o.b))
    tables = {"mixed": (mixed, rows), "numbers": (numbers_only, rows), "text": (text_only, rows)}
    doc = {"first": {"nested": [1, {"deep": "ü\n"}], "empty": {}}, "mixed": None, "n": np.float64(2.5),
           "numbers": None, "list": [], "text": None, "last": None}
    full = {k: tables[k][0].rows(tables[k][1]) if k in tables else v for k, v in doc.items()}
    assert full["mixed"][1] == {'k"ey': "y,z", "a": None, "ok": False, "b": 2.0}
    for indent in (True, False):
        assert bytes(dumps_document(doc, tables, indent=indent)) == dumps(full, indent=indent)
        assert bytes(dumps_document({}, {}, indent=indent)) == dumps({}, indent=indent)


@pytest.mark.parametrize("to_file", [True, False])
def test_cli_solve_json_unchanged(monkeypatch, capsys, tmp_path, to_file):
    """The CLI's JSON (array path forced by GRIDSOLVE_NUMBA=1) against dumps(to_dict()) of the same result."""
    solved: list[PowerFlowResult] = []

    def solve(*args, **kwargs):
        solved.append(run_power_flow(*args, **kwargs))
        return solved[-1]

    monkeypatch.setattr(cli, "run_power_flow", solve)
    monkeypatch.setenv("GRIDSOLVE_NUMBA", "1")
    out = tmp_path / "res.json"
    args = ["solve", str(require_data("matpower/case118.m")), "--format", "json"] + (["--out", str(out)] * to_file)
    assert cli.main(args) == 0
    if to_file:
        assert out.read_bytes() == dumps(solved[0].to_dict(), indent=True) + b"\n"
    else:
        assert capsys.readouterr().out == dumps(solved[0].to_dict()).decode() + "\n"

