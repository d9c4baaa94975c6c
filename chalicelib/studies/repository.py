"""The study job state behind one interface: claim, write-if-still-mine, progress, cancel, requeue.

A run holds its study through the `run_token` it was handed with the job: every write a worker makes is
conditional on that token and on `status='running'`, so a cancelled, deleted or re-queued study can never be
overwritten by a stale worker. `SqlStudyRepository` keeps the state in the relational database (the local
default, and PostgreSQL); a DynamoDB implementation of the same protocol serves the AWS deployment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import case, exists, select, update

from chalicelib.storage.db import Database, affected
from chalicelib.storage.models import Study, StudyBatch, new_id, utcnow

ACTIVE = ("pending", "running")


@dataclass(frozen=True)
class ClaimedStudy:
    """What a worker needs to run a study it has claimed."""

    id: str
    run_token: str
    study_type: str
    analysis_method: str
    parameters: dict[str, Any]
    input_key: str
    attempt: int
    time_limit_s: float | None = None  # the run stops itself when it has run this long


@dataclass(frozen=True)
class QueuedStudy:
    """A job of a server study as the local scheduler sees it: the whole study, one batch of a batched study
    (`batch_index` with the batch's own token), or the merge of a batched study whose batches have all ended."""

    id: str
    run_token: str
    account_key: str
    time_limit_s: float | None
    batch_index: int | None = None
    batch_token: str | None = None
    merge: bool = False

    @property
    def key(self) -> tuple[str, int | None, bool]:
        """What the scheduler hands out once at a time."""
        return self.id, self.batch_index, self.merge


@dataclass(frozen=True)
class Finish:
    """The final write of a run (completed or failed)."""

    status: str
    progress_pct: float | None  # None: leave as it was (a failure)
    history: list[dict[str, Any]]
    results_summary: dict[str, Any] | None
    result_key: str | None
    error_message: str | None
    error_detail: dict[str, Any] | None
    wall_time_s: float | None
    notes: list[str]


class StudyRepository(Protocol):
    def enqueue(self, study_id: str, run_token: str, study_type: str, analysis_method: str,
                parameters: dict[str, Any], input_key: str) -> None:
        """Make a committed pending study claimable by the holder of `run_token` (where job state lives apart
        from the study's row)."""

    def live_state(self, study_ids: list[str]) -> dict[str, dict[str, Any]]:
        """Status, progress and history as workers last wrote them, where that is not the study's row itself."""

    def claim(self, study_id: str, run_token: str) -> ClaimedStudy | None:
        """pending -> running for the holder of `run_token`; None if the study is not (or no longer) theirs."""

    def progress(self, study_id: str, run_token: str, pct: float, history: list[dict[str, Any]]) -> bool:
        """Record progress; False when the run has lost its claim (stop working)."""

    def start_campaign(self, study_id: str, run_token: str) -> ClaimedStudy | None:
        """A batch job's hold on its batched study: pending -> running (the first batch; an attempt) or already
        running under this token (every other batch and the merge); None when the study is not this token's."""

    def campaign_progress(self, study_id: str, run_token: str, pct: float) -> bool:
        """Raise a batched study's progress to `pct` (never lowers it: batches finish in any order); False when
        the token has lost the study."""

    def finish(self, study_id: str, run_token: str, final: Finish) -> bool:
        """The run's last write; False when the run has lost its claim."""

    def exists(self, study_id: str) -> bool: ...

    def cancel(self, study_id: str) -> bool:
        """pending/running -> cancelled; a running worker loses its claim at its next write."""

    def fail_if_active(self, study_id: str, reason: str) -> None:
        """Fail a study whose worker died, unless it already ended."""

    def requeue(self, study_ids: list[str], reason: str) -> int:
        """Put running studies back to pending with a new token, returning the attempt they used (clean stop)."""

    def retry(self, study_id: str, run_token: str, max_attempts: int, reason: str) -> str | None:
        """The run holding `run_token` lost its worker (killed, out of memory): pending again with a new token
        while attempts remain (the lost attempt counts), else failed with `reason`. Returns the new token, or
        None when the study failed, ended already or is not this run's any more."""

    def recover(self, max_attempts: int) -> tuple[dict[str, int], list[tuple[str, str]]]:
        """At start: re-queue (or fail after `max_attempts`) what a stopped server left running, and hand out
        new tokens for every pending study. Returns the counts and the (id, token) pairs to submit."""


def _has_batches() -> Any:
    """The study is split into batch jobs (its batches are the scheduler's jobs, and each recovers on its own)."""
    return exists().where(StudyBatch.study_id == Study.id)


class StudyQueue(Protocol):
    """The pending server studies, for a scheduler that hands them to workers (the local process runner)."""

    def queued(self, limit: int = 200) -> list[QueuedStudy]: ...


class SqlStudyRepository:
    """`StudyRepository` on the studies table (SQLite or PostgreSQL), one short transaction per call."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def enqueue(self, study_id: str, run_token: str, study_type: str, analysis_method: str,
                parameters: dict[str, Any], input_key: str) -> None:
        return None  # the row the request committed is the job

    def live_state(self, study_ids: list[str]) -> dict[str, dict[str, Any]]:
        return {}  # the row is the live state

    def mark_running(self, study_id: str, attempt: int) -> None:
        """Mirror a claim made elsewhere (DynamoDB) onto the row."""
        with self.db.session() as s:
            s.execute(update(Study).where(Study.id == study_id, Study.status == "pending")
                      .values(status="running", started_at=utcnow(), attempt=attempt))

    def record_final(self, study_id: str, final: Finish) -> None:
        """Mirror a run's final write made elsewhere (DynamoDB, conditionally) onto the row."""
        with self.db.session() as s:
            s.execute(update(Study).where(Study.id == study_id).values(**self._final_values(final)))

    def claim(self, study_id: str, run_token: str) -> ClaimedStudy | None:
        with self.db.session() as s:
            claimed = affected(s.execute(update(Study)
                .where(Study.id == study_id, Study.run_token == run_token, Study.status == "pending")
                .values(status="running", started_at=utcnow(), attempt=Study.attempt + 1, progress_pct=0.0,
                        history=[])
            ))
            if claimed != 1:
                return None
            st = s.get(Study, study_id)
            assert st is not None and st.input_key is not None
            return ClaimedStudy(st.id, run_token, st.study_type, st.analysis_method, dict(st.parameters or {}),
                                st.input_key, st.attempt, st.time_limit_s)

    def _write_if_mine(self, study_id: str, run_token: str, values: dict[str, Any]) -> bool:
        with self.db.session() as s:
            mine = (Study.id == study_id, Study.run_token == run_token, Study.status == "running")
            return affected(s.execute(update(Study).where(*mine).values(**values))) == 1

    def progress(self, study_id: str, run_token: str, pct: float, history: list[dict[str, Any]]) -> bool:
        return self._write_if_mine(study_id, run_token, {"progress_pct": pct, "history": history})

    def start_campaign(self, study_id: str, run_token: str) -> ClaimedStudy | None:
        with self.db.session() as s:
            s.execute(update(Study).where(Study.id == study_id, Study.run_token == run_token,
                                          Study.status == "pending")
                      .values(status="running", started_at=utcnow(), attempt=Study.attempt + 1, progress_pct=0.0,
                              history=[]))
            st = s.get(Study, study_id)
            if st is None or st.run_token != run_token or st.status != "running":
                return None
            assert st.input_key is not None
            return ClaimedStudy(st.id, run_token, st.study_type, st.analysis_method, dict(st.parameters or {}),
                                st.input_key, st.attempt, st.time_limit_s)

    def campaign_progress(self, study_id: str, run_token: str, pct: float) -> bool:
        raised = case((Study.progress_pct < pct, pct), else_=Study.progress_pct)
        return self._write_if_mine(study_id, run_token, {"progress_pct": raised})

    @staticmethod
    def _final_values(final: Finish) -> dict[str, Any]:
        values: dict[str, Any] = {
            "status": final.status, "history": final.history,
            "results_summary": final.results_summary, "result_key": final.result_key,
            "error_message": final.error_message, "error_detail": final.error_detail,
            "finished_at": utcnow(), "wall_time_s": final.wall_time_s,
        }
        if final.progress_pct is not None:
            values["progress_pct"] = final.progress_pct
        if final.notes:
            values["notes"] = final.notes
        return values

    def finish(self, study_id: str, run_token: str, final: Finish) -> bool:
        return self._write_if_mine(study_id, run_token, self._final_values(final))

    def exists(self, study_id: str) -> bool:
        with self.db.session() as s:
            return s.get(Study, study_id) is not None

    def cancel(self, study_id: str) -> bool:
        with self.db.session() as s:
            return affected(s.execute(update(Study).where(Study.id == study_id, Study.status.in_(ACTIVE))
                .values(status="cancelled", finished_at=utcnow(), error_message="Cancelled by the user")
            )) == 1

    def fail_if_active(self, study_id: str, reason: str) -> None:
        with self.db.session() as s:
            s.execute(update(Study).where(Study.id == study_id, Study.status.in_(ACTIVE))
                      .values(status="failed", error_message=reason, finished_at=utcnow()))

    def requeue(self, study_ids: list[str], reason: str) -> int:
        n = 0
        with self.db.session() as s:
            for st in s.scalars(select(Study).where(Study.id.in_(study_ids), Study.status == "running")):
                st.status, st.progress_pct = "pending", 0.0
                st.attempt = max(0, st.attempt - 1)
                st.run_token = new_id()
                st.notes = [*(st.notes or []), f"Re-queued at {utcnow().isoformat()}Z: {reason}"]
                n += 1
        return n

    def retry(self, study_id: str, run_token: str, max_attempts: int, reason: str) -> str | None:
        with self.db.session() as s:
            st = s.get(Study, study_id, with_for_update=not self.db.url.startswith("sqlite"))
            if st is None or st.run_token != run_token or st.status not in ACTIVE:
                return None
            if st.status == "pending":  # the worker died before it claimed the study: nothing was used
                return run_token
            if st.attempt >= max_attempts:
                st.status, st.finished_at, st.run_token = "failed", utcnow(), new_id()
                st.error_message = f"{reason} (attempt {st.attempt} of {max_attempts}); it was not run again."
                return None
            st.status, st.progress_pct, st.run_token = "pending", 0.0, new_id()
            st.notes = [*(st.notes or []), f"Re-queued at {utcnow().isoformat()}Z: {reason} "
                        f"(attempt {st.attempt} of {max_attempts})"]
            return st.run_token

    def queued(self, limit: int = 200) -> list[QueuedStudy]:
        """Pending server studies, oldest first (the local scheduler's queue)."""
        with self.db.session() as s:
            rows = s.execute(select(Study.id, Study.run_token, Study.account_key, Study.time_limit_s)
                             .where(Study.status == "pending", Study.source == "server", Study.run_token.is_not(None),
                                    ~_has_batches())
                             .order_by(Study.created_at, Study.id).limit(limit))
            return [QueuedStudy(r.id, r.run_token, r.account_key, r.time_limit_s) for r in rows]

    def recover(self, max_attempts: int) -> tuple[dict[str, int], list[tuple[str, str]]]:
        counts = {"requeued": 0, "failed": 0, "resubmitted": 0}
        with self.db.session() as s:
            running = select(Study).where(Study.status == "running", Study.source == "server", ~_has_batches())
            for st in s.scalars(running):  # a batched study resumes its open batches (SqlBatchStore.recover)
                if st.attempt >= max_attempts:
                    st.status, st.finished_at, st.run_token = "failed", utcnow(), new_id()
                    st.error_message = (f"The server stopped while this study was running (attempt {st.attempt} "
                                        f"of {max_attempts}); it was not re-run. Run it again.")
                    counts["failed"] += 1
                else:
                    st.status, st.progress_pct = "pending", 0.0
                    st.notes = [*(st.notes or []), f"Re-queued at {utcnow().isoformat()}Z: the server stopped "
                                f"during attempt {st.attempt}"]
                    counts["requeued"] += 1
            pending = []
            for st in s.scalars(select(Study).where(Study.status == "pending", Study.source == "server")
                                .order_by(Study.created_at)):
                st.run_token = new_id()
                pending.append((st.id, st.run_token))
        counts["resubmitted"] = len(pending)
        return counts, pending
