"""The local server as a user runs it: a subprocess on a free port, driven over HTTP.

Covers the README walk-through (register, import case14, NR / FD / GS, progress, CSV), static files with
the single-page-app fallback, clean stop on SIGTERM, and recovery after kill -9 during a long study.
"""

from __future__ import annotations

import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from wsgiref.util import setup_testing_defaults

import pytest

from .platform_helpers import case_text

REPO = Path(__file__).resolve().parents[2]
TERMINAL = ("completed", "failed", "cancelled")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, data_dir: Path, **env: str):
        self.data_dir = data_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "GRIDSOLVE_DATA_DIR": str(data_dir),
            "GRIDSOLVE_PORT": str(self.port),
            "GRIDSOLVE_RUNNER": "process",
            "GRIDSOLVE_WORKERS": "1",
            "GRIDSOLVE_SEED_SAMPLES": "0",
            "GRIDSOLVE_BCRYPT_ROUNDS": "4",
            "GRIDSOLVE_JWT_SECRET": "test-secret-" + "x" * 40,
            **env,
        }
        if "DATABASE_URL" not in env:
            self.env.pop("DATABASE_URL", None)
        self.proc: subprocess.Popen | None = None

    def start(self) -> Server:
        self.log = open(self.data_dir.parent / f"server-{self.port}.log", "ab")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "chalicelib.http.local_server"],
            cwd=REPO,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        for _ in range(600):
            if self.proc.poll() is not None:
                raise AssertionError(f"server exited with {self.proc.returncode}: {self.read_log()}")
            try:
                if self.call("GET", "/api/health")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        raise AssertionError("server did not start: " + self.read_log())

    def read_log(self) -> str:
        return (self.data_dir.parent / f"server-{self.port}.log").read_text(errors="replace")[-3000:]

    def call(self, method: str, path: str, body=None, token=None, raw: bool = False):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method=method)
        req.add_header("Content-Type", "application/json")
        if token:
            req.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                payload = r.read()
                return r.status, (payload.decode() if raw else json.loads(payload or b"null")), r.headers
        except urllib.error.HTTPError as e:
            payload = e.read()
            return e.code, (payload.decode() if raw else json.loads(payload or b"null")), e.headers

    def stop(self, sig=signal.SIGTERM) -> int:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                return self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                return self.proc.wait()
        return self.proc.returncode if self.proc else 0


@pytest.fixture
def servers(tmp_path):
    made: list[Server] = []

    def make(**env) -> Server:
        s = Server(tmp_path / "data", **env)
        made.append(s)
        return s

    yield make
    for s in made:
        s.stop(signal.SIGKILL)


def wait_terminal(srv: Server, token: str, pid: str, sid: str, seconds: float = 120) -> dict:
    deadline = time.monotonic() + seconds
    while True:
        st = srv.call("GET", f"/api/projects/{pid}/studies/{sid}", token=token)[1]
        if st["status"] in TERMINAL or time.monotonic() > deadline:
            return st
        time.sleep(0.1)


