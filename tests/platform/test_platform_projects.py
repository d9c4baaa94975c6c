"""Projects: CRUD, import, validation errors, versioning (ETag / If-Match), fork, samples, plan limits, 413."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from .platform_helpers import case_text, import_case, positions, small_network


def test_create_get_list_patch_delete(api):
    u = api.register()
    r = u.post("/api/projects", {"name": "Feeder A", "description": "d", "network": small_network()})
    assert r.status == 201, r
    pid, etag = r.json["id"], r.headers["etag"]
    assert r.json["bus_count"] == 2 and r.json["version"] == 1 and r.json["access"] == "owner"
    assert r.json["network"]["buses"][0]["id"] == "b1"
    g = u.get(f"/api/projects/{pid}")
    assert g.status == 200 and g.headers["etag"] == etag
    lst = u.get("/api/projects")
    assert [p["id"] for p in lst.json["projects"]] == [pid]
    assert "network" not in lst.json["projects"][0]
    r = u.patch(f"/api/projects/{pid}", {"name": "Feeder B"}, headers={"If-Match": etag})
    assert r.status == 200 and r.json["name"] == "Feeder B" and r.json["version"] == 2
    assert r.headers["etag"] != etag
    assert u.delete(f"/api/projects/{pid}").status == 204
    assert u.get(f"/api/projects/{pid}").status == 404


def test_empty_project(api):
    u = api.register()
    r = u.post("/api/projects", {"name": "Blank"})
    assert r.status == 201 and r.json["bus_count"] == 0


def test_two_tabs_cannot_overwrite_each_other(api):
    u = api.register()
    r = u.post("/api/projects", {"name": "P", "network": small_network()})
    pid, etag = r.json["id"], r.headers["etag"]
    net = r.json["network"]
    net["loads"][0]["p_mw"] = 12.0
    tab1 = u.patch(f"/api/projects/{pid}", {"network": net}, headers={"If-Match": etag})
    assert tab1.status == 200 and tab1.json["network"]["loads"][0]["p_mw"] == 12.0
    net["loads"][0]["p_mw"] = 99.0
    tab2 = u.patch(f"/api/projects/{pid}", {"network": net}, headers={"If-Match": etag})
    assert tab2.status == 412 and tab2.headers["etag"] == tab1.headers["etag"]
    assert u.get(f"/api/projects/{pid}").json["network"]["loads"][0]["p_mw"] == 12.0
    # version in the body works as well; no version at all is refused (428)
    assert u.patch(f"/api/projects/{pid}", {"name": "x", "version": 1}).status == 412
    assert u.patch(f"/api/projects/{pid}", {"name": "x", "version": 2}).status == 200
    assert u.patch(f"/api/projects/{pid}", {"name": "y"}).status == 428
    assert u.patch(f"/api/projects/{pid}", {"bogus": 1, "version": 3}).status == 400
    assert u.delete(f"/api/projects/{pid}", headers={"If-Match": '"stale"'}).status == 412


def test_field_level_errors_carry_element_and_field(api):
    u = api.register()
    bad = small_network()
    bad["lines"][0]["r_ohm_per_km"] = -1
    r = u.post("/api/projects", {"name": "P", "network": bad})
    assert r.status == 400 and r.json["error"]["code"] == "invalid_network"
    f = r.json["error"]["fields"][0]
    assert f["element_id"] == "l1" and f["field"].endswith("r_ohm_per_km")
    bad = small_network()
    bad["lines"][0]["to_bus"] = "nowhere"
    r = u.post("/api/projects", {"name": "P", "network": bad})
    assert r.status == 400
    assert {"element_id": "l1", "field": "network.to_bus"}.items() <= r.json["error"]["fields"][0].items()
    assert "Traceback" not in r.text
    r = u.post("/api/projects", {"name": "", "network": small_network()})
    assert r.status == 400 and r.json["error"]["fields"][0]["field"] == "name"
    r = u.post("/api/projects", {"name": "P", "network": [1]})
    assert r.status == 400


def test_import_matpower_and_layout(api):
    u = api.register()
    r = import_case(u)
    assert r.json["bus_count"] == 14
    pos = positions(r.json)
    assert len(pos) == 14 and "x" not in r.json["network"]["buses"][0]  # every bus placed, in the diagram
    assert len(set(pos.values())) == 14  # distinct positions


def test_import_native_roundtrip_and_errors(api):
    u = api.register()
    r = u.post("/api/projects/import", {"name": "N", "format": "gridsolve", "content": json.dumps(small_network())})
    assert r.status == 201, r
    r = u.post("/api/projects/import", {"name": "N", "format": "excel", "content": "x"})
    assert r.status == 400 and r.json["error"]["fields"][0]["field"] == "format"
    r = u.post(
        "/api/projects/import", {"name": "N", "format": "matpower", "content": "function mpc = x\nmpc.bus = [1 2;"}
    )
    assert r.status == 400 and r.json["error"]["code"] == "invalid_network"
    assert "Traceback" not in r.text
    r = u.post("/api/projects/import", {"name": "N", "format": "matpower"})
    assert r.status == 400 and r.json["error"]["fields"][0]["field"] == "content"


def test_oversized_upload_is_413(api, platform):
    platform.settings = replace(platform.settings, max_upload_bytes=2000)
    u = api.register()
    r = u.post("/api/projects/import", {"name": "big", "format": "matpower", "content": case_text("case14.m")})
    assert r.status == 413 and r.json["error"]["code"] == "payload_too_large"


def test_fork(api):
    a, b = api.register(), api.register()
    pid = import_case(a).json["id"]
    assert b.post(f"/api/projects/{pid}/fork", {}).status == 404  # private: b cannot see it
    r = a.post(f"/api/projects/{pid}/fork", {"name": "mine"})
    assert r.status == 201 and r.json["forked_from_id"] == pid and r.json["name"] == "mine"
    assert r.json["network"] == a.get(f"/api/projects/{pid}").json["network"]


def test_plan_bus_limit_is_402(api, platform):
    platform.settings = replace(platform.settings, default_plan="free")
    u = api.register()
    assert u.get("/api/auth/me").json["plan"] == "free"
    r = u.post("/api/projects/import", {"name": "x", "format": "matpower", "content": case_text("case30.m")})
    assert r.status == 402
    assert "25 buses" in r.json["error"]["message"] and "free" in r.json["error"]["message"]
    assert import_case(u).status == 201  # 14 buses fit


def test_plan_limits_configurable(monkeypatch, tmp_path):
    from chalicelib.config import load_settings

    s = load_settings({"GRIDSOLVE_DATA_DIR": str(tmp_path)})
    assert s.default_plan == "local" and s.plan_limits["local"]["max_buses"] is None
    per_period = {"max_server_minutes_per_month": None, "max_contingency_outages_per_month": None}
    assert s.plan_limits["free"] == {"max_buses": 25, "max_studies_per_month": 10, "max_concurrent_studies": 1,
                                     "max_study_seconds": 60, **per_period}
    assert s.plan_limits["professional"] == {"max_buses": 5000, "max_studies_per_month": 500,
                                             "max_concurrent_studies": 2, "max_study_seconds": 900, **per_period}
    s = load_settings(
        {
            "GRIDSOLVE_DATA_DIR": str(tmp_path),
            "GRIDSOLVE_PLAN_LIMITS": '{"free": {"max_buses": 5}, "utility": {"max_server_minutes_per_month": 9000}}',
        }
    )
    assert s.plan_limits["free"]["max_buses"] == 5
    assert s.plan_limits["free"]["max_study_seconds"] == 60  # merged into the built-in plan
    assert s.plan_limits["free"]["max_studies_per_month"] == 10  # one override keeps the plan's other limits
    assert s.plan_limits["utility"]["max_server_minutes_per_month"] == 9000
    with pytest.raises(ValueError, match="max_bus"):
        load_settings({"GRIDSOLVE_DATA_DIR": str(tmp_path), "GRIDSOLVE_PLAN_LIMITS": '{"free": {"max_bus": 5}}'})


def test_samples_seeded_public_and_forkable(api, platform, monkeypatch):
    from chalicelib import engine
    from chalicelib.projects import samples

    monkeypatch.setattr(engine, "sample_text", lambda fn: case_text(fn if fn != "case57.m" else "case30.m"))
    monkeypatch.setattr(
        engine, "SAMPLES", {"ieee14": ("case14.m", "IEEE 14-bus system"), "ieee30": ("case30.m", "IEEE 30-bus system")}
    )
    assert samples.seed_samples(platform.db) == 2
    assert samples.seed_samples(platform.db) == 0  # idempotent
    u = api.register()
    pub = u.get("/api/projects?scope=public").json["projects"]
    assert sorted(p["name"] for p in pub) == ["IEEE 14-bus system", "IEEE 30-bus system"]
    assert all(p["is_public"] and p["is_sample"] and p["access"] == "public" for p in pub)
    sample = next(p for p in pub if p["bus_count"] == 14)
    full = u.get(f"/api/projects/{sample['id']}").json
    assert len(positions(full)) == len(full["network"]["buses"])
    etag = u.get(f"/api/projects/{sample['id']}").headers["etag"]
    assert u.patch(f"/api/projects/{sample['id']}", {"name": "x"}, headers={"If-Match": etag}).status == 403
    assert u.delete(f"/api/projects/{sample['id']}").status == 403
    fork = u.post(f"/api/projects/{sample['id']}/fork", {})
    assert fork.status == 201 and fork.json["is_public"] is False and fork.json["access"] == "owner"


@pytest.mark.parametrize("filename", ["case14.m", "case30.m", "case57.m", "case118.m"])
def test_bundled_samples_parse(filename):
    from chalicelib import engine
    from chalicelib.projects import diagram, layout

    net = engine.parse_import(engine.sample_text(filename), "matpower", filename).network
    placed = layout.complete(net, diagram.Diagram())
    assert set(diagram.bus_positions(placed)) == {b.id for b in net.buses}


def test_layered_layout_is_deterministic():
    from chalicelib import engine
    from chalicelib.projects import layout

    net = engine.parse_import(case_text("case118.m"), "matpower", "118").network
    a, b = layout.layered_positions(net), layout.layered_positions(net)
    assert a == b and len(a) == 118 and len(set(a.values())) == 118


@pytest.mark.parametrize(
    ("fmt", "filename", "buses"),
    [("psse", "ieee14_v33.raw", 14), ("pandapower", "pp_four_bus.json", 4), ("matpower", "case118.m", 118)],
)
def test_import_formats_and_run(api, fmt, filename, buses):
    u = api.register()
    r = u.post("/api/projects/import", {"name": filename, "format": fmt, "content": case_text(filename)})
    assert r.status == 201, r
    assert r.json["bus_count"] == buses and len(positions(r.json)) == buses
    st = u.post(f"/api/projects/{r.json['id']}/studies", {"study_type": "power_flow"})
    assert u.get(f"/api/projects/{r.json['id']}/studies/{st.json['id']}").json["status"] == "completed"


def test_patch_network_over_plan_limit_is_402(api, platform):
    platform.settings = replace(platform.settings, default_plan="free")
    u = api.register()
    r = u.post("/api/projects", {"name": "p", "network": small_network()})
    assert u.patch(f"/api/projects/{r.json['id']}", {"network": small_network(30), "version": 1}).status == 402
    assert u.get(f"/api/projects/{r.json['id']}").json["bus_count"] == 2


def test_concurrent_writers_cannot_both_win(api, platform):
    """Two requests that both passed the If-Match check: the database decides, the second gets 412."""
    import pytest as _pytest
    from sqlalchemy.orm.exc import StaleDataError

    from chalicelib.storage.models import Project

    u = api.register()
    pid = u.post("/api/projects", {"name": "p", "network": small_network()}).json["id"]
    s1 = platform.db.sessionmaker()
    p1 = s1.get(Project, pid)  # writer 1 has loaded version 1 ...
    etag = u.get(f"/api/projects/{pid}").headers["etag"]
    assert u.patch(f"/api/projects/{pid}", {"name": "writer 2"}, headers={"If-Match": etag}).status == 200
    p1.name = "writer 1"  # ... and saves after writer 2
    with _pytest.raises(StaleDataError):
        s1.commit()
    s1.rollback()
    s1.close()
    got = u.get(f"/api/projects/{pid}").json
    assert got["name"] == "writer 2" and got["version"] == 2


def test_diagram_round_trip_and_validation(api):
    """Free placement, rotation and waypoints live in the project's diagram, versioned with the project."""
    u = api.register()
    r = u.post("/api/projects", {"name": "d", "network": small_network()})
    pid, etag = r.json["id"], r.headers["etag"]
    diagram = r.json["diagram"]
    assert set(diagram["elements"]) == {"b1", "b2"}  # buses laid out automatically
    diagram["elements"]["ld1"] = {"x": 333.0, "y": 222.0, "rotation": 270}
    diagram["elements"]["l1"] = {"waypoints": [[50.0, 60.0], [80.0, 60.0]]}
    diagram["elements"]["b2"]["rotation"] = 90
    r = u.patch(f"/api/projects/{pid}", {"diagram": diagram}, headers={"If-Match": etag})
    assert r.status == 200 and r.json["version"] == 2
    got = u.get(f"/api/projects/{pid}").json["diagram"]["elements"]
    assert got["ld1"] == {"x": 333.0, "y": 222.0, "rotation": 270, "length": None, "waypoints": []}
    assert got["l1"]["waypoints"] == [[50.0, 60.0], [80.0, 60.0]] and got["b2"]["rotation"] == 90
    bad = u.patch(f"/api/projects/{pid}", {"diagram": {"elements": {"b1": {"x": 1, "y": 2, "rotation": 45}}}},
                  headers={"If-Match": r.headers["etag"]})
    assert bad.status == 400 and bad.json["error"]["fields"][0]["field"] == "diagram.elements.b1.rotation"
    # removing the load from the network drops its placement; the buses keep theirs
    net = small_network()
    net["loads"] = []
    r = u.patch(f"/api/projects/{pid}", {"network": net}, headers={"If-Match": r.headers["etag"]})
    assert "ld1" not in r.json["diagram"]["elements"] and r.json["diagram"]["elements"]["b2"]["rotation"] == 90
    fork = u.post(f"/api/projects/{pid}/fork", {}).json
    assert fork["diagram"] == r.json["diagram"]


