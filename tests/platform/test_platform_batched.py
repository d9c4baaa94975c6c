"""Batched studies, whatever their type: a study type with `plan_batches` is split into batch jobs (durable rows),
each run once under its own token, merged when all have ended. Exercised here with a tiny study type registered
by the test (fake_batched.py), so the platform's batching is shown to depend on nothing but the StudyType seam;
the contingency study runs the same way (test_platform_contingency.py)."""

from __future__ import annotations

import json

import pytest

from chalicelib.storage.models import Study, StudyBatch
from chalicelib.studies import campaign
from chalicelib.studies.batches import SqlBatchStore, manifest_key
from chalicelib.studies.runner import NoRunner

from .fake_batched import RUNS, SQUARES, squares  # noqa: F401 - the fixture registering the study type
from .platform_helpers import import_case

pytestmark = pytest.mark.usefixtures("squares")

def _create(u, pid, **params):
    return u.post(f"/api/projects/{pid}/studies", {"study_type": SQUARES.name, "parameters": params})


def _rows(platform, sid):
    with platform.db.session() as s:
        return {b.batch_index: (b.status, b.attempt, b.item_count, b.result_key)
                for b in s.query(StudyBatch).filter_by(study_id=sid)}


def test_inline_batched_study_is_planned_run_and_merged(api, platform):
    u = api.register()
    pid = import_case(u).json["id"]
    r = _create(u, pid, n=10, batch_size=3)
    assert r.status == 201, r
    sid = r.json["id"]
    st = u.get(f"/api/projects/{pid}/studies/{sid}").json
    assert st["status"] == "completed", st
    assert st["batches"] == {"total": 4, "completed": 4, "failed": 0, "items_total": 10, "items_completed": 10}
    assert st["results_summary"] == {"outages": 10, "total": sum(x * x for x in range(10))}  # 285
    assert sorted(RUNS) == [(0, 1, 2), (3, 4, 5), (6, 7, 8), (9,)]  # each batch ran once
    rows = _rows(platform, sid)
    assert [rows[i][:3] for i in range(4)] == [("completed", 1, 3)] * 3 + [("completed", 1, 1)]
    manifest = json.loads(platform.blobs.get(manifest_key(sid)))
    assert [m["index"] for m in manifest] == [0, 1, 2, 3] and manifest[3]["items"] == [["x9"]]
    result = u.get(f"/api/projects/{pid}/studies/{sid}/results").json
    assert [c["value"] for c in result["contingencies"]] == [x * x for x in range(9, -1, -1)]
    assert result["contingencies"][0]["buses"] == 14  # each batch ran on the study's own network
    csv = u.get(f"/api/projects/{pid}/studies/{sid}/results?format=csv").text.splitlines()
    assert csv[0] == "outage,value,buses" and csv[1] == '"[""x9""]",81,14' and len(csv) == 11
    usage = {m["metric"]: m["used"] for m in u.get("/api/billing/usage").json["usage"]}
    assert usage["contingency_outages"] == 10 and usage["studies"] == 1


def test_plan_errors_are_400s_naming_the_item(api):
    u = api.register()
    pid = import_case(u).json["id"]
    r = _create(u, pid, items=[3, -7])
    assert r.status == 400 and "item -7 is not" in r.json["error"]["message"], r.json
    assert r.json["error"]["fields"] == [{"field": "parameters.items[1]", "message": "item -7 is not a natural number"}]
    r = _create(u, pid, items=[])
    assert r.status == 400 and "outage set is empty" in r.json["error"]["message"], r.json
    assert r.json["error"]["fields"][0]["field"] == "parameters.outages"
    assert u.get(f"/api/projects/{pid}/studies").json["studies"] == []


def test_a_failing_batch_fails_the_study_naming_the_batch(api, platform):
    u = api.register()
    pid = import_case(u).json["id"]
    sid = _create(u, pid, n=9, batch_size=3, fail_at=4).json["id"]
    st = u.get(f"/api/projects/{pid}/studies/{sid}").json
    assert st["status"] == "failed" and st["error_message"] == "Batch 2 of 3: x4 cannot be squared", st
    assert st["error_detail"]["batch"] == 1 and st["error_detail"]["field"] == "parameters.fail_at"
    assert RUNS == [(0, 1, 2), (3, 4, 5)]  # the campaign stopped at the failed batch
    assert st["batches"]["completed"] == 1 and st["batches"]["failed"] == 1
    assert u.get(f"/api/projects/{pid}/studies/{sid}/results").status == 409


def _queued(api, platform, **params):
    """A batched study created with no runner (its batches pending), and its token."""
    platform.runner = NoRunner()
    u = api.register()
    pid = import_case(u).json["id"]
    sid = _create(u, pid, **params).json["id"]
    with platform.db.session() as s:
        return u, pid, sid, s.get(Study, sid).run_token


def _open(platform, sid):
    return SqlBatchStore(platform.db).open_batches(sid)


