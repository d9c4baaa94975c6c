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


@pytest.mark.parametrize("case", ["matpower/case118.m", "matpower/case_ACTIVSg2000.m", "psse/gridpack_118_PTIv33.raw"])
def test_small_case_never_loads_numba(case):
    out = subprocess.run([sys.executable, "-c", CODE, str(require_data(case))], capture_output=True, text=True,
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
