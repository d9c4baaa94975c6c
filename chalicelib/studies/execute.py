"""Executing one study, whatever its type: claim -> run (the engine's registry) -> store.

The same function runs in a local pool worker, inline in a request, or (on AWS) in a Lambda or Fargate task:
it needs only a `StudyRepository` and a blob store. Every write goes through the repository's
write-if-still-mine, so a cancelled, deleted or re-queued study is never overwritten by a stale run.
"""

from __future__ import annotations

import logging
import math
import os
import time
import traceback
from dataclasses import dataclass, field
from typing import Any, Protocol

from chalicelib import engine
from chalicelib.billing import usage
from chalicelib.config import Settings, load_settings
from chalicelib.engine import GridSolveError, StudyOutcome
from chalicelib.reports.jobs import ReportJob
from chalicelib.reports.jobs import request as request_report
from chalicelib.storage import make_blob_store
from chalicelib.storage.blobstore import BlobStore
from chalicelib.storage.db import Database
from chalicelib.storage.models import utcnow
from chalicelib.studies import live, live_notify
from chalicelib.studies.batches import BatchStore
from chalicelib.studies.live_notify import NoNotifier
from chalicelib.studies.repository import ClaimedStudy, Finish, StudyRepository
from chalicelib.studies.stores import make_batch_store, make_repository

log = logging.getLogger("gridsolve.studies")

HISTORY_CAP = 2000
PROGRESS_WRITE_INTERVAL_S = 0.25


def result_key(study_id: str) -> str:
    return f"studies/{study_id}/result.json"


def artifact_key(study_id: str, name: str) -> str:
    return f"studies/{study_id}/{name}.json"


class LostClaim(Exception):
    """The run lost its study (cancelled, deleted, re-queued, or the server that started it is gone)."""


class Notifier(Protocol):
    def publish(self, study_id: str, event: dict[str, Any]) -> None: ...


class TimeLimitReached(Exception):
    """The run reached the time limit its account's plan gives a study."""

    def __init__(self, limit_s: float) -> None:
        super().__init__(f"The study reached its time limit of {limit_s:g} s (the plan's limit per study) and "
                         "was stopped. Use fewer iterations, a faster method, or a plan with a longer limit.")


@dataclass
class ExecutionContext:
    """What a run needs: where job state and blobs live, who to tell about progress, the settings, and the
    relational database (usage records; None where a run has none)."""

    settings: Settings
    studies: StudyRepository
    blobs: BlobStore
    notifier: Notifier = field(default_factory=NoNotifier)
    db: Database | None = None
    #: where the batch jobs of batched studies (contingency campaigns) keep their state
    batches: BatchStore | None = None


def make_notifier(settings: Settings) -> Notifier:
    """Workers push progress to WebSocket subscribers on AWS; locally the live server reads the job store."""
    if settings.live_table and settings.live_endpoint:
        model = live_notify.bind_table(settings.live_table, settings.aws_region, settings.dynamodb_endpoint)
        return live_notify.ApiGatewayNotifier(model, settings.live_endpoint, settings.aws_region)
    return NoNotifier()


_CONTEXTS: dict[str, ExecutionContext] = {}


def context_from_env(env: dict[str, str] | None) -> ExecutionContext:
    """A worker process's context, built once per database URL from the server's settings."""
    settings = load_settings({**os.environ, **(env or {})})
    key = f"{settings.database_url}|{settings.jobs_table}"
    ctx = _CONTEXTS.get(key)
    if ctx is None:
        db = Database(settings.database_url, run_migrations=False)
        ctx = _CONTEXTS[key] = ExecutionContext(settings, make_repository(settings, db), make_blob_store(settings),
                                                make_notifier(settings), db, make_batch_store(settings, db))
    return ctx


class GuardedProgress:
    """What every progress callback checks first: a worker whose parent died stops (LostClaim) and a run past
    its study's time limit stops (TimeLimitReached); the debug delay slows iterations down for tests."""

    def __init__(self, ctx: ExecutionContext, claimed: ClaimedStudy, parent_pid: int | None) -> None:
        self.ctx, self.claimed, self.parent_pid = ctx, claimed, parent_pid
        self.delay = ctx.settings.debug_iteration_delay_s
        limit = claimed.time_limit_s
        self.deadline = None if limit is None else time.monotonic() + limit

    def check(self) -> None:
        if self.parent_pid is not None and os.getppid() != self.parent_pid:
            raise LostClaim()
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise TimeLimitReached(float(self.claimed.time_limit_s or 0))


