"""Regulator and capacitor controls with OpenDSS's snapshot ("static") control-loop semantics.

OpenDSS (Solution.pas SolveSnap, ControlQueue.pas, RegControl.pas Sample/DoPendingAction):
solve; every enabled control samples in definition order; an out-of-band control that is not
yet armed computes its tap change, pushes an action at t + delay and arms; one that is back in
band deletes its action. Then only the actions with the earliest time run ("DoNearestActions").
A regulator action moves 70 % of the computed change but at least one step and at most
`max_tap_change` steps. The loop ends when no action is queued or at max control iterations.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import elements as el
from .compile import System
from .model import CapControl, RegControl, Transformer


@dataclass
class Action:
    time_s: float
    seq: int
    control: object


@dataclass
class Queue:
    items: list[Action] = field(default_factory=list)
    counter: int = 0

    def push(self, delay: float, control: object) -> Action:
        self.counter += 1
        act = Action(delay, self.counter, control)
        self.items.append(act)
        self.items.sort(key=lambda a: (a.time_s, a.seq))
        return act

    def delete(self, act: Action | None) -> None:
        if act in self.items:
            self.items.remove(act)

    def pop_nearest(self) -> list[Action]:
        if not self.items:
            return []
        t = self.items[0].time_s
        out = [a for a in self.items if a.time_s <= t]
        self.items = [a for a in self.items if a.time_s > t]
        return out


def terminal_values(system: System, prim_index: int, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Conductor voltages and currents into the element (Yprim V) of one primitive."""
    pr = system.prims[prim_index]
    vt = np.where(pr.nodes >= 0, np.append(v, 0)[pr.nodes], 0)
    return vt, pr.y @ vt


class RegulatorState:
    """One RegControl: the controlled winding's tap, its limits and the pending action."""

    def __init__(self, rc: RegControl, tr: Transformer) -> None:
        self.rc, self.tr = rc, tr
        self.winding = rc.winding
        self.tap_winding = rc.tap_winding or rc.winding
        w = tr.windings[self.tap_winding - 1]
        self.min_tap, self.max_tap = w.min_tap_pu, w.max_tap_pu
        self.increment = (w.max_tap_pu - w.min_tap_pu) / w.num_taps if w.num_taps else 0.0
        self.pending = 0.0
        self.action: Action | None = None

    def taps(self, system: System) -> np.ndarray:
        return system.taps[self.tr.id]

    def tap_step_of(self, tap: float) -> int:
        """Tap position in steps from the middle of the range (OpenDSS RegControl TapNum)."""
        return int(round((tap - (self.max_tap + self.min_tap) / 2) / self.increment)) if self.increment else 0

    def control_voltage(self, system: System, v: np.ndarray) -> complex:
        """PT-secondary voltage with line-drop compensation, as RegControl.Sample computes it."""
        k = system.tr_prim[self.tr.id]
        vt, it = terminal_values(system, k, v)
        vw = el.winding_voltages(self.tr, self.winding, vt)
        pt = self.rc.pt_phase
        if pt == "max":
            phase = int(np.argmax(np.abs(vw)))
        elif pt == "min":
            phase = int(np.argmin(np.abs(vw)))
        else:
            phase = min(pt, self.tr.n_phases) - 1
        vc = vw[phase] / self.rc.pt_ratio
        if self.rc.r_ldc_v or self.rc.x_ldc_v:
            nc = self.tr.n_phases + 1
            i_ldc = it[nc * (self.winding - 1) + phase] / self.rc.ct_primary_a
            vc = vc + complex(self.rc.r_ldc_v, self.rc.x_ldc_v) * i_ldc
        return vc

    def sample(self, system: System, v: np.ndarray, queue: Queue) -> None:
        rc = self.rc
        if rc.max_tap_change == 0 or self.increment == 0:
            self.pending = 0.0
            return
        vact = abs(self.control_voltage(system, v))
        if abs(rc.vreg_v - vact) <= rc.band_v / 2 and not (rc.vlimit_v and vact > rc.vlimit_v):
            self.pending = 0.0
            if self.action is not None:
                queue.delete(self.action)
                self.action = None
            return
        boost = rc.vlimit_v - vact if (rc.vlimit_v and vact > rc.vlimit_v) else rc.vreg_v - vact
        base = el.winding_vbase(self.tr)[self.winding - 1]
        self.pending = round(boost * rc.pt_ratio / base / self.increment) * self.increment
        if self.tap_winding != self.winding:
            self.pending = -self.pending
        tap = self.taps(system)[self.tap_winding - 1]
        if self.pending != 0 and self.action is None:
            possible = tap < self.max_tap if self.pending > 0 else tap > self.min_tap
            if possible:
                delay = rc.delay_s
                if rc.inverse_time:
                    delay = rc.delay_s / min(10.0, 2 * abs(rc.vreg_v - vact) / rc.band_v)
                self.action = queue.push(delay, self)

    def execute(self, system: System) -> bool:
        """Apply the pending change (70 % of it, at least one step); True if the tap moved."""
        self.action = None
        if self.pending == 0:
            return False
        n = int(0.7 * abs(self.pending) / self.increment) or 1
        n = min(n, self.rc.max_tap_change)
        change = n * self.increment * (1 if self.pending > 0 else -1)
        self.pending = 0.0
        taps = self.taps(system).copy()
        new = min(max(taps[self.tap_winding - 1] + change, self.min_tap), self.max_tap)
        if new == taps[self.tap_winding - 1]:
            return False
        taps[self.tap_winding - 1] = new
        system.set_taps(self.tr.id, taps)
        return True


