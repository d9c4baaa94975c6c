"""The state machine definitions (ASL JSON files here) with their `${...}` substitutions filled in: what the CDK
app deploys and what the tests execute (in moto, with task states pointed at stubs)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
_PLACEHOLDER = re.compile(r"\$\{([A-Za-z]+)\}")


def placeholders(name: str) -> set[str]:
    return set(_PLACEHOLDER.findall((HERE / f"{name}.asl.json").read_text()))


def definition(name: str, values: dict[str, Any]) -> dict[str, Any]:
    """The definition `name` with every placeholder replaced (JSON-encoded unless it is a string)."""
    text = (HERE / f"{name}.asl.json").read_text()
    missing = placeholders(name) - set(values)
    if missing:
        raise KeyError(f"{name}.asl.json needs {', '.join(sorted(missing))}")

    def fill(m: re.Match[str]) -> str:
        v = values[m.group(1)]
        return str(v) if isinstance(v, str) else json.dumps(v)

    return json.loads(_PLACEHOLDER.sub(fill, text))
