"""Sections every report has, whatever the study type: settings, summary and violations, notes; and the
generic rendering of any result model (each list of rows a table, titled from the model)."""

from __future__ import annotations

from typing import Any

from chalicelib.reports.document import Block, ReportData, Section, kv, para, table_block
from chalicelib.reports.tables import columns, fmt, label, model_fields, row_model, table, unit_of


def _label(schema_prop: dict[str, Any], key: str) -> str:
    unit, _ = unit_of(key)
    base = label(key, schema_prop)
    return f"{base} ({unit})" if unit and unit not in base else base


def scalar_pairs(schema: dict[str, Any], data: dict[str, Any], model: str | None = None) -> list[tuple[str, str]]:
    """Label/value pairs of the scalar fields of `data` (described by `model` in `schema`)."""
    props = model_fields(schema, model)
    out = []
    for key, value in data.items():
        if isinstance(value, dict | list):
            continue
        _, decimals = unit_of(key)
        out.append((_label(props.get(key, {}), key), fmt(value, decimals)))
    return out


def list_tables(schema: dict[str, Any], data: dict[str, Any], prefix: str, model: str | None = None,
                skip: tuple[str, ...] = ()) -> list[Block]:
    """A table for each list-of-rows field of `data`."""
    blocks: list[Block] = []
    props = model_fields(schema, model)
    for key, rows in data.items():
        if key in skip or not isinstance(rows, list) or not rows or not all(isinstance(r, dict) for r in rows):
            continue
        item = row_model(schema, key, model)
        cols = columns(schema, item, None if item else [k for k, v in rows[0].items()
                                                         if not isinstance(v, dict | list)])
        title = props.get(key, {}).get("title") or key.replace("_", " ").capitalize()
        note = props.get(key, {}).get("description", "")
        blocks.append(table_block(table(f"{prefix}-{key}", title, cols, rows, note)))
    return blocks


def settings_section(data: ReportData) -> Section:
    """Every option the study ran with (defaults included), with the option's description."""
    props = data.study_type.options.model_json_schema().get("properties", {})
    given = set(data.context["study"].get("parameters") or {})
    pairs = []
    for key, value in data.options.items():
        label = "analysis method" if key == "method" else key
        shown = fmt(value) if value not in ({}, []) else "–"
        default = "" if key in given or key == "method" else " (default)"
        desc = props.get(key, {}).get("description", "")
        pairs.append((label, f"{shown}{default}" + (f" — {desc}" if desc else "")))
    return Section("settings", "Study settings", [kv(pairs)])


def summary_section(data: ReportData) -> Section:
    summary = data.summary or {}
    blocks: list[Block] = []
    if data.final.get("error_message"):
        blocks.append(para(f"The study ended with: {data.final['error_message']}"))
    pairs = scalar_pairs(data.summary_schema, summary)
    if pairs:
        blocks.append(kv(pairs))
    violations = list_tables(data.summary_schema, summary, "summary")
    # "none" only where the summary lists violations at all (a contingency summary counts them per outage instead)
    has_list = "violations" in model_fields(data.summary_schema, None)
    blocks += violations or ([para("No violations of the limits used.")] if has_list else [])
    return Section("summary", "Summary and violations", blocks)


def notes_section(data: ReportData) -> Section | None:
    notes = [*(data.result.get("notes") or []), *(data.final.get("notes") or [])]
    if not notes:
        return None
    return Section("notes", "Notes", [para(n) for n in notes])


def generic_sections(data: ReportData) -> list[Section]:
    """A study type without a renderer of its own: its scalar results and every table of its result model."""
    blocks: list[Block] = []
    pairs = scalar_pairs(data.schema, data.result)
    if pairs:
        blocks.append(kv(pairs))
    blocks += list_tables(data.schema, data.result, "result", skip=("notes",))
    return [Section("results", "Results", blocks or [para("The result has no tables.")])]
