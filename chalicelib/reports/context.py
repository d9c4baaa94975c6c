"""What a report says about where a study comes from — project, study, who ran it, the diagram — captured when
the study is created (`studies/<id>/report_context.json`) so the worker, which has only the blob store, can
render the report, and so the report shows the project as it was when the study ran."""

from __future__ import annotations

import json
from typing import Any

from chalicelib.projects import diagram as diagrams
from chalicelib.storage.blobstore import BlobStore
from chalicelib.storage.models import Project, Study, User


def context_key(study_id: str) -> str:
    return f"studies/{study_id}/report_context.json"


def _iso(t) -> str | None:
    return t.isoformat() + "Z" if t else None


def make(st: Study, p: Project, user: User | None) -> dict[str, Any]:
    return {
        "project": {"id": p.id, "name": p.name, "version": st.project_version, "description": p.description or ""},
        "study": {"id": st.id, "name": st.name or "", "study_type": st.study_type,
                  "analysis_method": st.analysis_method, "parameters": dict(st.parameters or {}),
                  "source": st.source, "created_at": _iso(st.created_at)},
        "run_by": {"name": user.name if user else "", "email": user.email if user else ""},
        "diagram": json.loads(diagrams.to_json(diagrams.load(p.diagram_json))),
    }


def store(blobs: BlobStore, st: Study, p: Project, user: User | None) -> None:
    blobs.put(context_key(st.id), json.dumps(make(st, p, user), separators=(",", ":")).encode())


def load(blobs: BlobStore, study_id: str) -> dict[str, Any] | None:
    key = context_key(study_id)
    return json.loads(blobs.get(key)) if blobs.exists(key) else None
