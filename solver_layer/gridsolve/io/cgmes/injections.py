"""Injections: machines, equivalent and external-network injections, SVCs, loads and shunts.

SSH flows use the load sign convention (positive = out of the node), so a generator's p_mw is
-RotatingMachine.p. A unit regulates voltage when its RegulatingControl is in voltage mode,
enabled, with controlEnabled set and a positive target (powsybl's rule); the target in kV over
the bus's nominal kV is vm_pu. Reactive limits come from the ReactiveCapabilityCurve at the
unit's target P (interpolated, clamped at its ends, as IIDM evaluates it) or from minQ/maxQ.
"""

from __future__ import annotations

import bisect

from ...model import Generator, Load, Shunt
from .builder import Builder
from .rdf import CimObject

LOAD_CLASSES = ("EnergyConsumer", "ConformLoad", "NonConformLoad", "StationSupply")


def _bus(b: Builder, eq: CimObject) -> tuple[str, bool] | None:
    """(bus, in service) of a one-terminal equipment; None when it is disconnected and placed nowhere."""
    (end,) = b.ends(eq, 1)
    if not end.bus:
        return None
    return end.bus, end.connected and b.cim.in_service(eq)


def _voltage_target(b: Builder, eq: CimObject, bus: str, enabled_attr: str = "RegulatingCondEq.controlEnabled"
                    ) -> float | None:
    """vm_pu the equipment holds at its own bus, or None when it does not regulate voltage."""
    cim = b.cim
    rc = cim.opt_ref(eq, "RegulatingCondEq.RegulatingControl", what="a RegulatingControl")
    if rc is None or rc.attrs.get("RegulatingControl.mode", "").rsplit(".", 1)[-1] != "voltage":
        return None
    if not (cim.flag(eq, enabled_attr, False) and cim.flag(rc, "RegulatingControl.enabled", True)):
        return None
    kv = cim.target_kv(rc)
    if kv is None or kv <= 0:
        return None
    if rc.attrs.get("RegulatingControl.Terminal"):
        terminal = cim.ref(rc, "RegulatingControl.Terminal", what="a Terminal")
        regulated = b.topo.terminal_bus.get(terminal.id, bus)
        if regulated != bus:
            raise cim.fail(rc, "RegulatingControl.Terminal", f"remote voltage control (of node '{regulated}' by "
                                                             f"'{eq.id}' at '{bus}') is not supported")
    return kv / b.kv(bus)


class Curves:
    """ReactiveCapabilityCurve points by curve: P -> (minQ, maxQ)."""

    def __init__(self, b: Builder) -> None:
        self.points: dict[str, list[tuple[float, float, float]]] = {}
        cim = b.cim
        for d in cim.store.of("CurveData"):
            curve = d.attrs.get("CurveData.Curve")
            if curve:
                lo, hi = cim.num(d, "CurveData.y1value"), cim.num(d, "CurveData.y2value")
                self.points.setdefault(curve, []).append((cim.num(d, "CurveData.xvalue"), min(lo, hi), max(lo, hi)))
        for pts in self.points.values():
            pts.sort()

    def at(self, curve: str, p: float) -> tuple[float, float] | None:
        pts = self.points.get(curve)
        if not pts:
            return None
        xs = [x for x, _, _ in pts]
        if p <= xs[0]:
            return pts[0][1], pts[0][2]
        if p >= xs[-1]:
            return pts[-1][1], pts[-1][2]
        k = bisect.bisect_right(xs, p)
        (x0, a0, b0), (x1, a1, b1) = pts[k - 1], pts[k]
        f = (p - x0) / (x1 - x0)
        return a0 + f * (a1 - a0), b0 + f * (b1 - b0)


