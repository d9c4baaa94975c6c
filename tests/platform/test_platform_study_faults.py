"""Issue 9, studies under faults: a killed worker costs only its own study (after its retries), dying workers
never claim, per-study time limits and per-account caps with fair scheduling, cancel frees the worker."""

from __future__ import annotations

import os
import signal
import time
from collections import Counter
from dataclasses import replace

import pytest

from chalicelib.storage.models import User
from chalicelib.studies.execute import execute_study
from chalicelib.studies.repository import QueuedStudy, SqlStudyRepository
from chalicelib.studies.runner import ProcessRunner
from chalicelib.studies.scheduling import next_studies

from .platform_helpers import import_case, study_state, wait_until

TERMINAL = ("completed", "failed", "cancelled")
pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=False)


def test_fair_choice_within_caps(backend):
    q = [QueuedStudy(f"a{k}", "t", "user:a", None) for k in range(4)] + [QueuedStudy("b0", "t", "user:b", None)]
    chosen = next_studies(q, Counter(), {"user:a": None, "user:b": None}, 2)
    assert [c.id for c in chosen] == ["a0", "b0"]  # alternate between accounts, oldest first
    chosen = next_studies(q, Counter({"user:a": 1}), {"user:a": 1, "user:b": None}, 2)
    assert [c.id for c in chosen] == ["b0"]  # a is at its cap
    assert next_studies(q[:4], Counter(), {"user:a": 2}, 4) == q[:2]


@pytest.fixture
def pool(platform):
    """A process runner with slow studies (a debug delay per iteration), two attempts per study."""
    made = []

    def make(workers=1, delay=0.05, **settings):
        platform.settings = replace(platform.settings, debug_iteration_delay_s=delay, max_attempts=2, **settings)
        runner = ProcessRunner(platform.execution_context(), workers, SqlStudyRepository(platform.db),
                               lambda accounts: {a: _caps(platform, a) for a in accounts})
        platform.runner = runner
        made.append(runner)
        return runner

    yield make
    for r in made:
        r.shutdown()


def _caps(platform, account):
    from chalicelib.billing import plans

    with platform.db.session() as s:
        plan = plans.effective_plan(s, platform.settings, account)
        return plans.limits(platform.settings, plan).get("max_concurrent_studies")


SLOW = {"method": "gauss_seidel", "max_iter": 100000, "tol": 1e-300}  # runs until stopped (debug delay)


def _submit(u, pid, method="newton_raphson", **params):
    body = {"study_type": "power_flow", "analysis_method": method}
    if params:
        body["parameters"] = params
    r = u.post(f"/api/projects/{pid}/studies", body)
    assert r.status == 201, r
    return r.json["id"]


_state = study_state


def _wait(pred, seconds=120.0, step=0.05):
    return wait_until(pred, seconds, step)


def _worker_pid(runner, sid):
    for w in runner._workers:
        if w.job is not None and w.job.study.id == sid:
            return w.proc.pid
    return None


def _running(u, pid, sid):
    st = _state(u, pid, sid)
    return st if st["status"] == "running" and st["history"] else None


def test_a_killed_worker_costs_only_its_own_study_after_its_retries(api, pool, backend):
    runner = pool(workers=1)
    u = api.register()
    pid = import_case(u).json["id"]
    a, b, c = _submit(u, pid, **SLOW), _submit(u, pid), _submit(u, pid)
    _wait(lambda: _running(u, pid, a))
    os.kill(_wait(lambda: _worker_pid(runner, a)), signal.SIGKILL)  # attempt 1 dies
    _wait(lambda: _state(u, pid, a)["attempt"] == 2 and _running(u, pid, a))
    os.kill(_wait(lambda: _worker_pid(runner, a)), signal.SIGKILL)  # attempt 2 dies: no retries left
    final_a = _wait(lambda: (st := _state(u, pid, a))["status"] in TERMINAL and st)
    assert final_a["status"] == "failed" and "died" in final_a["error_message"] and "attempt 2 of 2" in \
        final_a["error_message"]
    for sid in (b, c):  # queued behind it: untouched, and they run
        final = _wait(lambda sid=sid: (st := _state(u, pid, sid))["status"] in TERMINAL and st)
        assert final["status"] == "completed" and final["attempt"] == 1, final


def test_a_worker_whose_parent_died_never_claims(api, platform, backend):
    u = api.register()
    pid = import_case(u).json["id"]
    from chalicelib.studies.runner import NoRunner

    platform.runner = NoRunner()
    sid = _submit(u, pid)
    with platform.db.session() as s:
        from chalicelib.storage.models import Study

        token = s.get(Study, sid).run_token
    assert execute_study(sid, token, parent_pid=os.getppid() + 999_999, context=platform.execution_context()) \
        == "skipped"
    st = _state(u, pid, sid)
    assert st["status"] == "pending" and st["attempt"] == 0


