"""GridSolve's native JSON format: the Network schema itself, versioned, exact round trip.

Schema 1.0 kept diagram positions on the buses (x, y, length, orientation); 2.0 does not (they belong to the
project's diagram). 1.0 files are read by moving those fields out: `coordinates()` returns them.
"""

from __future__ import annotations

import json
from typing import Any

from ..errors import ParseError
from ..model import DIAGRAM_FIELDS_V1, SCHEMA_VERSION, Network, parse_network

SUPPORTED_MAJOR = ("1", "2")


def _load(text: str, source: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(exc.msg, file=source, line=exc.lineno, field=f"column {exc.colno}") from None
    if not isinstance(data, dict):
        raise ParseError("a GridSolve network is a JSON object", file=source)
    version = str(data.get("schema_version", SCHEMA_VERSION))
    if version.split(".")[0] not in SUPPORTED_MAJOR:
        raise ParseError(f"schema_version {version} is not supported (this is {SCHEMA_VERSION})", file=source,
                         field="schema_version")
    return data


def upgrade(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """A schema 1.x network as 2.0, and the bus diagram fields it carried ({bus id: {x, y, length, orientation}})."""
    diagram: dict[str, dict[str, Any]] = {}
    if str(data.get("schema_version", SCHEMA_VERSION)).split(".")[0] != "1":
        return data, diagram
    buses = []
    for bus in data.get("buses") or []:
        if not isinstance(bus, dict):
            buses.append(bus)
            continue
        moved = {k: bus[k] for k in DIAGRAM_FIELDS_V1 if bus.get(k) is not None}
        if moved and isinstance(bus.get("id"), str):
            diagram[bus["id"]] = moved
        buses.append({k: v for k, v in bus.items() if k not in DIAGRAM_FIELDS_V1})
    return {**data, "schema_version": SCHEMA_VERSION, "buses": buses}, diagram


def read_native(text: str, source: str = "<json>") -> Network:
    data, _ = upgrade(_load(text, source))
    return parse_network(data)


def coordinates(text: str, source: str = "<json>") -> dict[str, tuple[float, float]]:
    """Bus positions a schema 1.0 file carried (none in 2.0 files: their diagram is the project's)."""
    _, diagram = upgrade(_load(text, source))
    return {bus: (float(d["x"]), float(d["y"])) for bus, d in diagram.items()
            if isinstance(d.get("x"), int | float) and isinstance(d.get("y"), int | float)}


def write_native(net: Network) -> str:
    """Floats are written with repr precision, so reading the text back gives the same network."""
    return json.dumps(net.model_dump(mode="json"), indent=1)
