"""Assemble a study's report and render it to PDF (jinja2 -> HTML -> WeasyPrint).

Order: title page; contents; study settings; summary and violations; the single-line diagram with the results;
the study type's own sections (sections/); notes; the validation statement. Page numbers, the running header
and the table of contents' page references are CSS (templates/report.css).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from chalicelib import engine
from chalicelib.reports import sections as registry
from chalicelib.reports import validation
from chalicelib.reports.context import load as load_context
from chalicelib.reports.document import ReportData, Section, figure, para, table_block
from chalicelib.reports.sections import common
from chalicelib.reports.sld import Overlay, sld_svg
from chalicelib.reports.tables import Column, table
from chalicelib.storage.blobstore import BlobStore

log = logging.getLogger("gridsolve.reports")
TEMPLATES = Path(__file__).resolve().parent / "templates"
_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]),
                   trim_blocks=True, lstrip_blocks=True)
_env.filters["svg"] = Markup  # figures are SVG the report code wrote itself (every text in it escaped)


def report_key(study_id: str) -> str:
    return f"studies/{study_id}/report.pdf"


def sld_section(data: ReportData) -> Section:
    if not data.has_network:
        return Section("sld", "Single-line diagram", [para(
            "Feeder studies (imported three-phase feeders) are reported without a diagram for now.")])
    renderer = registry.renderer_for(data)
    overlay = renderer.overlay(data) if renderer.overlay else None
    if overlay is None:
        return Section("sld", "Single-line diagram", [figure(sld_svg(data.network, data.diagram,
                                                                     Overlay()), "The network.")], True)
    return Section("sld", "Single-line diagram with results", [figure(
        sld_svg(data.network, data.diagram, overlay), f"{overlay.caption} {_placement(data)}")], landscape=True)


def _placement(data: ReportData) -> str:
    n = len(data.network.buses)
    placed = sum(1 for b in data.network.buses if (p := data.diagram.elements.get(b.id)) and p.x is not None)
    if placed == n:
        return "Drawn as in the project's diagram."
    if placed == 0:
        return "The project's diagram places no bus: the layout is automatic."
    return f"{placed} of {n} buses as drawn in the project's diagram, the others laid out automatically."


def validation_section(data: ReportData) -> Section:
    text = (f"GridSolve's engine (gridsolve {engine.version()}) is checked in its test suite against independent "
            "references; a release passes every check below within the stated tolerance.")
    return Section("validation", "Validation statement", [para(text), _validation_table()])


def _validation_table():
    cols = [Column(k, k.capitalize()) for k in validation.COLUMNS]
    return table_block(table("validation", "Validated against", cols, validation.statement()))


def build(data: ReportData) -> list[Section]:
    sections = [common.settings_section(data), common.summary_section(data), sld_section(data)]
    sections += registry.renderer_for(data).sections(data)
    notes = common.notes_section(data)
    if notes is not None:
        sections.append(notes)
    sections.append(validation_section(data))
    return sections


def title_info(data: ReportData) -> dict[str, Any]:
    study, project = data.context["study"], data.context["project"]
    run_by = data.context.get("run_by") or {}
    who = " ".join(filter(None, [run_by.get("name"), f"<{run_by['email']}>" if run_by.get("email") else ""]))
    finished = data.final.get("finished_at") or datetime.now(UTC).replace(tzinfo=None).isoformat() + "Z"
    return {
        "project": project["name"], "project_id": project["id"], "project_version": project.get("version"),
        "study_name": study.get("name") or "", "study_id": study["id"], "study_type": data.study_type.title,
        "method": study["analysis_method"].replace("_", " "), "date": finished[:19].replace("T", " ") + " UTC",
        "engine": f"gridsolve {engine.version()}", "run_by": who or "—", "status": data.final.get("status", ""),
        "source": "browser (checked by the engine)" if study.get("source") == "browser" else "server",
        "network": _network_line(data),
        "wall_time_s": data.final.get("wall_time_s"),
    }


def _network_line(data: ReportData) -> str:
    if not data.has_network:
        feeder = data.model
        return f"{getattr(feeder, 'name', '') or 'feeder'} (three-phase feeder)"
    net = data.network
    counts = [(len(net.buses), "buses"), (len(net.lines) + len(net.impedance_branches), "lines and branches"),
              (len(net.transformers) + len(net.transformers3w), "transformers"),
              (len(net.generators) + len(net.external_grids), "sources"), (len(net.loads), "loads")]
    return f"{net.name or 'network'}: " + ", ".join(f"{n} {what}" for n, what in counts if n)


def _css_string(text: str) -> str:
    """A CSS string literal (for the running header) that cannot end the string or the style element."""
    return '"' + "".join(f"\\{ord(c):x} " if c in '"\\<>\n' else c for c in text) + '"'


def render_html(data: ReportData) -> str:
    info = title_info(data)
    running = _css_string(f"{info['project']} · {info['study_type']} · study {info['study_id'][:8]}")
    return _env.get_template("report.html.j2").render(
        title=info, sections=build(data), css=(TEMPLATES / "report.css").read_text(), running=running)


def render_pdf(data: ReportData) -> bytes:
    # WeasyPrint loads Pango when imported: a worker image without it still runs studies (only the report
    # fails, logged, and is rendered where Pango is when someone asks for it)
    import weasyprint  # lazy: needs the Pango system library

    html = render_html(data)
    return weasyprint.HTML(string=html, base_url=str(TEMPLATES)).write_pdf()


def data_from_blobs(blobs: BlobStore, study_id: str, input_key: str, result: dict[str, Any],
                    summary: dict[str, Any] | None, final: dict[str, Any],
                    context: dict[str, Any] | None = None) -> ReportData | None:
    """The report's data from what the study stored; None when the study has no report context."""
    context = context or load_context(blobs, study_id)
    if context is None:
        return None
    kind = engine.study_types()[context["study"]["study_type"]].input_kind
    return ReportData(context=context, model=engine.load_model(kind, blobs.get(input_key)), result=result,
                      summary=summary, final=final)


def store(blobs: BlobStore, study_id: str, data: ReportData) -> bytes:
    pdf = render_pdf(data)
    blobs.put(report_key(study_id), pdf)
    return pdf
