"""The unbalanced study's result: pydantic models (the JSON shape) and their construction.

Node voltages are node-to-ground, angles on the source's reference (its EMF angle as given);
v_pu is on the line-to-neutral base of the bus's voltage base. Branch currents are per conductor
at each terminal (amps flowing into the element); losses per phase are the sum over both terminals
of V conj(I) of that phase's conductors. Voltage unbalance factors are |V2|/|V1| and |V0|/|V1| of
the bus's three phase-to-ground voltages (IEC 61000-2-12's VUF is |V2|/|V1| of line voltages; the
line-to-line sequence ratio is given too).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from pydantic import BaseModel, Field

A = np.exp(2j * np.pi / 3)


class NodeVoltage(BaseModel):
    bus: str
    node: int
    v_kv_ln: float
    v_pu: float
    angle_deg: float


class LineVoltage(BaseModel):
    bus: str
    nodes: str = Field(description="'1-2', '2-3', '3-1' (or the two phases of a two-phase bus)")
    v_kv_ll: float
    v_pu_ll: float
    angle_deg: float


class Tap(BaseModel):
    regulator: str
    transformer: str
    tap_step: int
    tap_pu: float


class PhaseFlow(BaseModel):
    phase: int = Field(description="bus node of the conductor at terminal 1")
    i1_a: float
    i1_angle_deg: float
    i2_a: float
    i2_angle_deg: float
    p1_kw: float = Field(description="power into the element at terminal 1")
    q1_kvar: float
    p_loss_kw: float
    q_loss_kvar: float


class Branch(BaseModel):
    id: str
    kind: str = Field(description="line, switch or transformer")
    bus1: str
    bus2: str
    phases: list[PhaseFlow]
    p_loss_kw: float
    q_loss_kvar: float


class Unbalance(BaseModel):
    bus: str
    vuf_percent: float = Field(description="negative / positive sequence of the phase voltages, %")
    v0_over_v1_percent: float
    vuf_ll_percent: float = Field(description="negative / positive sequence of the line voltages, %")


class Totals(BaseModel):
    source_p_kw: float
    source_q_kvar: float
    load_p_kw: float
    load_q_kvar: float
    losses_kw: float
    losses_kvar: float
    losses_kw_per_phase: list[float] = Field(description="losses of phases 1, 2, 3 (lines and transformers)")
    capacitor_q_kvar: float


class UnbalancedResult(BaseModel):
    converged: bool
    iterations: int
    control_iterations: int
    method: str
    nodes: list[NodeVoltage]
    voltages_ll: list[LineVoltage]
    taps: list[Tap]
    branches: list[Branch]
    totals: Totals
    unbalance: list[Unbalance]
    history: list[dict[str, Any]] = Field(default=[], description="per control iteration: iterations, max dV")
    notes: list[str] = []

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump()


def _deg(z: np.ndarray | complex) -> np.ndarray:
    return np.degrees(np.angle(z))


def node_voltages(system, v: np.ndarray, vbase: np.ndarray) -> list[NodeVoltage]:
    mag = np.abs(v)
    ang = _deg(v)
    return [NodeVoltage(bus=b, node=n, v_kv_ln=mag[i] / 1000, v_pu=mag[i] / vbase[i], angle_deg=ang[i])
            for i, (b, n) in enumerate(zip(system.node_bus, system.node_num, strict=True))]


def _bus_phases(system) -> dict[str, dict[int, int]]:
    out: dict[str, dict[int, int]] = {}
    for i, (b, n) in enumerate(zip(system.node_bus, system.node_num, strict=True)):
        if 1 <= n <= 3:
            out.setdefault(b, {})[n] = i
    return out


def line_voltages(system, v: np.ndarray, vbase: np.ndarray) -> list[LineVoltage]:
    out = []
    for bus, ph in _bus_phases(system).items():
        if len(ph) < 2:
            continue
        pairs = [(1, 2), (2, 3), (3, 1)] if len(ph) == 3 else [tuple(sorted(ph))]
        for a, b in pairs:
            d = v[ph[a]] - v[ph[b]]
            base = vbase[ph[a]] * math.sqrt(3)
            out.append(LineVoltage(bus=bus, nodes=f"{a}-{b}", v_kv_ll=abs(d) / 1000, v_pu_ll=abs(d) / base,
                                   angle_deg=float(_deg(d))))
    return out


def unbalance(system, v: np.ndarray) -> list[Unbalance]:
    out = []
    for bus, ph in _bus_phases(system).items():
        if len(ph) != 3:
            continue
        va, vb, vc = v[ph[1]], v[ph[2]], v[ph[3]]
        v0, v1, v2 = (va + vb + vc) / 3, (va + A * vb + A * A * vc) / 3, (va + A * A * vb + A * vc) / 3
        ab, bc, ca = va - vb, vb - vc, vc - va
        l1, l2 = (ab + A * bc + A * A * ca) / 3, (ab + A * A * bc + A * ca) / 3
        if abs(v1) == 0:
            continue
        out.append(Unbalance(bus=bus, vuf_percent=100 * abs(v2) / abs(v1), v0_over_v1_percent=100 * abs(v0) / abs(v1),
                             vuf_ll_percent=100 * abs(l2) / abs(l1) if abs(l1) else 0.0))
    return out


def branches(system, v: np.ndarray) -> tuple[list[Branch], np.ndarray]:
    """Per-phase currents and losses of lines and transformers; also losses per phase (kW, 3)."""
    vp = np.append(v, 0)
    out, per_phase = [], np.zeros(3)
    for pr in system.prims:
        if pr.kind not in ("line", "transformer"):
            continue
        vt = vp[np.where(pr.nodes >= 0, pr.nodes, len(v))]
        it = pr.y @ vt
        s = vt * np.conj(it) / 1000
        nc = len(pr.terminals[0].nodes)
        nterm = len(pr.terminals)
        t1 = pr.terminals[0].nodes
        phases = []
        nph = nc if pr.kind == "line" else nc - 1
        for k in range(nph):
            cond = [j * nc + k for j in range(nterm)]
            loss = s[cond].sum()
            node = t1[k]
            if 1 <= node <= 3:
                per_phase[node - 1] += loss.real
            phases.append(PhaseFlow(phase=node, i1_a=abs(it[k]), i1_angle_deg=float(_deg(it[k])),
                                    i2_a=abs(it[nc + k]), i2_angle_deg=float(_deg(it[nc + k])), p1_kw=s[k].real,
                                    q1_kvar=s[k].imag, p_loss_kw=loss.real, q_loss_kvar=loss.imag))
        total = s.sum()
        kind = "switch" if pr.kind == "line" and system.by_id("lines")[pr.id].switch else pr.kind
        out.append(Branch(id=pr.id, kind=kind, bus1=pr.terminals[0].bus, bus2=pr.terminals[-1].bus, phases=phases,
                          p_loss_kw=total.real, q_loss_kvar=total.imag))
    return out, per_phase


def totals(system, v: np.ndarray, branch_list: list[Branch], per_phase: np.ndarray, load_s_va: complex) -> Totals:
    vp = np.append(v, 0)
    src, cap = 0j, 0j
    for k, pr in enumerate(system.prims):
        vt = vp[np.where(pr.nodes >= 0, pr.nodes, len(v))]
        if pr.kind == "source":
            m = len(system.source_emf[system.source_prims.index(k)])
            emf = system.source_emf[system.source_prims.index(k)]
            it = pr.y @ vt - np.concatenate([pr.y[:m, :m] @ emf, -pr.y[:m, :m] @ emf])
            src -= (vt * np.conj(it)).sum()
        elif pr.kind == "capacitor":
            cap += (vt * np.conj(pr.y @ vt)).sum()
    loss = sum(complex(b.p_loss_kw, b.q_loss_kvar) for b in branch_list)
    return Totals(source_p_kw=src.real / 1000, source_q_kvar=src.imag / 1000, load_p_kw=load_s_va.real / 1000,
                  load_q_kvar=load_s_va.imag / 1000, losses_kw=loss.real, losses_kvar=loss.imag,
                  losses_kw_per_phase=[float(x) for x in per_phase], capacitor_q_kvar=cap.imag / 1000)
