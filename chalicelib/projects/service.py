"""Projects: a named network and its single-line diagram, owned by a user or an organization, versioned with
ETags (If-Match) so that concurrent editors never overwrite each other silently."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from sqlalchemy import delete as sa_delete
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from chalicelib import engine
from chalicelib.billing import usage
from chalicelib.http.errors import (
    BadRequest,
    PreconditionFailed,
    PreconditionRequired,
    field_error,
)
from chalicelib.projects import diagram as diagrams
from chalicelib.projects import layout
from chalicelib.projects.access import account_key, load_project, owner_for, project_role
from chalicelib.storage.models import Membership, Project, Study, User, utcnow

log = logging.getLogger("gridsolve.projects")


def etag(p: Project) -> str:
    return f'"{p.id}.v{p.version}"'


def project_dict(p: Project, role: str | None = None, network: bool = False) -> dict[str, Any]:
    d: dict[str, Any] = {
        "id": p.id,
        "name": p.name,
        "description": p.description,
        "owner_user_id": p.owner_user_id,
        "org_id": p.org_id,
        "is_public": p.is_public,
        "is_sample": p.sample_key is not None,
        "forked_from_id": p.forked_from_id,
        "version": p.version,
        "bus_count": p.bus_count,
        "created_at": p.created_at.isoformat() + "Z",
        "updated_at": p.updated_at.isoformat() + "Z",
    }
    d["model_kind"] = p.model_kind
    if role is not None:
        d["access"] = role
    if network:
        d["network"] = json.loads(p.network_json)
        d["diagram"] = json.loads(p.diagram_json) if p.diagram_json else diagrams.Diagram().model_dump()
    return d


def _str_field(body: dict[str, Any], key: str, required: bool, max_len: int) -> str | None:
    v = body.get(key)
    if v is None and not required:
        return None
    if not isinstance(v, str) or (required and not v.strip()) or len(v) > max_len:
        raise BadRequest(f"{key} must be a string of 1-{max_len} characters", fields=[field_error(key, "invalid")])
    return v.strip() if key == "name" else v


def _name(body: dict[str, Any], max_len: int = 200) -> str:
    name = _str_field(body, "name", True, max_len)
    assert name is not None  # required
    return name


def _owner_for(s: Session, user: User, body: dict[str, Any]) -> tuple[str | None, str | None]:
    return owner_for(s, user, body.get("org_id"))


def _canonical(net) -> tuple[str, int]:
    return engine.model_json(net), engine.bus_count(net)


def _insert(
    s: Session,
    settings,
    *,
    name: str,
    description: str,
    owner: str | None,
    org: str | None,
    net,
    drawing: diagrams.Diagram,
    created_by: str | None,
    forked_from: str | None = None,
    kind: str = "network",
) -> Project:
    # the plan's bus limit first: nothing heavy (serialization, layout) runs for a network the plan refuses
    usage.check_buses(s, settings, f"org:{org}" if org else f"user:{owner}", engine.bus_count(net))
    net_json, n = _canonical(net)
    p = Project(
        model_kind=kind,
        name=name,
        description=description or "",
        owner_user_id=owner,
        org_id=org,
        created_by=created_by,
        forked_from_id=forked_from,
        network_json=net_json,
        bus_count=n,
        diagram_json=diagrams.to_json(layout.complete(net, diagrams.prune(drawing, net))),
    )
    s.add(p)
    s.flush()
    return p


def list_projects(s: Session, user: User, params: dict[str, str]) -> list[dict[str, Any]]:
    org_ids = select(Membership.org_id).where(Membership.user_id == user.id)
    scope = params.get("scope", "all")
    if scope not in ("all", "mine", "org", "public"):
        raise BadRequest("scope must be all|mine|org|public", fields=[field_error("scope", "invalid")])
    conds: dict[str, list[Any]] = {
        "mine": [Project.owner_user_id == user.id],
        "org": [Project.org_id.in_(org_ids)],
        "public": [Project.is_public.is_(True)],
    }
    where = conds[scope] if scope != "all" else conds["mine"] + conds["org"] + conds["public"]
    q = select(Project).where(or_(*where))
    if params.get("org_id"):
        q = q.where(Project.org_id == params["org_id"])
    q = q.order_by(Project.is_public, Project.updated_at.desc(), Project.id)
    return [project_dict(p, project_role(s, p, user)) for p in s.scalars(q)]


def create(s: Session, settings, user: User, body: dict[str, Any]) -> Project:
    name = _name(body)
    description = _str_field(body, "description", False, 5000) or ""
    owner, org = _owner_for(s, user, body)
    net = engine.validate_network(body["network"]) if "network" in body else engine.empty_network(name)
    drawing = diagrams.parse_diagram(body["diagram"]) if "diagram" in body else diagrams.Diagram()
    return _insert(s, settings, name=name, description=description, owner=owner, org=org, net=net, drawing=drawing,
                   created_by=user.id)


def import_project(s: Session, settings, user: User, body: dict[str, Any]) -> Project:
    name = _name(body)
    fmt = body.get("format")
    content = body.get("content")
    if not isinstance(fmt, str):
        raise BadRequest("format is required", fields=[field_error("format", "required")])
    if not isinstance(content, str) or not content.strip():
        raise BadRequest("content is required (the file's text)", fields=[field_error("content", "required")])
    owner, org = _owner_for(s, user, body)
    description = _str_field(body, "description", False, 5000) or ""
    if fmt in engine.FEEDER_FORMATS:
        feeder = engine.import_feeder(content, _files(body), str(body.get("filename") or "main.dss"))
        drawing = diagrams.from_coordinates(dict(feeder.coordinates))
        feeder = feeder.model_copy(update={"coordinates": {}, "name": name})  # positions live in the diagram
        return _insert(s, settings, name=name, description=description, owner=owner, org=org, net=feeder,
                       drawing=drawing, created_by=user.id, kind="feeder")
    case = engine.parse_import(content, fmt, name)
    return _insert(s, settings, name=name, description=description, owner=owner, org=org, net=case.network,
                   drawing=diagrams.from_coordinates(case.coordinates), created_by=user.id)


def _files(body: dict[str, Any]) -> dict[str, str]:
    """The files an OpenDSS script redirects to, by name ({name: text})."""
    files = body.get("files") or {}
    if not isinstance(files, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
        raise BadRequest("files must map file names to their text", fields=[field_error("files", "object expected")])
    if len(files) > engine.MAX_FEEDER_FILES:
        raise BadRequest(f"at most {engine.MAX_FEEDER_FILES} files", fields=[field_error("files", "too many")])
    return files


def _changed(p: Project) -> str:
    return f"The project changed since you loaded it (now version {p.version}); reload and reapply your edit"


def _expected_version(body: dict[str, Any], if_match: str | None, p: Project) -> int:
    if if_match:
        tags = [t.strip() for t in if_match.split(",")]
        if "*" in tags or etag(p) in tags or f"W/{etag(p)}" in tags:
            return p.version
        raise PreconditionFailed(
            _changed(p),
            headers={"ETag": etag(p)},
        )
    if "version" in body:
        v = body["version"]
        if not isinstance(v, int) or isinstance(v, bool):
            raise BadRequest("version must be an integer", fields=[field_error("version", "integer expected")])
        if v != p.version:
            raise PreconditionFailed(
                _changed(p),
                headers={"ETag": etag(p)},
            )
        return v
    raise PreconditionRequired("Send If-Match with the project's ETag (or 'version' in the body) to edit it")


def patch(s: Session, settings, user: User, project_id: str, body: dict[str, Any], if_match: str | None):
    known = {"name", "description", "network", "diagram", "is_public", "org_id", "version"}
    unknown = sorted(set(body) - known)
    if unknown:
        raise BadRequest(
            f"Unknown field(s): {', '.join(unknown)}",
            fields=[field_error(k, "unknown field") for k in unknown],
        )
    need = "admin" if "is_public" in body or "org_id" in body else "write"
    p, role = load_project(s, project_id, user, need)
    _expected_version(body, if_match, p)
    if "org_id" in body:
        role = _move(s, settings, user, p, body["org_id"])
    if "name" in body:
        p.name = _name(body)
    if "description" in body:
        p.description = _str_field(body, "description", True, 5000) or ""
    if "is_public" in body:
        if not isinstance(body["is_public"], bool):
            raise BadRequest("is_public must be a boolean", fields=[field_error("is_public", "boolean expected")])
        p.is_public = body["is_public"]
    if "network" in body:
        net = engine.validate_model(p.model_kind, body["network"])
        p.network_json, p.bus_count = _canonical(net)
        usage.check_buses(s, settings, account_key(p), p.bus_count)
    if "diagram" in body or "network" in body:
        drawing = diagrams.parse_diagram(body["diagram"]) if "diagram" in body else diagrams.load(p.diagram_json)
        p.diagram_json = diagrams.to_json(diagrams.prune(drawing, engine.load_model(p.model_kind, p.network_json)))
    # the version column is the mapper's version_id_col: the flush increments it conditionally
    p.updated_at = utcnow()
    s.flush()
    return p, role


def _move(s: Session, settings, user: User, p: Project, org_id: object) -> str:
    """Give the project to an organization the user belongs to (`org_id`), or (None) to the user's own account.
    The caller is the project's owner or an admin of its organization (checked by the caller); the target
    account's plan must take the network. Returns the caller's role on the project afterwards."""
    if org_id is not None and not isinstance(org_id, str):
        raise BadRequest("org_id must be an organization id or null", fields=[field_error("org_id", "invalid")])
    owner, org = owner_for(s, user, org_id)
    if (owner, org) == (p.owner_user_id, p.org_id):
        return project_role(s, p, user) or "owner"
    usage.check_buses(s, settings, f"org:{org}" if org else f"user:{owner}", p.bus_count or 0)
    log.info("project %s moved from %s to %s by %s", p.id, account_key(p), f"org:{org}" if org else f"user:{owner}",
             user.id)
    p.owner_user_id, p.org_id = owner, org
    return project_role(s, p, user) or "owner"


EXPORT_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def export(s: Session, user: User, project_id: str, fmt: str) -> tuple[str | bytes, str, str]:
    """The project's network in one of the engine's file formats: (bytes, media type, file name)."""
    p, _ = load_project(s, project_id, user, "read")
    data, media, ext = engine.export_model(p.model_kind, p.network_json, fmt, p.name)
    stem = EXPORT_NAME.sub("_", p.name).strip("._-")[:80] or "network"
    return data, media, f"{stem}.{ext}"


def delete(s: Session, blobs, user: User, project_id: str, if_match: str | None) -> None:
    p, _ = load_project(s, project_id, user, "admin")
    if if_match:
        _expected_version({}, if_match, p)
    study_ids = list(s.scalars(select(Study.id).where(Study.project_id == p.id)))
    s.execute(sa_delete(Study).where(Study.project_id == p.id))
    s.delete(p)
    s.flush()
    for sid in study_ids:
        blobs.delete_prefix(f"studies/{sid}")


def fork(s: Session, settings, user: User, project_id: str, body: dict[str, Any]) -> Project:
    src, _ = load_project(s, project_id, user, "read")
    owner, org = _owner_for(s, user, body)
    name = _str_field(body, "name", False, 200) or f"{src.name} (fork)"
    net = engine.load_model(src.model_kind, src.network_json)
    return _insert(
        s,
        settings,
        name=name,
        description=src.description,
        owner=owner,
        org=org,
        net=net,
        drawing=diagrams.load(src.diagram_json),
        created_by=user.id,
        forked_from=src.id,
        kind=src.model_kind,
    )


def auto_layout(net, body: dict[str, Any]) -> dict[str, Any]:
    """The diagram of `body` (or an empty one) with every bus placed; `replace` lays out all buses anew."""
    drawing = diagrams.parse_diagram(body["diagram"]) if body.get("diagram") is not None else diagrams.Diagram()
    if body.get("replace") is True:
        drawing = diagrams.Diagram(elements={k: v.model_copy(update={"x": None, "y": None})
                                             for k, v in drawing.elements.items()})
    return layout.complete(net, diagrams.prune(drawing, net)).model_dump()
