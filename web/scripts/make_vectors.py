"""Write the shared power-flow test vectors: network JSON + the Python engine's NR solution.

The browser's WebAssembly solver must reproduce these within 1e-8 pu (vitest in node, and the
browser e2e test). Small cases are committed (web/test-vectors/); the 1,000+ bus case is written
at test time into web/test-vectors/big/ (gitignored) with --big.

Run with the project's venv:  .venv/bin/python web/scripts/make_vectors.py [--big] [--check]
  --check   regenerate in memory and fail if a committed vector differs (engine/model drift).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
WEB = HERE.parent
REPO = WEB.parent
sys.path.insert(0, str(REPO / "solver_layer"))

DATA_DIRS = [REPO / "solver_layer" / "gridsolve" / "samples", REPO / "tests" / "data" / "matpower", REPO.parent / "shared" / "data" / "matpower",
             Path("/work/shared/data/matpower")]
SMALL = ["case14", "case30", "case57", "case118", "example_simple", "cigre_mv", "mixed"]
PANDAPOWER = {"example_simple", "cigre_mv"}  # pandapower JSON networks in shared/data/shortcircuit
BIG = ["case1354pegase"]


def find_case(name: str) -> Path | None:
    if name in PANDAPOWER:
        for d in DATA_DIRS:
            p = d.parent / "shortcircuit" / f"{name}.json"
            if p.exists():
                return p
        return None
    for d in DATA_DIRS:
        p = d / f"{name}.m"
        if p.exists():
            return p
    return None


def read_case(path: Path):
    import gridsolve.io as gio

    if hasattr(gio, "read_case"):
        return gio.read_case(str(path))
    from gridsolve.io.matpower import read_matpower

    return read_matpower(path.read_text(), source=str(path))


def run_pf(net):
    try:
        from gridsolve import run_power_flow
    except ImportError:
        from gridsolve.powerflow.driver import run_power_flow
    return run_power_flow(net, method="nr", tol=1e-10)


def clean(x):
    if isinstance(x, float) and not math.isfinite(x):
        return None
    return x


def mixed_network():
    """Every element type and the compile corner cases the MATPOWER cases do not reach."""
    from gridsolve.model import Network

    line = dict(r_ohm_per_km=0.12, x_ohm_per_km=0.39, c_nf_per_km=9.5, max_i_ka=0.4)
    return Network.model_validate({
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
            {"id": "g_pv", "bus": "MV2", "p_mw": 8, "vm_pu": 1.01},
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


def make_vector(name: str) -> dict | None:
    if name == "mixed":
        net = mixed_network()
    else:
        path = find_case(name)
        if path is None:
            return None
        net = read_case(path)
    result = run_pf(net).to_dict()
    buses = [{"id": b["id"], "vm_pu": clean(b["vm_pu"]), "va_deg": clean(b["va_deg"]),
              "energized": b.get("energized", True)} for b in result["buses"]]
    branches = [{k: clean(b[k]) if isinstance(b[k], float) else b[k]
                 for k in ("id", "kind", "p_from_mw", "q_from_mvar", "p_to_mw", "q_to_mvar", "loading_percent")}
                for b in result["branches"]]
    return {
        "case": name,
        "tol": 1e-10,
        "converged": bool(result.get("converged", True)),
        "network": json.loads(net.model_dump_json(exclude_defaults=True)),
        "solution": {"buses": buses, "branches": branches if len(branches) <= 400 else []},
    }


def dump(vec: dict) -> str:
    return json.dumps(vec, separators=(",", ":"), sort_keys=True) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--big", action="store_true", help="also write the 1,000+ bus case into test-vectors/big/")
    ap.add_argument("--only-big", action="store_true")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--out", help="write every vector (small and big) into this folder instead")
    args = ap.parse_args()
    out = WEB / "test-vectors"
    out.mkdir(exist_ok=True)
    names = [] if args.only_big else list(SMALL)
    big = list(BIG) if (args.big or args.only_big) else []
    status = 0
    for name in names + big:
        target = Path(args.out) / f"{name}.json" if args.out else (out / "big" if name in BIG else out) / f"{name}.json"
        vec = make_vector(name)
        if vec is None:
            print(f"skip {name}: case file not found", file=sys.stderr)
            continue
        text = dump(vec)
        if args.check and name not in BIG:
            old = target.read_text() if target.exists() else ""
            if json.loads(old or "{}") != json.loads(text):
                print(f"{target} is out of date: rerun web/scripts/make_vectors.py", file=sys.stderr)
                status = 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
        print(f"wrote {target} ({len(text) // 1024} KB, {len(vec['solution']['buses'])} buses)")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
