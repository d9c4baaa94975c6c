"""Studies: durable job rows, their inputs/results as blobs, progress, cancellation, recovery."""

from __future__ import annotations

import csv
import io
import json
import logging
from typing import Any

from sqlalchemy import select, update

from chalicelib import engine, plans
from chalicelib.access import account_key, load_project
from chalicelib.errors import BadRequest, Conflict, NotFound, NotImplementedYet, field_error
from chalicelib.jobs import (
    PF_METHODS,
    bus_limits,
    clean,
    normalize_history,
    sequence_networks_key,
    summarize_power_flow,
    summarize_short_circuit,
)
from chalicelib.models import Study, User, new_id, utcnow

log = logging.getLogger("gridsolve.studies")

METHODS = {"power_flow": tuple(PF_METHODS), "short_circuit": ("iec_60909",)}
STATUSES = ("pending", "running", "completed", "failed", "cancelled")
PF_PARAMS = {
    "tol": float,
    "max_iter": int,
    "enforce_q_limits": bool,
    "vmin_pu": float,
    "vmax_pu": float,
    "max_loading_percent": float,
}
SC_PARAMS = {
    "fault": str,
    "case": str,
    "buses": list,
    "r_fault_ohm": float,
    "x_fault_ohm": float,
    "tk_s": float,
    "tmin_s": float,
    "ip_method": str,
    "c_factor": float,
    "lv_tol_percent": float,
}
SC_FAULTS = ("3ph", "1ph", "2ph", "2phg")


def study_dict(st: Study, full: bool = True) -> dict[str, Any]:
    d: dict[str, Any] = {
        "id": st.id,
        "project_id": st.project_id,
        "project_version": st.project_version,
        "name": st.name,
        "study_type": st.study_type,
        "analysis_method": st.analysis_method,
        "parameters": st.parameters,
        "source": st.source,
        "status": st.status,
        "progress_pct": st.progress_pct,
        "error_message": st.error_message,
        "created_by": st.created_by,
        "attempt": st.attempt,
        "created_at": st.created_at.isoformat() + "Z",
        "started_at": st.started_at.isoformat() + "Z" if st.started_at else None,
        "finished_at": st.finished_at.isoformat() + "Z" if st.finished_at else None,
        "wall_time_s": st.wall_time_s,
    }
    if full:
        d.update(
            {
                "history": st.history or [],
                "results_summary": st.results_summary,
                "error_detail": st.error_detail,
                "notes": st.notes or [],
            }
        )
    return d


