"""Studies: NR / FD / GS power flow, progress and history, results JSON / CSV, cancel, delete, browser
record, plan limits, recovery after a server stop, and the process-pool runner."""

from __future__ import annotations

import csv
import io
import time
from dataclasses import replace

import pytest
from sqlalchemy import select

from chalicelib.storage.models import Study

from .platform_helpers import browser_solution, dyn_network, import_case, sc_network, small_network


@pytest.fixture
def owner(api):
    u = api.register()
    u.pid = import_case(u).json["id"]
    return u


@pytest.mark.parametrize("method", ["newton_raphson", "fast_decoupled", "gauss_seidel"])
def test_power_flow_methods(owner, method):
    r = owner.post(f"/api/projects/{owner.pid}/studies", {"study_type": "power_flow", "analysis_method": method})
    assert r.status == 201 and set(r.json) >= {"id", "status"}
    sid = r.json["id"]
    st = owner.get(f"/api/projects/{owner.pid}/studies/{sid}").json
    assert st["status"] == "completed", st
    assert st["progress_pct"] == 100.0
    assert st["history"] and st["history"][-1]["iteration"] >= 1
    assert all(isinstance(h["max_mismatch"], float) for h in st["history"])
    assert st["history"][-1]["max_mismatch"] <= 1e-8
    summ = st["results_summary"]
    assert summ["converged"] is True and summ["iterations"] >= 1
    assert summ["losses_mw"] == pytest.approx(13.393, abs=0.01)
    assert summ["bus_count"] == 14 and "voltage_violations" in summ and "loading_violations" in summ
    assert summ["wall_time_s"] is not None
    res = owner.get(f"/api/projects/{owner.pid}/studies/{sid}/results?format=json")
    assert res.status == 200 and res.headers["content-type"].startswith("application/json")
    vm = {b["id"]: b["vm_pu"] for b in res.json["buses"]}
    assert vm["1"] == pytest.approx(1.06, abs=1e-6)


def test_results_csv_tables(owner):
    sid = owner.post(f"/api/projects/{owner.pid}/studies", {"study_type": "power_flow"}).json["id"]
    r = owner.get(f"/api/projects/{owner.pid}/studies/{sid}/results?format=csv")
    assert r.status == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 14 and {"id", "vm_pu", "va_deg"} <= set(rows[0])
    r = owner.get(f"/api/projects/{owner.pid}/studies/{sid}/results?format=csv&table=branches")
    assert len(list(csv.DictReader(io.StringIO(r.text)))) == 20
    assert owner.get(f"/api/projects/{owner.pid}/studies/{sid}/results?format=csv&table=nope").status == 400
    assert owner.get(f"/api/projects/{owner.pid}/studies/{sid}/results?format=xml").status == 400


def test_study_input_is_a_snapshot(owner):
    sid = owner.post(f"/api/projects/{owner.pid}/studies", {"study_type": "power_flow"}).json["id"]
    st = owner.get(f"/api/projects/{owner.pid}/studies/{sid}").json
    assert st["project_version"] == 1


def test_list_filter_sort(owner):
    base = f"/api/projects/{owner.pid}/studies"
    ids = [
        owner.post(base, {"study_type": "power_flow", "analysis_method": m}).json["id"]
        for m in ("newton_raphson", "fast_decoupled")
    ]
    owner.post(base, {"study_type": "power_flow", "parameters": {"max_iter": 1}})  # does not converge: failed
    all_ = owner.get(base).json["studies"]
    assert len(all_) == 3 and "history" not in all_[0]
    done = owner.get(f"{base}?status=completed&sort=created_at").json["studies"]
    assert [s["id"] for s in done] == ids
    assert [s["status"] for s in owner.get(f"{base}?status=failed").json["studies"]] == ["failed"]
    assert len(owner.get(f"{base}?analysis_method=fast_decoupled").json["studies"]) == 1
    assert len(owner.get(f"{base}?limit=1").json["studies"]) == 1
    assert owner.get(f"{base}?sort=bogus").status == 400
    assert owner.get(f"{base}?status=weird").status == 400
    assert owner.get(f"{base}?limit=abc").status == 400


def test_divergence_is_failed_with_reason_and_history(owner):
    r = owner.post(
        f"/api/projects/{owner.pid}/studies",
        {"study_type": "power_flow", "analysis_method": "gauss_seidel", "parameters": {"max_iter": 3}},
    )
    st = owner.get(f"/api/projects/{owner.pid}/studies/{r.json['id']}").json
    assert st["status"] == "failed" and "did not converge" in st["error_message"]
    assert st["results_summary"]["converged"] is False and st["history"]


