"""Issue 9, hostile input: each probe finding reproduced; none may answer 5xx, and every error has the
documented body (`ErrorBody`)."""

from __future__ import annotations

import errno
import io
import json
from wsgiref.util import setup_testing_defaults

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from chalicelib.http.body import json_depth
from chalicelib.http.errors import ErrorBody
from chalicelib.storage.models import Study

from .platform_helpers import import_case, small_network


def error_of(r) -> dict:
    ErrorBody.model_validate(r.json)  # the documented shape, whatever the status
    return r.json["error"]


def test_json_depth_is_measured_without_parsing():
    assert json_depth(b'{"a": [1, {"b": "[[[[{{"}]}') == 3
    assert json_depth(b'"[[["') == 0 and json_depth(b"") == 0
    assert json_depth(b'{"a": "\\"[[["}') == 1


@pytest.mark.parametrize("path", ["/api/auth/register", "/api/auth/login", "/api/projects"])
def test_deeply_nested_json_is_400_everywhere(api, path):
    u = api.register()
    deep = "[" * 600 + "]" * 600
    r = u.post(path, raw=json.dumps({"name": "x", "email": "a@b.cc", "password": "x"})[:-1] + f', "n": {deep}}}')
    assert r.status == 400, r
    assert "nests" in error_of(r)["message"]


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_non_finite_numbers_are_refused_with_the_field(api, literal):
    u = api.register()
    net = json.dumps(small_network()).replace('"vn_kv": 110.0', f'"vn_kv": {literal}', 1)
    r = u.post("/api/projects", raw=f'{{"name": "nf", "network": {net}}}')
    assert r.status == 400, r
    err = error_of(r)
    assert err["fields"][0]["field"] == "network.buses.0.vn_kv" and "finite" in err["fields"][0]["message"]


def test_non_finite_in_the_network_model_itself():
    """The engine refuses non-finite numbers too (whatever the entry point): base_mva 1e999, NaN reactances."""
    from gridsolve.errors import InvalidNetworkError
    from gridsolve.model import parse_network

    net = small_network()
    net["lines"][0]["x_ohm_per_km"] = float("nan")
    with pytest.raises(InvalidNetworkError) as exc:
        parse_network(net)
    assert exc.value.element_id == "l1" and exc.value.field == "x_ohm_per_km"
    with pytest.raises(InvalidNetworkError) as exc:
        parse_network({**small_network(), "base_mva": float("inf")})
    assert exc.value.field == "base_mva"


def test_lone_surrogate_in_a_name_is_400(api):
    u = api.register()
    r = u.post("/api/projects", raw='{"name": "bad \\ud800 name"}')
    assert r.status == 400 and error_of(r)["fields"][0]["field"] == "name"
    r = u.post("/api/orgs", raw='{"name": "\\udfff"}')
    assert r.status == 400


def test_wrong_method_and_unknown_route_answer_our_error_body(api):
    u = api.register()
    r = api.call("PUT", "/api/projects", body={}, token=u.access)  # a route without this method: chalice's 405
    assert r.status == 405 and error_of(r)["code"] == "method_not_allowed"
    assert "Code" not in r.json


def test_text_plain_bodies_are_refused_on_state_changing_routes(api):
    u = api.register()
    for path in ("/api/auth/login", "/api/auth/register"):
        r = api.post(path, raw=json.dumps({"email": u.email, "password": u.password}), token=None,
                     headers={"Content-Type": "text/plain"})
        assert r.status == 415 and error_of(r)["code"] == "unsupported_media_type"
    r = u.post("/api/projects", raw='{"name": "ok"}', headers={"Content-Type": "application/json; charset=utf-8"})
    assert r.status == 201


def test_security_headers_on_api_responses(api):
    r = api.get("/api/health", token=None)
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert r.headers["referrer-policy"] == "no-referrer"
    assert api.get("/api/projects", token=None).headers["x-content-type-options"] == "nosniff"  # errors too


@pytest.mark.parametrize("solution", [
    {"buses": [1]}, {"branches": 5}, {"totals": "x"}, {"vm_pu": "x"}, [], "x",
])
def test_recorded_browser_results_are_validated(api, solution):
    u = api.register()
    pid = import_case(u).json["id"]
    r = u.post(f"/api/projects/{pid}/studies/record",
               {"study_type": "power_flow", "analysis_method": "newton_raphson", "solution": solution})
    assert r.status == 400, r
    error_of(r)


@pytest.mark.parametrize("wall", ["Infinity", "1e400", '"x"', "-1", "true", "1" + "0" * 400])
def test_recorded_wall_time_is_validated(api, wall):
    u = api.register()
    pid = import_case(u).json["id"]
    body = '{"study_type": "power_flow", "analysis_method": "newton_raphson", "solution": {}, "wall_time_s": %s}'
    r = u.post(f"/api/projects/{pid}/studies/record", raw=body % wall)
    assert r.status == 400, r
    assert any(f["field"] in ("wall_time_s", "solution") for f in error_of(r)["fields"])
    listed = u.get(f"/api/projects/{pid}/studies")
    assert listed.status == 200 and listed.json["studies"] == []


def test_csv_cells_cannot_run_as_formulas():
    from chalicelib.engine import csv_table

    text = csv_table([{"id": "=HYPERLINK(\"x\")", "name": "+1", "zone": "-cmd", "at": "@SUM(A1)", "p_mw": -12.5,
                  "q": -3, "ok": "bus 1"}])
    row = text.splitlines()[1].split(",")
    assert row[0].startswith("\"'=HYPERLINK") and row[1:4] == ["'+1", "'-cmd", "'@SUM(A1)"]
    assert row[4:] == ["-12.5", "-3", "bus 1"]  # numbers stay numbers


