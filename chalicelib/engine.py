"""The only place the service touches the engine (``gridsolve``): validation, import, samples, layout.

Engine errors become field-level API errors carrying the engine's element id and field.
"""

from __future__ import annotations

import importlib
import json
import math
from typing import Any

from chalicelib.errors import ApiError, BadRequest, NotImplementedYet, field_error

IMPORT_FORMATS = ("matpower", "psse", "pandapower", "gridsolve")
SAMPLES = {
    "ieee14": ("case14.m", "IEEE 14-bus system"),
    "ieee30": ("case30.m", "IEEE 30-bus system"),
    "ieee57": ("case57.m", "IEEE 57-bus system"),
    "ieee118": ("case118.m", "IEEE 118-bus system"),
}


def gs():
    try:
        return importlib.import_module("gridsolve")
    except ImportError as exc:  # pragma: no cover - engine missing is an installation error
        raise NotImplementedYet("The GridSolve engine is not installed on this server.") from exc


def _element_id(data: Any, loc: tuple) -> str | None:
    node = data
    found = None
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("id"), str | int):
            found = str(node["id"])
    return found


def _loc_to_field(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "network"


def engine_error(exc: Exception, prefix: str = "") -> ApiError:
    """Map a gridsolve error to a 400 with element id and field (every problem when the engine lists them)."""
    message = getattr(exc, "message", None) or str(exc) or exc.__class__.__name__
    line = getattr(exc, "line", None)
    problems = [e for e in (getattr(exc, "errors", None) or []) if isinstance(e, dict)]
    if not problems:
        problems = [
            {"element_id": getattr(exc, "element_id", None), "field": getattr(exc, "field", None), "message": message}
        ]
    fields = []
    for pr in problems[:50]:
        f = field_error(
            prefix + (pr.get("field") or "network"), str(pr.get("message") or message), pr.get("element_id")
        )
        if line is not None:
            f["line"] = line
        fields.append(f)
    first = fields[0]
    where = ", ".join(
        x
        for x in (
            f"line {line}" if line is not None else "",
            f"element {first['element_id']}" if first.get("element_id") else "",
            f"field {first['field']}",
        )
        if x
    )
    return BadRequest(f"Invalid network ({where}): {message}", fields=fields, code="invalid_network")


def _is_engine_error(exc: Exception) -> bool:
    try:
        errors = importlib.import_module("gridsolve.errors")
    except ImportError:
        return False
    return isinstance(exc, errors.GridSolveError)


def validate_network(data: Any, prefix: str = "network."):
    """Validate a JSON-able dict into ``gridsolve.Network``; raise field-level 400s."""
    from pydantic import ValidationError

    if not isinstance(data, dict):
        raise BadRequest(
            "network must be a JSON object", fields=[field_error(prefix.rstrip("."), "expected an object")]
        )
    g = gs()
    try:
        net = g.Network.model_validate(data)
        check = getattr(net, "check_references", None)
        if check is not None:
            check()
        return net
    except ValidationError as exc:
        fields = []
        for err in exc.errors()[:50]:
            loc = tuple(err.get("loc", ()))
            fields.append(field_error(prefix + _loc_to_field(loc), err.get("msg", "invalid"), _element_id(data, loc)))
        first = fields[0]
        where = f" ({first['element_id']})" if first.get("element_id") else ""
        raise BadRequest(
            f"Invalid network: {first['field']}{where}: {first['message']}",
            fields=fields,
            code="invalid_network",
        ) from None
    except Exception as exc:
        if _is_engine_error(exc):
            raise engine_error(exc, prefix) from None
        raise


def network_to_dict(net) -> dict[str, Any]:
    return json.loads(net.model_dump_json())


def parse_import(content: str, fmt: str, name: str | None):
    if fmt not in IMPORT_FORMATS:
        raise BadRequest(
            f"format must be one of {', '.join(IMPORT_FORMATS)}",
            fields=[field_error("format", f"unknown format {fmt!r}")],
        )
    gs()
    try:
        return importlib.import_module("gridsolve.io").loads(content, fmt, name=name)
    except Exception as exc:
        if _is_engine_error(exc):
            raise engine_error(exc, "content.") from None
        if isinstance(exc, ValueError | KeyError | IndexError | TypeError):
            raise BadRequest(
                f"Could not read the {fmt} file: {exc}",
                fields=[field_error("content", str(exc))],
                code="invalid_network",
            ) from None
        raise


def bus_count(net) -> int:
    return len(getattr(net, "buses", []) or [])


def has_positions(net) -> bool:
    buses = net.buses
    return bool(buses) and all(getattr(b, "x", None) is not None and getattr(b, "y", None) is not None for b in buses)


def ensure_layout(net):
    """Give every bus diagram coordinates: the engine's auto_layout if present, else a layered layout."""
    if has_positions(net):
        return net
    try:
        layout = importlib.import_module("gridsolve.layout")
        return layout.auto_layout(net)
    except (ImportError, AttributeError):
        pass
    pos = layered_layout(net)
    for b in net.buses:
        if getattr(b, "x", None) is None or getattr(b, "y", None) is None:
            b.x, b.y = pos[str(b.id)]
    return net


def _branches(net) -> list[tuple[str, str]]:
    pairs = []
    for attr in ("lines", "transformers", "impedance_branches", "switches"):
        for el in getattr(net, attr, []) or []:
            a = getattr(el, "from_bus", None) or getattr(el, "hv_bus", None) or getattr(el, "bus", None)
            b = getattr(el, "to_bus", None) or getattr(el, "lv_bus", None) or getattr(el, "element", None)
            if a is not None and b is not None:
                pairs.append((str(a), str(b)))
    for el in getattr(net, "transformers3w", []) or []:
        buses = [getattr(el, k, None) for k in ("hv_bus", "mv_bus", "lv_bus")]
        buses = [str(x) for x in buses if x is not None]
        pairs += [(buses[0], x) for x in buses[1:]]
    return pairs


def layered_layout(net, dx: float = 120.0, dy: float = 90.0) -> dict[str, tuple[float, float]]:
    """Breadth-first layers from the slack / external-grid buses; deterministic."""
    ids = [str(b.id) for b in net.buses]
    adj: dict[str, list[str]] = {i: [] for i in ids}
    for a, b in _branches(net):
        if a in adj and b in adj:
            adj[a].append(b)
            adj[b].append(a)
    roots = [str(getattr(e, "bus", "")) for e in getattr(net, "external_grids", []) or []]
    roots = [r for r in roots if r in adj] or ids[:1]
    layer: dict[str, int] = {}
    order: list[str] = []
    pending = list(ids)
    while pending:
        start = next((r for r in roots if r not in layer), None) or next(i for i in pending if i not in layer)
        base = (max(layer.values()) + 2) if layer else 0
        layer[start] = base
        queue = [start]
        while queue:
            cur = queue.pop(0)
            order.append(cur)
            for nb in adj[cur]:
                if nb not in layer:
                    layer[nb] = layer[cur] + 1
                    queue.append(nb)
        pending = [i for i in ids if i not in layer]
    by_layer: dict[int, list[str]] = {}
    for i in order:
        by_layer.setdefault(layer[i], []).append(i)
    pos = {}
    width = max(len(v) for v in by_layer.values())
    for ly, members in by_layer.items():
        offset = (width - len(members)) * dx / 2
        for k, i in enumerate(members):
            pos[i] = (round(offset + k * dx, 1), round(ly * dy, 1))
    return pos


def sample_text(filename: str) -> str:
    from importlib import resources

    return (resources.files("gridsolve") / "samples" / filename).read_text()


def finite(x: Any) -> Any:
    if isinstance(x, float) and not math.isfinite(x):
        return None
    return x