def test_bad_study_requests(owner):
    base = f"/api/projects/{owner.pid}/studies"
    assert owner.post(base, {"study_type": "magic"}).json["error"]["fields"][0]["field"] == "study_type"
    r = owner.post(base, {"study_type": "power_flow", "analysis_method": "iec_60909"})
    assert r.status == 400 and r.json["error"]["fields"][0]["field"] == "analysis_method"
    r = owner.post(base, {"study_type": "power_flow", "parameters": {"tol": "small", "foo": 1}})
    assert r.status == 400 and {f["field"] for f in r.json["error"]["fields"]} == {"parameters.tol", "parameters.foo"}
    r = owner.post(base, {"study_type": "power_flow", "parameters": {"tol": 5}})
    assert r.status == 400
    empty = owner.post("/api/projects", {"name": "empty"}).json["id"]
    assert owner.post(f"/api/projects/{empty}/studies", {"study_type": "power_flow"}).status == 400
    assert owner.get(f"{base}/doesnotexist").status == 404


@pytest.mark.parametrize("fault", ["3ph", "1ph"])
def test_short_circuit_study(api, fault):
    u = api.register()
    pid = u.post("/api/projects", {"name": "sc", "network": sc_network()}).json["id"]
    r = u.post(
        f"/api/projects/{pid}/studies",
        {"study_type": "short_circuit", "analysis_method": "iec_60909", "parameters": {"fault": fault, "case": "max"}},
    )
    assert r.status == 201, r
    st = u.get(f"/api/projects/{pid}/studies/{r.json['id']}").json
    assert st["status"] == "completed", st
    # 1000 MVA at 110 kV with c = 1.1: Ik" = 1.1 * 1000 / (sqrt(3) * 110 * 1.1) = 5.2486 kA at b1
    assert st["results_summary"]["max_ikss_ka"] == pytest.approx(5.2486, abs=1e-3)
    assert st["results_summary"]["fault"] == fault
    text = u.get(f"/api/projects/{pid}/studies/{r.json['id']}/results?format=csv").text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["id"] for row in rows] == ["b1", "b2"] and "ikss_ka" in rows[0]


def test_short_circuit_sequence_networks(api):
    u = api.register()
    pid = u.post("/api/projects", {"name": "dyn", "network": dyn_network()}).json["id"]
    sid = u.post(f"/api/projects/{pid}/studies", {"study_type": "short_circuit", "parameters": {"fault": "3ph"}}).json[
        "id"
    ]
    r = u.get(f"/api/projects/{pid}/studies/{sid}/sequence-networks")
    assert r.status == 200 and r.headers["content-type"].startswith("application/json")
    data = r.json
    assert data["case"] == "max" and [b["id"] for b in data["buses"]] == ["b1", "b2", "b3"]
    seqs = data["sequences"]
    pos = {e["id"]: e for e in seqs["positive"]}
    assert (pos["t1"]["kind"], pos["t1"]["from_bus"], pos["t1"]["to_bus"]) == ("transformer", "b2", "b3")
    assert pos["g1"]["kind"] == "external_grid" and pos["g1"]["to_bus"] is None
    # 1000 MVA, c = 1.1, R/X 0.1 on 100 MVA: |Z| = 1.1 * 100 / 1000 pu
    assert abs(complex(pos["g1"]["r_pu"], pos["g1"]["x_pu"])) == pytest.approx(0.11, rel=1e-9)
    # a 3ph study still carries the zero sequence: Dyn5 earths the 20 kV side, nothing passes to 110 kV
    zero = {(e["id"], e["kind"]): e for e in seqs["zero"]}
    assert ("t1", "transformer") not in zero
    earthing = zero[("t1", "transformer_earthing")]
    assert earthing["from_bus"] == "b3" and earthing["to_bus"] is None
    assert zero[("l1", "line")]["x_pu"] == pytest.approx(3 * pos["l1"]["x_pu"])
    assert data["z0_complete"] is True and data["z0_missing"] == []
    assert seqs["negative"] == seqs["positive"]
    # missing zero-sequence data is named, not an error, in the view of a 3ph study
    net = dyn_network()
    del net["lines"][0]["x0_ohm_per_km"]
    pid2 = u.post("/api/projects", {"name": "no z0", "network": net}).json["id"]
    sid2 = u.post(f"/api/projects/{pid2}/studies", {"study_type": "short_circuit"}).json["id"]
    data2 = u.get(f"/api/projects/{pid2}/studies/{sid2}/sequence-networks").json
    assert data2["z0_complete"] is False and data2["z0_missing"] == [{"element_id": "l1", "field": "x0_ohm_per_km"}]
    # power-flow studies and unknown studies
    pf = u.post(f"/api/projects/{pid}/studies", {"study_type": "power_flow"}).json["id"]
    assert u.get(f"/api/projects/{pid}/studies/{pf}/sequence-networks").status == 409
    assert u.get(f"/api/projects/{pid}/studies/{'0' * 32}/sequence-networks").status == 404
    # deleting the study removes its blobs, the sequence networks with them
    assert u.delete(f"/api/projects/{pid}/studies/{sid}").status == 204
    assert u.get(f"/api/projects/{pid}/studies/{sid}/sequence-networks").status == 404


