"""Protective devices of a network as time functions of the current they see (primary amperes).

A relay trips at the fastest of its in-service elements: 51/50 on the phase current, 51N/50N on the
residual current (used for earth faults only). A fuse operates on its total-clearing curve and, as a
backup, is judged by its minimum-melting curve. A recloser clears a permanent fault on its delayed
curve; its fast curve is what fuse saving compares with. Breaker and recloser interrupting times are
added to operate times to give clearing times.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..errors import InvalidNetworkError, StudyInputError
from ..model import Fuse, Network, OvercurrentElement, Recloser, Relay
from .curves import RESET_MODELS, Curve, get_curve, operate_time, reset_time
from .fuses import FuseCurves, fuse_curves

GROUND_FUNCTIONS = ("51N", "50N")


@dataclass
class Stage:
    """One in-service relay element with its pickup resolved to primary amperes."""

    index: int  # position in the relay's `elements`
    function: str
    curve: Curve
    pickup_a: float
    dial: float
    adder_s: float
    reset: str
    reset_model: str | None
    spec: OvercurrentElement

    @property
    def ground(self) -> bool:
        return self.function in GROUND_FUNCTIONS

    @property
    def instantaneous(self) -> bool:
        return self.function in ("50", "50N")

    def times(self, current_a, dial: float | None = None, pickup_a: float | None = None) -> np.ndarray:
        """Operate times (s) at `current_a`, always an array (1-d for a scalar current, like the curves')."""
        m = np.atleast_1d(np.asarray(current_a, dtype=float)) / (pickup_a or self.pickup_a)
        if self.instantaneous:
            t = np.where(m > 1.0, self.spec.delay_s, np.inf)
        else:
            t = operate_time(self.curve, m, self.dial if dial is None else dial)
        return t + self.adder_s

    def base_times(self, current_a, pickup_a: float | None = None) -> np.ndarray:
        """The curve at dial 1 without the adder: t = dial * base + adder for dial-proportional curves."""
        return operate_time(self.curve, np.asarray(current_a, dtype=float) / (pickup_a or self.pickup_a), 1.0)

    def reset_times(self, current_a) -> np.ndarray:
        m = np.asarray(current_a, dtype=float) / self.pickup_a
        if self.reset == "instantaneous" or self.instantaneous:
            return np.where(m < 1.0, 0.0, np.nan)
        return reset_time(self.curve, m, self.dial, self.reset_model)


@dataclass
class Device:
    """A relay, fuse or recloser: kind, location and time characteristics."""

    id: str
    kind: str  # "relay" | "fuse" | "recloser"
    branch: str | None
    bus: str | None
    switch: str | None
    interrupt_s: float = 0.0
    stages: list[Stage] = field(default_factory=list)  # relay elements
    fuse: FuseCurves | None = None
    fast_stages: list[Stage] = field(default_factory=list)  # recloser: phase (and ground) fast curves
    delayed_stages: list[Stage] = field(default_factory=list)  # recloser: phase (and ground) delayed curves
    spec: Relay | Fuse | Recloser | None = None

    @property
    def curves(self) -> FuseCurves:
        if self.fuse is None:
            raise TypeError(f"{self.id} is not a fuse")
        return self.fuse

    @property
    def recloser(self) -> Recloser:
        if not isinstance(self.spec, Recloser):
            raise TypeError(f"{self.id} is not a recloser")
        return self.spec

    def timed_stages(self, ground: bool) -> list[Stage]:
        """The elements acting on this fault type (relay elements, or a recloser's delayed curves)."""
        stages = self.delayed_stages if self.kind == "recloser" else self.stages
        return [s for s in stages if ground or not s.ground]

    @staticmethod
    def _fastest(stages: list[Stage], i: np.ndarray) -> np.ndarray:
        t = np.full(i.shape, np.inf)
        for s in stages:
            t = np.minimum(t, s.times(i))
        return t

    def operate_time(self, current_a, ground: bool = False) -> np.ndarray:
        """Relay: fastest element; fuse: total clearing; recloser: delayed curve (final trip)."""
        i = np.atleast_1d(np.asarray(current_a, dtype=float))
        if self.kind == "fuse":
            tc = self.curves.total_clearing
            return tc(i) if tc is not None else np.full(i.shape, np.nan)
        return self._fastest(self.timed_stages(ground), i)

    def clearing_time(self, current_a, ground: bool = False) -> np.ndarray:
        return self.operate_time(current_a, ground) + self.interrupt_s

    def melting_time(self, current_a) -> np.ndarray:
        i = np.atleast_1d(np.asarray(current_a, dtype=float))
        mm = self.fuse.min_melting if self.fuse is not None else None
        return mm(i) if mm is not None else np.full(i.shape, np.nan)

    def fast_time(self, current_a, ground: bool = False) -> np.ndarray:
        i = np.atleast_1d(np.asarray(current_a, dtype=float))
        return self._fastest([s for s in self.fast_stages if ground or not s.ground], i)

    def pickups_a(self) -> list[float]:
        """Currents where the characteristic steps (for sampling TCCs sharply)."""
        if self.kind == "fuse":
            return [float(c.i_a[0]) for c in (self.curves.min_melting, self.curves.total_clearing) if c is not None]
        return sorted({s.pickup_a for s in self.stages + self.fast_stages + self.delayed_stages})


def _stage(relay_id: str, k: int, el: OvercurrentElement, ct_ratio: float) -> Stage:
    where = f"elements.{k}"
    pickup = el.pickup_a if el.pickup_a is not None else (el.tap_a or 0.0) * ct_ratio
    curve = get_curve(el.curve, element_id=relay_id, field_name=f"{where}.curve") if el.function in ("51", "51N") \
        else get_curve("DT")
    if el.reset == "timed" and el.function in ("51", "51N"):
        model = el.reset_model or curve.default_reset_model
        if model not in RESET_MODELS or curve.name not in RESET_MODELS[model]:
            raise InvalidNetworkError(f"no timed-reset constants for curve {curve.name} in model '{model}'",
                                      element_id=relay_id, field=f"{where}.reset_model")
    return Stage(k, el.function, curve, float(pickup), el.dial, el.adder_s, el.reset, el.reset_model, el)


def _relay(r: Relay) -> Device:
    stages = [_stage(r.id, k, el, r.ct_ratio()) for k, el in enumerate(r.elements) if el.in_service]
    if not stages:
        raise InvalidNetworkError("relay has no in-service element", element_id=r.id, field="elements")
    return Device(r.id, "relay", r.branch, r.bus, r.switch, r.breaker_time_s, stages=stages, spec=r)


def _recloser_stage(rc: Recloser, k: int, name: str, curve: str, dial: float, pickup: float) -> Stage:
    c = get_curve(curve, element_id=rc.id, field_name=f"{name}_curve")
    spec = OvercurrentElement(function="51N" if "ground" in name else "51", curve=c.name, pickup_a=pickup, dial=dial)
    return Stage(k, spec.function, c, pickup, dial, 0.0, "instantaneous", None, spec)


def _recloser(rc: Recloser) -> Device:
    dev = Device(rc.id, "recloser", rc.branch, rc.bus, rc.switch, rc.interrupting_time_s, spec=rc)
    dev.fast_stages = [_recloser_stage(rc, 0, "fast", rc.fast_curve, rc.fast_dial, rc.pickup_a)]
    dev.delayed_stages = [_recloser_stage(rc, 1, "delayed", rc.delayed_curve, rc.delayed_dial, rc.pickup_a)]
    if rc.ground_pickup_a is not None:
        dev.fast_stages.append(_recloser_stage(rc, 2, "ground_fast", rc.fast_curve, rc.fast_dial, rc.ground_pickup_a))
        dev.delayed_stages.append(_recloser_stage(rc, 3, "ground_delayed", rc.delayed_curve, rc.delayed_dial,
                                                  rc.ground_pickup_a))
    return dev


def build_devices(net: Network) -> dict[str, Device]:
    """Every in-service relay, fuse and recloser, keyed by id; bad curve or fuse names raise with the id."""
    devices: dict[str, Device] = {}
    try:
        for r in net.relays:
            if r.in_service:
                devices[r.id] = _relay(r)
        for f in net.fuses:
            if f.in_service:
                devices[f.id] = Device(f.id, "fuse", f.branch, f.bus, f.switch,
                                       fuse=fuse_curves(f.fuse_type, f.rated_a, element_id=f.id), spec=f)
        for rc in net.reclosers:
            if rc.in_service:
                devices[rc.id] = _recloser(rc)
    except StudyInputError as exc:
        raise InvalidNetworkError(exc.message, element_id=exc.element_id, field=exc.field) from None
    return devices
