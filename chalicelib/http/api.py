"""Route plumbing shared by app.py: one decorator that registers a Chalice route and its OpenAPI entry,
parses the JSON body, authenticates, runs the view in one transaction and renders errors as JSON."""

from __future__ import annotations

import functools
import json
import logging
import re
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from chalice import Chalice, Response
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError

from chalicelib.accounts import auth
from chalicelib.http import schemas
from chalicelib.http.body import check_media_type, parse_json_body, reject_bad_text
from chalicelib.http.errors import ApiError, PayloadTooLarge, chalice_error_body, storage_error
from chalicelib.http.headers import security_headers
from chalicelib.platform import get_platform

log = logging.getLogger("gridsolve.api")

ROUTES: list[dict[str, Any]] = []


class ThreadSafeChalice(Chalice):
    """Chalice keeps the request being handled in ``app.current_request``, one attribute per app. Lambda
    handles one request per process, but the local server handles requests on several threads: keep the
    per-request attributes thread-local so that concurrent requests never see each other's request."""

    _tls = threading.local()

    @property
    def current_request(self):
        return getattr(self._tls, "current_request", None)

    @current_request.setter
    def current_request(self, value) -> None:
        self._tls.current_request = value

    @property
    def lambda_context(self):
        return getattr(self._tls, "lambda_context", None)

    @lambda_context.setter
    def lambda_context(self, value) -> None:
        self._tls.lambda_context = value


JSON = "application/json"


def install_middleware(app: Chalice) -> None:
    """Every response the Chalice app gives (routes, and the framework's own 404/405/415/500) in the
    documented error shape and with the security headers; on Lambda and in the local server alike."""

    @app.middleware("http")
    def _harden(event, get_response):
        resp = get_response(event)
        shaped = chalice_error_body(resp.status_code, resp.body)
        if shaped is not None:
            resp.body = json.dumps(shaped, separators=(",", ":"))
            resp.headers["Content-Type"] = JSON
        for k, v in security_headers("api").items():
            resp.headers.setdefault(k, v)
        return resp


@dataclass
class Ctx:
    platform: Any
    request: Any
    session: Any
    body: dict[str, Any]
    query: dict[str, str]
    user: Any = None
    auth_session_id: str | None = None
    after_commit: list[Callable[[], None]] = field(default_factory=list)

    @property
    def settings(self):
        return self.platform.settings

    def header(self, name: str) -> str | None:
        h = self.request.headers
        return h.get(name) or h.get(name.lower())

    @property
    def client(self) -> str:
        ctx = self.request.context or {}
        return str((ctx.get("identity") or {}).get("sourceIp") or "unknown")


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
    return Response(
        body=json.dumps(body, separators=(",", ":"), default=str),
        status_code=status,
        headers={"Content-Type": JSON, **(headers or {})},
    )


def error_response(err: ApiError) -> Response:
    return json_response(err.status, err.to_dict(), err.headers)


def _parse_body(request, settings, wants_body: bool) -> dict[str, Any]:
    raw = request.raw_body or b""
    if len(raw) > settings.max_upload_bytes:
        raise PayloadTooLarge(f"Request body is {len(raw)} bytes; the limit is {settings.max_upload_bytes}")
    check_media_type(request.method, request.headers.get("content-type"), raw, wants_body)
    if not wants_body:
        return {}
    return parse_json_body(raw, settings.max_upload_bytes, settings.max_json_depth)


def route(
    app: Chalice,
    path: str,
    method: str,
    summary: str,
    *,
    auth_required: bool = True,
    body: dict[str, Any] | None = None,
    query: dict[str, dict[str, Any]] | None = None,
    responses: dict[int, str | tuple[str, str]] | None = None,
    tag: str = "platform",
    optional_auth: bool = False,
    headers: dict[str, str] | None = None,
):
    """Register ``fn(ctx, **path_params)``. It returns a dict (200), a (status, body[, headers]) tuple,
    or a chalice Response."""

    def deco(fn):
        ROUTES.append(
            {
                "path": path,
                "method": method.lower(),
                "summary": summary,
                "auth": auth_required,
                "body": body,
                "query": query or {},
                "responses": responses or {},
                "tag": tag,
                "operation_id": fn.__name__,
                "doc": (fn.__doc__ or "").strip(),
                "headers": headers or {},
            }
        )

        @functools.wraps(fn)
        def view(**params):
            return dispatch(app, fn, params, auth_required, optional_auth, body is not None)

        app.route(path, methods=[method], content_types=["*/*"])(view)
        return fn

    return deco


