"""CGMES through the API, on SQLite and PostgreSQL: a zip imported into a project (base64 in the import body) and
solved on the server to OpenLoadFlow's published solution; the project downloaded as a CGMES zip (the general
export, GET .../export?format=cgmes) that reads back to the same network and the same power flow; and the bad
uploads: not a zip, a damaged profile inside the zip (named with its line), no EQ profile, an unknown BaseVoltage
(named by object), invalid base64, an upload over the size limit and a zip that unpacks to more than the limit
(named by member). Also an element's equipment-library reference kept through a save."""

from __future__ import annotations

import base64
import csv
import io
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from gridsolve import io as gio
from gridsolve import run_power_flow
from gridsolve.library import element_fields, get_entry

CGMES = Path(__file__).resolve().parents[1] / "data" / "cgmes"
IEEE14 = CGMES / "ieee14" / "ieee14.zip"
V_TOL, A_TOL = 1e-6, 1e-4  # as tests/engine/test_cgmes_import.py against the same OpenLoadFlow solution


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def upload(user, data: bytes, filename: str = "ieee14.zip", name: str = "IEEE 14 (CGMES)"):
    return user.post("/api/projects/import",
                     {"name": name, "format": "cgmes", "content_base64": b64(data), "filename": filename})


def rezip(mod) -> bytes:
    """IEEE 14's zip with each member passed through `mod(name, bytes) -> bytes | None` (None drops it)."""
    src = zipfile.ZipFile(IEEE14)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n in src.namelist():
            data = mod(n, src.read(n))
            if data is not None:
                z.writestr(n, data)
    return out.getvalue()


@pytest.fixture
def user(api):
    return api.register()


def test_import_solve_and_match_openloadflow(user):
    r = upload(user, IEEE14.read_bytes())
    assert r.status == 201, r
    net = r.json["network"]
    assert r.json["bus_count"] == 14 and net["source_format"] == "cgmes"
    assert {b["id"] for b in net["buses"]} == {f"BUS-{k}" for k in range(1, 15)}  # TopologicalNode mRIDs
    # the stored network is the engine's own reading of the zip
    direct = gio.read_case(IEEE14).model_dump(mode="json")
    assert {k: v for k, v in net.items() if k != "name"} == {k: v for k, v in direct.items() if k != "name"}
    pid = r.json["id"]
    sid = user.post(f"/api/projects/{pid}/studies", {"study_type": "power_flow"}).json["id"]
    assert user.get(f"/api/projects/{pid}/studies/{sid}").json["status"] == "completed"
    res = user.get(f"/api/projects/{pid}/studies/{sid}/results?format=json").json
    buses = {b["id"]: b for b in res["buses"]}
    rows = list(csv.DictReader((CGMES / "ieee14" / "ieee14_lf_plain_buses.csv").open()))
    assert len(rows) == len(buses) == 14
    slack = buses["BUS-1"]["va_deg"]
    ref_slack = next(float(row["angle_deg"]) for row in rows if row["tn_id"] == "BUS-1")
    for row in rows:
        b = buses[row["tn_id"]]
        assert b["vm_pu"] == pytest.approx(float(row["v_pu"]), abs=V_TOL), row["tn_id"]
        assert b["va_deg"] - slack == pytest.approx(float(row["angle_deg"]) - ref_slack, abs=A_TOL), row["tn_id"]


def test_export_reads_back_to_the_same_solution(user):
    pid = upload(user, IEEE14.read_bytes(), name="Grid: IEEE/14").json["id"]
    r = user.get(f"/api/projects/{pid}/export?format=cgmes", headers={"Accept": "application/zip"})
    assert r.status == 200, r
    assert r.headers["content-type"] == "application/zip"
    assert r.headers["content-disposition"].startswith('attachment; filename="Grid') and r.headers[
        "content-disposition"].endswith('.zip"')
    names = zipfile.ZipFile(io.BytesIO(r.body)).namelist()
    assert sorted(n.rsplit("_", 1)[1] for n in names) == ["EQ.xml", "SSH.xml", "SV.xml", "TP.xml"]
    back = gio.loads(r.body, "cgmes")
    original = gio.read_case(IEEE14)
    assert [b.id for b in back.buses] == [b.id for b in original.buses]  # TopologicalNode names carry bus ids
    ours, theirs = run_power_flow(original, tol=1e-10), run_power_flow(back, tol=1e-10)
    assert ours.converged and theirs.converged
    for bus in ours.bus_ids:
        assert theirs.bus_vm(bus) == pytest.approx(ours.bus_vm(bus), abs=1e-8), bus
    # the exported zip imports again through the API
    again = upload(user, r.body, filename="Grid_IEEE_14_cgmes.zip")
    assert again.status == 201 and again.json["bus_count"] == 14


def test_export_of_a_network_without_a_solution_is_a_clear_400(user):
    net = {"name": "no state", "buses": [{"id": "a", "vn_kv": 20}, {"id": "b", "vn_kv": 20}],
           "external_grids": [{"id": "g", "bus": "a"}],
           "lines": [{"id": "l", "from_bus": "a", "to_bus": "b", "length_km": 1, "r_ohm_per_km": 0.1,
                      "x_ohm_per_km": 0.1}],
           "loads": [{"id": "d", "bus": "b", "p_mw": 5000, "q_mvar": 3000}]}
    pid = user.post("/api/projects", {"name": "collapse", "network": net}).json["id"]
    r = user.get(f"/api/projects/{pid}/export?format=cgmes")
    assert r.status == 400 and "does not converge" in r.json["error"]["message"], r


