"""PDF study reports: rendered by the worker when a study completes, stored beside the result, rendered on request
when missing; the PDF's text (pdftotext) holds the study's numbers, and pages are rendered to PNG (pdftoppm) into
tests/artifacts/ for a person to look at."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import time
from dataclasses import replace
from pathlib import Path

import pytest
from markupsafe import escape

from chalicelib import engine
from chalicelib.reports import render, sections, validation
from chalicelib.reports.render import report_key
from tests.conftest import find_data
from tests.engine.test_protection_feeder import feeder
from tests.platform.platform_helpers import browser_solution, import_case

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="poppler-utils missing (bash scripts/install_system.sh)")


@pytest.fixture
def platform(settings, make_platform):
    """The platform with the worker rendering reports (the other platform tests leave it off)."""
    return make_platform(replace(settings, render_reports=True))


def pdf_text(pdf: bytes, tmp_path: Path, layout: bool = True) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def pages(pdf: bytes, tmp_path: Path) -> int:
    path = tmp_path / "count.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def keep_pngs(pdf: bytes, name: str, first: int = 1, last: int = 6) -> list[Path]:
    """Pages as PNG in tests/artifacts/ (git-ignored), to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    src = ARTIFACTS / f"{name}.pdf"
    src.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", str(first), "-l", str(last), str(src),
                    str(ARTIFACTS / name)], check=True)
    return sorted(ARTIFACTS.glob(f"{name}-*.png"))


def get_report(user, pid: str, sid: str):
    r = user.get(f"/api/projects/{pid}/studies/{sid}/report", headers={"Accept": "application/pdf"})
    assert r.status == 200, r
    assert r.headers["content-type"] == "application/pdf" and r.body[:5] == b"%PDF-"
    assert "attachment" in r.headers["content-disposition"]
    return r.body


def run(user, pid: str, body: dict) -> dict:
    r = user.post(f"/api/projects/{pid}/studies", body)
    assert r.status == 201, r.json
    st = user.get(f"/api/projects/{pid}/studies/{r.json['id']}").json
    assert st["status"] == "completed", st
    return st


def test_power_flow_report_holds_the_studys_numbers(api, platform, tmp_path):
    u = api.register(name="Ada Lovelace")
    pid = import_case(u, project_name="IEEE 14 report").json["id"]
    st = run(u, pid, {"study_type": "power_flow", "name": "base case"})
    assert platform.blobs.exists(report_key(st["id"]))  # the worker rendered it when the study completed
    pdf = get_report(u, pid, st["id"])
    text = pdf_text(pdf, tmp_path)
    result = json.loads(u.get(f"/api/projects/{pid}/studies/{st['id']}/results").body)
    # title page: project, study type and method, date, engine version, who ran it
    for fact in ("IEEE 14 report", "Power flow report", "newton raphson", f"gridsolve {engine.version()}",
                 "Ada Lovelace", u.email, st["id"], st["finished_at"][:10]):
        assert fact in text, fact
    assert "Contents" in text and "Validation statement" in text and f"Page 1 of {pages(pdf, tmp_path)}" in text
    # the numbers: every bus's |V| and angle, every branch's flow and loss, the totals
    for b in result["buses"]:
        assert f"{b['vm_pu']:.4f}" in text and f"{b['va_deg']:.3f}" in text, b
    for br in result["branches"]:
        assert f"{br['p_from_mw']:.3f}" in text and f"{br['p_loss_mw']:.3f}" in text, br
    assert f"{result['totals']['losses_mw']:.3f}" in text
    summary = st["results_summary"]
    assert f"Voltage violation count {summary['voltage_violation_count']}" in " ".join(text.split())
    for v in summary["voltage_violations"]:
        assert f"{v['vm_pu']:.4f}" in text
    # units in the table headers (titles from the engine's result models), and the validation statement from
    # README.md's table, checked in the HTML the PDF is made from (the PDF's text wraps table cells)
    html = report_html(platform, st)
    for header in ("|V| (pu)", "θ (°)", "P from (MW)", "Loading (%)", "P loss (MW)", "I from (kA)"):
        assert f">{header}</th>" in html, header
    assert "PYPOWER" in text and "pandapower" in text
    for row in validation.statement():
        assert f"<td>{escape(row['reference'])}</td>" in html and f"<td>{escape(row['tolerance'])}</td>" in html
    assert keep_pngs(pdf, "power-flow-ieee14")


