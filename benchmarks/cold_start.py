"""Cold start (a Lambda's first request): a fresh Python process imports gridsolve, reads a case
and solves it (NR, tol 1e-8, --init auto).

    .venv/bin/python benchmarks/cold_start.py [--runs 3] [--cases case14 case_ACTIVSg2000 case9241pegase]

Each case runs first in a process with an empty numba cache (NUMBA_CACHE_DIR pointed at a new
temp dir), then `--runs` more processes with that cache warm. Below 3000 buses
(newton.NUMBA_MIN_BUSES) the solver uses numpy/scipy kernels and never imports numba, so the
empty-cache and warm-cache figures are the same; above it, the empty-cache process pays numba's
compilation. "process" is the wall time of the whole child process, interpreter start included.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PLACES = [REPO / "solver_layer" / "gridsolve" / "samples", REPO / "tests" / "data" / "matpower",
          REPO.parent / "shared" / "data" / "matpower"]

CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
import gridsolve
from gridsolve import io as gio
t1 = time.perf_counter()
net = gio.read_case(sys.argv[1])
t2 = time.perf_counter()
r = gridsolve.run_power_flow(net, tol=1e-8, init="auto")
t3 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "read": t2 - t1, "solve": t3 - t2, "converged": bool(r.converged),
                  "buses": len(net.buses), "numba": "numba" in sys.modules}))
"""


def find(case: str) -> Path | None:
    for base in PLACES:
        for name in (f"{case}.m", f"{case}.m.gz"):
            if (base / name).exists():
                return base / name
    return None


def run(path: Path, env: dict) -> dict:
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", CHILD, str(path)], env=env, capture_output=True, text=True,
                         check=True)
    info = json.loads(out.stdout.strip().splitlines()[-1])
    info["process"] = time.perf_counter() - t0
    return info


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3, help="processes after the first (cache warm)")
    ap.add_argument("--cases", nargs="*", default=["case14", "case_ACTIVSg2000", "case9241pegase"])
    args = ap.parse_args()
    print(f"NR tol 1e-8, --init auto; times in ms; python {sys.version.split()[0]}; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cpus (the machine is shared: read the spread)")
    print(f"{'case':18s} {'buses':>6s} {'cache':>6s} {'numba':>6s} {'import':>7s} {'read':>7s} {'solve':>7s} "
          f"{'process':>8s}")
    for case in args.cases:
        path = find(case)
        if path is None:
            print(f"{case:18s} absent (not in samples, tests/data or ../shared/data)")
            continue
        with tempfile.TemporaryDirectory(prefix="gridsolve-numba-") as cache:
            env = dict(os.environ, NUMBA_CACHE_DIR=cache)
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "solver_layer"), env.get("PYTHONPATH")]))
            rows = [("empty", run(path, env))]
            warm = [run(path, env) for _ in range(args.runs)]
        if warm:
            rows.append(("warm", {k: (statistics.median(r[k] for r in warm) if isinstance(warm[0][k], float)
                                      else warm[0][k]) for k in warm[0]}))
            rows.append(("w-best", min(warm, key=lambda r: r["process"])))
        for name, r in rows:
            assert r["converged"], (case, r)
            print(f"{case:18s} {r['buses']:6d} {name:>6s} {str(r['numba']):>6s} {1e3 * r['import']:7.0f} "
                  f"{1e3 * r['read']:7.0f} {1e3 * r['solve']:7.0f} {1e3 * r['process']:8.0f}")
    print("warm = median of the warm-cache processes, w-best = the fastest of them (the host is shared: other "
          "load only adds time).")


if __name__ == "__main__":
    main()
