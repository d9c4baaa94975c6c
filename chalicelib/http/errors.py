"""API errors: every failure a client can cause maps to one of these, rendered as JSON without tracebacks.

Every error body has one shape, `ErrorBody`: `{"error": {"code", "message", "fields": [FieldError...]}}`, where
each field error is the engine's `gridsolve.errors.FieldError` (element id, field, message, file and line).
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError
from sqlalchemy.exc import OperationalError

from gridsolve.errors import FieldError, GridSolveError


class ApiError(Exception):
    status = 400
    code = "bad_request"

    def __init__(
        self,
        message: str,
        *,
        fields: list[dict[str, Any]] | None = None,
        status: int | None = None,
        code: str | None = None,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ):
        super().__init__(message)
        self.extra = extra or {}
        self.message = message
        self.fields = fields or []
        if status is not None:
            self.status = status
        if code is not None:
            self.code = code
        self.headers = headers or {}

    def to_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.fields:
            body["fields"] = self.fields
        body.update(self.extra)
        return {"error": body}


class BadRequest(ApiError):
    status, code = 400, "bad_request"


class Unauthorized(ApiError):
    status, code = 401, "unauthorized"


class PaymentRequired(ApiError):
    status, code = 402, "plan_limit"


class Forbidden(ApiError):
    status, code = 403, "forbidden"


class NotFound(ApiError):
    status, code = 404, "not_found"


class Conflict(ApiError):
    status, code = 409, "conflict"


class PreconditionFailed(ApiError):
    status, code = 412, "precondition_failed"


class PayloadTooLarge(ApiError):
    status, code = 413, "payload_too_large"


class PreconditionRequired(ApiError):
    status, code = 428, "precondition_required"


class TooManyRequests(ApiError):
    status, code = 429, "rate_limited"


class NotImplementedYet(ApiError):
    status, code = 501, "not_implemented"


class MethodNotAllowed(ApiError):
    status, code = 405, "method_not_allowed"


class UnsupportedMediaType(ApiError):
    status, code = 415, "unsupported_media_type"


class ServiceUnavailable(ApiError):
    status, code = 503, "service_unavailable"


class InsufficientStorage(ApiError):
    status, code = 507, "insufficient_storage"


_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}
_FULL_TEXT = ("database or disk is full", "no space left on device", "disk full", "could not extend file")


def storage_error(exc: BaseException) -> ApiError | None:
    """A full disk (507) or an unreachable/locked database or storage (503), with a message and nothing
    half-written: the request's transaction is rolled back and blobs are written atomically. None for errors
    that are not about storage (they stay internal errors)."""
    text = str(exc).lower()
    if getattr(exc, "errno", None) in _FULL_ERRNOS or any(t in text for t in _FULL_TEXT):
        return InsufficientStorage("The server has run out of storage space; nothing was saved by this request. "
                                   "Free some space (or ask the administrator) and try again.",
                                   headers={"Retry-After": "60"})
    if isinstance(exc, OperationalError):
        return ServiceUnavailable("The database is not reachable; try again shortly", code="database_unavailable",
                                  headers={"Retry-After": "5"})
    if getattr(exc, "errno", None) in (errno.EIO, errno.EROFS, errno.ETIMEDOUT):
        return ServiceUnavailable("The storage is not available; nothing was saved by this request. Try again "
                                  "shortly.", code="storage_unavailable", headers={"Retry-After": "5"})
    return None


def chalice_error_body(status: int, body: Any) -> dict[str, Any] | None:
    """Chalice's own error bodies (`{"Code", "Message"}`: 405, 415, 404, 500 from the framework itself) in the
    documented `ErrorBody` shape; None when the body is already ours."""
    if not (isinstance(body, dict) and "Code" in body and "error" not in body):
        return None
    code = {404: "not_found", 405: "method_not_allowed", 415: "unsupported_media_type"}.get(status)
    message = str(body.get("Message") or "Request failed")
    if status >= 500:
        code, message = "internal_error", "An internal error occurred"
    return {"error": {"code": code or "bad_request", "message": message}}


class ErrorDetail(BaseModel):
    """`code` is stable (clients branch on it); a few errors add a key of their own (e.g. `link_token` with
    `link_required`)."""

    model_config = ConfigDict(extra="allow")

    code: str
    message: str
    fields: list[FieldError] = []


class ErrorBody(BaseModel):
    """The body of every 4xx/5xx response."""

    error: ErrorDetail


def field_error(field: str, message: str, element_id: str | None = None) -> dict[str, Any]:
    return FieldError(field=field, message=message, element_id=element_id).to_dict()


def _dotted(prefix: str, loc: tuple[Any, ...]) -> str:
    path = prefix.rstrip(".")
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "body"


def from_validation_error(
    exc: ValidationError,
    prefix: str = "",
    what: str = "Invalid request",
    field_of: Callable[[tuple[Any, ...]], tuple[Any, ...]] | None = None,
) -> BadRequest:
    """A 400 for a request body (or query) that a pydantic model rejected: one field error per problem, the field
    dotted (`parameters.r_ohm_per_km`, `tags[2]`) under `prefix`; `field_of` may rewrite a location first."""
    fields = []
    for err in exc.errors(include_url=False)[:50]:
        loc = tuple(err.get("loc", ()))
        message = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        if err.get("type") == "extra_forbidden":
            message = "unknown field"
        fields.append(field_error(_dotted(prefix, field_of(loc) if field_of else loc), message))
    first = fields[0]
    return BadRequest(f"{what} (field {first['field']}): {first['message']}", fields=fields)


def from_engine_error(exc: GridSolveError, prefix: str = "") -> ApiError:
    """A 400 for an engine error: every problem it lists, each field prefixed with where it sits in the request
    (`network.`, `content.`); the message names the first problem's line, element and field."""
    fields = []
    for problem in exc.field_errors[:50]:
        f = problem.to_dict()
        f["field"] = prefix + problem.field if problem.field else (prefix.rstrip(".") or "network")
        fields.append(f)
    first = fields[0]
    where = ", ".join(x for x in (
        f"file {first['file']}" if "file" in first else "",
        f"line {first['line']}" if "line" in first else "",
        f"element {first['element_id']}" if "element_id" in first else "",
        f"field {first['field']}",
    ) if x)
    kind = "Invalid parameters" if exc.code == "invalid_options" else "Invalid network"
    return BadRequest(f"{kind} ({where}): {first['message']}", fields=fields, code=_api_code(exc))


def _api_code(exc: GridSolveError) -> str:
    return {"invalid_options": "bad_request", "study_input": "study_input"}.get(exc.code, "invalid_network")