def test_layout_route_places_missing_buses(api):
    net = small_network(n_extra=3)
    r = api.post("/api/diagram/layout", {"network": net, "diagram": {"elements": {"b1": {"x": 5.0, "y": 7.0}}}},
               token=None)
    assert r.status == 200
    el = r.json["elements"]
    assert el["b1"]["x"] == 5.0 and el["b1"]["y"] == 7.0 and len(el) == 5
    assert all(el[b]["y"] > 7.0 for b in ("b2", "e0", "e1", "e2"))  # laid out below what was placed
    again = api.post("/api/diagram/layout", {"network": net, "diagram": r.json, "replace": True}, token=None).json
    assert again["elements"]["b1"] != {"x": 5.0, "y": 7.0}


def test_compiled_network_and_stateless_results(api):
    """The browser's solver gets the compiled network from the engine and the engine builds its results."""
    from .platform_helpers import browser_solution

    u = api.register()
    pid = import_case(u).json["id"]
    r = u.get(f"/api/projects/{pid}/compiled")
    assert r.status == 200 and r.json["format"] == "gridsolve-compiled" and r.json["n_bus"] == 14
    assert r.headers["etag"] == f'"{r.json["network_hash"]}"'
    network = u.get(f"/api/projects/{pid}").json["network"]
    assert api.post("/api/engine/compile", {"network": network}, token=None).json == r.json
    body = {"study_type": "power_flow", "network": network, "solution": browser_solution(network)}
    res = api.post("/api/engine/results", body, token=None)
    assert res.status == 200 and res.json["status"] == "completed"
    assert res.json["summary"]["losses_mw"] == pytest.approx(13.393, abs=0.01)
    bad = api.post("/api/engine/compile", {"network": {"buses": [{"id": "a"}]}}, token=None)
    assert bad.status == 400 and bad.json["error"]["fields"][0]["field"] == "network.vn_kv"


