"""Authorization matrix: every project / study / organization route for the project owner, an organization
owner, admin and member, and an outsider. Outsiders get exactly the same 404 as for a resource that does
not exist, so they cannot learn that it exists."""

from __future__ import annotations

import pytest

from .platform_helpers import browser_solution, dyn_network, small_network

ROLES = ["owner", "org_admin", "org_member", "outsider"]
OK = {200, 201, 204}

# (name, method, path template, body, minimum right) where right is read | write | admin | org_* | never
ACTIONS = [
    ("get project", "GET", "/api/projects/{pid}", None, "read"),
    ("list studies", "GET", "/api/projects/{pid}/studies", None, "read"),
    ("get study", "GET", "/api/projects/{pid}/studies/{sid}", None, "read"),
    ("study results", "GET", "/api/projects/{pid}/studies/{sid}/results", None, "read"),
    ("fork", "POST", "/api/projects/{pid}/fork", {}, "read"),
    ("edit", "PATCH", "/api/projects/{pid}", {"name": "renamed", "version": "{version}"}, "write"),
    ("run study", "POST", "/api/projects/{pid}/studies", {"study_type": "power_flow"}, "write"),
    (
        "record study",
        "POST",
        "/api/projects/{pid}/studies/record",
        {"study_type": "power_flow", "solution": "{solution}"},
        "write",
    ),
    ("cancel study", "POST", "/api/projects/{pid}/studies/{sid}/cancel", None, "write"),
    ("delete study", "DELETE", "/api/projects/{pid}/studies/{sid}", None, "write"),
    ("publish", "PATCH", "/api/projects/{pid}", {"is_public": True, "version": "{version}"}, "admin"),
    ("delete project", "DELETE", "/api/projects/{pid}", None, "admin"),
]
ORG_ACTIONS = [
    ("get org", "GET", "/api/orgs/{org}", None, "member"),
    ("members", "GET", "/api/orgs/{org}/members", None, "member"),
    ("invite", "POST", "/api/orgs/{org}/invitations", {"email": "new-person@example.com"}, "admin"),
    ("list invitations", "GET", "/api/orgs/{org}/invitations", None, "admin"),
    ("rename org", "PATCH", "/api/orgs/{org}", {"name": "New name"}, "admin"),
    ("revoke invitation", "DELETE", "/api/orgs/{org}/invitations/{inv}", None, "admin"),
    ("change a member's role", "PATCH", "/api/orgs/{org}/members/{member}", {"role": "admin"}, "admin"),
    ("remove a member", "DELETE", "/api/orgs/{org}/members/{member}", None, "admin"),
    ("delete org", "DELETE", "/api/orgs/{org}", None, "owner"),
]
RIGHTS = {  # for an organization-owned project
    "owner": {"read", "write", "admin"},
    "org_admin": {"read", "write", "admin"},
    "org_member": {"read", "write"},
    "outsider": set(),
}
ORG_RANK = {"owner": 3, "org_admin": 2, "org_member": 1, "outsider": 0}
NEED_RANK = {"member": 1, "admin": 2, "owner": 3}


@pytest.fixture
def world(api, platform):
    from chalicelib.studies.runner import NoRunner

    platform.runner = NoRunner()  # studies stay pending so cancel is allowed
    owner = api.register()
    org = owner.post("/api/orgs", {"name": "Org"}).json["id"]
    users = {"owner": owner}
    for role, org_role in (("org_admin", "admin"), ("org_member", "member")):
        u = api.register()
        inv = owner.post(f"/api/orgs/{org}/invitations", {"email": u.email, "role": org_role}).json
        assert u.post(f"/api/invitations/{inv['id']}/accept").status == 200
        users[role] = u
    users["outsider"] = api.register()
    return owner, org, users


def _fill(obj, ids):
    if isinstance(obj, dict):
        return {k: _fill(v, ids) for k, v in obj.items()}
    if isinstance(obj, str) and obj in ("{version}", "{solution}"):
        return ids[obj.strip("{}")]
    if isinstance(obj, str):
        return obj.format(**ids)
    return obj


def _fresh_project(owner, org):
    r = owner.post("/api/projects", {"name": "p", "org_id": org, "network": small_network()})
    pid = r.json["id"]
    sid = owner.post(f"/api/projects/{pid}/studies", {"study_type": "power_flow"}).json["id"]
    return {"pid": pid, "sid": sid, "org": org, "version": r.json["version"],
            "solution": browser_solution(small_network())}