def _q_limits(b: Builder, curves: Curves, eq: CimObject, prefix: str, curve_attr: str, p: float
              ) -> tuple[float | None, float | None]:
    curve = eq.attrs.get(curve_attr)
    if curve:
        found = curves.at(curve, p)
        if found is not None:
            return found
    lo, hi = b.cim.opt_num(eq, f"{prefix}.minQ"), b.cim.opt_num(eq, f"{prefix}.maxQ")
    if lo is not None and hi is not None and lo > hi:
        lo, hi = hi, lo
    return lo, hi


def _generator(b: Builder, eq: CimObject, *, p: float, q: float, kind: str, q_limits, p_limits, sn=None,
               enabled_attr: str = "RegulatingCondEq.controlEnabled") -> Generator | None:
    placed = _bus(b, eq)
    if placed is None:
        return None
    bus, in_service = placed
    vm = _voltage_target(b, eq, bus, enabled_attr)
    gen = Generator(id=eq.id, name=b.cim.name(eq), bus=bus, p_mw=p, q_mvar=q, vm_pu=vm or 1.0,
                    voltage_control=vm is not None, in_service=in_service, min_q_mvar=q_limits[0],
                    max_q_mvar=q_limits[1], min_p_mw=p_limits[0], max_p_mw=p_limits[1], kind=kind,
                    sn_mva=sn if sn and sn < 1e30 else None)
    b.generators.append(gen)
    return gen


def convert_machines(b: Builder) -> None:
    cim = b.cim
    curves = Curves(b)
    for sm in cim.store.of("SynchronousMachine"):
        unit = cim.opt_ref(sm, "RotatingMachine.GeneratingUnit", what="a GeneratingUnit")
        initial = cim.num(unit, "GeneratingUnit.initialP", 0.0) if unit is not None else 0.0
        p = -cim.num(sm, "RotatingMachine.p", -initial)
        p_limits = (None, None) if unit is None else (cim.opt_num(unit, "GeneratingUnit.minOperatingP"),
                                                      cim.opt_num(unit, "GeneratingUnit.maxOperatingP"))
        gen = _generator(b, sm, p=p, q=-cim.num(sm, "RotatingMachine.q", 0.0), kind="synchronous",
                         q_limits=_q_limits(b, curves, sm, "SynchronousMachine",
                                            "SynchronousMachine.InitialReactiveCapabilityCurve", p),
                         p_limits=p_limits, sn=cim.opt_num(sm, "RotatingMachine.ratedS"))
        _priority(b, gen, sm, "SynchronousMachine.referencePriority")
    for eni in cim.store.of("ExternalNetworkInjection"):
        p = -cim.num(eni, "ExternalNetworkInjection.p", 0.0)
        gen = _generator(b, eni, p=p, q=-cim.num(eni, "ExternalNetworkInjection.q", 0.0), kind="synchronous",
                         q_limits=_q_limits(b, curves, eni, "ExternalNetworkInjection", "", p),
                         p_limits=(cim.opt_num(eni, "ExternalNetworkInjection.minP"),
                                   cim.opt_num(eni, "ExternalNetworkInjection.maxP")))
        _priority(b, gen, eni, "ExternalNetworkInjection.referencePriority")
    for ei in cim.store.of("EquivalentInjection"):
        _equivalent_injection(b, curves, ei)
    for svc in cim.store.of("StaticVarCompensator"):
        _svc(b, svc)


def _priority(b: Builder, gen: Generator | None, eq: CimObject, attr: str) -> None:
    priority = b.cim.integer(eq, attr, 0)
    if gen is not None and priority > 0:
        b.reference_priority[gen.id] = priority


