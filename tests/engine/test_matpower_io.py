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


def test_engineering_model_written_as_matpower_solves_the_same():
    """Lines and transformers (T model, taps, phase shift, 3-winding) become exact per-unit branches."""
    from gridsolve import parse_network

    net = parse_network({
        "buses": [{"id": "hv", "vn_kv": 110}, {"id": "mv", "vn_kv": 20}, {"id": "mv2", "vn_kv": 20},
                  {"id": "t3m", "vn_kv": 30}, {"id": "t3l", "vn_kv": 10}],
        "external_grids": [{"id": "grid", "bus": "hv", "vm_pu": 1.02, "va_degree": 5}],
        "transformers": [{"id": "t1", "hv_bus": "hv", "lv_bus": "mv", "sn_mva": 40, "vn_hv_kv": 110,
                          "vn_lv_kv": 20, "vk_percent": 12, "vkr_percent": 0.4, "pfe_kw": 20, "i0_percent": 0.1,
                          "shift_degree": 150, "tap_side": "hv", "tap_pos": 2, "tap_step_percent": 1.5,
                          "tap_min": -9, "tap_max": 9}],
        "transformers3w": [{"id": "t3", "hv_bus": "hv", "mv_bus": "t3m", "lv_bus": "t3l", "sn_hv_mva": 60,
                            "sn_mv_mva": 40, "sn_lv_mva": 20, "vn_hv_kv": 110, "vn_mv_kv": 30, "vn_lv_kv": 10,
                            "vk_hv_percent": 10, "vk_mv_percent": 8, "vk_lv_percent": 12, "vkr_hv_percent": 0.3,
                            "vkr_mv_percent": 0.3, "vkr_lv_percent": 0.3, "pfe_kw": 30, "i0_percent": 0.1}],
        "lines": [{"id": "l1", "from_bus": "mv", "to_bus": "mv2", "length_km": 4, "r_ohm_per_km": 0.16,
                   "x_ohm_per_km": 0.12, "c_nf_per_km": 300, "kind": "cable"}],
        "loads": [{"id": "ld1", "bus": "mv2", "p_mw": 15, "q_mvar": 4},
                  {"id": "ld2", "bus": "t3m", "p_mw": 20, "q_mvar": 6},
                  {"id": "ld3", "bus": "t3l", "p_mw": 5, "q_mvar": 1}],
    })
    direct = run_power_flow(net, tol=1e-12)
    via = run_power_flow(gio.loads(gio.dumps(net, "matpower"), "matpower"), tol=1e-12)
    assert direct.converged and via.converged
    for k, bus in enumerate(direct.bus_ids):
        j = via.bus_ids.index(str(k + 1))
        assert abs(direct.vm_pu[k] - via.vm_pu[j]) < 1e-10, bus
        assert abs(direct.va_deg[k] - via.va_deg[j]) < 1e-8, bus
