"""CGMES (2.4.15 / CIM16 and 3.0 / CIM100) to a GridSolve Network.

Steps: collect the profile files, stream them into one store (rdf.py), build buses (topology.py),
convert every equipment class (branches.py, injections.py), pick the reference, attach the SV
voltages as a warm start. Anything the converters cannot represent exactly stops with a
ParseError naming the file, the object's mRID and the attribute.
"""

from __future__ import annotations

from pathlib import Path

from ...errors import ParseError
from ...model import Network
from .branches import convert_lines, convert_switches, convert_transformers
from .builder import BASE_MVA, F_HZ, Builder
from .context import Cim
from .injections import convert_loads, convert_machines, convert_shunts
from .rdf import CimStore, parse_file
from .sources import collect
from .topology import build_topology

# Conducting equipment with no effect on a balanced power flow (zero sequence, grounding, nodes).
NO_FLOW_CLASSES = frozenset({"Ground", "PetersenCoil", "GroundingImpedance", "EarthFaultCompensator", "BusbarSection",
                             "Junction"})
CONVERTED = frozenset({
    "ACLineSegment", "SeriesCompensator", "EquivalentBranch", "PowerTransformer", "SynchronousMachine",
    "AsynchronousMachine", "ExternalNetworkInjection", "EquivalentInjection", "StaticVarCompensator",
    "EnergyConsumer", "ConformLoad", "NonConformLoad", "StationSupply", "EnergySource", "LinearShuntCompensator",
    "NonlinearShuntCompensator", "EquivalentShunt", "Switch", "Breaker", "Disconnector", "LoadBreakSwitch", "Fuse",
    "GroundDisconnector", "ProtectedSwitch", "Recloser", "Sectionaliser", "Jumper",
})


def load_store(source, label: str | None = None) -> CimStore:
    files = collect(source, label)
    where = label or (str(source) if not isinstance(source, bytes | list | tuple) else "<cgmes>")
    if not files:
        raise ParseError("no CIM XML files found", file=where)
    if not any("EQ" in f.profiles for f in files):
        raise ParseError("no EQ (equipment) profile among " + ", ".join(f.name for f in files), file=where,
                         field="EQ")
    store = CimStore()
    for f in files:
        with f.open() as fh:
            parse_file(store, f.name, fh)
    if not store.files_with("SSH"):
        raise ParseError("no SSH (steady state hypothesis) profile: loads, set points and switch states are "
                         "missing", file=where, field="SSH")
    return store


def read_cgmes(source: str | Path | bytes | list[str | Path], *, label: str | None = None,
               name: str | None = None) -> Network:
    """Read a CGMES model from a zip (path or bytes), a folder, or a list of profile files."""
    store = load_store(source, label)
    cim = Cim(store)
    topo = build_topology(cim)
    _check_equipment_classes(cim, topo.terminals_of)
    b = Builder(cim, topo)
    convert_lines(b, _current_limits_ka(cim))
    convert_transformers(b)
    convert_switches(b)
    convert_machines(b)
    convert_loads(b)
    convert_shunts(b)
    buses = topo.buses + b.extra_buses
    _warm_start(cim, buses)
    _choose_reference(b, {bus.id: bus.va_init_degree for bus in buses})
    net = Network(
        name=name or _model_name(source, label), base_mva=BASE_MVA, f_hz=F_HZ, source_format="cgmes", buses=buses,
        lines=b.lines, impedance_branches=b.impedance_branches, switches=b.switches, generators=b.generators,
        loads=b.loads, shunts=b.shunts,
    )
    net.check_references()
    return net


def _model_name(source, label: str | None) -> str:
    text = label or (str(source) if isinstance(source, str | Path) else "cgmes")
    return Path(text.split(":")[0]).name.removesuffix(".zip") or "cgmes"


def _check_equipment_classes(cim: Cim, terminals_of: dict) -> None:
    """Every equipment with a terminal must be one the converters handle (or one with no flow)."""
    for eq_id in terminals_of:
        obj = cim.objects.get(eq_id)
        cls, file = (obj.cls, obj.files[0]) if obj is not None else cim.store.other_classes[eq_id]
        if cls not in CONVERTED and cls not in NO_FLOW_CLASSES:
            raise ParseError(f"{cls} is not supported by the CGMES importer", file=file, element_id=eq_id,
                             field="rdf:type")


def _current_limits_ka(cim: Cim) -> dict[str, float]:
    """The lowest permanent (PATL) current limit of each equipment, kA."""
    patl = set()
    for t in cim.store.of("OperationalLimitType"):
        kind = (t.attrs.get("OperationalLimitType.limitType") or t.attrs.get("OperationalLimitType.kind") or "")
        if kind.rsplit(".", 1)[-1] == "patl":
            patl.add(t.id)
    limits: dict[str, float] = {}
    for lim in cim.store.of("CurrentLimit"):
        if lim.attrs.get("OperationalLimit.OperationalLimitType") not in patl:
            continue
        limit_set = cim.objects.get(lim.attrs.get("OperationalLimit.OperationalLimitSet", ""))
        if limit_set is None:
            continue
        eq = limit_set.attrs.get("OperationalLimitSet.Equipment")
        if not eq:
            terminal = cim.objects.get(limit_set.attrs.get("OperationalLimitSet.Terminal", ""))
            eq = terminal.attrs.get("Terminal.ConductingEquipment") if terminal else None
        value = cim.opt_num(lim, "CurrentLimit.value") or cim.opt_num(lim, "CurrentLimit.normalValue")
        if eq and value and value > 0:
            limits[eq] = min(limits.get(eq, value / 1000), value / 1000)
    return limits


def _choose_reference(b: Builder, sv_angle: dict[str, float | None]) -> None:
    """The voltage-controlling unit with the lowest positive referencePriority (SSH) is the slack;
    without one, the largest such unit at the SV's angle-reference node; else compile() picks.
    The slack keeps the SV angle of its bus, so that a round trip keeps absolute angles."""
    gens = [g for g in b.generators if g.in_service and g.voltage_control]
    ranked = [g for g in gens if g.id in b.reference_priority]
    chosen = []
    if ranked:
        chosen = [min(ranked, key=lambda g: b.reference_priority[g.id])]
    else:
        for island in b.cim.store.of("TopologicalIsland"):
            node = island.attrs.get("TopologicalIsland.AngleRefTopologicalNode")
            at_node = [g for g in gens if g.bus == node]
            if at_node:
                chosen.append(max(at_node, key=lambda g: (g.max_p_mw or 0.0, g.sn_mva or 0.0)))
    for g in chosen:
        g.slack = True
        g.va_degree = sv_angle.get(g.bus) or 0.0


def _warm_start(cim: Cim, buses) -> None:
    """SV voltages (kV, degrees) as each bus's stored state (`--init warm` starts from it)."""
    by_id = {bus.id: bus for bus in buses}
    for sv in cim.store.of("SvVoltage"):
        bus = by_id.get(sv.attrs.get("SvVoltage.TopologicalNode", ""))
        if bus is None:
            continue
        v = cim.opt_num(sv, "SvVoltage.v")
        if v and v > 0 and bus.vn_kv > 0:
            bus.vm_init_pu = v / bus.vn_kv
            bus.va_init_degree = cim.num(sv, "SvVoltage.angle", 0.0)
