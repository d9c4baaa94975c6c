"""The local platform: one HTTP server for the API (``/api``, the same Chalice app that runs on Lambda)
and the built browser app (``web/dist`` at ``/``, with single-page-app fallback to index.html).

    python -m chalicelib.local_server          # http://127.0.0.1:8000 (GRIDSOLVE_PORT, GRIDSOLVE_HOST)

Requests under /api are turned into API Gateway proxy events and dispatched by chalice's LocalGateway,
exactly as ``chalice local`` does; the difference is that this server also serves the web app, runs the
study process pool, and on start migrates the database, seeds the sample projects and recovers studies
that a previous run left unfinished. It stops cleanly on Ctrl-C and SIGTERM.

The HTTP server is waitress (maintained, pure Python): a real listen backlog, slow and idle clients cut after
a timeout, requests read whole before they take a worker thread, and no version in the Server header. Every
response carries the security headers (`chalicelib.http.headers`). Before the database is opened it is
checked (`storage.sqlite_health`), and a SQLite database is backed up while the server runs.
"""

from __future__ import annotations

import base64
import json
import logging
import mimetypes
import os
import signal
import sys
import threading
import urllib.parse
from collections.abc import Callable, Iterable
from http import HTTPStatus
from pathlib import Path
from typing import Any

import waitress
from chalice.config import Config
from chalice.local import LocalGateway, LocalGatewayException, RouteMatcher

from app import app as chalice_app
from chalicelib.config import REPO_ROOT, Settings, load_settings
from chalicelib.http import live_server
from chalicelib.http.errors import chalice_error_body
from chalicelib.http.headers import security_headers
from chalicelib.platform import Platform, get_platform, set_platform
from chalicelib.storage.sqlite_health import BackupKeeper, DatabaseDamaged, check_database

log = logging.getLogger("gridsolve.server")

PLACEHOLDER = b"""<!doctype html><html><head><meta charset="utf-8"><title>GridSolve</title></head>
<body style="font-family:sans-serif;max-width:40em;margin:3em auto">
<h1>GridSolve is running</h1>
<p>The API is at <a href="/api/health">/api/health</a>; its description at
<a href="/api/openapi.json">/api/openapi.json</a>.</p>
<p>The browser app has not been built yet (no <code>web/dist</code>); <code>make run</code> builds it.</p>
</body></html>"""

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length"}


def _status_line(code: int) -> str:
    try:
        return f"{code} {HTTPStatus(code).phrase}"
    except ValueError:
        return f"{code} Unknown"


