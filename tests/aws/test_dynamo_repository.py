"""The DynamoDB job store against moto's server: claim, write-if-still-mine, cancel, requeue, recover, and the
relational row kept in step."""

from __future__ import annotations

import uuid

import pytest

from chalicelib.storage.db import Database
from chalicelib.storage.models import Base, Project, Study, new_id, utcnow
from chalicelib.studies.dynamo_repository import DynamoStudyRepository, bind_table
from chalicelib.studies.repository import Finish, SqlStudyRepository


@pytest.fixture
def repo(moto_url, tmp_path):
    model = bind_table(f"jobs-{uuid.uuid4().hex[:8]}", "us-east-1", moto_url)
    model.create_table(billing_mode="PAY_PER_REQUEST", wait=True)
    db = Database(f"sqlite:///{tmp_path / 'db.sqlite3'}", run_migrations=False)
    Base.metadata.create_all(db.engine)
    with db.session() as s:
        s.add(Project(id="p", name="p", network_json="{}"))
    return DynamoStudyRepository(model, mirror=SqlStudyRepository(db)), db


def _study(db, repo, token: str) -> str:
    sid = new_id()
    with db.session() as s:
        s.add(Study(id=sid, project_id="p", project_version=1, account_key="user:u", study_type="power_flow",
                    analysis_method="newton_raphson", parameters={}, status="pending", run_token=token,
                    input_key=f"studies/{sid}/input.json", history=[], notes=[], created_at=utcnow()))
    repo.enqueue(sid, token, "power_flow", "newton_raphson", {"tol": 1e-9}, f"studies/{sid}/input.json")
    return sid


def _final(status: str = "completed") -> Finish:
    return Finish(status=status, progress_pct=100.0, history=[{"iteration": 1, "max_mismatch": 1e-12}],
                  results_summary={"converged": True}, result_key="k", error_message=None, error_detail=None,
                  wall_time_s=0.5, notes=[])


def _row(db, sid):
    with db.session() as s:
        return s.get(Study, sid)


def test_claim_progress_finish(repo):
    repo, db = repo
    sid = _study(db, repo, "tok")
    assert repo.claim(sid, "wrong") is None
    claimed = repo.claim(sid, "tok")
    assert claimed is not None and claimed.parameters == {"tol": 1e-9} and claimed.attempt == 1
    assert repo.claim(sid, "tok") is None  # already running: claimed once
    assert _row(db, sid).status == "running"
    assert repo.progress(sid, "tok", 42.0, [{"iteration": 0, "max_mismatch": 1.0}])
    assert repo.live_state([sid])[sid]["progress_pct"] == 42.0
    assert not repo.progress(sid, "stale", 50.0, [])  # a stale worker cannot write
    assert repo.finish(sid, "tok", _final())
    row = _row(db, sid)
    assert row.status == "completed" and row.results_summary == {"converged": True} and row.result_key == "k"
    assert not repo.finish(sid, "tok", _final("failed"))  # finished once
    assert repo.live_state([sid])[sid]["status"] == "completed"


def test_cancel_makes_the_worker_lose_its_claim(repo):
    repo, db = repo
    sid = _study(db, repo, "tok")
    assert repo.claim(sid, "tok") is not None
    assert repo.cancel(sid)
    assert not repo.progress(sid, "tok", 10.0, []) and not repo.finish(sid, "tok", _final())
    assert _row(db, sid).status == "cancelled" and not repo.cancel(sid)


def test_requeue_and_recover(repo):
    repo, db = repo
    a, b, c = (_study(db, repo, "tok") for _ in range(3))
    for sid in (a, b):
        repo.claim(sid, "tok")
    assert repo.requeue([a], "the server was stopped") == 1
    assert not repo.progress(a, "tok", 1.0, [])  # the old token lost the study
    counts, pending = repo.recover(max_attempts=1)
    assert counts == {"requeued": 0, "failed": 1, "resubmitted": 2}  # b used its attempt; a and c pending
    assert {sid for sid, _ in pending} == {a, c}
    assert _row(db, b).status == "failed"
    token = dict(pending)[c]
    assert repo.claim(c, "tok") is None and repo.claim(c, token) is not None
