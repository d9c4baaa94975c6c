"""Fast-decoupled and Gauss-Seidel reach the Newton/PYPOWER reference solution where they converge.

Where they do not: Gauss-Seidel converges linearly with a rate close to 1 on large meshed
transmission cases (case300 and up need > 20,000 sweeps to reach 1e-8 pu, as MATPOWER's
gausspf does); the test pins that it reports non-convergence rather than a wrong answer.
"""

from __future__ import annotations

import numpy as np
import pytest

from gridsolve import io as gio
from gridsolve import run_power_flow
from tests.conftest import require_data
from tests.engine.test_pf_matpower_reference import check_against_reference

FD_CASES = ["case5", "case9", "case14", "case30", "case39", "case57", "case118", "case300", "case1354pegase",
            "case2869pegase", "case_ACTIVSg2000"]
GS_CASES = ["case5", "case9", "case14", "case30", "case39", "case57", "case118"]


@pytest.mark.parametrize("method", ["fd", "fdbx"])
@pytest.mark.parametrize("case", FD_CASES)
def test_fast_decoupled_matches_reference(case, method):
    check_against_reference(case, method=method, tol=1e-9)


@pytest.mark.parametrize("case", GS_CASES)
def test_gauss_seidel_matches_reference(case):
    check_against_reference(case, method="gs", tol=1e-9)


def test_gauss_seidel_acceleration_reduces_sweeps():
    net = gio.read_case(require_data("matpower/case30.m"))
    plain = run_power_flow(net, method="gs", tol=1e-8)
    accelerated = run_power_flow(net, method="gs", tol=1e-8, accel=1.6)
    assert plain.converged and accelerated.converged
    assert accelerated.iterations < plain.iterations
    assert np.max(np.abs(plain.vm_pu - accelerated.vm_pu)) < 1e-7


def test_gauss_seidel_reports_slow_convergence_on_large_case():
    net = gio.read_case(require_data("matpower/case1354pegase.m"))
    result = run_power_flow(net, method="gs", tol=1e-8, max_iter=300)
    assert not result.converged
    assert "did not converge in 300 iterations" in " ".join(result.notes)
    assert len(result.history) == 301
    assert result.history[-1]["max_p_mismatch"] < result.history[0]["max_p_mismatch"]


@pytest.mark.parametrize("method", ["nr", "fd"])
def test_case_without_solution_reports_divergence(method):
    """pglib_opf_case300_ieee has no power-flow solution at its dispatch (shared/data README)."""
    net = gio.read_case(require_data("matpower/pglib_opf_case300_ieee.m"))
    result = run_power_flow(net, method=method, tol=1e-8)
    assert not result.converged
    assert result.worst_buses and {"bus", "p_mismatch_mw", "q_mismatch_mvar"} <= set(result.worst_buses[0])
    assert any("largest mismatch at bus(es)" in n for n in result.notes)
    assert result.history[-1]["max_p_mismatch"] > 1e-8
    as_dict = result.to_dict()
    assert as_dict["converged"] is False and as_dict["worst_buses"]


def test_history_records_every_iteration():
    result = run_power_flow(gio.read_case(require_data("matpower/case14.m")), tol=1e-10)
    assert [h["iteration"] for h in result.history] == list(range(result.iterations + 1))
    mism = [max(h["max_p_mismatch"], h["max_q_mismatch"]) for h in result.history]
    assert mism[-1] < 1e-10 < mism[0]
    assert all(b < a for a, b in zip(mism, mism[1:], strict=False))  # quadratic convergence: monotone


def test_progress_callback_sees_each_iteration():
    seen = []
    run_power_flow(gio.read_case(require_data("matpower/case14.m")), progress=lambda i, m: seen.append((i, m)))
    assert [i for i, _ in seen] == list(range(len(seen))) and len(seen) >= 4


def test_warm_start_keeps_stored_angles_and_starts_the_rest_behind_their_phase_shifts():
    """A bus with a stored angle starts at it; one without starts at its reference's angle plus the phase shifts
    on the way (150 degrees behind a Dyn5-style transformer: -150), as the flat start does."""
    from gridsolve import compile_network, parse_network
    from gridsolve.powerflow.driver import initial_voltage

    net = parse_network({
        "buses": [{"id": "hv", "vn_kv": 110}, {"id": "mv", "vn_kv": 20, "va_init_degree": -147.5,
                                                "vm_init_pu": 0.99},
                  {"id": "lv", "vn_kv": 20, "va_init_degree": None}],
        "external_grids": [{"id": "grid", "bus": "hv", "vm_pu": 1.02, "va_degree": 5}],
        "transformers": [{"id": "t1", "hv_bus": "hv", "lv_bus": "mv", "sn_mva": 40, "vn_hv_kv": 110,
                          "vn_lv_kv": 20, "vk_percent": 12, "vkr_percent": 0.4, "shift_degree": 150},
                         {"id": "t2", "hv_bus": "hv", "lv_bus": "lv", "sn_mva": 40, "vn_hv_kv": 110,
                          "vn_lv_kv": 20, "vk_percent": 12, "vkr_percent": 0.4, "shift_degree": 150}],
        "loads": [{"id": "ld", "bus": "lv", "p_mw": 5, "q_mvar": 1}],
    })
    cn = compile_network(net)
    k = {b: cn.bus_index[b] for b in ("hv", "mv", "lv")}
    warm, flat = initial_voltage(cn, cn.bus_type, warm=True), initial_voltage(cn, cn.bus_type, warm=False)
    deg = lambda v: np.degrees(np.angle(v))  # noqa: E731
    assert deg(warm[k["hv"]]) == pytest.approx(5) and deg(flat[k["hv"]]) == pytest.approx(5)
    assert deg(warm[k["mv"]]) == pytest.approx(-147.5) and abs(warm[k["mv"]]) == pytest.approx(0.99)
    assert deg(flat[k["mv"]]) == pytest.approx(5 - 150) and abs(flat[k["mv"]]) == pytest.approx(1.0)
    assert deg(warm[k["lv"]]) == pytest.approx(5 - 150) == deg(flat[k["lv"]])
