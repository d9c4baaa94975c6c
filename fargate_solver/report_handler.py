"""The report function: the solver image (which has Pango for WeasyPrint) run as a Lambda container, rendering a
study's PDF report into the blob store for the API and study Lambdas, which cannot (`chalicelib/reports/jobs.py`).

Event: a `ReportJob` as a dict. Returns {"study_id", "report_key", "bytes"}; an error raises (the caller sees
the function error and answers 503 with it).
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Tracer

from chalicelib.config import load_settings
from chalicelib.reports.jobs import ReportJob, render
from chalicelib.reports.render import report_key
from chalicelib.storage import make_blob_store

logger = Logger(service="gridsolve-reports")
tracer = Tracer(service="gridsolve-reports")


@logger.inject_lambda_context
@tracer.capture_lambda_handler
def handler(event: dict[str, Any], _context: Any) -> dict[str, Any]:
    job = ReportJob.from_dict(event)
    pdf = render(make_blob_store(load_settings()), job)
    if pdf is None:
        raise ValueError(f"study {job.study_id} has no report context")
    logger.info("report rendered", extra={"study_id": job.study_id, "bytes": len(pdf)})
    return {"study_id": job.study_id, "report_key": report_key(job.study_id), "bytes": len(pdf)}
