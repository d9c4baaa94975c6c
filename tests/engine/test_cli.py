"""The command line, run as a user would: `python -m gridsolve ...` in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from gridsolve.model import SCHEMA_VERSION
from tests.conftest import find_data, read_csv, require_data


def gridsolve(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gridsolve", *args], capture_output=True, text=True, timeout=300)


def test_solve_json_matches_reference_in_case_bus_order():
    case = require_data("matpower/case14.m")
    # --init flat: the iteration count of a flat start (the CLI's default is now auto, which
    # starts case14 from its stored, already solved voltages: checked in test_pf_scale.py).
    out = gridsolve("solve", str(case), "--format", "json", "--init", "flat")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["converged"] is True and data["method"] == "nr" and data["iterations"] in (3, 4)
    ref = read_csv(find_data("matpower/reference/case14_pf_bus.csv"))
    assert [b["id"] for b in data["buses"]] == [r["bus_i"] for r in ref]
    for bus, r in zip(data["buses"], ref, strict=True):
        assert abs(bus["vm_pu"] - float(r["vm_pu"])) < 1e-6
        assert abs(bus["va_deg"] - float(r["va_deg"])) < 1e-4
    assert {"p_from_mw", "q_to_mvar", "loading_percent"} <= set(data["branches"][0])
    assert data["totals"]["load_mw"] == pytest.approx(259.0)
    assert data["totals"]["losses_mw"] == pytest.approx(13.393, abs=1e-3)


@pytest.mark.parametrize("method", ["fd", "fdbx", "gs"])
def test_solve_other_methods_table(method):
    out = gridsolve("solve", str(require_data("matpower/case9.m")), "--method", method)
    assert out.returncode == 0, out.stderr
    assert "converged True" in out.stdout and "totals:" in out.stdout


def test_solve_csv_to_file(tmp_path):
    target = tmp_path / "res.csv"
    out = gridsolve("solve", str(require_data("matpower/case30.m")), "--format", "csv", "--out", str(target))
    assert out.returncode == 0 and out.stdout == ""
    text = target.read_text()
    assert text.startswith("# buses\nid,vm_pu,va_deg") and "# branches" in text


def test_convert_round_trip(tmp_path):
    src = require_data("matpower/case57.m")
    json_path, m_path = tmp_path / "c.json", tmp_path / "c.m"
    assert gridsolve("convert", str(src), str(json_path)).returncode == 0
    assert json.loads(json_path.read_text())["schema_version"] == SCHEMA_VERSION
    assert gridsolve("convert", str(json_path), str(m_path)).returncode == 0
    a = json.loads(gridsolve("solve", str(src), "--format", "json").stdout)
    b = json.loads(gridsolve("solve", str(m_path), "--format", "json").stdout)
    assert a["buses"] == b["buses"]


def test_bad_input_gives_one_line_error_and_exit_2(tmp_path):
    bad = tmp_path / "bad.m"
    bad.write_text("mpc.version = '2';\nmpc.baseMVA = 100;\nmpc.bus = [\n 1 3 0 0 0 0 1 1 zero 230 1 1.1 0.9;\n];\n")
    out = gridsolve("solve", str(bad))
    assert out.returncode == 2
    assert out.stderr.strip() == f"error: {bad}:4, field 'mpc.bus': not a number: 'zero'"
    assert "Traceback" not in out.stderr
    missing = gridsolve("solve", str(tmp_path / "nope.m"))
    assert missing.returncode == 2 and "No such file" in missing.stderr
    (tmp_path / "x.xyz").write_text("whatever")
    unknown = gridsolve("solve", str(tmp_path / "x.xyz"))
    assert unknown.returncode == 2 and "cannot tell the format" in unknown.stderr


def test_divergence_exits_1_with_report():
    out = gridsolve("solve", str(require_data("matpower/pglib_opf_case300_ieee.m")), "--format", "json")
    assert out.returncode == 1
    assert "did not converge" in out.stderr and "largest mismatch at bus(es)" in out.stderr
    assert json.loads(out.stdout)["converged"] is False
