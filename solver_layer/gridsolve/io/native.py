"""GridSolve's native JSON format: the Network schema itself, versioned, exact round trip."""

from __future__ import annotations

import json

from ..errors import ParseError
from ..model import SCHEMA_VERSION, Network, parse_network


def read_native(text: str, source: str = "<json>") -> Network:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(exc.msg, file=source, line=exc.lineno, field=f"column {exc.colno}") from None
    if not isinstance(data, dict):
        raise ParseError("a GridSolve network is a JSON object", file=source)
    version = str(data.get("schema_version", SCHEMA_VERSION))
    if version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
        raise ParseError(f"schema_version {version} is not supported (this is {SCHEMA_VERSION})", file=source,
                         field="schema_version")
    return parse_network(data)


def write_native(net: Network) -> str:
    """Floats are written with repr precision, so reading the text back gives the same network."""
    return json.dumps(net.model_dump(mode="json"), indent=1)
