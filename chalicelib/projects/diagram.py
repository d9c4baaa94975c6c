"""A project's single-line diagram: where each element is drawn. The engine never reads it.

`{"version": 1, "elements": {element_id: {x, y, rotation, length, waypoints}}}`:
- buses: the bar's centre (x, y), its `length` and `rotation` (0 horizontal, 90 vertical; 180/270 mirror);
- equipment (sources, loads, shunts): the symbol's position and rotation; without an entry the editor places it
  along its bus;
- branches (lines, cables, transformers, switches): `waypoints`, the corners of a manually routed wire from the
  from-end to the to-end; without them the editor routes the wire orthogonally.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from chalicelib.engine import Feeder, Network
from chalicelib.http.errors import BadRequest

VERSION = 1
MAX_WAYPOINTS = 200
Coordinate = Annotated[float, Field(allow_inf_nan=False, ge=-1e7, le=1e7)]


class Placement(BaseModel):
    model_config = ConfigDict(extra="forbid")

    x: Coordinate | None = Field(None, description="Centre, px")
    y: Coordinate | None = Field(None, description="Centre, px")
    rotation: Literal[0, 90, 180, 270] = Field(0, description="Degrees, clockwise")
    length: Annotated[float, Field(gt=0, le=1e5, allow_inf_nan=False)] | None = Field(
        None, description="Bus bar length, px")
    waypoints: list[tuple[Coordinate, Coordinate]] = Field(
        default_factory=list, max_length=MAX_WAYPOINTS, description="Wire corners from the from-end, px")


class Diagram(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: Literal[1] = 1
    elements: dict[str, Placement] = Field(default_factory=dict)


def parse_diagram(data: Any, field: str = "diagram") -> Diagram:
    """A request's diagram; every problem a field-level 400 (`diagram.elements.<id>.<field>`)."""
    try:
        return Diagram.model_validate(data)
    except ValidationError as exc:
        fields = []
        for err in exc.errors()[:50]:
            loc = ".".join(str(p) for p in err.get("loc", ()))
            fields.append({"field": f"{field}.{loc}" if loc else field, "message": err.get("msg", "invalid")})
        raise BadRequest(f"Invalid diagram: {fields[0]['field']}: {fields[0]['message']}", fields=fields) from None


def to_json(diagram: Diagram) -> str:
    return diagram.model_dump_json(exclude_defaults=False)


def load(text: str | None) -> Diagram:
    return Diagram.model_validate_json(text) if text else Diagram()


def element_ids(net: Network | Feeder) -> set[str]:
    """Every id a diagram may place: a network's elements; a feeder's buses by name and its elements as
    `<kind>.<id>` (OpenDSS names are unique per class only, e.g. `line.650632`)."""
    if isinstance(net, Feeder):
        ids = set(net.bus_nodes())
        for kind in ("source", "line", "transformer", "capacitor", "load"):
            ids |= {f"{kind}.{e.id}" for e in getattr(net, kind + "s")}
        return ids
    return {el.id for _, el in net.elements()}


def prune(diagram: Diagram, net: Network | Feeder) -> Diagram:
    """Drop placements of elements the network no longer has."""
    ids = element_ids(net)
    return Diagram(elements={k: v for k, v in diagram.elements.items() if k in ids})


def bus_positions(diagram: Diagram) -> dict[str, tuple[float, float]]:
    return {k: (p.x, p.y) for k, p in diagram.elements.items() if p.x is not None and p.y is not None}


def from_coordinates(coords: dict[str, tuple[float, float]], width: float = 2400.0) -> Diagram:
    """Placements from a file's bus coordinates (geographic or schematic), scaled into a drawing `width` px wide
    with north up and the aspect ratio kept; coordinates that all coincide give no placements."""
    points = {k: v for k, v in coords.items() if all(math.isfinite(c) for c in v)}
    if not points:
        return Diagram()
    xs = [p[0] for p in points.values()]
    ys = [p[1] for p in points.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys))
    if span <= 0:
        return Diagram()
    scale = width / span
    x0, y1 = min(xs), max(ys)
    return Diagram(elements={k: Placement(x=round(100 + (x - x0) * scale, 1), y=round(100 + (y1 - y) * scale, 1))
                             for k, (x, y) in points.items()})


def from_v1_buses(moved: dict[str, dict[str, Any]]) -> Diagram:
    """Placements from schema-1.0 bus fields (x, y, length, orientation)."""
    elements = {}
    for bus_id, d in moved.items():
        elements[bus_id] = Placement(x=d.get("x"), y=d.get("y"), length=d.get("length"),
                                     rotation=90 if d.get("orientation") == "vertical" else 0)
    return Diagram(elements=elements)
