"""What a solved outage is worth reporting: extremes of |V|, the largest loading, violations, severity.

Loading is `powerflow.results.end_flows`'s: max(|S_from|, |S_to|) / RATE_A x 100 as MATPOWER reports it
(branches without a rating have none); a 3-winding transformer's loading is its most loaded winding.
Voltage limits are each bus's own `min_vm_pu`/`max_vm_pu` (`powerflow.violations.bus_voltage_limits`;
buses fused by closed switches take the tightest band of the group); 3-winding star points are internal
and neither reported nor checked.

Severity (a larger number is worse; the result's `severity_formula` says the same):
    severity = sum over overloaded branches of (loading % - limit %)
             + 1000 x sum over buses outside their band of the distance to the band (pu)
             + load lost to islanding (MW)
and an outage whose power flow does not converge scores NONCONVERGED_SEVERITY, above any other. So a
branch 10 % over its limit weighs as much as a bus 0.01 pu outside its band, or 10 MW of load lost.
Contingencies are ranked by severity, ties by the largest loading, then by outage ids.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..compile import CompiledNetwork
from ..powerflow.results import branch_flows, branch_power, end_flows, loading_percent
from ..powerflow.violations import bus_voltage_limits

NONCONVERGED_SEVERITY = 1e6
VOLTAGE_WEIGHT = 1000.0  # severity points per pu outside the band
SEVERITY_FORMULA = (
    "severity = sum over overloaded branches (loading % - limit %) + 1000 x sum over buses outside their "
    "voltage band (distance to the band, pu) + load lost to islanding (MW); a non-converged outage scores "
    f"{NONCONVERGED_SEVERITY:.0e}. Ranked by severity, then the largest loading.")


#: where a compiled row's terminal flow goes in an element's flow list: (slot, "from" or "to" end of the row).
#: Two-terminal branches [P_from, Q_from, P_to, Q_to]; a 3-winding transformer [P_hv, Q_hv, P_mv, Q_mv, P_lv, Q_lv],
#: each winding's flow at its own bus (the star point is internal).
_TERMINALS = {"transformer3w_hv": ((0, "from"),), "transformer3w_mv": ((1, "to"),),
              "transformer3w_lv": ((2, "to"),)}
_TWO_ENDS = ((0, "from"), (1, "to"))
#: a row's worst-N detail (`Monitor.detail`; None in the other rows)
DETAIL_FIELDS = ("vm_pu", "va_deg", "branch_loading_percent", "branch_flows")


def _opt(x: float) -> float | None:
    return x if math.isfinite(x) else None


def _finite_or_none(x: np.ndarray) -> list:
    """x.tolist() (1-D or 2-D) with None where x is not finite, fixed where it is not (no per-value test)."""
    out = x.tolist()
    bad = np.argwhere(~np.isfinite(x)).tolist()
    if x.ndim == 1:
        for (k,) in bad:
            out[k] = None
    else:
        for k, c in bad:
            out[k][c] = None
    return out


@dataclass
class Detail:
    """A solved outage's state, kept for the worst N of a batch: the compiled voltages, |V| of the reported buses
    (NaN where dead), element loading %, the buses solved and the branch rows out or dead."""

    v: np.ndarray
    vm: np.ndarray
    loading: np.ndarray
    live: np.ndarray
    dead_rows: np.ndarray


class Monitor:
    """Limits and id tables of one compiled network, evaluated per solved voltage vector."""

    def __init__(self, cn: CompiledNetwork, loading_limit_percent: float) -> None:
        self.cn = cn
        self.limit = float(loading_limit_percent)
        n = cn.n_bus
        lo_net, hi_net, _ = bus_voltage_limits(cn.net, None, None)
        self.lo = np.full(n, -np.inf)
        self.hi = np.full(n, np.inf)
        for k, b in enumerate(cn.net.buses):
            c = cn.bus_index.get(b.id)
            if c is not None:
                self.lo[c] = max(self.lo[c], lo_net[k])
                self.hi[c] = min(self.hi[c], hi_net[k])
        self.reported = ~cn.internal_bus
        self.bus_ids = np.array(cn.bus_ids, dtype=object)
        ids = cn.branches.element_id
        self.element_ids, self.element_of_row = np.unique(np.array(ids, dtype=object), return_inverse=True)
        first: dict[str, int] = {}
        for k, e in enumerate(ids):
            first.setdefault(e, k)
        # elements in network (row) order
        order = np.argsort([first[e] for e in self.element_ids], kind="stable")
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        self.element_ids = self.element_ids[order]
        self.element_of_row = rank[self.element_of_row]
        self.load_mw = cn.load_demand(np.ones(n)).real * cn.base_mva
        self.current_rated = bool(np.isfinite(cn.branches.max_i_ka).any())
        rating = cn.branches.rating_mva
        rated = np.isfinite(rating) & (rating > 0)
        self.scale = np.where(rated, 100 * cn.base_mva / np.where(rated, rating, 1.0), 0.0)
        self.kernels: Any = None  # contingency._kernels where numba is used (set by the solver)
        self._reported_ids: tuple[list[str], np.ndarray] | None = None  # full_voltages' keys (made on first use)
        self._element_names: list[str] | None = None

    def element_loading(self, v: np.ndarray, dead_rows: np.ndarray) -> np.ndarray:
        """Loading % per element (NaN: no rating, out, or dead), the max over a 3W transformer's windings."""
        if self.kernels is not None and not self.current_rated:
            br = self.cn.branches
            dead = np.zeros(len(br.f), dtype=np.bool_)
            dead[dead_rows] = True
            loading = np.empty(len(br.f))
            self.kernels.branch_loading(v, br.f, br.t, br.yff, br.yft, br.ytf, br.ytt, self.scale, dead, loading)
        elif self.current_rated:
            loading = end_flows(self.cn, v)[4]
        else:  # no current ratings (MATPOWER cases): the MVA loading alone
            s_f, s_t, _, _ = branch_power(self.cn, v)
            loading = loading_percent(self.cn, s_f, s_t)
        loading[dead_rows] = np.nan
        if len(self.element_ids) == len(loading):  # one row per element, both in row order
            return loading
        out = np.full(len(self.element_ids), -np.inf)
        np.fmax.at(out, self.element_of_row, np.where(np.isfinite(loading), loading, -np.inf))
        out[~np.isfinite(out)] = np.nan
        return out

    def evaluate(self, v: np.ndarray, live: np.ndarray, dead_rows: np.ndarray) -> tuple[dict[str, Any], np.ndarray,
                                                                                          np.ndarray]:
        """(row fields, |V| of the reported buses (NaN where dead), element loading %) at voltages v."""
        show = live & self.reported
        loading = self.element_loading(v, dead_rows)
        fields: dict[str, Any] = {"min_vm_pu": None, "min_vm_bus": None, "max_vm_pu": None, "max_vm_bus": None,
                                  "max_loading_percent": None, "max_loading_branch": None}
        if self.kernels is not None:
            vm = np.empty(len(v))
            flags = np.empty(len(v), dtype=np.int8)
            lo_at, hi_at, _ = self.kernels.voltage_scan(v, show, self.lo, self.hi, vm, flags)
            vm_shown = vm
            low, high = np.flatnonzero(flags < 0), np.flatnonzero(flags > 0)
        else:
            vm = np.abs(v)
            vm_shown = np.where(show, vm, np.nan)
            lo_at, hi_at = (int(np.nanargmin(vm_shown)), int(np.nanargmax(vm_shown))) if show.any() else (-1, -1)
            with np.errstate(invalid="ignore"):
                low = np.flatnonzero(show & (vm < self.lo))
                high = np.flatnonzero(show & (vm > self.hi))
        if lo_at >= 0:
            fields.update(min_vm_pu=float(vm[lo_at]), min_vm_bus=self.cn.bus_ids[lo_at],
                          max_vm_pu=float(vm[hi_at]), max_vm_bus=self.cn.bus_ids[hi_at])
        finite = np.isfinite(loading)
        if finite.any():
            at = int(np.argmax(np.where(finite, loading, -np.inf)))
            fields.update(max_loading_percent=float(loading[at]), max_loading_branch=str(self.element_ids[at]))
        violations: list[dict[str, Any]] = []
        score = 0.0
        over = np.flatnonzero(loading > self.limit)  # NaN compares False
        for b in low.tolist():
            violations.append({"kind": "undervoltage", "element": self.cn.bus_ids[b], "value": float(vm[b]),
                               "limit": float(self.lo[b]), "unit": "pu"})
            score += VOLTAGE_WEIGHT * float(self.lo[b] - vm[b])
        for b in high.tolist():
            violations.append({"kind": "overvoltage", "element": self.cn.bus_ids[b], "value": float(vm[b]),
                               "limit": float(self.hi[b]), "unit": "pu"})
            score += VOLTAGE_WEIGHT * float(vm[b] - self.hi[b])
        for e in over.tolist():
            violations.append({"kind": "overload", "element": str(self.element_ids[e]), "value": float(loading[e]),
                               "limit": self.limit, "unit": "%"})
            score += float(loading[e] - self.limit)
        fields["violations"] = violations
        fields["severity"] = score
        return fields, vm_shown, loading

    def full_voltages(self, vm_shown: np.ndarray) -> dict[str, float | None]:
        if self._reported_ids is None:
            keep = np.flatnonzero(self.reported)
            self._reported_ids = ([str(self.bus_ids[b]) for b in keep.tolist()], keep)
        ids, keep = self._reported_ids
        return dict(zip(ids, _finite_or_none(vm_shown[keep]), strict=True))

    @property
    def element_names(self) -> list[str]:
        """The element ids as str, in element order (made once)."""
        if self._element_names is None:
            self._element_names = [str(e) for e in self.element_ids.tolist()]
        return self._element_names

    def full_loading(self, loading: np.ndarray) -> dict[str, float | None]:
        return dict(zip(self.element_names, _finite_or_none(loading), strict=True))

    def full_angles(self, v: np.ndarray, vm_shown: np.ndarray) -> dict[str, float | None]:
        """Voltage angle of every reported bus, degrees (None where dead), from the same reference as the base case
        (a moved reference keeps its base-case angle)."""
        va = np.where(np.isfinite(vm_shown), np.rad2deg(np.angle(v)), np.nan)
        return self.full_voltages(va)

    def full_flows(self, v: np.ndarray, live: np.ndarray, dead_rows: np.ndarray) -> dict[str, list[float | None]]:
        """P and Q into every branch at each of its ends, MW and Mvar (`powerflow.results.branch_flows`, the power
        flow's formula): [P_from, Q_from, P_to, Q_to], a 3-winding transformer [P_hv, Q_hv, P_mv, Q_mv, P_lv,
        Q_lv]; None where the row is out or dead (the outaged elements, branches of islanded buses)."""
        fl = branch_flows(self.cn, v, live)
        ends = {"from": fl["s_f"].astype(complex), "to": fl["s_t"].astype(complex)}
        gone = np.zeros(len(fl["ids"]), dtype=bool)
        gone[dead_rows] = True
        for s in ends.values():
            s[gone] = complex(np.nan, np.nan)
        if not any(kind in _TERMINALS for kind in fl["kind"]):  # two ends each: one list per row, made at once
            f, t = ends["from"], ends["to"]
            lists = _finite_or_none(np.column_stack([f.real, f.imag, t.real, t.imag]))
            return dict(zip((str(e) for e in fl["ids"]), lists, strict=True))
        cols = {k: (s.real.tolist(), s.imag.tolist()) for k, s in ends.items()}
        out: dict[str, list[float | None]] = {}
        for k, (eid, kind) in enumerate(zip(fl["ids"], fl["kind"], strict=True)):
            terminals = _TERMINALS.get(kind, _TWO_ENDS)
            flows = out.setdefault(str(eid), [None] * (6 if kind in _TERMINALS else 4))
            for slot, end in terminals:
                p, q = cols[end][0][k], cols[end][1][k]
                flows[2 * slot], flows[2 * slot + 1] = _opt(p), _opt(q)
        return out

    def detail(self, d: Detail) -> dict[str, Any]:
        """The worst-N fields of a row: |V| and angle per bus, loading and end flows per branch."""
        return {"vm_pu": self.full_voltages(d.vm), "va_deg": self.full_angles(d.v, d.vm),
                "branch_loading_percent": self.full_loading(d.loading),
                "branch_flows": self.full_flows(d.v, d.live, d.dead_rows)}
