"""Study job state in DynamoDB (the AWS deployment): the same `StudyRepository` protocol as the SQL one.

While a study is pending or running, its DynamoDB item is the authority: every worker write is a conditional
update on (`run_token`, `status`), so a stale Lambda or Fargate task can never overwrite a cancelled or re-queued
study. The relational row (Aurora, the study's metadata the API lists and filters) is brought up to date at the
transitions that matter to a listing (claimed, finished, cancelled) through `mirror`.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from pynamodb.attributes import JSONAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist, PutError, UpdateError
from pynamodb.expressions.condition import Condition
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.storage.models import new_id
from chalicelib.studies.repository import ACTIVE, ClaimedStudy, Finish, SqlStudyRepository


class StatusIndex(GlobalSecondaryIndex):
    """Jobs by status (recovery finds the running and pending ones without a scan)."""

    class Meta:
        index_name = "status-index"
        projection = AllProjection()

    status = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class StudyJob(Model):
    """One study's job state. The table name and endpoint are set by `bind_table` from the settings."""

    class Meta:
        table_name = "gridsolve-jobs"
        region = "us-east-1"

    study_id = UnicodeAttribute(hash_key=True)
    status = UnicodeAttribute()
    run_token = UnicodeAttribute()
    attempt = NumberAttribute(default=0)
    study_type = UnicodeAttribute()
    analysis_method = UnicodeAttribute()
    parameters = JSONAttribute(default=dict)
    input_key = UnicodeAttribute()
    created_at = UnicodeAttribute()
    progress_pct = NumberAttribute(default=0.0)
    history = JSONAttribute(default=list)
    status_index = StatusIndex()


def bind_table(table_name: str, region: str, host: str | None) -> type[StudyJob]:
    """A StudyJob model bound to this deployment's table (a subclass, so several can coexist in tests)."""
    meta = type("Meta", (), {"table_name": table_name, "region": region, "host": host})
    return type(f"StudyJob_{table_name}", (StudyJob,), {"Meta": meta})


def _now() -> str:
    return datetime.now(UTC).isoformat()