def report_html(platform, st: dict) -> str:
    data = render.data_from_blobs(platform.blobs, st["id"], f"studies/{st['id']}/input.json",
                                  json.loads(platform.blobs.get(f"studies/{st['id']}/result.json")),
                                  st["results_summary"], {"status": st["status"]})
    assert data is not None
    return render.render_html(data)


def short_circuit_network() -> dict:
    net = feeder()
    net["switches"] = [{"id": "CB-S", "bus": "S", "element": "L1", "et": "line", "rated_ka": 10.0, "peak_ka": 40.0},
                       {"id": "CB-B", "bus": "B", "element": "L3", "et": "line", "rated_ka": 25.0}]
    return net


def test_short_circuit_report_fault_currents_contributions_and_breaker_duty(api, platform, tmp_path):
    u = api.register()
    pid = u.post("/api/projects", {"name": "Feeder", "network": short_circuit_network()}).json["id"]
    st = run(u, pid, {"study_type": "short_circuit", "analysis_method": "iec_60909"})
    result = json.loads(u.get(f"/api/projects/{pid}/studies/{st['id']}/results").body)
    pdf = get_report(u, pid, st["id"])
    text = pdf_text(pdf, tmp_path)
    flat = " ".join(text.split())
    for b in result["buses"]:
        for key in ("ikss_ka", "ip_ka", "ith_ka"):
            assert f"{b[key]:.3f}" in text, (b["id"], key)
        for c in b.get("contributions") or []:
            assert f"{c['i_ka'][0]:.3f}" in text
    assert "I″k (kA)" in text and "ip (kA)" in text and "Ith (kA)" in text
    ib_s = next(b for b in result["buses"] if b["id"] == "S")["ib_ka"]
    assert ib_s > 10.0  # CB-S is under-rated: the engine flags it, the report says so
    assert {v["switch"] for v in result["breaker_violations"]} == {"CB-S"}
    assert f"CB-S S {ib_s:.3f} 10.00 {100 * ib_s / 10:.1f}" in flat and "EXCEEDED" in flat
    cb_b = next(b for b in result["buses"] if b["id"] == "B")["ib_ka"]
    assert f"CB-B B {cb_b:.3f} 25.00 {100 * cb_b / 25:.1f}" in flat
    assert keep_pngs(pdf, "short-circuit-feeder")


def test_protection_report_cti_table_and_tcc_plots(api, platform, tmp_path):
    u = api.register()
    pid = u.post("/api/projects", {"name": "Feeder", "network": feeder()}).json["id"]
    st = run(u, pid, {"study_type": "protection_coordination", "analysis_method": "check"})
    result = json.loads(u.get(f"/api/projects/{pid}/studies/{st['id']}/results").body)
    pdf = get_report(u, pid, st["id"])
    text = pdf_text(pdf, tmp_path)
    flat = " ".join(text.split())
    assert "Coordination time intervals" in text and "Time-current characteristics" in text
    for p in result["pairs"]:
        for pt in p["points"]:
            if pt["margin_s"] is not None:
                assert f"{pt['margin_s']:.3f}" in text, pt
        assert f"{p['primary']} (primary) and {p['backup']} (backup)" in flat
    assert result["violations"] and "NOT coordinated" in flat  # the feeder's R2/R1 pair is short of CTI
    assert keep_pngs(pdf, "protection-feeder", 1, 12)


