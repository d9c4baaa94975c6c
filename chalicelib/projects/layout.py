"""The one automatic layout: bus positions for networks whose diagram lacks them (imported cases, API-created
networks, the editor's "Layout" button).

Buses are layered by breadth-first distance from the sources (external grids, slack generators; otherwise a
component's best-connected bus), ordered inside each layer by the barycentre of their neighbours in the layer
above (a few Sugiyama-style sweeps), and wide layers wrap into rows so the drawing stays roughly square.
Linear in the network size apart from the per-layer sorts (O(n log n)); deterministic.
"""

from __future__ import annotations

import math
from collections import deque

from chalicelib.engine import Feeder, Network
from chalicelib.projects.diagram import Diagram, Placement

DX, DY = 170.0, 150.0
SWEEPS = 4


def bus_graph(net: Network) -> dict[str, list[str]]:
    """Neighbours of each bus through branches and bus-bus switches (sorted, no duplicates)."""
    adj: dict[str, set[str]] = {b.id: set() for b in net.buses}

    def link(a: str, b: str) -> None:
        if a != b and a in adj and b in adj:
            adj[a].add(b)
            adj[b].add(a)

    for ln in net.lines:
        link(ln.from_bus, ln.to_bus)
    for br in net.impedance_branches:
        link(br.from_bus, br.to_bus)
    for tr in net.transformers:
        link(tr.hv_bus, tr.lv_bus)
    for t3 in net.transformers3w:
        link(t3.hv_bus, t3.mv_bus)
        link(t3.hv_bus, t3.lv_bus)
    for sw in net.switches:
        if sw.et == "bus":
            link(sw.bus, sw.element)
    return {k: sorted(v) for k, v in adj.items()}


def feeder_graph(feeder: Feeder) -> dict[str, list[str]]:
    """Neighbours of each bus of a three-phase feeder through its lines and transformer windings."""
    adj: dict[str, set[str]] = {b: set() for b in feeder.bus_nodes()}

    def link(a: str, b: str) -> None:
        if a != b:
            adj.setdefault(a, set()).add(b)
            adj.setdefault(b, set()).add(a)

    for ln in feeder.lines:
        link(ln.bus1.bus, ln.bus2.bus)
    for tr in feeder.transformers:
        for w in tr.windings[1:]:
            link(tr.windings[0].terminal.bus, w.terminal.bus)
    return {k: sorted(v) for k, v in adj.items()}


def _component(adj: dict[str, list[str]], start: str, layer: dict[str, int]) -> list[str]:
    seen, queue, out = {start}, deque([start]), []
    while queue:
        v = queue.popleft()
        out.append(v)
        for w in adj[v]:
            if w not in seen and w not in layer:
                seen.add(w)
                queue.append(w)
    return out


def _layers(ids: list[str], sources: set[str], adj: dict[str, list[str]]) -> tuple[list[list[str]], dict[str, int]]:
    layer: dict[str, int] = {}
    layers: list[list[str]] = []
    for start0 in [i for i in ids if i in sources] + ids:
        if start0 in layer:
            continue
        start = start0
        if start0 not in sources:  # the component's best-connected bus
            start = max(_component(adj, start0, layer), key=lambda b: (len(adj[b]), b == start0))
        base = len(layers)
        layer[start] = base
        queue = deque([start])
        while queue:
            v = queue.popleft()
            lv = layer[v]
            while len(layers) <= lv:
                layers.append([])
            layers[lv].append(v)
            for w in adj[v]:
                if w not in layer:
                    layer[w] = lv + 1
                    queue.append(w)
    return layers, layer


def _order(layers: list[list[str]], layer: dict[str, int], adj: dict[str, list[str]]) -> None:
    order = {v: i for lay in layers for i, v in enumerate(lay)}
    for _ in range(SWEEPS):
        for li in range(1, len(layers)):
            def bary(v: str, li: int = li) -> float:
                up = [order[w] for w in adj[v] if layer[w] == li - 1]
                return sum(up) / len(up) if up else float(order[v])

            layers[li].sort(key=lambda v: (bary(v), v))
            for i, v in enumerate(layers[li]):
                order[v] = i


def layered_positions(net: Network | Feeder) -> dict[str, tuple[float, float]]:
    """A position for every bus of `net` (a network, or a feeder's buses)."""
    if isinstance(net, Feeder):
        adj = feeder_graph(net)
        ids = list(adj)
        sources = {s.terminal.bus for s in net.sources}
    else:
        adj = bus_graph(net)
        ids = [b.id for b in net.buses]
        sources = {eg.bus for eg in net.external_grids} | {g.bus for g in net.generators if g.slack}
    layers, layer = _layers(ids, sources, adj)
    _order(layers, layer, adj)
    per_row = max(6, math.ceil(math.sqrt(len(ids)) * 1.6))
    pos: dict[str, tuple[float, float]] = {}
    row = 0
    for lay in layers:
        for i in range(0, len(lay), per_row):
            chunk = lay[i:i + per_row]
            offset = (per_row - len(chunk)) * DX / 2
            for k, v in enumerate(chunk):
                pos[v] = (100 + offset + k * DX, 100 + row * DY)
            row += 1
    return pos


def complete(net: Network | Feeder, diagram: Diagram) -> Diagram:
    """`diagram` with a position for every bus: buses it already places keep theirs; the others are laid out
    (below the existing drawing when there is one)."""
    placed = {k for k, p in diagram.elements.items() if p.x is not None and p.y is not None}
    bus_ids = list(net.bus_nodes()) if isinstance(net, Feeder) else [b.id for b in net.buses]
    missing = [b for b in bus_ids if b not in placed]
    if not missing:
        return diagram
    pos = layered_positions(net)
    dy = 0.0
    if placed:
        dy = max(diagram.elements[k].y or 0.0 for k in placed) + DY - min(pos[b][1] for b in missing)
    elements = dict(diagram.elements)
    for b in missing:
        x, y = pos[b]
        old = elements.get(b)
        elements[b] = (old or Placement()).model_copy(update={"x": round(x, 1), "y": round(y + dy, 1)})
    return Diagram(elements=elements)
