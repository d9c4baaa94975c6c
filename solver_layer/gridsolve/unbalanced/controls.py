"""Regulator and capacitor controls with OpenDSS's snapshot ("static") control-loop semantics.

OpenDSS (Solution.pas SolveSnap, ControlQueue.pas, RegControl.pas Sample/DoPendingAction):
solve; every enabled control samples; an out-of-band control that is not yet armed computes its
tap change, queues an action at t + delay and arms; one that is back in band deletes its action.
Then only the actions with the earliest time run ("DoNearestActions"); time itself stays at 0.
A regulator action moves 70 % of the computed change but at least one step and at most
`max_tap_change` steps. The loop ends when no action is queued or at max control iterations.
All regulators are sampled at once (arrays over regulators); capacitor controls, usually few,
one by one.
"""

from __future__ import annotations

import numpy as np

from ..errors import InvalidNetworkError
from . import elements as el
from .compile import System
from .model import CapControl, RegControl

NONE = np.inf  # "not armed": no queued action


class RegulatorBank:
    """Every RegControl of the feeder as arrays: settings, PT/CT wiring, pending change, action time."""

    def __init__(self, regs: list[RegControl], system: System) -> None:
        trs = system.by_id("transformers")
        self.regs, self.system = regs, system
        self.trs = [trs[rc.transformer] for rc in regs]
        m = len(regs)
        f = lambda fn, dtype=float: np.array([fn(rc, tr) for rc, tr in zip(regs, self.trs, strict=True)], dtype)  # noqa: E731
        self.winding = f(lambda rc, tr: rc.winding, int)
        self.tap_winding = f(lambda rc, tr: rc.tap_winding or rc.winding, int)
        wd = [tr.windings[t - 1] for tr, t in zip(self.trs, self.tap_winding, strict=True)]
        self.min_tap = np.array([w.min_tap_pu for w in wd])
        self.max_tap = np.array([w.max_tap_pu for w in wd])
        self.increment = np.array([(w.max_tap_pu - w.min_tap_pu) / w.num_taps if w.num_taps else 0.0 for w in wd])
        self.vreg, self.band = f(lambda rc, tr: rc.vreg_v), f(lambda rc, tr: rc.band_v)
        self.pt, self.ct = f(lambda rc, tr: rc.pt_ratio), f(lambda rc, tr: rc.ct_primary_a)
        self.zldc = f(lambda rc, tr: complex(rc.r_ldc_v, rc.x_ldc_v), complex)
        self.delay, self.inverse = f(lambda rc, tr: rc.delay_s), f(lambda rc, tr: rc.inverse_time, bool)
        self.max_change = f(lambda rc, tr: rc.max_tap_change, int)
        self.vlimit = f(lambda rc, tr: rc.vlimit_v)
        self.base = np.array([el.winding_vbase(tr)[w - 1] for tr, w in zip(self.trs, self.winding, strict=True)])
        self.sign = np.where(self.tap_winding != self.winding, -1.0, 1.0)
        self.pick = f(lambda rc, tr: -1 if rc.pt_phase == "max" else -2 if rc.pt_phase == "min"
                      else min(rc.pt_phase, tr.n_phases) - 1, int)
        self.prim = f(lambda rc, tr: system.tr_prim[tr.id], int)
        self._wiring(system)
        self.pending = np.zeros(m)
        self.time = np.full(m, NONE)

    def _wiring(self, system: System) -> None:
        """Node pairs across each phase of the controlled winding, and the conductors' prim rows."""
        m, n = len(self.regs), system.n
        self.plus = np.full((m, 3), n)
        self.minus = np.full((m, 3), n)
        self.valid = np.zeros((m, 3), bool)
        kmax = max(len(system.prims[k].nodes) for k in self.prim) if m else 1
        self.cols = np.full((m, kmax), n)
        self.cond = np.zeros((m, 3), int)
        for r, (tr, w, k) in enumerate(zip(self.trs, self.winding, self.prim, strict=True)):
            nodes = np.where(system.prims[k].nodes >= 0, system.prims[k].nodes, n)
            nc = tr.n_phases + 1
            term = nodes[(w - 1) * nc: w * nc]
            d = el.delta_direction(tr)
            for p in range(tr.n_phases):
                self.plus[r, p] = term[p]
                other = nc - 1 if tr.windings[w - 1].conn == "wye" else el.rotate_phase(p + 1, tr.n_phases, d) - 1
                self.minus[r, p] = term[other]
                self.valid[r, p] = True
                self.cond[r, p] = nc * (w - 1) + p
            self.cols[r, : len(nodes)] = nodes
        self.rows = np.zeros((m, 3, kmax), complex)
        for r in range(m):
            self._update_rows(r)

    def _update_rows(self, r: int) -> None:
        y = self.system.prims[self.prim[r]].y
        k = y.shape[0]
        self.rows[r, :, :k] = y[self.cond[r]]

    def control_voltage(self, v: np.ndarray) -> np.ndarray:
        """PT-secondary voltage with line-drop compensation of every regulator (RegControl.Sample)."""
        vp = np.append(v, 0)
        vw = np.where(self.valid, vp[self.plus] - vp[self.minus], 0)
        mag = np.where(self.valid, np.abs(vw), np.nan)
        phase = np.where(self.pick == -1, np.nanargmax(mag, axis=1),
                         np.where(self.pick == -2, np.nanargmin(np.where(self.valid, mag, np.inf), axis=1),
                                  np.maximum(self.pick, 0)))
        r = np.arange(len(self.regs))
        vc = vw[r, phase] / self.pt
        i_term = np.sum(self.rows[r, phase] * vp[self.cols], axis=1)  # into the winding conductor
        return vc + self.zldc * i_term / self.ct

    def taps(self) -> np.ndarray:
        return np.array([self.system.taps[tr.id][t - 1] for tr, t in zip(self.trs, self.tap_winding, strict=True)])

    def sample(self, v: np.ndarray) -> None:
        if not self.regs:
            return
        vact = np.abs(self.control_voltage(v))
        over = (self.vlimit > 0) & (vact > self.vlimit)
        out = ((np.abs(self.vreg - vact) > self.band / 2) | over) & (self.max_change > 0) & (self.increment > 0)
        boost = np.where(over, self.vlimit - vact, self.vreg - vact)
        inc = np.where(self.increment > 0, self.increment, 1.0)
        self.pending = np.where(out, np.round(boost * self.pt / self.base / inc) * inc * self.sign, 0.0)
        self.time[~out] = NONE  # back in band: the queued action is deleted
        tap = self.taps()
        possible = np.where(self.pending > 0, tap < self.max_tap, tap > self.min_tap)
        arm = out & (self.pending != 0) & (self.time == NONE) & possible
        delay = np.where(self.inverse, self.delay / np.minimum(10.0, 2 * np.abs(self.vreg - vact) / self.band),
                         self.delay)
        self.time[arm] = delay[arm]

    def next_time(self) -> float:
        return float(self.time.min()) if len(self.regs) else NONE

    def execute(self, t: float) -> None:
        """Run the actions due at t: 70 % of the pending change, at least one step, at most max_tap_change."""
        for r in np.flatnonzero(self.time <= t):
            self.time[r] = NONE
            if self.pending[r] == 0:
                continue
            inc = self.increment[r]
            steps = min(int(0.7 * abs(self.pending[r]) / inc) or 1, int(self.max_change[r]))
            tr = self.trs[r]
            taps = self.system.taps[tr.id].copy()
            w = self.tap_winding[r] - 1
            new = min(max(taps[w] + np.sign(self.pending[r]) * steps * inc, self.min_tap[r]), self.max_tap[r])
            self.pending[r] = 0.0
            if new != taps[w]:
                taps[w] = new
                self.system.set_taps(tr.id, taps)
                for q in np.flatnonzero(self.prim == self.prim[r]):
                    self._update_rows(int(q))

    def tap_steps(self) -> np.ndarray:
        """Tap position in steps from the middle of the range (OpenDSS RegControl TapNum)."""
        inc = np.where(self.increment > 0, self.increment, 1.0)
        return np.round((self.taps() - (self.max_tap + self.min_tap) / 2) / inc).astype(int)


