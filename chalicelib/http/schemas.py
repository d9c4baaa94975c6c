"""OpenAPI component schemas: the platform's own bodies (below) and the engine's models (study options, results,
summaries, the network, errors), generated from the pydantic models so that the API documents what it validates.
"""

from __future__ import annotations

from typing import Any

from pydantic.json_schema import models_json_schema

from chalicelib import engine
from chalicelib.equipment.schemas import API_MODELS as EQUIPMENT_MODELS
from chalicelib.http.errors import ErrorBody
from chalicelib.projects.diagram import Diagram

S = {"type": "string"}
SN = {"type": ["string", "null"]}
N = {"type": "number"}
NN = {"type": ["number", "null"]}
I = {"type": "integer"}  # noqa: E741
B = {"type": "boolean"}
OBJ = {"type": "object"}
ARR = {"type": "array", "items": {}}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _obj(required: list[str], **props) -> dict:
    return {"type": "object", "required": required, "properties": props}


User = _obj(["id", "email", "name", "plan", "created_at"], id=S, email=S, name=S, plan=S, created_at=S,
            email_verified=B)
PasswordPolicy = _obj(
    ["min_length", "max_length", "min_score", "scorer", "scored_length"],
    min_length=I, max_length=I, min_score=I, scorer=S, scored_length=I, description=S,
    user_inputs={"type": "array", "items": S},
)
PasswordVerdict = _obj(
    ["ok", "score", "problems", "suggestions"],
    ok=B, score=I, problems={"type": "array", "items": S}, suggestions={"type": "array", "items": S},
)
Tokens = _obj(
    ["access_token", "refresh_token", "token_type", "expires_in"],
    access_token=S,
    refresh_token=S,
    token_type=S,
    expires_in=I,
)
Session = {"allOf": [Tokens, _obj(["user"], user=ref("User"))]}
Organization = _obj(["id", "name", "plan", "created_at"], id=S, name=S, plan=S, created_at=S, role=S)
Invitation = _obj(
    ["id", "org_id", "email", "role", "status", "created_at"],
    id=S,
    org_id=S,
    email=S,
    role=S,
    status=S,
    created_at=S,
    org_name=S,
)
Member = _obj(["user_id", "email", "name", "role"], user_id=S, email=S, name=S, role=S)
ProjectSummary = _obj(
    ["id", "name", "description", "is_public", "is_sample", "version", "bus_count", "created_at", "updated_at"],
    id=S,
    name=S,
    description=S,
    owner_user_id=SN,
    org_id=SN,
    is_public=B,
    is_sample=B,
    forked_from_id=SN,
    version=I,
    bus_count=I,
    created_at=S,
    updated_at=S,
    access=S,
)
Project = {"allOf": [ProjectSummary, _obj(["network"], network=OBJ)]}
StudySummary = _obj(
    ["id", "project_id", "study_type", "analysis_method", "status", "progress_pct", "source", "created_at"],
    id=S,
    project_id=S,
    project_version=I,
    name=S,
    study_type=S,
    analysis_method=S,
    parameters=OBJ,
    source=S,
    status={"type": "string", "enum": ["pending", "running", "completed", "failed", "cancelled"]},
    progress_pct=N,
    error_message=SN,
    created_by=SN,
    attempt=I,
    created_at=S,
    started_at=SN,
    finished_at=SN,
    wall_time_s=NN,
)
Study = {
    "allOf": [
        StudySummary,
        _obj(
            ["history", "notes"],
            history=ARR,
            results_summary={"type": ["object", "null"]},
            error_detail={"type": ["object", "null"]},
            notes=ARR,
            batches=_obj(["total", "completed", "failed", "items_total", "items_completed"], total=I, completed=I,
                         failed=I, items_total=I, items_completed=I),
        ),
    ]
}
EngineResults = _obj(["status", "result", "summary", "history"], status=S, result=OBJ, summary=OBJ, history=ARR,
                     error_message=SN, notes=ARR)
StudyCreated = _obj(["id", "status"], id=S, status=S, project_id=S)
Me = {
    "allOf": [
        User,
        _obj(
            ["organizations", "invitations"],
            organizations={"type": "array", "items": ref("Organization")},
            invitations={"type": "array", "items": ref("Invitation")},
        ),
    ]
}
SequenceElement = _obj(
    ["id", "kind", "from_bus", "to_bus", "r_pu", "x_pu"],
    id=S,
    kind=S,
    from_bus=S,
    to_bus=SN,  # null: a shunt to the reference (source, earthing path)
    r_pu=NN,
    x_pu=NN,
    r_ohm=NN,
    x_ohm=NN,
    ratio=N,
)
SequenceNetworks = _obj(
    ["base_mva", "case", "buses", "sequences", "z0_complete", "z0_missing"],
    base_mva=N,
    case=S,
    buses={
        "type": "array",
        "items": _obj(["id", "vn_kv", "energized"], id=S, vn_kv=N, c=N, energized=B),
    },
    z0_complete=B,
    z0_missing={"type": "array", "items": _obj(["element_id", "field"], element_id=S, field=S)},
    notes=ARR,
    sequences=_obj(
        ["positive", "negative", "zero"],
        **{k: {"type": "array", "items": ref("SequenceElement")} for k in ("positive", "negative", "zero")},
    ),
)

_LIMITS = {"type": "object", "additionalProperties": {"type": ["number", "null"]},
           "description": "max_buses (per network), max_concurrent_studies and max_study_seconds (per running "
                          "study) and per billing period: max_studies_per_month, max_server_minutes_per_month, "
                          "max_contingency_outages_per_month; null = unlimited"}