class GatewayApp:
    """WSGI application: /api -> chalice LocalGateway, everything else -> static files."""

    def __init__(self, chalice_app, static_dir: Path | None, max_body: int,
                 live_url: Callable[[], str | None] | None = None):
        self.live_url = live_url  # the live-progress WebSocket's URL, once it is up (allowed by the CSP)
        self.chalice_app = chalice_app
        client = self._client = threading.local()

        class Gateway(LocalGateway):
            """chalice's LocalGateway, but the event carries the real client address (rate limits)."""

            def _generate_lambda_event(self, method, path, headers, body):
                event = super()._generate_lambda_event(method, path, headers, body)
                ip = getattr(client, "ip", None)
                if ip:
                    event["requestContext"]["identity"]["sourceIp"] = ip
                return event

        self.gateway = Gateway(chalice_app, Config.create(chalice_stage="dev", app_name="gridsolve"))
        self.matcher = RouteMatcher(list(chalice_app.routes))
        self.static_dir = Path(static_dir) if static_dir else None
        self.max_body = max_body

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        path = _request_path(environ)
        kind = "api" if path is not None and (path == "/api" or path.startswith("/api/")) else "app"
        try:
            if path is None or "\x00" in path:
                status, headers, body = _json(404, "not_found", "Not found")
            elif kind == "api":
                status, headers, body = self.api(environ, path)
            else:
                status, headers, body = self.static(path, environ.get("REQUEST_METHOD", "GET"))
        except Exception:  # never a traceback on the wire
            log.exception("server error for %r", path)
            status, headers, body = _json(500, "internal_error", "An internal error occurred")
        present = {k.lower() for k, _ in headers}
        live = self.live_url() if self.live_url else None
        connect = (live.split("/", 3)[0] + "//" + live.split("/", 3)[2],) if live and "//" in live else ()
        headers += [(k, v) for k, v in security_headers(kind, connect).items() if k.lower() not in present]
        start_response(_status_line(status), headers + [("Content-Length", str(len(body)))])
        return [body]

    # -- API
    def api(self, environ, path: str) -> tuple[int, list[tuple[str, str]], bytes]:
        method = environ.get("REQUEST_METHOD", "GET").upper()
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > self.max_body:
            return _json(413, "payload_too_large", f"Request body is {length} bytes; the limit is {self.max_body}")
        body = environ["wsgi.input"].read(length) if length else b""
        query = environ.get("QUERY_STRING", "")
        # PATH_INFO arrives decoded; re-quote it so that '#', '?' or '%' inside a path segment cannot change
        # which route matches (chalice's matcher parses the string as a URL).
        full = urllib.parse.quote(path, safe="/") + (f"?{query}" if query else "")
        headers = {k[5:].replace("_", "-").lower(): v for k, v in environ.items() if k.startswith("HTTP_")}
        if environ.get("CONTENT_TYPE"):
            headers["content-type"] = environ["CONTENT_TYPE"]
        headers["content-length"] = str(len(body))
        try:
            self.matcher.match_route(full)
        except ValueError:
            return _json(404, "not_found", f"No such API route: {path}")
        self._client.ip = environ.get("REMOTE_ADDR")
        try:
            resp = self.gateway.handle_request(method=method, path=full, headers=headers, body=body)
        except LocalGatewayException as exc:
            return _json(exc.CODE, "forbidden" if exc.CODE == 403 else "unauthorized", "Request refused")
        out_headers = [(k, v) for k, v in (resp.get("headers") or {}).items() if k.lower() not in HOP_BY_HOP]
        for k, values in (resp.get("multiValueHeaders") or {}).items():
            out_headers += [(k, v) for v in values if k.lower() not in HOP_BY_HOP]
        payload = resp.get("body") or b""
        if isinstance(payload, str):
            payload = base64.b64decode(payload) if resp.get("isBase64Encoded") else payload.encode()
        status = int(resp["statusCode"])
        if status >= 400 and payload[:1] == b"{":
            try:
                shaped = chalice_error_body(status, json.loads(payload))
            except ValueError:
                shaped = None
            if shaped is not None:  # the framework's own body (e.g. 405), never seen by our middleware
                out_headers = [(k, v) for k, v in out_headers if k.lower() != "content-type"]
                return status, [*out_headers, ("Content-Type", "application/json")], json.dumps(shaped).encode()
        return status, out_headers, payload

    # -- static files (the built web app)
    def static(self, path: str, method: str) -> tuple[int, list[tuple[str, str]], bytes]:
        if method not in ("GET", "HEAD"):
            return _json(405, "method_not_allowed", "Static files are read-only")
        root = self.static_dir
        if root is None or not (root / "index.html").is_file():
            return 200, [("Content-Type", "text/html; charset=utf-8")], PLACEHOLDER
        rel = path.lstrip("/")
        try:
            target = (root / rel).resolve() if rel else root / "index.html"
        except (OSError, ValueError):  # a name the file system cannot take
            return _json(404, "not_found", "Not found")
        if not target.is_relative_to(root.resolve()):
            return _json(404, "not_found", "Not found")
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            if Path(rel).suffix and not rel.endswith(".html"):
                return _json(404, "not_found", "Not found")
            target = root / "index.html"  # single-page-app fallback: the client router takes the path
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if target.suffix == ".wasm":
            ctype = "application/wasm"
        cache = "no-cache" if target.name == "index.html" else "public, max-age=3600"
        body = target.read_bytes() if method == "GET" else b""
        return 200, [("Content-Type", ctype), ("Cache-Control", cache)], body