def _params(study_type: str, raw: Any) -> dict[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise BadRequest("parameters must be an object", fields=[field_error("parameters", "object expected")])
    spec = PF_PARAMS if study_type == "power_flow" else SC_PARAMS
    out: dict[str, Any] = {}
    errors = []
    for k, v in raw.items():
        typ = spec.get(k)
        ok = typ is not None and (
            (typ is float and isinstance(v, int | float) and not isinstance(v, bool))
            or (typ is int and isinstance(v, int) and not isinstance(v, bool))
            or (typ not in (float, int) and isinstance(v, typ))
        )
        if not ok:
            msg = "unknown parameter" if typ is None else f"{typ.__name__} expected"
            errors.append(field_error(f"parameters.{k}", msg))
            continue
        out[k] = float(v) if typ is float else v
    if "tol" in out and not 0 < out["tol"] < 1:
        errors.append(field_error("parameters.tol", "must be between 0 and 1"))
    if "max_iter" in out and not 1 <= out["max_iter"] <= 1_000_000:
        errors.append(field_error("parameters.max_iter", "must be between 1 and 1000000"))
    if "fault" in out and out["fault"] not in SC_FAULTS:
        errors.append(field_error("parameters.fault", f"one of {', '.join(SC_FAULTS)}"))
    if "case" in out and out["case"] not in ("max", "min"):
        errors.append(field_error("parameters.case", "max or min"))
    if "buses" in out and not all(isinstance(b, str | int) for b in out["buses"]):
        errors.append(field_error("parameters.buses", "list of bus ids"))
    if errors:
        raise BadRequest(f"Invalid parameters: {errors[0]['field']}: {errors[0]['message']}", fields=errors)
    return out


def _type_and_method(body: dict[str, Any]) -> tuple[str, str]:
    st = body.get("study_type")
    if st not in METHODS:
        raise BadRequest(
            "study_type must be power_flow or short_circuit",
            fields=[field_error("study_type", "power_flow|short_circuit")],
        )
    method = body.get("analysis_method", METHODS[st][0])
    if method not in METHODS[st]:
        raise BadRequest(
            f"analysis_method for {st} must be one of {', '.join(METHODS[st])}",
            fields=[field_error("analysis_method", "|".join(METHODS[st]))],
        )
    return st, method


def short_circuit_available() -> bool:
    try:
        from gridsolve.shortcircuit import run_short_circuit  # noqa: F401
    except ImportError:
        return False
    return True


def _name(body: dict[str, Any]) -> str:
    name = body.get("name", "")
    if not isinstance(name, str) or len(name) > 200:
        raise BadRequest("name must be a string of at most 200 characters", fields=[field_error("name", "invalid")])
    return name


def create(platform, s, user: User, project_id: str, body: dict[str, Any]) -> Study:
    p, _ = load_project(s, project_id, user, "write")
    study_type, method = _type_and_method(body)
    params = _params(study_type, body.get("parameters"))
    if study_type == "short_circuit" and not short_circuit_available():
        raise NotImplementedYet(
            "Short-circuit studies are not available on this server yet "
            "(the engine's gridsolve.shortcircuit module is not installed)"
        )
    if p.bus_count == 0:
        raise BadRequest("The project's network has no buses", fields=[field_error("network.buses", "empty")])
    acct = account_key(p)
    plans.check_buses(s, platform.settings, acct, p.bus_count)
    plans.check_studies(s, platform.settings, acct)
    st = Study(
        id=new_id(),
        project_id=p.id,
        project_version=p.version,
        created_by=user.id,
        account_key=acct,
        name=_name(body),
        study_type=study_type,
        analysis_method=method,
        parameters=params,
        status="pending",
        run_token=new_id(),
        history=[],
        notes=[],
    )
    st.input_key = f"studies/{st.id}/input.json"
    platform.blobs.put(st.input_key, p.network_json.encode())
    s.add(st)
    s.flush()
    return st


def submit(platform, st: Study) -> None:
    """Hand a committed pending study to the runner."""
    platform.runner.submit(st.id, st.run_token)


def record(platform, s, user: User, project_id: str, body: dict[str, Any]) -> Study:
    """A study solved in the browser, stored with its results."""
    p, _ = load_project(s, project_id, user, "write")
    study_type, method = _type_and_method(body)
    params = _params(study_type, body.get("parameters"))
    results = body.get("results")
    if not isinstance(results, dict) or not isinstance(results.get("buses"), list):
        raise BadRequest(
            "results must be an object with a 'buses' list",
            fields=[field_error("results", "object with buses[] expected")],
        )
    wall = body.get("wall_time_s")
    if wall is not None and (not isinstance(wall, int | float) or isinstance(wall, bool) or wall < 0):
        raise BadRequest("wall_time_s must be a non-negative number", fields=[field_error("wall_time_s", "invalid")])
    acct = account_key(p)
    plans.check_studies(s, platform.settings, acct)
    res = clean(results)
    if study_type == "power_flow":
        summary = summarize_power_flow(
            res, params, wall, bus_limits(engine.gs().Network.model_validate_json(p.network_json))
        )
        converged = bool(res.get("converged", True))
    else:
        summary = summarize_short_circuit(res, wall)
        converged = True
    st = Study(
        id=new_id(),
        project_id=p.id,
        project_version=p.version,
        created_by=user.id,
        account_key=acct,
        name=_name(body),
        study_type=study_type,
        analysis_method=method,
        parameters=params,
        source="browser",
        status="completed" if converged else "failed",
        progress_pct=100.0,
        history=normalize_history(res.get("history")),
        results_summary=summary,
        notes=[],
        error_message=None if converged else "Power flow did not converge (solved in the browser)",
        started_at=utcnow(),
        finished_at=utcnow(),
        wall_time_s=wall,
    )
    st.result_key = f"studies/{st.id}/result.json"
    platform.blobs.put(st.result_key, json.dumps(res, separators=(",", ":")).encode())
    s.add(st)
    s.flush()
    return st


def _load(s, user: User, project_id: str, study_id: str, need: str = "read") -> Study:
    load_project(s, project_id, user, need)
    st = s.get(Study, study_id)
    if st is None or st.project_id != project_id:
        raise NotFound("Study not found")
    return st


def get(s, user, project_id, study_id) -> Study:
    return _load(s, user, project_id, study_id)


def list_studies(s, user: User, project_id: str, params: dict[str, str]) -> list[dict[str, Any]]:
    load_project(s, project_id, user, "read")
    q = select(Study).where(Study.project_id == project_id)
    errors = []
    if params.get("status"):
        wanted = params["status"].split(",")
        if not set(wanted) <= set(STATUSES):
            errors.append(field_error("status", "|".join(STATUSES)))
        q = q.where(Study.status.in_(wanted))
    if params.get("study_type"):
        if params["study_type"] not in METHODS:
            errors.append(field_error("study_type", "power_flow|short_circuit"))
        q = q.where(Study.study_type == params["study_type"])
    if params.get("analysis_method"):
        q = q.where(Study.analysis_method == params["analysis_method"])
    sort = params.get("sort", "-created_at")
    cols = {
        "created_at": Study.created_at,
        "status": Study.status,
        "study_type": Study.study_type,
        "wall_time_s": Study.wall_time_s,
    }
    col = cols.get(sort.lstrip("-"))
    if col is None:
        errors.append(field_error("sort", "created_at|status|study_type|wall_time_s, '-' prefix for descending"))
    try:
        limit = int(params.get("limit", 100))
        offset = int(params.get("offset", 0))
        if not (1 <= limit <= 1000 and offset >= 0):
            raise ValueError
    except ValueError:
        errors.append(field_error("limit", "1..1000 (offset >= 0)"))
        limit, offset = 100, 0
    if errors:
        raise BadRequest(f"Invalid filter: {errors[0]['field']}", fields=errors)
    q = q.order_by(col.desc() if sort.startswith("-") else col.asc(), Study.id).limit(limit).offset(offset)
    return [study_dict(st, full=False) for st in s.scalars(q)]


def results(platform, s, user, project_id, study_id, fmt: str, table: str | None) -> tuple[str, str, str]:
    """Returns (body, content type, filename)."""
    st = _load(s, user, project_id, study_id)
    if fmt not in ("json", "csv"):
        raise BadRequest("format must be json or csv", fields=[field_error("format", "json|csv")])
    if not st.result_key:
        raise Conflict(f"The study has no results (status {st.status})")
    raw = platform.blobs.get(st.result_key).decode()
    if fmt == "json":
        return raw, "application/json", f"study-{st.id}.json"
    data = json.loads(raw)
    tables = [k for k, v in data.items() if isinstance(v, list) and v and all(isinstance(r, dict) for r in v)]
    table = table or ("buses" if "buses" in tables else (tables[0] if tables else None))
    if table not in tables:
        raise BadRequest(
            f"table must be one of {', '.join(tables) or '(none)'}",
            fields=[field_error("table", "|".join(tables))],
        )
    rows = data[table]
    cols: list[str] = []
    for r in rows:
        cols += [c for c in r if c not in cols]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(cols)
    for r in rows:
        w.writerow(
            ["" if r.get(c) is None else (json.dumps(r[c]) if isinstance(r[c], list | dict) else r[c]) for c in cols]
        )
    return buf.getvalue(), "text/csv; charset=utf-8", f"study-{st.id}-{table}.csv"


def sequence_networks(platform, s, user, project_id, study_id) -> str:
    """The positive/negative/zero-sequence networks a short-circuit study was run on (JSON text): per element
    and sequence the impedances and the buses it connects (``to_bus`` null: to the reference)."""
    st = _load(s, user, project_id, study_id)
    if st.study_type != "short_circuit":
        raise Conflict("Only short-circuit studies have sequence networks")
    key = sequence_networks_key(st.id)
    if st.status != "completed" or not platform.blobs.exists(key):
        raise Conflict(f"The study has no sequence networks (status {st.status}); run it again to get them")
    return platform.blobs.get(key).decode()


def cancel(s, user, project_id, study_id) -> Study:
    st = _load(s, user, project_id, study_id, "write")
    if st.status not in ("pending", "running"):
        raise Conflict(f"Only pending or running studies can be cancelled (status {st.status})")
    s.execute(
        update(Study)
        .where(Study.id == st.id, Study.status.in_(("pending", "running")))
        .values(status="cancelled", finished_at=utcnow(), error_message="Cancelled by the user")
    )
    s.refresh(st)
    return st


def delete(platform, s, user, project_id, study_id) -> None:
    st = _load(s, user, project_id, study_id, "write")
    # a running worker loses its claim: its conditional writes match no row any more
    s.delete(st)
    s.flush()
    platform.blobs.delete_prefix(f"studies/{study_id}")


def fail_if_running(platform, study_id: str, reason: str) -> None:
    with platform.db.session() as s:
        s.execute(
            update(Study)
            .where(Study.id == study_id, Study.status.in_(("pending", "running")))
            .values(status="failed", error_message=reason, finished_at=utcnow())
        )


def requeue_after_clean_stop(platform, study_ids: list[str]) -> int:
    n = 0
    with platform.db.session() as s:
        for st in s.scalars(select(Study).where(Study.id.in_(study_ids), Study.status == "running")):
            st.status = "pending"
            st.progress_pct = 0.0
            st.attempt = max(0, st.attempt - 1)
            st.run_token = new_id()
            st.notes = [*(st.notes or []), f"Re-queued at {utcnow().isoformat()}Z: the server was stopped"]
            n += 1
    return n


def recover_interrupted(platform) -> dict[str, int]:
    """At start: studies a stopped server left 'running' are re-queued (or failed after max attempts);
    pending ones are handed to the runner again. Stale workers lose their claim (new run token)."""
    out = {"requeued": 0, "failed": 0, "resubmitted": 0}
    if platform.runner.name == "none":
        return out
    settings = platform.settings
    with platform.db.session() as s:
        for st in s.scalars(select(Study).where(Study.status == "running", Study.source == "server")):
            if st.attempt >= settings.max_attempts:
                st.status = "failed"
                st.finished_at = utcnow()
                st.run_token = new_id()
                st.error_message = (
                    f"The server stopped while this study was running (attempt {st.attempt} of "
                    f"{settings.max_attempts}); it was not re-run. Run it again."
                )
                out["failed"] += 1
            else:
                st.status = "pending"
                st.progress_pct = 0.0
                st.notes = [
                    *(st.notes or []),
                    f"Re-queued at {utcnow().isoformat()}Z: the server stopped during attempt {st.attempt}",
                ]
                out["requeued"] += 1
        pending = []
        for st in s.scalars(
            select(Study).where(Study.status == "pending", Study.source == "server").order_by(Study.created_at)
        ):
            st.run_token = new_id()
            pending.append((st.id, st.run_token))
    for sid, token in pending:
        platform.runner.submit(sid, token)
        out["resubmitted"] += 1
    if any(out.values()):
        log.info("recovered studies: %s", out)
    return out


def engine_ready() -> bool:
    try:
        engine.gs()
    except Exception:
        return False
    return True
