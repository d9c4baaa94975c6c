"""Studies: create (validated by the engine's registry), record a browser solve, list, results, cancel, delete.

A study's path: `app.study_create` -> `create` here (validates with `gridsolve.studies`, stores the input) ->
the runner -> `studies.execute.execute_study` (claim -> `StudyType.run` -> store) -> the engine.
"""

from __future__ import annotations

import json
import time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chalicelib import engine
from chalicelib.billing import plans, usage
from chalicelib.http.errors import BadRequest, Conflict, NotFound, ServiceUnavailable, field_error
from chalicelib.projects.access import account_key, load_project
from chalicelib.reports import context as report_context
from chalicelib.reports import render as reports
from chalicelib.reports.jobs import ReportJob
from chalicelib.reports.jobs import request as request_report
from chalicelib.storage.models import Project, Study, User, new_id, utcnow
from chalicelib.studies import batches, idempotency
from chalicelib.studies.batches import BatchItem
from chalicelib.studies.execute import artifact_key, result_key

STATUSES = ("pending", "running", "completed", "failed", "cancelled")
SORTABLE = {
    "created_at": Study.created_at,
    "status": Study.status,
    "study_type": Study.study_type,
    "wall_time_s": Study.wall_time_s,
}


def _iso(t) -> str | None:
    return t.isoformat() + "Z" if t else None


def study_dict(st: Study, full: bool = True) -> dict[str, Any]:
    d: dict[str, Any] = {
        "id": st.id, "project_id": st.project_id, "project_version": st.project_version, "name": st.name,
        "study_type": st.study_type, "analysis_method": st.analysis_method, "parameters": st.parameters,
        "source": st.source, "status": st.status, "progress_pct": st.progress_pct, "error_message": st.error_message,
        "created_by": st.created_by, "attempt": st.attempt, "created_at": _iso(st.created_at),
        "started_at": _iso(st.started_at), "finished_at": _iso(st.finished_at), "wall_time_s": st.wall_time_s,
    }
    if full:
        d.update({"history": st.history or [], "results_summary": st.results_summary,
                  "error_detail": st.error_detail, "notes": st.notes or []})
    return d


def _name(body: dict[str, Any]) -> str:
    name = body.get("name", "")
    if not isinstance(name, str) or len(name) > 200:
        raise BadRequest("name must be a string of at most 200 characters", fields=[field_error("name", "invalid")])
    return name


def _request(body: dict[str, Any]):
    st, options = engine.study_request(body.get("study_type"), body.get("analysis_method"), body.get("parameters"))
    stored = options.model_dump(mode="json", exclude={"method"}, exclude_unset=True)
    return st, options, stored


def _new_study(p: Project, user: User, body: dict[str, Any], study_type: str, method: str,
               parameters: dict[str, Any], **values: Any) -> Study:
    values = {"history": [], "notes": [], **values}
    return Study(id=new_id(), project_id=p.id, project_version=p.version, created_by=user.id,
                 account_key=account_key(p), name=_name(body), study_type=study_type, analysis_method=method,
                 parameters=parameters, **values)


def create(platform, s: Session, user: User, project_id: str,
           body: dict[str, Any]) -> tuple[Study, int, list[BatchItem]]:
    """A pending study on the project's current network (a snapshot of it is its input), the network's bus
    count (the runner may choose where to run it by size) and, for a batched study type (contingency), its
    batches as planned now (so a bad element id or an empty outage set is a 400 before anything runs)."""
    p, _ = load_project(s, project_id, user, "write")
    st_type, options, stored = _request(body)
    _check_input_kind(st_type, p)
    if p.bus_count == 0:
        raise BadRequest("The project's network has no buses", fields=[field_error("network.buses", "empty")])
    plan = _plan(st_type.name, options.method, stored, p.network_json)
    st = _new_study(p, user, body, st_type.name, options.method, stored, status="pending", run_token=new_id(),
                    time_limit_s=plans.study_seconds(s, platform.settings, account_key(p)))
    usage.admit_study(s, platform.settings, st.account_key, p.bus_count, st.id,
                      None if plan is None else engine.planned_work(st_type.name, plan))
    st.input_key = f"studies/{st.id}/input.json"
    platform.blobs.put(st.input_key, p.network_json.encode())
    s.add(st)
    s.flush()
    manifest = [] if plan is None else batches.plan_rows(s, st.id, plan)
    if manifest:
        platform.blobs.put(batches.manifest_key(st.id), engine.dumps([b.to_dict() for b in manifest]))
    report_context.store(platform.blobs, st, p, user)
    return st, p.bus_count, manifest