def _equivalent_injection(b: Builder, curves: Curves, ei: CimObject) -> None:
    """A boundary or network equivalent: a unit that regulates voltage when it can and is told to."""
    cim = b.cim
    placed = _bus(b, ei)
    if placed is None:
        return
    bus, in_service = placed
    p, q = -cim.num(ei, "EquivalentInjection.p", 0.0), -cim.num(ei, "EquivalentInjection.q", 0.0)
    vm = None
    if cim.flag(ei, "EquivalentInjection.regulationCapability", False) and \
            cim.flag(ei, "EquivalentInjection.regulationStatus", False):
        target = cim.opt_num(ei, "EquivalentInjection.regulationTarget")
        vm = target / b.kv(bus) if target and target > 0 else None
    lo, hi = _q_limits(b, curves, ei, "EquivalentInjection", "EquivalentInjection.ReactiveCapabilityCurve", p)
    b.generators.append(Generator(
        id=ei.id, name=cim.name(ei), bus=bus, p_mw=p, q_mvar=q, vm_pu=vm or 1.0, voltage_control=vm is not None,
        in_service=in_service, min_q_mvar=lo, max_q_mvar=hi, kind="static",
        min_p_mw=cim.opt_num(ei, "EquivalentInjection.minP"), max_p_mw=cim.opt_num(ei, "EquivalentInjection.maxP"),
    ))


def _svc(b: Builder, svc: CimObject) -> None:
    """In voltage control: a PV unit with no P (limits B_min V^2 .. B_max V^2 at nominal voltage);
    otherwise it injects nothing (IIDM's SVC with regulation off)."""
    cim = b.cim
    placed = _bus(b, svc)
    if placed is None:
        return
    bus, in_service = placed
    rc = cim.opt_ref(svc, "RegulatingCondEq.RegulatingControl", what="a RegulatingControl")
    mode = rc.attrs.get("RegulatingControl.mode", "").rsplit(".", 1)[-1] if rc is not None else ""
    if rc is not None and mode == "reactivePower" and cim.flag(svc, "RegulatingCondEq.controlEnabled", False) and \
            cim.flag(rc, "RegulatingControl.enabled", True):
        raise cim.fail(rc, "RegulatingControl.mode", "a static var compensator in reactive-power control is not "
                                                     "supported")
    vm = _voltage_target(b, svc, bus)
    kv = b.kv(bus)
    limits = []
    for attr in ("StaticVarCompensator.inductiveRating", "StaticVarCompensator.capacitiveRating"):
        rating = cim.opt_num(svc, attr)
        limits.append(kv**2 / rating if rating else None)  # Q = B V^2 (generator sign), B = 1/rating
    lo, hi = limits
    if lo is not None and hi is not None and lo > hi:
        lo, hi = hi, lo
    b.generators.append(Generator(
        id=svc.id, name=cim.name(svc), bus=bus, p_mw=0.0, q_mvar=0.0, vm_pu=vm or 1.0,
        voltage_control=vm is not None, in_service=in_service, min_q_mvar=lo, max_q_mvar=hi, kind="static",
    ))


def _zip_shares(b: Builder, load: CimObject) -> dict[str, float]:
    """LoadResponseCharacteristic as the engine's ZIP shares (equal for P and Q)."""
    cim = b.cim
    lrc = cim.opt_ref(load, "EnergyConsumer.LoadResponse", what="a LoadResponseCharacteristic")
    if lrc is None:
        return {}
    if cim.flag(lrc, "LoadResponseCharacteristic.exponentModel", False):
        pe = cim.num(lrc, "LoadResponseCharacteristic.pVoltageExponent", 0.0)
        qe = cim.num(lrc, "LoadResponseCharacteristic.qVoltageExponent", 0.0)
        if pe != qe or pe not in (0.0, 1.0, 2.0):
            raise cim.fail(lrc, "LoadResponseCharacteristic.pVoltageExponent",
                           f"voltage exponents p={pe:g}, q={qe:g}: only equal exponents 0, 1 or 2 are supported")
        return {"const_z_percent": 100.0 * (pe == 2), "const_i_percent": 100.0 * (pe == 1)}
    shares = {}
    for part, key in (("ConstantImpedance", "const_z_percent"), ("ConstantCurrent", "const_i_percent")):
        p = cim.num(lrc, f"LoadResponseCharacteristic.p{part}", 0.0)
        q = cim.num(lrc, f"LoadResponseCharacteristic.q{part}", 0.0)
        if abs(p - q) > 1e-12:
            raise cim.fail(lrc, f"LoadResponseCharacteristic.q{part}", f"P share {p:g} and Q share {q:g} differ; "
                                                                         "only equal ZIP shares are supported")
        shares[key] = 100.0 * p
    return shares


