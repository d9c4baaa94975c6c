"""One renderer per result model, registered here (and only here): the sections a study type's report has
beyond the common ones, and what it draws on the single-line diagram. A study type without an entry (e.g. a new
one) gets the generic rendering: its summary, and every list of rows in its result as a titled table.

Keyed by the name of the engine's result model (`StudyType.result`), not by the study type, so the service
never names a study type; the registry is checked against the engine's in tests/platform/test_platform_reports.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from chalicelib.reports.document import ReportData, Section
from chalicelib.reports.sld import Overlay

from . import common, contingency, faults, protection, voltage


@dataclass(frozen=True)
class Renderer:
    sections: Callable[[ReportData], list[Section]]
    overlay: Callable[[ReportData], Overlay] | None = None


GENERIC = Renderer(common.generic_sections)
RENDERERS: dict[str, Renderer] = {
    "PowerFlowResultModel": Renderer(voltage.sections, voltage.overlay),
    "ShortCircuitResultModel": Renderer(faults.sections, faults.overlay),
    "ProtectionResult": Renderer(protection.sections, protection.overlay),
    "ContingencyResult": Renderer(contingency.sections, contingency.overlay),
}


def renderer_for(data: ReportData) -> Renderer:
    return RENDERERS.get(data.study_type.result.__name__, GENERIC)
