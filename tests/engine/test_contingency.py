"""Contingency analysis validated outage by outage against PYPOWER's runpf with the element removed.

Tolerances (issue 10): min and max |V| within 1e-6 pu, the largest branch loading within 1e-3 percentage
points, for every converged outage that does not island (PYPOWER cannot solve a split case); for the
contingencies whose detail is kept, the full |V| vector, every bus angle within 1e-6 degrees, every branch's
loading, and every branch's P and Q at both ends within 1e-6 MW / Mvar (the outaged branches: none); a
3-winding transformer's flows against pandapower's runpp. Islanding is checked exactly against networkx's
bridge search; generated N-2 pairs and generator outages against PYPOWER too.
Both solve to 1e-10 pu here so that the comparison measures the models, not the stopping points.
"""

from __future__ import annotations

import copy
import gzip
import warnings

import numpy as np
import pytest

from gridsolve import io as gio
from gridsolve.contingency import ContingencyOptions, campaign
from gridsolve.io.matpower import parse_matpower
from gridsolve.io.pandapower_json import read_pandapower
from tests.conftest import require_data

pypower = pytest.importorskip("pypower.api")

TOL = 1e-10
VM_TOL_PU = 1e-6
LOADING_TOL_PCT = 1e-3
VA_TOL_DEG = 1e-6
FLOW_TOL_MW = 1e-6  # and Mvar


def _ppc(path):
    text = gzip.decompress(path.read_bytes()).decode() if path.suffix == ".gz" else path.read_text()
    d = parse_matpower(text)
    pad = {"bus": 13, "gen": 21, "branch": 13}
    ppc = {"version": "2", "baseMVA": d["baseMVA"]}
    for key, width in pad.items():
        ppc[key] = np.array([(r + [0.0] * width)[:width] for r in d[key].rows], dtype=float)
    return ppc


def _pypower_outage(ppc, outage: list[str]):
    """PYPOWER runpf with the outage's branches (br_<row>) and generators (gen_<row>) out of service."""
    case = {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in ppc.items()}
    for eid in outage:
        kind, row = eid.split("_")
        if kind == "br":
            case["branch"][int(row) - 1, 10] = 0
        else:
            case["gen"][int(row) - 1, 7] = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res, ok = pypower.runpf(case, pypower.ppoption(VERBOSE=0, OUT_ALL=0, PF_TOL=TOL))
    return res, bool(ok)


def _loading(res) -> np.ndarray:
    br = res["branch"]
    s = np.maximum(np.hypot(br[:, 13], br[:, 14]), np.hypot(br[:, 15], br[:, 16]))
    rated = (br[:, 5] > 0) & (br[:, 10] > 0)
    return np.where(rated, 100 * s / np.where(rated, br[:, 5], 1.0), np.nan)


def _compare(path, outages: list[list[str]], keep: int = 5) -> dict:
    """Solve `outages` with the engine and with PYPOWER; assert the tolerances; return counts."""
    ppc = _ppc(path)
    net = gio.read_case(path)
    opts = ContingencyOptions(outages=outages, tol=TOL, full_voltages_worst=keep)
    rows = campaign.run_batch(net, opts, outages)["rows"]
    bus_ids = [str(int(b)) for b in ppc["bus"][:, 0]]
    counts = {"compared": 0, "islanding": 0, "detail": 0, "both_failed": 0}
    for row in rows:
        if row["islanding"]:
            counts["islanding"] += 1
            continue
        res, ok = _pypower_outage(ppc, row["outage"])
        if not ok:  # no solution found by either: the engine must say so, not answer
            assert not row["converged"], row["outage"]
            assert row["mismatch_history"], row["outage"]
            counts["both_failed"] += 1
            continue
        assert row["converged"], (row["outage"], row["mismatch_history"])
        vm = res["bus"][:, 7]
        assert abs(row["min_vm_pu"] - vm.min()) < VM_TOL_PU, row["outage"]
        assert abs(row["max_vm_pu"] - vm.max()) < VM_TOL_PU, row["outage"]
        loading = _loading(res)
        if np.isfinite(loading).any():
            assert abs(row["max_loading_percent"] - np.nanmax(loading)) < LOADING_TOL_PCT, row["outage"]
        else:
            assert row["max_loading_percent"] is None
        if row.get("vm_pu"):
            counts["detail"] += 1
            ours = np.array([row["vm_pu"][b] for b in bus_ids])
            assert np.max(np.abs(ours - vm)) < VM_TOL_PU, row["outage"]
            for k in np.flatnonzero(np.isfinite(loading)):
                assert abs(row["branch_loading_percent"][f"br_{k + 1}"] - loading[k]) < LOADING_TOL_PCT
            ours_va = np.array([row["va_deg"][b] for b in bus_ids])
            assert np.max(np.abs(ours_va - res["bus"][:, 8])) < VA_TOL_DEG, row["outage"]
            _check_flows(row, res)
        counts["compared"] += 1
    return counts


