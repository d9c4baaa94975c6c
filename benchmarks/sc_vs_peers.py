"""All-bus IEC 60909 faults (3ph and 1ph, max) on a 1,000+ bus network: GridSolve vs pandapower.

    .venv/bin/python benchmarks/sc_vs_peers.py [--case case1354pegase] [--repeat 3]

The network is pandapower's `case1354pegase()` with typical short-circuit data filled in (the
rules of ../shared/data/shortcircuit: ext grid 1000 MVA / R/X 0.1, generators x''d 0.2 with
R_G per IEC, lines r0 = 4 r, x0 = 3 x, c0 = c, transformers YNyn with vk0 = vk), written to
pandapower JSON and read back through gridsolve.io, so both tools solve the same data. Both run
with ip and ith; the best of `--repeat` runs is reported, with the largest deviation in I''k.
This is a benchmark, not a test: no assertions on time.
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np


def build(case: str):
    import pandapower.networks as pn

    net = getattr(pn, case)()
    net.ext_grid["s_sc_max_mva"] = 1000.0
    net.ext_grid["rx_max"] = 0.1
    net.ext_grid["x0x_max"] = 1.0
    net.ext_grid["r0x0_max"] = 0.1
    net.line["r0_ohm_per_km"] = 4 * net.line.r_ohm_per_km
    net.line["x0_ohm_per_km"] = 3 * net.line.x_ohm_per_km
    net.line["c0_nf_per_km"] = net.line.c_nf_per_km
    net.line["endtemp_degree"] = 80.0
    if len(net.trafo):
        net.trafo["vector_group"] = "YNyn"
        net.trafo["vk0_percent"] = net.trafo.vk_percent
        net.trafo["vkr0_percent"] = net.trafo.vkr_percent
        net.trafo["mag0_percent"] = 100.0
        net.trafo["mag0_rx"] = 0.0
        net.trafo["si0_hv_partial"] = 0.9
    if len(net.gen):
        net.gen["sn_mva"] = np.maximum(net.gen.p_mw.abs() / 0.85, 1.0)
        net.gen["vn_kv"] = net.bus.vn_kv.loc[net.gen.bus].values
        net.gen["xdss_pu"] = 0.2
        net.gen["cos_phi"] = 0.85
        x = 0.2 * net.gen.vn_kv**2 / net.gen.sn_mva
        rf = np.where(net.gen.vn_kv <= 1, 0.15, np.where(net.gen.sn_mva < 100, 0.07, 0.05))
        net.gen["rdss_ohm"] = rf * x
    if len(net.sgen):
        net.sgen["sn_mva"] = np.maximum(1.1 * net.sgen.p_mw.abs(), 0.1)
        net.sgen["k"] = 1.2
    return net


def best_of(fn, repeat: int) -> tuple[float, object]:
    best, out = np.inf, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--case", default="case1354pegase")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    logging.disable(logging.WARNING)
    import pandapower as pp
    import pandapower.shortcircuit as sc

    from gridsolve import io as gio
    from gridsolve.shortcircuit import run_short_circuit

    pp_net = build(args.case)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{args.case}_sc.json"
        pp.to_json(pp_net, str(path))
        net = gio.read_case(path)
        ref = pp.from_json(str(path))
    print(f"{args.case}: {len(net.buses)} buses, {len(net.lines)} lines, {len(net.transformers)} transformers, "
          f"{len(net.generators)} generators")
    print(f"{'fault':>6} {'gridsolve s':>12} {'pandapower s':>13} {'ratio pp/gs':>12} {'max dIk %':>10}")
    for fault in ("3ph", "1ph"):
        t_gs, res = best_of(lambda f=fault: run_short_circuit(net, fault=f, case="max"), args.repeat)
        t_pp, _ = best_of(lambda f=fault: sc.calc_sc(ref, fault=f, case="max", ip=True, ith=True, tk_s=1.0,
                                                     kappa_method="C"), args.repeat)
        ours = np.array([res.value(f"bus_{i}") for i in ref.res_bus_sc.index])
        theirs = ref.res_bus_sc.ikss_ka.values
        ok = np.isfinite(theirs) & np.isfinite(ours) & (theirs > 0)
        dev = np.max(np.abs(ours[ok] - theirs[ok]) / theirs[ok]) * 100 if ok.any() else float("nan")
        print(f"{fault:>6} {t_gs:12.3f} {t_pp:13.3f} {t_pp / t_gs:12.2f} {dev:10.4f}")


if __name__ == "__main__":
    main()
