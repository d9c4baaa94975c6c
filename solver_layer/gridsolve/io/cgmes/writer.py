"""Any Network to a CGMES 2.4.15 (CIM16) bus-branch zip: EQ, TP, SSH and SV.

Every bus is a TopologicalNode named with the bus id (the mRID is the id, escaped to an XML
name); the SV profile holds our power-flow solution. Branches are written so that pypowsybl's
import (powsybl's default transformer interpretation, see transformers.py) rebuilds exactly the
per-unit two-port our compile() uses:

* a Line, or an ImpedanceBranch without tap, shift or magnetizing shunt between buses of one
  nominal voltage, is an ACLineSegment (r, x, bch, gch in ohm and S);
* everything else (transformers in pandapower's model, MATPOWER transformers, each leg of a
  3-winding transformer around a star node "<id>#star") is a 2-end PowerTransformer: the ideal
  ratio as ratedU1/ratedU2, a phase shift as a one-step PhaseTapChangerTabular, the series
  impedance and the from-side shunt on end 1. A shunt on the to side, which powsybl's import would
  move to end 1, is written as an EquivalentShunt at the to-side node instead, so nothing moves.

Buses without a nominal voltage (vn_kv = 0, e.g. MATPOWER's case14) get a 1 kV BaseVoltage, as
pypowsybl's MATPOWER importer does; per-unit results are unchanged.
"""

from __future__ import annotations

import cmath
import io
import math
import re
import zipfile
from dataclasses import dataclass

from ...branch_models import (
    TwoPort,
    line_two_port,
    three_winding_two_ports,
    two_winding_two_port,
)
from ...compile import compile_network
from ...errors import InvalidNetworkError, StudyInputError
from ...model import (
    ExternalGrid,
    Generator,
    ImpedanceBranch,
    Line,
    Load,
    Network,
    Shunt,
    Switch,
    Transformer,
    Transformer3W,
)
from ...powerflow import PowerFlowResult, run_power_flow
from .rdfwrite import ENTSOE, Enum, Profiles, Ref, mrid

DEFAULT_TIME = "2000-01-01T00:00:00Z"  # fixed so that the same network gives the same bytes
SWITCH_CLASS = {"CB": "Breaker", "DS": "Disconnector", "LBS": "LoadBreakSwitch", "LS": "Switch"}


@dataclass(frozen=True)
class PiParts:
    """A branch as MATPOWER writes it (pu): ideal tap at the from end, series ys, shunts on both sides
    (y_from behind the tap)."""

    ys: complex
    y_from: complex
    y_to: complex
    tap: complex


def pi_parts(tp: TwoPort, ident: str) -> PiParts:
    """Split a reciprocal two-port at its own tap ratio; rounding residue (< 1e-12 of ys) is zero."""
    tap = complex(tp.tap)
    ys = -tp.ytf * tap
    if abs(tp.yft + ys / tap.conjugate()) > 1e-9 * max(abs(ys), 1.0):
        raise InvalidNetworkError("a non-reciprocal branch cannot be written to CGMES", element_id=ident)

    def clean(y: complex) -> complex:
        return 0j if abs(y) <= 1e-12 * abs(ys) else y
    return PiParts(ys, clean(tp.yff * abs(tap) ** 2 - ys), clean(tp.ytt - ys), tap)


