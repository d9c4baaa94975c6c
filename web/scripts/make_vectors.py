"""Write the browser solver's test vectors: per case the network, the engine's compiled payload (what the API hands
the browser), the options, and the engine's own solve of it (its solution on the compiled buses and its result).

The browser's WebAssembly solver takes the payload and must reproduce the engine's solution: voltages within
1e-8 pu / 1e-8 rad, the same final bus types (PV buses switched to PQ at a Q limit) and the same pinned Q — checked
by vitest in node (src/solver/solver.test.ts) and in Chromium (e2e/editor.e2e.mjs). Every vector enforces generator
Q limits; the cases cover switch-joined buses, branches open at one end, de-energized buses and islands, phase
shifters, ZIP loads, fast-decoupled, Gauss-Seidel and warm starts.

Small cases are committed (web/test-vectors/); the 1,000+ bus cases are written at test time with --big.

Run with the project's venv:  .venv/bin/python web/scripts/make_vectors.py [--big] [--out DIR] [--check]
  --check   regenerate in memory and fail if a committed vector differs (engine drift).
"""

from __future__ import annotations

import argparse
import base64
import json
import math
import sys
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
WEB = HERE.parent
REPO = WEB.parent
sys.path.insert(0, str(REPO / "solver_layer"))

from gridsolve import io, parse_network, run_power_flow  # noqa: E402
from gridsolve.compile import NONE  # noqa: E402
from gridsolve.powerflow.driver import DEFAULT_MAX_ITER, METHODS  # noqa: E402
from gridsolve.powerflow.external import compiled_payload, network_hash  # noqa: E402
from gridsolve.studies import STUDY_TYPES  # noqa: E402

DATA_DIRS = [REPO / "solver_layer" / "gridsolve" / "samples", REPO / "tests" / "data", REPO.parent / "shared" / "data"]

#: name -> (case file, analysis method, parameters). Q limits are on everywhere.
Q = {"enforce_q_limits": True, "tol": 1e-10}
SMALL: dict[str, tuple[str | None, str, dict[str, Any]]] = {
    "case14": ("case14.m", "newton_raphson", Q),
    "case30": ("case30.m", "newton_raphson", Q),
    "case57": ("case57.m", "newton_raphson", Q),
    "case118": ("case118.m", "newton_raphson", Q),
    "case118_fast_decoupled": ("case118.m", "fast_decoupled", {**Q, "max_iter": 200}),
    "case14_gauss_seidel": ("case14.m", "gauss_seidel", {**Q, "tol": 1e-9}),
    "case57_warm": ("case57.m", "newton_raphson", {**Q, "init": "warm"}),
    "case300": ("matpower/case300.m", "newton_raphson", Q),
    "example_simple": ("shortcircuit/example_simple.json", "newton_raphson", Q),
    "cigre_mv": ("shortcircuit/cigre_mv.json", "newton_raphson", Q),
    "example_multivoltage": ("pandapower/example_multivoltage.json", "newton_raphson", Q),
    "mixed": (None, "newton_raphson", Q),
    "q_limits": (None, "newton_raphson", Q),
}
BIG: dict[str, tuple[str | None, str, dict[str, Any]]] = {
    "case1354pegase": ("matpower/case1354pegase.m", "newton_raphson", Q),
    "case_ACTIVSg2000": ("matpower/case_ACTIVSg2000.m", "newton_raphson", Q),
}


def find_case(rel: str) -> Path | None:
    for d in DATA_DIRS:
        for p in (d / rel, d / (rel + ".gz"), d / Path(rel).name):
            if p.exists():
                return p
    return None


