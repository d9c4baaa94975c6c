"""Buses of a CGMES model and the bus of every terminal.

Bus-branch: one bus per TopologicalNode (TP profile, plus the boundary's TP_BD); a terminal's node
is `Terminal.TopologicalNode`, or its ConnectivityNode's TopologicalNode. Node-breaker without TP:
ConnectivityNodes joined by closed switches (SSH `Switch.open`, else EQ `normalOpen`) collapse
into one bus named after its lowest mRID (its busbar section's name where it has one); open
switches stay as switch elements. Nominal voltage: the node's BaseVoltage, else its
VoltageLevel's (IEC 61970-600, CGMES 2.4.15 §6 and 3.0).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...model import Bus
from .context import Cim
from .rdf import CimObject

SWITCH_CLASSES = ("Switch", "Breaker", "Disconnector", "LoadBreakSwitch", "Fuse", "GroundDisconnector",
                  "ProtectedSwitch", "Recloser", "Sectionaliser", "Jumper")


@dataclass
class Topology:
    buses: list[Bus] = field(default_factory=list)
    bus_kv: dict[str, float] = field(default_factory=dict)
    terminal_bus: dict[str, str] = field(default_factory=dict)  # terminal mRID -> bus id
    terminals_of: dict[str, list[CimObject]] = field(default_factory=dict)  # equipment -> its terminals
    bus_branch: bool = True  # False: collapsed from ConnectivityNodes

    def connected(self, cim: Cim, terminal: CimObject) -> bool:
        return cim.flag(terminal, "ACDCTerminal.connected", True)


def _sequence(cim: Cim, t: CimObject) -> int:
    return cim.integer(t, "ACDCTerminal.sequenceNumber", 0) or cim.integer(t, "Terminal.sequenceNumber", 0)


def equipment_terminals(cim: Cim) -> dict[str, list[CimObject]]:
    """Terminals grouped by their ConductingEquipment, ordered by sequence number."""
    groups: dict[str, list[CimObject]] = {}
    for t in cim.store.of("Terminal"):
        eq = t.attrs.get("Terminal.ConductingEquipment")
        if not eq:
            raise cim.fail(t, "Terminal.ConductingEquipment", "terminal without equipment")
        if eq not in cim.objects and eq not in cim.store.other_classes:
            raise cim.fail(t, "Terminal.ConductingEquipment",
                           f"dangling terminal: its equipment '{eq}' is not defined in any profile")
        groups.setdefault(eq, []).append(t)
    for terms in groups.values():
        terms.sort(key=lambda t: _sequence(cim, t))
    return groups


def _container_kv(cim: Cim, obj: CimObject, attr: str) -> float | None:
    """Nominal kV through a node's container: VoltageLevel, or a Bay inside one."""
    container = cim.opt_ref(obj, attr, what="a VoltageLevel")
    for _ in range(2):
        if container is None:
            return None
        if container.cls == "VoltageLevel":
            return cim.base_voltage_kv(container, "VoltageLevel.BaseVoltage")
        if container.cls == "Bay":
            container = cim.opt_ref(container, "Bay.VoltageLevel", what="a VoltageLevel")
        else:
            return None
    return None


def _vm_limits(cim: Cim, node: CimObject, attr: str, kv: float) -> dict[str, float]:
    vl = cim.objects.get(node.attrs.get(attr, ""))
    if vl is None or vl.cls != "VoltageLevel":
        return {}
    low, high = cim.opt_num(vl, "VoltageLevel.lowVoltageLimit"), cim.opt_num(vl, "VoltageLevel.highVoltageLimit")
    if low and high and 0 < low <= high:
        return {"min_vm_pu": low / kv, "max_vm_pu": high / kv}
    return {}


def _node_kv(cim: Cim, node: CimObject, bv_attr: str, container_attr: str) -> float:
    kv = cim.base_voltage_kv(node, bv_attr) or _container_kv(cim, node, container_attr)
    if kv is None:
        raise cim.fail(node, bv_attr, "no BaseVoltage (neither on the node nor on its VoltageLevel)")
    return kv


def build_topology(cim: Cim) -> Topology:
    topo = Topology(terminals_of=equipment_terminals(cim))
    if cim.store.of("TopologicalNode"):
        _from_topological_nodes(cim, topo)
    else:
        _from_connectivity_nodes(cim, topo)
    return topo


def _referenced_nodes(cim: Cim, topo: Topology) -> set[str]:
    nodes = set()
    for terms in topo.terminals_of.values():
        for t in terms:
            node = t.attrs.get("Terminal.TopologicalNode")
            if not node and t.attrs.get("Terminal.ConnectivityNode") in cim.objects:
                node = cim.objects[t.attrs["Terminal.ConnectivityNode"]].attrs.get("ConnectivityNode.TopologicalNode")
            if node:
                nodes.add(node)
    return nodes


