"""Live progress on API Gateway's WebSocket API, the connection side: $connect (sign in with the `token` query
parameter), $default (subscribe, unsubscribe) and $disconnect, on the table in studies/live_notify.py."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from pynamodb.exceptions import DoesNotExist

from chalicelib.storage.models import User
from chalicelib.studies import live, service
from chalicelib.studies.live_notify import LiveItem, expiry


def connect(platform, model: type[LiveItem], connection_id: str, query: dict[str, str] | None) -> dict[str, Any]:
    """$connect: accept the connection when its `token` query parameter is a valid access token."""
    try:
        with platform.db.session() as s:
            user = live.user_for_token(s, platform.settings, (query or {}).get("token"))
    except live.ProtocolError:
        return {"statusCode": 401}
    model(f"conn#{connection_id}", "user", user_id=user.id, expires_at=expiry()).save()
    return {"statusCode": 200}


def message(platform, model: type[LiveItem], connection_id: str, body: str, send: Callable[[str, str], None]) -> None:
    """$default: subscribe or unsubscribe; every answer goes back on the connection."""
    try:
        data = live.parse(body)
        try:
            who = model.get(f"conn#{connection_id}", "user")
        except DoesNotExist:
            raise live.ProtocolError("connect again: this connection is not signed in") from None
        key = (f"study#{data['study_id']}", f"conn#{connection_id}")
        if data["action"] == "unsubscribe":
            model(*key).delete()
            return
        with platform.db.session() as s:
            user = s.get(User, who.user_id)
            if user is None:
                raise live.ProtocolError("unknown user")
            study = live.readable(lambda: service.get(platform, s, user, data["project_id"], data["study_id"]))
        model(*key, project_id=data["project_id"], expires_at=expiry()).save()
        reply = {"type": "subscribed", "study_id": data["study_id"], "status": study["status"],
                 "progress_pct": study["progress_pct"], "history": study.get("history") or []}
    except live.ProtocolError as exc:
        reply = {"type": "error", "message": str(exc)}
    send(connection_id, json.dumps(reply, separators=(",", ":")))


def disconnect(model: type[LiveItem], connection_id: str) -> None:
    try:
        model(f"conn#{connection_id}", "user").delete()
    except DoesNotExist:
        return