def convert_loads(b: Builder) -> None:
    cim = b.cim
    for load in cim.store.of(*LOAD_CLASSES):
        placed = _bus(b, load)
        if placed is not None:
            b.loads.append(Load(id=load.id, name=cim.name(load), bus=placed[0], in_service=placed[1],
                                p_mw=cim.num(load, "EnergyConsumer.p", 0.0),
                                q_mvar=cim.num(load, "EnergyConsumer.q", 0.0),
                                **_zip_shares(b, load)))
    for am in cim.store.of("AsynchronousMachine"):
        placed = _bus(b, am)
        if placed is not None:
            b.loads.append(Load(id=am.id, name=cim.name(am), bus=placed[0], in_service=placed[1],
                                p_mw=cim.num(am, "RotatingMachine.p", 0.0),
                                q_mvar=cim.num(am, "RotatingMachine.q", 0.0)))
    for es in cim.store.of("EnergySource"):
        placed = _bus(b, es)
        if placed is not None:
            b.loads.append(Load(id=es.id, name=cim.name(es), bus=placed[0], in_service=placed[1],
                                p_mw=cim.num(es, "EnergySource.activePower", 0.0),
                                q_mvar=cim.num(es, "EnergySource.reactivePower", 0.0)))


def convert_shunts(b: Builder) -> None:
    cim = b.cim
    points: dict[str, list[tuple[int, float, float]]] = {}
    for pt in cim.store.of("NonlinearShuntCompensatorPoint"):
        owner = pt.attrs.get("NonlinearShuntCompensatorPoint.NonlinearShuntCompensator", "")
        points.setdefault(owner, []).append((cim.integer(pt, "NonlinearShuntCompensatorPoint.sectionNumber"),
                                             cim.num(pt, "NonlinearShuntCompensatorPoint.g", 0.0),
                                             cim.num(pt, "NonlinearShuntCompensatorPoint.b")))
    for sh in cim.store.of("LinearShuntCompensator", "NonlinearShuntCompensator", "EquivalentShunt"):
        placed = _bus(b, sh)
        if placed is None:
            continue
        bus, in_service = placed
        if sh.cls == "EquivalentShunt":
            g, bb, step, max_step = cim.num(sh, "EquivalentShunt.g", 0.0), cim.num(sh, "EquivalentShunt.b"), 1, 1
        else:
            maximum = max(cim.integer(sh, "ShuntCompensator.maximumSections", 1), 1)
            normal = cim.integer(sh, "ShuntCompensator.normalSections", 0)
            step = min(abs(cim.integer(sh, "ShuntCompensator.sections", normal)), maximum)
            if sh.cls == "LinearShuntCompensator":
                g = cim.num(sh, "LinearShuntCompensator.gPerSection", 0.0)
                bb = cim.num(sh, "LinearShuntCompensator.bPerSection")
                max_step = maximum
            else:  # IIDM: section n is the sum of the points 1..n (CGMES 2.4.15 and 3.0)
                pts = [p for p in points.get(sh.id, []) if 0 < p[0] <= step]
                g, bb = sum(p[1] for p in pts), sum(p[2] for p in pts)
                step, max_step = (1 if step > 0 else 0), 1
        kv = b.kv(bus)
        b.shunts.append(Shunt(id=sh.id, name=cim.name(sh), bus=bus, p_mw=g * kv**2, q_mvar=-bb * kv**2, vn_kv=kv,
                              step=step, max_step=max_step, in_service=in_service))
