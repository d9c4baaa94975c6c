"""Primary/backup pairs from the topology: walk every simple path from every source.

On a path from a source to a fault, each device whose CT branch is crossed from its bus towards its
branch faces the fault; the last such device before the fault is the primary, the one before it the
backup. A device crossed the other way faces the source and takes no part on that path.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..model import Network
from .faults import StudyNetwork

MAX_STEPS = 200_000  # path-walk budget: radial feeders need one step per bus; meshes can explode


@dataclass
class Topology:
    primaries: dict[str, set[str]]  # fault bus -> primary devices
    pairs: dict[tuple[str, str], set[str]]  # (primary, backup) -> fault buses
    zones: dict[str, set[str]]  # device -> fault buses where it is primary
    sources: list[str]
    notes: list[str] = field(default_factory=list)


def _edges(net: Network) -> dict[str, list[tuple[str, str]]]:
    """bus -> [(neighbour, branch id)] over in-service branches with both ends closed."""
    open_ends = {(sw.element, sw.bus) for sw in net.switches if sw.in_service and not sw.closed and sw.et != "bus"}
    live = {b.id for b in net.buses if b.in_service}
    adj: dict[str, list[tuple[str, str]]] = defaultdict(list)
    ends: list[tuple[str, tuple[str, ...], bool]] = [(ln.id, (ln.from_bus, ln.to_bus), ln.in_service)
                                                      for ln in net.lines]
    ends += [(tr.id, (tr.hv_bus, tr.lv_bus), tr.in_service) for tr in net.transformers]
    ends += [(tr.id, (tr.hv_bus, tr.mv_bus, tr.lv_bus), tr.in_service) for tr in net.transformers3w]
    ends += [(br.id, (br.from_bus, br.to_bus), br.in_service) for br in net.impedance_branches]
    for bid, buses, on in ends:
        closed = [b for b in buses if b in live and (bid, b) not in open_ends]
        if not on or len(closed) < 2:
            continue
        for a in closed:
            adj[a] += [(b, bid) for b in closed if b != a]
    return adj


def source_buses(net: Network) -> list[str]:
    """Buses of in-service external grids and generators (motors are not sources of a path)."""
    buses = [eg.bus for eg in net.external_grids if eg.in_service]
    buses += [g.bus for g in net.generators if g.in_service and g.kind != "motor"]
    return list(dict.fromkeys(buses))


def _record(bus: str, stack: tuple, primaries, zones, pairs) -> None:
    """A fault at `bus` reached with `stack`: its primaries, their zones and their backups."""
    if not stack:
        return
    primaries[bus].update(stack[-1])
    for p in stack[-1]:
        zones[p].add(bus)
        for b in stack[-2] if len(stack) > 1 else ():
            pairs[(p, b)].add(bus)


def find_pairs(study: StudyNetwork) -> Topology:
    """Walk all simple paths from each source with the stack of devices facing along the path."""
    net = study.net
    adj = _edges(net)
    facing: dict[tuple[str, str], list[str]] = defaultdict(list)  # (ct branch, from bus) -> devices
    for dev, p in study.placements.items():
        facing[(p.ct_branch, p.near_bus)].append(dev)
    primaries: dict[str, set[str]] = defaultdict(set)
    pairs: dict[tuple[str, str], set[str]] = defaultdict(set)
    zones: dict[str, set[str]] = defaultdict(set)
    sources = source_buses(net)
    steps = 0
    truncated = False
    for src in sources:
        # stack items: (bus, devices facing along the path so far, buses on the path)
        todo: list[tuple[str, tuple[tuple[str, ...], ...], frozenset[str]]] = [(src, (), frozenset([src]))]
        while todo:
            bus, stack, on_path = todo.pop()
            steps += 1
            if steps > MAX_STEPS:
                truncated = True
                break
            _record(bus, stack, primaries, zones, pairs)
            for nxt, bid in adj.get(bus, ()):
                if nxt in on_path:
                    continue
                devs = facing.get((bid, bus))
                todo.append((nxt, stack + (tuple(devs),) if devs else stack, on_path | {nxt}))
    notes = []
    if truncated:
        notes.append(f"path walk stopped after {MAX_STEPS} steps (meshed network): pairs may be incomplete")
    if not sources:
        notes.append("no in-service external grid or generator: no source to walk from")
    return Topology(dict(primaries), dict(pairs), dict(zones), sources, notes)