def _internal_error(request) -> Response:
    ref = uuid.uuid4().hex[:12]
    log.exception("unhandled error (reference %s) in %s %s", ref, request.method, request.path)
    return json_response(
        500, {"error": {"code": "internal_error", "message": f"An internal error occurred (reference {ref})"}}
    )


def dispatch(app: Chalice, fn, params, auth_required: bool, optional_auth: bool, wants_body: bool):
    request = app.current_request
    assert request is not None  # Chalice sets it before calling a view
    try:
        platform = get_platform()
        body = _parse_body(request, platform.settings, wants_body)
        reject_bad_text(body, params, dict(request.query_params or {}))
        with platform.db.session() as s:
            ctx = Ctx(
                platform=platform,
                request=request,
                session=s,
                body=body,
                query=dict(request.query_params or {}),
            )
            header = ctx.header("Authorization")
            if auth_required or (optional_auth and header):
                ctx.user, ctx.auth_session_id = auth.authenticate(s, platform.settings, header)
            out = fn(ctx, **params)
        for job in ctx.after_commit:
            try:
                job()
            except Exception:  # the row is committed; the next start (or a retry) picks it up
                log.exception("post-commit step failed in %s %s", request.method, request.path)
    except ApiError as err:
        return error_response(err)
    except StaleDataError:
        return json_response(
            412,
            {"error": {"code": "precondition_failed", "message": "Someone else saved this at the same moment; reload"}},
        )
    except (OperationalError, OSError) as exc:
        trouble = storage_error(exc)
        if trouble is None:
            return _internal_error(request)
        log.exception("storage trouble in %s %s", request.method, request.path)
        return error_response(trouble)
    except Exception:
        return _internal_error(request)
    if isinstance(out, Response):
        return out
    if isinstance(out, tuple):
        return json_response(*out)
    return json_response(200, out)


# --------------------------------------------------------------------------- OpenAPI

_PARAM = re.compile(r"{([^}]+)}")

ERROR_SCHEMA = schemas.ref("ErrorBody")


@functools.cache
def _engine_components() -> dict[str, Any]:
    return schemas.engine_components()


@functools.cache
def _service_components() -> dict[str, Any]:
    return schemas.service_components()


def openapi_spec(version: str = "0.1.0") -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for r in ROUTES:
        op: dict[str, Any] = {"operationId": r["operation_id"], "summary": r["summary"], "tags": [r["tag"]]}
        if r["doc"]:
            op["description"] = r["doc"]
        parameters = [
            {"name": n, "in": "path", "required": True, "schema": {"type": "string"}} for n in _PARAM.findall(r["path"])
        ]
        for name, schema in r["query"].items():
            parameters.append({"name": name, "in": "query", "required": False, "schema": schema})
        for name, desc in r["headers"].items():
            parameters.append(
                {
                    "name": name,
                    "in": "header",
                    "required": False,
                    "description": desc,
                    "schema": {"type": "string"},
                }
            )
        if parameters:
            op["parameters"] = parameters
        if r["body"] is not None:
            op["requestBody"] = {"required": True, "content": {JSON: {"schema": r["body"]}}}
        resp = {}
        for k, v in (r["responses"] or {200: "OK"}).items():
            if isinstance(v, tuple):
                desc, schema = v
                resp[str(k)] = {"description": desc, "content": {JSON: {"schema": schemas.ref(schema)}}}
            else:
                resp[str(k)] = {"description": v}
        for code, desc in ((400, "Invalid input (field-level errors)"), (413, "Request body too large")):
            if r["body"] is not None:
                resp.setdefault(str(code), {"description": desc, "content": {JSON: {"schema": ERROR_SCHEMA}}})
        if r["auth"]:
            op["security"] = [{"bearer": []}]
            resp.setdefault("401", {"description": "Missing or invalid access token"})
        op["responses"] = resp
        paths.setdefault(r["path"], {})[r["method"]] = op
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "GridSolve API",
            "version": version,
            "description": "Power-system studies as a service: accounts, organizations, projects, studies.",
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
            "schemas": {**schemas.COMPONENTS, **_service_components(), **_engine_components()},
        },
    }
