"""Where a study's PDF report is rendered. WeasyPrint needs the Pango system library: the local platform and the
Fargate solver image have it, the API and study Lambdas do not. With `GRIDSOLVE_REPORT_FUNCTION` set (AWS), a
report is rendered by that function (the solver image run as a Lambda, `fargate_solver/report_handler.py`);
otherwise in this process. Both run `render`, from the same `ReportJob`."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

import boto3

from chalicelib.config import Settings
from chalicelib.http.errors import ServiceUnavailable
from chalicelib.reports import render as reports
from chalicelib.storage.blobstore import BlobStore


@dataclass(frozen=True)
class ReportJob:
    """What rendering needs beyond the blob store: where the study's input and result are, and how it ended."""

    study_id: str
    input_key: str
    result_key: str
    summary: dict[str, Any] | None
    final: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ReportJob:
        return cls(study_id=str(d["study_id"]), input_key=str(d["input_key"]), result_key=str(d["result_key"]),
                   summary=d.get("summary"), final=dict(d.get("final") or {}))


def render(blobs: BlobStore, job: ReportJob) -> bytes | None:
    """Render and store the report (None: the study has no report context)."""
    result = json.loads(blobs.get(job.result_key))
    data = reports.data_from_blobs(blobs, job.study_id, job.input_key, result, job.summary, job.final)
    return None if data is None else reports.store(blobs, job.study_id, data)


def request(settings: Settings, blobs: BlobStore, job: ReportJob, *, wait: bool) -> bytes | None:
    """Render the report here or hand it to the report function. wait=False (a worker after a study): the function
    is invoked asynchronously; wait=True (someone asked for the PDF): returns it once stored."""
    if not settings.report_function:
        return render(blobs, job)
    client = boto3.client("lambda", region_name=settings.aws_region)
    resp = client.invoke(FunctionName=settings.report_function, InvocationType="RequestResponse" if wait else "Event",
                         Payload=json.dumps(job.to_dict()).encode())
    if not wait:
        return None
    if resp.get("FunctionError"):
        detail = resp["Payload"].read().decode(errors="replace")[:300]
        raise ServiceUnavailable(f"The report could not be rendered: {detail}")
    key = reports.report_key(job.study_id)
    return blobs.get(key) if blobs.exists(key) else None
