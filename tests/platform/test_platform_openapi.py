"""GET /api/openapi.json describes every route; GET /api/health; a bounded schemathesis run finds no 5xx."""

from __future__ import annotations

import os
import re
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable

from app import app


def test_health(api):
    r = api.get("/api/health", token=None)
    assert r.status == 200 and r.json["status"] == "ok" and r.json["engine"] is True
    assert r.json["database"] in ("sqlite", "postgresql")


def test_openapi_describes_every_route(api):
    spec = api.get("/api/openapi.json", token=None).json
    described = {(path, m.upper()) for path, ops in spec["paths"].items() for m in ops}
    routed = {(path, m) for path, entries in app.routes.items() for m in entries}
    assert described == routed
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            assert op["summary"] and op["responses"], (method, path)
            names = {p["name"] for p in op.get("parameters", []) if p["in"] == "path"}
            assert names == set(re.findall(r"{([^}]+)}", path))
    try:
        from openapi_spec_validator import validate
    except ImportError:
        pytest.skip("openapi-spec-validator not installed")
    validate(spec)


def test_errors_never_carry_tracebacks(api, monkeypatch):
    from chalicelib.accounts import orgs

    def boom(*a, **k):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(orgs, "list_mine", boom)
    u = api.register()
    r = u.get("/api/orgs")
    assert r.status == 500 and r.json["error"]["code"] == "internal_error"
    assert "secret" not in r.text and "Traceback" not in r.text


def test_nul_characters_are_rejected_not_crashing(api):
    u = api.register()
    r = u.post("/api/projects", {"name": "a\x00b"})
    assert r.status == 400
    assert u.get("/api/projects/ab\x00cd").status in (400, 404)


EXAMPLES = int(os.environ.get("GRIDSOLVE_SCHEMATHESIS_EXAMPLES", "20"))


def _real_objects(api, user, platform) -> dict[str, str]:
    """Objects the generated requests can reach (so that they get past the 404s): a project with a completed
    study, an organization with a pending invitation."""
    from .platform_helpers import import_case

    pid = import_case(user).json["id"]
    sid = user.post(f"/api/projects/{pid}/studies", {"study_type": "power_flow"}).json["id"]
    oid = user.post("/api/orgs", {"name": "Fuzz Co"}).json["id"]
    inv = user.post(f"/api/orgs/{oid}/invitations", {"email": user.email.replace("@", "+x@")}).json["id"]
    return {"project_id": pid, "study_id": sid, "org_id": oid, "user_id": user.id, "invitation_id": inv,
            "provider": "github"}


@pytest.mark.parametrize("mode", ["positive", "negative"])
def test_schemathesis_finds_no_server_errors(platform, api, mode):
    """Every operation, generated requests (valid, then schema-violating), authenticated as a real user,
    against the full WSGI stack of the local server. Each generated request is sent twice: as generated,
    and with its path parameters pointing at real objects, so that bodies and queries reach the services
    behind the 404s. GRIDSOLVE_SCHEMATHESIS_EXAMPLES (default 20) sets the examples per operation."""
    import schemathesis
    from schemathesis.generation import GenerationMode
    from schemathesis.specs.openapi.checks import response_schema_conformance

    from chalicelib.http.local_server import make_app

    plans = {**platform.settings.plan_limits,
             "local": {**platform.settings.plan_limits["local"], "max_study_seconds": 0.5}}
    platform.settings = replace(platform.settings, plan_limits=plans)  # generated iteration limits stay short
    user = api.register()
    wsgi = make_app(platform)
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi)
    failures = []
    current: dict[str, str] = {}
    real: dict[str, str] = {}
    operations = [r.ok() for r in schema.get_all_operations()]
    assert len(operations) >= 30
    for op in operations:
        # a fresh session and fresh objects per operation (logout ends its session, deletes delete)
        login = api.post("/api/auth/login", {"email": user.email, "password": user.password}, token=None)
        current["token"] = login.json["access_token"]
        real.update(_real_objects(api, user, platform))
        try:
            strategy = op.as_strategy(generation_mode=GenerationMode(mode))
        except Exception:  # noqa: BLE001 - an operation with nothing to violate in negative mode
            continue

        def check(case):
            resp = case.call()
            if resp.status_code >= 500:
                failures.append((case.method, case.formatted_path, case.body, resp.status_code, resp.text[:300]))
            try:  # documented response bodies match their schemas
                case.validate_response(resp, checks=[response_schema_conformance])
            except (AssertionError, BaseExceptionGroup) as exc:
                failures.append((case.method, case.formatted_path, "schema", resp.status_code, str(exc)[:300]))

        @given(case=strategy)
        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        def run(case):
            # schemathesis generates a random bearer token for secured operations; use a real one
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {current['token']}"}
            check(case)
            if case.path_parameters:
                case.path_parameters = {k: real.get(k, v) for k, v in case.path_parameters.items()}
                check(case)

        try:
            run()
        except Unsatisfiable:  # negative mode: nothing in this operation can be made invalid
            continue
    assert failures == []


def test_database_down_is_503(api, platform, monkeypatch):
    from sqlalchemy.exc import OperationalError

    def down(*a, **k):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(platform.db, "session", down)
    r = api.get("/api/health", token=None)
    assert r.status == 503 and r.json["error"]["code"] == "database_unavailable"
    assert "connection refused" not in r.text