def test_per_account_cap_keeps_room_for_other_accounts(api, pool, platform, backend):
    pool(workers=2, plan_limits={**platform.settings.plan_limits,
                                          "free": {"max_buses": None, "max_studies_per_month": None,
                                                   "max_concurrent_studies": 1, "max_study_seconds": 600}})
    hog, other = api.register(), api.register()
    with platform.db.session() as s:
        s.get(User, hog.id).plan = "free"
    hog_pid, other_pid = import_case(hog).json["id"], import_case(other).json["id"]
    h1 = _submit(hog, hog_pid, **SLOW)
    h2 = _submit(hog, hog_pid, **SLOW)
    _wait(lambda: _running(hog, hog_pid, h1))
    o1 = _submit(other, other_pid, **SLOW)
    _wait(lambda: _running(other, other_pid, o1), seconds=30)  # not stuck behind the hog's second study
    assert _state(hog, hog_pid, h2)["status"] == "pending"
    assert hog.post(f"/api/projects/{hog_pid}/studies/{h1}/cancel").status == 200
    _wait(lambda: _running(hog, hog_pid, h2), seconds=30)


@pytest.mark.parametrize("hard", [False, True])
def test_time_limit_fails_the_study_and_frees_its_worker(api, pool, platform, backend, hard):
    """A free-plan study with a 3 s limit (the numba compile of a fresh worker counts too) fails with the
    reason; the worker then runs another account's study."""
    runner = pool(workers=1, delay=0.02, plan_limits={**platform.settings.plan_limits,
                                                      "free": {"max_buses": None, "max_studies_per_month": None,
                                                               "max_concurrent_studies": 1,
                                                               "max_study_seconds": 3}})
    if hard:  # the scheduler kills it before the run notices by itself
        runner.GRACE_S = -1.0
    u, other = api.register(), api.register()
    with platform.db.session() as s:
        s.get(User, u.id).plan = "free"
    pid, other_pid = import_case(u).json["id"], import_case(other).json["id"]
    slow = _submit(u, pid, **SLOW)
    fast = _submit(other, other_pid)
    final = _wait(lambda: (st := _state(u, pid, slow))["status"] in TERMINAL and st, seconds=60)
    assert final["status"] == "failed" and "time limit of 3 s" in final["error_message"], final
    done = _wait(lambda: (st := _state(other, other_pid, fast))["status"] in TERMINAL and st, seconds=60)
    assert done["status"] == "completed", done["error_message"]


def test_cancel_frees_the_worker_at_once(api, pool, backend):
    runner = pool(workers=1)
    u = api.register()
    pid = import_case(u).json["id"]
    slow = _submit(u, pid, **SLOW)
    nxt = _submit(u, pid)
    _wait(lambda: _running(u, pid, slow))
    t0 = time.monotonic()
    assert u.post(f"/api/projects/{pid}/studies/{slow}/cancel").json["status"] == "cancelled"
    _wait(lambda: _state(u, pid, nxt)["status"] in ("running", "completed"), seconds=30)
    assert time.monotonic() - t0 < 15  # the run stops at its next write, or its worker is killed and replaced
    assert _state(u, pid, slow)["status"] == "cancelled"
    assert runner


def test_two_server_crashes_fail_no_study(tmp_path, backend):
    """kill -9 of the server twice with five studies queued: the workers die without claiming anything, the
    running study is retried (its attempts counted), and after the third start all five complete."""
    from .test_platform_server import Server, case_text, wait_terminal

    env = {"GRIDSOLVE_DEBUG_ITERATION_DELAY_S": "0.05", "GRIDSOLVE_MAX_ATTEMPTS": "3", "GRIDSOLVE_WORKERS": "1"}
    srv = Server(tmp_path / "data", **env).start()
    token = srv.call("POST", "/api/auth/register", {"email": "c@example.com", "password": "grid-volt-ampere-42"})[1][
        "access_token"]
    pid = srv.call("POST", "/api/projects/import", {"name": "c14", "format": "matpower",
                                                    "content": case_text("case14.m")}, token=token)[1]["id"]
    body = {"study_type": "power_flow", "analysis_method": "gauss_seidel"}
    ids = [srv.call("POST", f"/api/projects/{pid}/studies", body, token=token)[1]["id"] for _ in range(5)]
    for _ in range(2):
        _wait(lambda srv=srv: srv.call("GET", f"/api/projects/{pid}/studies/{ids[0]}", token=token)[1]["status"]
              == "running")
        srv.stop(signal.SIGKILL)
        time.sleep(1.0)  # the orphaned workers notice and exit
        srv = Server(tmp_path / "data", **env).start()
    srv.stop(signal.SIGTERM)
    srv = Server(tmp_path / "data", **{**env, "GRIDSOLVE_DEBUG_ITERATION_DELAY_S": "0"}).start()
    finals = [wait_terminal(srv, token, pid, sid) for sid in ids]
    assert [f["status"] for f in finals] == ["completed"] * 5, [f.get("error_message") for f in finals]
    assert finals[0]["attempt"] == 3 and all(f["attempt"] == 1 for f in finals[1:]), [f["attempt"] for f in finals]
    assert srv.stop() == 0
