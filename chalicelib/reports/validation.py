"""The validation statement of every report: which independent references the engine is checked against, with
which tolerances. The one source is README.md's table "How results are validated"; `validation.json` beside
this module is generated from it (deployed packages carry chalicelib/, not the README) and a test fails when it
is stale:

    .venv/bin/python -m chalicelib.reports.validation      # regenerate after editing the README's table
"""

from __future__ import annotations

import json
import re
import sys
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
GENERATED = HERE / "validation.json"
README = HERE.parent.parent / "README.md"
HEADING = "## How results are validated"
COLUMNS = ("what", "reference", "tolerance", "test")


def _cells(line: str) -> list[str]:
    return [re.sub(r"`([^`]*)`", r"\1", c).strip() for c in line.strip().strip("|").split("|")]


def parse_readme(text: str) -> list[dict[str, str]]:
    """The rows of the README's validation table (the first table after its heading)."""
    _, found, rest = text.partition(HEADING)
    if not found:
        raise ValueError(f"README.md has no section {HEADING!r}")
    rows, started = [], False
    for line in rest.splitlines():
        if line.startswith("## "):
            break
        if not line.startswith("|"):
            if started:
                break
            continue
        started = True
        cells = _cells(line)
        if cells[0].lower() == "what" or set("".join(cells)) <= set("-: "):
            continue
        rows.append(dict(zip(COLUMNS, cells + [""] * (len(COLUMNS) - len(cells)), strict=False)))
    return rows


@cache
def statement() -> list[dict[str, str]]:
    return json.loads(GENERATED.read_text())


def generated_text() -> str:
    return json.dumps(parse_readme(README.read_text()), indent=1, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    GENERATED.write_text(generated_text())
    print(f"wrote {GENERATED}", file=sys.stderr)