def _check_flows(row, res) -> None:
    """The row's end flows against PYPOWER's PF QF PT QT (MW, Mvar) branch by branch; outaged branches none."""
    br = res["branch"]
    flows = row["branch_flows"]
    assert len(flows) == len(br)
    for k in range(len(br)):
        ours = flows[f"br_{k + 1}"]
        if br[k, 10] == 0:  # out of service: PYPOWER reports zeros, the engine no flow
            assert ours == [None] * 4, (row["outage"], k)
            continue
        assert np.max(np.abs(np.array(ours) - br[k, 13:17])) < FLOW_TOL_MW, (row["outage"], k + 1, ours, br[k, 13:17])


def _branch_outages(path) -> list[list[str]]:
    net = gio.read_case(path)
    return campaign.plan_outages(net, ContingencyOptions(elements=["branches", "transformers"], tol=TOL))[0]


def test_case118_every_branch_outage_matches_pypower():
    path = require_data("matpower/case118.m")
    outages = _branch_outages(path)
    assert len(outages) == 186
    counts = _compare(path, outages, keep=10)
    assert counts["islanding"] == 9 and counts["compared"] == 177 and counts["detail"] >= 5


def test_case1354pegase_sample_of_branch_outages_matches_pypower():
    """150 outages drawn with a fixed seed (the full set is the slow test below)."""
    path = require_data("matpower/case1354pegase.m")
    outages = _branch_outages(path)
    pick = np.random.default_rng(10).choice(len(outages), 150, replace=False)
    counts = _compare(path, [outages[i] for i in sorted(pick)])
    assert counts["compared"] >= 100 and counts["islanding"] > 0


@pytest.mark.slow
def test_case1354pegase_every_branch_outage_matches_pypower():
    path = require_data("matpower/case1354pegase.m")
    outages = _branch_outages(path)
    assert len(outages) == 1991
    counts = _compare(path, outages, keep=20)
    assert counts["compared"] > 1400


def test_generator_outages_match_pypower():
    """Every case118 generator but the slack's (PYPOWER moves a lost reference to its first PV bus, the engine
    to the largest generator, as compile_network does): a PV bus losing its only unit turns PQ."""
    path = require_data("matpower/case118.m")
    net = gio.read_case(path)
    outages = campaign.plan_outages(net, ContingencyOptions(elements=["generators"], tol=TOL))[0]
    slack = [g.id for g in net.generators if g.slack]
    outages = [o for o in outages if o[0] not in slack]
    assert len(outages) == 53
    counts = _compare(path, outages)
    assert counts["compared"] == 53


def test_generated_n2_pairs_match_pypower():
    path = require_data("matpower/case118.m")
    net = gio.read_case(path)
    for source in ("worst", "lodf"):
        opts = ContingencyOptions(outages="n-2", n2_pairs_from=source, n2_max_pairs=15, tol=TOL)
        pairs = campaign.plan_outages(net, opts)[0]
        assert len(pairs) == 15 and all(len(p) == 2 for p in pairs)
        counts = _compare(path, pairs)
        assert counts["compared"] >= 10


def _nx_bridges(net, path):
    """Branch ids whose single outage disconnects the graph (networkx; parallel branches are no bridge)."""
    nx = pytest.importorskip("networkx")
    ppc = _ppc(path)
    g = nx.Graph()
    g.add_nodes_from(int(b) for b in ppc["bus"][:, 0])
    mult: dict = {}
    for k, br in enumerate(ppc["branch"]):
        if br[10] > 0:
            key = tuple(sorted((int(br[0]), int(br[1]))))
            mult.setdefault(key, []).append(k)
            g.add_edge(*key)
    out = {}
    for a, b in nx.bridges(g):
        rows = mult[tuple(sorted((a, b)))]
        if len(rows) == 1:
            h = g.copy()
            h.remove_edge(a, b)
            small = min(nx.connected_components(h), key=len)
            out[f"br_{rows[0] + 1}"] = {str(x) for x in small}
    return out


