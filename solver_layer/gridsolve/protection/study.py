"""The protection-coordination study: options, run, result (the study-registry triple).

    from gridsolve.protection import ProtectionOptions, run_protection
    result = run_protection(net, ProtectionOptions(fault="3ph", method="auto_coordination"))
    result.to_dict()   # pairs, violations with suggested settings, automatic coordination, TCC data
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from ..errors import StudyInputError
from ..model import Network
from .autocoord import coordinate
from .coordination import PairCheck, Rules, check_pair, collect_pairs
from .damage import cable_damage_curve, cable_k, transformer_damage_curve
from .devices import Device, build_devices
from .faults import FaultCurrents, StudyNetwork, device_currents, study_network
from .tcc import sample_device
from .topology import Topology, find_pairs

Progress = Callable[[float, str], None] | None


class CableSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    area_mm2: float = Field(gt=0, description="Conductor cross-section, mm2")
    material: Literal["copper", "aluminium"] = "copper"
    insulation: Literal["pvc", "xlpe", "epr", "rubber"] = "xlpe"


class ProtectionOptions(BaseModel):
    """Options of the protection-coordination study."""

    model_config = ConfigDict(extra="forbid")

    method: Literal["check", "auto_coordination"] = Field(
        default="check", description="check: coordination check; auto_coordination: also optimise the dials and "
                                     "pickups within the elements' dial_min/dial_max/dial_step/pickup_options_a")
    fault: Literal["3ph", "2ph", "1ph", "2phg"] = Field(
        default="3ph", description="Fault type of the IEC 60909 study (max and min cases); earth faults "
                                   "(1ph, 2phg) also use the 51N/50N elements")
    cti_relay_s: float = Field(default=0.3, gt=0, description="Required margin relay/recloser over relay, s "
                                                                "(IEEE 242: 0.3 electromechanical, 0.2 static)")
    cti_fuse_relay_s: float = Field(default=0.2, ge=0, description="Required margin of a relay over a "
                                                                     "fuse's total-clearing time, s")
    fuse_ratio: float = Field(default=0.75, gt=0, le=1, description="A backup fuse's minimum-melting time "
                                                                      "times this must exceed the primary's clearing")
    lv_tol_percent: Literal[6, 10] = Field(default=10, description="LV voltage tolerance for the c factor, %")
    tcc_points: int = Field(default=60, ge=10, le=2000, description="Samples per TCC curve")
    frequent_faults: bool = Field(default=True, description="Transformer damage curves for frequent faults "
                                                            "(IEEE C57.109 mechanical portion)")
    cables: dict[str, CableSpec] = Field(default_factory=dict, description="Line id -> conductor data for "
                                                                           "cable I^2 t damage curves")


class Suggestion(BaseModel):
    device: str
    element: int | None = Field(description="Index in the relay's elements (None: device-level field)")
    field: str
    value: float | str
    text: str


class CheckPoint(BaseModel):
    fault_bus: str
    case: Literal["max", "min"]
    i_primary_a: float
    i_backup_a: float
    t_primary_s: float | None
    t_backup_s: float | None
    margin_s: float | None
    ok: bool


class CurrentRange(BaseModel):
    i_from_a: float
    i_to_a: float


class PairResult(BaseModel):
    primary: str
    backup: str
    rule: Literal["relay_relay", "fuse_then_relay", "fuse_backup"]
    required_s: float = Field(description="Required margin, s (fuse_backup: margin = ratio*t_MM - t_clear >= 0)")
    i_primary_range_a: CurrentRange
    min_margin_s: float | None
    ok: bool
    points: list[CheckPoint]
    violation_ranges: list[CurrentRange] = Field(description="Primary currents where the margin is short")
    primary_no_trip: list[CurrentRange] = Field(description="Primary currents in the zone where it does not operate")
    crossings_a: list[float] = Field(description="Primary currents where the compared curves cross")
    suggestions: list[Suggestion]
    notes: list[str]


class Violation(BaseModel):
    kind: Literal["cti", "fuse_ratio", "primary_no_trip"]
    primary: str
    backup: str
    i_from_a: float
    i_to_a: float
    min_margin_s: float | None
    required_s: float
    message: str
    suggestions: list[Suggestion]


class DeviceInfo(BaseModel):
    id: str
    kind: Literal["relay", "fuse", "recloser"]
    branch: str | None
    bus: str | None
    switch: str | None
    vn_kv: float
    zone: list[str] = Field(description="Fault locations where this device is the primary")
    i_max_a: float | None = Field(description="Largest current it sees for a fault in its zone (max case)")
    i_min_a: float | None = Field(description="Smallest current it sees for a fault in its zone (min case)")
    backups: list[str]


class AutoSetting(BaseModel):
    device: str
    element: int
    function: str
    dial_before: float
    dial_after: float
    pickup_before_a: float
    pickup_after_a: float


class Unmet(BaseModel):
    constraint: str = Field(description="'BACKUP over PRIMARY', or a device that cannot operate in its zone")
    shortfall_s: float | None = Field(description="Largest missing margin, s (None: cannot operate at all)")
    i_from_a: float = Field(description="Primary currents where it is short, from")
    i_to_a: float


class AutoResult(BaseModel):
    status: Literal["optimal", "optimal_except_fixed", "infeasible", "nothing_to_adjust"]
    method: str | None
    objective_s: float | None = Field(description="Sum of the primaries' operating times at their max faults, s")
    settings: list[AutoSetting]
    unmet: list[Unmet]
    violations_after: int | None = Field(default=None, description="Violations when the settings are applied")
    message: str


class TccCurve(BaseModel):
    name: str
    i_a: list[float]
    t_s: list[float | None]


class TccDevice(BaseModel):
    id: str
    kind: str
    vn_kv: float = Field(description="Voltage of the device's currents: scale by vn_kv / base_kv to plot at base_kv")
    curves: list[TccCurve]


class FaultMarker(BaseModel):
    device: str
    case: Literal["max", "min"]
    fault_bus: str
    i_a: float


class CtiAnnotation(BaseModel):
    primary: str
    backup: str
    i_primary_a: float
    i_backup_a: float
    t_primary_s: float | None
    t_backup_s: float | None
    margin_s: float | None
    required_s: float
    ok: bool


class DamageCurve(BaseModel):
    element: str
    kind: str
    vn_kv: float
    i_a: list[float]
    t_s: list[float]
    source: str
    details: dict[str, Any] = {}


class TccData(BaseModel):
    devices: list[TccDevice]
    fault_markers: list[FaultMarker]
    annotations: list[CtiAnnotation]
    damage: list[DamageCurve]


class ProtectionResult(BaseModel):
    """Protection-coordination study result."""

    fault: str
    options: ProtectionOptions
    devices: list[DeviceInfo]
    pairs: list[PairResult]
    violations: list[Violation]
    auto: AutoResult | None
    tcc: TccData
    notes: list[str]

    def to_dict(self) -> dict:
        return self.model_dump(mode="json")


# ---- building the result ----------------------------------------------------------------------
def _zone_currents(dev_id: str, topo: Topology, currents: list[FaultCurrents], labels: dict[str, str]):
    zone = topo.zones.get(dev_id, set())
    best: dict[str, tuple[float, str] | None] = {"max": None, "min": None}
    for fc in currents:
        for j, bus in enumerate(fc.buses):
            i = float(fc.seen_a[dev_id][j])
            if bus not in zone or i <= 0:
                continue
            cur = best[fc.case]
            if cur is None or (i > cur[0] if fc.case == "max" else i < cur[0]):
                best[fc.case] = (i, labels.get(bus, bus))
    return best


def _pair_result(c: PairCheck) -> PairResult:
    margins = [float(x) for x in c.margins if np.isfinite(x)] + [p["margin_s"] for p in c.points
                                                                  if p["margin_s"] is not None]
    lo = min(margins, default=None)
    rng = [CurrentRange(i_from_a=a, i_to_a=b) for a, b in c.violation_ranges]
    return PairResult(primary=c.data.primary, backup=c.data.backup, rule=c.rule, required_s=c.required_s,
                      i_primary_range_a=CurrentRange(i_from_a=float(c.data.i_p.min()), i_to_a=float(c.data.i_p.max())),
                      min_margin_s=lo, ok=c.ok, points=[CheckPoint(**p) for p in c.points], violation_ranges=rng,
                      primary_no_trip=[CurrentRange(i_from_a=a, i_to_a=b) for a, b in c.primary_no_trip],
                      crossings_a=c.crossings_a, suggestions=[Suggestion(**s) for s in c.suggestions], notes=c.notes)


def _violations(pairs: list[PairResult]) -> list[Violation]:
    out = []
    for pr in pairs:
        sug = pr.suggestions
        for r in pr.primary_no_trip:
            out.append(Violation(kind="primary_no_trip", primary=pr.primary, backup=pr.backup, i_from_a=r.i_from_a,
                                 i_to_a=r.i_to_a, min_margin_s=None, required_s=pr.required_s, suggestions=sug,
                                 message=f"{pr.primary} does not operate for {r.i_from_a:.0f}-{r.i_to_a:.0f} A "
                                         f"in its zone"))
        kind = "fuse_ratio" if pr.rule == "fuse_backup" else "cti"
        for r in pr.violation_ranges:
            what = ("clears later than the 75 % of the backup fuse's melting time" if kind == "fuse_ratio"
                    else f"margin below {pr.required_s:g} s")
            out.append(Violation(kind=kind, primary=pr.primary, backup=pr.backup, i_from_a=r.i_from_a,
                                 i_to_a=r.i_to_a, min_margin_s=pr.min_margin_s, required_s=pr.required_s,
                                 suggestions=sug, message=f"{pr.backup} over {pr.primary}: {what} for primary "
                                                          f"currents {r.i_from_a:.0f}-{r.i_to_a:.0f} A"))
    return out


def _damage(net: Network, opts: ProtectionOptions, currents: list[FaultCurrents]) -> list[DamageCurve]:
    out = []
    vn = {b.id: b.vn_kv for b in net.buses}
    fc_max = currents[0]
    for tr in net.transformers:
        if not tr.in_service:
            continue
        zs = 0.0
        if tr.hv_bus in fc_max.buses:
            ik = fc_max.ikss_ka[fc_max.buses.index(tr.hv_bus)]
            if np.isfinite(ik) and ik > 0:
                zs = tr.sn_mva / (np.sqrt(3) * vn[tr.hv_bus] * ik)
        for side, kv in (("hv", tr.vn_hv_kv), ("lv", tr.vn_lv_kv)):
            ir = tr.sn_mva / (np.sqrt(3) * kv) * 1000.0
            d = transformer_damage_curve(tr.sn_mva * tr.parallel, tr.vk_percent, ir * tr.parallel, zs_pu=zs,
                                         frequent_faults=opts.frequent_faults)
            out.append(DamageCurve(element=tr.id, kind=f"transformer_{side}", vn_kv=vn[getattr(tr, side + "_bus")],
                                   i_a=d["i_a"], t_s=d["t_s"], source=d["source"],
                                   details={"category": d["category"], "i_max_pu": d["i_max_pu"]}))
    lines = {ln.id: ln for ln in net.lines}
    for lid, spec in opts.cables.items():
        if lid not in lines:
            raise StudyInputError(f"unknown line '{lid}'", element_id=lid, field="cables")
        k = cable_k(spec.material, spec.insulation, spec.area_mm2)
        d = cable_damage_curve(spec.area_mm2 * lines[lid].parallel, k)
        out.append(DamageCurve(element=lid, kind="cable", vn_kv=vn[lines[lid].from_bus], i_a=d["i_a"], t_s=d["t_s"],
                               source=d["source"], details={"k": k, "i2t_a2s": d["i2t_a2s"]}))
    return out


def _tcc(devices: dict[str, Device], infos: list[DeviceInfo], pairs: list[PairResult], study: StudyNetwork,
         opts: ProtectionOptions, zone_i, damage) -> TccData:
    tdev, markers = [], []
    for info in infos:
        dev = devices[info.id]
        i_hi = max([20.0 * max(dev.pickups_a() or [1.0])] + [2.0 * info.i_max_a] if info.i_max_a else [])
        tdev.append(TccDevice(id=info.id, kind=info.kind, vn_kv=info.vn_kv,
                              curves=[TccCurve(**c) for c in sample_device(dev, i_hi, opts.tcc_points)]))
        for case, val in zone_i[info.id].items():
            if val is not None:
                markers.append(FaultMarker(device=info.id, case=case, fault_bus=val[1], i_a=val[0]))
    notes = []
    for pr in pairs:
        pts = [p for p in pr.points if p.t_primary_s is not None]
        if not pts:
            continue
        p = max(pts, key=lambda q: q.i_primary_a)
        notes.append(CtiAnnotation(primary=pr.primary, backup=pr.backup, i_primary_a=p.i_primary_a,
                                   i_backup_a=p.i_backup_a, t_primary_s=p.t_primary_s, t_backup_s=p.t_backup_s,
                                   margin_s=p.margin_s, required_s=pr.required_s, ok=p.ok))
    return TccData(devices=tdev, fault_markers=markers, annotations=notes, damage=damage)


def _progress(progress: Progress, x: float, msg: str) -> None:
    if progress is not None:
        progress(x, msg)


def _apply(net: Network, settings: list[dict]) -> Network:
    new = net.model_copy(deep=True)
    relays = {r.id: r for r in new.relays}
    for s in settings:
        el = relays[s["device"]].elements[s["element"]]
        el.dial = s["dial_after"]
        if s["pickup_after_a"] != s["pickup_before_a"]:
            el.pickup_a, el.tap_a = s["pickup_after_a"], None
    return new


def _checks(devices, topo, currents, study, ground, rules) -> tuple[list, list[PairResult]]:
    pairs = collect_pairs(topo, currents)
    checks = [check_pair(pd, devices, ground, rules, study.aux_labels) for pd in pairs]
    return pairs, [_pair_result(c) for c in checks]


def run_protection(net: Network, options: ProtectionOptions | None = None, progress: Progress = None
                   ) -> ProtectionResult:
    """Coordination check (and optionally automatic coordination) of the network's relays, fuses and
    reclosers at the IEC 60909 maximum and minimum fault currents."""
    opts = options or ProtectionOptions()
    devices = build_devices(net)
    if not devices:
        raise StudyInputError("the network has no in-service relay, fuse or recloser", field="relays")
    _progress(progress, 0.05, "placing CTs")
    study = study_network(net, devices)
    currents = []
    for x, case in ((0.1, "max"), (0.4, "min")):
        _progress(progress, x, f"IEC 60909 {opts.fault} {case} faults")
        currents.append(device_currents(study, opts.fault, case, opts.lv_tol_percent))
    _progress(progress, 0.7, "pairs and margins")
    topo = find_pairs(study)
    ground = opts.fault in ("1ph", "2phg")
    rules = Rules(opts.cti_relay_s, opts.cti_fuse_relay_s, opts.fuse_ratio)
    pair_data, pairs = _checks(devices, topo, currents, study, ground, rules)
    auto = None
    if opts.method == "auto_coordination":
        _progress(progress, 0.8, "automatic coordination")
        res = coordinate(devices, topo, pair_data, currents, ground, rules)
        auto = AutoResult(**res)
        if res["settings"]:
            _, after = _checks(build_devices(_apply(net, res["settings"])), topo, currents, study, ground, rules)
            auto.violations_after = len(_violations(after))
    zone_i = {d: _zone_currents(d, topo, currents, study.aux_labels) for d in devices}
    infos = [DeviceInfo(id=d.id, kind=d.kind, branch=d.branch, bus=d.bus, switch=d.switch,
                        vn_kv=study.placements[d.id].vn_kv,
                        zone=sorted(study.aux_labels.get(b, b) for b in topo.zones.get(d.id, ())),
                        i_max_a=zone_i[d.id]["max"][0] if zone_i[d.id]["max"] else None,
                        i_min_a=zone_i[d.id]["min"][0] if zone_i[d.id]["min"] else None,
                        backups=sorted(b for (p, b) in topo.pairs if p == d.id)) for d in devices.values()]
    notes = list(topo.notes) + sorted(set(currents[0].notes + currents[1].notes))
    if ground:
        notes.append("earth faults: 51N/50N elements see the largest phase current of the fault (exact for radial "
                     "feeders earthed upstream; the short-circuit results give no branch residual current)")
    notes += [f"{i.id} has no backup device" for i in infos if i.zone and not i.backups]
    _progress(progress, 0.9, "TCC data")
    tcc = _tcc(devices, infos, pairs, study, opts, zone_i, _damage(net, opts, currents))
    _progress(progress, 1.0, "done")
    return ProtectionResult(fault=opts.fault, options=opts, devices=infos, pairs=pairs, violations=_violations(pairs),
                            auto=auto, tcc=tcc, notes=notes)