def _plan(study_type: str, method: str, parameters: dict[str, Any], network_json: str) -> list[list[Any]] | None:
    """The batches of a batched study type (None for the others); a plan with no work is refused."""
    with engine.engine_errors():
        plan = engine.plan_batches(study_type, method, parameters, network_json)
    if plan is not None and not any(plan):
        raise BadRequest("The study has nothing to run: its outage set is empty (check parameters.outages and "
                         "parameters.elements)", fields=[field_error("parameters.outages", "empty outage set")])
    return None if plan is None else [b for b in plan if b]


def _check_input_kind(st_type, p: Project) -> None:
    if st_type.input_kind != p.model_kind:
        needs = {"feeder": "a three-phase feeder (import an OpenDSS .dss file)",
                 "network": "a balanced network"}[st_type.input_kind]
        raise BadRequest(f"{st_type.title} studies run on {needs}; this project holds a {p.model_kind}",
                         fields=[field_error("study_type", f"needs a {st_type.input_kind}")])


def create_and_submit(ctx, project_id: str) -> dict[str, Any]:
    """`create`, then `submit` once the request's transaction commits; with an `Idempotency-Key` header a retried
    request gets the first one's answer instead of a second study."""

    def create_one() -> dict[str, Any]:
        st, bus_count, manifest = create(ctx.platform, ctx.session, ctx.user, project_id, ctx.body)
        ctx.after_commit.append(lambda: submit(ctx.platform, st, bus_count, manifest))
        return {"id": st.id, "status": st.status, "project_id": st.project_id}

    key = ctx.header("Idempotency-Key")
    if key is None:
        return create_one()
    scope = {"user": ctx.user.id, "project": project_id, "body": ctx.body}
    return idempotency.once(ctx.platform.idempotency, ctx.session, key, scope, create_one)


def submit(platform, st: Study, bus_count: int, manifest: list[BatchItem] | None = None) -> None:
    """Hand a committed pending study (and its batches) to the job store and the runner."""
    assert st.run_token is not None and st.input_key is not None
    platform.studies.enqueue(st.id, st.run_token, st.study_type, st.analysis_method, st.parameters, st.input_key)
    if manifest:
        platform.batches.enqueue(st.id, manifest)
    platform.runner.submit(st.id, st.run_token, bus_count=bus_count, batches=len(manifest or []))


def record(platform, s: Session, user: User, project_id: str, body: dict[str, Any]) -> Study:
    """A study solved in the browser: the engine builds its results from the solution and checks it."""
    p, _ = load_project(s, project_id, user, "write")
    wall = body.get("wall_time_s")
    if wall is not None and not (isinstance(wall, int | float) and not isinstance(wall, bool) and 0 <= wall < 86400):
        raise BadRequest("wall_time_s must be a number of seconds in [0, 86400)",
                         fields=[field_error("wall_time_s", "number in [0, 86400) expected")])
    usage.check_period(s, platform.settings, account_key(p))
    started = time.perf_counter()
    if p.model_kind != "network":
        raise BadRequest("Only balanced networks are solved in the browser", fields=[field_error("study_type",
                                                                                                 "server only")])
    st_type, options, stored, outcome = _solved(engine.load_network(p.network_json), body)
    if wall is None:
        wall = time.perf_counter() - started
    st = _new_study(p, user, body, st_type.name, options.method, stored, source="browser", status=outcome.status,
                    progress_pct=100.0, history=outcome.history, results_summary=outcome.summary,
                    error_message=outcome.error_message, started_at=utcnow(), finished_at=utcnow(),
                    wall_time_s=float(wall))
    usage.record(s, st.account_key, "studies", 1, st.id)
    st.result_key = result_key(st.id)
    st.input_key = f"studies/{st.id}/input.json"
    platform.blobs.put(st.result_key, engine.dumps(outcome.result))
    platform.blobs.put(st.input_key, p.network_json.encode())
    s.add(st)
    s.flush()
    report_context.store(platform.blobs, st, p, user)
    return st


