"""Request bodies before any service sees them: size, media type, nesting depth, then strict JSON.

Every check runs before (or while) parsing, so hostile input costs little and never reaches a service as
something it cannot handle: bodies over the size limit (413), state-changing requests that are not JSON (415:
a cross-site form can send ``text/plain`` without a preflight), nesting deeper than the limit (400, checked on
the raw bytes so the parser never recurses deeply), and non-finite numbers (``NaN``, ``Infinity``, ``1e999``),
NUL characters and lone surrogates (400 naming the field, e.g. ``network.buses.3.vn_kv``).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import numpy as np

from chalicelib.http.errors import BadRequest, PayloadTooLarge, UnsupportedMediaType, field_error

STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BAD_TEXT = re.compile("[\x00\ud800-\udfff]")
_OPEN = (ord("{"), ord("["))
_CLOSE = (ord("}"), ord("]"))


class _NonFinite:
    """Placeholder the parser puts where the text had a number that is not a finite float."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def _float(text: str) -> float | _NonFinite:
    value = float(text)
    return value if math.isfinite(value) else _NonFinite(text)


def is_json_media_type(content_type: str | None) -> bool:
    media = (content_type or "").split(";", 1)[0].strip().lower()
    return media == "application/json" or (media.startswith("application/") and media.endswith("+json"))


def json_depth(raw: bytes) -> int:
    """The deepest nesting of objects/arrays in JSON text, without parsing it (brackets inside strings do
    not count). Linear and vectorized: strings are cut out, then a running sum over the brackets."""
    skeleton = np.frombuffer(_STRING.sub(b'""', raw), dtype=np.uint8)
    opens, closes = np.isin(skeleton, _OPEN), np.isin(skeleton, _CLOSE)
    brackets = np.flatnonzero(opens | closes)
    step = np.where(opens[brackets], 1, -1).astype(np.int32)
    return int(step.cumsum().max(initial=0))


def check_media_type(method: str, content_type: str | None, raw: bytes, wants_body: bool) -> None:
    """A state-changing request with a body must say it is JSON (an empty body carries nothing to forge)."""
    if method.upper() in STATE_CHANGING and raw.strip() and not is_json_media_type(content_type):
        raise UnsupportedMediaType(
            f"Send the body as JSON (Content-Type: application/json), not {content_type or 'no content type'}",
            fields=[field_error("Content-Type", "application/json expected")],
        )


def parse_json_body(raw: bytes, max_bytes: int, max_depth: int) -> dict[str, Any]:
    """The body as a JSON object, refusing oversized, too deeply nested and non-finite input."""
    if len(raw) > max_bytes:
        raise PayloadTooLarge(f"Request body is {len(raw)} bytes; the limit is {max_bytes}")
    if not raw.strip():
        return {}
    depth = json_depth(raw)
    if depth > max_depth:
        raise BadRequest(f"The request body nests {depth} levels deep; the limit is {max_depth}",
                         code="invalid_json", fields=[field_error("body", f"at most {max_depth} levels of nesting")])
    try:
        data = json.loads(raw, parse_constant=_NonFinite, parse_float=_float)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise BadRequest("The request body must be valid JSON", code="invalid_json") from None
    if not isinstance(data, dict):
        raise BadRequest("The request body must be a JSON object", code="invalid_json")
    return data


def text_problems(value: Any, prefix: str = "") -> list[dict[str, Any]]:
    """Every non-finite number, NUL and lone surrogate in a parsed body (or in path/query parameters), each
    naming its field as a dotted path. Iterative, so it does not depend on the recursion limit."""
    problems: list[dict[str, Any]] = []
    stack: list[tuple[str, Any]] = [(prefix, value)]
    while stack and len(problems) < 50:
        path, v = stack.pop()
        if isinstance(v, _NonFinite):
            problems.append(field_error(path or "body", f"must be a finite number, not {v.text[:20]}"))
        elif isinstance(v, str):
            bad = _BAD_TEXT.search(v)
            if bad:
                what = "NUL characters" if bad.group() == "\x00" else "unpaired surrogates (invalid Unicode)"
                problems.append(field_error(path or "body", f"text must not contain {what}"))
        elif isinstance(v, dict):
            for k, item in v.items():
                key = str(k)
                if _BAD_TEXT.search(key):
                    problems.append(field_error(path or "body", "a key contains invalid characters"))
                    continue
                stack.append((f"{path}.{key}" if path else key, item))
        elif isinstance(v, list):
            stack.extend((f"{path}.{i}" if path else str(i), item) for i, item in enumerate(v))
    return sorted(problems, key=lambda p: p["field"])


def reject_bad_text(body: dict[str, Any], params: dict[str, Any], query: dict[str, Any]) -> None:
    problems = text_problems(params) + text_problems(query) + text_problems(body)
    if problems:
        first = problems[0]
        raise BadRequest(f"Invalid value in field {first['field']}: {first['message']}", fields=problems,
                         code="invalid_characters" if "text" in first["message"] else "bad_request")