@pytest.mark.parametrize("role", ROLES)
def test_project_matrix(world, role):
    owner, org, users = world
    u = users[role]
    for name, method, path, body, need in ACTIONS:
        ids = _fresh_project(owner, org)
        if name == "study results":  # give it results: record one as the owner
            rec = owner.post(
                f"/api/projects/{ids['pid']}/studies/record",
                {"study_type": "power_flow", "solution": browser_solution(small_network())},
            )
            ids["sid"] = rec.json["id"]
        r = u.api.call(method, _fill(path, ids), body=_fill(body, ids), token=u.access)
        allowed = need in RIGHTS[role]
        if allowed:
            assert r.status in OK, (role, name, r)
        elif role == "outsider":
            missing = u.api.call(
                method, _fill(path, {**ids, "pid": "0" * 32, "sid": "1" * 32}), body=_fill(body, ids), token=u.access
            )
            assert r.status == 404 and missing.status == 404, (role, name, r)
            assert r.json == missing.json, (role, name)
        else:
            assert r.status == 403, (role, name, r)
        unauth = u.api.call(method, _fill(path, ids), body=_fill(body, ids), token=None)
        assert unauth.status == 401, (name, unauth)


@pytest.mark.parametrize("role", ROLES)
def test_sequence_networks_matrix(world, platform, role):
    """Reading a short-circuit study's sequence networks needs read access; an outsider gets the same 404 as for
    a study that does not exist."""
    from chalicelib.studies.runner import InlineRunner

    owner, org, users = world
    platform.runner = InlineRunner(platform.execution_context())
    pid = owner.post("/api/projects", {"name": "sc", "org_id": org, "network": dyn_network()}).json["id"]
    sid = owner.post(f"/api/projects/{pid}/studies", {"study_type": "short_circuit"}).json["id"]
    path = f"/api/projects/{pid}/studies/{sid}/sequence-networks"
    u = users[role]
    r = u.get(path)
    if role == "outsider":
        missing = u.get(f"/api/projects/{'0' * 32}/studies/{sid}/sequence-networks")
        assert r.status == 404 and r.json == missing.json, r
        assert u.get(f"/api/projects/{pid}/studies/{'1' * 32}/sequence-networks").status == 404
    else:
        assert r.status == 200 and {"positive", "negative", "zero"} <= set(r.json["sequences"]), (role, r)
    assert u.api.call("GET", path, token=None).status == 401


@pytest.mark.parametrize("role", ROLES)
def test_user_owned_project_is_private(world, role):
    owner, _, users = world
    r = owner.post("/api/projects", {"name": "mine", "network": small_network()})
    pid = r.json["id"]
    got = users[role].get(f"/api/projects/{pid}")
    assert got.status == (200 if role == "owner" else 404)
    listed = {p["id"] for p in users[role].get("/api/projects").json["projects"]}
    assert (pid in listed) == (role == "owner")


@pytest.mark.parametrize("role", ROLES)
def test_org_matrix(world, api, role):
    owner, _, users = world
    u = users[role]
    for name, method, path, body, need in ORG_ACTIONS:
        org = owner.post("/api/orgs", {"name": "fresh"}).json["id"]
        extra = api.register()
        for who, org_role in ((users["org_admin"], "admin"), (users["org_member"], "member"), (extra, "member")):
            inv = owner.post(f"/api/orgs/{org}/invitations", {"email": who.email, "role": org_role}).json
            assert who.post(f"/api/invitations/{inv['id']}/accept").status == 200
        pending = owner.post(f"/api/orgs/{org}/invitations", {"email": "pending@example.com"}).json["id"]
        ids = {"org": org, "inv": pending, "member": extra.id}
        r = u.api.call(method, path.format(**ids), body=body, token=u.access)
        if ORG_RANK[role] >= NEED_RANK[need]:
            assert r.status in OK, (role, name, r)
        elif role == "outsider":
            missing = u.api.call(method, path.format(**{**ids, "org": "f" * 32}), body=body, token=u.access)
            assert r.status == 404 and r.json == missing.json, (role, name, r)
        else:
            assert r.status == 403, (role, name, r)
        assert u.api.call(method, path.format(**ids), body=body, token=None).status == 401


def test_public_sample_is_read_only_for_everyone(world, platform):
    owner, _, users = world
    from chalicelib.storage.models import Project

    r = owner.post("/api/projects", {"name": "pub", "network": small_network()})
    pid = r.json["id"]
    with platform.db.session() as s:
        s.get(Project, pid).is_public = True
    for role in ("org_admin", "org_member", "outsider"):
        u = users[role]
        assert u.get(f"/api/projects/{pid}").status == 200
        assert u.post(f"/api/projects/{pid}/studies", {"study_type": "power_flow"}).status == 403
        assert u.patch(f"/api/projects/{pid}", {"name": "x", "version": 1}).status == 403
        assert u.delete(f"/api/projects/{pid}").status == 403
        assert u.post(f"/api/projects/{pid}/fork", {}).status == 201
