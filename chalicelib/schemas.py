"""OpenAPI component schemas for the main response bodies (what the web app and clients rely on)."""

from __future__ import annotations

S = {"type": "string"}
SN = {"type": "string", "nullable": True}
N = {"type": "number"}
NN = {"type": "number", "nullable": True}
I = {"type": "integer"}  # noqa: E741
B = {"type": "boolean"}
OBJ = {"type": "object"}
ARR = {"type": "array", "items": {}}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _obj(required: list[str], **props) -> dict:
    return {"type": "object", "required": required, "properties": props}


User = _obj(["id", "email", "name", "plan", "created_at"], id=S, email=S, name=S, plan=S, created_at=S)
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
            results_summary={**OBJ, "nullable": True},
            error_detail={**OBJ, "nullable": True},
            notes=ARR,
        ),
    ]
}
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


def _list(key: str, item: str) -> dict:
    return _obj([key], **{key: {"type": "array", "items": ref(item)}})


COMPONENTS = {
    "User": User,
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
    "SequenceElement": SequenceElement,
    "SequenceNetworks": SequenceNetworks,
    "OrganizationList": _list("organizations", "Organization"),
    "InvitationList": _list("invitations", "Invitation"),
    "MemberList": _list("members", "Member"),
    "ProjectList": _list("projects", "ProjectSummary"),
    "StudyList": _list("studies", "StudySummary"),
}
