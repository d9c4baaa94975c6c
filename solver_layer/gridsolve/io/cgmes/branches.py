"""Branches: ACLineSegment, SeriesCompensator, EquivalentBranch, PowerTransformer, switches.

A line between buses of one nominal voltage is a `Line` in ohm with length_km = 1 (r, x, bch/2
and gch/2 at each end, exactly OpenLoadFlow's pi); between different nominal voltages it is an
`ImpedanceBranch` (the physical ohms seen from two per-unit bases need the ratio V2/V1);
a branch with r = x = 0 is a closed bus-bus switch, as OpenLoadFlow merges zero-impedance
branches. Transformers: see transformers.py.
"""

from __future__ import annotations

import math

from ...model import ImpedanceBranch, Line, Switch
from .builder import BASE_MVA, F_HZ, Builder, End
from .rdf import CimObject
from .topology import SWITCH_CLASSES, switch_closed
from .transformers import IidmBranch, TapChangers, Winding, leg, star_bus, to_impedance_branch, two_winding

SWITCH_KIND = {"Breaker": "CB", "Disconnector": "DS", "GroundDisconnector": "DS", "LoadBreakSwitch": "LBS"}


def _branch_ends(b: Builder, eq: CimObject) -> tuple[End, End] | None:
    e1, e2 = b.ends(eq, 2)
    if not e1.bus and not e2.bus:
        return None  # disconnected at both ends and placed nowhere: nothing to model
    if not e1.bus:
        e1.bus = b.open_end_bus(e1, b.kv(e2.bus))
    if not e2.bus:
        e2.bus = b.open_end_bus(e2, b.kv(e1.bus))
    return e1, e2


def _open_ends(b: Builder, element_id: str, et: str, *ends: End) -> None:
    for e in ends:
        if not e.connected and e.bus and not e.bus.endswith("#open"):
            b.open_switch(element_id, e.bus, et)


def add_series_branch(b: Builder, eq: CimObject, r: float, x: float, g: float, bch: float, rating_ka: float | None
                      ) -> None:
    """A pi branch with total series r + jx (ohm) and total shunt g + j bch (S)."""
    ends = _branch_ends(b, eq)
    if ends is None:
        return
    e1, e2 = ends
    cim = b.cim
    name, in_service = cim.name(eq), cim.in_service(eq)
    kv1, kv2 = b.kv(e1.bus), b.kv(e2.bus)
    if r == 0 and x == 0:
        if g or bch:
            raise cim.fail(eq, f"{eq.cls}.bch", "a zero-impedance branch with shunt admittance is not supported")
        if e1.bus != e2.bus:
            closed = in_service and e1.connected and e2.connected
            b.switches.append(Switch(id=eq.id, name=name, bus=e1.bus, element=e2.bus, et="bus", closed=closed))
        return
    if e1.bus == e2.bus:
        raise cim.fail(eq, "Terminal.ConductingEquipment", "both terminals are on the same node")
    if kv1 == kv2 and r >= 0 and bch >= 0 and g >= 0:
        b.lines.append(Line(
            id=eq.id, name=name, from_bus=e1.bus, to_bus=e2.bus, length_km=1.0, r_ohm_per_km=r, x_ohm_per_km=x,
            c_nf_per_km=bch / (2 * math.pi * F_HZ) * 1e9, g_us_per_km=g * 1e6, max_i_ka=rating_ka,
            in_service=in_service,
        ))
        _open_ends(b, eq.id, "line", e1, e2)
        return
    if g:
        raise cim.fail(eq, f"{eq.cls}.gch", "conductance on a line between different nominal voltages (or a "
                                            "negative one) is not supported")
    # Physical ohms between two per-unit bases: an ideal V2/V1 ratio at the from end (exact).
    z_base = kv2**2 / BASE_MVA
    b.impedance_branches.append(ImpedanceBranch(
        id=eq.id, name=name, from_bus=e1.bus, to_bus=e2.bus, r_pu=r / z_base, x_pu=x / z_base, b_pu=bch * z_base,
        tap_ratio=kv2 / kv1, in_service=in_service,
        rate_a_mva=math.sqrt(3) * kv1 * rating_ka if rating_ka else 0.0,
    ))
    _open_ends(b, eq.id, "impedance_branch", e1, e2)


def convert_lines(b: Builder, ratings: dict[str, float]) -> None:
    cim = b.cim
    for eq in cim.store.of("ACLineSegment"):
        add_series_branch(b, eq, cim.num(eq, "ACLineSegment.r", 0.0), cim.num(eq, "ACLineSegment.x"),
                          cim.num(eq, "ACLineSegment.gch", 0.0), cim.num(eq, "ACLineSegment.bch", 0.0),
                          ratings.get(eq.id))
    for eq in cim.store.of("SeriesCompensator"):
        add_series_branch(b, eq, cim.num(eq, "SeriesCompensator.r", 0.0), cim.num(eq, "SeriesCompensator.x"),
                          0.0, 0.0, ratings.get(eq.id))
    for eq in cim.store.of("EquivalentBranch"):
        r, x = cim.num(eq, "EquivalentBranch.r", 0.0), cim.num(eq, "EquivalentBranch.x")
        for attr, value in (("EquivalentBranch.r21", r), ("EquivalentBranch.x21", x)):
            other = cim.opt_num(eq, attr)
            if other is not None and other != value:
                raise cim.fail(eq, attr, "a non-reciprocal equivalent branch (r21/x21 differ from r/x) is not "
                                         "supported")
        add_series_branch(b, eq, r, x, 0.0, 0.0, ratings.get(eq.id))


