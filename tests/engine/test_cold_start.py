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