def test_pandapower_geodata_becomes_the_diagram(api):
    """Bus positions from the file (pandapower geodata) are kept, scaled, north up."""
    import pandapower as pp
    import pandapower.networks as pn

    net = pn.create_cigre_network_mv(with_der=False)
    text = pp.to_json(net)
    u = api.register()
    r = u.post("/api/projects/import", {"name": "cigre", "format": "pandapower", "content": text})
    assert r.status == 201, r
    pos = positions(r.json)
    geo = {f"bus_{i}": json.loads(g)["coordinates"] for i, g in net.bus.geo.items()}
    assert len(pos) == len(geo)
    (a, ga), (b, gb) = list(geo.items())[1], list(geo.items())[5]
    ratio_x = (pos[b][0] - pos[a][0]) / (gb[0] - ga[0]) if gb[0] != ga[0] else None
    ratio_y = (pos[b][1] - pos[a][1]) / (gb[1] - ga[1]) if gb[1] != ga[1] else None
    if ratio_x and ratio_y:
        # same scale on both axes, y flipped (north up); positions are rounded to 0.1 px
        assert ratio_x == pytest.approx(-ratio_y, rel=1e-3)


def _ieee13_files() -> tuple[str, dict[str, str]]:
    from tests.conftest import DATA

    folder = DATA / "opendss" / "ieee13"
    return (folder / "IEEE13Nodeckt.dss").read_text(), {
        p.name: p.read_text() for p in folder.iterdir() if p.name != "IEEE13Nodeckt.dss" and p.is_file()}