def convert_switches(b: Builder) -> None:
    """Switches between two different buses become bus-bus switches (closed ones already merged
    ConnectivityNodes when there is no TP)."""
    cim = b.cim
    for sw in cim.store.of(*SWITCH_CLASSES):
        terms = b.topo.terminals_of.get(sw.id, [])
        if len(terms) != 2:
            raise cim.fail(sw, "Terminal.ConductingEquipment", f"has {len(terms)} terminal(s), 2 expected")
        e1, e2 = b.end(terms[0]), b.end(terms[1])
        if not e1.bus or not e2.bus or e1.bus == e2.bus:
            continue
        b.switches.append(Switch(id=sw.id, name=cim.name(sw), bus=e1.bus, element=e2.bus, et="bus",
                                 closed=switch_closed(cim, sw, terms) and cim.in_service(sw),
                                 kind=SWITCH_KIND.get(sw.cls, "LS")))


def _windings(b: Builder, pt: CimObject, ends: list[CimObject]) -> list[Winding]:
    cim = b.cim
    out = []
    for end in ends:
        terminal = cim.opt_ref(end, "TransformerEnd.Terminal", what="a Terminal")
        if terminal is None:
            raise cim.fail(end, "TransformerEnd.Terminal", f"end {end.attrs.get('TransformerEnd.endNumber', '?')} of "
                                                           f"transformer '{pt.id}' has no terminal")
        if terminal.attrs.get("Terminal.ConductingEquipment") != pt.id:
            raise cim.fail(end, "TransformerEnd.Terminal", f"terminal '{terminal.id}' is not a terminal of "
                                                           f"transformer '{pt.id}'")
        rated = cim.num(end, "PowerTransformerEnd.ratedU")
        if rated <= 0:
            raise cim.fail(end, "PowerTransformerEnd.ratedU", f"must be positive, found {rated:g}")
        if end.attrs.get("TransformerEnd.BaseVoltage"):
            cim.base_voltage_kv(end, "TransformerEnd.BaseVoltage")  # must resolve
        out.append(Winding(end, cim.num(end, "PowerTransformerEnd.r", 0.0), cim.num(end, "PowerTransformerEnd.x", 0.0),
                           cim.num(end, "PowerTransformerEnd.g", 0.0), cim.num(end, "PowerTransformerEnd.b", 0.0),
                           rated, cim.opt_num(end, "PowerTransformerEnd.ratedS"), terminal))
    return out


def convert_transformers(b: Builder) -> None:
    cim = b.cim
    ends_of: dict[str, list[CimObject]] = {}
    for end in cim.store.of("PowerTransformerEnd"):
        pt = cim.ref(end, "PowerTransformerEnd.PowerTransformer", what="a PowerTransformer")
        ends_of.setdefault(pt.id, []).append(end)
    taps = TapChangers(cim)
    for pt in cim.store.of("PowerTransformer"):
        ends = sorted(ends_of.get(pt.id, []), key=lambda e: cim.integer(e, "TransformerEnd.endNumber", 0))
        if len(ends) not in (2, 3):
            raise cim.fail(pt, "PowerTransformerEnd.PowerTransformer", f"has {len(ends)} ends; 2 or 3 are supported")
        windings = _windings(b, pt, ends)
        if len(windings) == 2:
            _two_winding(b, pt, windings, taps)
        else:
            _three_winding(b, pt, windings, taps)


def _winding_end(b: Builder, w: Winding, kv: float | None) -> End:
    e = b.end(w.terminal)
    if not e.bus:
        e.bus = b.open_end_bus(e, kv or w.rated_kv)
    return e


def _add_branch(b: Builder, br: IidmBranch, *, id: str, name: str, e1: End, e2: End | str, rating: float | None,
                in_service: bool, star_kv: float | None = None) -> None:
    to_bus = e2 if isinstance(e2, str) else e2.bus
    kv2 = star_kv if star_kv is not None else b.kv(to_bus)
    b.impedance_branches.append(to_impedance_branch(
        br, id=id, name=name, from_bus=e1.bus, to_bus=to_bus, kv1=b.kv(e1.bus), kv2=kv2, base_mva=BASE_MVA,
        rating=rating, in_service=in_service))
    _open_ends(b, id, "impedance_branch", e1, *([] if isinstance(e2, str) else [e2]))


def _two_winding(b: Builder, pt: CimObject, w: list[Winding], taps: TapChangers) -> None:
    e1 = _winding_end(b, w[0], None)
    e2 = _winding_end(b, w[1], None)
    if e1.bus == e2.bus:
        raise b.cim.fail(pt, "TransformerEnd.Terminal", "both ends are on the same node")
    _add_branch(b, two_winding(w[0], w[1], taps), id=pt.id, name=b.cim.name(pt), e1=e1, e2=e2,
                rating=w[0].rated_mva or w[1].rated_mva, in_service=b.cim.in_service(pt))


def _three_winding(b: Builder, pt: CimObject, w: list[Winding], taps: TapChangers) -> None:
    rated_u0 = w[0].rated_kv
    star = star_bus(pt.id, b.cim.name(pt), rated_u0)
    b.extra_buses.append(star)
    b.topo.bus_kv[star.id] = rated_u0
    in_service = b.cim.in_service(pt)
    for k, winding in enumerate(w, start=1):
        e = _winding_end(b, winding, None)
        _add_branch(b, leg(winding, rated_u0, taps), id=f"{pt.id}#{k}", name=f"{b.cim.name(pt)} winding {k}",
                    e1=e, e2=star.id, rating=winding.rated_mva, in_service=in_service, star_kv=rated_u0)
