"""Limit checks on a power-flow result: the voltage band and branch overloads, as a study summary.

Voltage limits are the request's band (`vmin_pu`/`vmax_pu`, 0.95/1.05 pu for the one not given) or,
by default, each bus's own `min_vm_pu`/`max_vm_pu`. De-energized buses are not violations (they are
reported as de-energized), and a result that did not converge has no violations to report.
"""

from __future__ import annotations

import numpy as np

from ..model import Network
from .results import PowerFlowResult

LISTED = 100  # violations listed in a summary; the counts are complete


def bus_voltage_limits(net: Network, vmin_pu: float | None,
                       vmax_pu: float | None) -> tuple[np.ndarray, np.ndarray, str]:
    """(min, max) |V| per bus of `net` in its order, and which limits they are."""
    if vmin_pu is not None or vmax_pu is not None:
        n = len(net.buses)
        lo = 0.95 if vmin_pu is None else vmin_pu
        hi = 1.05 if vmax_pu is None else vmax_pu
        return np.full(n, lo), np.full(n, hi), "parameters"
    lo_b = np.array([b.min_vm_pu for b in net.buses], dtype=float)
    hi_b = np.array([b.max_vm_pu for b in net.buses], dtype=float)
    return lo_b, hi_b, "per bus"


def _finite(x: float) -> float | None:
    return float(x) if np.isfinite(x) else None


def summarize(result: PowerFlowResult, net: Network, *, vmin_pu: float | None = None, vmax_pu: float | None = None,
              max_loading_percent: float = 100.0) -> dict:
    """The `PowerFlowSummary` of a result (see powerflow/models.py)."""
    lo, hi, which = bus_voltage_limits(net, vmin_pu, vmax_pu)
    vm = result.vm_pu
    live = result.energized & np.isfinite(vm)
    check = live if result.converged else np.zeros_like(live)
    low = check & (vm < lo)
    high = check & (vm > hi)
    bad_v = np.flatnonzero(low | high)
    loading = result.loading_percent
    with np.errstate(invalid="ignore"):
        over = np.flatnonzero((loading > max_loading_percent) & result.converged)
    totals = result.totals()
    return {
        "converged": result.converged,
        "iterations": result.iterations,
        "method": result.method,
        "wall_time_s": result.wall_time_s,
        "losses_mw": _finite(totals["losses_mw"]),
        "generation_mw": _finite(totals["generation_mw"]),
        "load_mw": _finite(totals["load_mw"]),
        "min_vm_pu": float(vm[live].min()) if live.any() else None,
        "max_vm_pu": float(vm[live].max()) if live.any() else None,
        "voltage_limits": which,
        "voltage_violation_count": int(len(bad_v)),
        "voltage_violations": [
            {"bus_id": result.bus_ids[k], "vm_pu": float(vm[k]), "limit": "low" if low[k] else "high",
             "min_vm_pu": float(lo[k]), "max_vm_pu": float(hi[k])} for k in bad_v[:LISTED]],
        "loading_limit_percent": float(max_loading_percent),
        "loading_violation_count": int(len(over)),
        "loading_violations": [{"branch_id": result.branch_ids[k], "loading_percent": float(loading[k])}
                               for k in over[:LISTED]],
        "bus_count": len(result.bus_ids),
        "branch_count": len(result.branch_ids),
    }
