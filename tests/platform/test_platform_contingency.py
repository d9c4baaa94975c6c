"""Issue 10, platform: an N-1 contingency campaign through the API, split into batch jobs. The merged result equals
the engine's own run of the same campaign (gridsolve's `run`, one process), and the worst outage is checked
against PYPOWER's runpf with the branch removed; progress counts finished outages; a cancelled campaign starts no
further batch; a killed server resumes the open batches and never re-runs a finished one; CSV/JSON downloads;
bad element ids and empty outage sets are 400s naming them."""

from __future__ import annotations

import csv
import io
import json
import signal
import sqlite3
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from chalicelib import engine
from chalicelib.studies.batches import SqlJobQueue
from chalicelib.studies.runner import ProcessRunner
from gridsolve.studies import get_study_type

from .platform_helpers import import_case, study_state, wait_until

TERMINAL = ("completed", "failed", "cancelled")


def _submit(u, pid, **params):
    r = u.post(f"/api/projects/{pid}/studies", {"study_type": "contingency", "parameters": params})
    assert r.status == 201, r
    return r.json["id"]


_state = study_state


def _wait(pred, seconds=300.0, step=0.05):
    return wait_until(pred, seconds, step)


def _direct(platform, sid, **params):
    """The same campaign run by the engine itself, in one process, on the study's stored input."""
    net = engine.load_network(platform.blobs.get(f"studies/{sid}/input.json"))
    st = get_study_type("contingency")
    return st.run(net, st.parse_options(None, {**params, "threads": 1}), None)


