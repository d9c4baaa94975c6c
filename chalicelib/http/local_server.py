"""The local platform: one HTTP server for the API (``/api``, the same Chalice app that runs on Lambda)
and the built browser app (``web/dist`` at ``/``, with single-page-app fallback to index.html).

    python -m chalicelib.local_server          # http://127.0.0.1:8000 (GRIDSOLVE_PORT, GRIDSOLVE_HOST)

Requests under /api are turned into API Gateway proxy events and dispatched by chalice's LocalGateway,
exactly as ``chalice local`` does; the difference is that this server also serves the web app, runs the
study process pool, and on start migrates the database, seeds the sample projects and recovers studies
that a previous run left unfinished. It stops cleanly on Ctrl-C and SIGTERM.
"""

from __future__ import annotations

import logging
import mimetypes
import os
import signal
import sys
import threading
import urllib.parse
from collections.abc import Callable, Iterable
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from app import app as chalice_app
from chalicelib.config import REPO_ROOT, load_settings
from chalicelib.http import live_server
from chalicelib.platform import Platform, get_platform, set_platform

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
    from http import HTTPStatus

    try:
        return f"{code} {HTTPStatus(code).phrase}"
    except ValueError:
        return f"{code} Unknown"


class GatewayApp:
    """WSGI application: /api -> chalice LocalGateway, everything else -> static files."""

    def __init__(self, chalice_app, static_dir: Path | None, max_body: int):
        from chalice.config import Config
        from chalice.local import LocalGateway, RouteMatcher

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
        path = environ.get("PATH_INFO") or "/"
        try:
            if path == "/api" or path.startswith("/api/"):
                status, headers, body = self.api(environ, path)
            else:
                status, headers, body = self.static(path, environ.get("REQUEST_METHOD", "GET"))
        except Exception:  # never a traceback on the wire
            log.exception("server error for %s", path)
            status, headers, body = (
                500,
                [("Content-Type", "application/json")],
                (b'{"error":{"code":"internal_error","message":"An internal error occurred"}}'),
            )
        start_response(_status_line(status), headers + [("Content-Length", str(len(body)))])
        return [body]

    # -- API
    def api(self, environ, path: str) -> tuple[int, list[tuple[str, str]], bytes]:
        from chalice.local import LocalGatewayException

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
            return exc.CODE, [("Content-Type", "application/json")], exc.body or b"{}"
        out_headers = [(k, v) for k, v in (resp.get("headers") or {}).items() if k.lower() not in HOP_BY_HOP]
        for k, values in (resp.get("multiValueHeaders") or {}).items():
            out_headers += [(k, v) for v in values if k.lower() not in HOP_BY_HOP]
        payload = resp.get("body") or b""
        if isinstance(payload, str):
            if resp.get("isBase64Encoded"):
                import base64

                payload = base64.b64decode(payload)
            else:
                payload = payload.encode()
        return int(resp["statusCode"]), out_headers, payload

    # -- static files (the built web app)
    def static(self, path: str, method: str) -> tuple[int, list[tuple[str, str]], bytes]:
        if method not in ("GET", "HEAD"):
            return _json(405, "method_not_allowed", "Static files are read-only")
        root = self.static_dir
        if root is None or not (root / "index.html").is_file():
            return 200, [("Content-Type", "text/html; charset=utf-8")], PLACEHOLDER
        rel = path.lstrip("/")
        target = (root / rel).resolve() if rel else root / "index.html"
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


def _json(status: int, code: str, message: str) -> tuple[int, list[tuple[str, str]], bytes]:
    import json

    return (
        status,
        [("Content-Type", "application/json")],
        json.dumps({"error": {"code": code, "message": message}}).encode(),
    )


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class _Handler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        log.info("%s %s", self.address_string(), format % args)


def make_app(platform=None, static_dir: Path | None = None) -> GatewayApp:
    platform = platform or get_platform()
    static = static_dir if static_dir is not None else REPO_ROOT / "web" / "dist"
    return GatewayApp(chalice_app, static, platform.settings.max_upload_bytes)


def serve(host: str, port: int, stop: threading.Event, ready: Callable[[str], None] | None = None) -> None:
    settings = load_settings()
    platform = Platform(settings)
    set_platform(platform)
    httpd = make_server(host, port, make_app(platform), server_class=_Server, handler_class=_Handler)
    url = f"http://{host}:{httpd.server_port}"
    live, platform.live_url = live_server.start_beside(platform, host, httpd.server_port,
                                                       os.environ.get("GRIDSOLVE_LIVE_PORT"))
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
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
        httpd.shutdown()
        httpd.server_close()
        live.shutdown()
        platform.close()
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
    except OSError as exc:
        print(
            f"GridSolve could not start on {host}:{port}: {exc}. Set GRIDSOLVE_PORT to another port.", file=sys.stderr
        )
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
