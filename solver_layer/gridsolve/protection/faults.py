"""The currents each protective device sees, from the IEC 60909 short-circuit study.

A device sees the current through its CT, not the bus total. To read that current from the
short-circuit study's public results (`fault_details()`: per fault, the phase currents at both ends
of every branch), the study runs on a copy of the network in which every device location gets a
measuring branch: the device's branch end is moved to an auxiliary bus that the CT branch joins to
the original bus, with a reactance of 1e-6 pu on 100 MVA (4e-6 ohm at 20 kV; it changes the fault
currents by about a millionth). Faulting the auxiliary bus is the close-in fault just past the CT.
Closed bus-bus switches (couplers) become such branches too, so a relay on a coupler sees the coupler
current and every bus keeps its own id.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..errors import InvalidNetworkError
from ..model import BRANCH_ENDS, SWITCH_TARGET_LIST, Network, parse_network
from ..shortcircuit import run_short_circuit
from .devices import Device

EPS_PU_100MVA = 1e-6
AUX = "~ct~"


@dataclass
class Placement:
    """A device's CT in the study network: the measuring branch and its near bus."""

    device: str
    ct_branch: str
    near_bus: str  # original bus at the CT
    aux_bus: str | None  # the close-in fault location (None on a coupler)
    vn_kv: float


@dataclass
class StudyNetwork:
    net: Network
    placements: dict[str, Placement]
    aux_labels: dict[str, str] = field(default_factory=dict)  # aux bus -> "bus (just past device)"


def _tiny_branch(bid: str, f: str, t: str, base_mva: float) -> dict:
    x = EPS_PU_100MVA * base_mva / 100.0
    return {"id": bid, "name": "protection CT", "from_bus": f, "to_bus": t, "r_pu": 0.0, "x_pu": x,
            "r0_pu": 0.0, "x0_pu": x}


def _location(net: Network, dev: Device) -> tuple[str, str, str]:
    """(kind, element, bus): kind 'branch' with its list name, or 'coupler' for a bus-bus switch."""
    if dev.switch is None and dev.branch is not None and dev.bus is not None:
        for list_name in BRANCH_ENDS:
            if any(b.id == dev.branch for b in getattr(net, list_name)):
                return list_name, dev.branch, dev.bus
    sw = next(s for s in net.switches if s.id == dev.switch)
    if sw.et == "bus":
        if not sw.closed or not sw.in_service:
            raise InvalidNetworkError("the device's bus coupler is open or out of service", element_id=dev.id,
                                      field="switch")
        return "coupler", sw.id, sw.bus
    return SWITCH_TARGET_LIST[sw.et], sw.element, sw.bus


def study_network(net: Network, devices: dict[str, Device]) -> StudyNetwork:
    """The network with a CT branch at every device location (see the module docstring)."""
    data = net.model_dump(mode="python")
    for name in ("relays", "fuses", "reclosers"):
        data[name] = []
    vn = {b.id: b.vn_kv for b in net.buses}
    couplers = {}
    keep = []
    for sw in data["switches"]:
        if sw["et"] == "bus":
            if sw["closed"] and sw["in_service"]:
                couplers[sw["id"]] = _tiny_branch(AUX + sw["id"], sw["bus"], sw["element"], net.base_mva)
        else:
            keep.append(sw)
    data["switches"] = keep
    data["impedance_branches"] += list(couplers.values())
    placements: dict[str, Placement] = {}
    labels: dict[str, str] = {}
    by_end: dict[tuple[str, str], Placement] = {}
    for dev in devices.values():
        kind, element, bus = _location(net, dev)
        if kind == "coupler":
            placements[dev.id] = Placement(dev.id, AUX + element, bus, None, vn[bus])
            continue
        if (element, bus) in by_end:  # a second device at the same CT location
            p = by_end[(element, bus)]
            placements[dev.id] = Placement(dev.id, p.ct_branch, bus, p.aux_bus, vn[bus])
            continue
        aux = f"{AUX}{dev.id}"
        bus_data = next(b for b in data["buses"] if b["id"] == bus)
        data["buses"].append({"id": aux, "name": f"{bus} (just past {dev.id})", "vn_kv": bus_data["vn_kv"],
                              "in_service": bus_data["in_service"]})
        branch = next(b for b in data[kind] if b["id"] == element)
        for end in BRANCH_ENDS[kind]:
            if branch[end] == bus:
                branch[end] = aux
                break
        for sw in data["switches"]:
            if sw["element"] == element and sw["bus"] == bus:
                sw["bus"] = aux
        data["impedance_branches"].append(_tiny_branch(aux + "~br", bus, aux, net.base_mva))
        p = Placement(dev.id, aux + "~br", bus, aux, vn[bus])
        placements[dev.id] = by_end[(element, bus)] = p
        labels[aux] = f"{bus} (just past {dev.id})"
    return StudyNetwork(parse_network(data), placements, labels)


@dataclass
class FaultCurrents:
    """For one case: fault buses, and per device the current it sees (A, largest phase) per fault."""

    case: str
    fault: str
    buses: list[str]
    seen_a: dict[str, np.ndarray]  # device -> current per fault bus
    ikss_ka: np.ndarray  # bus total per fault bus
    notes: list[str]


def device_currents(study: StudyNetwork, fault: str, case: str, lv_tol_percent: float = 10) -> FaultCurrents:
    """Faults at every energized bus (aux buses included) and the CT currents of every device."""
    sc = run_short_circuit(study.net, fault=fault, case=case, detail=True, lv_tol_percent=lv_tol_percent)
    details = sc.fault_details()
    buses = [d["bus"] for d in details]
    seen = {dev: np.zeros(len(buses)) for dev in study.placements}
    col: dict[str, list[str]] = {p.ct_branch: [] for p in study.placements.values()}
    for dev, p in study.placements.items():
        col[p.ct_branch].append(dev)
    for j, d in enumerate(details):
        for br in d["branches"]:
            for dev in col.get(br["id"], ()):
                seen[dev][j] = 1000.0 * max(br["i_from_ka"])
    ikss = np.array([sc.value(b, "ikss_ka") for b in buses])
    return FaultCurrents(case, fault, buses, seen, ikss, list(sc.notes))
