"""Time-current data: the operate times of one curve setting, and devices' curves sampled on log axes.

`tcc` is a pure function (no network): what the CLI prints and what a browser TCC view can call
while a curve is dragged. `sample_device` gives a device's curves as (current, time) lists with the
steps at pickups kept sharp; times are None where the device does not operate.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..errors import StudyInputError
from .curves import get_curve, operate_time
from .devices import Device


def _opt(t: float) -> float | None:
    return float(t) if np.isfinite(t) else None


def tcc(curve: str, pickup_a: float, dial: float, currents_a: Sequence[float], adder_s: float = 0.0) -> dict:
    """Operate times (s) of `curve` at `currents_a` (A) for a pickup (A) and dial; None below pickup."""
    c = get_curve(curve)
    if not pickup_a > 0:
        raise StudyInputError("pickup must be positive", field="pickup_a")
    if not dial >= 0:
        raise StudyInputError("dial must not be negative", field="dial")
    i = np.asarray(list(currents_a), dtype=float)
    if i.size and (not np.all(np.isfinite(i)) or np.any(i < 0)):
        raise StudyInputError("currents must be finite and not negative", field="current")
    t = operate_time(c, i / pickup_a, dial) + adder_s if i.size else np.zeros(0)
    return {"curve": c.name, "pickup_a": float(pickup_a), "dial": float(dial), "times_s": [_opt(x) for x in t]}


def current_grid(i_lo: float, i_hi: float, n: int, steps: Sequence[float] = ()) -> np.ndarray:
    """Log-spaced currents plus each step current and a hair above it (vertical segments stay vertical)."""
    grid = np.geomspace(i_lo, max(i_hi, i_lo * 1.0001), n)
    extra = [s for s in steps if i_lo <= s <= i_hi] + [s * (1 + 1e-6) for s in steps if i_lo <= s * (1 + 1e-6) <= i_hi]
    return np.unique(np.concatenate([grid, extra]))


def _curve(name: str, i: np.ndarray, t: np.ndarray) -> dict:
    return {"name": name, "i_a": [float(x) for x in i], "t_s": [_opt(x) for x in t]}


def sample_device(dev: Device, i_hi: float, n: int = 60) -> list[dict]:
    """The curves a TCC draws for a device, from its lowest pickup to `i_hi` amperes."""
    steps = dev.pickups_a()
    grid = current_grid(min(steps) if steps else 1.0, i_hi, n, steps)
    if dev.kind == "fuse":
        named = (("min_melting", dev.curves.min_melting), ("total_clearing", dev.curves.total_clearing))
        return [_curve(name, grid, c(grid)) for name, c in named if c is not None]
    if dev.kind == "recloser":
        return [_curve("fast", grid, dev.fast_time(grid)), _curve("delayed", grid, dev.operate_time(grid)),
                _curve("delayed_clearing", grid, dev.clearing_time(grid))]
    out = [_curve("operate", grid, dev.operate_time(grid)), _curve("clearing", grid, dev.clearing_time(grid))]
    if any(s.ground for s in dev.stages):
        ground = [s for s in dev.stages if s.ground]
        t = np.min([s.times(grid) for s in ground], axis=0)
        out.append(_curve("operate_ground", grid, t))
    return out