def _from_topological_nodes(cim: Cim, topo: Topology) -> None:
    """One bus per TopologicalNode of the model; a boundary set's nodes (TP_BD: every border point
    of the region) only where an equipment connects to them."""
    used = _referenced_nodes(cim, topo)
    boundary = set(cim.store.files_with("TP_BD")) | set(cim.store.files_with("EQ_BD"))
    for tn in cim.store.of("TopologicalNode"):
        if tn.files[0] in boundary and tn.id not in used:
            continue
        kv = _node_kv(cim, tn, "TopologicalNode.BaseVoltage", "TopologicalNode.ConnectivityNodeContainer")
        topo.bus_kv[tn.id] = kv
        topo.buses.append(Bus(id=tn.id, name=cim.name(tn), vn_kv=kv,
                              **_vm_limits(cim, tn, "TopologicalNode.ConnectivityNodeContainer", kv)))
    for terms in topo.terminals_of.values():
        for t in terms:
            node = t.attrs.get("Terminal.TopologicalNode")
            attr = "Terminal.TopologicalNode"
            if not node and t.attrs.get("Terminal.ConnectivityNode"):
                cn = cim.ref(t, "Terminal.ConnectivityNode", what="a ConnectivityNode")
                node, attr = cn.attrs.get("ConnectivityNode.TopologicalNode"), "Terminal.ConnectivityNode"
            if not node:
                continue  # no node: the converters decide (an open end, or a dangling terminal)
            if node not in topo.bus_kv:
                raise cim.fail(t, attr, f"dangling terminal: TopologicalNode '{node}' is not defined in any profile")
            topo.terminal_bus[t.id] = node


class _Groups:
    """Union-find over ConnectivityNodes; a group's root is its lowest mRID."""

    def __init__(self, ids: list[str]) -> None:
        self.parent = {i: i for i in ids}

    def find(self, a: str) -> str:
        parent = self.parent
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _terminal_nodes(cim: Cim, topo: Topology, known: dict[str, str]) -> dict[str, str]:
    term_node: dict[str, str] = {}
    for terms in topo.terminals_of.values():
        for t in terms:
            cn = t.attrs.get("Terminal.ConnectivityNode")
            if cn:
                if cn not in known:
                    raise cim.fail(t, "Terminal.ConnectivityNode",
                                   f"dangling terminal: ConnectivityNode '{cn}' is not defined in any profile")
                term_node[t.id] = cn
    return term_node


def _from_connectivity_nodes(cim: Cim, topo: Topology) -> None:
    topo.bus_branch = False
    nodes = cim.store.of("ConnectivityNode")
    groups = _Groups([cn.id for cn in nodes])
    term_node = _terminal_nodes(cim, topo, groups.parent)
    for sw in cim.store.of(*SWITCH_CLASSES):
        terms = topo.terminals_of.get(sw.id, [])
        if len(terms) == 2 and all(t.id in term_node for t in terms) and switch_closed(cim, sw, terms):
            groups.union(term_node[terms[0].id], term_node[terms[1].id])
    busbar_name: dict[str, str] = {}
    for bbs in cim.store.of("BusbarSection"):
        for t in topo.terminals_of.get(bbs.id, []):
            if t.id in term_node:
                busbar_name.setdefault(groups.find(term_node[t.id]), cim.name(bbs))
    for cn in nodes:
        if groups.find(cn.id) == cn.id:
            kv = _node_kv(cim, cn, "ConnectivityNode.BaseVoltage", "ConnectivityNode.ConnectivityNodeContainer")
            topo.bus_kv[cn.id] = kv
            topo.buses.append(Bus(id=cn.id, name=busbar_name.get(cn.id, cim.name(cn)), vn_kv=kv,
                                  **_vm_limits(cim, cn, "ConnectivityNode.ConnectivityNodeContainer", kv)))
    topo.buses.sort(key=lambda b: b.id)
    for tid, node in term_node.items():
        topo.terminal_bus[tid] = groups.find(node)


def switch_closed(cim: Cim, sw: CimObject, terms: list[CimObject]) -> bool:
    """Closed in the SSH state (EQ normalOpen as the fallback) with both terminals connected."""
    is_open = cim.flag(sw, "Switch.open", cim.flag(sw, "Switch.normalOpen", False))
    return not is_open and all(cim.flag(t, "ACDCTerminal.connected", True) for t in terms)