def test_disk_full_on_study_creation_is_507_and_stores_nothing(api, platform, monkeypatch):
    u = api.register()
    pid = import_case(u).json["id"]

    def full(key, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(platform.blobs, "put", full)
    r = u.post(f"/api/projects/{pid}/studies", {"study_type": "power_flow"})
    assert r.status == 507 and error_of(r)["code"] == "insufficient_storage", r
    with platform.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Study)) == 0
    assert u.get(f"/api/projects/{pid}").status == 200  # what was stored before is intact


def test_database_full_is_507_and_locked_is_503(api, platform, monkeypatch):
    u = api.register()
    from chalicelib.accounts import orgs

    def full(*a, **k):
        raise OperationalError("INSERT", {}, Exception("database or disk is full"))

    monkeypatch.setattr(orgs, "create", full)
    r = u.post("/api/orgs", {"name": "o"})
    assert r.status == 507 and r.headers.get("retry-after")

    def locked(*a, **k):
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(orgs, "create", locked)
    r = u.post("/api/orgs", {"name": "o"})
    assert r.status == 503 and error_of(r)["code"] == "database_unavailable"


def _wsgi(app, path: str, method: str = "GET", body: bytes = b"", ctype: str | None = None):
    environ: dict = {"PATH_INFO": path, "REQUEST_METHOD": method, "CONTENT_LENGTH": str(len(body))}
    if ctype:
        environ["CONTENT_TYPE"] = ctype
    setup_testing_defaults(environ)
    environ["wsgi.input"] = io.BytesIO(body)
    out = {}

    def start_response(status, headers):
        out["status"], out["headers"] = int(status.split()[0]), dict(headers)

    payload = b"".join(app(environ, start_response))
    return out["status"], out["headers"], payload


def test_local_server_odd_paths_and_405_bodies(platform, tmp_path):
    from chalicelib.http.local_server import make_app

    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<html>app</html>")
    app = make_app(platform, dist)
    for path in ("/assets/\x00.js", "/\x00", "/api/\x00", "/assets/\xff\xfe.js"):  # %00, invalid UTF-8
        status, headers, body = _wsgi(app, path)
        assert status == 404, (path, status, body)
        ErrorBody.model_validate_json(body)
    status, headers, body = _wsgi(app, "/api/projects", "PUT", b"{}", "application/json")
    assert status == 405
    assert json.loads(body)["error"]["code"] == "method_not_allowed"
    status, headers, body = _wsgi(app, "/api/nowhere")
    assert status == 404 and ErrorBody.model_validate_json(body)
    platform.live_url = "ws://127.0.0.1:9/api/live"
    status, headers, _ = _wsgi(app, "/")
    assert "wasm-unsafe-eval" in headers["Content-Security-Policy"]
    assert "connect-src 'self' ws://127.0.0.1:9;" in headers["Content-Security-Policy"]  # live progress
    assert headers["X-Content-Type-Options"] == "nosniff" and "frame-ancestors 'none'" in \
        headers["Content-Security-Policy"]


def _many_buses_case(n: int) -> str:
    rows = "\n".join(f"\t{k + 1}\t{3 if k == 0 else 1}\t0\t0\t0\t0\t1\t1\t0\t110\t1\t1.1\t0.9;" for k in range(n))
    return ("function mpc = many\nmpc.version = '2';\nmpc.baseMVA = 100;\nmpc.bus = [\n" + rows + "\n];\n"
            "mpc.gen = [\n\t1\t0\t0\t10\t-10\t1\t100\t1\t100\t0;\n];\nmpc.branch = [\n];\n")


def test_oversized_import_is_refused_before_the_layout(api, platform, monkeypatch):
    """40,000 unconnected buses on a plan that allows 25: 402 before any layout work."""
    from chalicelib.projects import layout
    from chalicelib.storage.models import User

    u = api.register()
    with platform.db.session() as s:
        s.get(User, u.id).plan = "free"

    def no_layout(*a, **k):
        raise AssertionError("layout ran for a network the plan refuses")

    monkeypatch.setattr(layout, "complete", no_layout)
    r = u.post("/api/projects/import", {"name": "big", "format": "matpower", "content": _many_buses_case(40_000)})
    assert r.status == 402 and "at most 25 buses" in error_of(r)["message"], r


@pytest.mark.parametrize("content", [
    "mpc.version = '2';\nmpc.baseMVA = 100;\nmpc.bus = [\n];\nmpc.gen = [\n];\nmpc.branch = [\n];\n",
    "mpc.version = '2';\nmpc.baseMVA = 100;\nmpc.bus = [\n\t1\tInf\t0\t0\t0\t0\t1\t1\t0\t345\t1\t1.1\t0.9;\n];\n"
    "mpc.gen = [\n];\nmpc.branch = [\n];\n",
])
def test_odd_matpower_imports_are_4xx(api, content):
    u = api.register()
    r = u.post("/api/projects/import", {"name": "odd", "format": "matpower", "content": content})
    assert r.status < 500, r
    if r.status == 201:  # an empty network is a project without buses; running a study on it is a 400
        s = u.post(f"/api/projects/{r.json['id']}/studies", {"study_type": "power_flow"})
        assert s.status == 400, s
    else:
        error_of(r)