@pytest.fixture(params=["sqlite", "postgres"])
def server_db(request):
    """Environment for the server's database: the default SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield {}
        return
    from .conftest import PG_HELP, PG_URL, _pg_exec, _pg_schema_url, pg_available

    ok, err = pg_available()
    if not ok:
        pytest.skip(PG_HELP.format(url=PG_URL, err=err))
    schema = f"gs_srv_{uuid.uuid4().hex[:10]}"
    _pg_exec(f'CREATE SCHEMA "{schema}"')
    yield {"DATABASE_URL": _pg_schema_url(schema)}
    _pg_exec(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def test_walkthrough_over_http(servers, server_db):
    srv = servers(**server_db).start()
    assert srv.call("GET", "/api/health")[1]["database"] == ("postgresql" if server_db else "sqlite")
    code, body, _ = srv.call(
        "POST", "/api/auth/register", {"email": "eve@example.com", "password": "grid-volt-ampere-42", "name": "Eve"}
    )
    assert code == 201
    token = body["access_token"]
    code, proj, headers = srv.call(
        "POST",
        "/api/projects/import",
        {"name": "IEEE 14", "format": "matpower", "content": case_text("case14.m")},
        token=token,
    )
    assert code == 201 and proj["bus_count"] == 14 and headers["ETag"]
    pid = proj["id"]
    for method in ("newton_raphson", "fast_decoupled", "gauss_seidel"):
        code, st, _ = srv.call(
            "POST", f"/api/projects/{pid}/studies", {"study_type": "power_flow", "analysis_method": method}, token=token
        )
        assert code == 201 and st["status"] == "pending"
        seen = []
        final = wait_terminal(srv, token, pid, st["id"])
        seen.append(final["progress_pct"])
        assert final["status"] == "completed", final
        assert final["results_summary"]["converged"] and final["history"]
    code, text, headers = srv.call(
        "GET", f"/api/projects/{pid}/studies/{st['id']}/results?format=csv", token=token, raw=True
    )
    assert code == 200 and headers["Content-Type"].startswith("text/csv")
    assert text.splitlines()[0].startswith("id,") and len(text.splitlines()) == 15
    code, studies, _ = srv.call("GET", f"/api/projects/{pid}/studies?sort=created_at", token=token)
    assert [s["analysis_method"] for s in studies["studies"]] == ["newton_raphson", "fast_decoupled", "gauss_seidel"]
    # short circuit (IEC 60909) on a network that carries short-circuit data
    from .platform_helpers import sc_network

    code, sc_proj, _ = srv.call("POST", "/api/projects", {"name": "sc", "network": sc_network()}, token=token)
    code, st, _ = srv.call(
        "POST",
        f"/api/projects/{sc_proj['id']}/studies",
        {"study_type": "short_circuit", "analysis_method": "iec_60909", "parameters": {"fault": "3ph"}},
        token=token,
    )
    if code != 501:
        final = wait_terminal(srv, token, sc_proj["id"], st["id"])
        assert final["status"] == "completed" and final["results_summary"]["max_ikss_ka"] > 5, final
    assert srv.call("GET", "/api/nowhere")[0] == 404
    assert srv.call("GET", "/api/openapi.json")[0] == 200
    assert srv.stop(signal.SIGTERM) == 0
    assert "stopped" in srv.read_log()


def test_progress_visible_then_kill9_then_rerun(servers):
    """A slow study (debug delay per iteration) shows progress while running; kill -9 the server; the restarted
    server re-queues it and it completes (attempt 2). Never stuck 'running'."""
    srv = servers(GRIDSOLVE_DEBUG_ITERATION_DELAY_S="0.05", GRIDSOLVE_MAX_ATTEMPTS="2").start()
    token = srv.call("POST", "/api/auth/register", {"email": "k@example.com", "password": "grid-volt-ampere-42"})[1][
        "access_token"
    ]
    pid = srv.call(
        "POST",
        "/api/projects/import",
        {"name": "c14", "format": "matpower", "content": case_text("case14.m")},
        token=token,
    )[1]["id"]
    sid = srv.call(
        "POST",
        f"/api/projects/{pid}/studies",
        {"study_type": "power_flow", "analysis_method": "gauss_seidel"},
        token=token,
    )[1]["id"]
    st = {}
    for _ in range(600):
        st = srv.call("GET", f"/api/projects/{pid}/studies/{sid}", token=token)[1]
        if st["status"] == "running" and len(st["history"]) >= 3:
            break
        time.sleep(0.05)
    assert st["status"] == "running" and 0 < st["progress_pct"] < 100, st
    assert st["history"][0]["iteration"] >= 0
    srv.stop(signal.SIGKILL)

    srv2 = servers(GRIDSOLVE_DEBUG_ITERATION_DELAY_S="0", GRIDSOLVE_MAX_ATTEMPTS="2")
    srv2.start()
    final = wait_terminal(srv2, token, pid, sid)
    assert final["status"] == "completed" and final["attempt"] == 2, final
    assert any("Re-queued" in n for n in final["notes"])
    assert srv2.stop() == 0


def test_sigterm_during_a_study_requeues_it_without_using_an_attempt(servers):
    srv = servers(GRIDSOLVE_DEBUG_ITERATION_DELAY_S="0.05", GRIDSOLVE_MAX_ATTEMPTS="1").start()
    token = srv.call("POST", "/api/auth/register", {"email": "t@example.com", "password": "grid-volt-ampere-42"})[1][
        "access_token"
    ]
    pid = srv.call(
        "POST",
        "/api/projects/import",
        {"name": "c14", "format": "matpower", "content": case_text("case14.m")},
        token=token,
    )[1]["id"]
    sid = srv.call(
        "POST",
        f"/api/projects/{pid}/studies",
        {"study_type": "power_flow", "analysis_method": "gauss_seidel"},
        token=token,
    )[1]["id"]
    for _ in range(600):
        if srv.call("GET", f"/api/projects/{pid}/studies/{sid}", token=token)[1]["status"] == "running":
            break
        time.sleep(0.05)
    assert srv.stop(signal.SIGTERM) == 0
    srv2 = servers(GRIDSOLVE_MAX_ATTEMPTS="1").start()
    final = wait_terminal(srv2, token, pid, sid)
    assert final["status"] == "completed" and final["attempt"] == 1, final
    assert any("server was stopped" in n for n in final["notes"])


def test_kill9_with_no_attempts_left_fails_with_reason(servers):
    srv = servers(GRIDSOLVE_DEBUG_ITERATION_DELAY_S="0.05", GRIDSOLVE_MAX_ATTEMPTS="1").start()
    token = srv.call("POST", "/api/auth/register", {"email": "k@example.com", "password": "grid-volt-ampere-42"})[1][
        "access_token"
    ]
    pid = srv.call(
        "POST",
        "/api/projects/import",
        {"name": "c14", "format": "matpower", "content": case_text("case14.m")},
        token=token,
    )[1]["id"]
    sid = srv.call(
        "POST",
        f"/api/projects/{pid}/studies",
        {"study_type": "power_flow", "analysis_method": "gauss_seidel"},
        token=token,
    )[1]["id"]
    for _ in range(600):
        if srv.call("GET", f"/api/projects/{pid}/studies/{sid}", token=token)[1]["status"] == "running":
            break
        time.sleep(0.05)
    srv.stop(signal.SIGKILL)
    srv2 = servers(GRIDSOLVE_MAX_ATTEMPTS="1").start()
    final = srv2.call("GET", f"/api/projects/{pid}/studies/{sid}", token=token)[1]
    assert final["status"] == "failed" and "server stopped" in final["error_message"], final


def _wsgi(app, path: str, method: str = "GET", headers: dict | None = None):
    environ: dict = {"PATH_INFO": path, "REQUEST_METHOD": method}
    environ.update({"HTTP_" + k.upper().replace("-", "_"): v for k, v in (headers or {}).items()})
    setup_testing_defaults(environ)
    environ["wsgi.input"] = io.BytesIO(b"")
    out = {}

    def start_response(status, headers):
        out["status"], out["headers"] = int(status.split()[0]), dict(headers)

    body = b"".join(app(environ, start_response))
    return out["status"], out["headers"], body


def test_static_files_and_spa_fallback(platform, tmp_path):
    from chalicelib.http.local_server import make_app

    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<html>app</html>")
    (dist / "assets" / "main.js").write_text("console.log(1)")
    (dist / "assets" / "solver.wasm").write_bytes(b"\0asm")
    app = make_app(platform, dist)
    assert _wsgi(app, "/")[2] == b"<html>app</html>"
    status, headers, body = _wsgi(app, "/assets/main.js")
    assert status == 200 and "javascript" in headers["Content-Type"]
    assert _wsgi(app, "/assets/solver.wasm")[1]["Content-Type"] == "application/wasm"
    assert _wsgi(app, "/projects/123/editor")[2] == b"<html>app</html>"  # client-side route
    assert _wsgi(app, "/assets/missing.js")[0] == 404
    assert _wsgi(app, "/../../etc/passwd")[0] in (200, 404)
    assert b"root:" not in _wsgi(app, "/../../etc/passwd")[2]
    assert _wsgi(app, "/api/health")[0] == 200
    placeholder = make_app(platform, tmp_path / "missing")
    assert b"GridSolve is running" in _wsgi(placeholder, "/")[2]


def test_oversized_body_is_413_before_reading(platform):
    from chalicelib.http.local_server import make_app

    app = make_app(platform)
    environ: dict = {
        "PATH_INFO": "/api/projects/import",
        "REQUEST_METHOD": "POST",
        "CONTENT_LENGTH": str(platform.settings.max_upload_bytes + 1),
    }
    setup_testing_defaults(environ)
    environ["wsgi.input"] = io.BytesIO(b"")
    out = {}
    body = b"".join(app(environ, lambda status, headers: out.update(status=status)))
    assert out["status"].startswith("413") and b"payload_too_large" in body


def test_decoded_path_characters_cannot_change_the_route(api, platform):
    from chalicelib.http.local_server import make_app

    u = api.register()
    app = make_app(platform)
    auth = {"Authorization": f"Bearer {u.access}"}
    status, _, body = _wsgi(app, "/api/projects/#/studies", "GET", auth)  # PATH_INFO arrives decoded
    assert status == 404, body
    status, _, body = _wsgi(app, "/api/projects/a?b/studies", "GET", auth)
    assert status == 404, body
    for path in ("/api/projects/;x", "/api/projects/%2F..%2F", "/api/projects/a%b"):
        assert _wsgi(app, path, "GET", auth)[0] == 404, path
    assert _wsgi(app, "/api/projects", "GET", auth)[0] == 200


def test_concurrent_requests_never_see_each_others_request(api, platform):
    """The local server handles requests on threads; each must see its own request (token, body)."""
    import threading

    from chalicelib.http.local_server import make_app

    app = make_app(platform)
    users = [api.register() for _ in range(6)]
    mismatches: list[tuple[str, str]] = []

    def worker(u):
        for _ in range(15):
            status, _, body = _wsgi(app, "/api/auth/me", "GET", {"Authorization": f"Bearer {u.access}"})
            got = json.loads(body).get("email") if status == 200 else f"status {status}"
            if got != u.email:
                mismatches.append((u.email, got))

    threads = [threading.Thread(target=worker, args=(u,)) for u in users]
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible to expose shared per-request state
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(old)
    assert mismatches == []


def test_rate_limits_see_the_real_client_address(api, platform):
    from dataclasses import replace

    from chalicelib.http.local_server import make_app

    platform.settings = replace(platform.settings, rate_register=(1, 10**9))
    app = make_app(platform)

    def register(ip: str, n: int) -> int:
        environ: dict = {
            "PATH_INFO": "/api/auth/register",
            "REQUEST_METHOD": "POST",
            "REMOTE_ADDR": ip,
            "CONTENT_TYPE": "application/json",
        }
        setup_testing_defaults(environ)
        body = json.dumps({"email": f"u{n}@example.com", "password": "long-enough-kV-bus"}).encode()
        environ["CONTENT_LENGTH"] = str(len(body))
        environ["wsgi.input"] = io.BytesIO(body)
        out = {}
        b"".join(app(environ, lambda status, headers: out.update(status=status)))
        return int(out["status"].split()[0])

    assert [register("10.0.0.1", 1), register("10.0.0.1", 2), register("10.0.0.2", 3)] == [201, 429, 201]