def mixed_network():
    """Every element type and the compile corner cases the MATPOWER cases do not reach: a bus-bus switch joining
    two buses, a line switched open at one end, a line to an out-of-service bus, an island without a source,
    3-winding transformer with a star-point tap, ideal phase shifter, tapped transformers, ZIP loads, shunts."""
    line = dict(r_ohm_per_km=0.12, x_ohm_per_km=0.39, c_nf_per_km=9.5, max_i_ka=0.4)
    return parse_network({
        "name": "mixed", "base_mva": 100, "f_hz": 50,
        "buses": [{"id": b, "vn_kv": kv} for b, kv in [
            ("HV", 110), ("HV2", 110), ("MV", 20), ("MV2", 20), ("MV3", 20), ("LV", 10), ("LV2", 0.4),
            ("MVc", 20), ("ISO", 20), ("PS", 110)]] + [{"id": "OOS", "vn_kv": 20, "in_service": False}],
        "external_grids": [{"id": "grid", "bus": "HV", "vm_pu": 1.02, "va_degree": 5}],
        "lines": [
            {"id": "l1", "from_bus": "HV", "to_bus": "HV2", "length_km": 12, **line},
            {"id": "l2", "from_bus": "MV", "to_bus": "MV2", "length_km": 3, "kind": "cable", "parallel": 2,
             "r_ohm_per_km": 0.161, "x_ohm_per_km": 0.117, "c_nf_per_km": 273, "g_us_per_km": 1.5, "max_i_ka": 0.36},
            {"id": "l3", "from_bus": "MV2", "to_bus": "MV3", "length_km": 4, **line},
            {"id": "l4_open", "from_bus": "MV3", "to_bus": "MV", "length_km": 4, **line},
            {"id": "l5_iso", "from_bus": "ISO", "to_bus": "MVc", "length_km": 1, **line, "in_service": False},
            {"id": "l6", "from_bus": "HV2", "to_bus": "PS", "length_km": 5, **line},
            {"id": "l7_dead_end", "from_bus": "MV2", "to_bus": "OOS", "length_km": 8, "kind": "cable",
             "r_ohm_per_km": 0.161, "x_ohm_per_km": 0.117, "c_nf_per_km": 273},
        ],
        "transformers": [
            {"id": "t1", "hv_bus": "HV2", "lv_bus": "MV", "sn_mva": 40, "vn_hv_kv": 110, "vn_lv_kv": 20.5,
             "vk_percent": 12, "vkr_percent": 0.4, "pfe_kw": 20, "i0_percent": 0.08, "shift_degree": 30,
             "tap_side": "hv", "tap_pos": 2, "tap_neutral": 0, "tap_min": -9, "tap_max": 9, "tap_step_percent": 1.5},
            {"id": "t2", "hv_bus": "MV3", "lv_bus": "LV2", "sn_mva": 0.63, "vn_hv_kv": 20, "vn_lv_kv": 0.4,
             "vk_percent": 6, "vkr_percent": 1.2, "pfe_kw": 1.1, "i0_percent": -0.3, "tap_side": "lv", "tap_pos": -1,
             "tap_step_percent": 2.5, "tap_step_degree": 10, "tap_min": -2, "tap_max": 2},
            {"id": "t_ps", "hv_bus": "PS", "lv_bus": "HV", "sn_mva": 100, "vn_hv_kv": 110, "vn_lv_kv": 110,
             "vk_percent": 10, "vkr_percent": 0.2, "tap_side": "hv", "tap_pos": 3, "tap_step_degree": 2,
             "tap_changer_type": "ideal", "tap_min": -5, "tap_max": 5},
        ],
        "transformers3w": [
            {"id": "t3", "hv_bus": "HV", "mv_bus": "MV2", "lv_bus": "LV", "sn_hv_mva": 50, "sn_mv_mva": 30,
             "sn_lv_mva": 20, "vn_hv_kv": 110, "vn_mv_kv": 20, "vn_lv_kv": 10, "vk_hv_percent": 10,
             "vk_mv_percent": 8, "vk_lv_percent": 12, "vkr_hv_percent": 0.3, "vkr_mv_percent": 0.35,
             "vkr_lv_percent": 0.4, "pfe_kw": 30, "i0_percent": 0.1, "shift_mv_degree": 30, "shift_lv_degree": 150,
             "tap_side": "mv", "tap_pos": 1, "tap_step_percent": 1.25, "tap_at_star_point": True,
             "tap_min": -5, "tap_max": 5},
        ],
        "generators": [
            {"id": "g_pv", "bus": "MV2", "p_mw": 8, "vm_pu": 1.01, "min_q_mvar": -1, "max_q_mvar": 1},
            {"id": "g_static", "bus": "LV", "p_mw": 3, "q_mvar": -1, "voltage_control": False, "kind": "static",
             "scaling": 0.9},
        ],
        "loads": [
            {"id": "d1", "bus": "MV", "p_mw": 10, "q_mvar": 3, "const_z_percent": 30, "const_i_percent": 20},
            {"id": "d2", "bus": "MV3", "p_mw": 6, "q_mvar": 2, "scaling": 1.1},
            {"id": "d3", "bus": "LV2", "p_mw": 0.3, "q_mvar": 0.1, "const_i_percent": 100},
            {"id": "d4", "bus": "MVc", "p_mw": 2, "q_mvar": 0.5},
            {"id": "d5", "bus": "ISO", "p_mw": 1},
            {"id": "d6", "bus": "LV", "p_mw": 4, "q_mvar": 1.5},
        ],
        "shunts": [
            {"id": "sh1", "bus": "MV", "q_mvar": -2, "step": 2, "max_step": 3},
            {"id": "sh2", "bus": "HV2", "p_mw": 0.1, "q_mvar": 5, "vn_kv": 115},
        ],
        "switches": [
            {"id": "s_bus", "bus": "MV3", "element": "MVc", "et": "bus", "closed": True},
            {"id": "s_open", "bus": "MV", "element": "l4_open", "et": "line", "closed": False},
        ],
    })


