"""The ranked contingency table as a spreadsheet reads it (the CSV download of the service and the CLI's --format
csv): one row per outage, its lists as text, the worst N's full state left to the JSON.

    outage        "br_7; br_9"                              (the element ids out of service)
    islanded_buses "14; 15"
    violations    "overload br_3 112.4 % (limit 100.0 %); undervoltage 5 0.9312 pu (limit 0.9500 pu)"
    mismatch_history "3.1e-02; 2.9e-02; ..."                (largest P/Q mismatch per iteration, non-converged only)

Loadings are written to 0.1 %, voltages to 0.0001 pu in the text (as the browser's table shows them); the
columns of the extremes (min_vm_pu, max_loading_percent, ...) keep every digit. Cells are made formula-safe by
the writer (`gridsolve.output.csv_table`).
"""

from __future__ import annotations

from typing import Any

from .monitor import DETAIL_FIELDS

#: the result's table this module flattens (ContingencyResult.contingencies)
TABLE = "contingencies"
#: the columns first, in this order (the others follow in the row's own order)
FIRST = ("rank", "outage", "converged", "islanding", "islanded_buses", "load_lost_mw", "min_vm_pu", "min_vm_bus",
         "max_vm_pu", "max_vm_bus", "max_loading_percent", "max_loading_branch", "violations", "severity")
SEPARATOR = "; "


def _value(x: float, unit: str) -> str:
    return f"{x:.1f} %" if unit == "%" else f"{x:.4f} {unit}"


def violation_text(v: dict[str, Any]) -> str:
    """"overload br_3 112.4 % (limit 100.0 %)", "undervoltage 5 0.9312 pu (limit 0.9500 pu)"."""
    return f"{v['kind']} {v['element']} {_value(v['value'], v['unit'])} (limit {_value(v['limit'], v['unit'])})"


def spreadsheet_row(row: dict[str, Any]) -> dict[str, Any]:
    """One ranked row with its lists as text and without the worst-N detail (vm_pu, va_deg, loadings, flows)."""
    flat = {k: row.get(k) for k in FIRST}
    flat.update((k, v) for k, v in row.items() if k not in flat and k not in DETAIL_FIELDS)
    flat["outage"] = SEPARATOR.join(row["outage"])
    flat["islanded_buses"] = SEPARATOR.join(row.get("islanded_buses") or [])
    flat["violations"] = SEPARATOR.join(violation_text(v) for v in row.get("violations") or [])
    history = row.get("mismatch_history")
    flat["mismatch_history"] = SEPARATOR.join(f"{m:.3e}" for m in history) if history else None
    return flat


def csv_rows(table: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The study type's hook (`StudyType.csv_rows`): the ranked table flattened, any other table as it is."""
    return [spreadsheet_row(r) for r in rows] if table == TABLE else rows