class _Topo:
    """Nodes (TopologicalNodes), voltage levels and substations of the export."""

    def __init__(self, net: Network, p: Profiles) -> None:
        self.net, self.p = net, p
        self.vn: dict[str, float] = {b.id: b.vn_kv for b in net.buses}
        self.kv: dict[str, float] = {b: (vn if vn > 0 else 1.0) for b, vn in self.vn.items()}
        self.live = {b.id for b in net.buses if b.in_service}
        self.vl: dict[str, str] = {}  # node -> voltage level mRID
        self.sub: dict[str, str] = {}  # bus -> substation mRID
        self.base_voltages: dict[float, str] = {}
        self.branch_node: dict[tuple[str, str], str] = {}  # (element, bus) -> node behind a branch-end switch

    def base_voltage(self, kv: float) -> str:
        if kv not in self.base_voltages:
            ident = mrid(f"BV_{kv:g}")
            self.base_voltages[kv] = ident
            self.p.define("EQ", "BaseVoltage", ident, {"IdentifiedObject.name": f"{kv:g}",
                                                      "BaseVoltage.nominalVoltage": kv})
        return self.base_voltages[kv]

    def substations(self) -> None:
        """Buses joined by transformers share a substation (IIDM needs both ends in one)."""
        parent = {b.id: b.id for b in self.net.buses}

        def find(a: str) -> str:
            while parent[a] != a:
                parent[a] = parent[parent[a]]
                a = parent[a]
            return a

        pairs = [(t.hv_bus, t.lv_bus) for t in self.net.transformers]
        pairs += [(t.hv_bus, x) for t in self.net.transformers3w for x in (t.mv_bus, t.lv_bus)]
        pairs += [(br.from_bus, br.to_bus) for br in self.net.impedance_branches if not _is_plain_line(br, self.kv)]
        pairs += [(ln.from_bus, ln.to_bus) for ln in self.net.lines if self.kv[ln.from_bus] != self.kv[ln.to_bus]]
        for a, b in pairs:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[rb] = ra
        self.p.define("EQ", "GeographicalRegion", "GR", {"IdentifiedObject.name": "GridSolve export"})
        self.p.define("EQ", "SubGeographicalRegion", "SGR", {"IdentifiedObject.name": "GridSolve export",
                                                             "SubGeographicalRegion.Region": Ref("GR")})
        for bus in self.net.buses:
            root = find(bus.id)
            ident = mrid(f"SUB_{root}")
            if ident not in self.p.defined:
                self.p.define("EQ", "Substation", ident, {"IdentifiedObject.name": f"S {root}",
                                                          "Substation.Region": Ref("SGR")})
            self.sub[bus.id] = ident

    def node(self, node_id: str, *, name: str, kv: float, substation: str, description: str = "",
             vm_limits: tuple[float, float] | None = None) -> None:
        """A TopologicalNode in a voltage level of its own."""
        vl = mrid(f"VL_{node_id}")
        attrs: dict[str, object] = {"IdentifiedObject.name": name, "VoltageLevel.lowVoltageLimit": None,
                 "VoltageLevel.highVoltageLimit": None, "VoltageLevel.Substation": Ref(substation),
                 "VoltageLevel.BaseVoltage": Ref(self.base_voltage(kv))}
        if vm_limits:
            attrs["VoltageLevel.lowVoltageLimit"] = vm_limits[0] * kv
            attrs["VoltageLevel.highVoltageLimit"] = vm_limits[1] * kv
        self.p.define("EQ", "VoltageLevel", vl, attrs)
        self.p.define("TP", "TopologicalNode", mrid(node_id), {
            "IdentifiedObject.name": name, "IdentifiedObject.description": description or None,
            "TopologicalNode.ConnectivityNodeContainer": Ref(vl), "TopologicalNode.BaseVoltage":
                Ref(self.base_voltage(kv))})
        self.kv.setdefault(node_id, kv)
        self.vl[node_id] = vl

    def buses(self) -> None:
        for b in self.net.buses:
            self.node(b.id, name=b.id, kv=self.kv[b.id], substation=self.sub[b.id], description=b.name,
                      vm_limits=(b.min_vm_pu, b.max_vm_pu) if b.vn_kv > 0 else None)


def _is_plain_line(br: ImpedanceBranch, kv: dict[str, float]) -> bool:
    return (not br.is_transformer and br.tap_ratio == 1 and br.shift_degree == 0 and br.g_mag_pu == 0
            and br.b_mag_pu == 0 and kv[br.from_bus] == kv[br.to_bus])


