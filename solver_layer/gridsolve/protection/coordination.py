"""Coordination check of primary/backup pairs at the fault currents each device sees.

Rules (margins in seconds; all thresholds are options):
* relay/recloser backing a relay/recloser: t_backup - t_primary >= CTI (default 0.3 s, IEEE Std
  242-2001 §15.3: breaker opening time, relay overtravel, tolerances and margin), operate times;
* relay/recloser backing a fuse: t_backup - t_fuse,total-clearing >= CTI_fuse (default 0.2 s; no
  breaker time, the fuse interrupts itself);
* fuse backing anything: primary clearing time <= 75 % of the fuse's minimum-melting time (the 75 %
  rule of expulsion-fuse coordination, Cooper Power Systems "Electrical Distribution-System
  Protection"; it allows for pre-heating and tolerances), margin = 0.75 t_MM - t_clear >= 0;
* relay backing a recloser: the relay integrates over the recloser's shots (fast, then delayed, each
  lasting the shot's clearing time) and resets during the open intervals — at once with instantaneous
  reset, along its reset characteristic with timed reset (travel E falls by t_open / t_r(0)) — so the
  margin of the last shot is (1 - E) t_backup - t_recloser,delayed (IEEE C37.112's integral model).
Between the fault points the primary's current is swept on a log grid from its minimum to its
maximum fault current, the backup's current following the measured backup/primary ratio, so that
violations are reported as current ranges and the points where the two curves cross.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .devices import Device, Stage
from .faults import FaultCurrents
from .fuses import fuse_curves, fuse_types
from .topology import Topology

N_SWEEP = 120


@dataclass
class Rules:
    cti_relay_s: float = 0.3
    cti_fuse_relay_s: float = 0.2
    fuse_ratio: float = 0.75


@dataclass
class PairData:
    """Fault points of one pair: fault bus, case, currents the primary and the backup see (A)."""

    primary: str
    backup: str
    buses: list[str]
    cases: list[str]
    i_p: np.ndarray
    i_b: np.ndarray


def rule_of(primary: Device, backup: Device, rules: Rules) -> tuple[str, float]:
    if backup.kind == "fuse":
        return "fuse_backup", 0.0
    if primary.kind == "fuse":
        return "fuse_then_relay", rules.cti_fuse_relay_s
    return "relay_relay", rules.cti_relay_s


def pair_times(primary: Device, backup: Device, rule: str, i_p, i_b, ground: bool, rules: Rules):
    """(primary time, backup time, margin) arrays for the rule; margins compare with the requirement."""
    if rule == "fuse_backup":
        t_p = primary.clearing_time(i_p, ground)
        t_b = backup.melting_time(i_b)
        margin = rules.fuse_ratio * t_b - t_p
    elif primary.kind == "recloser" and backup.kind == "relay":
        t_p = primary.operate_time(i_p, ground)
        t_b = backup_time_after_shots(primary, backup, i_p, i_b, ground)
        margin = t_b - t_p
    else:
        t_p = primary.operate_time(i_p, ground)
        t_b = backup.operate_time(i_b, ground)
        margin = t_b - t_p
    return t_p, t_b, margin


def backup_time_after_shots(rec: Device, relay: Device, i_p, i_b, ground: bool) -> np.ndarray:
    """Time the relay still needs at the recloser's last shot, after travelling during the earlier shots
    (0 if it trips before the last shot): min over its elements of (1 - E) * t_element."""
    spec = rec.recloser
    shots = ["fast"] * spec.fast_shots + ["delayed"] * spec.delayed_shots
    on = {"fast": rec.fast_time(i_p, ground) + rec.interrupt_s,
          "delayed": rec.operate_time(i_p, ground) + rec.interrupt_s}
    i_b = np.atleast_1d(np.asarray(i_b, dtype=float))
    out = np.full(i_b.shape, np.inf)
    for s in relay.stages:
        if s.ground and not ground:
            continue
        t_s = s.times(i_b)
        with np.errstate(invalid="ignore", divide="ignore"):
            travel = np.zeros(i_b.shape)
            tripped = np.zeros(i_b.shape, dtype=bool)
            t_r0 = float(s.reset_times(np.zeros(1))[0])
            for k, shot in enumerate(shots[:-1]):
                travel = travel + np.where(np.isfinite(t_s), on[shot] / t_s, 0.0)
                tripped |= travel >= 1.0
                gap = spec.reclose_intervals_s[k]
                travel = np.zeros(i_b.shape) if t_r0 == 0 else np.maximum(0.0, travel - gap / t_r0)
        left = np.where(tripped, 0.0, (1.0 - np.minimum(travel, 1.0)) * t_s)
        out = np.minimum(out, np.where(np.isfinite(t_s), left, np.inf))
    return out


def collect_pairs(topo: Topology, currents: list[FaultCurrents]) -> list[PairData]:
    out = []
    for (p, b), fault_buses in sorted(topo.pairs.items()):
        buses, cases, ip, ib = [], [], [], []
        for fc in currents:
            for j, bus in enumerate(fc.buses):
                if bus in fault_buses and fc.seen_a[p][j] > 0:
                    buses.append(bus)
                    cases.append(fc.case)
                    ip.append(fc.seen_a[p][j])
                    ib.append(fc.seen_a[b][j])
        if buses:
            out.append(PairData(p, b, buses, cases, np.array(ip), np.array(ib)))
    return out


def _ratio_at(pd: PairData, i_p) -> np.ndarray:
    """Backup/primary current ratio at primary currents `i_p`, interpolated on log axes between the
    fault points (constant beyond them)."""
    order = np.argsort(pd.i_p)
    ip, ratio = pd.i_p[order], pd.i_b[order] / pd.i_p[order]
    return np.exp(np.interp(np.log(i_p), np.log(ip), np.log(np.maximum(ratio, 1e-300))))


def sweep(pd: PairData, n: int = N_SWEEP) -> tuple[np.ndarray, np.ndarray]:
    """Primary currents log-spaced over [min, max] and the backup currents by the measured ratio."""
    lo, hi = float(pd.i_p.min()), float(pd.i_p.max())
    grid = np.geomspace(lo, hi, n) if hi > lo * (1 + 1e-9) else np.array([lo])
    return grid, grid * _ratio_at(pd, grid)


def _ranges(grid: np.ndarray, bad: np.ndarray) -> list[tuple[float, float]]:
    out, start = [], None
    for i, flag in enumerate(bad):
        if flag and start is None:
            start = i
        if start is not None and (not flag or i == len(bad) - 1):
            stop = i if flag else i - 1
            out.append((float(grid[start]), float(grid[stop])))
            start = None
    return out


def _crossings(primary, backup, rule, pd, grid, t_p, t_b, ground, rules) -> list[float]:
    """Currents (primary A) where the backup's and the primary's compared curves cross: sign changes of
    scale * t_backup - t_primary on the sweep, refined by brentq."""
    scale = rules.fuse_ratio if rule == "fuse_backup" else 1.0

    def diff(i):
        tp, tb, _ = pair_times(primary, backup, rule, i, i * _ratio_at(pd, i), ground, rules)
        return float(scale * tb[0] - tp[0])

    from scipy.optimize import brentq  # lazy: scipy.optimize costs every CLI/API start ~0.1 s

    vals = scale * t_b - t_p
    ok = np.isfinite(vals[:-1]) & np.isfinite(vals[1:]) & (vals[:-1] * vals[1:] < 0)
    return [float(brentq(diff, grid[j], grid[j + 1], xtol=1e-9 * grid[j])) for j in np.flatnonzero(ok)]


@dataclass
class PairCheck:
    data: PairData
    rule: str
    required_s: float
    points: list[dict]
    grid: np.ndarray
    margins: np.ndarray
    violation_ranges: list[tuple[float, float]]
    primary_no_trip: list[tuple[float, float]]
    crossings_a: list[float]
    suggestions: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.violation_ranges and not self.primary_no_trip


def _num(x: float) -> float | None:
    return float(x) if np.isfinite(x) else None


def check_pair(pd: PairData, devices: dict[str, Device], ground: bool, rules: Rules,
               labels: dict[str, str]) -> PairCheck:
    p, b = devices[pd.primary], devices[pd.backup]
    rule, req = rule_of(p, b, rules)
    t_p, t_b, m = pair_times(p, b, rule, pd.i_p, pd.i_b, ground, rules)
    points = [{"fault_bus": labels.get(bus, bus), "case": case, "i_primary_a": float(ip), "i_backup_a": float(ib),
               "t_primary_s": _num(tp), "t_backup_s": _num(tb), "margin_s": _num(mm) if np.isfinite(tp) else None,
               "ok": bool(np.isfinite(tp) and (not np.isfinite(mm) or mm >= req - 1e-9))}
              for bus, case, ip, ib, tp, tb, mm in zip(pd.buses, pd.cases, pd.i_p, pd.i_b, t_p, t_b, m, strict=True)]
    grid, grid_b = sweep(pd)
    gp, gb, gm = pair_times(p, b, rule, grid, grid_b, ground, rules)
    no_trip = ~np.isfinite(gp)
    bad = np.isfinite(gp) & np.isfinite(gm) & (gm < req - 1e-9)
    check = PairCheck(pd, rule, req, points, grid, np.where(np.isfinite(gp), gm, np.nan), _ranges(grid, bad),
                      _ranges(grid, no_trip), _crossings(p, b, rule, pd, grid, gp, gb, ground, rules))
    if b.kind == "recloser" and p.kind == "fuse" and p.curves.min_melting is not None:
        saved = _ranges(grid, b.fast_time(grid_b, ground) + b.interrupt_s < p.melting_time(grid))
        check.notes.append("fuse saving (the fast curve clears before the fuse melts) " + (
            ", ".join(f"for {lo:.0f}-{hi:.0f} A" for lo, hi in saved) if saved else "nowhere in the fuse's zone"))
    if rule == "fuse_backup" and b.curves.min_melting is None:
        check.notes.append(f"{b.id} has no minimum-melting curve (withheld): the 75 % rule cannot be checked")
    if p.kind == "fuse" or b.kind == "fuse":
        fuse = p if p.kind == "fuse" else b
        curve = fuse.curves.total_clearing if fuse is p else fuse.curves.min_melting
        i_f = pd.i_p if fuse is p else pd.i_b
        if curve is not None and not np.all(curve.in_published_range(i_f)):
            check.notes.append(f"{fuse.id}: fault currents outside the published curve points "
                               f"({curve.i_a[0]:.0f}-{curve.i_a[-1]:.0f} A); the last published time is used")
    check.suggestions = suggest(check, p, b, ground, rules, grid, grid_b, bad)
    return check


# ---- suggested settings ------------------------------------------------------------------------
def _backup_stages(b: Device, ground: bool) -> list[tuple[str, Stage]]:
    fld = "delayed_dial" if b.kind == "recloser" else "dial"
    return [(fld, s) for s in b.timed_stages(ground)]


def suggest(check: PairCheck, p: Device, b: Device, ground: bool, rules: Rules, grid, grid_b, bad) -> list[dict]:
    out: list[dict] = []
    if check.primary_no_trip:
        lo = check.primary_no_trip[0][0]
        out.append({"device": p.id, "element": None, "field": "pickup_a", "value": float(lo),
                    "text": f"{p.id} does not operate below {lo:.0f} A in its zone: lower its pickup below that"})
    if not np.any(bad):
        return out
    ip, ib = grid[bad], grid_b[bad]
    if check.rule == "fuse_backup":
        return out + _suggest_fuse_backup(check, p, b, ground, rules, ip, ib)
    t_p = p.operate_time(ip, ground)
    need = t_p + check.required_s
    for fld, s in _backup_stages(b, ground):
        t_s = s.times(ib)
        short = t_s < need - 1e-12
        if not np.any(short):
            continue
        if s.instantaneous:
            i_max = float(np.max(check.data.i_b))
            out.append({"device": b.id, "element": s.index, "field": "pickup_a", "value": i_max,
                        "text": f"{b.id} element {s.index} ({s.function}) operates at {s.pickup_a:.0f} A: set its "
                                f"pickup above {i_max:.0f} A, the largest current it sees for faults beyond "
                                f"{p.id}"})
            continue
        dial = float(np.max((need[short] - s.adder_s) / s.base_times(ib[short])))
        what = f"{s.function} dial" if b.kind == "relay" else fld
        out.append({"device": b.id, "element": s.index if b.kind == "relay" else None, "field": fld,
                    "value": dial, "text": f"raise {b.id} {what} from {s.dial:g} to at least {dial:.3f} "
                                           f"(CTI {check.required_s:g} s over {p.id})"})
    return out


def _suggest_fuse_backup(check, p: Device, b: Device, ground, rules, ip, ib) -> list[dict]:
    t_clear = p.clearing_time(ip, ground)
    allowed = rules.fuse_ratio * b.melting_time(ib)
    return _slower_primary(p, ground, ip, allowed) + _larger_fuse(b, rules, ib, t_clear)


def _slower_primary(p: Device, ground: bool, ip, allowed) -> list[dict]:
    """Dials at which the primary relay/recloser clears within the allowed share of the fuse's melting."""
    if p.kind not in ("relay", "recloser"):
        return []
    fld = "delayed_dial" if p.kind == "recloser" else "dial"
    stages = [(fld, s) for s in p.timed_stages(ground) if not s.instantaneous]
    out = []
    for fld, s in stages:
        over = s.times(ip) + p.interrupt_s > allowed
        if not np.any(over):
            continue
        dial = float(np.min((allowed[over] - p.interrupt_s - s.adder_s) / s.base_times(ip[over])))
        if dial > 0:
            out.append({"device": p.id, "element": s.index if p.kind == "relay" else None, "field": fld,
                        "value": dial, "text": f"lower {p.id} {s.function} dial to at most {dial:.3f} "
                                               f"(75 % of the backup fuse's melting time)"})
    return out


