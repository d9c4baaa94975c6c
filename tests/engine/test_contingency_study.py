"""The contingency study type: batches, merge, models, error paths with their messages, and the CLI."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys

import numpy as np
import pytest

from gridsolve import io as gio
from gridsolve import run_power_flow
from gridsolve.contingency import ContingencyError, campaign
from gridsolve.output import csv_table
from gridsolve.studies import InvalidOptionsError, get_study_type
from tests.conftest import SAMPLES, require_data

CASE14 = SAMPLES / "case14.m"
CASE118 = SAMPLES / "case118.m"


@pytest.fixture(scope="module")
def st():
    return get_study_type("contingency")


def test_batches_run_independently_and_merge_to_the_same_ranking_as_run(st):
    net = gio.read_case(CASE14)
    opts = st.parse_options(None, {"batch_size": 7, "threads": 1})
    batches = st.plan_batches(net, opts)
    assert [len(b) for b in batches] == [7, 7, 7, 4]  # 20 branches and 5 generators
    outputs = [st.run_batch(gio.read_case(CASE14), opts, b, None) for b in reversed(batches)][::-1]
    json.dumps(outputs, allow_nan=False)
    merged = st.merge(net, opts, outputs)
    whole = st.run(net, opts, None)
    st.result.model_validate(merged.result)
    st.summary.model_validate(merged.summary)
    strip = ("wall_time_s",)
    assert [r["outage"] for r in merged.result["contingencies"]] == [r["outage"] for r in whole.result["contingencies"]]
    assert {k: v for k, v in merged.summary.items() if k not in strip} == \
        {k: v for k, v in whole.summary.items() if k not in strip}
    assert merged.work == {"outages": 25.0} and merged.summary["outages"] == 25
    ranks = [r["rank"] for r in merged.result["contingencies"]]
    sev = [r["severity"] for r in merged.result["contingencies"]]
    assert ranks == list(range(1, 26)) and sev == sorted(sev, reverse=True)
    assert merged.result["severity_formula"].startswith("severity = ")
    kept = [r for r in merged.result["contingencies"] if r["vm_pu"] is not None]
    assert len(kept) == 10 and all(r["rank"] <= 10 for r in kept)


class _CountingPool(campaign.ProcessPoolExecutor):
    started = 0

    def __init__(self, *args, **kwargs):
        type(self).started += 1
        super().__init__(*args, **kwargs)


def test_process_pool_gives_the_same_rows_and_detail_as_one_process(st, monkeypatch):
    net = gio.read_case(CASE118)
    one = st.run(net, st.parse_options(None, {"threads": 1}), None)
    monkeypatch.setattr(campaign, "POOL_MIN_SECONDS", 0.0)  # case118 is too small to be worth a pool otherwise
    monkeypatch.setattr(campaign, "ProcessPoolExecutor", _CountingPool)
    two = st.run(net, st.parse_options(None, {"threads": 2}), None)
    assert _CountingPool.started == 1
    assert one.result["contingencies"] == two.result["contingencies"]
    assert sum(r["vm_pu"] is not None for r in two.result["contingencies"]) == 10


def test_a_small_campaign_runs_in_one_process(st, monkeypatch):
    """A pool's start-up costs more than case118's N-1: threads=2 runs it in this process all the same."""
    monkeypatch.setattr(campaign, "ProcessPoolExecutor", _CountingPool)
    _CountingPool.started = 0
    net = gio.read_case(CASE118)
    seen: list[int] = []
    out = st.run(net, st.parse_options(None, {"threads": 2}), lambda frac, msg, **data: seen.append(data["done"]))
    assert _CountingPool.started == 0
    assert out.summary["outages"] == 240 and seen[-1] == 240 and seen == sorted(seen) and len(seen) > 2


def test_severity_follows_the_documented_formula(st):
    net = gio.read_case(CASE118)
    out = st.run(net, st.parse_options(None, {"threads": 1, "loading_limit_percent": 100.0}), None)
    for r in out.result["contingencies"]:
        if not r["converged"]:
            continue
        score = r["load_lost_mw"]
        for v in r["violations"]:
            if v["kind"] == "overload":
                score += v["value"] - v["limit"]
            else:
                score += 1000 * abs(v["value"] - v["limit"])
        assert r["severity"] == pytest.approx(score, abs=1e-9)


def test_voltage_violations_use_each_buss_limits(st):
    net = gio.read_case(CASE118)
    out = st.run(net, st.parse_options(None, {"outages": [["br_71"]]}), None)
    row = out.result["contingencies"][0]
    limits = {b.id: (b.min_vm_pu, b.max_vm_pu) for b in net.buses}
    under = [v for v in row["violations"] if v["kind"] == "undervoltage"]
    assert under and all(v["value"] < limits[v["element"]][0] == v["limit"] for v in under)


def test_loading_is_matpowers_and_rate_a_zero_has_none(st):
    net = gio.read_case(CASE14)
    for br in net.impedance_branches:  # case14 has no ratings: give br_1 one, leave the others at 0
        br.rate_a_mva = 0.0
    net.impedance_branches[0].rate_a_mva = 50.0
    out = st.run(net, st.parse_options(None, {"outages": [["br_3"]], "full_voltages_worst": 1}), None)
    row = out.result["contingencies"][0]
    assert row["max_loading_branch"] == "br_1"
    assert set(k for k, v in row["branch_loading_percent"].items() if v is not None) == {"br_1"}
    assert row["branch_loading_percent"]["br_3"] is None


def test_unknown_element_id_is_refused_naming_it(st):
    net = gio.read_case(CASE14)
    opts = st.parse_options(None, {"outages": [["br_1"], ["br_99", "gen_1"], ["bus_3"]]})
    with pytest.raises(ContingencyError) as err:
        st.plan_batches(net, opts)
    e = err.value
    assert e.code == "contingency_input" and e.details["unknown"] == ["br_99", "bus_3"]
    assert "'br_99', 'bus_3'" in str(e) and e.field_errors[0].element_id == "br_99"
    assert e.field_errors[0].field == "parameters.outages[1]"
    with pytest.raises(ContingencyError, match="unknown element"):  # a batch checks its outages too
        st.run_batch(net, opts, [["br_1"], ["nope"]], None)


def test_empty_outage_sets_are_refused(st):
    net = gio.read_case(CASE14)
    with pytest.raises(ContingencyError, match="the outage set is empty: the outage list has no outages"):
        st.plan_batches(net, st.parse_options(None, {"outages": []}))
    with pytest.raises(ContingencyError, match="the outage set is empty: no in-service element of the classes"):
        st.plan_batches(net, st.parse_options(None, {"elements": []}))
    with pytest.raises(ContingencyError, match="an outage needs at least one element"):
        st.plan_batches(net, st.parse_options(None, {"outages": [["br_1"], []]}))
    with pytest.raises(InvalidOptionsError) as err:
        st.parse_options(None, {"outages": "n-3"})
    assert err.value.field_errors[0].field == "parameters.outages"


def test_base_case_that_does_not_converge_is_refused(st):
    net = gio.read_case(CASE14)
    for ld in net.loads:
        ld.p_mw *= 12
        ld.q_mvar *= 12
    with pytest.raises(ContingencyError, match="the base case does not converge") as err:
        st.plan_batches(net, st.parse_options(None, {}))
    assert err.value.field == "network"


def test_non_converged_outage_reports_its_mismatch_history(st):
    """case1354pegase's br_76 has no power-flow solution (PYPOWER's runpf does not converge either)."""
    net = gio.read_case(require_data("matpower/case1354pegase.m"))
    out = st.run(net, st.parse_options(None, {"outages": [["br_76"], ["br_77"]]}), None)
    row = next(r for r in out.result["contingencies"] if r["outage"] == ["br_76"])
    assert row["converged"] is False and row["severity"] >= 1e6 and row["rank"] == 1
    assert len(row["mismatch_history"]) >= 2 and all(m > 1e-8 for m in row["mismatch_history"])
    assert row["min_vm_pu"] is None and row["violations"] == []
    assert out.summary["non_converged"] == 1 and out.summary["worst"][0] == ["br_76"]


def test_generator_outage_at_the_slack_moves_the_reference(st):
    net = gio.read_case(CASE14)
    slack = next(g for g in net.generators if g.slack)
    out = st.run(net, st.parse_options(None, {"outages": [[slack.id]]}), None)
    row = out.result["contingencies"][0]
    assert row["converged"] and "reference moved to generator" in row["reference_note"]


def test_dc_screening_keeps_the_outages_near_the_limit(st):
    """case118 rated at 1.3 x its base-case flow + 10 MVA: the AC run finds overloads after some outages, and
    DC screening with a 10 % margin keeps every one of them while it drops others."""
    net = gio.read_case(CASE118)
    base = run_power_flow(net, init="auto")
    s = np.maximum(np.hypot(base.p_from_mw, base.q_from_mvar), np.hypot(base.p_to_mw, base.q_to_mvar))
    flow = dict(zip(base.branch_ids, s, strict=True))
    for br in net.impedance_branches:
        br.rate_a_mva = 1.3 * flow[br.id] + 10
    full = st.run(net, st.parse_options(None, {"elements": ["branches"], "threads": 1}), None)
    screened = st.run(net, st.parse_options(None, {"elements": ["branches"], "screen": "dc",
                                                   "screen_margin_percent": 10.0, "threads": 1}), None)
    info = screened.result["screening"]
    assert info["method"] == "dc" and info["candidates"] + info["screened_out"] == full.summary["outages"]
    assert 0 < info["screened_out"] < full.summary["outages"] and screened.summary["screened_out"] > 0
    kept = {tuple(r["outage"]) for r in screened.result["contingencies"]}
    overloaded = {tuple(r["outage"]) for r in full.result["contingencies"]
                  if any(v["kind"] == "overload" for v in r["violations"])}
    assert overloaded and overloaded <= kept  # nothing the AC run finds overloaded was screened out here


VIOLATION = re.compile(r"^(undervoltage|overvoltage|overload) (\S+) (\d+\.\d+) (pu|%) \(limit (\d+\.\d+) (pu|%)\)$")


def test_csv_rows_read_in_a_spreadsheet_and_cannot_run_as_formulas(st):
    """The ranked table's CSV (the service's download and the CLI's): outage ids and islanded buses as "a; b",
    violations as "overload br_3 112.4 % (limit 100.0 %)" read back to the engine's numbers within their rounding,
    no JSON in any cell, the worst N's detail left out; an element id a spreadsheet would run as a formula is
    quoted."""
    net = gio.read_case(SAMPLES / "case30.m")
    net.impedance_branches[0].id = "=HYPERLINK(1)"  # br_1 renamed: its outage cell must not run
    out = st.run(net, st.parse_options(None, {"threads": 1}), None)
    rows = out.result["contingencies"]
    text = csv_table(st.csv_rows("contingencies", rows))
    table = list(csv.DictReader(io.StringIO(text)))
    assert list(table[0])[:4] == ["rank", "outage", "converged", "islanding"] and len(table) == len(rows)
    assert not {"vm_pu", "va_deg", "branch_loading_percent", "branch_flows"} & set(table[0])
    assert not any(c.startswith(("[", "{")) for line in table for c in line.values())
    kinds = set()
    for line, row in zip(table, rows, strict=True):
        outage = "; ".join(row["outage"])
        assert line["outage"] == ("'" + outage if outage.startswith("=") else outage)
        assert line["islanded_buses"] == "; ".join(row["islanded_buses"])
        parts = line["violations"].split("; ") if line["violations"] else []
        assert len(parts) == len(row["violations"])
        for part, v in zip(parts, row["violations"], strict=True):
            m = VIOLATION.match(part)
            assert m, part
            kind, element, value, unit, limit, _ = m.groups()
            step = 0.05 if unit == "%" else 5e-5  # written to 0.1 % and 0.0001 pu
            assert (kind, element, unit) == (v["kind"], v["element"], v["unit"])
            assert abs(float(value) - v["value"]) <= step and abs(float(limit) - v["limit"]) <= step
            kinds.add(kind)
    assert "'=HYPERLINK(1)" in {line["outage"] for line in table}
    assert {"overload", "undervoltage"} <= kinds and any(line["islanded_buses"] for line in table)
    # a table the hook does not know stays as stored
    assert st.csv_rows("other", [{"a": [1]}]) == [{"a": [1]}]


def gridsolve(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gridsolve", *args], capture_output=True, text=True, timeout=600)


def test_cli_json_csv_and_table(tmp_path):
    out = gridsolve("contingency", str(CASE14), "--format", "json", "--threads", "1")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) >= {"base", "contingencies", "severity_formula", "summary"}
    assert data["contingencies"][0]["rank"] == 1 and data["summary"]["outages"] == 25
    csv_file = tmp_path / "c.csv"
    out = gridsolve("contingency", str(CASE14), "--elements", "branches", "--format", "csv", "--out", str(csv_file))
    assert out.returncode == 0, out.stderr
    assert csv_file.read_text().splitlines()[0].startswith("rank,outage,converged,islanding")
    assert len(csv_file.read_text().splitlines()) == 1 + 17  # case14: 17 lines, 3 transformers
    same = gridsolve("contingency", str(CASE14), "--elements", "branches", "--format", "json")
    rows = json.loads(same.stdout)["contingencies"]
    assert csv_file.read_text() == csv_table(get_study_type("contingency").csv_rows("contingencies", rows))
    out = gridsolve("contingency", str(CASE14), "--outages", "n-2", "--n2-max-pairs", "5")
    assert out.returncode == 0 and "5 outages" in out.stdout and "severity = " in out.stdout


def test_cli_outage_files_and_their_errors(tmp_path):
    good = tmp_path / "o.txt"
    good.write_text("# outages\nbr_1\nbr_2, br_3  # a pair\n")
    out = gridsolve("contingency", str(CASE14), "--outages", str(good), "--format", "json")
    assert out.returncode == 0, out.stderr
    assert sorted(r["outage"] for r in json.loads(out.stdout)["contingencies"]) == [["br_1"], ["br_2", "br_3"]]
    bad = tmp_path / "o.json"
    bad.write_text('[["br_1"], ["br_77"]]')
    out = gridsolve("contingency", str(CASE14), "--outages", str(bad))
    assert out.returncode == 2 and "br_77" in out.stderr and "Traceback" not in out.stderr
    broken = tmp_path / "b.json"
    broken.write_text('[["br_1"],\n oops]')
    out = gridsolve("contingency", str(CASE14), "--outages", str(broken))
    assert out.returncode == 2 and "b.json:2" in out.stderr


def test_garbage_collector_is_on_again_after_a_campaign(st):
    """Rows are made with Python's cyclic GC paused (campaign._gc_paused); it is on again after, also when a batch
    raises, and stays off where the caller had it off."""
    import gc

    net = gio.read_case(CASE14)
    st.run(net, st.parse_options(None, {"threads": 1}), None)
    assert gc.isenabled()

    def fail(*_args, **_kwargs):
        raise RuntimeError("progress callback failed")

    with pytest.raises(RuntimeError):
        campaign.run_batch(net, campaign.ContingencyOptions(outages=[["br_1"]]), [["br_1"]], fail)
    assert gc.isenabled()
    gc.disable()
    try:
        campaign.run_batch(net, campaign.ContingencyOptions(outages=[["br_1"]]), [["br_1"]])
        assert not gc.isenabled()
    finally:
        gc.enable()
