"""Live progress over the local server's WebSocket: subscribe to a study and receive its iterations as they are
written, then the end; bad tokens, foreign studies and malformed messages are refused with a message."""

from __future__ import annotations

import json
import threading
from dataclasses import replace

import pytest
from websockets.sync.client import connect

from chalicelib.http import live_server
from chalicelib.storage.models import Study
from chalicelib.studies.execute import ExecutionContext, execute_study
from chalicelib.studies.runner import NoRunner

from .platform_helpers import import_case


@pytest.fixture
def live(platform):
    server, url = live_server.start(platform, "127.0.0.1", 0)
    yield url
    server.shutdown()


def _messages(ws, until: str, limit: int = 500) -> list[dict]:
    out = []
    for _ in range(limit):
        out.append(json.loads(ws.recv(timeout=20)))
        if out[-1]["type"] in (until, "error"):
            break
    return out


def test_subscriber_receives_iterations_then_the_end(api, platform, live):
    platform.runner = NoRunner()
    u = api.register()
    pid = import_case(u).json["id"]
    sid = u.post(f"/api/projects/{pid}/studies", {"study_type": "power_flow",
                                                  "analysis_method": "gauss_seidel"}).json["id"]
    with platform.db.session() as s:
        token = s.get(Study, sid).run_token
    with connect(f"{live}/?token={u.access}") as ws:
        ws.send(json.dumps({"action": "subscribe", "project_id": pid, "study_id": sid}))
        first = json.loads(ws.recv(timeout=20))
        assert first["type"] == "subscribed" and first["status"] == "pending"
        slow = ExecutionContext(replace(platform.settings, debug_iteration_delay_s=0.005), platform.studies,
                                platform.blobs)
        worker = threading.Thread(target=execute_study, args=(sid, token), kwargs={"context": slow})
        worker.start()
        events = _messages(ws, "finished")
        worker.join()
    assert events[-1]["type"] == "finished" and events[-1]["status"] == "completed"
    progress = [e for e in events if e["type"] == "progress"]
    assert len(progress) >= 2  # iterations arrived while the study ran, not only at the end
    streamed = [h["iteration"] for e in progress for h in e["history"]]
    final = u.get(f"/api/projects/{pid}/studies/{sid}").json["history"]
    assert streamed == sorted(set(streamed)) and streamed[-1] == final[-1]["iteration"]


def test_refusals(api, platform, live):
    owner, stranger = api.register(), api.register()
    pid = import_case(owner).json["id"]
    sid = owner.post(f"/api/projects/{pid}/studies", {"study_type": "power_flow"}).json["id"]
    with connect(f"{live}/?token=not-a-token") as ws:
        assert json.loads(ws.recv(timeout=10))["type"] == "error"
    with connect(f"{live}/?token={stranger.access}") as ws:
        ws.send(json.dumps({"action": "subscribe", "project_id": pid, "study_id": sid}))
        reply = json.loads(ws.recv(timeout=10))
        assert reply["type"] == "error" and "not found" in reply["message"].lower()
        ws.send("not json")
        assert json.loads(ws.recv(timeout=10))["type"] == "error"
        ws.send(json.dumps({"action": "subscribe", "project_id": pid}))
        assert "study_id" in json.loads(ws.recv(timeout=10))["message"]


def test_subscribing_to_a_finished_study_says_so(api, platform, live):
    u = api.register()
    pid = import_case(u).json["id"]
    sid = u.post(f"/api/projects/{pid}/studies", {"study_type": "power_flow"}).json["id"]  # inline runner: done
    with connect(f"{live}/?token={u.access}") as ws:
        ws.send(json.dumps({"action": "subscribe", "project_id": pid, "study_id": sid}))
        sub, end = json.loads(ws.recv(timeout=10)), json.loads(ws.recv(timeout=10))
    assert sub["type"] == "subscribed" and sub["history"] and end == {
        "type": "finished", "study_id": sid, "status": "completed", "progress_pct": 100.0, "error_message": None}
