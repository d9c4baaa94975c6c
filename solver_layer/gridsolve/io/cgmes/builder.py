"""State shared by the converters: the store, the topology and the elements built so far."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...model import Bus, Generator, ImpedanceBranch, Line, Load, Shunt, Switch
from .context import Cim
from .rdf import CimObject
from .topology import Topology

BASE_MVA = 100.0  # OpenLoadFlow's base; per-unit branches are written on it
F_HZ = 50.0  # the network frequency: only converts line charging to capacitance and back


@dataclass
class End:
    """Where one terminal of an equipment sits: its bus ("" when it has no node) and whether it is connected."""

    terminal: CimObject
    bus: str
    connected: bool


@dataclass
class Builder:
    cim: Cim
    topo: Topology
    extra_buses: list[Bus] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    impedance_branches: list[ImpedanceBranch] = field(default_factory=list)
    switches: list[Switch] = field(default_factory=list)
    generators: list[Generator] = field(default_factory=list)
    loads: list[Load] = field(default_factory=list)
    shunts: list[Shunt] = field(default_factory=list)
    reference_priority: dict[str, int] = field(default_factory=dict)  # generator id -> priority (> 0)

    def ends(self, eq: CimObject, count: int) -> list[End]:
        """The `count` terminals of `eq`, each with its bus; an error names a missing one."""
        terms = self.topo.terminals_of.get(eq.id, [])
        if len(terms) != count:
            raise self.cim.fail(eq, "Terminal.ConductingEquipment",
                                f"has {len(terms)} terminal(s), {count} expected")
        return [self.end(t) for t in terms]

    def end(self, t: CimObject) -> End:
        connected = self.topo.connected(self.cim, t)
        bus = self.topo.terminal_bus.get(t.id, "")
        if not bus and connected:
            attr = "Terminal.TopologicalNode" if self.topo.bus_branch else "Terminal.ConnectivityNode"
            raise self.cim.fail(t, attr, "dangling terminal: it is connected but belongs to no node")
        return End(t, bus, connected)

    def kv(self, bus: str) -> float:
        return self.topo.bus_kv[bus]

    def open_end_bus(self, end: End, kv: float) -> str:
        """A dead bus for a disconnected terminal that has no node (the branch stays open there)."""
        bus_id = f"{end.terminal.id}#open"
        if bus_id not in self.topo.bus_kv:
            self.topo.bus_kv[bus_id] = kv
            self.extra_buses.append(Bus(id=bus_id, name="open end", vn_kv=kv, in_service=False))
        return bus_id

    def open_switch(self, element_id: str, bus: str, et: str) -> None:
        """Model a disconnected branch terminal as an open switch at that end."""
        self.switches.append(Switch(id=f"{element_id}#open@{bus}", bus=bus, element=element_id, et=et,
                                    closed=False, kind="CB"))
