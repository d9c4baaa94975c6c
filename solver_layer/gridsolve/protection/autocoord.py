"""Automatic coordination: time dials (and pickups from allowed lists) that minimise the total
operating time of the primaries subject to the coordination constraints at the fault currents.

For fixed pickups an inverse or definite-time element's time is linear in its dial,
t(I) = dial * base(I / I_pickup) + adder, so the problem is a linear programme in the dials
(scipy.optimize.linprog, HiGHS). With a list of allowed pickups per element it becomes a
mixed-integer linear programme (scipy.optimize.milp): one binary z_k per option and w_k = dial * z_k
(exact linearisation, lo z_k <= w_k <= hi z_k, dial = sum w_k); a dial step makes the dial an
integer multiple of the step. Constraints, per pair and check current (the pair's fault points and
a log grid between its minimum and maximum): backup time - primary time >= CTI, or the primary's
clearing time <= 75 % of a backup fuse's melting time, and every primary must operate at every fault
in its zone. Elements that are not adjustable, fuses and instantaneous elements enter as constants
(a fixed element that picks up is assumed to be the one that operates). When no setting satisfies
every constraint, a second programme minimises the total shortfall and reports it per pair.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .coordination import PairData, Rules, rule_of, sweep
from .devices import Device, Stage
from .faults import FaultCurrents
from .topology import Topology

N_GRID = 24
BIG = 1e4


@dataclass
class Adjustable:
    """One adjustable 51/51N element: pickup options, dial range and its columns in the programme."""

    device: str
    stage: Stage
    pickups: list[float]
    lo: float
    hi: float
    step: float | None
    w: list[int] = field(default_factory=list)  # dial column per option
    z: list[int] | None = None  # binary column per option (None: single option, continuous)
    n: int | None = None  # integer step column


class Programme:
    """Rows of  sum(coef * x) >= rhs  over the dial/option columns."""

    def __init__(self) -> None:
        self.ncol = 0
        self.lb: list[float] = []
        self.ub: list[float] = []
        self.integer: list[int] = []
        # coefs, rhs, label, pair group (None: structural row), primary current (A)
        self.rows: list[tuple[dict[int, float], float, str, str | None, float]] = []
        self.objective: dict[int, float] = {}

    def col(self, lb: float, ub: float, integer: int = 0) -> int:
        self.lb.append(lb)
        self.ub.append(ub)
        self.integer.append(integer)
        self.ncol += 1
        return self.ncol - 1

    def ge(self, coefs: dict[int, float], rhs: float, label: str, group: str | None = None,
           current_a: float = 0.0) -> None:
        self.rows.append((coefs, rhs, label, group, current_a))


def adjustables(devices: dict[str, Device], ground: bool) -> dict[str, Adjustable]:
    """The first adjustable time-overcurrent element of the study's family (phase or ground) per relay."""
    out = {}
    for dev in devices.values():
        if dev.kind != "relay":
            continue
        for s in dev.stages:
            el = s.spec
            if s.instantaneous or s.ground != ground or (el.dial_min is None and el.pickup_options_a is None):
                continue
            lo = el.dial_min if el.dial_min is not None else s.dial
            hi = el.dial_max if el.dial_max is not None else max(s.dial, lo)
            pickups = sorted(el.pickup_options_a) if el.pickup_options_a else [s.pickup_a]
            out[dev.id] = Adjustable(dev.id, s, pickups, lo, hi, el.dial_step)
            break
    return out


def _add_columns(prog: Programme, adj: dict[str, Adjustable]) -> None:
    for a in adj.values():
        k = len(a.pickups)
        a.w = [prog.col(0.0 if k > 1 else a.lo, a.hi) for _ in range(k)]
        if k > 1:
            a.z = [prog.col(0.0, 1.0, 1) for _ in range(k)]
            prog.ge({a.z[j]: 1.0 for j in range(k)}, 1.0, f"{a.device}: one pickup")
            prog.ge({a.z[j]: -1.0 for j in range(k)}, -1.0, f"{a.device}: one pickup")
            for j in range(k):  # lo z <= w <= hi z
                prog.ge({a.w[j]: 1.0, a.z[j]: -a.lo}, 0.0, f"{a.device}: dial range")
                prog.ge({a.w[j]: -1.0, a.z[j]: a.hi}, 0.0, f"{a.device}: dial range")
        if a.step:
            a.n = prog.col(0.0, np.floor((a.hi - a.lo) / a.step + 1e-9), 1)
            coefs = {c: 1.0 for c in a.w} | {a.n: -a.step}
            prog.ge(coefs, a.lo, f"{a.device}: dial step")
            prog.ge({c: -v for c, v in coefs.items()}, -a.lo, f"{a.device}: dial step")


@dataclass
class TimeForm:
    """A device's time at one current: constant, or adder + sum(coef * column) (+ big-M relaxations)."""

    const: float
    coefs: dict[int, float] = field(default_factory=dict)
    no_pickup: list[int] = field(default_factory=list)  # option binaries under which it does not operate

    @property
    def linear(self) -> bool:
        return bool(self.coefs)


