"""MATPOWER reader/writer: round trips and error messages that name file, line and field."""

from __future__ import annotations

import numpy as np
import pytest

from gridsolve import io as gio
from gridsolve import run_power_flow
from gridsolve.errors import ParseError
from tests.conftest import require_data

ROUND_TRIP_CASES = ["case9", "case14", "case30", "case57", "case118", "case300", "case1354pegase"]


@pytest.mark.parametrize("case", ROUND_TRIP_CASES)
def test_matpower_to_native_to_matpower_gives_identical_results(case, tmp_path):
    original = gio.read_case(require_data(f"matpower/{case}.m"))
    native_text = gio.dumps(original, "gridsolve")
    via_json = gio.loads(native_text, "gridsolve")
    assert via_json == original  # the native format round-trips exactly
    matpower_text = gio.dumps(via_json, "matpower")
    back = gio.loads(matpower_text, "matpower")
    a, b = run_power_flow(original, tol=1e-10), run_power_flow(back, tol=1e-10)
    assert a.bus_ids == b.bus_ids
    assert np.array_equal(a.vm_pu, b.vm_pu) and np.array_equal(a.va_deg, b.va_deg)
    assert np.array_equal(a.p_from_mw, b.p_from_mw) and np.array_equal(a.unit_q_mvar, b.unit_q_mvar)
    # And a second write reproduces the same text.
    assert gio.dumps(back, "matpower") == matpower_text


def test_out_of_service_elements_survive_round_trip():
    net = gio.read_case(require_data("matpower/case118.m"))
    net.impedance_branches[5].in_service = False
    net.generators[3].in_service = False
    back = gio.loads(gio.dumps(net, "matpower"), "matpower")
    assert not back.impedance_branches[5].in_service and not back.generators[3].in_service
    a, b = run_power_flow(net), run_power_flow(back)
    assert np.array_equal(a.vm_pu, b.vm_pu)


def test_reader_keeps_q_limits_taps_and_shifts():
    net = gio.read_case(require_data("matpower/case1354pegase.m"))
    shifters = [br for br in net.impedance_branches if br.shift_degree != 0]
    taps = [br for br in net.impedance_branches if br.tap_ratio != 1]
    assert shifters and taps and all(br.is_transformer for br in shifters + taps)
    g = net.generators[0]
    assert g.min_q_mvar is not None and g.max_q_mvar is not None


GOOD = """function mpc = tiny
mpc.version = '2';
mpc.baseMVA = 100;
mpc.bus = [
  1 3 0 0 0 0 1 1 0 230 1 1.1 0.9;
  2 1 50 10 0 0 1 1 0 230 1 1.1 0.9;
];
mpc.gen = [
  1 0 0 100 -100 1.02 100 1 200 0;
];
mpc.branch = [
  1 2 0.01 0.1 0.02 100 100 100 0 0 1 -360 360;
];
"""


def test_tiny_case_solves():
    result = run_power_flow(gio.loads(GOOD, "matpower"))
    assert result.converged and result.bus_vm("2") < 1.02


@pytest.mark.parametrize(
    ("broken", "line", "field", "message"),
    [
        (GOOD.replace("2 1 50 10", "2 1 5x0 10"), 6, "mpc.bus", "not a number: '5x0'"),
        (GOOD.replace("1 2 0.01 0.1 0.02 100 100 100 0 0 1 -360 360;", "1 2 0.01 0.1;"), 12, "mpc.branch.b",
         "needs at least 11"),
        (GOOD.replace("  1 0 0 100 -100", "  7 0 0 100 -100"), 9, "mpc.gen.bus", "unknown bus 7"),
        (GOOD.replace("1 2 0.01 0.1 0.02", "1 9 0.01 0.1 0.02"), 12, "mpc.branch.tbus", "unknown bus 9"),
        (GOOD.replace("2 1 50 10", "2 7 50 10"), 6, "mpc.bus.type", "bus type 7"),
        (GOOD.replace("1 2 0.01 0.1 0.02", "1 2 0 0 0.02"), 12, "mpc.branch.x", "zero impedance"),
        (GOOD.replace("2 1 50 10", "1 1 50 10"), 6, "mpc.bus.bus_i", "defined twice"),
    ],
)
def test_malformed_matpower_names_line_and_field(broken, line, field, message):
    with pytest.raises(ParseError) as err:
        gio.loads(broken, "matpower", source="tiny.m")
    assert err.value.line == line and err.value.field == field
    assert message in err.value.message
    assert str(err.value).startswith(f"tiny.m:{line}")


def test_missing_section_and_unclosed_matrix():
    with pytest.raises(ParseError, match="missing mpc.branch"):
        gio.loads(GOOD.split("mpc.branch")[0], "matpower")
    with pytest.raises(ParseError, match="not closed") as err:
        gio.loads(GOOD.replace("];\n", "", 3).rsplit("];", 1)[0], "matpower")
    assert err.value.field.startswith("mpc.")


def test_version_1_is_refused_clearly():
    with pytest.raises(ParseError, match="version 2"):
        gio.loads(GOOD.replace("mpc.version = '2';", "mpc.version = '1';"), "matpower")
