"""Contingency results: the base case, the campaign's counts, the ranked table of outages (worst first, as the
engine ranks them by its severity formula), the violations of the worst outages, and the outages that island
the grid or do not converge; on the diagram, each branch coloured by the worst loading any outage puts on it and
the worst outage's own elements marked."""

from __future__ import annotations

from typing import Any

from chalicelib.reports.document import Block, ReportData, Section, kv, para, table_block
from chalicelib.reports.sld import BAD, OFF, OK, Overlay, loading_color
from chalicelib.reports.tables import Column, fmt, table

#: Rows of the ranked table in the report (the whole list is in the study's CSV/JSON download).
MAX_RANKED_ROWS = 200
#: Outages whose violations are listed one by one.
MAX_DETAILED = 20


def _outage(row: dict[str, Any]) -> str:
    return " + ".join(row.get("outage") or [])


def _at(value: Any, where: Any, decimals: int) -> str:
    return f"{fmt(value, decimals)} @ {where}" if value is not None and where else fmt(value, decimals)


def _ranked_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**r, "outage_text": _outage(r),
             "min_vm": _at(r.get("min_vm_pu"), r.get("min_vm_bus"), 4),
             "max_vm": _at(r.get("max_vm_pu"), r.get("max_vm_bus"), 4),
             "max_loading": _at(r.get("max_loading_percent"), r.get("max_loading_branch"), 1),
             "n_violations": len(r.get("violations") or [])} for r in rows]


RANKED_COLUMNS = [
    Column("rank", "Rank"), Column("outage_text", "Outage"), Column("converged", "Converged"),
    Column("islanding", "Islanding"), Column("load_lost_mw", "Load lost", "MW", decimals=2),
    Column("min_vm", "min |V| (pu) @ bus"), Column("max_vm", "max |V| (pu) @ bus"),
    Column("max_loading", "max loading (%) @ branch"), Column("n_violations", "Violations"),
    Column("severity", "Severity", decimals=3),
]
VIOLATION_COLUMNS = [
    Column("outage_text", "Outage"), Column("kind", "Violation"), Column("element", "Element"),
    Column("value", "Value", decimals=4), Column("limit", "Limit", decimals=4), Column("unit", "Unit"),
]


def _base_block(base: dict[str, Any]) -> Block:
    return kv([
        ("converged", fmt(base.get("converged"))),
        ("iterations", fmt(base.get("iterations"))),
        ("min |V| (pu)", _at(base.get("min_vm_pu"), base.get("min_vm_bus"), 4)),
        ("max |V| (pu)", _at(base.get("max_vm_pu"), base.get("max_vm_bus"), 4)),
        ("max loading (%)", _at(base.get("max_loading_percent"), base.get("max_loading_branch"), 1)),
        ("violations in the base case", fmt(len(base.get("violations") or []))),
    ])


def _violation_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**v, "outage_text": _outage(r)} for r in rows[:MAX_DETAILED] for v in r.get("violations") or []]


def sections(data: ReportData) -> list[Section]:
    r = data.result
    rows = r.get("contingencies") or []
    out = [Section("ctg-base", "Base case", [_base_block(r.get("base") or {})])]
    screening = r.get("screening")
    if screening:
        out[0].blocks.append(para(
            f"DC (LODF) screening: {screening['candidates']} outages solved in full AC, {screening['screened_out']} "
            f"branch outages whose DC estimate stayed below {screening['threshold_percent']:g} % left out."))
    ranked: list[Block] = [table_block(table(
        "ctg-ranked", "Contingencies ranked by severity", RANKED_COLUMNS, _ranked_rows(rows[:MAX_RANKED_ROWS]),
        r.get("severity_formula") or ""))]
    if len(rows) > MAX_RANKED_ROWS:
        ranked.append(para(f"The {MAX_RANKED_ROWS} worst of {len(rows)} outages are listed; the study's CSV "
                           "download holds every one."))
    out.append(Section("ctg-ranked", "Ranked contingencies", ranked if rows else [para("No outages were run.")]))
    violations = _violation_rows(rows)
    out.append(Section("ctg-violations", f"Violations of the {MAX_DETAILED} worst outages", [
        table_block(table("ctg-violations", "Violations", VIOLATION_COLUMNS, violations)) if violations
        else para("No outage among the worst causes a voltage or loading violation.")]))
    special = [x for x in rows if x.get("islanding") or not x.get("converged")]
    if special:
        out.append(Section("ctg-special", "Islanding and non-converged outages", [table_block(table(
            "ctg-special", "Outages that island the grid or do not converge", RANKED_COLUMNS,
            _ranked_rows(special)))]))
    return out


def overlay(data: ReportData) -> Overlay:
    """Each branch coloured by the worst loading an outage puts on it; the worst outage's elements greyed."""
    rows = data.result.get("contingencies") or []
    limit = float(data.options.get("loading_limit_percent") or 100.0)
    worst: dict[str, float] = {}
    for row in rows:
        branch, pct = row.get("max_loading_branch"), row.get("max_loading_percent")
        if branch and pct is not None and pct > worst.get(branch, -1.0):
            worst[branch] = pct
    ov = Overlay(caption="Worst post-contingency loading of each branch (% of rating); grey: the worst "
                         "outage's elements.")
    for branch, pct in worst.items():
        ov.branch_color[branch] = loading_color(pct, limit)
        ov.branch_text[branch] = f"{pct:.1f} %"
    if rows:
        for element in rows[0].get("outage") or []:
            ov.branch_color[element] = OFF
            ov.branch_text[element] = f"out (rank 1: {_outage(rows[0])})"
    ov.legend = [(OK, "within rating after every outage"), (BAD, f"above {limit:g} % after an outage"),
                 (OFF, "outaged in the worst contingency")]
    return ov