def test_short_circuit_input_error_names_element_and_field(owner):
    """IEEE 14 has no nominal voltages: the study fails with the engine's element id and field."""
    r = owner.post(f"/api/projects/{owner.pid}/studies", {"study_type": "short_circuit"})
    st = owner.get(f"/api/projects/{owner.pid}/studies/{r.json['id']}").json
    assert st["status"] == "failed" and st["error_message"]
    assert st["error_detail"]["element_id"] and st["error_detail"]["field"]


def test_cancel_and_delete(owner, platform):
    platform.runner = studies_none_runner()
    base = f"/api/projects/{owner.pid}/studies"
    sid = owner.post(base, {"study_type": "power_flow"}).json["id"]
    assert owner.get(f"{base}/{sid}").json["status"] == "pending"
    assert owner.get(f"{base}/{sid}/results").status == 409
    r = owner.post(f"{base}/{sid}/cancel")
    assert r.status == 200 and r.json["status"] == "cancelled"
    assert owner.post(f"{base}/{sid}/cancel").status == 409
    # a worker that picks the job up later does nothing
    with platform.db.session() as s:
        token = s.get(Study, sid).run_token
    from chalicelib.studies.execute import execute_study

    assert execute_study(sid, token, context=platform.execution_context()) == "skipped"
    assert owner.delete(f"{base}/{sid}").status == 204
    assert owner.get(f"{base}/{sid}").status == 404
    assert not platform.blobs.exists(f"studies/{sid}/input.json")


def studies_none_runner():
    from chalicelib.studies.runner import NoRunner

    class Queue(NoRunner):
        name = "queue"

    return Queue()


def test_cancel_while_running_stops_the_worker(owner, platform):
    """The worker's conditional progress writes stop it as soon as the study is cancelled."""
    platform.runner = studies_none_runner()
    base = f"/api/projects/{owner.pid}/studies"
    sid = owner.post(base, {"study_type": "power_flow", "analysis_method": "gauss_seidel"}).json["id"]
    import gridsolve.studies.power_flow as gridsolve  # the study module's solver entry point
    from chalicelib.studies.execute import execute_study

    real = gridsolve.run_power_flow
    seen = []

    def cancelling(net, progress=None, **kw):
        def p(i, m):
            seen.append(i)
            if i == 5:
                owner.post(f"{base}/{sid}/cancel")
            progress(i, m)

        return real(net, progress=p, **kw)

    gridsolve.run_power_flow = cancelling
    try:
        with platform.db.session() as s:
            token = s.get(Study, sid).run_token
        assert execute_study(sid, token, context=platform.execution_context()) == "stopped"
    finally:
        gridsolve.run_power_flow = real
    st = owner.get(f"{base}/{sid}").json
    assert st["status"] == "cancelled" and max(seen) == 5


def ieee14_network(owner) -> dict:
    return owner.get(f"/api/projects/{owner.pid}").json["network"]


def test_record_browser_study(owner):
    """A browser solve is recorded from its voltages: the engine builds the results, equal to a server solve."""
    base = f"/api/projects/{owner.pid}/studies"
    sid = owner.post(base, {"study_type": "power_flow"}).json["id"]
    server = owner.get(f"{base}/{sid}/results").json
    solution = browser_solution(ieee14_network(owner))
    r = owner.post(
        f"{base}/record",
        {"study_type": "power_flow", "analysis_method": "newton_raphson", "solution": solution, "wall_time_s": 0.004},
    )
    assert r.status == 201 and r.json["source"] == "browser" and r.json["status"] == "completed"
    assert r.json["results_summary"]["losses_mw"] == pytest.approx(13.393, abs=0.01)
    assert r.json["wall_time_s"] == 0.004
    recorded = owner.get(f"{base}/{r.json['id']}/results").json
    for a, b in zip(server["buses"], recorded["buses"], strict=True):
        assert a["p_mw"] == pytest.approx(b["p_mw"], abs=1e-7) and a["vm_pu"] == pytest.approx(b["vm_pu"], abs=1e-12)
    csv_text = owner.get(f"{base}/{r.json['id']}/results?format=csv").text
    assert csv_text.count("\n") == 15
    assert owner.post(f"{base}/record", {"study_type": "power_flow", "results": {"x": 1}}).status == 400


