"""The Fargate solver: run one large study in a container. Step Functions starts the task with the study id and
run token in the environment; the input comes from S3, progress and the outcome go to DynamoDB (and the study's
row), the result to S3 — the same `execute_study` as every other runner.

    GRIDSOLVE_STUDY_ID=... GRIDSOLVE_RUN_TOKEN=... python -m fargate_solver.main
    GRIDSOLVE_STUDY_ID=... GRIDSOLVE_RUN_TOKEN=... GRIDSOLVE_BATCH_INDEX=3 GRIDSOLVE_BATCH_TOKEN=... python -m ...

With GRIDSOLVE_BATCH_INDEX and GRIDSOLVE_BATCH_TOKEN it runs one batch of a batched study (a contingency
campaign's distributed Map iteration on Fargate) instead of a whole study.

Exit code 0 when the study's outcome is recorded (completed, failed, stopped or skipped), 1 when the run could
not record anything (the state machine then fails the study with the cause).
"""

from __future__ import annotations

import json
import logging
import os
import sys

from chalicelib.studies.campaign import execute_any, execute_batch
from chalicelib.studies.execute import context_from_env

log = logging.getLogger("gridsolve.fargate")


def main(env: dict[str, str] | None = None) -> int:
    env = dict(os.environ if env is None else env)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    study_id, token = env.get("GRIDSOLVE_STUDY_ID"), env.get("GRIDSOLVE_RUN_TOKEN")
    if not study_id or not token:
        log.error(json.dumps({"error": "GRIDSOLVE_STUDY_ID and GRIDSOLVE_RUN_TOKEN must be set"}))
        return 2
    batch, batch_token = env.get("GRIDSOLVE_BATCH_INDEX"), env.get("GRIDSOLVE_BATCH_TOKEN")
    try:
        ctx = context_from_env(env)
        if batch is not None and batch_token:  # one batch of a batched study (a distributed Map iteration)
            status = execute_batch(study_id, token, int(batch), batch_token, context=ctx)
        else:
            status = execute_any(study_id, token, context=ctx)
    except Exception as exc:  # noqa: BLE001 - reported, and the state machine fails the study with it
        log.exception(json.dumps({"study_id": study_id, "error": f"{exc.__class__.__name__}: {exc}"}))
        return 1
    log.info(json.dumps({"study_id": study_id, "status": status}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