def test_contingency_report_ranked_table(api, platform, tmp_path):
    """Issue 15's "contingency: the ranked table": every outage of an N-1 run on IEEE 30 with its rank, outage,
    extreme voltages and loading as the study's result holds them, its violations, and the severity formula."""
    u = api.register()
    pid = import_case(u, "case30.m").json["id"]
    st = run(u, pid, {"study_type": "contingency", "parameters": {"batch_size": 16}})
    result = json.loads(u.get(f"/api/projects/{pid}/studies/{st['id']}/results").body)
    rows = result["contingencies"]
    text = pdf_text(get_report(u, pid, st["id"]), tmp_path)
    flat = " ".join(text.split())
    assert "Contingencies ranked by severity" in text and "Base case" in text
    assert " ".join(result["severity_formula"].split())[:60] in flat
    for r in rows:  # IEEE 30 has fewer outages than the report's row limit: all of them are listed
        outage = " + ".join(r["outage"])
        line = next((ln for ln in text.splitlines() if f" {outage} " in f" {ln} " and ln.strip().startswith(
            str(r["rank"]))), None)
        assert line is not None, r["rank"]
        if r["max_loading_percent"] is not None:
            assert f"{r['max_loading_percent']:.1f} @ {r['max_loading_branch']}" in line, line
        if r["min_vm_pu"] is not None:
            assert f"{r['min_vm_pu']:.4f} @ {r['min_vm_bus']}" in line, line
    worst_violations = [v for r in rows[:20] for v in r["violations"]]
    if worst_violations:
        assert "Violations" in text and worst_violations[0]["element"] in text
    assert keep_pngs(get_report(u, pid, st["id"]), "contingency-case30", 1, 6)


def test_report_on_demand_browser_studies_and_errors(api, platform, tmp_path):
    u, other = api.register(), api.register()
    pid = import_case(u).json["id"]
    st = run(u, pid, {"study_type": "power_flow"})
    platform.blobs.delete_prefix(report_key(st["id"]))  # missing: rendered on request and stored
    assert not platform.blobs.exists(report_key(st["id"]))
    assert get_report(u, pid, st["id"])
    assert platform.blobs.exists(report_key(st["id"]))
    assert other.get(f"/api/projects/{pid}/studies/{st['id']}/report").status == 404
    # a study solved in the browser (recorded): no worker ran, the report is rendered when asked for
    solution = browser_solution(u.get(f"/api/projects/{pid}").json["network"])
    rec = u.post(f"/api/projects/{pid}/studies/record", {"study_type": "power_flow", "solution": solution})
    assert rec.status == 201, rec.json
    text = pdf_text(get_report(u, pid, rec.json["id"]), tmp_path)
    assert "browser (checked by the engine)" in text
    # nothing to report yet
    platform.runner = type("NoRun", (), {"name": "none", "submit": lambda *a, **k: None,
                                         "shutdown": lambda *a: None})()
    pending = u.post(f"/api/projects/{pid}/studies", {"study_type": "power_flow"}).json["id"]
    r = u.get(f"/api/projects/{pid}/studies/{pending}/report")
    assert r.status == 409 and "no results" in r.json["error"]["message"]


def test_a_study_type_without_a_renderer_gets_the_generic_report(api, platform, tmp_path, monkeypatch):
    """A new study type (e.g. contingency) has a report before it has a renderer: its result's tables."""
    monkeypatch.setattr(sections, "RENDERERS", {})
    u = api.register()
    pid = import_case(u).json["id"]
    st = run(u, pid, {"study_type": "power_flow"})
    platform.blobs.delete_prefix(report_key(st["id"]))
    text = pdf_text(get_report(u, pid, st["id"]), tmp_path)
    assert "Results" in text and "Buses" in text and "Branches" in text and "|V| (pu)" in text


def test_renderers_are_keyed_by_registered_result_models():
    models = {st.result.__name__ for st in engine.study_types().values()}
    assert set(sections.RENDERERS) <= models


def test_validation_statement_is_generated_from_the_readme():
    assert validation.GENERATED.read_text() == validation.generated_text(), (
        "README.md's validation table changed: run .venv/bin/python -m chalicelib.reports.validation")
    assert len(validation.statement()) >= 5