def _solved(net, body: dict[str, Any]):
    """The outcome of a browser solve of `net`: the engine builds and checks the results."""
    st_type, options, stored = _request(body)
    if st_type.from_solution is None:
        raise BadRequest(f"{st_type.name} studies run on the server only",
                         fields=[field_error("study_type", "not solvable in the browser")])
    solution = body.get("solution")
    if not isinstance(solution, dict):
        raise BadRequest("solution must be an object (the solved voltages)",
                         fields=[field_error("solution", "object expected")])
    with engine.engine_errors():
        return st_type, options, stored, st_type.from_solution(net, options, solution)


def evaluate_solution(net, body: dict[str, Any]) -> dict[str, Any]:
    """Results of a browser solve, not stored (unsaved and offline networks)."""
    _, _, _, outcome = _solved(net, body)
    return {"status": outcome.status, "result": outcome.result, "summary": outcome.summary,
            "history": outcome.history, "error_message": outcome.error_message, "notes": outcome.notes}


def _load(s: Session, user: User, project_id: str, study_id: str, need: str = "read") -> Study:
    load_project(s, project_id, user, need)
    st = s.get(Study, study_id)
    if st is None or st.project_id != project_id:
        raise NotFound("Study not found")
    return st


def get(platform, s: Session, user: User, project_id: str, study_id: str) -> dict[str, Any]:
    st = _load(s, user, project_id, study_id)
    d = with_live_state(platform, [study_dict(st)])[0]
    if engine.is_batched(st.study_type) and st.source == "server":  # finished outages of the campaign, exactly
        d["batches"] = platform.batches.counts(st.id).to_dict()
    return d


