"""What a report is made of: the study's data (`ReportData`) and the document built from it (sections of
blocks: paragraphs, key-value lists, tables, figures). The template renders blocks by kind; every study type's
renderer (sections/) returns sections, so the layout and pagination rules live in one place."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from chalicelib import engine
from chalicelib.engine import Feeder, Network
from chalicelib.projects.diagram import Diagram
from chalicelib.reports.tables import Table

#: Tables longer than this are set in a compact fixed-width layout (HTML tables of thousands of rows take
#: WeasyPrint minutes); both are paginated with the header repeated on every page.
HTML_TABLE_ROWS = 150
MONO_ROWS_PER_PAGE = 80
#: Characters of a fixed-width row that fit a portrait page at the table font size (wider: landscape).
PORTRAIT_CHARS = 128


@dataclass
class Block:
    kind: str  # para | kv | table | figure
    text: str = ""
    pairs: list[tuple[str, str]] = field(default_factory=list)
    table: Table | None = None
    svg: str = ""
    caption: str = ""

    @property
    def mono(self) -> bool:
        return self.table is not None and len(self.table.rows) > HTML_TABLE_ROWS

    def mono_pages(self) -> list[str]:
        """The fixed-width table as pages of text, each with the header."""
        assert self.table is not None
        t = self.table
        widths = [max([len(c.header), *(len(r[i]) for r in t.rows)]) for i, c in enumerate(t.columns)]
        numeric = t.numeric or [False] * len(widths)

        def line(cells: list[str]) -> str:
            return "  ".join(c.rjust(w) if num else c.ljust(w) for c, w, num in zip(cells, widths, numeric,
                                                                                      strict=False)).rstrip()

        header = line([c.header for c in t.columns])
        rule = "-" * len(header)
        rows = [line(r) for r in t.rows]
        return ["\n".join([header, rule, *rows[i:i + MONO_ROWS_PER_PAGE]])
                for i in range(0, len(rows), MONO_ROWS_PER_PAGE)]

    @property
    def width_chars(self) -> int:
        if self.table is None:
            return 0
        t = self.table
        return sum(max([len(c.header), *(len(r[i]) for r in t.rows[:2000])]) + 2 for i, c in enumerate(t.columns))


def para(text: str) -> Block:
    return Block("para", text=text)


def kv(pairs: list[tuple[str, str]]) -> Block:
    return Block("kv", pairs=pairs)


def table_block(table: Table) -> Block:
    return Block("table", table=table)


def figure(svg: str, caption: str) -> Block:
    return Block("figure", svg=svg, caption=caption)


@dataclass
class Section:
    id: str
    title: str
    blocks: list[Block]
    landscape: bool = False

    def __post_init__(self) -> None:
        if any(b.mono and b.width_chars > PORTRAIT_CHARS for b in self.blocks):
            self.landscape = True


@dataclass
class ReportData:
    """A finished study as the report shows it."""

    context: dict[str, Any]  # project, study, who ran it, the diagram (see reports/context.py)
    model: Network | Feeder  # the study's input, as its type takes it
    result: dict[str, Any]
    summary: dict[str, Any] | None
    final: dict[str, Any]  # status, finished_at, wall_time_s, notes, error_message

    @property
    def has_network(self) -> bool:
        return isinstance(self.model, Network)

    @property
    def network(self) -> Network:
        """The input network (studies of the network kind; feeder studies have none)."""
        assert isinstance(self.model, Network), "this study's input is a feeder"
        return self.model

    @cached_property
    def study_type(self) -> engine.StudyType:
        return engine.study_types()[self.context["study"]["study_type"]]

    @cached_property
    def schema(self) -> dict[str, Any]:
        return self.study_type.result.model_json_schema()

    @cached_property
    def summary_schema(self) -> dict[str, Any]:
        return self.study_type.summary.model_json_schema()

    @cached_property
    def diagram(self) -> Diagram:
        return Diagram.model_validate(self.context.get("diagram") or {})

    @cached_property
    def options(self) -> dict[str, Any]:
        """Every option the study ran with, defaults included."""
        study = self.context["study"]
        _, opts = engine.study_request(study["study_type"], study["analysis_method"], study["parameters"])
        return opts.model_dump(mode="json")