Plan = _obj(["id", "name", "price_usd_month", "per_user", "limits"],
            id={"type": "string", "enum": ["free", "professional", "utility"]}, name=S, price_usd_month=N,
            per_user=B, limits=_LIMITS, available={**B, "description": "can be bought on this server"})
UsageMetric = _obj(["metric", "name", "unit", "used", "limit"], metric=S, name=S, unit=S, used=N,
                   limit={"type": ["integer", "null"]})
Usage = _obj(
    ["account", "billing_enabled", "plan", "period", "limits", "usage", "subscription"],
    account={**S, "description": "user:<id> or org:<id>"},
    billing_enabled=B,
    plan=_obj(["id", "name"], id=S, name=S),
    period=_obj(["start", "end"], start=S, end=S),
    limits=_LIMITS,
    usage={"type": "array", "items": ref("UsageMetric")},
    subscription={"anyOf": [{"type": "null"}, _obj(
        ["plan", "status", "seats", "cancel_at_period_end", "grace_ends", "limited_to_free"],
        plan=SN, status=SN, seats=I, cancel_at_period_end=B, grace_ends=SN, limited_to_free=B)]},
)
RedirectUrl = _obj(["url"], url=S, id=SN)


def _list(key: str, item: str) -> dict:
    return _obj([key], **{key: {"type": "array", "items": ref(item)}})


COMPONENTS: dict[str, Any] = {
    "User": User,
    "PasswordPolicy": PasswordPolicy,
    "PasswordVerdict": PasswordVerdict,
    "Tokens": Tokens,
    "Session": Session,
    "Me": Me,
    "Organization": Organization,
    "Invitation": Invitation,
    "Member": Member,
    "ProjectSummary": ProjectSummary,
    "Project": Project,
    "StudySummary": StudySummary,
    "Study": Study,
    "StudyCreated": StudyCreated,
    "EngineResults": EngineResults,
    "SequenceElement": SequenceElement,
    "SequenceNetworks": SequenceNetworks,
    "OrganizationList": _list("organizations", "Organization"),
    "InvitationList": _list("invitations", "Invitation"),
    "MemberList": _list("members", "Member"),
    "ProjectList": _list("projects", "ProjectSummary"),
    "StudyList": _list("studies", "StudySummary"),
    "Plan": Plan,
    "PlanList": {**_list("plans", "Plan"), "properties": {**_list("plans", "Plan")["properties"],
                                                          "billing_enabled": B}},
    "UsageMetric": UsageMetric,
    "Usage": Usage,
    "RedirectUrl": RedirectUrl,
}


# --------------------------------------------------------------------------- generated from the engine's models


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def engine_models() -> list[Any]:
    """Every engine (and diagram/error) model the API exposes; components are named after the model classes."""
    models: list[Any] = [ErrorBody, Diagram, *engine.contract_models().values()]
    for st in engine.study_types().values():
        models += [st.options, st.result, st.summary] + ([st.solution] if st.solution is not None else [])
    return models


def engine_components() -> dict[str, Any]:
    """JSON schemas (2020-12, as OpenAPI 3.1 takes them) of `engine_models()` and their sub-models, with refs to
    #/components/schemas/, plus each study type's request `parameters` (its options without `method`)."""
    _, defs = models_json_schema([(m, "validation") for m in engine_models()],
                                 ref_template="#/components/schemas/{model}")
    out = dict(defs.get("$defs", {}))
    for name, st in engine.study_types().items():
        params = {**out[st.options.__name__]}
        params["properties"] = {k: v for k, v in params.get("properties", {}).items() if k != "method"}
        params.pop("required", None)
        params["title"] = f"{_camel(name)}Parameters"
        out[f"{_camel(name)}Parameters"] = params
    return out


def service_components() -> dict[str, Any]:
    """JSON schemas of the service's own pydantic bodies (the equipment routes'), with their sub-models. Not yet in
    the browser's generated contract (scripts/gen_contract.py reads `engine_components`)."""
    _, defs = models_json_schema([(m, "validation") for m in EQUIPMENT_MODELS.values()],
                                 ref_template="#/components/schemas/{model}")
    return dict(defs.get("$defs", {}))


def study_request_schema() -> dict[str, Any]:
    types = engine.study_types()
    methods = [m for st in types.values() for m in st.methods]
    return {
        "type": "object",
        "required": ["study_type"],
        "properties": {
            "study_type": {"type": "string", "enum": list(types)},
            "analysis_method": {"type": "string", "enum": methods,
                                "description": "; ".join(f"{n}: {', '.join(st.methods)}" for n, st in types.items())},
            "parameters": {"anyOf": [ref(f"{_camel(n)}Parameters") for n in types]},
            "name": S,
        },
    }


def _solution_name(study_type: str) -> str:
    model = engine.study_types()[study_type].solution
    assert model is not None
    return model.__name__


def study_record_schema() -> dict[str, Any]:
    base = study_request_schema()
    browser = [n for n, st in engine.study_types().items() if st.solution is not None]
    return {
        **base,
        "required": ["study_type", "solution"],
        "properties": {
            **base["properties"],
            "study_type": {"type": "string", "enum": browser},
            "solution": {"anyOf": [ref(_solution_name(n)) for n in browser]},
            "wall_time_s": {"type": "number", "minimum": 0},
        },
    }


def engine_results_schema() -> dict[str, Any]:
    record = study_record_schema()
    return {**record, "required": [*record["required"], "network"],
            "properties": {**record["properties"], "network": ref("Network")}}