def _fixed_time(dev: Device, i: float, ground: bool, role: str, skip: Stage | None) -> float:
    if dev.kind == "fuse":
        return float(dev.melting_time(i)[0] if role == "melting" else dev.operate_time(i)[0])
    if dev.kind == "recloser":
        return float(dev.operate_time(i, ground)[0])
    times = [s.times(i)[0] for s in dev.stages if (ground or not s.ground) and s is not skip]
    return float(min(times, default=np.inf))


def time_form(dev: Device, a: Adjustable | None, i: float, ground: bool, role: str = "operate") -> TimeForm:
    fixed = _fixed_time(dev, i, ground, role, a.stage if a else None)
    if a is None:
        return TimeForm(fixed)
    base = [float(a.stage.base_times(i, p)[0]) for p in a.pickups]
    finite = [b for b in base if np.isfinite(b)]
    if np.isfinite(fixed) and (not finite or fixed <= a.lo * min(finite) + a.stage.adder_s):
        return TimeForm(fixed)
    form = TimeForm(a.stage.adder_s)
    for j, b in enumerate(base):
        if np.isfinite(b):
            form.coefs[a.w[j]] = b
        elif a.z is not None:
            form.no_pickup.append(a.z[j])
    return form


def _require(prog: Programme, lhs: TimeForm, rhs: TimeForm, gap: float, group: str, current_a: float,
             fixed_bad: list) -> None:
    """lhs - rhs >= gap (times in s); lhs's 'does not operate' options relax the row."""
    coefs = dict(lhs.coefs)
    for c, v in rhs.coefs.items():
        coefs[c] = coefs.get(c, 0.0) - v
    const = lhs.const - rhs.const
    if not np.isfinite(rhs.const) or (not lhs.coefs and not np.isfinite(lhs.const)):
        return  # primary never operates here (a sensitivity issue) or the backup never operates
    if not coefs:
        if const < gap - 1e-9:
            fixed_bad.append((group, gap - const, current_a))
        return
    big = BIG + gap
    for z in lhs.no_pickup:
        coefs[z] = coefs.get(z, 0.0) + big
    prog.ge(coefs, gap - const, f"{group} at {current_a:.0f} A", group, current_a)


def _pair_rows(prog, pd: PairData, devices, adj, ground, rules: Rules, fixed_bad) -> None:
    p, b = devices[pd.primary], devices[pd.backup]
    rule, req = rule_of(p, b, rules)
    grid, grid_b = sweep(pd, N_GRID)
    currents = list(zip(pd.i_p, pd.i_b, strict=True)) + list(zip(grid, grid_b, strict=True))
    for ip, ib in currents:
        group = f"{b.id} over {p.id}"
        if rule == "fuse_backup":
            t_p = time_form(p, adj.get(p.id), ip, ground)
            t_p.const += p.interrupt_s
            allowed = TimeForm(rules.fuse_ratio * _fixed_time(b, ib, ground, "melting", None))
            _require(prog, allowed, t_p, 0.0, group, ip, fixed_bad)
            continue
        t_p = time_form(p, adj.get(p.id), ip, ground)
        a_b = adj.get(b.id)
        t_b = time_form(b, a_b, ib, ground)
        _require(prog, t_b, t_p, req, group, ip, fixed_bad)
        if a_b is not None and t_b.linear:  # fixed elements of the backup must not undercut either
            fixed_b = TimeForm(_fixed_time(b, ib, ground, "operate", a_b.stage))
            if np.isfinite(fixed_b.const):
                _require(prog, fixed_b, t_p, req, group + " (fixed elements)", ip, fixed_bad)


def _zone_rows(prog, topo: Topology, currents: list[FaultCurrents], devices, adj, ground, fixed_bad) -> None:
    """Primaries must operate in their zones (pickup options that would not are barred); their times
    at the zone's maximum-case faults are the objective."""
    for dev_id, a in adj.items():
        zone = topo.zones.get(dev_id, set())
        barred: set[int] = set()
        for fc in currents:
            for j, bus in enumerate(fc.buses):
                i = fc.seen_a[dev_id][j]
                if bus not in zone or i <= 0:
                    continue
                form = time_form(devices[dev_id], a, i, ground)
                barred.update(form.no_pickup)
                if not form.linear and not np.isfinite(form.const):
                    fixed_bad.append((f"{dev_id} does not operate in its zone", np.inf, i))
                if fc.case == "max":
                    for c, v in form.coefs.items():
                        prog.objective[c] = prog.objective.get(c, 0.0) + v
        if a.z is not None and len(barred) == len(a.z):
            fixed_bad.append((f"{dev_id}: no pickup option operates at every fault in its zone", np.inf, 0.0))
        elif a.z is not None:
            for zcol in barred:
                prog.ub[zcol] = 0.0


