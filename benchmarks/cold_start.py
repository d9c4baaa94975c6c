"""Cold-start time of a small case: a fresh Python process imports gridsolve and solves case14.

    .venv/bin/python benchmarks/cold_start.py [--runs 3]

The first process runs with an empty numba cache (NUMBA_CACHE_DIR pointed at a new temp dir), so
it pays the compilation of the NR kernels; the following processes load them from that cache,
which is what a redeployed or restarted worker sees after its first start (or always, when the
cache is shipped/pre-warmed). Prints import time, first-solve time and the whole process time.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CASE = REPO.parent / "shared" / "data" / "matpower" / "case14.m"

CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
import gridsolve
from gridsolve import io as gio
t1 = time.perf_counter()
net = gio.read_case(sys.argv[1])
t2 = time.perf_counter()
r = gridsolve.run_power_flow(net, tol=1e-8)
t3 = time.perf_counter()
r2 = gridsolve.run_power_flow(net, tol=1e-8)
t4 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "read": t2 - t1, "first_solve": t3 - t2, "second_solve": t4 - t3,
                  "converged": bool(r.converged and r2.converged), "iterations": r.iterations}))
"""


def run(env: dict) -> dict:
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", CHILD, str(CASE)], env=env, capture_output=True, text=True,
                         check=True)
    info = json.loads(out.stdout.strip().splitlines()[-1])
    info["process"] = time.perf_counter() - t0
    return info


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3, help="processes after the first (cache warm)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="gridsolve-numba-") as cache:
        env = dict(os.environ, NUMBA_CACHE_DIR=cache)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "solver_layer"), env.get("PYTHONPATH")]))
        rows = [("first process (empty numba cache)", run(env))]
        rows += [(f"process {k + 2} (numba cache warm)", run(env)) for k in range(args.runs)]
    print(f"case14, NR tol 1e-8; times in ms; python {sys.version.split()[0]}")
    print(f"{'':36s} {'import':>8s} {'1st solve':>10s} {'2nd solve':>10s} {'process':>9s}")
    for name, r in rows:
        assert r["converged"], r
        print(f"{name:36s} {1e3 * r['import']:8.0f} {1e3 * r['first_solve']:10.1f} {1e3 * r['second_solve']:10.2f} "
              f"{1e3 * r['process']:9.0f}")


if __name__ == "__main__":
    main()
