"""Lambda task handlers the state machines call. Each is a thin wrapper around the service's own code (the same
`execute_study` the local process pool runs), with AWS Lambda Powertools logging, metrics and tracing."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit

from chalicelib.config import load_settings
from chalicelib.storage.db import Database
from chalicelib.studies.campaign import execute_any, execute_batch, execute_merge
from chalicelib.studies.execute import context_from_env

logger = Logger(service="gridsolve-studies")
tracer = Tracer(service="gridsolve-studies")
metrics = Metrics(namespace="GridSolve", service="gridsolve-studies")


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def run_study(event: dict[str, Any], _context: Any) -> dict[str, str]:
    """{study_id, run_token} -> {status}: claim, run and store the study (a no-op 'skipped' when the token no
    longer holds it). The study's own failures are recorded with it; only infrastructure errors raise."""
    status = execute_any(event["study_id"], event["run_token"], context=context_from_env(None))
    logger.info("study finished", extra={"study_id": event["study_id"], "status": status})
    metrics.add_metric(name=f"Study{status.capitalize()}", unit=MetricUnit.Count, value=1)
    return {"status": status}


class BatchFailed(Exception):
    """The engine refused a batch: the study is failed with the reason already; the Map stops (no tolerated
    failures) instead of starting the remaining batches for nothing."""


class BatchesOpen(Exception):
    """The merge found batches still open after the Map ended: an inconsistency worth failing the study over."""


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def run_batch(event: dict[str, Any], _context: Any) -> dict[str, str]:
    """A distributed Map iteration: {study_id, run_token, index, batch_token} -> {status}. 'completed' also when a
    retried iteration finds its batch finished; 'skipped'/'stopped' when the study is no longer this run's
    (cancelled, deleted). Raises BatchFailed when the engine refused the batch."""
    study_id, index = event["study_id"], int(event["index"])
    status = execute_batch(study_id, event["run_token"], index, event["batch_token"], context=context_from_env(None))
    logger.info("batch finished", extra={"study_id": study_id, "batch": index, "status": status})
    metrics.add_metric(name=f"Batch{status.capitalize()}", unit=MetricUnit.Count, value=1)
    if status == "failed":
        raise BatchFailed(f"study {study_id} batch {index} failed; the study records why")
    return {"status": status}


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def merge_batches(event: dict[str, Any], _context: Any) -> dict[str, str]:
    """After the Map: {study_id, run_token} -> {status}: every batch's output merged, ranked and stored."""
    status = execute_merge(event["study_id"], event["run_token"], context=context_from_env(None))
    logger.info("batches merged", extra={"study_id": event["study_id"], "status": status})
    if status == "waiting":
        raise BatchesOpen(f"study {event['study_id']}: the Map ended with batches still open")
    metrics.add_metric(name=f"Study{status.capitalize()}", unit=MetricUnit.Count, value=1)
    return {"status": status}


@logger.inject_lambda_context
@metrics.log_metrics
def fail_study(event: dict[str, Any], _context: Any) -> dict[str, str]:
    """Catch target: the task running the study failed (timeout, crash, memory); fail the study with the cause
    unless it already ended."""
    error = event.get("error") or {}
    cause = str(error.get("Cause") or error.get("Error") or "unknown error")[:500]
    ctx = context_from_env(None)
    ctx.studies.fail_if_active(event["study_id"], f"The task running this study failed: {cause}")
    logger.error("study task failed", extra={"study_id": event["study_id"], "cause": cause})
    metrics.add_metric(name="StudyTaskFailed", unit=MetricUnit.Count, value=1)
    return {"status": "failed"}


@logger.inject_lambda_context
def migrate(event: dict[str, Any], _context: Any) -> dict[str, Any]:
    """CloudFormation custom resource: bring the Aurora schema to the newest Alembic revision on create and update
    (idempotent); nothing to do on delete (the database is retained)."""
    if event.get("RequestType") in ("Create", "Update"):
        settings = load_settings()
        Database(settings.database_url, run_migrations=True).dispose()
        revision = event.get("ResourceProperties", {}).get("schema_revision")
        logger.info("migrations applied", extra={"revision": revision})
    return {"PhysicalResourceId": "gridsolve-schema"}
