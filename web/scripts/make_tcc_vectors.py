"""Write the browser TCC view's test vectors (web/src/protection/tcc_vectors.json) from the engine.

* relay curves: the output of the `gridsolve tcc CURVE --pickup A --dial TD --current A ... --format json`
  command (run through gridsolve.cli.main in this process: the same argparse command, without 48 interpreter
  starts) for every curve at three settings, currents from half the pickup to 50 times it;
* reset times: gridsolve.protection.curves.reset_time for every curve and relay model with constants;
* fuses: gridsolve.protection.fuses.fuse_curves for every fuse type (K/T generic at two ratings), both curves;
* pairs: the protection study (gridsolve.protection.run_protection) on a radial 11 kV feeder with relays, fused
  laterals and a recloser: the network's devices, each pair's fault points with the engine's times, margins,
  violation ranges and no-trip ranges, so that src/protection/tcc.test.ts recomputes them from the network.

  .venv/bin/python web/scripts/make_tcc_vectors.py           # write
  .venv/bin/python web/scripts/make_tcc_vectors.py --check   # exit 1 if the committed file differs
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
WEB = HERE.parent
REPO = WEB.parent
sys.path.insert(0, str(REPO / "solver_layer"))

from gridsolve.cli import main as cli_main  # noqa: E402
from gridsolve.model import parse_network  # noqa: E402
from gridsolve.protection import ProtectionOptions, run_protection  # noqa: E402
from gridsolve.protection.curves import CURVES, RESET_MODELS, reset_time  # noqa: E402
from gridsolve.protection.fuses import fuse_curves, fuse_types  # noqa: E402

OUT = WEB / "src" / "protection" / "tcc_vectors.json"
SETTINGS = ((100.0, 0.1), (250.0, 1.0), (40.0, 2.5))


def _num(x: float) -> float | None:
    return float(x) if np.isfinite(x) else None


def cli_tcc(curve: str, pickup: float, dial: float, currents: list[float]) -> dict[str, Any]:
    buf = io.StringIO()
    argv = ["tcc", curve, "--pickup", repr(pickup), "--dial", repr(dial), "--current", *map(repr, currents),
            "--format", "json"]
    with contextlib.redirect_stdout(buf):
        rc = cli_main(argv)
    if rc != 0:
        raise SystemExit(f"gridsolve {' '.join(argv)} exited {rc}")
    return json.loads(buf.getvalue())


def relay_vectors() -> list[dict[str, Any]]:
    out = []
    for name in CURVES:
        for pickup, dial in SETTINGS:
            currents = [float(x) for x in np.geomspace(0.5 * pickup, 50 * pickup, 23)] + [pickup, pickup * 1.001]
            out.append({"currents_a": currents, **cli_tcc(name, pickup, dial, currents)})
    return out


def reset_vectors() -> list[dict[str, Any]]:
    m = [0.0, 0.2, 0.5, 0.9, 0.99]
    return [{"curve": name, "model": model, "dial": 0.5, "m": m,
             "reset_s": [_num(x) for x in reset_time(CURVES[name], m, 0.5, model)]}
            for model, table in RESET_MODELS.items() for name in table]


def fuse_vectors() -> list[dict[str, Any]]:
    out = []
    for ft in fuse_types().values():
        for rated in ((25.0, 100.0) if ft.generic else (None,)):
            fc = fuse_curves(ft, rated)
            first = min(c.i_a[0] for c in (fc.min_melting, fc.total_clearing) if c is not None)
            last = max(c.i_a[-1] for c in (fc.min_melting, fc.total_clearing) if c is not None)
            i = [float(x) for x in np.geomspace(0.8 * first, 1.5 * last, 31)]
            out.append({"fuse_type": ft.name, "rated_a": rated, "currents_a": i,
                        "min_melting_s": None if fc.min_melting is None else [_num(x) for x in fc.min_melting(i)],
                        "total_clearing_s": None if fc.total_clearing is None else
                        [_num(x) for x in fc.total_clearing(i)]})
    return out


def feeder() -> dict[str, Any]:
    """11 kV radial main S-M0-M1-M2 with relays (IEC-SI, IEEE-VI with a 50 element, US-U3), a recloser on the
    last section, K-link laterals off M0 and M1 and a T link behind it, timed reset on one relay."""
    buses = [{"id": b, "vn_kv": 11.0} for b in ("S", "M0", "M1", "M2", "M3", "T0", "T1", "T2")]
    sect = {"length_km": 1.0, "r_ohm_per_km": 0.16, "x_ohm_per_km": 0.35, "endtemp_degree": 80.0,
            "r0_ohm_per_km": 0.48, "x0_ohm_per_km": 1.05}
    lat = {"length_km": 1.5, "r_ohm_per_km": 0.4, "x_ohm_per_km": 0.4, "endtemp_degree": 80.0,
           "r0_ohm_per_km": 1.2, "x0_ohm_per_km": 1.2}
    mains = [("L0", "S", "M0"), ("L1", "M0", "M1"), ("L2", "M1", "M2"), ("L3", "M2", "M3")]
    laterals = [("X0", "M0", "T0"), ("X1", "M1", "T1"), ("X2", "T1", "T2")]
    lines = [{"id": i, "from_bus": a, "to_bus": b, **sect} for i, a, b in mains] + \
        [{"id": i, "from_bus": a, "to_bus": b, **lat} for i, a, b in laterals]
    relays = [
        {"id": "R0", "branch": "L0", "bus": "S", "ct_primary_a": 600.0, "elements": [
            {"function": "51", "curve": "IEC-SI", "tap_a": 0.6, "dial": 0.25, "reset": "timed"},
            {"function": "51N", "curve": "IEC-VI", "pickup_a": 120.0, "dial": 0.3}]},
        {"id": "R1", "branch": "L1", "bus": "M0", "elements": [
            {"function": "51", "curve": "IEEE-VI", "pickup_a": 300.0, "dial": 1.2},
            {"function": "50", "pickup_a": 4000.0, "delay_s": 0.05}]},
        {"id": "R2", "branch": "L2", "bus": "M1", "breaker_time_s": 0.08, "elements": [
            {"function": "51", "curve": "US-U3", "pickup_a": 200.0, "dial": 1.0, "adder_s": 0.02}]},
    ]
    reclosers = [{"id": "RC3", "branch": "L3", "bus": "M2", "pickup_a": 100.0}]
    fuses = [{"id": "F0", "branch": "X0", "bus": "M0", "fuse_type": "K", "rated_a": 40.0},
             {"id": "F1", "branch": "X1", "bus": "M1", "fuse_type": "K", "rated_a": 65.0},
             {"id": "F2", "branch": "X2", "bus": "T1", "fuse_type": "T", "rated_a": 15.0}]
    grid = {"id": "grid", "bus": "S", "s_sc_max_mva": 250, "s_sc_min_mva": 150, "rx_max": 0.1, "rx_min": 0.1,
            "x0x_max": 1.0, "r0x0_max": 0.1, "x0x_min": 1.0, "r0x0_min": 0.1}
    return {"name": "tcc vectors feeder", "buses": buses, "lines": lines, "relays": relays, "fuses": fuses,
            "reclosers": reclosers, "external_grids": [grid]}


def pair_vectors() -> dict[str, Any]:
    net_json = feeder()
    out: dict[str, Any] = {"network": net_json, "cases": []}
    for fault in ("3ph", "1ph"):
        res = run_protection(parse_network(net_json), ProtectionOptions(fault=fault)).to_dict()
        pairs = [{k: p[k] for k in ("primary", "backup", "rule", "required_s", "min_margin_s", "ok", "points",
                                    "violation_ranges", "primary_no_trip")} for p in res["pairs"]]
        out["cases"].append({"fault": fault, "pairs": pairs, "options": {
            k: res["options"][k] for k in ("cti_relay_s", "cti_fuse_relay_s", "fuse_ratio")}})
    return out


def auto_vectors() -> dict[str, Any]:
    """The automatic coordination on the same feeder with dial ranges on the three relays' 51 elements: its proposed
    settings and the violation count the engine finds after applying them (tcc.test.ts applies them in TypeScript)."""
    net_json = feeder()
    for r in net_json["relays"]:
        # R1's 50 element left out: the engine's automatic coordination fails on an instantaneous element
        # (autocoord._fixed_time indexes Stage.times(scalar), a 0-d array for 50/50N; reported to the lead)
        r["elements"] = [el for el in r["elements"] if el["function"] != "50"]
        for el in r["elements"]:
            if el["function"] == "51":
                el |= {"dial_min": 0.05, "dial_max": 3.0}
    res = run_protection(parse_network(net_json), ProtectionOptions(fault="3ph", method="auto_coordination")).to_dict()
    return {"network": net_json, "auto": res["auto"], "options": {
        k: res["options"][k] for k in ("cti_relay_s", "cti_fuse_relay_s", "fuse_ratio")},
        "pairs": [{"primary": p["primary"], "backup": p["backup"], "points": p["points"]} for p in res["pairs"]]}


def vectors() -> dict[str, Any]:
    return {"about": "written by web/scripts/make_tcc_vectors.py from the engine; do not edit",
            "relay": relay_vectors(), "reset": reset_vectors(), "fuse": fuse_vectors(), "pairs": pair_vectors(),
            "auto": auto_vectors()}


def main() -> int:
    text = json.dumps(vectors(), indent=None, separators=(",", ":")) + "\n"
    if "--check" in sys.argv:
        if not OUT.exists() or OUT.read_text() != text:
            print(f"{OUT.relative_to(REPO)} is stale: run web/scripts/make_tcc_vectors.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text)
    print(f"wrote {OUT.relative_to(REPO)} ({len(text)} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
