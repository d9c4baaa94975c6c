"""Live study progress over a WebSocket: one protocol, served by the local server and by API Gateway.

    connect     wss://<live endpoint>/?token=<access token>
    -> {"action": "subscribe", "project_id": "...", "study_id": "..."}
    <- {"type": "subscribed", "study_id", "status", "progress_pct"}
    <- {"type": "progress", "study_id", "status", "progress_pct", "history": [new iteration records]}  (repeated)
    <- {"type": "finished", "study_id", "status", "progress_pct", "error_message"}                     (last)
    <- {"type": "error", "message", "study_id"?}
    -> {"action": "unsubscribe", "study_id": "..."}

Locally the server watches the job store for the studies a connection follows; on AWS the worker that writes
progress publishes it to the subscribed connections (studies/live_aws.py). Browsers that cannot connect fall back
to polling `GET .../studies/{id}`, which returns the same fields.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from chalicelib.accounts.auth import authenticate
from chalicelib.http.errors import ApiError
from chalicelib.storage.models import User

TERMINAL = ("completed", "failed", "cancelled")
MAX_SUBSCRIPTIONS = 20


class ProtocolError(Exception):
    """A message the client must be told about (bad JSON, unknown action, no access)."""


def user_for_token(s: Session, settings, token: str | None) -> User:
    """The user an access token (the `token` query parameter of the WebSocket URL) belongs to."""
    try:
        user, _ = authenticate(s, settings, f"Bearer {token or ''}")
    except ApiError as exc:
        raise ProtocolError(exc.message) from None
    return user


def parse(message: str | bytes) -> dict[str, Any]:
    try:
        data = json.loads(message)
    except (ValueError, UnicodeDecodeError):
        raise ProtocolError("messages are JSON objects") from None
    if not isinstance(data, dict) or data.get("action") not in ("subscribe", "unsubscribe"):
        raise ProtocolError('send {"action": "subscribe" | "unsubscribe", "project_id", "study_id"}')
    for key in ("study_id",) + (("project_id",) if data["action"] == "subscribe" else ()):
        if not isinstance(data.get(key), str) or not data[key]:
            raise ProtocolError(f"{key} is required")
    return data


def readable(read: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """`read()` (the study as the API returns it, e.g. `studies.service.get`), an API error (no access, deleted)
    turned into a ProtocolError for the client."""
    try:
        return read()
    except ApiError as exc:
        raise ProtocolError(exc.message) from None


@dataclass
class Follower:
    """One subscription: what the client has been sent so far, so each message carries only what is new."""

    project_id: str
    study_id: str
    last_iteration: int = -1
    last: tuple[Any, ...] = field(default_factory=tuple)

    def events(self, study: dict[str, Any]) -> list[dict[str, Any]]:
        """The messages that bring the client from what it saw to `study` (none when nothing changed)."""
        history = study.get("history") or []
        key = (study["status"], study["progress_pct"], len(history))
        if key == self.last:
            return []
        self.last = key
        # by iteration number, not position: the final history (the engine's) replaces the live one
        new = [h for h in history if int(h.get("iteration", -1)) > self.last_iteration]
        if new:
            self.last_iteration = max(int(h.get("iteration", -1)) for h in new)
        base = {"study_id": self.study_id, "status": study["status"], "progress_pct": study["progress_pct"]}
        if study["status"] in TERMINAL:
            return [{"type": "progress", **base, "history": new},
                    {"type": "finished", **base, "error_message": study.get("error_message")}]
        return [{"type": "progress", **base, "history": new}]


def progress_event(study_id: str, status: str, progress_pct: float, history: list[dict[str, Any]]) -> dict[str, Any]:
    """What a worker publishes after a progress write (AWS): the newest iteration records."""
    return {"type": "progress", "study_id": study_id, "status": status, "progress_pct": progress_pct,
            "history": history}


def finished_event(study_id: str, status: str, error_message: str | None) -> dict[str, Any]:
    return {"type": "finished", "study_id": study_id, "status": status, "progress_pct": 100.0,
            "error_message": error_message}