class ProgressWriter(GuardedProgress):
    """The engine's progress callback: keeps the live convergence history and writes progress through the
    repository (every iteration at first, then at most every 0.25 s); raises LostClaim when the run lost it."""

    def __init__(self, ctx: ExecutionContext, claimed: ClaimedStudy, parent_pid: int | None) -> None:
        super().__init__(ctx, claimed, parent_pid)
        self.history: list[dict[str, Any]] = []
        self.published = 0
        self.last_write = 0.0

    def __call__(self, fraction: float, message: str = "", /, **data: Any) -> None:
        self.check()
        iteration = data.get("iteration")
        if iteration is not None and len(self.history) < HISTORY_CAP:
            mis = float(data.get("max_mismatch", math.nan))
            self.history.append({"iteration": int(iteration), "max_mismatch": mis if math.isfinite(mis) else None})
        if self.delay:
            time.sleep(self.delay)
        now = time.monotonic()
        early = iteration is not None and iteration <= 20
        if self.delay or early or now - self.last_write >= PROGRESS_WRITE_INTERVAL_S:
            self.last_write = now
            pct = round(100.0 * min(max(fraction, 0.01), 0.99), 1)
            if not self.ctx.studies.progress(self.claimed.id, self.claimed.run_token, pct, list(self.history)):
                raise LostClaim()
            self._publish(live.progress_event(self.claimed.id, "running", pct, self.history[self.published:]))
            self.published = len(self.history)

    def _publish(self, event: dict[str, Any]) -> None:
        try:
            self.ctx.notifier.publish(self.claimed.id, event)
        except Exception:  # live progress is a convenience: the study goes on, polling still works
            log.warning("could not publish progress of study %s", self.claimed.id, exc_info=True)

    def finished(self, status: str, error_message: str | None) -> None:
        self._publish(live.finished_event(self.claimed.id, status, error_message))


def execute_study(study_id: str, run_token: str, env: dict[str, str] | None = None,
                  parent_pid: int | None = None, context: ExecutionContext | None = None) -> str:
    """Run a study this token holds to its end. Returns its final status, 'skipped' (not ours to run) or
    'stopped' (it lost its claim on the way)."""
    if parent_pid is not None and os.getppid() != parent_pid:
        return "skipped"  # the server that handed this out is gone: a dying worker never claims work
    ctx = context or context_from_env(env)
    claimed = ctx.studies.claim(study_id, run_token)
    if claimed is None:
        return "skipped"
    writer = ProgressWriter(ctx, claimed, parent_pid)
    t0 = time.perf_counter()
    try:
        outcome = engine.run_study(claimed.study_type, claimed.analysis_method, claimed.parameters,
                                   ctx.blobs.get(claimed.input_key), writer)
        return _store(ctx, claimed, outcome, writer, time.perf_counter() - t0)
    except LostClaim:
        if not ctx.studies.exists(study_id):  # deleted while running: leave no blobs behind
            ctx.blobs.delete_prefix(f"studies/{study_id}")
        return "stopped"
    except Exception as exc:  # every failure ends the study with a reason; never stuck "running"
        return _fail(ctx, claimed, exc, writer, time.perf_counter() - t0)


def _store(ctx: ExecutionContext, claimed: ClaimedStudy, outcome: StudyOutcome, writer: ProgressWriter,
           wall: float) -> str:
    key = result_key(claimed.id)
    ctx.blobs.put(key, engine.dumps(outcome.result))
    for name, document in outcome.artifacts.items():
        ctx.blobs.put(artifact_key(claimed.id, name), engine.dumps(document))
    final = Finish(status=outcome.status, progress_pct=100.0,
                   history=(outcome.history or writer.history)[:HISTORY_CAP], results_summary=outcome.summary,
                   result_key=key, error_message=outcome.error_message, error_detail=None,
                   wall_time_s=round(outcome.wall_time_s if outcome.wall_time_s is not None else wall, 6),
                   notes=[])
    if not ctx.studies.finish(claimed.id, claimed.run_token, final):
        raise LostClaim()
    writer.finished(outcome.status, outcome.error_message)
    _after_finish(ctx, claimed, outcome, wall)
    return outcome.status


def _after_finish(ctx: ExecutionContext, claimed: ClaimedStudy, outcome: StudyOutcome, wall: float) -> None:
    """Once the study is stored: meter the run and render its report. A failure here is logged and leaves the
    study as it is (a missing report is rendered when it is first asked for)."""
    try:
        if ctx.db is not None:
            usage.record_run(ctx.db, claimed.id, wall, outcome.work)
    except Exception:
        log.exception("could not record the usage of study %s", claimed.id)
    if not ctx.settings.render_reports or outcome.status != "completed":
        return
    try:
        final = {"status": outcome.status, "finished_at": utcnow().isoformat() + "Z", "notes": outcome.notes,
                 "wall_time_s": outcome.wall_time_s if outcome.wall_time_s is not None else wall,
                 "error_message": outcome.error_message}
        job = ReportJob(claimed.id, claimed.input_key, result_key(claimed.id), outcome.summary, final)
        request_report(ctx.settings, ctx.blobs, job, wait=False)
    except Exception:
        log.exception("could not render the report of study %s", claimed.id)


def _fail(ctx: ExecutionContext, claimed: ClaimedStudy, exc: Exception, writer: ProgressWriter, wall: float) -> str:
    if isinstance(exc, GridSolveError):
        message, detail = exc.message, engine.json_safe(exc.to_dict())
    elif isinstance(exc, TimeLimitReached):
        message, detail = str(exc), {"error": "time_limit", "time_limit_s": claimed.time_limit_s}
    else:
        log.error("study %s crashed:\n%s", claimed.id, traceback.format_exc())
        message, detail = f"The solver failed unexpectedly ({exc.__class__.__name__}: {str(exc)[:300]})", None
    final = Finish(status="failed", progress_pct=None, history=writer.history, results_summary=None, result_key=None,
                   error_message=message, error_detail=detail, wall_time_s=round(wall, 6), notes=[])
    if not ctx.studies.finish(claimed.id, claimed.run_token, final):
        return "stopped"
    writer.finished("failed", message)
    return "failed"