def test_record_refuses_what_is_not_a_solution(owner):
    base = f"/api/projects/{owner.pid}/studies"
    good = browser_solution(ieee14_network(owner))
    cases = {
        "solution.network_hash": {**good, "network_hash": "0" * 64},
        "solution.vm_pu": {**good, "vm_pu": [1.0] * 14},  # claims convergence, is not a solution
        "solution.va_deg": {**good, "va_deg": [0.0] * 13},
        "solution.iterations": {**good, "iterations": -1},
    }
    for field, bad in cases.items():
        r = owner.post(f"{base}/record", {"study_type": "power_flow", "solution": bad})
        assert r.status == 400 and r.json["error"]["fields"][0]["field"] == field, (field, r.json)
    r = owner.post(f"{base}/record", {"study_type": "short_circuit", "solution": good})
    assert r.status == 400 and r.json["error"]["fields"][0]["field"] == "study_type"


def test_study_plan_limit_402(api, platform):
    platform.settings = replace(
        platform.settings,
        default_plan="free",
        plan_limits={**platform.settings.plan_limits, "free": {"max_buses": 25, "max_studies_per_month": 2}},
    )
    u = api.register()
    pid = import_case(u).json["id"]
    base = f"/api/projects/{pid}/studies"
    assert [u.post(base, {"study_type": "power_flow"}).status for _ in range(2)] == [201, 201]
    r = u.post(base, {"study_type": "power_flow"})
    assert r.status == 402 and "2 studies a month" in r.json["error"]["message"]


def test_recovery_requeues_then_fails(owner, platform):
    """A server stopped mid-run leaves 'running' rows: the next start re-runs them, or fails them after
    max_attempts with a reason. Never stuck running."""
    platform.runner = studies_none_runner()
    base = f"/api/projects/{owner.pid}/studies"
    a = owner.post(base, {"study_type": "power_flow"}).json["id"]
    b = owner.post(base, {"study_type": "power_flow"}).json["id"]
    with platform.db.session() as s:
        s.get(Study, a).status, s.get(Study, a).attempt = "running", 1
        s.get(Study, b).status, s.get(Study, b).attempt = "running", 2
    from chalicelib.studies.runner import InlineRunner

    platform.runner = InlineRunner(platform.execution_context())
    out = platform.recover_studies()
    assert out == {"requeued": 1, "failed": 1, "resubmitted": 1}
    sa, sb = owner.get(f"{base}/{a}").json, owner.get(f"{base}/{b}").json
    assert sa["status"] == "completed" and sa["attempt"] == 2 and "Re-queued" in sa["notes"][0]
    assert sb["status"] == "failed" and "server stopped" in sb["error_message"]
    with platform.db.session() as s:
        assert s.scalar(select(Study).where(Study.status == "running")) is None


def test_stale_worker_cannot_overwrite(owner, platform):
    platform.runner = studies_none_runner()
    base = f"/api/projects/{owner.pid}/studies"
    sid = owner.post(base, {"study_type": "power_flow"}).json["id"]
    with platform.db.session() as s:
        old = s.get(Study, sid).run_token
        s.get(Study, sid).run_token = "new-token"
    from chalicelib.studies.execute import execute_study

    assert execute_study(sid, old, context=platform.execution_context()) == "skipped"
    assert owner.get(f"{base}/{sid}").json["status"] == "pending"


@pytest.mark.parametrize("backend", ["sqlite"], indirect=False)
def test_process_runner(api, platform, backend):
    """The process pool runs studies in spawned workers and reports progress in the database."""
    from chalicelib.studies.repository import SqlStudyRepository
    from chalicelib.studies.runner import ProcessRunner

    platform.runner = ProcessRunner(platform.execution_context(), 1, SqlStudyRepository(platform.db))
    try:
        u = api.register()
        pid = import_case(u).json["id"]
        base = f"/api/projects/{pid}/studies"
        ids = [
            u.post(base, {"study_type": "power_flow", "analysis_method": m}).json["id"]
            for m in ("newton_raphson", "gauss_seidel")
        ]
        final = {}
        for _ in range(600):
            final = {i: u.get(f"{base}/{i}").json for i in ids}
            if all(s["status"] in ("completed", "failed", "cancelled") for s in final.values()):
                break
            time.sleep(0.1)
        assert [final[i]["status"] for i in ids] == ["completed", "completed"], final
        assert len(final[ids[1]]["history"]) > 10
    finally:
        platform.runner.shutdown()


