"""What every CLI command does with its result: render it in the chosen format (json, csv or table) and write it
to --out or standard output."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .jsonout import dumps_text


def emit(fmt: str, out: str | None, *, as_dict: Callable[[], Any], as_csv: Callable[[], str],
         as_table: Callable[[], str]) -> None:
    """JSON is indented when written to a file (meant to be read), compact on standard output (meant to be piped)."""
    if fmt == "json":
        text = dumps_text(as_dict(), indent=bool(out))
    elif fmt == "csv":
        text = as_csv()
    else:
        text = as_table()
    if out:
        Path(out).write_text(text)
    else:
        sys.stdout.write(text)
