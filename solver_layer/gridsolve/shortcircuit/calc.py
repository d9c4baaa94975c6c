"""IEC 60909 fault calculation on factorized sequence networks.

Each sequence Ybus is factorized once (scipy.sparse.linalg.splu); the Zbus columns of the fault
buses are obtained by block solves with unit vectors, a block of buses at a time, so faults at
all buses cost one factorization per sequence plus one triangular solve per bus — never a
refactorization per fault.

Conventions (IEC 60909-0 and pandapower, whose results this reproduces):
* equivalent voltage source c*Un/sqrt(3) at the fault, c per voltage level and case;
* fault impedance Zf = r_fault_ohm + j x_fault_ohm in each faulted phase
  (3ph: Z1+Zf; 2ph: Z1+Z2+2Zf; 1ph: Z1+Z2+Z0+3Zf; 2phg: phases b, c through Zf to earth);
* static generators add k*I_n as current sources (max case): their share
  |sum_j Z_ij I_j| / |Z_ii + Zf| is added arithmetically to I''k (as pandapower does);
* ip = sqrt(2) (kappa I''k,voltage-sources + I''k,current-sources), kappa by method C
  (equivalent frequency 20 Hz at 50 Hz, 24 Hz at 60 Hz) or method B (1.15 kappa(R/X) at the
  fault, capped at 2.0, 1.8 in LV);
* ith = I''k sqrt(m + n) with n = 1 (far from generator);
* ib: 3ph faults with synchronous machines or motors use IEC 60909-0 eq. (75) with the
  factor mu for the minimum time delay `tmin_s`; otherwise (far from generator, and all
  unbalanced faults, §9.1.4) ib = I''k;
* ik: the initial current without motor contributions (meshed networks, IEC 60909-0 §10.2.3).

The steps, in order: input checks (`ShortCircuitOptions`), the sequence networks (compiled once),
the fault buses, the impedance blocks (factorizations), then per block of fault buses the fault
formula of the fault type, the IEC quantities, source and branch contributions; breaker duty last.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.sparse.linalg import splu

from ..compile import CompiledNetwork
from ..errors import FieldError, StudyInputError
from ..model import Network
from .blocks import factorize
from .formulas import FAULT_FORMULAS, SQRT3, FaultFormula
from .networks import SequenceNetworks, build_sequence_networks
from .options import FAULTS, ShortCircuitOptions
from .results import ShortCircuitResult
from .sweep import FaultSweep

__all__ = ["FAULTS", "run_short_circuit", "run_short_circuit_study"]

Progress = Callable[[float, str], None]


def run_short_circuit(
    net: Network,
    fault: str = "3ph",
    case: str = "max",
    buses: list[str] | None = None,
    r_fault_ohm: float = 0.0,
    x_fault_ohm: float = 0.0,
    tk_s: float = 1.0,
    ip_method: str = "C",
    c_factor: float | None = None,
    lv_tol_percent: float = 10,
    tmin_s: float = 0.02,
    detail: bool | None = None,
    block_size: int = 64,
    networks: SequenceNetworks | None = None,
    *,
    compiled: CompiledNetwork | None = None,
    progress: Progress | None = None,
    detect_power_station_units: bool = False,
    motors: str = "include",
) -> ShortCircuitResult:
    """Short-circuit currents at `buses` (default: every bus) per IEC 60909-0.

    fault: "3ph" | "2ph" | "1ph" | "2phg"; case: "max" | "min"; tk_s: duration for ith;
    ip_method: "C" (equivalent frequency) or "B" (1.15 kappa at the fault); c_factor overrides
    the voltage factor at every level; tmin_s is the minimum time delay for the breaking current;
    detail: keep per-fault branch currents, source contributions and post-fault voltages
    (default: when at most 10 buses are faulted); detect_power_station_units and motors: see
    ShortCircuitOptions. `networks`: sequence networks already built for this
    network and case (with the zero sequence for 1ph/2phg faults), or `compiled`: the compiled network,
    so that a study compiles once.
    """
    options = ShortCircuitOptions.checked(
        fault=fault, case=case, buses=buses, r_fault_ohm=r_fault_ohm, x_fault_ohm=x_fault_ohm, tk_s=tk_s,
        ip_method=ip_method, c_factor=c_factor, lv_tol_percent=lv_tol_percent, tmin_s=tmin_s,
        detect_power_station_units=detect_power_station_units, motors=motors)
    return run_short_circuit_study(net, options, progress, compiled=compiled, networks=networks, detail=detail,
                                   block_size=block_size)


def run_short_circuit_study(
    net: Network,
    options: ShortCircuitOptions,
    progress: Progress | None = None,
    *,
    compiled: CompiledNetwork | None = None,
    networks: SequenceNetworks | None = None,
    detail: bool | None = None,
    block_size: int = 64,
) -> ShortCircuitResult:
    """The study entry point: `run(network, options, progress)` of the short-circuit study type."""
    t0 = time.perf_counter()
    report = progress or (lambda fraction, message: None)
    formula = FAULT_FORMULAS[options.fault]
    sn = study_networks(net, options, formula, compiled, networks)
    report(0.1, "sequence networks built")
    sel = select_fault_buses(net, sn, options.buses)
    state = FaultSweep.start(sn, options, formula, sel.fault_buses,
                             detail if detail is not None else len(sel.fault_buses) <= 10)
    nf, done = len(sel.fault_buses), 0
    for group, buses, motors_neglected in fault_groups(sn, options, sel.fault_buses):
        ctx = state.context(group, factorize(group, options, formula, net.f_hz), motors_neglected)
        for start in range(0, len(buses), block_size):
            state.solve(ctx, buses[start:start + block_size])
            done += len(buses[start:start + block_size])
            report(0.3 + 0.65 * done / max(nf, 1), "faults solved")
    notes = list(sn.compiled.notes) + list(sn.notes) + sweep_notes(sn, state, options)
    violations = breaker_duty(net, sn.compiled, sel.fault_buses, state.out)
    report(1.0, "done")
    return ShortCircuitResult(
        fault=options.fault, case=options.case, ip_method=options.ip_method, tk_s=options.tk_s,
        base_mva=sn.compiled.base_mva, networks=sn, report_ids=sel.report_ids, report_idx=sel.report_idx,
        report_ok=sel.ok, fault_buses=sel.fault_buses, values=state.out, phase_i=state.phase_i,
        phase_v=state.phase_v, seq_i=state.seq_i, source_ids=[s.element_id for s in sn.sources],
        source_kind=[s.kind for s in sn.sources], source_contrib=state.src_contrib,
        branch_max_from=state.br_max_f, branch_max_to=state.br_max_t, branch_arg_from=state.br_arg_f,
        branch_arg_to=state.br_arg_t, incident=state.incident, details=state.details,
        energized_local=np.flatnonzero(sn.energized), violations=violations, notes=notes,
        wall_time_s=time.perf_counter() - t0, r_fault_ohm=options.r_fault_ohm, x_fault_ohm=options.x_fault_ohm,
        near=state.near, decay=state.decay, motors_negligible=state.motors_negligible,
        motors_neglected=state.motors_neglected, steady_state_rule=state.steady_state_rule,
    )


# ---- step 1: networks and fault buses --------------------------------------------------------------


def study_networks(net: Network, options: ShortCircuitOptions, formula: FaultFormula,
                   compiled: CompiledNetwork | None, networks: SequenceNetworks | None = None) -> SequenceNetworks:
    """The sequence networks the fault type needs (those given, when built for the same case, voltage
    factors and network); missing zero-sequence data is an error for earth faults."""
    if networks is not None and _reusable(networks, net, options, formula):
        sn = networks
    else:
        if networks is not None and networks.compiled.net is net:
            compiled = networks.compiled
        sn = build_sequence_networks(net, case=options.case, lv_tol_percent=options.lv_tol_percent,
                                     c_factor=options.c_factor, zero_sequence=formula.needs_zero, compiled=compiled,
                                     detect_units=options.detect_power_station_units)
    if formula.needs_zero and sn.z0_missing:
        eid, fld = sn.z0_missing[0]
        names = ", ".join(e for e, _ in sn.z0_missing[:10]) + (" ..." if len(sn.z0_missing) > 10 else "")
        raise StudyInputError(
            f"zero-sequence data missing for a {options.fault} fault ({len(sn.z0_missing)} element(s) lack it: "
            f"{names})", element_id=eid, field=fld,
            errors=[FieldError(element_id=e, field=f, message=f"zero-sequence data missing ({f})")
                    for e, f in sn.z0_missing])
    return sn


def _reusable(sn: SequenceNetworks, net: Network, options: ShortCircuitOptions, formula: FaultFormula) -> bool:
    same = (sn.case, sn.lv_tol_percent, sn.c_factor, sn.detect_units) == (
        options.case, options.lv_tol_percent, options.c_factor, options.detect_power_station_units)
    return sn.compiled.net is net and same and (sn.has_zero_sequence or not formula.needs_zero)


@dataclass
class FaultSelection:
    report_ids: list[str]  # network bus ids as reported
    report_idx: np.ndarray  # compiled bus per reported id (-1 out of service)
    ok: np.ndarray  # energized
    fault_buses: np.ndarray  # compiled buses faulted (sorted, unique)


def select_fault_buses(net: Network, sn: SequenceNetworks, buses: list[str] | None) -> FaultSelection:
    """Which buses: ids as given (unknown or de-energized ones refused by name), each mapped to its compiled bus."""
    cn = sn.compiled
    in_service = {b.id for b in net.buses if b.in_service}
    if buses is None:
        report_ids = [b.id for b in net.buses]
    else:
        known = {b.id for b in net.buses}
        report_ids = list(dict.fromkeys(str(b) for b in buses))
        for b in report_ids:
            if b not in known:
                raise StudyInputError(f"unknown bus '{b}'", element_id=b, field="buses")
            if b not in in_service or not sn.energized[cn.bus_index[b]]:
                raise StudyInputError("fault at a de-energized bus (out of service or without a path to a "
                                      "short-circuit source)", element_id=b, field="buses")
    report_idx = np.array([cn.bus_index[b] if b in in_service else -1 for b in report_ids], dtype=np.int64)
    ok = report_idx >= 0
    ok[ok] = sn.energized[report_idx[ok]]
    return FaultSelection(report_ids, report_idx, ok, np.unique(report_idx[ok]))


# ---- step 3: notes and breaker duty ----------------------------------------------------------------


def fault_groups(sn: SequenceNetworks, options: ShortCircuitOptions, fault_buses: np.ndarray
                 ) -> list[tuple[SequenceNetworks, np.ndarray, bool]]:
    """Fault buses by the networks they see: a fault between a power station unit's generator and
    transformer sees that unit's K_G,S/K_T,S networks; with `motors="neglect_where_allowed"`, a fault
    where IEC 60909-0 §6.8 allows it (sum I_rM <= 0.01 I''kM) sees the networks without motors."""
    inside = {v.unit.lv_bus: v for v in sn.units}
    in_unit = np.isin(fault_buses, list(inside))
    groups = [(sn, fault_buses[~in_unit])]
    groups += [(sn.inside(inside[int(b)]), np.array([b])) for b in fault_buses[in_unit]]
    if options.motors != "neglect_where_allowed" or not sn.motors_present:
        return [(g, b, False) for g, b in groups if len(b)]
    out = []
    for g, buses in groups:
        ok = motors_negligible(g, buses)
        out += [(g, buses[~ok], False), (g.without_motors(), buses[ok], True)]
    return [(g, b, neglected) for g, b, neglected in out if len(b)]


def motors_negligible(sn: SequenceNetworks, buses: np.ndarray) -> np.ndarray:
    """IEC 60909-0 §6.8: motors may be neglected at a fault where the sum of their rated currents
    (referred to the fault's voltage level) is at most 1 % of I''kM, the three-phase current without motors."""
    if not len(buses):
        return np.zeros(0, dtype=bool)
    nm = sn.without_motors()
    e = np.flatnonzero(sn.energized)
    loc = np.full(sn.n_bus, -1, dtype=np.int64)
    loc[e] = np.arange(len(e))
    y = nm.seq[1].matrices(sn.n_bus, sn.compiled.branches)[0][e][:, e]
    rhs = np.zeros((len(e), len(buses)), dtype=complex)
    rhs[loc[buses], np.arange(len(buses))] = 1.0
    zkk = splu(y.tocsc(), permc_spec="MMD_AT_PLUS_A").solve(rhs)[loc[buses], np.arange(len(buses))]
    ikm_ka = np.abs(sn.c[buses] / zkk) * sn.compiled.base_mva / (SQRT3 * sn.vn_kv[buses])
    motors = [m for m in sn.sources if m.kind == "motor"]
    sum_ir = sum(m.ir_ka * sn.vn_kv[m.bus] for m in motors) / sn.vn_kv[buses]
    return sum_ir <= 0.01 * ikm_ka


def sweep_notes(sn: SequenceNetworks, state: FaultSweep, options: ShortCircuitOptions) -> list[str]:
    notes = []
    if FAULT_FORMULAS[options.fault].needs_zero and not np.all(state.earthed):
        k = int(np.sum(~state.earthed))
        notes.append(f"{k} faulted bus(es) have no zero-sequence path to earth: their earth-fault current is zero")
    if sn.current_sources and options.fault != "3ph":
        notes.append("static generator (current source) contributions are included in I''k at the fault, not in "
                     "the branch currents of unbalanced faults")
    if np.any(state.motors_neglected):
        notes.append(f"motor contributions neglected at {int(np.sum(state.motors_neglected))} fault(s) where "
                     "IEC 60909-0 §6.8 allows it (sum of rated motor currents <= 1 % of I''k without motors)")
    if any(r.startswith("Ik = I''k without motors: lambda") for r in state.steady_state_rule):
        notes.append("Ik near generators of a non-meshed network needs lambda_max/lambda_min (IEC 60909-0 figures "
                     "18-21) on the generators; without them Ik is I''k without motors")
    return notes


def breaker_duty(net: Network, cn: CompiledNetwork, fault_buses: np.ndarray, out: dict[str, np.ndarray]
                 ) -> list[dict]:
    """Switches whose breaking (ib, I''k against rated_ka) or making (ip against peak_ka) capacity the
    fault at their bus exceeds."""
    pos = {int(b): k for k, b in enumerate(fault_buses)}
    violations = []
    for sw in net.switches:
        if not sw.in_service or (sw.rated_ka is None and sw.peak_ka is None) or sw.bus not in cn.bus_index:
            continue
        k = pos.get(cn.bus_index[sw.bus])
        if k is None:
            continue
        for qty, rating in (("ib_ka", sw.rated_ka), ("ikss_ka", sw.rated_ka), ("ip_ka", sw.peak_ka)):
            if rating is not None and out[qty][k] > rating:
                violations.append({"switch": sw.id, "bus": sw.bus, "quantity": qty, "value_ka": float(out[qty][k]),
                                   "rating_ka": float(rating),
                                   "rating_field": "rated_ka" if qty != "ip_ka" else "peak_ka"})
    return violations
