"""Organizations: create, invite by email, accept, members, roles, remove; org-owned projects."""

from __future__ import annotations

from .platform_helpers import small_network


def make_org(api, name="Utility Co"):
    owner = api.register()
    r = owner.post("/api/orgs", {"name": name})
    assert r.status == 201 and r.json["role"] == "owner"
    return owner, r.json["id"]


def join(api, owner, org_id, role="member"):
    u = api.register()
    r = owner.post(f"/api/orgs/{org_id}/invitations", {"email": u.email, "role": role})
    assert r.status == 201, r
    inv = u.get("/api/invitations").json["invitations"]
    assert [i["org_id"] for i in inv] == [org_id]
    assert u.post(f"/api/invitations/{inv[0]['id']}/accept").status == 200
    return u


def test_invite_accept_members_roles(api):
    owner, org = make_org(api)
    m = join(api, owner, org)
    members = owner.get(f"/api/orgs/{org}/members").json["members"]
    assert sorted(x["role"] for x in members) == ["member", "owner"]
    assert m.get("/api/orgs").json["organizations"][0]["role"] == "member"
    assert m.get("/api/auth/me").json["organizations"][0]["id"] == org
    # member cannot invite or change roles
    assert m.post(f"/api/orgs/{org}/invitations", {"email": "z@example.com"}).status == 403
    assert m.patch(f"/api/orgs/{org}/members/{owner.id}", {"role": "member"}).status == 403
    # owner promotes to admin; admin invites; admin cannot create owners
    assert owner.patch(f"/api/orgs/{org}/members/{m.id}", {"role": "admin"}).json["role"] == "admin"
    assert m.post(f"/api/orgs/{org}/invitations", {"email": "new@example.com"}).status == 201
    assert m.post(f"/api/orgs/{org}/invitations", {"email": "new2@example.com", "role": "owner"}).status == 403
    assert m.patch(f"/api/orgs/{org}/members/{owner.id}", {"role": "member"}).status == 403
    assert len(owner.get(f"/api/orgs/{org}/invitations").json["invitations"]) == 1
    # the last owner cannot be demoted or leave
    assert owner.patch(f"/api/orgs/{org}/members/{owner.id}", {"role": "admin"}).status == 409
    assert owner.delete(f"/api/orgs/{org}/members/{owner.id}").status == 409
    assert owner.patch(f"/api/orgs/{org}/members/{m.id}", {"role": "boss"}).status == 400


def test_invite_before_registration_and_decline(api):
    owner, org = make_org(api)
    r = owner.post(f"/api/orgs/{org}/invitations", {"email": "Later@Example.com"})
    assert r.status == 201 and r.json["email"] == "later@example.com"
    later = api.register("later@example.com")
    inv = later.get("/api/auth/me").json["invitations"]
    assert len(inv) == 1 and inv[0]["org_name"] == "Utility Co"
    assert later.post(f"/api/invitations/{inv[0]['id']}/decline").status == 200
    assert later.get("/api/invitations").json["invitations"] == []
    assert later.get(f"/api/orgs/{org}").status == 404
    # someone else cannot accept an invitation addressed to another email
    r = owner.post(f"/api/orgs/{org}/invitations", {"email": "third@example.com"})
    other = api.register()
    assert other.post(f"/api/invitations/{r.json['id']}/accept").status == 404
    assert owner.delete(f"/api/orgs/{org}/invitations/{r.json['id']}").status == 204
    assert owner.post(f"/api/orgs/{org}/invitations", {"email": owner.email}).status == 409
    assert owner.post(f"/api/orgs/{org}/invitations", {"email": "bad"}).status == 400


def test_remove_and_leave(api):
    owner, org = make_org(api)
    a = join(api, owner, org, "admin")
    m1, m2 = join(api, owner, org), join(api, owner, org)
    assert a.delete(f"/api/orgs/{org}/members/{m1.id}").status == 204
    assert a.delete(f"/api/orgs/{org}/members/{owner.id}").status == 403
    assert m2.delete(f"/api/orgs/{org}/members/{a.id}").status == 403
    assert m2.delete(f"/api/orgs/{org}/members/{m2.id}").status == 204  # leave
    assert m2.get(f"/api/orgs/{org}").status == 404
    assert owner.delete(f"/api/orgs/{org}/members/{a.id}").status == 204
    assert {x["user_id"] for x in owner.get(f"/api/orgs/{org}/members").json["members"]} == {owner.id}


def test_org_projects_and_delete_org(api):
    owner, org = make_org(api)
    m = join(api, owner, org)
    r = m.post("/api/projects", {"name": "shared", "org_id": org, "network": small_network()})
    assert r.status == 201 and r.json["org_id"] == org and r.json["owner_user_id"] is None
    pid = r.json["id"]
    assert [p["id"] for p in owner.get("/api/projects?scope=org").json["projects"]] == [pid]
    outsider = api.register()
    assert outsider.post("/api/projects", {"name": "x", "org_id": org}).status == 404
    assert m.delete(f"/api/orgs/{org}").status == 403
    assert owner.patch(f"/api/orgs/{org}", {"name": "Renamed"}).json["name"] == "Renamed"
    assert owner.delete(f"/api/orgs/{org}").status == 204
    assert owner.get(f"/api/projects/{pid}").status == 404
    assert m.get("/api/orgs").json["organizations"] == []
