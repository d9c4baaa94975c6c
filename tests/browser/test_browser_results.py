"""Browser and server give the same numbers for every result field the screen shows or exports.

The engine writes its test vectors (web/scripts/make_vectors.py: switch-joined buses, open ends, de-energized
buses and islands, Q limits, every method, a case with no solution); the WebAssembly solver solves each one in
node (src/solver/solutions.test.ts); the engine then builds the results from each browser solution exactly as the
API does for a browser study (the study type's `from_solution`) and they are compared, field by field, with the
engine's own solve: bus |V|, angle, kV, P, Q, energized; every branch column; unit dispatch; totals; notes; and the
Buses/Branches CSV downloads. Tolerances: 1e-8 pu and 1e-8 rad on voltages (the solvers' agreement, checked in
solver.test.ts); powers, currents and loading within 1e-6 relative (+1e-6 absolute), what 1e-8 pu of voltage moves
them by on the stiffest branch of these cases.
"""

from __future__ import annotations

import importlib.util
import json
import math
import subprocess
import sys

import pytest

from gridsolve.powerflow.driver import METHODS
from gridsolve.powerflow.external import PowerFlowSolution, result_from_solution
from gridsolve.studies import STUDY_TYPES

from .conftest import BIN, REPO, WEB, node, require_node_modules, run

BUS_FIELDS = ("vm_pu", "va_deg", "vm_kv", "p_mw", "q_mvar")
BRANCH_FIELDS = ("p_from_mw", "q_from_mvar", "p_to_mw", "q_to_mvar", "i_from_ka", "i_to_ka", "loading_percent",
                 "p_loss_mw", "q_loss_mvar")


@pytest.fixture(scope="module")
def solved(tmp_path_factory):
    require_node_modules()
    vectors, solutions = tmp_path_factory.mktemp("vectors"), tmp_path_factory.mktemp("solutions")
    subprocess.run([sys.executable, str(WEB / "scripts" / "make_vectors.py"), "--out", str(vectors)],
                   cwd=REPO, check=True, capture_output=True, timeout=900)
    run([node(), str(BIN / "vitest"), "run", "--reporter=dot", "src/solver/solutions.test.ts"], timeout=900,
        env={"GS_VECTORS_DIR": str(vectors), "GS_SOLUTIONS_OUT": str(solutions)})
    return {p.stem: (json.loads(p.read_text()), json.loads((solutions / f"{p.stem}.solution.json").read_text()))
            for p in sorted(vectors.glob("*.json"))}


def vectors_module():
    spec = importlib.util.spec_from_file_location("make_vectors", WEB / "scripts" / "make_vectors.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


MV = vectors_module()


def close(a, b, rel: float, abs_: float) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=rel, abs_tol=abs_)


def browser_result(vec: dict, sol: dict):
    """The engine's result of the browser's solution, as POST /api/engine/results and studies/record build it."""
    net = MV.read(vec["case"], MV.SMALL[vec["case"]][0])  # the network the vector was made from
    st = next(t for t in STUDY_TYPES.values() if t.runs_in_browser)
    options = st.parse_options(vec["analysis_method"], vec["parameters"])
    outcome = st.from_solution(net, options, sol)
    direct = result_from_solution(net, PowerFlowSolution.model_validate(sol), method=METHODS[options.method],
                                  tol=options.tol)
    return outcome, direct


def angle_close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    d = math.radians(a - b)
    return abs(math.atan2(math.sin(d), math.cos(d))) < 1e-8


def compare_rows(got: list[dict], ref: list[dict], fields: tuple[str, ...], what: str) -> None:
    assert [r["id"] for r in got] == [r["id"] for r in ref], what
    for g, r in zip(got, ref, strict=True):
        for f in fields:
            ok = angle_close(g[f], r[f]) if f == "va_deg" else (
                close(g[f], r[f], 0, 1e-8) if f == "vm_pu" else close(g[f], r[f], 1e-6, 1e-6))
            assert ok, f"{what} {g['id']} {f}: browser {g[f]} vs server {r[f]}"


