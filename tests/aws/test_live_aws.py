"""Live progress on API Gateway's WebSocket API, against moto: $connect signs in with the token, $default
subscribes (access checked), and a worker's progress reaches the subscribed connection through the management
API (moto records what is posted)."""

from __future__ import annotations

import json

from moto.backends import get_backend

from chalicelib.platform import live_table
from chalicelib.studies import live_aws
from chalicelib.studies.execute import make_notifier

from .test_aws_execution import _queued


def _posted(connection_id: str) -> bytes:
    """What moto's management API received for a connection (it concatenates the posts)."""
    backend = get_backend("apigatewaymanagementapi")["123456789012"]["us-east-1"]
    conn = backend.connections.get(connection_id)
    return conn.data if conn else b""


def test_connect_subscribe_and_publish(aws_platform, user):
    platform, env = aws_platform
    table = live_table()
    assert live_aws.connect(platform, table, "c-bad", {"token": "nope"}) == {"statusCode": 401}
    assert live_aws.connect(platform, table, "c1", {"token": user.access}) == {"statusCode": 200}
    sid, _ = _queued(user, platform)
    sent: list[tuple[str, dict]] = []
    send = lambda cid, text: sent.append((cid, json.loads(text)))  # noqa: E731
    live_aws.message(platform, table, "c1", json.dumps({"action": "subscribe", "project_id": user.pid,
                                                        "study_id": sid}), send)
    assert sent[-1] == ("c1", {"type": "subscribed", "study_id": sid, "status": "pending", "progress_pct": 0.0,
                               "history": []})
    live_aws.message(platform, table, "c-unknown", json.dumps({"action": "subscribe", "project_id": user.pid,
                                                               "study_id": sid}), send)
    assert sent[-1][1]["type"] == "error"
    notifier = make_notifier(platform.settings)
    notifier.publish(sid, {"type": "progress", "study_id": sid, "status": "running", "progress_pct": 50.0,
                           "history": [{"iteration": 3, "max_mismatch": 1e-3}]})
    assert list(table.query(f"study#{sid}"))[0].sk == "conn#c1"
    assert json.loads(_posted("c1")) == {"type": "progress", "study_id": sid, "status": "running",
                                         "progress_pct": 50.0, "history": [{"iteration": 3, "max_mismatch": 1e-3}]}
    live_aws.disconnect(table, "c1")
    live_aws.message(platform, table, "c1", json.dumps({"action": "unsubscribe", "study_id": sid}), send)
    assert sent[-1][1]["type"] == "error"  # the connection is gone: sign in again


def test_a_running_study_reaches_its_subscriber(aws_platform, user):
    """The Fargate entry point's progress writes are pushed to the connection, ending with `finished`."""
    from fargate_solver.main import main as fargate_main

    platform, env = aws_platform
    table = live_table()
    live_aws.connect(platform, table, "c2", {"token": user.access})
    sid, token = _queued(user, platform)
    live_aws.message(platform, table, "c2", json.dumps({"action": "subscribe", "project_id": user.pid,
                                                        "study_id": sid}), lambda cid, text: None)
    assert fargate_main({**env, "GRIDSOLVE_STUDY_ID": sid, "GRIDSOLVE_RUN_TOKEN": token}) == 0
    decoder, text, events = json.JSONDecoder(), _posted("c2").decode(), []
    while text:
        event, end = decoder.raw_decode(text)
        events.append(event)
        text = text[end:]
    assert [e["type"] for e in events][-1] == "finished" and events[-1]["status"] == "completed"
    iterations = [h["iteration"] for e in events if e["type"] == "progress" for h in e["history"]]
    assert iterations == list(range(len(iterations))) and len(iterations) >= 3