def _request_path(environ: dict[str, Any]) -> str | None:
    """PATH_INFO as text: WSGI hands it over as bytes decoded as latin-1; None when it is not UTF-8."""
    raw = environ.get("PATH_INFO") or "/"
    try:
        return raw.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None


def _json(status: int, code: str, message: str) -> tuple[int, list[tuple[str, str]], bytes]:
    return (
        status,
        [("Content-Type", "application/json")],
        json.dumps({"error": {"code": code, "message": message}}).encode(),
    )


def make_app(platform=None, static_dir: Path | None = None) -> GatewayApp:
    platform = platform or get_platform()
    static = static_dir if static_dir is not None else REPO_ROOT / "web" / "dist"
    return GatewayApp(chalice_app, static, platform.settings.max_upload_bytes, lambda: platform.live_url)


def make_server(app: GatewayApp, host: str, port: int, settings: Settings):
    """waitress with limits for a public-facing server: a listen backlog of 1024, idle and slow clients cut
    after GRIDSOLVE_HTTP_TIMEOUT_S (requests are read whole before they take a worker thread, so half-sent
    requests hold no thread), bodies over the upload limit refused, and no version in the Server header."""
    return waitress.create_server(
        app,
        host=host,
        port=port,
        threads=settings.http_threads,
        backlog=1024,
        connection_limit=1000,
        channel_timeout=settings.http_timeout_s,
        cleanup_interval=max(1, min(30, settings.http_timeout_s // 2)),
        max_request_body_size=settings.max_upload_bytes + 1024,
        ident="GridSolve",
        clear_untrusted_proxy_headers=True,
    )


def serve(host: str, port: int, stop: threading.Event, ready: Callable[[str], None] | None = None) -> None:
    settings = load_settings()
    check_database(settings)  # a damaged SQLite file stops the server here, naming the last good backup
    platform = Platform(settings)
    set_platform(platform)
    backups = BackupKeeper.for_settings(settings)
    httpd = make_server(make_app(platform), host, port, settings)
    http_port = int(httpd.effective_port)
    url = f"http://{host}:{http_port}"
    live, platform.live_url = live_server.start_beside(platform, host, http_port,
                                                       os.environ.get("GRIDSOLVE_LIVE_PORT"))
    thread = threading.Thread(target=httpd.run, name="gridsolve-http", daemon=True)
    thread.start()
    db = "SQLite " + settings.database_url.split("///", 1)[-1] if settings.is_sqlite else "PostgreSQL"
    print(
        f"GridSolve is running at {url}  (API {url}/api, data {settings.data_dir}, {db}). Ctrl-C stops it.", flush=True
    )
    if ready:
        ready(url)
    try:
        stop.wait()
    finally:
        print("GridSolve: stopping...", flush=True)
        httpd.close()
        thread.join(timeout=10)
        live.shutdown()
        platform.close()
        if backups is not None:
            backups.stop()
        set_platform(None)
        print("GridSolve: stopped.", flush=True)


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(
        level=os.environ.get("GRIDSOLVE_LOG_LEVEL", "WARNING"), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    os.environ.setdefault("GRIDSOLVE_RUNNER", "process")
    host = os.environ.get("GRIDSOLVE_HOST", "127.0.0.1")
    port = int(os.environ.get("GRIDSOLVE_PORT", "8000"))
    stop = threading.Event()

    def _stop(signum, _frame):
        stop.set()

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    try:
        serve(host, port, stop)
    except DatabaseDamaged as exc:
        print(f"GridSolve did not start: {exc}", file=sys.stderr)
        return 3
    except OSError as exc:
        print(
            f"GridSolve could not start on {host}:{port}: {exc}. Set GRIDSOLVE_PORT to another port.", file=sys.stderr
        )
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