def q_limit_network():
    """A 20 kV ring with three voltage-controlling generators: one runs into its upper Q limit, one into its lower,
    one (two units sharing a bus) stays inside; a switch-joined bus pair carries a load."""
    cable = dict(r_ohm_per_km=0.161, x_ohm_per_km=0.117, c_nf_per_km=273, max_i_ka=0.36, kind="cable")
    return parse_network({
        "name": "q limits", "base_mva": 100, "f_hz": 50,
        "buses": [{"id": f"B{i}", "vn_kv": 20} for i in range(1, 8)],
        "external_grids": [{"id": "grid", "bus": "B1", "vm_pu": 1.0}],
        "lines": [{"id": f"L{i}", "from_bus": f"B{i}", "to_bus": f"B{i % 6 + 1}", "length_km": 3, **cable}
                  for i in range(1, 7)],
        "switches": [{"id": "S67", "bus": "B6", "element": "B7", "et": "bus", "closed": True}],
        "generators": [
            {"id": "G_high", "bus": "B3", "p_mw": 2, "vm_pu": 1.04, "min_q_mvar": -0.5, "max_q_mvar": 0.5},
            {"id": "G_low", "bus": "B5", "p_mw": 1, "vm_pu": 0.97, "min_q_mvar": -0.3, "max_q_mvar": 3},
            {"id": "G_a", "bus": "B4", "p_mw": 1, "vm_pu": 1.0, "min_q_mvar": -5, "max_q_mvar": 5},
            {"id": "G_b", "bus": "B4", "p_mw": 1, "vm_pu": 1.0, "min_q_mvar": -2, "max_q_mvar": 8},
        ],
        "loads": [
            {"id": "D2", "bus": "B2", "p_mw": 3, "q_mvar": 1.5},
            {"id": "D3", "bus": "B3", "p_mw": 2, "q_mvar": 2},
            {"id": "D6", "bus": "B7", "p_mw": 2.5, "q_mvar": 0.8},
        ],
    })


def read(name: str, rel: str | None):
    if name == "mixed":
        return mixed_network()
    if name == "q_limits":
        return q_limit_network()
    path = find_case(rel or "")
    return io.read_case(path) if path else None


def browser_study():
    """The study type the browser solves (the one with an external-solution path), found by what it can do."""
    return next(st for st in STUDY_TYPES.values() if st.runs_in_browser)


def engine_solve(net, method: str, parameters: dict[str, Any]):
    """The engine's solve with these study options (validated by the study type's options model)."""
    o = browser_study().parse_options(method, parameters)
    key = METHODS[o.method]
    return run_power_flow(net, method=key, tol=o.tol, max_iter=o.max_iter or DEFAULT_MAX_ITER[key], init=o.init,
                          enforce_q_limits=o.enforce_q_limits, accel=o.accel)


def finite(x: Any) -> Any:
    if isinstance(x, float):
        return x if math.isfinite(x) else None
    if isinstance(x, dict):
        return {k: finite(v) for k, v in x.items()}
    if isinstance(x, list):
        return [finite(v) for v in x]
    return x


def make_vector(name: str, spec: tuple[str | None, str, dict[str, Any]]) -> dict | None:
    rel, method, parameters = spec
    net = read(name, rel)
    if net is None:
        return None
    result = engine_solve(net, method, parameters)
    v = result.v_compiled
    solution = {
        "network_hash": network_hash(net), "vm_pu": np.abs(v).tolist(), "va_deg": np.rad2deg(np.angle(v)).tolist(),
        "bus_type": np.where(result.bus_type_compiled == NONE, 0, result.bus_type_compiled).tolist(),
        "q_fixed_pu": result.q_fixed_compiled.tolist(), "iterations": result.iterations,
        "converged": result.converged,
        "history": [[h["max_p_mismatch"], h["max_q_mismatch"]] for h in result.to_dict()["history"]],
    }
    return finite({
        "case": name, "analysis_method": method, "parameters": parameters,
        "network": json.loads(net.model_dump_json(exclude_defaults=True)),
        "payload": compiled_payload(net), "solution": solution,
        "result": {k: v for k, v in result.to_dict().items() if k != "wall_time_s"},  # deterministic: no timings
    })


