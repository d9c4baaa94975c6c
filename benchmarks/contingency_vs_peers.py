"""N-1 contingency analysis, outages per second: GridSolve vs lightsim2grid's ContingencyAnalysisCPP vs a
pandapower runpp loop, measured in the same run.

    .venv/bin/python benchmarks/contingency_vs_peers.py [--cases case118 case1354pegase case9241pegase]
        [--sample-9241 300] [--repeat 3] [--pp-outages 60]

Needs requirements-bench.txt (lightsim2grid; pandapower comes with requirements-dev.txt).

The same outages for GridSolve and lightsim2grid: every MATPOWER branch (lines and transformers) of
case118 and case1354pegase, a fixed-seed sample of case9241pegase's (the scaling row). Both start each
outage from the base-case solution and stop at a largest P/Q mismatch of 1e-8 pu, single slack, no Q
limits. What differs, and the table says so: lightsim2grid skips outages that split the grid (its
voltages are 0 there: `handle_disconnected_grid` is off by default), GridSolve solves the main island of
every one of them and reports the lost buses and load; GridSolve also evaluates every outage's loadings,
voltage violations and severity, lightsim2grid only returns voltages (its flows are a separate call,
not timed).

What is timed:
- `GridSolve batch`: `contingency.campaign.run_batch` on the prepared campaign (compiled network, solved
  base case, factorized base Jacobian; prepared anew before each run, untimed, from a fresh copy of the
  network, so that no run reuses what another kept) over every outage, rows included: the engine's work
  per outage.
- `GridSolve whole`: the study type's `run` from the parsed network (compile, base case, planning, batches,
  merge and ranking) with threads=1 and threads=2 (a process pool).
- `lightsim2grid`: `ContingencyAnalysisCPP.compute(V_base, 30, 1e-8)` after `add_multiple_n1`, nb_thread 1
  and 2 (its C++ threads).
- `pandapower`: `runpp` (NR, numba, init="results") in a loop over its first `--pp-outages` lines and
  transformers (from `from_ppc`), each taken out and put back: the loop a user would write.

The machine is shared with other jobs: besides wall time the single-threaded rows give CPU time
(`time.process_time`) and the ratio is taken on both; medians of `--repeat` interleaved rounds, where a run
shorter than 0.25 s (case118) is repeated within its round, each repeat timed alone, and averaged.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "solver_layer"))

from gridsolve import io as gio  # noqa: E402
from gridsolve.contingency import ContingencyOptions, campaign  # noqa: E402
from gridsolve.io.matpower import parse_matpower  # noqa: E402
from gridsolve.studies import get_study_type  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "matpower"
TOL = 1e-8
MAX_ITER = 30


MIN_TIMED_S = 0.25  # a run shorter than this is repeated until the repeats add up to it (small cases, noisy machine)


def timed(fn, prepare=None) -> tuple[float, float, object]:
    """(wall s, CPU s of this process, result) of one run of fn: the mean of as many runs as take MIN_TIMED_S
    together, each timed alone (`prepare()`, untimed, before each: fn then takes what it returns)."""
    wall = cpu = 0.0
    n = 0
    while True:
        arg = prepare() if prepare is not None else None
        w, c = time.perf_counter(), time.process_time()
        out = fn(arg) if prepare is not None else fn()
        wall += time.perf_counter() - w
        cpu += time.process_time() - c
        n += 1
        if wall >= MIN_TIMED_S:
            return wall / n, cpu / n, out


def ppc_of(path: Path) -> dict:
    d = parse_matpower(path.read_text(), str(path))
    ppc = {"version": "2", "baseMVA": float(d["baseMVA"])}
    for key in ("bus", "gen", "branch"):
        ppc[key] = np.array(d[key].rows, dtype=float)
    return ppc


def lightsim_rows(ppc: dict, grid) -> list[int]:
    """MATPOWER branch row (0-based) of each lightsim2grid branch id (its lines, then its transformers)."""
    br = ppc["branch"]
    is_trafo = (br[:, 8] != 0) | (br[:, 9] != 0)
    rows = np.r_[np.flatnonzero(~is_trafo), np.flatnonzero(is_trafo)]
    pos = {int(b): k for k, b in enumerate(ppc["bus"][:, 0])}
    elems = list(grid.get_lines()) + list(grid.get_trafos())
    assert len(elems) == len(rows)
    for k in range(0, len(rows), max(1, len(rows) // 50)):  # the mapping checked on a spread of branches
        e = elems[k]
        assert {e.bus1_id, e.bus2_id} == {pos[int(br[rows[k], 0])], pos[int(br[rows[k], 1])]}, k
    return rows.tolist()


def bench_case(case: str, sample: int | None, repeat: int, pp_outages: int) -> dict:
    path = DATA / f"{case}.m"
    net = gio.read_case(path)
    ppc = ppc_of(path)
    n_branch = len(ppc["branch"])
    rows = list(range(n_branch))
    if sample and sample < n_branch:
        rows = sorted(np.random.default_rng(9241).choice(n_branch, sample, replace=False).tolist())
    outages = [[f"br_{r + 1}"] for r in rows]
    out: dict = {"case": case, "n_bus": len(ppc["bus"]), "outages": len(outages)}

    opts = ContingencyOptions(outages=outages, tol=TOL, max_iter=MAX_ITER, full_voltages_worst=10, threads=1)
    st = get_study_type("contingency")
    opts_st = {t: st.parse_options(None, {"outages": outages, "tol": TOL, "max_iter": MAX_ITER, "threads": t})
               for t in (1, 2)}
    w = time.perf_counter()
    campaign.context(net, opts)  # once: a second call would find it prepared
    out["gs_prepare_s"] = time.perf_counter() - w
    campaign.run_batch(net, opts, outages[:10])  # numba dispatch warmed

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from lightsim2grid.contingencyAnalysis import ContingencyAnalysisCPP
        from lightsim2grid.network import init_from_matpower
        grid = init_from_matpower(ppc)
    ls_index = {r: k for k, r in enumerate(lightsim_rows(ppc, grid))}
    v_base = grid.ac_pf(np.ones(grid.total_bus(), dtype=complex), MAX_ITER, TOL)

    def ls_run(threads: int):
        ca = ContingencyAnalysisCPP(grid)
        ca.nb_thread = threads
        ca.add_multiple_n1([ls_index[r] for r in rows])
        ca.compute(v_base, MAX_ITER, TOL)
        vs = np.asarray(ca.get_voltages())
        return int(np.sum(np.abs(vs).sum(axis=1) > 0))

    res: dict[str, list] = {k: [] for k in ("gs_batch", "gs_whole1", "gs_whole2", "ls1", "ls2")}
    def fresh_campaign():  # a campaign prepared anew, untimed: nothing kept from the last run
        fresh = gio.read_case(path)
        campaign.context(fresh, opts)
        return fresh

    for _ in range(repeat):  # interleaved rounds
        res["gs_batch"].append(timed(lambda fresh: campaign.run_batch(fresh, opts, outages), fresh_campaign))
        res["ls1"].append(timed(lambda: ls_run(1)))
        res["gs_whole1"].append(timed(lambda: st.run(gio.read_case(path), opts_st[1], None)))
        res["ls2"].append(timed(lambda: ls_run(2)))
        res["gs_whole2"].append(timed(lambda: st.run(gio.read_case(path), opts_st[2], None)))
    rows_gs = res["gs_batch"][-1][2]["rows"]
    out["gs_converged"] = sum(r["converged"] for r in rows_gs)
    out["gs_islanding"] = sum(r["islanding"] for r in rows_gs)
    out["ls_solved"] = res["ls1"][-1][2]
    for key, vals in res.items():
        out[key + "_wall"] = statistics.median(v[0] for v in vals)
        out[key + "_cpu"] = statistics.median(v[1] for v in vals)
    out["pp_rate"] = pandapower_rate(ppc, pp_outages)
    return out


def pandapower_rate(ppc: dict, n: int) -> float | None:
    """Outages per second of a pandapower runpp loop over its first n lines and transformers."""
    try:
        import pandapower as pp
        from pandapower.converter.pypower.from_ppc import from_ppc

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            net = from_ppc(ppc, f_hz=50, validate_conversion=False)
            pp.runpp(net, algorithm="nr", tolerance_mva=TOL, numba=True, lightsim2grid=False)
            elements = [("line", i) for i in net.line.index] + [("trafo", i) for i in net.trafo.index]
            elements = elements[:n]
            t0 = time.perf_counter()
            for table, i in elements:
                getattr(net, table).at[i, "in_service"] = False
                try:
                    pp.runpp(net, algorithm="nr", tolerance_mva=TOL, numba=True, lightsim2grid=False,
                             init="results", max_iteration=MAX_ITER)
                except Exception:  # noqa: BLE001 - a diverging or islanded outage still counts as one tried
                    pass
                getattr(net, table).at[i, "in_service"] = True
            return len(elements) / (time.perf_counter() - t0)
    except Exception as exc:  # noqa: BLE001 - a failing peer must not hide the others
        print(f"pandapower: {type(exc).__name__}: {exc}", file=sys.stderr)
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", nargs="+", default=["case118", "case1354pegase", "case9241pegase"])
    parser.add_argument("--sample-9241", type=int, default=300, help="outages sampled on case9241pegase")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pp-outages", type=int, default=60)
    args = parser.parse_args()
    import lightsim2grid

    print(f"lightsim2grid {lightsim2grid.__version__}; tol {TOL} pu; outages/s (higher is better); "
          "ratio = GridSolve / lightsim2grid")
    head = (f"{'case':>15} {'buses':>6} {'outages':>7} {'isl':>4} | {'GS batch wall':>13} {'cpu':>7} | "
            f"{'ls2g 1t wall':>12} {'cpu':>7} | {'ratio wall':>10} {'cpu':>5} | {'GS whole 1t':>11} {'2t':>7} | "
            f"{'ls2g 2t':>7} | {'pp loop':>7}")
    print(head)
    for case in args.cases:
        r = bench_case(case, args.sample_9241 if "9241" in case else None, args.repeat, args.pp_outages)
        n = r["outages"]
        rate = {k: n / r[k] for k in r if k.endswith(("_wall", "_cpu"))}
        pp_rate = f"{r['pp_rate']:7.1f}" if r["pp_rate"] else "    n/a"
        print(f"{case:>15} {r['n_bus']:>6} {n:>7} {r['gs_islanding']:>4} | {rate['gs_batch_wall']:13.0f} "
              f"{rate['gs_batch_cpu']:7.0f} | {rate['ls1_wall']:12.0f} {rate['ls1_cpu']:7.0f} | "
              f"{rate['gs_batch_wall'] / rate['ls1_wall']:10.2f} {rate['gs_batch_cpu'] / rate['ls1_cpu']:5.2f} | "
              f"{rate['gs_whole1_wall']:11.0f} {rate['gs_whole2_wall']:7.0f} | {rate['ls2_wall']:7.0f} | {pp_rate}")
        print(f"{'':>15}   GridSolve: {r['gs_converged']} converged of {n} ({r['gs_islanding']} islanding, main "
              f"island solved); lightsim2grid: {r['ls_solved']} solved (islanding skipped); GridSolve prepare "
              f"(compile, base case, factorization) {r['gs_prepare_s']:.2f} s")
        print(f"{'':>15}   per solved outage (CPU): GridSolve {r['gs_converged'] / r['gs_batch_cpu']:.0f}/s, "
              f"lightsim2grid {r['ls_solved'] / r['ls1_cpu']:.0f}/s")


if __name__ == "__main__":
    main()