@pytest.mark.parametrize("case", ["case118", "case1354pegase"])
def test_islanding_is_exactly_the_bridges(case):
    path = require_data(f"matpower/{case}.m")
    net = gio.read_case(path)
    expected = _nx_bridges(net, path)
    opts = ContingencyOptions(elements=["branches", "transformers"], full_voltages_worst=0)
    outages = campaign.plan_outages(net, opts)[0]
    ctx = campaign.context(net, opts)
    found = {}
    for o in outages:
        st = ctx.solver.state(o)
        if st.islanded.any():
            found[o[0]] = {ctx.cn.bus_ids[b] for b in np.flatnonzero(st.islanded)}
    assert set(found) == set(expected)
    for eid, lost in found.items():  # the smaller side is the one lost (its reference never is)
        assert lost == expected[eid] or len(lost) == len(expected[eid]), eid


def test_islanding_row_reports_lost_buses_and_load():
    path = require_data("matpower/case118.m")
    net = gio.read_case(path)
    ppc = _ppc(path)
    rows = campaign.run_batch(net, ContingencyOptions(outages=[["br_183"]]), [["br_183"]])["rows"]
    row = rows[0]
    assert row["islanding"] and row["converged"] and row["islanded_buses"] == ["116"]
    assert row["load_lost_mw"] == pytest.approx(ppc["bus"][ppc["bus"][:, 0] == 116, 2].sum(), abs=1e-9)
    assert row["reference_note"] == "reference kept at bus '69'"


def test_dc_estimates_match_a_dc_power_flow_of_the_outaged_network():
    """The LODF estimate of an outage's largest loading equals PYPOWER's rundcpf with the branch removed."""
    path = require_data("matpower/case1354pegase.m")
    net = gio.read_case(path)
    ppc = _ppc(path)
    from gridsolve.contingency.screen import DCModel

    ctx = campaign.context(net, ContingencyOptions())
    model = DCModel(ctx.cn)
    checked = 0
    for k in (3, 50, 400, 900, 1500):
        eid = f"br_{k + 1}"
        if ctx.solver.bridge[ctx.cat[eid].rows[0]]:
            continue
        est = model.max_loading([np.array(ctx.cat[eid].rows)])[0]
        case = {kk: (v.copy() if isinstance(v, np.ndarray) else v) for kk, v in ppc.items()}
        case["branch"][k, 10] = 0
        res, ok = pypower.rundcpf(case, pypower.ppoption(VERBOSE=0, OUT_ALL=0))
        br = res["branch"]
        rated = (br[:, 5] > 0) & (br[:, 10] > 0)
        ref = np.max(np.abs(br[rated, 13]) / br[rated, 5] * 100)
        assert est == pytest.approx(ref, abs=1e-6)
        checked += 1
    assert checked >= 3


PP_TABLES = {  # pandapower element table -> its result table's end-flow columns, in the engine's flow-list order
    "line": ("p_from_mw", "q_from_mvar", "p_to_mw", "q_to_mvar"),
    "impedance": ("p_from_mw", "q_from_mvar", "p_to_mw", "q_to_mvar"),
    "trafo": ("p_hv_mw", "q_hv_mvar", "p_lv_mw", "q_lv_mvar"),
    "trafo3w": ("p_hv_mw", "q_hv_mvar", "p_mv_mw", "q_mv_mvar", "p_lv_mw", "q_lv_mvar"),
}