def test_progress_counts_finished_items_and_no_batch_runs_twice(api, platform):
    u, pid, sid, token = _queued(api, platform, n=10, batch_size=4)
    ctx = platform.execution_context()
    (i0, t0), (i1, t1), (i2, t2) = _open(platform, sid)
    assert campaign.execute_batch(sid, token, i1, t1, context=ctx) == "completed"
    st = u.get(f"/api/projects/{pid}/studies/{sid}").json
    assert st["status"] == "running" and st["progress_pct"] == 40.0 and st["attempt"] == 1
    assert st["batches"]["items_completed"] == 4
    assert campaign.execute_batch(sid, token, i1, t1, context=ctx) == "completed"  # a repeated delivery
    assert campaign.execute_batch(sid, "stale", i0, t0, context=ctx) == "skipped"  # not the study's token
    assert campaign.execute_batch(sid, token, i0, "stale", context=ctx) == "skipped"  # not the batch's
    assert campaign.execute_merge(sid, token, context=ctx) == "waiting"  # batches open: nothing merged
    assert campaign.execute_batch(sid, token, i2, t2, context=ctx) == "completed"
    assert u.get(f"/api/projects/{pid}/studies/{sid}").json["progress_pct"] == 60.0  # 4 + 2 of 10
    assert campaign.execute_any(sid, token, context=ctx) == "completed"  # runs only batch 0, then merges
    assert RUNS == [(4, 5, 6, 7), (8, 9), (0, 1, 2, 3)]
    st = u.get(f"/api/projects/{pid}/studies/{sid}").json
    assert st["status"] == "completed" and st["progress_pct"] == 100.0 and st["results_summary"]["total"] == 285
    assert campaign.execute_merge(sid, token, context=ctx) == "skipped"  # stored once


def test_cancel_stops_at_the_next_batch(api, platform):
    u, pid, sid, token = _queued(api, platform, n=9, batch_size=3)
    ctx = platform.execution_context()
    (i0, t0), (i1, t1), _ = _open(platform, sid)
    assert campaign.execute_batch(sid, token, i0, t0, context=ctx) == "completed"
    assert u.post(f"/api/projects/{pid}/studies/{sid}/cancel").json["status"] == "cancelled"
    assert campaign.execute_batch(sid, token, i1, t1, context=ctx) == "skipped"
    assert campaign.execute_any(sid, token, context=ctx) == "skipped"
    assert RUNS == [(0, 1, 2)]
    assert u.get(f"/api/projects/{pid}/studies/{sid}").json["status"] == "cancelled"


def test_restart_resumes_open_batches_only(api, platform):
    """A server stopped mid-campaign: the batch it was running goes back to pending with a new token (its stale
    worker cannot write any more), finished batches stay finished, and the resumed campaign runs the rest."""
    u, pid, sid, token = _queued(api, platform, n=9, batch_size=3)
    ctx = platform.execution_context()
    store = SqlBatchStore(platform.db)
    (i0, t0), (i1, t1), (i2, t2) = _open(platform, sid)
    assert campaign.execute_batch(sid, token, i0, t0, context=ctx) == "completed"
    assert store.claim(sid, i1, t1) is not None  # batch 1 was running when the server died
    counts, resumed = store.recover(max_attempts=2)
    assert counts == {"batches_requeued": 1, "batches_failed": 0} and [r[0] for r in resumed] == [sid]
    new_token = resumed[0][1]
    assert store.finish(sid, i1, t1, "k", 0.1) is False  # the stale run lost its batch
    assert campaign.execute_batch(sid, token, i2, t2, context=ctx) == "skipped"  # and the old study token
    assert campaign.execute_any(sid, new_token, context=ctx) == "completed"
    assert sorted(RUNS) == [(0, 1, 2), (3, 4, 5), (6, 7, 8)]
    rows = _rows(platform, sid)
    assert rows[0][:2] == ("completed", 1) and rows[1][:2] == ("completed", 2) and rows[2][:2] == ("completed", 1)
    st = u.get(f"/api/projects/{pid}/studies/{sid}").json
    assert st["results_summary"]["total"] == sum(x * x for x in range(9)) and "Resumed" in st["notes"][-1]


def test_a_batch_lost_on_its_last_attempt_fails_the_study(api, platform):
    u, pid, sid, token = _queued(api, platform, n=6, batch_size=3)
    store = SqlBatchStore(platform.db)
    (i0, t0), _ = _open(platform, sid)
    ctx = platform.execution_context()
    ctx.studies.start_campaign(sid, token)
    assert store.claim(sid, i0, t0) is not None
    t0b = store.retry(sid, i0, t0, 2, "The worker process running this batch died")
    assert t0b is not None and t0b != t0
    assert store.claim(sid, i0, t0b) is not None
    assert store.retry(sid, i0, t0b, 2, "The worker process running this batch died") is None
    assert store.status(sid, i0) == "failed"