def _larger_fuse(b: Device, rules: Rules, ib, t_clear) -> list[dict]:
    """The smallest generic link rating, or the next library type of the family, that coordinates."""
    ft = b.curves.fuse_type
    if ft.generic and ft.min_melting:
        def ok(rating: float) -> bool:
            mm = fuse_curves(ft, rating).min_melting
            return mm is not None and bool(np.all(rules.fuse_ratio * mm(ib) >= t_clear))
        lo, hi = b.curves.rated_a, b.curves.rated_a
        for _ in range(60):
            if ok(hi):
                break
            lo, hi = hi, hi * 1.25
        if not ok(hi):
            return []
        for _ in range(50):
            mid = 0.5 * (lo + hi)
            lo, hi = (lo, mid) if ok(mid) else (mid, hi)
        return [{"device": b.id, "element": None, "field": "rated_a", "value": float(hi),
                 "text": f"a {ft.name} link of at least {hi:.1f} A at {b.id} coordinates"}]
    if ft.generic:
        return []
    rated = b.curves.rated_a
    bigger = sorted((t for t in fuse_types().values() if t.family == ft.family and t.rated_a is not None
                     and t.rated_a > rated and t.min_melting), key=lambda t: t.rated_a or 0.0)
    for cand in bigger:
        mm = fuse_curves(cand).min_melting
        if mm is not None and np.all(rules.fuse_ratio * mm(ib) >= t_clear):
            return [{"device": b.id, "element": None, "field": "fuse_type", "value": cand.name,
                     "text": f"fuse type {cand.name} at {b.id} coordinates"}]
    return []