def _solve(prog: Programme, slack: bool):
    """Solve; with slack=True one slack (s) per pair, added to all its rows, minimising their sum."""
    nrow = len(prog.rows)
    groups = sorted({row[3] for row in prog.rows if row[3] is not None}) if slack else []
    gcol = {g: prog.ncol + k for k, g in enumerate(groups)}
    ncol = prog.ncol + len(groups)
    a = np.zeros((nrow, ncol))
    rhs = np.zeros(nrow)
    for r, (coefs, b, _, group, _) in enumerate(prog.rows):
        for c, v in coefs.items():
            a[r, c] += v
        rhs[r] = b
        if group in gcol:
            a[r, gcol[group]] = 1.0
    cost = np.zeros(ncol)
    if slack:
        cost[prog.ncol:] = 1.0
    else:
        for c, v in prog.objective.items():
            cost[c] = v
    lb = np.array(prog.lb + [0.0] * len(groups))
    ub = np.array(prog.ub + [np.inf] * len(groups))
    integrality = np.array(prog.integer + [0] * len(groups))
    from scipy.optimize import Bounds, LinearConstraint, linprog, milp  # lazy: scipy.optimize costs every start ~0.1 s

    if integrality.any():
        res = milp(cost, constraints=[LinearConstraint(a, rhs, np.inf)] if nrow else [],
                   integrality=integrality, bounds=Bounds(lb, ub))
        method = "milp"
    else:
        res = linprog(cost, A_ub=-a if nrow else None, b_ub=-rhs if nrow else None,
                      bounds=list(zip(lb, ub, strict=True)), method="highs")
        method = "linprog"
    return res, method, gcol


def _unmet(fixed_bad: list[tuple[str, float, float]]) -> list[dict]:
    """One entry per constraint group: largest shortfall and the primary currents where it occurs."""
    out: dict[str, dict] = {}
    for group, gap, i in fixed_bad:
        e = out.setdefault(group, {"constraint": group, "shortfall_s": gap, "i_from_a": i, "i_to_a": i})
        e["shortfall_s"] = max(e["shortfall_s"], gap)
        e["i_from_a"], e["i_to_a"] = min(e["i_from_a"], i), max(e["i_to_a"], i)
    for e in out.values():
        if not np.isfinite(e["shortfall_s"]):
            e["shortfall_s"] = None
    return list(out.values())


def coordinate(devices: dict[str, Device], topo: Topology, pairs: list[PairData], currents: list[FaultCurrents],
               ground: bool, rules: Rules) -> dict:
    """Optimal dials/pickups, or the constraints no setting can meet."""
    adj = adjustables(devices, ground)
    if not adj:
        return {"status": "nothing_to_adjust", "method": None, "settings": [], "objective_s": None, "unmet": [],
                "message": "no relay element has a dial range (dial_min/dial_max) or pickup options"}
    prog = Programme()
    _add_columns(prog, adj)
    fixed_bad: list[tuple[str, float, float]] = []
    for pd in pairs:
        _pair_rows(prog, pd, devices, adj, ground, rules, fixed_bad)
    _zone_rows(prog, topo, currents, devices, adj, ground, fixed_bad)
    res, method, _ = _solve(prog, slack=False)
    fixed = _unmet(fixed_bad)
    size = f"{method} (HiGHS): {len(prog.rows)} constraints, {prog.ncol} variables"
    if res.status == 0:
        return {"status": "optimal" if not fixed else "optimal_except_fixed", "method": method,
                "settings": _settings(adj, res.x), "objective_s": float(res.fun), "unmet": fixed,
                "message": size + ("" if not fixed else "; the listed constraints involve only fixed settings "
                                   "or pickups and cannot be met by any dial")}
    res_s, method, gcol = _solve(prog, slack=True)
    unmet, best = fixed, []
    if res_s.status == 0:
        short: list[tuple[str, float, float]] = []
        for coefs, b, _, group, i in prog.rows:
            if group is None or res_s.x[gcol[group]] <= 1e-7:
                continue
            lhs = sum(v * res_s.x[c] for c, v in coefs.items())
            if lhs < b - 1e-7:  # this row needs its pair's slack
                short.append((group, b - lhs, i))
        unmet = fixed + _unmet(short)
        best = _settings(adj, res_s.x[:prog.ncol])
    return {"status": "infeasible", "method": method, "settings": best, "objective_s": None, "unmet": unmet,
            "message": "no setting within the allowed ranges meets every constraint"
                       + ("; the settings shown minimise the sum of the pairs' shortfalls" if best else "")}


def _settings(adj: dict[str, Adjustable], x: np.ndarray) -> list[dict]:
    out = []
    for a in adj.values():
        if a.z is None:
            k = 0
        else:
            k = int(np.argmax([x[c] for c in a.z]))
        dial = float(sum(x[c] for c in a.w))
        if a.step:
            dial = a.lo + a.step * round((dial - a.lo) / a.step)
        out.append({"device": a.device, "element": a.stage.index, "function": a.stage.function,
                    "dial_before": a.stage.dial, "dial_after": dial, "pickup_before_a": a.stage.pickup_a,
                    "pickup_after_a": a.pickups[k]})
    return out