@pytest.mark.parametrize("case", ["case14.m", "case30.m"])
def test_n1_campaign_equals_the_engine_run(api, platform, case):
    u = api.register()
    pid = import_case(u, case).json["id"]
    sid = _submit(u, pid, batch_size=7, full_voltages_worst=3)
    st = _state(u, pid, sid)
    assert st["status"] == "completed", st
    n = st["results_summary"]["outages"]
    assert st["batches"] == {"total": -(-n // 7), "completed": -(-n // 7), "failed": 0, "items_total": n,
                             "items_completed": n}
    result = u.get(f"/api/projects/{pid}/studies/{sid}/results").json
    direct = _direct(platform, sid, full_voltages_worst=3)
    assert result == json.loads(json.dumps(direct.result))  # batched and merged = the engine's one run
    assert {k: v for k, v in st["results_summary"].items() if k != "wall_time_s"} == \
        {k: v for k, v in direct.summary.items() if k != "wall_time_s"}
    rows = result["contingencies"]
    assert [r["rank"] for r in rows] == list(range(1, n + 1))
    assert all(r["vm_pu"] for r in rows[:3]) and not any(r["vm_pu"] for r in rows[3:])  # full voltages: worst 3
    usage = {m["metric"]: m["used"] for m in u.get("/api/billing/usage").json["usage"]}
    assert usage["contingency_outages"] == n


def test_worst_case30_outage_matches_pypower(api, platform):
    """The independent check of a stored campaign row: PYPOWER's runpf on case30 without the branch (|V| extremes,
    loading, and the worst rows' angles and end flows within 1e-6 degrees and 1e-6 MW / Mvar)."""
    from pypower.api import case30, ppoption, runpf

    u = api.register()
    pid = import_case(u, "case30.m").json["id"]
    # solved to 1e-10 pu (1e-8 MW of mismatch): the comparison measures the models, not the stopping points
    sid = _submit(u, pid, elements=["branches"], batch_size=10, tol=1e-10)
    rows = u.get(f"/api/projects/{pid}/studies/{sid}/results").json["contingencies"]
    checked = 0
    for row in [r for r in rows if r["converged"] and not r["islanding"]][:3]:
        k = int(row["outage"][0].removeprefix("br_")) - 1  # br_<row>: the MATPOWER branch row, from 1
        ppc = case30()
        ppc["branch"] = np.delete(ppc["branch"], k, axis=0)
        res, ok = runpf(ppc, ppoption(VERBOSE=0, OUT_ALL=0, PF_TOL=1e-11))
        assert ok
        vm = res["bus"][:, 7]
        assert row["min_vm_pu"] == pytest.approx(vm.min(), abs=1e-6)
        assert row["max_vm_pu"] == pytest.approx(vm.max(), abs=1e-6)
        br = res["branch"]
        sf, st = np.hypot(br[:, 13], br[:, 14]), np.hypot(br[:, 15], br[:, 16])
        rated = br[:, 5] > 0
        loading = np.maximum(sf, st)[rated] / br[rated, 5] * 100.0
        assert row["max_loading_percent"] == pytest.approx(loading.max(), abs=1e-3)
        # the stored state after the outage (the diagram's flows and angles): every bus angle, every branch's P and
        # Q at both ends (PYPOWER's rows renumbered past the removed one), the outaged branch without flows
        assert np.max(np.abs(np.array([row["va_deg"][str(int(b))] for b in res["bus"][:, 0]]) - res["bus"][:, 8])) \
            < 1e-6
        assert row["branch_flows"][row["outage"][0]] == [None] * 4
        others = [f"br_{j + 1}" for j in range(len(br) + 1) if j != k]
        ours = np.array([row["branch_flows"][b] for b in others], dtype=float)
        assert np.max(np.abs(ours - br[:, 13:17])) < 1e-6  # MW and Mvar
        checked += 1
    assert checked == 3


def test_downloads_as_csv_and_json(api, platform):
    u = api.register()
    pid = import_case(u).json["id"]
    sid = _submit(u, pid, batch_size=10)
    base = f"/api/projects/{pid}/studies/{sid}/results"
    raw = u.get(base)
    assert raw.headers["content-type"] == "application/json" and "attachment" in raw.headers["content-disposition"]
    rows = raw.json["contingencies"]
    got = u.get(base + "?format=csv")
    assert got.headers["content-type"].startswith("text/csv")
    assert got.headers["content-disposition"] == f'attachment; filename="study-{sid}-contingencies.csv"'
    table = list(csv.DictReader(io.StringIO(got.text)))
    assert len(table) == len(rows) == 25
    # readable in a spreadsheet: lists as "a; b" text, violations spelled out, the worst N's detail left to the JSON
    assert not {"vm_pu", "va_deg", "branch_loading_percent", "branch_flows"} & set(table[0])
    assert not any(c.startswith(("[", "{")) for line in table for c in line.values())
    spelled = 0
    for line, row in zip(table, rows, strict=True):
        assert line["outage"] == "; ".join(row["outage"]) and int(line["rank"]) == row["rank"]
        assert line["islanded_buses"] == "; ".join(row["islanded_buses"])
        assert float(line["min_vm_pu"]) == row["min_vm_pu"]
        texts = line["violations"].split("; ") if line["violations"] else []
        assert len(texts) == len(row["violations"])
        for text, v in zip(texts, row["violations"], strict=True):
            digits = 1 if v["unit"] == "%" else 4
            assert text == (f"{v['kind']} {v['element']} {v['value']:.{digits}f} {v['unit']} "
                            f"(limit {v['limit']:.{digits}f} {v['unit']})")
            spelled += 1
    assert spelled > 0


def test_bad_element_id_and_empty_outage_set_are_400s(api):
    u = api.register()
    pid = import_case(u).json["id"]
    r = u.post(f"/api/projects/{pid}/studies", {"study_type": "contingency",
                                                  "parameters": {"outages": [["br_3"], ["br_999", "gen_1"]]}})
    assert r.status == 400 and "br_999" in r.json["error"]["message"], r.json
    assert any("outages" in f["field"] for f in r.json["error"]["fields"]), r.json
    r = u.post(f"/api/projects/{pid}/studies", {"study_type": "contingency", "parameters": {"outages": []}})
    assert r.status == 400 and "no outages" in r.json["error"]["message"], r.json
    assert u.get(f"/api/projects/{pid}/studies").json["studies"] == []


# ------------------------------------------------------------------------------- the local process pool


@pytest.fixture
def pool(platform):
    made = []

    def make(workers=2, delay=0.0):
        platform.settings = replace(platform.settings, debug_iteration_delay_s=delay)
        runner = ProcessRunner(platform.execution_context(), workers, SqlJobQueue(platform.db))
        platform.runner = runner
        made.append(runner)
        return runner

    yield make
    for r in made:
        r.shutdown()


def test_pool_runs_batches_in_parallel_with_progress(api, platform, pool):
    pool(workers=2, delay=0.05)
    u = api.register()
    pid = import_case(u).json["id"]
    sid = _submit(u, pid, batch_size=3)
    seen = []

    def finished():
        st = _state(u, pid, sid)
        seen.append((st["status"], st["progress_pct"], st.get("batches", {}).get("items_completed")))
        return st["status"] in TERMINAL and st

    final = _wait(finished)
    assert final["status"] == "completed", final
    assert final["batches"]["items_completed"] == 25 and final["progress_pct"] == 100.0
    running = [(p, k) for s, p, k in seen if s == "running" and k]
    assert running, seen  # observed mid-campaign
    assert any(k < 25 for _, k in running), seen
    pcts = [p for p, _ in running]
    assert pcts == sorted(pcts)  # progress only rises
    allowed = {0.0} | {min(99.0, round(100 * k / 25, 2)) for k in range(1, 26)}  # finished / 25 (99 until merged)
    assert set(pcts) <= allowed, running
    with platform.db.session() as s:
        from chalicelib.storage.models import StudyBatch

        rows = s.query(StudyBatch).filter_by(study_id=sid).all()
        assert len(rows) == 9 and all(r.status == "completed" and r.attempt == 1 for r in rows)
        starts = sorted(r.started_at for r in rows)
        ends = sorted(r.finished_at for r in rows)
    assert any(starts[i + 1] < ends[i] for i in range(len(rows) - 1))  # two batches overlapped: in parallel
    result = u.get(f"/api/projects/{pid}/studies/{sid}/results").json
    assert result == json.loads(json.dumps(_direct(platform, sid).result))


def test_cancel_mid_campaign_starts_no_further_batch(api, platform, pool):
    pool(workers=2, delay=0.2)
    u = api.register()
    pid = import_case(u).json["id"]
    sid = _submit(u, pid, batch_size=2)
    _wait(lambda: (st := _state(u, pid, sid))["status"] == "running" and st["batches"]["completed"] >= 1)
    assert u.post(f"/api/projects/{pid}/studies/{sid}/cancel").json["status"] == "cancelled"

    def rows():
        with platform.db.session() as s:
            from chalicelib.storage.models import StudyBatch

            return sorted((r.batch_index, r.status, r.attempt) for r in s.query(StudyBatch).filter_by(study_id=sid))

    time.sleep(1.0)  # the workers of its batches are killed at once
    after = rows()
    time.sleep(2.0)
    assert rows() == after  # nothing started or finished since
    assert sum(a for _, _, a in after) < 13 and any(st == "pending" for _, st, _ in after)
    st = _state(u, pid, sid)
    assert st["status"] == "cancelled" and st["results_summary"] is None
    assert u.get(f"/api/projects/{pid}/studies/{sid}/results").status == 409


def test_killed_server_resumes_open_batches_and_never_reruns_a_finished_one(tmp_path):
    """kill -9 of the server mid-campaign: on restart the finished batches are kept as they were (their claim
    count, finish time and output blob untouched: never run again), the open ones run, and the merged result
    equals the engine's own run. (The server subprocess keeps its own SQLite file; the batch store's recovery on
    PostgreSQL is exercised in test_platform_batched.py.)"""
    from .test_platform_server import Server, case_text

    data = tmp_path / "data"
    env = {"GRIDSOLVE_DEBUG_ITERATION_DELAY_S": "0.25", "GRIDSOLVE_WORKERS": "2", "GRIDSOLVE_MAX_ATTEMPTS": "3"}
    srv = Server(data, **env).start()
    try:
        token = srv.call("POST", "/api/auth/register", {"email": "k@example.com",
                                                        "password": "grid-volt-ampere-42"})[1]["access_token"]
        pid = srv.call("POST", "/api/projects/import", {"name": "c14", "format": "matpower",
                                                        "content": case_text("case14.m")}, token=token)[1]["id"]
        sid = srv.call("POST", f"/api/projects/{pid}/studies", {"study_type": "contingency",
                                                                "parameters": {"batch_size": 2}}, token=token)[1]["id"]

        def study():
            return srv.call("GET", f"/api/projects/{pid}/studies/{sid}", token=token)[1]

        _wait(lambda: study()["batches"]["completed"] >= 3, step=0.1)
    finally:
        srv.stop(signal.SIGKILL)
    before = _batches(data, sid)
    done = {i: b for i, b in before.items() if b[0] == "completed"}
    assert 3 <= len(done) < 13, before
    mtimes = {i: _blob(data, sid, i).stat().st_mtime_ns for i in done}
    srv = Server(data, **env).start()
    try:
        final = _wait(lambda: (st := study())["status"] in TERMINAL and st, step=0.2)
        assert final["status"] == "completed", final
        result = srv.call("GET", f"/api/projects/{pid}/studies/{sid}/results", token=token)[1]
    finally:
        srv.stop(signal.SIGKILL)
    after = _batches(data, sid)
    assert all(b[0] == "completed" for b in after.values()) and len(after) == 13
    assert {i: after[i] for i in done} == done  # same attempt count, finish time and output key
    assert {i: _blob(data, sid, i).stat().st_mtime_ns for i in done} == mtimes  # outputs not rewritten
    assert final["batches"]["items_completed"] == 25 and "Resumed" in " ".join(final["notes"])
    net = engine.load_network((data / "blobs" / "studies" / sid / "input.json").read_bytes())
    ctg = get_study_type("contingency")
    direct = ctg.run(net, ctg.parse_options(None, {"batch_size": 2, "threads": 1}), None)
    assert result == json.loads(json.dumps(direct.result))


def _batches(data: Path, sid: str) -> dict[int, tuple]:
    with sqlite3.connect(data / "gridsolve.sqlite3") as c:
        rows = c.execute("SELECT batch_index, status, attempt, finished_at, result_key FROM study_batches "
                         "WHERE study_id = ?", (sid,)).fetchall()
    return {r[0]: tuple(r[1:]) for r in rows}


def _blob(data: Path, sid: str, index: int) -> Path:
    return data / "blobs" / "studies" / sid / "batches" / f"{index:06d}.json"