def test_opendss_feeder_import_and_unbalanced_study(api):
    """A .dss feeder (with the files it redirects to) becomes a feeder project with its bus coordinates in the
    diagram; the unbalanced study runs on the server and matches OpenDSS's published solution."""
    from tests.conftest import DATA, read_csv

    main, files = _ieee13_files()
    u = api.register()
    r = u.post("/api/projects/import", {"name": "IEEE 13", "format": "opendss", "content": main,
                                        "filename": "IEEE13Nodeckt.dss", "files": files})
    assert r.status == 201, r
    assert r.json["model_kind"] == "feeder" and r.json["bus_count"] == 16
    assert len(positions_of(r.json)) == 16 and not r.json["network"]["coordinates"]
    pid = r.json["id"]
    bad = u.post(f"/api/projects/{pid}/studies", {"study_type": "power_flow"})
    assert bad.status == 400 and bad.json["error"]["fields"][0]["field"] == "study_type"
    sid = u.post(f"/api/projects/{pid}/studies", {"study_type": "unbalanced_power_flow"}).json["id"]
    st = u.get(f"/api/projects/{pid}/studies/{sid}").json
    assert st["status"] == "completed", st
    res = u.get(f"/api/projects/{pid}/studies/{sid}/results").json
    ref = {(row["bus"], int(row["node"])): float(row["v_pu"])
           for row in read_csv(DATA / "opendss" / "ieee13" / "ieee13_regcontrol_voltages_ln.csv")}
    got = {(n["bus"], n["node"]): n["v_pu"] for n in res["nodes"]}
    worst = max(abs(got[k] - v) / v for k, v in ref.items() if k in got)
    assert len(got) >= len(ref) - 1 and worst < 1e-5  # the engine tests hold every node to 1e-5 relative
    assert [t["tap_step"] for t in res["taps"]] == [9, 6, 9]  # OpenDSS RegControl's taps


def test_opendss_import_errors(api):
    u = api.register()
    main, files = _ieee13_files()
    r = u.post("/api/projects/import", {"name": "x", "format": "opendss", "content": main})  # no redirected files
    assert r.status == 400 and "IEEELineCodes" in r.json["error"]["message"]
    r = u.post("/api/projects/import", {"name": "x", "format": "opendss", "content": main,
                                        "files": {"../etc/passwd": "x"}})
    assert r.status == 400 and r.json["error"]["fields"][0]["field"] == "files.../etc/passwd"


def positions_of(project: dict) -> dict:
    return {k: (v["x"], v["y"]) for k, v in project["diagram"]["elements"].items() if v.get("x") is not None}