def test_small_network_study(api):
    u = api.register()
    pid = u.post("/api/projects", {"name": "s", "network": small_network()}).json["id"]
    sid = u.post(f"/api/projects/{pid}/studies", {"study_type": "power_flow"}).json["id"]
    assert u.get(f"/api/projects/{pid}/studies/{sid}").json["status"] == "completed"


def test_voltage_violations_use_bus_limits_unless_overridden(owner):
    base = f"/api/projects/{owner.pid}/studies"
    sid = owner.post(base, {"study_type": "power_flow"}).json["id"]
    summ = owner.get(f"{base}/{sid}").json["results_summary"]
    # IEEE 14 buses allow 0.94-1.06 pu: bus 6 (1.07), 7 (1.0615) and 8 (1.09) are above
    assert summ["voltage_limits"] == "per bus"
    assert sorted(v["bus_id"] for v in summ["voltage_violations"]) == ["6", "7", "8"]
    sid = owner.post(base, {"study_type": "power_flow", "parameters": {"vmin_pu": 0.9, "vmax_pu": 1.1}}).json["id"]
    summ = owner.get(f"{base}/{sid}").json["results_summary"]
    assert summ["voltage_violation_count"] == 0 and summ["voltage_limits"] == "parameters"


def test_record_browser_not_converged(owner):
    """A browser solve that did not converge is a failed study with its history (results built by the engine)."""
    base = f"/api/projects/{owner.pid}/studies"
    solution = browser_solution(ieee14_network(owner), max_iter=1)
    assert solution["converged"] is False
    r = owner.post(f"{base}/record", {"study_type": "power_flow", "parameters": {"tol": 1e-8}, "solution": solution})
    assert r.status == 201, r
    assert r.json["status"] == "failed" and "did not converge" in r.json["error_message"]
    assert [h["iteration"] for h in r.json["history"]] == [0, 1]
    assert r.json["results_summary"]["iterations"] == 1


def test_delete_while_running_leaves_no_blobs(owner, platform):
    platform.runner = studies_none_runner()
    base = f"/api/projects/{owner.pid}/studies"
    sid = owner.post(base, {"study_type": "power_flow", "analysis_method": "gauss_seidel"}).json["id"]
    import gridsolve.studies.power_flow as gridsolve  # the study module's solver entry point
    from chalicelib.studies.execute import execute_study

    real = gridsolve.run_power_flow

    def deleting(net, progress=None, **kw):
        def p(i, m):
            if i == 3:
                assert owner.delete(f"{base}/{sid}").status == 204
            progress(i, m)

        return real(net, progress=p, **kw)

    gridsolve.run_power_flow = deleting
    try:
        with platform.db.session() as s:
            token = s.get(Study, sid).run_token
        assert execute_study(sid, token, context=platform.execution_context()) == "stopped"
    finally:
        gridsolve.run_power_flow = real
    assert not platform.blobs.exists(f"studies/{sid}/input.json")
    assert not platform.blobs.exists(f"studies/{sid}/result.json")


def test_idempotent_study_submission(owner, platform):
    """A retried POST with the same Idempotency-Key returns the first study; another body with it is refused."""
    base = f"/api/projects/{owner.pid}/studies"
    body = {"study_type": "power_flow", "parameters": {"tol": 1e-9}}
    first = owner.post(base, body, headers={"Idempotency-Key": "k-1"})
    again = owner.post(base, body, headers={"Idempotency-Key": "k-1"})
    assert first.status == again.status == 201 and first.json == again.json
    assert len(owner.get(base).json["studies"]) == 1
    other = owner.post(base, {**body, "parameters": {"tol": 1e-6}}, headers={"Idempotency-Key": "k-1"})
    assert other.status == 422 and other.json["error"]["code"] == "idempotency_key_reused"
    assert owner.post(base, body, headers={"Idempotency-Key": "k-2"}).json["id"] != first.json["id"]
    assert owner.post(base, body, headers={"Idempotency-Key": "x" * 201}).status == 400
    assert len(owner.get(base).json["studies"]) == 2
