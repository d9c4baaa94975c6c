"""The local server's live-progress WebSocket (the protocol in chalicelib/studies/live.py), on its own port beside
the HTTP server: each connection follows up to 20 studies, which it reads from the job store every
`POLL_INTERVAL_S` and pushes when they change (the study process pool's workers write there)."""

from __future__ import annotations

import json
import logging
import threading
import urllib.parse
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve

from chalicelib.studies import live, service

log = logging.getLogger("gridsolve.live")
POLL_INTERVAL_S = 0.2


def _send(conn: ServerConnection, message: dict[str, Any]) -> None:
    conn.send(json.dumps(message, separators=(",", ":"), allow_nan=False))


class LiveSession:
    """One browser connection: its user and the studies it follows."""

    def __init__(self, platform, conn: ServerConnection) -> None:
        self.platform, self.conn = platform, conn
        self.followers: dict[str, live.Follower] = {}
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(conn.request.path if conn.request else "").query)
        with platform.db.session() as s:
            self.user = live.user_for_token(s, platform.settings, (query.get("token") or [""])[0])

    def handle(self, message: str | bytes) -> None:
        data = live.parse(message)
        sid = data["study_id"]
        if data["action"] == "unsubscribe":
            self.followers.pop(sid, None)
            return
        if sid not in self.followers and len(self.followers) >= live.MAX_SUBSCRIPTIONS:
            raise live.ProtocolError(f"at most {live.MAX_SUBSCRIPTIONS} studies per connection")
        follower = live.Follower(data["project_id"], sid)
        study = self._read(follower)
        events = follower.events(study)  # what the subscribed message carries counts as sent
        _send(self.conn, {"type": "subscribed", "study_id": sid, "status": study["status"],
                          "progress_pct": study["progress_pct"], "history": study.get("history") or []})
        if study["status"] in live.TERMINAL:  # already over: say so, nothing to follow
            _send(self.conn, events[-1])
            return
        self.followers[sid] = follower

    def _read(self, follower: live.Follower) -> dict[str, Any]:
        with self.platform.db.session() as s:
            user = s.merge(self.user, load=False)
            return live.readable(lambda: service.get(self.platform, s, user, follower.project_id,
                                                     follower.study_id))

    def push(self) -> None:
        """Send what changed in the followed studies; finished ones are dropped."""
        for sid, follower in list(self.followers.items()):
            try:
                study = self._read(follower)
            except live.ProtocolError as exc:  # deleted, or access revoked
                _send(self.conn, {"type": "error", "study_id": sid, "message": str(exc)})
                self.followers.pop(sid)
                continue
            for event in follower.events(study):
                _send(self.conn, event)
                if event["type"] == "finished":
                    self.followers.pop(sid)


def _handler(platform):
    def handle(conn: ServerConnection) -> None:
        try:
            session = LiveSession(platform, conn)
        except live.ProtocolError as exc:
            _send(conn, {"type": "error", "message": str(exc)})
            conn.close(code=4401, reason="unauthorized")
            return
        try:
            while True:
                try:
                    message = conn.recv(timeout=POLL_INTERVAL_S)
                except TimeoutError:
                    message = None
                if message is not None:
                    try:
                        session.handle(message)
                    except live.ProtocolError as exc:
                        _send(conn, {"type": "error", "message": str(exc)})
                session.push()
        except ConnectionClosed:
            return
        except Exception:  # one connection's failure is logged, never the server's end
            log.exception("live-progress connection failed")

    return handle


def start_beside(platform, host: str, http_port: int, port: str | None) -> tuple[Server, str]:
    """The live server on `port` if given, else on the HTTP port + 1, else (that one taken) on any free port."""
    if port:
        return start(platform, host, int(port))
    try:
        return start(platform, host, http_port + 1)
    except OSError:
        return start(platform, host, 0)


def start(platform, host: str, port: int) -> tuple[Server, str]:
    """Serve the live-progress protocol on (host, port) in a background thread; returns the server and its URL."""
    server = serve(_handler(platform), host, port, max_size=2**16)
    threading.Thread(target=server.serve_forever, name="gridsolve-live", daemon=True).start()
    bound = server.socket.getsockname()[1]
    return server, f"ws://{host}:{bound}"
