"""The batch jobs of a study split into independent batches (a contingency campaign's outages), behind one interface.

A batched study is planned when it is created: the engine splits its work into batches, each stored as a row of
`study_batches` (with the request's transaction, so a study never exists without its plan) and listed in a
manifest blob (what the Step Functions Map reads). Every batch then runs as its own job: claimed with its own
`run_token`, its output written to a blob, its row finished conditionally on that token. So a finished batch is
never run again (a late or repeated worker finds it finished), and a restarted server re-runs only the batches
that were still open. `SqlBatchStore` keeps the state in the relational database (the local default);
`DynamoBatchStore` (dynamo_batches.py) keeps it in DynamoDB for the AWS deployment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import and_, case, exists, func, select, update
from sqlalchemy.orm import Session

from chalicelib.storage.db import Database, affected
from chalicelib.storage.models import Study, StudyBatch, new_id, utcnow
from chalicelib.studies.repository import ACTIVE, QueuedStudy, SqlStudyRepository


def manifest_key(study_id: str) -> str:
    return f"studies/{study_id}/batches/manifest.json"


def batch_key(study_id: str, index: int) -> str:
    return f"studies/{study_id}/batches/{index:06d}.json"


@dataclass(frozen=True)
class BatchItem:
    """One batch as planned: what a worker (or a Map iteration) needs to run it."""

    index: int
    run_token: str
    items: list[Any]

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "batch_token": self.run_token, "items": self.items}


@dataclass(frozen=True)
class ClaimedBatch:
    index: int
    run_token: str
    items: list[Any]
    attempt: int


@dataclass(frozen=True)
class BatchCounts:
    """How far a batched study is: batches and work items (outages) in all and finished."""

    batches: int
    completed: int
    failed: int
    items: int
    items_completed: int
    wall_time_s: float  # the finished batches' run time (the study's server time, metered)

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.batches, "completed": self.completed, "failed": self.failed,
                "items_total": self.items, "items_completed": self.items_completed}

    @property
    def done(self) -> bool:
        return self.batches > 0 and self.completed == self.batches


def plan_rows(s: Session, study_id: str, batches: list[list[Any]]) -> list[BatchItem]:
    """The batch rows of a new study, added to the request's session; returns the manifest."""
    manifest = [BatchItem(i, new_id(), list(items)) for i, items in enumerate(batches)]
    for b in manifest:
        s.add(StudyBatch(study_id=study_id, batch_index=b.index, status="pending", run_token=b.run_token,
                         attempt=0, items=b.items, item_count=len(b.items)))
    return manifest


class BatchStore(Protocol):
    def enqueue(self, study_id: str, manifest: list[BatchItem]) -> None:
        """Make a committed study's batches claimable (where batch state lives apart from the SQL rows)."""

    def claim(self, study_id: str, index: int, run_token: str) -> ClaimedBatch | None:
        """pending -> running for the holder of `run_token` (a repeated delivery of the same attempt, as a Step
        Functions retry, may take it over); None when the batch is finished or not this token's."""

    def finish(self, study_id: str, index: int, run_token: str, result_key: str, wall_time_s: float) -> bool:
        """running -> completed with its output's blob key; False when the batch is not this run's any more."""

    def fail(self, study_id: str, index: int, run_token: str, message: str) -> bool: ...

    def status(self, study_id: str, index: int) -> str | None: ...

    def counts(self, study_id: str) -> BatchCounts: ...

    def open_batches(self, study_id: str) -> list[tuple[int, str]]:
        """(index, run token) of the batches not finished yet, in order."""

    def result_keys(self, study_id: str) -> list[str]:
        """Every batch's output blob key, in batch order (all batches completed)."""

    def retry(self, study_id: str, index: int, run_token: str, max_attempts: int, reason: str) -> str | None:
        """The batch's worker was lost: pending again with a new token while attempts remain (None: it failed)."""

    def requeue(self, batches: list[tuple[str, int]]) -> None:
        """Clean stop: running batches back to pending with new tokens, their attempt not counted."""