class CapacitorState:
    """One CapControl (current, voltage, kvar or pf), switching its capacitor as one step."""

    def __init__(self, cc: CapControl, system: System) -> None:
        self.cc = cc
        self.cap = system.feeder.by_id("capacitors")[cc.capacitor]
        self.prim = next(k for k, p in enumerate(system.prims) if p.kind == "capacitor" and p.id == self.cap.id)
        kind, _, name = cc.element.partition(".")
        self.elem = next((k for k, p in enumerate(system.prims) if p.kind == kind and p.id == name), None)
        self.closed = self.cap.closed
        self.action: Action | None = None
        self.want: bool | None = None

    def _kvar(self, system: System, v: np.ndarray) -> float:
        vt, it = terminal_values(system, self.elem, v)
        n = len(system.prims[self.elem].terminals[self.cc.terminal - 1].nodes)
        sl = slice(n * (self.cc.terminal - 1), n * self.cc.terminal)
        return float(np.sum((vt[sl] * np.conj(it[sl])).imag)) / 1000

    def _measure(self, system: System, v: np.ndarray) -> float:
        vt, it = terminal_values(system, self.elem, v)
        pr = system.prims[self.elem]
        n = len(pr.terminals[self.cc.terminal - 1].nodes)
        sl = slice(n * (self.cc.terminal - 1), n * self.cc.terminal)
        vv, ii = vt[sl], it[sl]
        phases = min(n, 3)
        pick = self.cc.pt_phase if self.cc.type == "voltage" else self.cc.ct_phase

        def choose(x: np.ndarray) -> float:
            x = x[:phases]
            if pick == "avg":
                return float(np.mean(x))
            if pick == "max":
                return float(np.max(x))
            if pick == "min":
                return float(np.min(x))
            return float(x[min(pick, phases) - 1])

        if self.cc.type == "voltage":
            return choose(np.abs(vv)) / self.cc.pt_ratio
        if self.cc.type == "current":
            return choose(np.abs(ii)) / self.cc.ct_ratio
        s = vv[:phases] * np.conj(ii[:phases])
        if self.cc.type == "kvar":
            return float(np.sum(s.imag)) / 1000
        p, q = float(np.sum(s.real)), float(np.sum(s.imag))
        pf = abs(p) / np.hypot(p, q) if (p or q) else 1.0
        return pf if q >= 0 else 2 - pf  # OpenDSS PF1to2: leading (q < 0) maps to 1..2

    def sample(self, system: System, v: np.ndarray, queue: Queue) -> None:
        x = self._measure(system, v)
        cc = self.cc
        if cc.type == "voltage":
            on, off = x < cc.on_setting, x > cc.off_setting
        elif cc.type == "pf":  # settings -1..1 map to OpenDSS's 0..2 scale; close only if enough kvar flows
            pf_on = 2 + cc.on_setting if cc.on_setting < 0 else cc.on_setting
            pf_off = 2 + cc.off_setting if cc.off_setting < 0 else cc.off_setting
            on = x < pf_on and self._kvar(system, v) > self.cap.kvar * 0.5
            off = x > pf_off
        else:
            on, off = x > cc.on_setting, x < cc.off_setting
        want = True if (not self.closed and on) else False if (self.closed and off) else None
        if want is None:
            if self.action is not None:
                queue.delete(self.action)
                self.action = None
            return
        if self.action is None:
            self.want = want
            self.action = queue.push(cc.delay_s if want else cc.delay_off_s, self)

    def execute(self, system: System) -> bool:
        self.action = None
        if self.want is None or self.want == self.closed:
            return False
        self.closed = self.want
        system.prims[self.prim].y = el.capacitor_prim(self.cap, self.closed)
        return True