class _Export:
    def __init__(self, net: Network, result: PowerFlowResult, p: Profiles) -> None:
        self.net, self.result, self.p = net, result, p
        self.topo = _Topo(net, p)
        self.base = net.base_mva
        self.bus_index = {b: k for k, b in enumerate(result.bus_ids)}
        self.unit_pq = {u: (result.unit_p_mw[k], result.unit_q_mvar[k]) for k, u in enumerate(result.unit_ids)}
        self.open_ends = {(s.element, s.bus) for s in net.switches if s.et != "bus" and s.in_service and not s.closed}

    # -- terminals -----------------------------------------------------------------------
    def terminal(self, eq: str, k: int, node: str, connected: bool, name: str) -> str:
        tid = f"{eq}_T{k}"
        self.p.define("EQ", "Terminal", tid, {"IdentifiedObject.name": name, "Terminal.ConductingEquipment": Ref(eq),
                                               "ACDCTerminal.sequenceNumber": k})
        self.p.about("TP", "Terminal", tid, {"Terminal.TopologicalNode": Ref(mrid(node))})
        self.p.about("SSH", "Terminal", tid, {"ACDCTerminal.connected": connected})
        return tid

    def branch_node(self, element_id: str, bus: str) -> str:
        return self.topo.branch_node.get((element_id, bus), bus)

    # -- branches ------------------------------------------------------------------------
    def line(self, ln: Line) -> None:
        kv = self.topo.kv
        if kv[ln.from_bus] != kv[ln.to_bus]:
            tp = line_two_port(ln, kv[ln.from_bus], self.base, self.net.f_hz)
            self.two_port(ln.id, ln.name, ln.from_bus, ln.to_bus, tp, ln.in_service, rating=None)
            return
        n, length = ln.parallel, ln.length_km
        attrs = {
            "ACLineSegment.r": ln.r_ohm_per_km * length / n, "ACLineSegment.x": ln.x_ohm_per_km * length / n,
            "ACLineSegment.bch": 2 * math.pi * self.net.f_hz * ln.c_nf_per_km * 1e-9 * length * n,
            "ACLineSegment.gch": ln.g_us_per_km * 1e-6 * length * n,
        }
        self.ac_line(ln.id, ln.name, ln.from_bus, ln.to_bus, attrs, ln.in_service,
                     ln.max_i_ka * ln.parallel if ln.max_i_ka else None)

    def impedance_branch(self, br: ImpedanceBranch) -> None:
        kv = self.topo.kv
        if _is_plain_line(br, kv):
            z_base = kv[br.from_bus] ** 2 / self.base
            attrs = {"ACLineSegment.r": br.r_pu * z_base, "ACLineSegment.x": br.x_pu * z_base,
                     "ACLineSegment.bch": br.b_pu / z_base, "ACLineSegment.gch": 0.0}
            rating = br.rate_a_mva / (math.sqrt(3) * kv[br.from_bus]) if br.rate_a_mva > 0 else None
            self.ac_line(br.id, br.name, br.from_bus, br.to_bus, attrs, br.in_service, rating)
            return
        tap = br.tap_ratio * cmath.exp(1j * math.radians(br.shift_degree))
        y_half = 0.5j * br.b_pu
        pi = PiParts(1 / complex(br.r_pu, br.x_pu), y_half + complex(br.g_mag_pu, br.b_mag_pu), y_half, tap)
        self.pi_branch(br.id, br.name, br.from_bus, br.to_bus, pi, br.in_service, rating=br.rate_a_mva or None)

    def ac_line(self, ident: str, name: str, f: str, t: str, attrs: dict, in_service: bool, rating_ka) -> None:
        eq = mrid(ident)
        self.p.define("EQ", "ACLineSegment", eq, {"IdentifiedObject.name": name or ident, **attrs,
                                                  "ConductingEquipment.BaseVoltage":
                                                      Ref(self.topo.base_voltage(self.topo.kv[f]))})
        for k, bus in ((1, f), (2, t)):
            tid = self.terminal(eq, k, self.branch_node(ident, bus), self.connected(ident, bus, in_service),
                                name or ident)
            if rating_ka:
                self.current_limit(tid, rating_ka)

    def connected(self, element_id: str, bus: str, in_service: bool) -> bool:
        return in_service and bus in self.topo.live and (element_id, bus) not in self.open_ends

    def current_limit(self, terminal: str, ka: float) -> None:
        if "PATL" not in self.p.defined:
            self.p.define("EQ", "OperationalLimitType", "PATL", {
                "IdentifiedObject.name": "PATL",
                "OperationalLimitType.direction": Enum("OperationalLimitDirectionKind.absoluteValue"),
                "entsoe:OperationalLimitType.limitType": Enum("LimitTypeKind.patl", ns=ENTSOE)})
        ols = f"{terminal}_OLS"
        self.p.define("EQ", "OperationalLimitSet", ols, {"IdentifiedObject.name": "ratings",
                                                         "OperationalLimitSet.Terminal": Ref(terminal)})
        self.p.define("EQ", "CurrentLimit", f"{ols}_PATL", {
            "IdentifiedObject.name": "PATL", "CurrentLimit.value": ka * 1000,
            "OperationalLimit.OperationalLimitSet": Ref(ols), "OperationalLimit.OperationalLimitType": Ref("PATL")})

    def two_port(self, ident: str, name: str, f: str, t: str, tp: TwoPort, in_service: bool,
                 rating: float | None, connected_ends: tuple[bool, bool] | None = None) -> None:
        """A reciprocal two-port with its ideal tap at the from end, as a 2-end PowerTransformer."""
        self.pi_branch(ident, name, f, t, pi_parts(tp, ident), in_service, rating, connected_ends)

    def pi_branch(self, ident: str, name: str, f: str, t: str, pi: PiParts, in_service: bool,
                  rating: float | None, connected_ends: tuple[bool, bool] | None = None) -> None:
        kv1, kv2 = self.topo.kv[f], self.topo.kv[t]
        tau, shift = abs(pi.tap), math.degrees(cmath.phase(pi.tap))
        rated_u1, rated_u2 = tau * kv1, kv2
        z = (1 / pi.ys) * kv2**2 / self.base  # ohm at ratedU2
        y = pi.y_from * self.base / kv2**2  # S, end-1 side, ratedU2 base
        a0 = rated_u2 / rated_u1
        if rated_u1 != rated_u2 and z.imag != 0:  # powsybl refers end-1 impedance to ratedU2 (times a0^2)
            end1, end2, y_end1 = z / a0**2, 0j, y * a0**2
        elif rated_u1 != rated_u2:  # no reactance: keep it on end 2, where it is not referred
            end1, end2, y_end1 = 0j, z, y
        else:
            end1, end2, y_end1 = z, 0j, y
        eq = mrid(ident)
        self.p.define("EQ", "PowerTransformer", eq, {"IdentifiedObject.name": name or ident,
                                                     "Equipment.EquipmentContainer": Ref(self.topo.sub[
                                                         f if f in self.topo.sub else t])})
        ends = connected_ends or (self.connected(ident, f, in_service), self.connected(ident, t, in_service))
        for k, bus, zk, yk, rated in ((1, f, end1, y_end1, rated_u1), (2, t, end2, 0j, rated_u2)):
            tid = self.terminal(eq, k, self.branch_node(ident, bus), ends[k - 1], name or ident)
            self.p.define("EQ", "PowerTransformerEnd", f"{eq}_E{k}", {
                "IdentifiedObject.name": f"{name or ident} end {k}", "TransformerEnd.endNumber": k,
                "PowerTransformerEnd.r": zk.real, "PowerTransformerEnd.x": zk.imag, "PowerTransformerEnd.g": yk.real,
                "PowerTransformerEnd.b": yk.imag, "PowerTransformerEnd.ratedS": rating, "PowerTransformerEnd.ratedU":
                    rated, "PowerTransformerEnd.PowerTransformer": Ref(eq), "TransformerEnd.Terminal": Ref(tid),
                "TransformerEnd.BaseVoltage": Ref(self.topo.base_voltage(self.topo.kv[bus]))})
        if shift != 0:
            self.phase_shifter(eq, shift, rated_u1)
        if pi.y_to != 0:
            self.shunt_admittance(f"{ident}#y2", f"{name or ident} end-2 shunt", self.branch_node(ident, t),
                                  pi.y_to * self.base / kv2**2, ends[1])

    def phase_shifter(self, eq: str, angle: float, neutral_kv: float) -> None:
        table = f"{eq}_PTCT"
        self.p.define("EQ", "PhaseTapChangerTable", table, {"IdentifiedObject.name": f"{eq} shift"})
        for step, a in ((0, 0.0), (1, angle)):
            self.p.define("EQ", "PhaseTapChangerTablePoint", f"{table}_{step}", {
                "TapChangerTablePoint.step": step, "TapChangerTablePoint.ratio": 1.0,
                "PhaseTapChangerTablePoint.angle": a, "TapChangerTablePoint.r": 0.0, "TapChangerTablePoint.x": 0.0,
                "TapChangerTablePoint.g": 0.0, "TapChangerTablePoint.b": 0.0,
                "PhaseTapChangerTablePoint.PhaseTapChangerTable": Ref(table)})
        ptc = f"{eq}_PTC"
        self.p.define("EQ", "PhaseTapChangerTabular", ptc, {
            "IdentifiedObject.name": f"{eq} phase shift", "PhaseTapChanger.TransformerEnd": Ref(f"{eq}_E1"),
            "TapChanger.lowStep": 0, "TapChanger.highStep": 1, "TapChanger.neutralStep": 0, "TapChanger.normalStep": 1,
            "TapChanger.neutralU": neutral_kv, "TapChanger.ltcFlag": False,
            "PhaseTapChangerTabular.PhaseTapChangerTable": Ref(table)})
        self.p.about("SSH", "PhaseTapChangerTabular", ptc, {"TapChanger.controlEnabled": False, "TapChanger.step": 1})
        self.p.define("SV", "SvTapStep", f"{ptc}_SV", {"SvTapStep.position": 1.0, "SvTapStep.TapChanger": Ref(ptc)})

    def shunt_admittance(self, ident: str, name: str, node: str, y_siemens: complex, connected: bool) -> None:
        eq = mrid(ident)
        self.p.define("EQ", "EquivalentShunt", eq, {"IdentifiedObject.name": name, "EquivalentShunt.g": y_siemens.real,
                                                    "EquivalentShunt.b": y_siemens.imag,
                                                    "Equipment.EquipmentContainer": Ref(self.topo.vl[node])})
        self.terminal(eq, 1, node, connected, name)

    def transformer(self, tr: Transformer) -> None:
        kv = self.topo.kv
        tp = two_winding_two_port(tr, kv[tr.hv_bus], kv[tr.lv_bus], self.base)
        self.two_port(tr.id, tr.name, tr.hv_bus, tr.lv_bus, tp, tr.in_service,
                      rating=tr.sn_mva * tr.parallel * tr.max_loading_percent / 100)

    def transformer3w(self, tr: Transformer3W) -> None:
        kv = self.topo.kv
        star = f"{tr.id}#star"
        self.topo.node(star, name=star, kv=kv[tr.hv_bus], substation=self.topo.sub[tr.hv_bus])
        legs = three_winding_two_ports(tr, (kv[tr.hv_bus], kv[tr.mv_bus], kv[tr.lv_bus]), self.base)
        live = tr.in_service and all(b in self.topo.live for b in (tr.hv_bus, tr.mv_bus, tr.lv_bus))
        ends = ((tr.hv_bus, star, tr.hv_bus), (star, tr.mv_bus, tr.mv_bus), (star, tr.lv_bus, tr.lv_bus))
        for k, (tp, (f, t, bus)) in enumerate(zip(legs, ends, strict=True), start=1):
            side = (self.connected(tr.id, bus, live), True) if f == bus else (True, self.connected(tr.id, bus, live))
            sn = (tr.sn_hv_mva, tr.sn_mv_mva, tr.sn_lv_mva)[k - 1]
            self.two_port(f"{tr.id}#{k}", f"{tr.name or tr.id} winding {k}", f, t, tp, live,
                          rating=sn * tr.max_loading_percent / 100, connected_ends=side)

    def switch(self, sw: Switch) -> None:
        eq = mrid(sw.id)
        cls = SWITCH_CLASS.get(sw.kind, "Switch")
        bus = sw.bus
        other = sw.element if sw.et == "bus" else f"{sw.id}#node"
        if sw.et != "bus":
            self.topo.node(other, name=other, kv=self.topo.kv[bus], substation=self.topo.sub[bus])
            self.topo.branch_node[(sw.element, bus)] = other
        self.p.define("EQ", cls, eq, {"IdentifiedObject.name": sw.name or sw.id, "Switch.normalOpen": not sw.closed,
                                      "Switch.retained": True, "Equipment.EquipmentContainer": Ref(self.topo.vl[bus])})
        self.p.about("SSH", cls, eq, {"Switch.open": not sw.closed})
        live = sw.in_service and bus in self.topo.live
        for k, node in ((1, bus), (2, other)):
            self.terminal(eq, k, node, live, sw.name or sw.id)

    # -- injections ----------------------------------------------------------------------
    def sv_flow(self, terminal: str, p: float, q: float) -> None:
        self.p.define("SV", "SvPowerFlow", f"{terminal}_SV", {"SvPowerFlow.p": p, "SvPowerFlow.q": q,
                                                              "SvPowerFlow.Terminal": Ref(terminal)})

    def generator(self, g: Generator, priority: int) -> None:
        eq = mrid(g.id)
        live = g.in_service and g.bus in self.topo.live
        regulating = g.voltage_control or g.slack
        p_mw, q_mvar = g.p_mw * g.scaling, g.q_mvar * g.scaling
        rc = f"{eq}_RC"
        self.p.define("EQ", "GeneratingUnit", f"{eq}_GU", {
            "IdentifiedObject.name": g.name or g.id,
            "GeneratingUnit.minOperatingP": g.min_p_mw if g.min_p_mw is not None else min(p_mw, 0.0),
            "GeneratingUnit.maxOperatingP": g.max_p_mw if g.max_p_mw is not None else max(p_mw, 0.0),
            "GeneratingUnit.initialP": p_mw, "Equipment.EquipmentContainer": Ref(self.topo.sub[g.bus])})
        self.p.define("EQ", "SynchronousMachine", eq, {
            "IdentifiedObject.name": g.name or g.id, "Equipment.EquipmentContainer": Ref(self.topo.vl[g.bus]),
            "RotatingMachine.GeneratingUnit": Ref(f"{eq}_GU"), "RegulatingCondEq.RegulatingControl": Ref(rc),
            "SynchronousMachine.minQ": g.min_q_mvar, "SynchronousMachine.maxQ": g.max_q_mvar,
            "RotatingMachine.ratedS": g.sn_mva, "SynchronousMachine.type": Enum(
                "SynchronousMachineKind.generator")})
        tid = self.terminal(eq, 1, g.bus, live, g.name or g.id)
        self.regulating_control(rc, tid, g.vm_pu * self.topo.kv[g.bus])
        self.p.about("SSH", "SynchronousMachine", eq, {
            "RegulatingCondEq.controlEnabled": regulating, "RotatingMachine.p": -p_mw, "RotatingMachine.q": -q_mvar,
            "SynchronousMachine.referencePriority": priority,
            "SynchronousMachine.operatingMode": Enum("SynchronousMachineOperatingMode.generator")})
        p_sol, q_sol = self.unit_pq.get(g.id, (0.0, 0.0))
        self.sv_flow(tid, -p_sol, -q_sol)

    def regulating_control(self, rc: str, terminal: str, target_kv: float) -> None:
        self.p.define("EQ", "RegulatingControl", rc, {"IdentifiedObject.name": rc, "RegulatingControl.Terminal":
                                                      Ref(terminal), "RegulatingControl.mode": Enum(
                                                          "RegulatingControlModeKind.voltage")})
        self.p.about("SSH", "RegulatingControl", rc, {
            "RegulatingControl.discrete": False, "RegulatingControl.enabled": True,
            "RegulatingControl.targetDeadband": 0.0, "RegulatingControl.targetValue": target_kv,
            "RegulatingControl.targetValueUnitMultiplier": Enum("UnitMultiplier.k")})

    def external_grid(self, eg: ExternalGrid, priority: int) -> None:
        eq = mrid(eg.id)
        rc = f"{eq}_RC"
        live = eg.in_service and eg.bus in self.topo.live
        self.p.define("EQ", "ExternalNetworkInjection", eq, {
            "IdentifiedObject.name": eg.name or eg.id, "Equipment.EquipmentContainer": Ref(self.topo.vl[eg.bus]),
            "RegulatingCondEq.RegulatingControl": Ref(rc), "ExternalNetworkInjection.governorSCD": 0.0,
            "ExternalNetworkInjection.maxP": 1e5, "ExternalNetworkInjection.minP": -1e5})
        tid = self.terminal(eq, 1, eg.bus, live, eg.name or eg.id)
        self.regulating_control(rc, tid, eg.vm_pu * self.topo.kv[eg.bus])
        self.p.about("SSH", "ExternalNetworkInjection", eq, {
            "RegulatingCondEq.controlEnabled": True, "ExternalNetworkInjection.p": 0.0,
            "ExternalNetworkInjection.q": 0.0, "ExternalNetworkInjection.referencePriority": priority})
        p_sol, q_sol = self.unit_pq.get(eg.id, (0.0, 0.0))
        self.sv_flow(tid, -p_sol, -q_sol)

    def load(self, ld: Load) -> None:
        eq = mrid(ld.id)
        live = ld.in_service and ld.bus in self.topo.live
        attrs = {"IdentifiedObject.name": ld.name or ld.id, "Equipment.EquipmentContainer": Ref(self.topo.vl[ld.bus])}
        z, i = ld.const_z_percent / 100, ld.const_i_percent / 100
        if z or i:
            lrc = f"{eq}_LRC"
            self.p.define("EQ", "LoadResponseCharacteristic", lrc, {
                "IdentifiedObject.name": lrc, "LoadResponseCharacteristic.exponentModel": False,
                "LoadResponseCharacteristic.pConstantImpedance": z, "LoadResponseCharacteristic.pConstantCurrent": i,
                "LoadResponseCharacteristic.pConstantPower": 1 - z - i,
                "LoadResponseCharacteristic.qConstantImpedance": z, "LoadResponseCharacteristic.qConstantCurrent": i,
                "LoadResponseCharacteristic.qConstantPower": 1 - z - i})
            attrs["EnergyConsumer.LoadResponse"] = Ref(lrc)
        self.p.define("EQ", "EnergyConsumer", eq, attrs)
        tid = self.terminal(eq, 1, ld.bus, live, ld.name or ld.id)
        p, q = ld.p_mw * ld.scaling, ld.q_mvar * ld.scaling
        self.p.about("SSH", "EnergyConsumer", eq, {"EnergyConsumer.p": p, "EnergyConsumer.q": q})
        vm = self.result.vm_pu[self.bus_index[ld.bus]] if live else 0.0
        scale = (1 - z - i) + i * vm + z * vm**2
        self.sv_flow(tid, p * scale, q * scale)

    def shunt(self, sh: Shunt) -> None:
        """Per section, the admittance compile() uses (consumed S at vn_kv), in S at the node's kV."""
        eq = mrid(sh.id)
        kv = self.topo.kv[sh.bus]
        bus_vn = self.topo.vn[sh.bus]
        ratio = (bus_vn / sh.vn_kv) ** 2 if sh.vn_kv is not None and bus_vn > 0 else 1.0
        y_pu = complex(sh.p_mw, -sh.q_mvar) * ratio / self.base
        y = y_pu * self.base / kv**2
        live = sh.in_service and sh.bus in self.topo.live
        self.p.define("EQ", "LinearShuntCompensator", eq, {
            "IdentifiedObject.name": sh.name or sh.id, "ShuntCompensator.normalSections": sh.step,
            "ShuntCompensator.maximumSections": max(sh.max_step, sh.step, 1), "ShuntCompensator.nomU": kv,
            "LinearShuntCompensator.bPerSection": float(y.imag), "LinearShuntCompensator.gPerSection": float(y.real),
            "Equipment.EquipmentContainer": Ref(self.topo.vl[sh.bus])})
        tid = self.terminal(eq, 1, sh.bus, live, sh.name or sh.id)
        self.p.about("SSH", "LinearShuntCompensator", eq, {"ShuntCompensator.sections": sh.step,
                                                            "RegulatingCondEq.controlEnabled": False})
        self.p.define("SV", "SvShuntCompensatorSections", f"{eq}_SV", {
            "SvShuntCompensatorSections.sections": sh.step, "SvShuntCompensatorSections.ShuntCompensator": Ref(eq)})
        vm = self.result.vm_pu[self.bus_index[sh.bus]] if live else 0.0
        s = y_pu.conjugate() * sh.step * float(vm) ** 2 * self.base
        self.sv_flow(tid, float(s.real), float(s.imag))

    def write_all(self, cn) -> None:
        """Nodes first, then switches (they add the nodes behind branch ends), branches, units, SV."""
        net = self.net
        self.topo.substations()
        self.topo.buses()
        for sw in net.switches:
            self.switch(sw)
        for ln in net.lines:
            self.line(ln)
        for br in net.impedance_branches:
            self.impedance_branch(br)
        for tr in net.transformers:
            self.transformer(tr)
        for tr3 in net.transformers3w:
            self.transformer3w(tr3)
        priority = 0  # referencePriority 1, 2, ... for the references (external grids first), 0 for the rest
        for eg in net.external_grids:
            priority += 1
            self.external_grid(eg, priority)
        for g in net.generators:
            priority += 1 if g.slack else 0
            self.generator(g, priority if g.slack else 0)
        for ld in net.loads:
            self.load(ld)
        for sh in net.shunts:
            self.shunt(sh)
        self.voltages()
        self.islands(cn)

    # -- state variables -----------------------------------------------------------------
    def voltages(self) -> None:
        r = self.result
        for k, bus in enumerate(r.bus_ids):
            if r.energized[k]:
                self.p.define("SV", "SvVoltage", f"{mrid(bus)}_SV", {
                    "SvVoltage.v": float(r.vm_pu[k] * self.topo.kv[bus]), "SvVoltage.angle": float(r.va_deg[k]),
                    "SvVoltage.TopologicalNode": Ref(mrid(bus))})

    def islands(self, cn) -> None:
        """One TopologicalIsland per energized island, its reference bus as the angle reference."""
        island_of = {b.id: int(cn.island[cn.bus_index[b.id]]) for b in self.net.buses if b.id in cn.bus_index}
        for isl in sorted({i for i in island_of.values() if i >= 0}):
            refs = [cn.bus_ids[i] for i in cn.ref if cn.island[i] == isl]
            self.p.define("SV", "TopologicalIsland", f"island_{isl}", {
                "IdentifiedObject.name": f"island {isl}",
                "TopologicalIsland.AngleRefTopologicalNode": Ref(mrid(refs[0])) if refs else None,
                "TopologicalIsland.TopologicalNodes": [Ref(mrid(b)) for b, i in island_of.items() if i == isl]})


def write_cgmes(net: Network, *, result: PowerFlowResult | None = None, name: str | None = None,
                scenario_time: str = DEFAULT_TIME) -> bytes:
    """The network as a CGMES 2.4.15 zip (EQ, TP, SSH, SV); SV is `result`, else a fresh solve."""
    net.check_references()
    cn = compile_network(net)
    if result is None:
        result = run_power_flow(cn, tol=1e-10)
    if not result.converged:
        raise StudyInputError("the power flow does not converge, so there is no state to write in SV: "
                                + "; ".join(result.notes[-2:]))
    model = name or net.name or "gridsolve"
    p = Profiles(model, scenario_time)
    _Export(net, result, p).write_all(cn)
    buffer = io.BytesIO()
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", model).strip("_")[:60] or "model"  # zip member names
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for profile in ("EQ", "TP", "SSH", "SV"):
            info = zipfile.ZipInfo(f"{stem}_{profile}.xml", date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, p.document(profile))
    return buffer.getvalue()