def test_detail_flows_match_pandapower_with_a_three_winding_transformer():
    """pandapower's example_multivoltage (a 3-winding transformer, transformers, an impedance, switches): every
    non-islanding branch outage's kept state against pandapower's runpp with the element out of service: |V| and
    angle of every bus the row lists, P and Q at every end of every line, transformer, 3-winding transformer
    (hv, mv, lv) and impedance, within 1e-6 MW / Mvar and 1e-6 pu / degrees; the outaged element has no flows."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pp = pytest.importorskip("pandapower")
        pn = pytest.importorskip("pandapower.networks")

        ref_net = pn.example_multivoltage()
        ours = read_pandapower(pp.to_json(ref_net), source="test")
    opts = ContingencyOptions(elements=["branches", "transformers"], tol=TOL, full_voltages_worst=1000)
    outages = campaign.plan_outages(ours, opts)[0]
    rows = campaign.merge(ours, opts, [campaign.run_batch(ours, opts, outages)])[0]["contingencies"]
    compared = flows_compared = 0
    tables: set[str] = set()
    for row in rows:
        if row["islanding"] or not row["converged"]:
            continue
        table, idx = row["outage"][0].rsplit("_", 1)
        if table not in PP_TABLES:  # an extended ward's internal branch: no pandapower element to switch off
            continue
        net = copy.deepcopy(ref_net)
        net[table].loc[int(idx), "in_service"] = False
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pp.runpp(net, init="dc", tolerance_mva=1e-10, calculate_voltage_angles=True, trafo_model="t",
                     numba=False, max_iteration=50)
        for bus, vm in row["vm_pu"].items():
            if not bus.startswith("bus_"):  # an extended ward's internal bus: not in pandapower's res_bus
                continue
            k = int(bus.removeprefix("bus_"))
            assert vm == pytest.approx(net.res_bus.vm_pu[k], abs=VM_TOL_PU), (row["outage"], bus)
            assert row["va_deg"][bus] == pytest.approx(net.res_bus.va_degree[k], abs=VA_TOL_DEG), (row["outage"], bus)
        for tbl, cols in PP_TABLES.items():
            for k in net[tbl].index[net[tbl].in_service]:
                ours_flow = row["branch_flows"].get(f"{tbl}_{k}")
                theirs = net[f"res_{tbl}"].loc[k, list(cols)].to_numpy(dtype=float)
                if ours_flow is None:  # open at an end or dead (a switch): not a compiled branch here
                    continue
                got = np.array([np.nan if x is None else x for x in ours_flow])
                assert np.nanmax(np.abs(got - theirs)) < FLOW_TOL_MW, (row["outage"], tbl, k, got, theirs)
                flows_compared += 1
                tables.add(tbl)
        assert row["branch_flows"][row["outage"][0]] == [None] * len(PP_TABLES[table])
        compared += 1
    assert compared >= 5 and flows_compared > 100 and tables == set(PP_TABLES), (compared, flows_compared, tables)


def _same_row(a: dict, b: dict, tol: float = 1e-9) -> None:
    """Rows equal but for round-off: the categorical fields exactly, the numbers within tol, the violations
    farther than tol from their limit exactly (one at its limit, a PV bus held at its band's edge, is round-off's)."""
    for key in ("outage", "converged", "islanding", "islanded_buses", "iterations", "reference_note"):
        assert a[key] == b[key], (a["outage"], key)
    for key in ("load_lost_mw", "min_vm_pu", "max_vm_pu", "max_loading_percent", "severity"):
        assert (a[key] is None) == (b[key] is None), (a["outage"], key)
        if a[key] is not None:
            assert abs(a[key] - b[key]) < tol, (a["outage"], key)

    def clear(row):
        return {(v["kind"], v["element"]) for v in row["violations"] if abs(v["value"] - v["limit"]) > tol}

    assert clear(a) == clear(b), a["outage"]


def test_batch_kernel_rows_are_the_per_outage_solver_rows(monkeypatch):
    """case300's N-1 (branches and generators: islanding, a reference moved, outages that do not converge) through
    the batch kernel (`OutageSolver.solve_many`, its violation buffer made tiny so that it must grow) and outage
    by outage (`OutageSolver.solve`, the numba fast path and full Newton-Raphson): the same rows."""
    from gridsolve.contingency import solver as ctg_solver

    pytest.importorskip("numba")
    monkeypatch.setattr(ctg_solver, "VIOLATIONS_PER_OUTAGE", 1)
    monkeypatch.setattr(campaign, "_CACHE", {})
    path = require_data("matpower/case300.m")
    net = gio.read_case(path)
    opts = ContingencyOptions(outages="n-1", elements=["branches", "transformers", "generators"], tol=1e-8)
    outages = campaign.plan_outages(net, opts)[0]
    ctx = campaign.context(net, opts)
    assert ctx.solver.batch, "the batch kernel is not in use (numba or libklu missing?)"
    many, detail = ctx.solver.solve_many(outages, keep=5)
    one = [ctx.solver.solve(o) for o in outages]
    assert sum(not r["converged"] for r in many) > 10 and sum(r["islanding"] for r in many) > 50
    assert any("reference moved" in (r["reference_note"] or "") for r in many)
    assert max(len(r["violations"]) for r in many) > 30
    for a, (b, _) in zip(many, one, strict=True):
        _same_row(a, b)
    sev = [r["severity"] if r["converged"] else -np.inf for r, _ in one]
    assert [i for _, i, _ in detail] == sorted(range(len(one)), key=lambda i: (-sev[i], i))[:5]
    for _, i, d in detail:
        ref = one[i][1]
        assert ref is not None
        for got, want in ((d.v, ref.v), (d.vm, ref.vm), (d.loading, ref.loading)):
            assert np.allclose(got, want, atol=1e-9, equal_nan=True)
        assert np.array_equal(d.live, ref.live) and np.array_equal(np.sort(d.dead_rows), np.sort(ref.dead_rows))
