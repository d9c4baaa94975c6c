"""Project management from the browser (issue 18): rename, visibility, move between accounts and
organizations, delete, and the network download in every format the engine writes."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from gridsolve import io as gio

from .platform_helpers import case_text, import_case


def _etag(u, pid):
    return u.get(f"/api/projects/{pid}").headers["etag"]


def test_move_into_an_organization_and_back(api):
    owner = api.register()
    member = api.register()
    outsider = api.register()
    org = owner.post("/api/orgs", {"name": "Grid Co"}).json["id"]
    inv = owner.post(f"/api/orgs/{org}/invitations", {"email": member.email, "role": "member"}).json
    assert member.post(f"/api/invitations/{inv['id']}/accept").status == 200
    pid = import_case(owner).json["id"]
    assert member.get(f"/api/projects/{pid}").status == 404

    r = owner.patch(f"/api/projects/{pid}", {"org_id": org}, headers={"If-Match": _etag(owner, pid)})
    assert r.status == 200, r.json
    assert r.json["org_id"] == org and r.json["owner_user_id"] is None and r.json["access"] == "owner"
    assert member.get(f"/api/projects/{pid}").json["access"] == "member"
    assert outsider.get(f"/api/projects/{pid}").status == 404
    # a member cannot move it out; nor can anyone move it into an organization they are not in
    r = member.patch(f"/api/projects/{pid}", {"org_id": None}, headers={"If-Match": _etag(member, pid)})
    assert r.status == 403
    stranger_org = outsider.post("/api/orgs", {"name": "Other"}).json["id"]
    r = owner.patch(f"/api/projects/{pid}", {"org_id": stranger_org}, headers={"If-Match": _etag(owner, pid)})
    assert r.status == 404 and r.json["error"]["fields"][0]["field"] == "org_id"
    r = owner.patch(f"/api/projects/{pid}", {"org_id": 7}, headers={"If-Match": _etag(owner, pid)})
    assert r.status == 400
    # back to the owner's own account (an org owner may take it)
    r = owner.patch(f"/api/projects/{pid}", {"org_id": None}, headers={"If-Match": _etag(owner, pid)})
    assert r.status == 200 and r.json["owner_user_id"] == owner.id and r.json["org_id"] is None
    assert member.get(f"/api/projects/{pid}").status == 404


def test_share_a_copy_into_an_organization(api):
    owner = api.register()
    org = owner.post("/api/orgs", {"name": "Grid Co"}).json["id"]
    pid = import_case(owner).json["id"]
    r = owner.post(f"/api/projects/{pid}/fork", {"name": "IEEE 14 (team copy)", "org_id": org})
    assert r.status == 201 and r.json["org_id"] == org and r.json["forked_from_id"] == pid


def test_rename_visibility_delete(api):
    u = api.register()
    other = api.register()
    pid = import_case(u).json["id"]
    r = u.patch(f"/api/projects/{pid}", {"name": "Renamed", "is_public": True}, headers={"If-Match": _etag(u, pid)})
    assert r.status == 200 and r.json["name"] == "Renamed" and r.json["is_public"] is True
    seen = other.get(f"/api/projects/{pid}")
    assert seen.status == 200 and seen.json["access"] == "public"
    assert other.patch(f"/api/projects/{pid}", {"name": "x"}, headers={"If-Match": seen.headers["etag"]}).status == 403
    assert other.delete(f"/api/projects/{pid}").status == 403
    assert u.delete(f"/api/projects/{pid}", headers={"If-Match": _etag(u, pid)}).status == 204
    assert u.get(f"/api/projects/{pid}").status == 404


def test_export_native_json_is_the_stored_network(api):
    u = api.register()
    project = import_case(u).json
    r = u.get(f"/api/projects/{project['id']}/export?format=gridsolve")
    assert r.status == 200 and r.headers["content-type"].startswith("application/json")
    assert r.headers["content-disposition"] == 'attachment; filename="IEEE_14.json"'
    assert json.loads(r.body) == project["network"]


def _branch_table(net):
    return sorted((b.from_bus, b.to_bus, round(b.r_pu, 12), round(b.x_pu, 12), round(b.b_pu, 12),
                   round(b.tap_ratio, 12), b.shift_degree) for b in net.impedance_branches)


def test_export_matpower_reads_back_to_the_same_case(api):
    u = api.register()
    pid = import_case(u).json["id"]
    r = u.get(f"/api/projects/{pid}/export?format=matpower")
    assert r.status == 200 and r.headers["content-disposition"].endswith('IEEE_14.m"')
    back = gio.loads(r.text, "matpower")
    original = gio.loads(case_text("case14.m"), "matpower")
    assert _branch_table(back) == _branch_table(original)
    assert [(b.id, b.vn_kv) for b in back.buses] == [(b.id, b.vn_kv) for b in original.buses]
    assert sorted((g.bus, g.p_mw) for g in back.generators) == sorted((g.bus, g.p_mw) for g in original.generators)


def test_export_cgmes_is_a_zip_of_four_profiles(api):
    u = api.register()
    pid = import_case(u).json["id"]
    r = u.get(f"/api/projects/{pid}/export?format=cgmes", headers={"Accept": "application/zip"})
    assert r.status == 200 and r.headers["content-type"] == "application/zip"
    names = sorted(zipfile.ZipFile(io.BytesIO(r.body)).namelist())
    assert [n.rsplit("_", 1)[1] for n in names] == ["EQ.xml", "SSH.xml", "SV.xml", "TP.xml"]
    assert len(gio.loads(r.body, "cgmes").buses) == 14


@pytest.mark.parametrize("fmt", ["psse", "pandapower", "xml"])
def test_export_formats_the_engine_cannot_write_are_400(api, fmt):
    u = api.register()
    pid = import_case(u).json["id"]
    r = u.get(f"/api/projects/{pid}/export?format={fmt}")
    assert r.status == 400 and r.json["error"]["fields"][0]["field"] == "format"


def test_export_of_a_project_you_cannot_see_is_404(api):
    u = api.register()
    other = api.register()
    pid = import_case(u).json["id"]
    assert other.get(f"/api/projects/{pid}/export?format=gridsolve").status == 404