def with_live_state(platform, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Study dicts with the job store's live status and progress where it keeps them apart (DynamoDB)."""
    active = [r["id"] for r in rows if r["status"] in ("pending", "running")]
    live = platform.studies.live_state(active) if active else {}
    for r in rows:
        state = live.get(r["id"])
        if state:
            r.update(status=state["status"], progress_pct=state["progress_pct"], attempt=state["attempt"])
            if "history" in r:
                r["history"] = state["history"]
    return rows


def _page(params: dict[str, str], errors: list[dict[str, Any]]) -> tuple[int, int]:
    try:
        limit, offset = int(params.get("limit", 100)), int(params.get("offset", 0))
        if 1 <= limit <= 1000 and offset >= 0:
            return limit, offset
    except ValueError:
        pass
    errors.append(field_error("limit", "1..1000 (offset >= 0)"))
    return 100, 0


def list_studies(platform, s: Session, user: User, project_id: str, params: dict[str, str]) -> list[dict[str, Any]]:
    load_project(s, project_id, user, "read")
    q = select(Study).where(Study.project_id == project_id)
    errors: list[dict[str, Any]] = []
    if params.get("status"):
        wanted = params["status"].split(",")
        if not set(wanted) <= set(STATUSES):
            errors.append(field_error("status", "|".join(STATUSES)))
        q = q.where(Study.status.in_(wanted))
    if params.get("study_type"):
        if params["study_type"] not in engine.study_types():
            errors.append(field_error("study_type", "|".join(engine.study_types())))
        q = q.where(Study.study_type == params["study_type"])
    if params.get("analysis_method"):
        q = q.where(Study.analysis_method == params["analysis_method"])
    sort = params.get("sort", "-created_at")
    col = SORTABLE.get(sort.lstrip("-"))
    if col is None:
        errors.append(field_error("sort", "|".join(SORTABLE) + ", '-' prefix for descending"))
    limit, offset = _page(params, errors)
    if errors:
        raise BadRequest(f"Invalid filter: {errors[0]['field']}", fields=errors)
    assert col is not None
    q = q.order_by(col.desc() if sort.startswith("-") else col.asc(), Study.id).limit(limit).offset(offset)
    return with_live_state(platform, [study_dict(st, full=False) for st in s.scalars(q)])


def results(platform, s: Session, user: User, project_id: str, study_id: str, fmt: str,
            table: str | None) -> tuple[str, str, str]:
    """The stored result as JSON, or one of its tables as CSV. Returns (body, content type, filename)."""
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
    if table is None or table not in tables:
        raise BadRequest(f"table must be one of {', '.join(tables) or '(none)'}",
                         fields=[field_error("table", "|".join(tables))])
    rows = engine.csv_rows(st.study_type, table, data[table])
    return engine.csv_table(rows), "text/csv; charset=utf-8", f"study-{st.id}-{table}.csv"


def artifact(platform, s: Session, user: User, project_id: str, study_id: str, name: str) -> str:
    """A document stored beside a study's result (e.g. the sequence networks of a short-circuit study)."""
    st = _load(s, user, project_id, study_id)
    owners = [t for t in engine.study_types().values() if name in t.artifacts]
    if st.study_type not in {t.name for t in owners}:
        kinds = " or ".join(t.title for t in owners) or "no"
        raise Conflict(f"Only {kinds} studies have {name.replace('_', ' ')}")
    key = artifact_key(st.id, name)
    if st.status != "completed" or not platform.blobs.exists(key):
        raise Conflict(f"The study has no {name.replace('_', ' ')} (status {st.status}); run it again to get them")
    return platform.blobs.get(key).decode()


def report(platform, s: Session, user: User, project_id: str, study_id: str) -> tuple[bytes, str]:
    """The study's PDF report (rendered by the worker; rendered now and stored if it is missing). Returns
    (pdf, filename)."""
    st = _load(s, user, project_id, study_id)
    if st.status not in ("completed", "failed") or not st.result_key or not st.input_key:
        raise Conflict(f"The study has no results to report (status {st.status})")
    filename = f"gridsolve-{st.study_type}-{st.id[:8]}.pdf"
    key = reports.report_key(st.id)
    if platform.blobs.exists(key):
        return platform.blobs.get(key), filename
    if report_context.load(platform.blobs, st.id) is None:  # a study from before reports: the project as it is now
        p = s.get(Project, st.project_id)
        assert p is not None
        report_context.store(platform.blobs, st, p, s.get(User, st.created_by) if st.created_by else None)
    final = {"status": st.status, "finished_at": _iso(st.finished_at), "wall_time_s": st.wall_time_s,
             "notes": st.notes or [], "error_message": st.error_message}
    job = ReportJob(st.id, st.input_key, st.result_key, st.results_summary, final)
    pdf = request_report(platform.settings, platform.blobs, job, wait=True)
    if pdf is None:
        raise ServiceUnavailable("The report could not be rendered: the study has no report context")
    return pdf, filename


def cancel(platform, s: Session, user: User, project_id: str, study_id: str) -> Study:
    st = _load(s, user, project_id, study_id, "write")
    if st.status not in ("pending", "running"):
        raise Conflict(f"Only pending or running studies can be cancelled (status {st.status})")
    s.commit()  # the repository writes in its own transaction
    platform.studies.cancel(st.id)
    platform.runner.cancel(st.id, st.run_token)  # its worker is free at once
    s.refresh(st)
    return st


def delete(platform, s: Session, user: User, project_id: str, study_id: str) -> None:
    st = _load(s, user, project_id, study_id, "write")
    # a running worker loses its claim: its conditional writes match no row any more
    token = st.run_token
    s.delete(st)
    s.commit()
    platform.runner.cancel(study_id, token)
    platform.blobs.delete_prefix(f"studies/{study_id}")
