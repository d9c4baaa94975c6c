"""The Fargate solver: run one large study in a container. Step Functions starts the task with the study id and
run token in the environment; the input comes from S3, progress and the outcome go to DynamoDB (and the study's
row), the result to S3 — the same `execute_study` as every other runner.

    GRIDSOLVE_STUDY_ID=... GRIDSOLVE_RUN_TOKEN=... python -m fargate_solver.main

Exit code 0 when the study's outcome is recorded (completed, failed, stopped or skipped), 1 when the run could
not record anything (the state machine then fails the study with the cause).
"""

from __future__ import annotations

import json
import logging
import os
import sys

from chalicelib.studies.execute import context_from_env, execute_study

log = logging.getLogger("gridsolve.fargate")


def main(env: dict[str, str] | None = None) -> int:
    env = dict(os.environ if env is None else env)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    study_id, token = env.get("GRIDSOLVE_STUDY_ID"), env.get("GRIDSOLVE_RUN_TOKEN")
    if not study_id or not token:
        log.error(json.dumps({"error": "GRIDSOLVE_STUDY_ID and GRIDSOLVE_RUN_TOKEN must be set"}))
        return 2
    try:
        status = execute_study(study_id, token, env=env, context=context_from_env(env))
    except Exception as exc:  # noqa: BLE001 - reported, and the state machine fails the study with it
        log.exception(json.dumps({"study_id": study_id, "error": f"{exc.__class__.__name__}: {exc}"}))
        return 1
    log.info(json.dumps({"study_id": study_id, "status": status}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
