"""API errors: every failure a client can cause maps to one of these, rendered as JSON without tracebacks."""

from __future__ import annotations

from typing import Any


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
    ):
        super().__init__(message)
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


def field_error(field: str, message: str, element_id: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"field": field, "message": message}
    if element_id is not None:
        out["element_id"] = element_id
    return out
