"""Compile every numba kernel into numba's on-disk cache: `python -m gridsolve.warm`.

Why: the kernels are compiled on their first call and cached (cache=True), so a process with an empty cache pays
~10 s of compilation before it solves a large case (benchmarks/cold_start.py: case9241pegase 9.8 s empty, 1.0 s
warm). The Fargate image runs this at build time (fargate_solver/Dockerfile, NUMBA_CACHE_DIR), so every task of a
contingency fan-out starts warm. It runs the production paths with numba forced on a bundled sample — the
MATPOWER scanner, Newton-Raphson, Gauss-Seidel, the JSON row writer, a contingency campaign and the PSS/E tokenizer
— so the cache holds exactly the signatures those paths call.
"""

from __future__ import annotations

import os
import sys
from importlib import resources

from . import io as gio
from . import run_power_flow
from .studies.contingency import ContingencyOptions
from .studies.contingency import run as run_contingency

PSSE_SAMPLE = """0, 100.00, 33, 0, 1, 60.00     / warm-up case
warm-up
two buses
1,'BUS 1', 230.0,3, 1, 1, 1,1.0000,   0.0000
2,'BUS 2', 230.0,1, 1, 1, 1,1.0000,   0.0000
0 / END OF BUS DATA, BEGIN LOAD DATA
2,'1 ',1,1,1, 50.0, 10.0, 0.0, 0.0, 0.0, 0.0,1,1,0
0 / END OF LOAD DATA, BEGIN FIXED SHUNT DATA
0 / END OF FIXED SHUNT DATA, BEGIN GENERATOR DATA
1,'1 ', 50.0, 0.0, 100.0, -100.0,1.0000,0, 100.0, 0.0, 1.0, 0.0, 0.0, 1.0,1, 100.0, 200.0, 0.0,1,1.0
0 / END OF GENERATOR DATA, BEGIN BRANCH DATA
1,2,'1 ', 0.01, 0.1, 0.0, 100.0, 100.0, 100.0, 0.0, 0.0, 0.0, 0.0,1,1, 0.0,1,1.0
0 / END OF BRANCH DATA, BEGIN TRANSFORMER DATA
0 / END OF TRANSFORMER DATA, BEGIN AREA DATA
0 / END OF AREA DATA, BEGIN TWO-TERMINAL DC DATA
0 / END OF TWO-TERMINAL DC DATA, BEGIN VSC DC LINE DATA
0 / END OF VSC DC LINE DATA, BEGIN IMPEDANCE CORRECTION DATA
0 / END OF IMPEDANCE CORRECTION DATA, BEGIN MULTI-TERMINAL DC DATA
0 / END OF MULTI-TERMINAL DC DATA, BEGIN MULTI-SECTION LINE DATA
0 / END OF MULTI-SECTION LINE DATA, BEGIN ZONE DATA
0 / END OF ZONE DATA, BEGIN INTER-AREA TRANSFER DATA
0 / END OF INTER-AREA TRANSFER DATA, BEGIN OWNER DATA
0 / END OF OWNER DATA, BEGIN FACTS DEVICE DATA
0 / END OF FACTS DEVICE DATA, BEGIN SWITCHED SHUNT DATA
0 / END OF SWITCHED SHUNT DATA, BEGIN GNE DATA
0 / END OF GNE DATA, BEGIN INDUCTION MACHINE DATA
0 / END OF INDUCTION MACHINE DATA
Q
"""


def warm() -> list[str]:
    """Run each numba path once with numba forced; returns what was run (in order)."""
    os.environ["GRIDSOLVE_NUMBA"] = "1"
    done = []
    try:
        case = resources.files("gridsolve.samples").joinpath("case30.m").read_text()
        net = gio.loads(case, "matpower", source="case30.m")
        done.append("matpower scanner")
        result = run_power_flow(net, tol=1e-8)
        assert result.converged
        done.append("newton-raphson")
        result.to_json(indent=True)
        result.to_json(indent=False)
        done.append("json rows")
        assert run_power_flow(net, method="gs", tol=1e-6, max_iter=20000).converged
        done.append("gauss-seidel")
        run_contingency(net, ContingencyOptions())
        done.append("contingency campaign")
        gio.loads(PSSE_SAMPLE, "psse", source="warm.raw")
        done.append("psse tokenizer")
    finally:
        del os.environ["GRIDSOLVE_NUMBA"]
    return done


def main() -> int:
    print("numba kernels compiled and cached:", ", ".join(warm()), file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
