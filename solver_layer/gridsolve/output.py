"""What every CLI command does with its result: render it in the chosen format (json, csv or table) and write it
to --out or standard output."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .jsonout import dumps


def emit(fmt: str, out: str | None, *, as_dict: Callable[[], Any], as_csv: Callable[[], str],
         as_table: Callable[[], str]) -> None:
    """JSON is indented when written to a file (meant to be read), compact on standard output (meant to be piped)."""
    if fmt == "json":
        data = dumps(as_dict(), indent=bool(out))
        if out:
            with open(out, "wb") as fh:  # orjson's UTF-8 as it is (a text write would decode and encode 80 MB)
                fh.write(data)
                fh.write(b"\n")
        else:
            sys.stdout.write(data.decode() + "\n")
        return
    text = as_csv() if fmt == "csv" else as_table()
    if out:
        Path(out).write_text(text)
    else:
        sys.stdout.write(text)