class DynamoStudyRepository:
    """`StudyRepository` on a DynamoDB table, with the relational row kept in step through `mirror`."""

    def __init__(self, model: type[StudyJob], mirror: SqlStudyRepository | None = None) -> None:
        self.model, self.mirror = model, mirror

    # -- the service side ------------------------------------------------------------------------------------
    def enqueue(self, study_id: str, run_token: str, study_type: str, analysis_method: str,
                parameters: dict[str, Any], input_key: str) -> None:
        job = self.model(study_id, status="pending", run_token=run_token, study_type=study_type,
                         analysis_method=analysis_method, parameters=parameters, input_key=input_key,
                         created_at=_now(), history=[])
        job.save(condition=self.model.study_id.does_not_exist())

    def live_state(self, study_ids: list[str]) -> dict[str, dict[str, Any]]:
        """Status, progress and history of these studies as the workers last wrote them."""
        out = {}
        for job in self.model.batch_get(study_ids):
            out[job.study_id] = {"status": job.status, "progress_pct": float(job.progress_pct),
                                 "history": job.history or [], "attempt": int(job.attempt)}
        return out

    # -- StudyRepository ---------------------------------------------------------------------------------------
    def _get(self, study_id: str) -> StudyJob | None:
        try:
            return self.model.get(study_id, consistent_read=True)
        except DoesNotExist:
            return None

    def _update_if(self, study_id: str, condition: Condition, actions: list[Any]) -> bool:
        job = self.model(study_id)
        try:
            job.update(actions=actions, condition=condition)
        except UpdateError as exc:
            if exc.cause_response_code == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def claim(self, study_id: str, run_token: str) -> ClaimedStudy | None:
        m = self.model
        ok = self._update_if(study_id, (m.run_token == run_token) & (m.status == "pending"),
                             [m.status.set("running"), m.attempt.add(1), m.progress_pct.set(0.0), m.history.set([])])
        if not ok:
            return None
        job = self._get(study_id)
        assert job is not None
        if self.mirror is not None:
            self.mirror.mark_running(study_id, int(job.attempt))
        return ClaimedStudy(study_id, run_token, job.study_type, job.analysis_method, dict(job.parameters or {}),
                            job.input_key, int(job.attempt))

    def start_campaign(self, study_id: str, run_token: str) -> ClaimedStudy | None:
        """See `StudyRepository.start_campaign`: the first batch claims the study (mirrored onto the SQL row),
        the others find it running under their token."""
        m = self.model
        first = self._update_if(study_id, (m.run_token == run_token) & (m.status == "pending"),
                                [m.status.set("running"), m.attempt.add(1), m.progress_pct.set(0.0),
                                 m.history.set([])])
        job = self._get(study_id)
        if job is None or job.run_token != run_token or job.status != "running":
            return None
        if first and self.mirror is not None:
            self.mirror.mark_running(study_id, int(job.attempt))
        return ClaimedStudy(study_id, run_token, job.study_type, job.analysis_method, dict(job.parameters or {}),
                            job.input_key, int(job.attempt))

    def campaign_progress(self, study_id: str, run_token: str, pct: float) -> bool:
        m = self.model
        if self._update_if(study_id, self._mine(run_token) & (m.progress_pct < pct), [m.progress_pct.set(pct)]):
            return True
        job = self._get(study_id)  # not raised (another batch got further): still ours?
        return job is not None and job.run_token == run_token and job.status == "running"

    def _mine(self, run_token: str) -> Condition:
        return (self.model.run_token == run_token) & (self.model.status == "running")

    def progress(self, study_id: str, run_token: str, pct: float, history: list[dict[str, Any]]) -> bool:
        m = self.model
        return self._update_if(study_id, self._mine(run_token), [m.progress_pct.set(pct), m.history.set(history)])

    def finish(self, study_id: str, run_token: str, final: Finish) -> bool:
        m = self.model
        actions = [m.status.set(final.status), m.history.set(json.loads(json.dumps(final.history)))]
        if final.progress_pct is not None:
            actions.append(m.progress_pct.set(final.progress_pct))
        if not self._update_if(study_id, self._mine(run_token), actions):
            return False
        if self.mirror is not None:
            self.mirror.record_final(study_id, final)
        return True

    def exists(self, study_id: str) -> bool:
        return self._get(study_id) is not None

    def cancel(self, study_id: str) -> bool:
        m = self.model
        ok = self._update_if(study_id, m.status.is_in(*ACTIVE), [m.status.set("cancelled")])
        if ok and self.mirror is not None:
            self.mirror.cancel(study_id)
        return ok

    def fail_if_active(self, study_id: str, reason: str) -> None:
        m = self.model
        if self._update_if(study_id, m.status.is_in(*ACTIVE), [m.status.set("failed")]) and self.mirror is not None:
            self.mirror.fail_if_active(study_id, reason)

    def requeue(self, study_ids: list[str], reason: str) -> int:
        n = 0
        m = self.model
        for sid in study_ids:
            if self._update_if(sid, m.status == "running", [m.status.set("pending"), m.run_token.set(new_id()),
                                                            m.attempt.add(-1), m.progress_pct.set(0.0)]):
                n += 1
        if self.mirror is not None:
            self.mirror.requeue(study_ids, reason)
        return n

    def retry(self, study_id: str, run_token: str, max_attempts: int, reason: str) -> str | None:
        """See `StudyRepository.retry`; conditional on the run token, mirrored onto the SQL row."""
        job = self._get(study_id)
        if job is None or job.run_token != run_token or job.status not in ACTIVE:
            return None
        if job.status == "pending":
            return run_token
        m = self.model
        if int(job.attempt) >= max_attempts:
            if self._update_if(study_id, self._mine(run_token), [m.status.set("failed")]) and self.mirror:
                self.mirror.fail_if_active(study_id, f"{reason} (attempt {job.attempt} of {max_attempts})")
            return None
        token = new_id()
        if not self._update_if(study_id, self._mine(run_token), [m.status.set("pending"), m.run_token.set(token),
                                                                 m.progress_pct.set(0.0)]):
            return None
        if self.mirror is not None:
            self.mirror.retry(study_id, run_token, max_attempts, reason)
        return token

    def recover(self, max_attempts: int) -> tuple[dict[str, int], list[tuple[str, str]]]:
        """Running jobs go back to pending (or fail after `max_attempts`); every pending job gets a new token."""
        counts = {"requeued": 0, "failed": 0, "resubmitted": 0}
        m = self.model
        for job in m.status_index.query("running"):
            if int(job.attempt) >= max_attempts:
                self.fail_if_active(job.study_id, f"stopped during attempt {job.attempt} of {max_attempts}")
                counts["failed"] += 1
            elif self._update_if(job.study_id, m.status == "running", [m.status.set("pending")]):
                counts["requeued"] += 1
        pending = []
        for job in m.status_index.query("pending"):
            token = new_id()
            if self._update_if(job.study_id, m.status == "pending", [m.run_token.set(token)]):
                pending.append((job.study_id, token))
        counts["resubmitted"] = len(pending)
        return counts, pending


__all__ = ["DynamoStudyRepository", "PutError", "StudyJob", "bind_table"]