#: How far a committed vector's number may be from the engine's and still be "the engine's": round-off of the
#: platform's BLAS/LAPACK/SuperLU builds (measured up to 1.4e-10 MW on case300 between numpy 2.2 and 2.4), far
#: below the 1e-8 pu the browser is held to. A change in the engine's models moves numbers far more than this.
CHECK_TOL = 1e-8
#: Below this mismatch (pu) which bus is the worst is round-off too.
NOISE_MISMATCH = 1e-10
DTYPES = {"f64": "<f8", "i32": "<i4"}  # the payload's array types (gridsolve.powerflow.external)


def _decoded(node: dict) -> np.ndarray:
    return np.frombuffer(base64.b64decode(node["data"]), dtype=DTYPES[node["dtype"]])


def drift(old: Any, new: Any, path: str = "") -> str | None:
    """Where `old` and `new` differ beyond round-off (None if nowhere): structure, strings and integers exactly,
    floats within CHECK_TOL (absolute, or relative for large values), base64 arrays decoded and compared alike."""
    if isinstance(old, dict) and isinstance(new, dict):
        if old.keys() != new.keys():
            return f"{path}: keys {sorted(set(old) ^ set(new))}"
        if {"data", "dtype"} <= old.keys() and isinstance(old["data"], str):
            a, b = _decoded(old), _decoded(new)
            ok = a.shape == b.shape and bool(np.allclose(a, b, rtol=CHECK_TOL, atol=CHECK_TOL))
            return None if ok else f"{path}: array differs"
        noise = max(abs(old.get("max_p_mismatch") or 0), abs(old.get("max_q_mismatch") or 0)) < NOISE_MISMATCH \
            if "max_p_mismatch" in old else False
        for key in old:
            if noise and key.startswith("worst_"):
                continue
            where = drift(old[key], new[key], f"{path}.{key}")
            if where:
                return where
        return None
    if isinstance(old, list) and isinstance(new, list):
        if len(old) != len(new):
            return f"{path}: length {len(old)} != {len(new)}"
        return next((w for i, (x, y) in enumerate(zip(old, new, strict=True)) if (w := drift(x, y, f"{path}[{i}]"))), None)
    if isinstance(old, float) and isinstance(new, float | int) and not isinstance(new, bool):
        return None if math.isclose(old, new, rel_tol=CHECK_TOL, abs_tol=CHECK_TOL) else f"{path}: {old} != {new}"
    return None if old == new else f"{path}: {old!r} != {new!r}"


def dump(vec: dict) -> str:
    return json.dumps(vec, separators=(",", ":"), sort_keys=True) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--big", action="store_true", help="also write the 1,000+ bus cases into test-vectors/big/")
    ap.add_argument("--only-big", action="store_true")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--out", help="write every vector (small and big) into this folder instead")
    args = ap.parse_args()
    out = WEB / "test-vectors"
    todo = {} if args.only_big else dict(SMALL)
    if args.big or args.only_big:
        todo.update(BIG)
    status = 0
    for name, spec in todo.items():
        folder = Path(args.out) if args.out else (out / "big" if name in BIG else out)
        target = folder / f"{name}.json"
        vec = make_vector(name, spec)
        if vec is None:
            print(f"skip {name}: case file not found", file=sys.stderr)
            continue
        text = dump(vec)
        if args.check and name not in BIG:
            where = drift(json.loads(target.read_text()), json.loads(text)) if target.exists() else "missing"
            if where:
                print(f"{target} is out of date ({where}): rerun web/scripts/make_vectors.py", file=sys.stderr)
                status = 1
            continue
        folder.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
        pinned = sum(q != 0 for q in vec["solution"]["q_fixed_pu"])
        print(f"wrote {target} ({len(text) // 1024} KB, {vec['payload']['n_bus']} buses, "
              f"{vec['solution']['iterations']} it, {pinned} buses at a Q limit)")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