def test_report_of_a_2000_bus_study(tmp_path, capsys):
    """ACTIVSg2000: time and size are printed, not asserted (they depend on the machine)."""
    text = find_data("matpower/case_ACTIVSg2000.m.gz")

    net = engine.parse_import(gzip.decompress(text.read_bytes()).decode(), "matpower", "ACTIVSg2000").network
    st, options = engine.study_request("power_flow", "newton_raphson", {})
    outcome = st.run(net, options, None)
    context = {"project": {"id": "p", "name": "ACTIVSg2000", "version": 1},
               "study": {"id": "x" * 32, "name": "", "study_type": "power_flow", "analysis_method": "newton_raphson",
                         "parameters": {}, "source": "server", "created_at": None},
               "run_by": {"name": "test", "email": ""}, "diagram": {}}
    data = render.ReportData(context=context, model=engine.load_network(engine.network_json(net)),
                             result=outcome.result, summary=outcome.summary,
                             final={"status": outcome.status, "finished_at": None, "wall_time_s": 1.0})
    t0 = time.perf_counter()
    pdf = render.render_pdf(data)
    seconds = time.perf_counter() - t0
    n = pages(pdf, tmp_path)
    with capsys.disabled():
        print(f"\nACTIVSg2000 power-flow report: {seconds:.1f} s, {len(pdf) / 1e6:.2f} MB, {n} pages")
    text = pdf_text(pdf, tmp_path)
    worst = min(outcome.result["buses"], key=lambda b: b["vm_pu"] or 9)
    assert f"{worst['vm_pu']:.4f}" in text and len(outcome.result["buses"]) == 2000
    assert n > 40  # every bus and branch, paginated
    keep_pngs(pdf, "power-flow-activsg2000", 1, 8)


class _LambdaContext:
    function_name, memory_limit_in_mb, aws_request_id = "gridsolve-render-report", 2048, "req-1"
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:gridsolve-render-report"


class _ReportFunction:
    """AWS Lambda's invoke as the report function sees it: the payload goes to fargate_solver.report_handler in
    the settings' environment (what the container gets), a raised error comes back as a FunctionError."""

    def __init__(self, env: dict[str, str], monkeypatch):
        self.env, self.monkeypatch, self.calls = env, monkeypatch, []

    def invoke(self, FunctionName: str, InvocationType: str, Payload: bytes):  # noqa: N803 - boto3's names
        from fargate_solver.report_handler import handler

        self.calls.append((FunctionName, InvocationType, json.loads(Payload)))
        for k, v in self.env.items():
            self.monkeypatch.setenv(k, v)
        try:
            out, error = handler(json.loads(Payload), _LambdaContext()), None
        except Exception as exc:  # noqa: BLE001 - Lambda reports it as the function error
            out, error = {"errorMessage": str(exc)}, "Unhandled"
        body = type("Body", (), {"read": lambda self: json.dumps(out).encode()})()
        return {"StatusCode": 200, "Payload": body, **({"FunctionError": error} if error else {})}


@pytest.fixture
def aws_report_platform(settings, make_platform):
    return make_platform(replace(settings, render_reports=True, report_function="gridsolve-render-report"))


def test_reports_on_aws_are_rendered_by_the_report_function(api, aws_report_platform, monkeypatch, tmp_path):
    """GRIDSOLVE_REPORT_FUNCTION set (AWS, where the API and study Lambdas have no Pango): the worker hands the
    report to the function asynchronously, the API synchronously when the PDF is missing; the function (the
    solver image's report_handler) renders into the blob store; its failure is a 503 naming the cause."""
    from chalicelib.reports import jobs

    platform = aws_report_platform
    fn = _ReportFunction(platform.settings.to_env(), monkeypatch)
    monkeypatch.setattr(jobs.boto3, "client", lambda service, **kw: fn if service == "lambda" else None)
    monkeypatch.setattr(render, "render_pdf", _counting(render.render_pdf, calls := []))
    u = api.register()
    pid = import_case(u).json["id"]
    st = run(u, pid, {"study_type": "power_flow"})
    assert [(name, kind) for name, kind, _ in fn.calls] == [("gridsolve-render-report", "Event")]
    assert fn.calls[0][2]["study_id"] == st["id"] and fn.calls[0][2]["final"]["status"] == "completed"
    assert len(calls) == 1 and platform.blobs.exists(report_key(st["id"]))
    platform.blobs.delete_prefix(report_key(st["id"]))
    text = pdf_text(get_report(u, pid, st["id"]), tmp_path)
    assert fn.calls[-1][1] == "RequestResponse" and len(calls) == 2 and "Power flow report" in text
    platform.blobs.delete_prefix(report_key(st["id"]))
    platform.blobs.delete_prefix(f"studies/{st['id']}/result.json")  # the function cannot read the result
    r = u.get(f"/api/projects/{pid}/studies/{st['id']}/report", headers={"Accept": "application/pdf"})
    assert r.status == 503 and "could not be rendered" in r.json["error"]["message"]


def _counting(fn, calls: list):
    def wrapped(*a, **k):
        calls.append(1)
        return fn(*a, **k)
    return wrapped
