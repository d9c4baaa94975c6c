"""Issue 9, the readers' known crashes: each reproduction as a test. Every one is exit 2 with file, line and
field from the CLI (never a traceback, never 1 which means "not converged"); an internal error is exit 3."""

from __future__ import annotations

import subprocess
import sys

import pytest

from gridsolve import cli
from gridsolve import io as gio
from gridsolve.errors import ParseError
from tests.conftest import find_data

CASE9 = find_data("matpower/case9.m").read_text()
BUS1 = "\t1\t3\t0\t0\t0\t0\t1\t1\t0\t345\t1\t1.1\t0.9;"  # case9's first bus row


def _with_bus1(row: str) -> str:
    assert BUS1 in CASE9
    return CASE9.replace(BUS1, row, 1)


def _line_of(text: str, row: str) -> int:
    return text.split("\n").index(row) + 1


@pytest.mark.parametrize("row, field", [
    ("\t1\tNaN\t0\t0\t0\t0\t1\t1\t0\t345\t1\t1.1\t0.9;", "mpc.bus.type"),   # NaN in an integer column
    ("\t1\t3\t0\t0\t0\t0\tInf\t1\t0\t345\t1\t1.1\t0.9;", "mpc.bus.area"),   # Inf in an integer column
    ("\t1\t3\t0\t0\t0\t0\t1\tNaN\t0\t345\t1\t1.1\t0.9;", "mpc.bus.Vm"),     # was silently dropped
    ("\t1\t3\t0\t0\t0\t0\t1\t1\t0\t345\t1\t0.9\t1.1;", "mpc.bus.Vmin"),     # Vmax < Vmin, was "fixed"
])
def test_matpower_bus_rows_are_refused_with_line_and_field(row, field):
    text = _with_bus1(row)
    with pytest.raises(ParseError) as exc:
        gio.loads(text, "matpower", source="case9.m")
    assert (exc.value.file, exc.value.line, exc.value.field) == ("case9.m", _line_of(text, row), field)


def test_matpower_negative_tap_names_the_row():
    """A negative tap ratio (pydantic's error escaped the reader before): refused at its line."""
    row = "\t1\t4\t0\t0.0576\t0\t250\t250\t250\t0\t0\t1\t-360\t360;"
    assert row in CASE9
    text = CASE9.replace(row, "\t1\t4\t0\t0.0576\t0\t250\t250\t250\t-1\t0\t1\t-360\t360;", 1)
    with pytest.raises(ParseError) as exc:
        gio.loads(text, "matpower", source="case9.m")
    assert exc.value.line == _line_of(text, "\t1\t4\t0\t0.0576\t0\t250\t250\t250\t-1\t0\t1\t-360\t360;")
    assert exc.value.field == "mpc.branch.ratio"


def test_matpower_infinite_generator_limits_still_mean_no_limit():
    net = gio.read_case(find_data("matpower/case1354pegase.m.gz"))
    assert any(g.max_q_mvar == float("inf") for g in net.generators)


def test_empty_tables_are_a_clear_error_not_a_crash():
    text = "mpc.version = '2';\nmpc.baseMVA = 100;\nmpc.bus = [\n];\nmpc.gen = [\n];\nmpc.branch = [\n];\n"
    try:
        net = gio.loads(text, "matpower", source="empty.m")
    except ParseError as exc:
        assert exc.file == "empty.m"
    else:
        assert net.buses == []


def gridsolve(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gridsolve", *args], capture_output=True, text=True, timeout=300)


def test_cli_reader_error_is_exit_2_with_file_line_field(tmp_path):
    bad = tmp_path / "bad.m"
    text = _with_bus1("\t1\tInf\t0\t0\t0\t0\t1\t1\t0\t345\t1\t1.1\t0.9;")
    bad.write_text(text)
    out = gridsolve("solve", str(bad))
    line = _line_of(text, "\t1\tInf\t0\t0\t0\t0\t1\t1\t0\t345\t1\t1.1\t0.9;")
    assert out.returncode == 2, out.stderr
    assert out.stderr.strip() == f"error: {bad}:{line}, field 'mpc.bus.type': type is inf; a finite number is required"


def test_cli_internal_error_is_exit_3_not_1(monkeypatch, capsys):
    def boom(*a, **k):
        raise RuntimeError("a bug")

    monkeypatch.setattr(cli, "run_power_flow", boom)
    code = cli.main(["solve", str(find_data("matpower/case9.m"))])
    err = capsys.readouterr().err
    assert code == cli.EXIT_INTERNAL == 3 and "internal error" in err and "Traceback" not in err