def test_not_a_zip(user):
    r = upload(user, b"PK\x03\x04 this is not really a zip", filename="broken.zip")
    assert r.status == 400, r
    assert "broken.zip is not a readable zip archive" in r.json["error"]["message"]
    assert r.json["error"]["fields"][0]["field"] == "content_base64"


def test_damaged_profile_is_named_with_its_line(user):
    data = rezip(lambda n, d: d[: len(d) // 2] if n.endswith("_EQ.xml") else d)
    r = upload(user, data, filename="cut.zip")
    assert r.status == 400, r
    err = r.json["error"]
    assert "file cut.zip:ieee14_EQ.xml" in err["message"] and "line " in err["message"], err
    f = err["fields"][0]
    assert f["file"] == "cut.zip:ieee14_EQ.xml" and f["line"] > 1 and f["field"].startswith("content_base64")


def test_zip_without_eq(user):
    r = upload(user, rezip(lambda n, d: None if n.endswith("_EQ.xml") else d), filename="noeq.zip")
    assert r.status == 400, r
    f = r.json["error"]["fields"][0]
    assert f["field"] == "content_base64.EQ" and f["file"] == "noeq.zip" and "no EQ" in f["message"]


def test_unknown_base_voltage_names_the_object(user):
    """A transformer end referring to a BaseVoltage no profile defines: the error names the profile file inside
    the zip, its line, the end's mRID and the CIM attribute."""
    def dangle(name: str, data: bytes) -> bytes:
        if not name.endswith("_EQ.xml"):
            return data
        marker = b'TransformerEnd.BaseVoltage rdf:resource="#'
        at = data.index(marker) + len(marker)
        return data[:at] + b"nowhere-" + data[at:]
    r = upload(user, rezip(dangle), filename="dangling.zip")
    assert r.status == 400, r
    f = r.json["error"]["fields"][0]
    assert f["file"] == "dangling.zip:ieee14_EQ.xml" and f["line"] > 1 and f["element_id"] == "TWT-4-7_TW1"
    assert f["field"] == "content_base64.TransformerEnd.BaseVoltage" and "nowhere-_1_BV" in f["message"]
    assert "element TWT-4-7_TW1" in r.json["error"]["message"]


def test_bad_base64_and_missing_content(user):
    r = user.post("/api/projects/import", {"name": "x", "format": "cgmes", "content_base64": "not base64 !"})
    assert r.status == 400 and r.json["error"]["fields"][0] == {"field": "content_base64", "message": "invalid base64"}
    r = user.post("/api/projects/import", {"name": "x", "format": "cgmes"})
    assert r.status == 400 and r.json["error"]["fields"][0]["field"] == "content_base64"


def test_upload_over_the_size_limit_is_413(user, platform):
    data = IEEE14.read_bytes()
    platform.settings = replace(platform.settings, max_upload_bytes=len(data))  # the base64 body is larger
    r = upload(user, data)
    assert r.status == 413 and r.json["error"]["code"] == "payload_too_large", r


def test_zip_unpacking_to_too_much_is_413_naming_the_member(user, platform):
    platform.settings = replace(platform.settings, max_unpacked_bytes=5_000_000)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("model_EQ.xml", IEEE14.read_bytes()[:10])
        z.writestr("huge_SSH.xml", b"\0" * 6_000_000)  # compresses to a few kB
    assert len(bomb.getvalue()) < 20_000
    r = upload(user, bomb.getvalue(), filename="bomb.zip")
    assert r.status == 413, r
    assert "bomb.zip:huge_SSH.xml" in r.json["error"]["message"]
    # a zip inside the zip counts what it unpacks to
    outer = io.BytesIO()
    with zipfile.ZipFile(outer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("inner.zip", bomb.getvalue())
    r = upload(user, outer.getvalue(), filename="outer.zip")
    assert r.status == 413 and "outer.zip:inner.zip:huge_SSH.xml" in r.json["error"]["message"], r


def test_a_library_reference_is_kept_through_a_save(user):
    entry = get_entry("pp-nayy-4x50-se")  # what POST /api/equipment/{id}/apply answers (test_platform_equipment)
    fields = element_fields(entry, "line")
    ref = {"equipment_id": entry.id, "revision": "0123abcd", "name": entry.name, "values": fields}
    net = {"name": "lv", "buses": [{"id": "a", "vn_kv": 0.4}, {"id": "b", "vn_kv": 0.4}],
           "lines": [{"id": "L1", "from_bus": "a", "to_bus": "b", "length_km": 0.2, **fields,
                      "r_ohm_per_km": fields["r_ohm_per_km"] * 1.1, "library": ref}]}
    p = user.post("/api/projects", {"name": "lv", "network": net})
    assert p.status == 201, p
    line = p.json["network"]["lines"][0]
    assert line["library"] == ref and line["library"]["values"]["r_ohm_per_km"] == fields["r_ohm_per_km"]
    bad = {**net, "lines": [{**net["lines"][0], "library": {**ref, "equipment_id": ""}}]}
    r = user.post("/api/projects", {"name": "lv", "network": bad})
    assert r.status == 400 and r.json["error"]["fields"][0]["element_id"] == "L1", r