def csv_rows(text: str) -> list[list[str]]:
    return [line.split(",") for line in text.strip().splitlines()]


def test_the_vectors_cover_the_corner_cases(solved):
    assert {"mixed", "q_limits", "example_multivoltage", "not_converging", "case118"} <= set(solved)
    mixed = solved["mixed"][0]["result"]
    assert any(not b["energized"] for b in mixed["buses"])  # de-energized buses and an island
    assert any(b["id"] == "l4_open" for b in mixed["branches"])  # a line open at one end
    assert any(q != 0 for q in solved["q_limits"][0]["solution"]["q_fixed_pu"])  # Q limits reached


@pytest.mark.parametrize("name", ["case14", "case118", "case118_fast_decoupled", "case14_gauss_seidel", "case300",
                                  "example_simple", "cigre_mv", "example_multivoltage", "mixed", "q_limits"])
def test_every_shown_field_equals_the_server(solved, name):
    vec, sol = solved[name]
    outcome, direct = browser_result(vec, sol)
    got, ref = outcome.result, vec["result"]
    assert outcome.status == "completed" and got["converged"] and ref["converged"]
    assert got["iterations"] == ref["iterations"]
    compare_rows(got["buses"], ref["buses"], BUS_FIELDS, "bus")
    assert [b["energized"] for b in got["buses"]] == [b["energized"] for b in ref["buses"]]
    compare_rows(got["branches"], ref["branches"], BRANCH_FIELDS, "branch")
    assert [(b["kind"], b["from_bus"], b["to_bus"]) for b in got["branches"]] == \
        [(b["kind"], b["from_bus"], b["to_bus"]) for b in ref["branches"]]
    compare_rows(got["generators"], ref["generators"], ("p_mw", "q_mvar"), "unit")
    for k, v in ref["totals"].items():
        assert close(got["totals"][k], v, 1e-6, 1e-6), (k, got["totals"][k], v)
    assert got["notes"] == ref["notes"]
    # the downloads: the engine's CSVs of the browser-built result against the server's
    server = vec["result"]
    for table, fields in (("buses", BUS_FIELDS), ("branches", BRANCH_FIELDS[:-1])):
        rows = csv_rows(direct.buses_csv() if table == "buses" else direct.branches_csv())
        header, body = rows[0], rows[1:]
        assert len(body) == len(server[table])
        for row, r in zip(body, server[table], strict=True):
            for f in fields:
                if f not in header:
                    continue
                x = row[header.index(f)]
                assert close(float(x) if x not in ("nan", "") else None if r[f] is None else float("nan"),
                             r[f], 1e-6, 1e-6) or (f == "va_deg" and angle_close(float(x), r[f])) or \
                    (f == "vm_kv" and r[f] is None), (table, r["id"], f, x, r[f])


def test_a_switch_joined_group_is_not_counted_per_member(solved):
    """Issue 18: each bus of a switch-joined group showed the whole group's P (1,557 MW summed against 14.6)."""
    vec, sol = solved["example_multivoltage"]
    got = browser_result(vec, sol)[0].result
    p = {b["id"]: b["p_mw"] for b in got["buses"]}
    total = sum(p.values())
    gen, load = got["totals"]["generation_mw"], got["totals"]["load_mw"]
    assert abs(total - (gen - load)) < 1e-6, (total, gen, load)
    assert abs(p["bus_0"] - 120.838108) < 1e-5 and all(abs(p[f"bus_{i}"]) < 1e-9 for i in range(1, 16))
    assert abs(p["bus_20"] + 38) < 1e-9 and abs(p["bus_21"] - 20) < 1e-9


def test_no_solution_is_reported_as_such(solved):
    """500 MW over 50 km: the browser gives up as the server does, and the engine names the worst buses."""
    vec, sol = solved["not_converging"]
    assert sol["converged"] is False and vec["solution"]["converged"] is False
    outcome, _ = browser_result(vec, sol)
    assert outcome.status == "failed" and not outcome.result["converged"]
    assert [w["bus"] for w in outcome.result["worst_buses"]][0] == "B2"
    assert "did not converge" in outcome.error_message
