"""Protection-coordination study time against the two IEC 60909 runs (max, min) it is built on.

    .venv/bin/python benchmarks/protection_study.py [--laterals 40] [--runs 3]

A synthetic 11 kV radial feeder: a main of N sections with a relay at each section's sending end and a
fused lateral (K link) at every main bus, so 2N devices and 2N+1 buses. Times, in the same run:
`run_short_circuit` max + min on the plain network (the floor), the full `run_protection` check, and the
check with automatic coordination (LP), and prints the ratios.
"""

from __future__ import annotations

import argparse
import time

from gridsolve.model import parse_network
from gridsolve.protection import ProtectionOptions, run_protection
from gridsolve.shortcircuit import run_short_circuit


def feeder(n: int) -> dict:
    buses = [{"id": "S", "vn_kv": 11.0}] + [{"id": f"M{k}", "vn_kv": 11.0} for k in range(n)] + \
        [{"id": f"T{k}", "vn_kv": 11.0} for k in range(n)]
    lines, relays, fuses = [], [], []
    prev = "S"
    for k in range(n):
        lines.append({"id": f"L{k}", "from_bus": prev, "to_bus": f"M{k}", "length_km": 0.5, "r_ohm_per_km": 0.16,
                      "x_ohm_per_km": 0.35, "endtemp_degree": 80.0})
        lines.append({"id": f"X{k}", "from_bus": f"M{k}", "to_bus": f"T{k}", "length_km": 1.0, "r_ohm_per_km": 0.4,
                      "x_ohm_per_km": 0.4, "endtemp_degree": 80.0})
        relays.append({"id": f"R{k}", "branch": f"L{k}", "bus": prev, "elements": [
            {"function": "51", "curve": "IEC-SI", "pickup_a": 200.0 + 20 * (n - k), "dial": 0.1,
             "dial_min": 0.05, "dial_max": 10.0}]})
        fuses.append({"id": f"F{k}", "branch": f"X{k}", "bus": f"M{k}", "fuse_type": "K", "rated_a": 25.0})
        prev = f"M{k}"
    return {"buses": buses, "lines": lines, "relays": relays, "fuses": fuses,
            "external_grids": [{"id": "grid", "bus": "S", "s_sc_max_mva": 250, "s_sc_min_mva": 150,
                                "rx_max": 0.1, "rx_min": 0.1}]}


def best(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--laterals", type=int, default=40)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    net = parse_network(feeder(args.laterals))
    t_sc = best(lambda: (run_short_circuit(net, case="max"), run_short_circuit(net, case="min")), args.runs)
    t_check = best(lambda: run_protection(net), args.runs)
    t_auto = best(lambda: run_protection(net, ProtectionOptions(method="auto_coordination")), args.runs)
    res = run_protection(net, ProtectionOptions(method="auto_coordination"))
    print(f"{len(net.buses)} buses, {len(net.relays) + len(net.fuses)} devices, {len(res.pairs)} pairs; "
          f"auto: {res.auto.status}, violations after {res.auto.violations_after}")
    print(f"short circuit max+min: {t_sc * 1e3:8.1f} ms")
    print(f"protection check     : {t_check * 1e3:8.1f} ms  ({t_check / t_sc:5.1f} x)")
    print(f"check + auto (LP)    : {t_auto * 1e3:8.1f} ms  ({t_auto / t_sc:5.1f} x)")


if __name__ == "__main__":
    main()