class SqlBatchStore:
    """`BatchStore` on the study_batches table (SQLite or PostgreSQL), one short transaction per call."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def enqueue(self, study_id: str, manifest: list[BatchItem]) -> None:
        return None  # the rows the request committed are the jobs

    @staticmethod
    def _key(study_id: str, index: int) -> tuple[Any, ...]:
        return StudyBatch.study_id == study_id, StudyBatch.batch_index == index

    def claim(self, study_id: str, index: int, run_token: str) -> ClaimedBatch | None:
        with self.db.session() as s:
            n = affected(s.execute(update(StudyBatch).where(
                *self._key(study_id, index), StudyBatch.run_token == run_token, StudyBatch.status.in_(ACTIVE))
                .values(status="running", attempt=StudyBatch.attempt + 1, started_at=utcnow())))
            if n != 1:
                return None
            row = s.get(StudyBatch, (study_id, index))
            assert row is not None
            return ClaimedBatch(index, run_token, list(row.items), row.attempt)

    def _write_if_mine(self, study_id: str, index: int, run_token: str, values: dict[str, Any]) -> bool:
        with self.db.session() as s:
            return affected(s.execute(update(StudyBatch).where(
                *self._key(study_id, index), StudyBatch.run_token == run_token, StudyBatch.status == "running")
                .values(**values))) == 1

    def finish(self, study_id: str, index: int, run_token: str, result_key: str, wall_time_s: float) -> bool:
        return self._write_if_mine(study_id, index, run_token, {
            "status": "completed", "result_key": result_key, "finished_at": utcnow(), "wall_time_s": wall_time_s})

    def fail(self, study_id: str, index: int, run_token: str, message: str) -> bool:
        return self._write_if_mine(study_id, index, run_token, {
            "status": "failed", "error_message": message[:2000], "finished_at": utcnow()})

    def status(self, study_id: str, index: int) -> str | None:
        with self.db.session() as s:
            return s.scalar(select(StudyBatch.status).where(*self._key(study_id, index)))

    def counts(self, study_id: str) -> BatchCounts:
        done = StudyBatch.status == "completed"
        with self.db.session() as s:
            row = s.execute(select(
                func.count(), func.sum(case((done, 1), else_=0)),
                func.sum(case((StudyBatch.status == "failed", 1), else_=0)), func.sum(StudyBatch.item_count),
                func.sum(case((done, StudyBatch.item_count), else_=0)),
                func.sum(func.coalesce(StudyBatch.wall_time_s, 0.0)),
            ).where(StudyBatch.study_id == study_id)).one()
        return BatchCounts(int(row[0] or 0), int(row[1] or 0), int(row[2] or 0), int(row[3] or 0), int(row[4] or 0),
                           float(row[5] or 0.0))

    def open_batches(self, study_id: str) -> list[tuple[int, str]]:
        with self.db.session() as s:
            rows = s.execute(select(StudyBatch.batch_index, StudyBatch.run_token)
                             .where(StudyBatch.study_id == study_id, StudyBatch.status.in_(ACTIVE))
                             .order_by(StudyBatch.batch_index))
            return [(r.batch_index, r.run_token) for r in rows]

    def result_keys(self, study_id: str) -> list[str]:
        with self.db.session() as s:
            keys = s.scalars(select(StudyBatch.result_key).where(StudyBatch.study_id == study_id)
                             .order_by(StudyBatch.batch_index))
            return [str(k) for k in keys]

    def retry(self, study_id: str, index: int, run_token: str, max_attempts: int, reason: str) -> str | None:
        with self.db.session() as s:
            row = s.get(StudyBatch, (study_id, index), with_for_update=not self.db.url.startswith("sqlite"))
            if row is None or row.run_token != run_token or row.status not in ACTIVE:
                return None
            if row.status == "pending":  # lost before it claimed: nothing was used
                return run_token
            if row.attempt >= max_attempts:
                row.status, row.finished_at = "failed", utcnow()
                row.error_message = f"{reason} (attempt {row.attempt} of {max_attempts})"
                return None
            row.status, row.run_token = "pending", new_id()
            return row.run_token

    def requeue(self, batches: list[tuple[str, int]]) -> None:
        with self.db.session() as s:
            for study_id, index in batches:
                s.execute(update(StudyBatch).where(*self._key(study_id, index), StudyBatch.status == "running")
                          .values(status="pending", run_token=new_id(),
                                  attempt=case((StudyBatch.attempt > 0, StudyBatch.attempt - 1), else_=0)))

    # -- the local scheduler and server restarts ----------------------------------------------------------------
    def jobs(self, limit: int = 200) -> list[QueuedStudy]:
        """Open work of batched server studies, oldest study first: its pending batches, or its merge once
        every batch has completed."""
        active = and_(Study.status.in_(ACTIVE), Study.source == "server", Study.run_token.is_not(None))
        with self.db.session() as s:
            rows = s.execute(
                select(Study.id, Study.run_token, Study.account_key, Study.time_limit_s, StudyBatch.batch_index,
                       StudyBatch.run_token.label("batch_token"))
                .join(StudyBatch, StudyBatch.study_id == Study.id)
                .where(active, StudyBatch.status == "pending")
                .order_by(Study.created_at, Study.id, StudyBatch.batch_index).limit(limit))
            out = [QueuedStudy(r.id, r.run_token, r.account_key, r.time_limit_s, r.batch_index, r.batch_token)
                   for r in rows]
            unfinished = exists().where(StudyBatch.study_id == Study.id, StudyBatch.status != "completed")
            has_batches = exists().where(StudyBatch.study_id == Study.id)
            merges = s.execute(select(Study.id, Study.run_token, Study.account_key, Study.time_limit_s)
                               .where(active, has_batches, ~unfinished).order_by(Study.created_at).limit(limit))
            out += [QueuedStudy(r.id, r.run_token, r.account_key, r.time_limit_s, merge=True) for r in merges]
        return out

    def recover(self, max_attempts: int) -> tuple[dict[str, int], list[tuple[str, str]]]:
        """At start: batches a stopped server left running are pending again with new tokens (their attempt
        counted: a batch that keeps killing its server fails after `max_attempts`, and its study with it); the
        finished ones are left as they are. The running studies they belong to get new tokens; returns the counts
        and the (id, token) pairs of those studies, to hand to the runner again."""
        counts = {"batches_requeued": 0, "batches_failed": 0}
        with self.db.session() as s:
            for row in s.scalars(select(StudyBatch).join(Study, Study.id == StudyBatch.study_id)
                                 .where(StudyBatch.status == "running", Study.status.in_(ACTIVE))):
                if row.attempt >= max_attempts:
                    row.status, row.finished_at = "failed", utcnow()
                    row.error_message = (f"The server stopped while this batch was running (attempt {row.attempt} "
                                         f"of {max_attempts}); it was not run again.")
                    st = s.get(Study, row.study_id)
                    assert st is not None
                    st.status, st.finished_at, st.run_token = "failed", utcnow(), new_id()
                    st.error_message = f"Batch {row.batch_index + 1}: {row.error_message}"
                    counts["batches_failed"] += 1
                else:
                    row.status, row.run_token = "pending", new_id()
                    counts["batches_requeued"] += 1
            has_batches = exists().where(StudyBatch.study_id == Study.id)
            resumed = []
            for st in s.scalars(select(Study).where(Study.status == "running", Study.source == "server",
                                                    has_batches)):
                st.run_token = new_id()
                st.notes = [*(st.notes or []), f"Resumed at {utcnow().isoformat()}Z after a server stop: the "
                            "finished batches were kept"]
                resumed.append((st.id, st.run_token))
        return counts, resumed


class SqlJobQueue:
    """The local scheduler's queue: whole pending studies, then the batch and merge jobs of batched ones."""

    def __init__(self, db: Database) -> None:
        self.studies, self.batches = SqlStudyRepository(db), SqlBatchStore(db)

    def queued(self, limit: int = 200) -> list[QueuedStudy]:
        return self.studies.queued(limit) + self.batches.jobs(limit)
