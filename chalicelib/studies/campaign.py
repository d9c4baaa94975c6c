"""Executing a batched study (a contingency campaign): one batch at a time, and the merge once all have ended.

The same functions run in a local pool worker (each batch its own job, in parallel), inline (every open batch in
turn, then the merge), and on AWS (a Step Functions distributed Map iteration per batch in Lambda or Fargate,
then a merge task). A batch holds its study through the study's run token (`StudyRepository.start_campaign`) and
itself through the batch's own token; every write is conditional on both, so a cancelled study stops at its next
batch and a finished batch is never run twice.
"""

from __future__ import annotations

import json
import os
import time
import traceback
from typing import Any

from chalicelib import engine
from chalicelib.engine import GridSolveError
from chalicelib.studies import live
from chalicelib.studies.batches import BatchCounts, BatchStore, batch_key
from chalicelib.studies.execute import (
    ExecutionContext,
    GuardedProgress,
    LostClaim,
    ProgressWriter,
    TimeLimitReached,
    _store,
    context_from_env,
    execute_study,
    log,
)
from chalicelib.studies.repository import ClaimedStudy, Finish

LIVENESS_INTERVAL_S = 1.0


def _batches(ctx: ExecutionContext) -> BatchStore:
    if ctx.batches is None:
        raise RuntimeError("this execution context has no batch store")
    return ctx.batches


class BatchProgress(GuardedProgress):
    """The engine's progress callback inside one batch: stops the run when its server is gone, its time limit
    is reached or its study was cancelled (checked through a conditional progress write at most every second).
    The study's progress itself counts finished outages only: it is raised when a batch ends."""

    def __init__(self, ctx: ExecutionContext, claimed: ClaimedStudy, parent_pid: int | None, pct: float) -> None:
        super().__init__(ctx, claimed, parent_pid)
        self.pct = pct
        self.last_check = time.monotonic()

    def __call__(self, fraction: float, message: str = "", /, **data: Any) -> None:
        self.check()
        if self.delay:
            time.sleep(self.delay)
        now = time.monotonic()
        if now - self.last_check >= LIVENESS_INTERVAL_S:
            self.last_check = now
            if not self.ctx.studies.campaign_progress(self.claimed.id, self.claimed.run_token, self.pct):
                raise LostClaim()


def _pct(counts: BatchCounts) -> float:
    """Finished outages over all outages, in %, below 100 until the merge has stored the result."""
    if counts.items <= 0:
        return 0.0
    return round(min(99.0, 100.0 * counts.items_completed / counts.items), 2)


def execute_batch(study_id: str, run_token: str, index: int, batch_token: str, env: dict[str, str] | None = None,
                  parent_pid: int | None = None, context: ExecutionContext | None = None) -> str:
    """Run one batch this token holds: 'completed' (now, or already before: a repeated delivery), 'failed' (the
    engine refused it: the study fails with the reason), 'skipped' (not ours) or 'stopped' (lost on the way)."""
    if parent_pid is not None and os.getppid() != parent_pid:
        return "skipped"
    ctx = context or context_from_env(env)
    batches = _batches(ctx)
    claimed = ctx.studies.start_campaign(study_id, run_token)
    if claimed is None:
        return "skipped"
    batch = batches.claim(study_id, index, batch_token)
    if batch is None:
        return "completed" if batches.status(study_id, index) == "completed" else "skipped"
    t0 = time.perf_counter()
    try:
        progress = BatchProgress(ctx, claimed, parent_pid, _pct(batches.counts(study_id)))
        output = engine.run_batch(claimed.study_type, claimed.analysis_method, claimed.parameters,
                                  ctx.blobs.get(claimed.input_key), batch.items, progress)
        key = batch_key(study_id, index)
        ctx.blobs.put(key, engine.dumps(output))
        if not batches.finish(study_id, index, batch_token, key, round(time.perf_counter() - t0, 6)):
            return "stopped"
    except LostClaim:
        return "stopped"
    except Exception as exc:  # the batch ends the study with its reason; never stuck "running"
        return _fail(ctx, claimed, index, batch_token, exc, time.perf_counter() - t0)
    counts = batches.counts(study_id)
    pct = _pct(counts)
    if ctx.studies.campaign_progress(study_id, run_token, pct):
        _publish(ctx, study_id, live.progress_event(study_id, "running", pct, []))
    return "completed"


