"""The cold start (a Lambda's first request): a case of up to 2,000 buses is read, solved and written as JSON without
importing numba (its import and the loading of cached kernels cost more than the whole solve). The large-case paths
(the MATPOWER number scanner, the numba Newton kernels, the JSON row writer) follow the bus count, not a table's
rows: ACTIVSg2000 has 3,206 branches. benchmarks/cold_start.py measures the times."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO, require_data

CODE = ("import sys; from gridsolve import io, run_power_flow; "
        "res = run_power_flow(io.read_case(sys.argv[1])); assert res.converged; res.to_json(indent=True); "
        "assert 'numba' not in sys.modules, 'numba imported'")


def _feeder_raw(n_bus: int, extra: int) -> str:
    """A PSS/E RAW chain of n_bus buses with a load at each, plus `extra` second circuits: a small case whose
    file (over 7,500 lines) and branch section (3,000 records) are long."""
    from gridsolve.warm import PSSE_SAMPLE

    head, rest = PSSE_SAMPLE.split("1,'BUS 1'", 1)
    tail = rest.split("0 / END OF BRANCH DATA", 1)[1]
    buses = [f"{i},'B{i}', 230.0,{3 if i == 1 else 1}, 1, 1, 1,1.0000,   0.0000" for i in range(1, n_bus + 1)]
    loads = [f"{i},'1 ',1,1,1, 0.1, 0.02, 0.0, 0.0, 0.0, 0.0,1,1,0" for i in range(2, n_bus + 1)]
    gen = "1,'1 ', 50.0, 0.0, 9000.0, -9000.0,1.0000,0, 9000.0, 0.0, 1.0, 0.0, 0.0, 1.0,1, 100.0, 9000.0, 0.0,1,1.0"
    branches = [f"{i},{i + 1},'1 ', 0.00001, 0.0001, 0.0, 100.0, 100.0, 100.0, 0.0, 0.0, 0.0, 0.0,1,1, 0.0,1,1.0"
                for i in range(1, n_bus)]
    branches += [f"{i},{i + 1},'2 ', 0.00001, 0.0001, 0.0, 100.0, 100.0, 100.0, 0.0, 0.0, 0.0, 0.0,1,1, 0.0,1,1.0"
                 for i in range(1, extra + 1)]
    body = [head.rstrip("\n"), *buses, "0 / END OF BUS DATA, BEGIN LOAD DATA", *loads,
            "0 / END OF LOAD DATA, BEGIN FIXED SHUNT DATA", "0 / END OF FIXED SHUNT DATA, BEGIN GENERATOR DATA", gen,
            "0 / END OF GENERATOR DATA, BEGIN BRANCH DATA", *branches]
    return "\n".join(body) + "\n0 / END OF BRANCH DATA" + tail


@pytest.mark.parametrize("case", ["matpower/case118.m", "matpower/case_ACTIVSg2000.m", "psse/gridpack_118_PTIv33.raw",
                                  "2,500-bus RAW"])
def test_small_case_never_loads_numba(case, tmp_path):
    if case == "2,500-bus RAW":
        path = tmp_path / "feeder.raw"
        path.write_text(_feeder_raw(2500, 501))
    else:
        path = require_data(case)
    out = subprocess.run([sys.executable, "-c", CODE, str(path)], capture_output=True, text=True,
                         env={"PYTHONPATH": str(REPO / "solver_layer"), "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr


CHECK_WARM = r"""
import sys
from numba.core.registry import CPUDispatcher
from gridsolve import io, run_power_flow
from gridsolve.studies.contingency import ContingencyOptions, run
net = io.read_case(sys.argv[1])
result = run_power_flow(net)
result.to_json(indent=True)
run(net, ContingencyOptions(elements=["generators"]))
io.read_case(sys.argv[2])
import gridsolve._jsonrows_kernel, gridsolve.contingency._kernels, gridsolve.io._numtext, gridsolve.io._rawscan
import gridsolve.powerflow._kernels
mods = [m for name, m in sys.modules.items() if name.startswith("gridsolve")]
kernels = {f"{m.__name__}.{k}": v for m in mods for k, v in vars(m).items() if isinstance(v, CPUDispatcher)}
used = {k: d for k, d in kernels.items() if d.signatures}
missed = {k: list(d.stats.cache_misses) for k, d in used.items() if d.stats.cache_misses}
assert used and not missed, missed
print(len(used))
"""


@pytest.mark.slow
def test_warm_fills_the_cache_every_large_case_path_uses(tmp_path):
    """`python -m gridsolve.warm` (the Fargate image's build step) into an empty NUMBA_CACHE_DIR; then a process
    reading, solving and writing case9241pegase, running a contingency campaign and reading a 3,120-bus PSS/E file
    compiles nothing: every kernel it calls is loaded from the cache."""
    env = {"PYTHONPATH": str(REPO / "solver_layer"), "PATH": "/usr/bin:/bin", "NUMBA_CACHE_DIR": str(tmp_path)}
    warm = subprocess.run([sys.executable, "-m", "gridsolve.warm"], capture_output=True, text=True, env=env)
    assert warm.returncode == 0, warm.stderr
    out = subprocess.run([sys.executable, "-c", CHECK_WARM, str(require_data("matpower/case9241pegase.m")),
                          str(require_data("psse/gridpack_Polish_model_v33.raw"))], capture_output=True, text=True,
                         env=env)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.split()[-1]) >= 8  # kernels of the scanner, NR, JSON, contingency and PSS/E paths