def terminal_values(system: System, prim_index: int, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Conductor voltages and currents into the element (Yprim V) of one primitive."""
    pr = system.prims[prim_index]
    vt = np.where(pr.nodes >= 0, np.append(v, 0)[pr.nodes], 0)
    return vt, pr.y @ vt


class CapacitorState:
    """One CapControl (current, voltage, kvar or pf), switching its capacitor as one step."""

    def __init__(self, cc: CapControl, system: System) -> None:
        self.cc = cc
        self.cap = system.by_id("capacitors")[cc.capacitor]
        self.prim = next(k for k, p in enumerate(system.prims) if p.kind == "capacitor" and p.id == self.cap.id)
        kind, _, name = cc.element.partition(".")
        elem = next((k for k, p in enumerate(system.prims) if p.kind == kind and p.id == name), None)
        if elem is None:
            raise InvalidNetworkError(f"capacitor control element '{cc.element}' is not in the feeder",
                                      element_id=cc.id, field="element")
        self.elem: int = elem
        self.closed = self.cap.closed
        self.time = NONE
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

    def sample(self, system: System, v: np.ndarray) -> None:
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
            self.time = NONE  # condition gone: the queued action is deleted
            return
        if self.time == NONE:
            self.want = want
            self.time = cc.delay_s if want else cc.delay_off_s

    def execute(self, system: System) -> bool:
        self.time = NONE
        if self.want is None or self.want == self.closed:
            return False
        self.closed = self.want
        system.prims[self.prim].y = el.capacitor_prim(self.cap, self.closed)
        system.changed.add(self.prim)
        return True
