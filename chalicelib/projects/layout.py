"""Automatic diagram layout for networks without positions (imported cases): breadth-first layers from the
sources. Diagram only: no study reads positions."""

from __future__ import annotations

from chalicelib.engine import Network


def has_positions(net) -> bool:
    buses = net.buses
    return bool(buses) and all(getattr(b, "x", None) is not None and getattr(b, "y", None) is not None for b in buses)


def ensure_layout(net: Network) -> Network:
    """Give every bus diagram coordinates (a layered layout) unless all have them."""
    if has_positions(net):
        return net
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