def _fail(ctx: ExecutionContext, claimed: ClaimedStudy, index: int, batch_token: str, exc: Exception,
          wall: float) -> str:
    if isinstance(exc, GridSolveError):
        message, detail = exc.message, engine.json_safe(exc.to_dict())
    elif isinstance(exc, TimeLimitReached):
        message, detail = str(exc), {"error": "time_limit", "time_limit_s": claimed.time_limit_s}
    else:
        log.error("study %s batch %d crashed:\n%s", claimed.id, index, traceback.format_exc())
        message, detail = f"The solver failed unexpectedly ({exc.__class__.__name__}: {str(exc)[:300]})", None
    batches = _batches(ctx)
    if not batches.fail(claimed.id, index, batch_token, message):
        return "stopped"
    counts = batches.counts(claimed.id)
    final = Finish(status="failed", progress_pct=None, history=[], results_summary=None, result_key=None,
                   error_message=f"Batch {index + 1} of {counts.batches}: {message}",
                   error_detail={**(detail or {}), "batch": index}, wall_time_s=round(counts.wall_time_s + wall, 6),
                   notes=[])
    if ctx.studies.finish(claimed.id, claimed.run_token, final):
        _publish(ctx, claimed.id, live.finished_event(claimed.id, "failed", final.error_message))
    return "failed"


def fail_batch_job(ctx: ExecutionContext, study_id: str, run_token: str, reason: str) -> None:
    """A batch's job was lost for good (its worker died on its last attempt, its time limit): fail the study."""
    ctx.studies.fail_if_active(study_id, reason)


def execute_merge(study_id: str, run_token: str, env: dict[str, str] | None = None, parent_pid: int | None = None,
                  context: ExecutionContext | None = None) -> str:
    """Merge every batch's output into the study's result and store it (conditionally on the study's token):
    the study's final status, 'waiting' while batches are open, 'skipped' when the token lost the study."""
    if parent_pid is not None and os.getppid() != parent_pid:
        return "skipped"
    ctx = context or context_from_env(env)
    batches = _batches(ctx)
    claimed = ctx.studies.start_campaign(study_id, run_token)
    if claimed is None:
        return "skipped"
    counts = batches.counts(study_id)
    if not counts.done:
        return "waiting"
    writer = ProgressWriter(ctx, claimed, parent_pid)
    t0 = time.perf_counter()
    try:
        outputs = [json.loads(ctx.blobs.get(key)) for key in batches.result_keys(study_id)]
        outcome = engine.merge_batches(claimed.study_type, claimed.analysis_method, claimed.parameters,
                                       ctx.blobs.get(claimed.input_key), outputs)
        return _store(ctx, claimed, outcome, writer, counts.wall_time_s + time.perf_counter() - t0)
    except LostClaim:
        return "stopped"
    except Exception as exc:  # a merge that cannot be done fails the study with the reason
        log.error("study %s merge failed:\n%s", study_id, traceback.format_exc())
        message = exc.message if isinstance(exc, GridSolveError) else (
            f"Merging the batches failed ({exc.__class__.__name__}: {str(exc)[:300]})")
        final = Finish(status="failed", progress_pct=None, history=[], results_summary=None, result_key=None,
                       error_message=message, error_detail=None, wall_time_s=round(counts.wall_time_s, 6), notes=[])
        return "failed" if ctx.studies.finish(study_id, run_token, final) else "stopped"


def execute_any(study_id: str, run_token: str, env: dict[str, str] | None = None, parent_pid: int | None = None,
                context: ExecutionContext | None = None) -> str:
    """Run a whole study this token holds, batched or not (inline runs, a Lambda or Fargate task given the whole
    study): a batched one runs every open batch in turn, then the merge; any other is `execute_study`."""
    ctx = context or context_from_env(env)
    if ctx.batches is None or ctx.batches.counts(study_id).batches == 0:
        return execute_study(study_id, run_token, env, parent_pid, ctx)
    for index, token in ctx.batches.open_batches(study_id):
        status = execute_batch(study_id, run_token, index, token, parent_pid=parent_pid, context=ctx)
        if status != "completed":
            return status
    return execute_merge(study_id, run_token, parent_pid=parent_pid, context=ctx)


def _publish(ctx: ExecutionContext, study_id: str, event: dict[str, Any]) -> None:
    try:
        ctx.notifier.publish(study_id, event)
    except Exception:  # live progress is a convenience
        log.warning("could not publish progress of study %s", study_id, exc_info=True)
