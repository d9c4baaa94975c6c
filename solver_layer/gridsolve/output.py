"""What every CLI command does with its result: render it in the chosen format (json, csv or table) and write it
to --out or standard output; and the formula-safe CSV of a result's table (the CLI's and the service's
downloads)."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .jsonout import dumps


def emit(fmt: str, out: str | None, *, as_dict: Callable[[], Any], as_csv: Callable[[], str],
         as_table: Callable[[], str], as_json: Callable[[bool], bytes | memoryview] | None = None) -> None:
    """JSON is indented when written to a file (meant to be read), compact on standard output (meant to be piped).
    `as_json(indent)`, where given, writes the same bytes as dumping `as_dict()` (faster for a large result)."""
    if fmt == "json":
        data = as_json(bool(out)) if as_json else dumps(as_dict(), indent=bool(out))
        if out:
            with open(out, "wb") as fh:  # orjson's UTF-8 as it is (a text write would decode and encode 80 MB)
                fh.write(data)
                fh.write(b"\n")
        else:
            sys.stdout.write(str(data, "utf-8") + "\n")
        return
    text = as_csv() if fmt == "csv" else as_table()
    if out:
        Path(out).write_text(text)
    else:
        sys.stdout.write(text)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A CSV cell: nested values as JSON, null as empty; text that a spreadsheet would run as a formula
    (starting with = + - @, tab or CR) gets a leading quote (OWASP's CSV-injection advice). Numbers stay
    numbers, negative ones included."""
    if value is None:
        return ""
    if isinstance(value, list | dict):
        value = json.dumps(value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_table(rows: list[dict[str, Any]]) -> str:
    """Rows of dicts as CSV: the columns in the order they first appear, every cell `csv_cell`."""
    cols: list[str] = []
    for r in rows:
        cols += [c for c in r if c not in cols]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(cols)
    for r in rows:
        w.writerow([csv_cell(r.get(c)) for c in cols])
    return buf.getvalue()
