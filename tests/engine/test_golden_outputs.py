"""Bit-for-bit guard on the import -> compile -> results -> to_dict/CSV pipeline.

The digests in tests/data/golden/pipeline_sha256.json were written by the pipeline as it was
before it was vectorized (commit 906b5a0 on main); the vectorized readers, compile and result
builder must reproduce them exactly. The solver is kept out of it: the result is built from a
fixed, solver-independent voltage vector, so a change of sparse LU (which moves the last bits of
a solution) does not touch these digests, while any change in parsing, per-unit conversion,
Ybus, flows, unit dispatch, totals or serialization does.

`to_dict` is digested with every float at 10 significant digits (and below 1e-10 as zero): numpy 2.4's SIMD
kernels moved the last bits of the flows on the cases above 1,000 buses against numpy 2.2 (the CSVs, printed at
fixed precision, did not move), and a platform's round-off is not a change of the pipeline. Anything the pipeline
changes on purpose moves far more than that.

Regenerate (only when an intended change of output is reviewed): GRIDSOLVE_WRITE_GOLDEN=1 pytest this file.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from gridsolve import compile_network
from gridsolve import io as gio
from gridsolve.powerflow.common import IterationRecord, SolverOutcome
from gridsolve.powerflow.results import build_result
from tests.conftest import DATA, find_data

GOLDEN = DATA / "golden" / "pipeline_sha256.json"
CASES = [
    "matpower/case5.m", "matpower/case9.m", "matpower/case14.m", "matpower/case30.m", "matpower/case39.m",
    "matpower/case57.m", "matpower/case118.m", "matpower/case300.m", "matpower/case1354pegase.m",
    "matpower/case2869pegase.m", "matpower/case_ACTIVSg2000.m", "matpower/pglib_opf_case14_ieee.m",
    "matpower/pglib_opf_case118_ieee.m", "matpower/pglib_opf_case300_ieee.m", "matpower/pglib_opf_case2000_goc.m",
    "psse/gridpack_IEEE14_PTIv33.raw", "psse/gridpack_118_PTIv33.raw", "psse/gridpack_Polish_model_v33.raw",
    "psse/gridpack_kundur-twoarea_v33.raw", "psse/t_psse_case2.raw", "pandapower/example_multivoltage.json",
    "shortcircuit/cigre_mv.json", "shortcircuit/case9.json",
]


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


SIGNIFICANT = 10
ZERO = 1e-10


def canonical(node: Any) -> Any:
    """`node` with its floats at SIGNIFICANT digits and |x| < ZERO as 0 (platform round-off left out)."""
    if isinstance(node, float):
        return 0.0 if abs(node) < ZERO else float(f"{node:.{SIGNIFICANT}g}")
    if isinstance(node, dict):
        return {k: canonical(v) for k, v in node.items()}
    if isinstance(node, list | tuple):
        return [canonical(v) for v in node]
    return node


def fixed_voltage(n: int) -> np.ndarray:
    """A deterministic, solver-independent voltage state (not a solution)."""
    k = np.arange(n, dtype=float)
    return (1.0 + 0.03 * np.sin(0.7 * k)) * np.exp(1j * 0.2 * np.cos(1.3 * k))


def digests(relative: str) -> dict[str, str]:
    path = find_data(relative)
    assert path is not None
    net = gio.read_case(path)
    cn = compile_network(net)
    v = fixed_voltage(cn.n_bus)
    out = {"network": sha(net.model_dump_json())}
    for converged in (True, False):
        history = [IterationRecord(0, 1.5, 0.25, 0, cn.n_bus - 1), IterationRecord(1, 1e-3, 2e-3, cn.n_bus - 1, 0)]
        outcome = SolverOutcome(v.copy(), converged, 1, history, diverged=not converged)
        result = build_result(cn, outcome, method="nr", bus_type=cn.bus_type.copy(), q_fixed=np.zeros(cn.n_bus),
                              wall_time_s=0.0)
        tag = "converged" if converged else "diverged"
        out[f"to_dict_{tag}"] = sha(json.dumps(canonical(result.to_dict())))
        if converged:
            out["buses_csv"] = sha(result.buses_csv())
            out["branches_csv"] = sha(result.branches_csv())
    return out


def _golden() -> dict:
    return json.loads(GOLDEN.read_text()) if GOLDEN.exists() else {}


@pytest.mark.parametrize("relative", CASES)
def test_pipeline_output_is_bit_for_bit_unchanged(relative):
    if find_data(relative) is None:
        pytest.skip(f"{relative} not present")
    got = digests(relative)
    if os.environ.get("GRIDSOLVE_WRITE_GOLDEN") == "1":
        golden = _golden()
        golden[relative] = got
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(json.dumps(golden, indent=1, sort_keys=True) + "\n")
        return
    expected = _golden().get(relative)
    if expected is None:
        pytest.skip(f"no golden digest recorded for {relative}")
    assert got == expected


def test_every_case_has_a_golden_digest():
    golden = _golden()
    missing = [c for c in CASES if find_data(c) is not None and c not in golden]
    assert not missing, missing


def test_golden_file_is_committed():
    assert Path(GOLDEN).exists()
