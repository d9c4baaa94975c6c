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
    losses_kw_per_phase: list[float] = Field(description="line losses of phases 1, 2, 3 (transformers not split)")
    capacitor_q_kvar: float


class UnbalancedResultModel(BaseModel):
    """The JSON shape of the unbalanced study's result (for the study registry, OpenAPI, TypeScript)."""

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


class UnbalancedSummary(BaseModel):
    """The few numbers a study list shows for an unbalanced power flow."""

    converged: bool
    iterations: int
    control_iterations: int
    node_count: int
    min_v_pu: float | None
    max_v_pu: float | None
    max_vuf_percent: float | None = Field(description="largest negative/positive sequence ratio over the buses, %")
    source_p_kw: float
    losses_kw: float
    wall_time_s: float | None = None


def summarize(data: dict[str, Any], wall_time_s: float | None) -> dict[str, Any]:
    """The `UnbalancedSummary` of a result dict."""
    vpu = [n["v_pu"] for n in data["nodes"]]
    vuf = [u["vuf_percent"] for u in data["unbalance"]]
    return dict(converged=data["converged"], iterations=data["iterations"],
                control_iterations=data["control_iterations"], node_count=len(vpu),
                min_v_pu=min(vpu) if vpu else None, max_v_pu=max(vpu) if vpu else None,
                max_vuf_percent=max(vuf) if vuf else None, source_p_kw=data["totals"]["source_p_kw"],
                losses_kw=data["totals"]["losses_kw"], wall_time_s=wall_time_s)


class UnbalancedResult:
    """The result as plain JSON-ready data (dicts and lists, built from arrays without per-row models,
    which on 10,000-node feeders took longer than the solve); its shape is `UnbalancedResultModel`."""

    model = UnbalancedResultModel
    FIELDS = tuple(UnbalancedResultModel.model_fields)
    # the fields of UnbalancedResultModel, as plain data
    converged: bool
    iterations: int
    control_iterations: int
    method: str
    nodes: list[dict[str, Any]]
    voltages_ll: list[dict[str, Any]]
    taps: list[dict[str, Any]]
    branches: list[dict[str, Any]]
    totals: dict[str, Any]
    unbalance: list[dict[str, Any]]
    history: list[dict[str, Any]]
    notes: list[str]

    def __init__(self, **data: Any) -> None:
        missing = set(self.FIELDS) - set(data)
        if missing:
            raise TypeError(f"missing result fields: {sorted(missing)}")
        self.__dict__.update(data)

    def to_dict(self) -> dict[str, Any]:
        return {k: self.__dict__[k] for k in self.FIELDS}


def _deg(z):
    return np.degrees(np.angle(z))


def node_voltages(system, v: np.ndarray, vbase: np.ndarray) -> list[dict]:
    mag = np.abs(v)
    rows = zip(system.node_bus, system.node_num, (mag / 1000).tolist(), (mag / vbase).tolist(), _deg(v).tolist(),
               strict=True)
    return [dict(bus=b, node=n, v_kv_ln=kv, v_pu=pu, angle_deg=a) for b, n, kv, pu, a in rows]


def _bus_phases(system) -> dict[str, dict[int, int]]:
    """bus -> {phase node (1-3): node index}, built once per compiled feeder."""
    cached = system._lookup.get("_bus_phases")
    if cached is None:
        cached = {}
        for i, (b, n) in enumerate(zip(system.node_bus, system.node_num, strict=True)):
            if 1 <= n <= 3:
                cached.setdefault(b, {})[n] = i
        system._lookup["_bus_phases"] = cached
    return cached


def line_voltages(system, v: np.ndarray, vbase: np.ndarray) -> list[dict]:
    """1-2, 2-3, 3-1 at three-phase buses; the one pair (lower node first) at two-phase buses."""
    buses, names, ia, ib = [], [], [], []
    for bus, ph in _bus_phases(system).items():
        if len(ph) < 2:
            continue
        for a, b in [(1, 2), (2, 3), (3, 1)] if len(ph) == 3 else [tuple(sorted(ph))]:
            buses.append(bus)
            names.append(f"{a}-{b}")
            ia.append(ph[a])
            ib.append(ph[b])
    d = v[ia] - v[ib]
    mag = np.abs(d)
    rows = zip(buses, names, (mag / 1000).tolist(), (mag / (vbase[ia] * math.sqrt(3))).tolist(), _deg(d).tolist(),
               strict=True)
    return [dict(bus=b, nodes=nm, v_kv_ll=kv, v_pu_ll=pu, angle_deg=an)
            for b, nm, kv, pu, an in rows]


def unbalance(system, v: np.ndarray) -> list[dict]:
    """Sequence ratios of the phase-to-ground and of the line voltages at every three-phase bus."""
    buses, idx = [], []
    for bus, ph in _bus_phases(system).items():
        if len(ph) == 3:
            buses.append(bus)
            idx.append([ph[1], ph[2], ph[3]])
    if not idx:
        return []
    va, vb, vc = v[np.array(idx)].T
    v0, v1, v2 = (va + vb + vc) / 3, (va + A * vb + A * A * vc) / 3, (va + A * A * vb + A * vc) / 3
    ab, bc, ca = va - vb, vb - vc, vc - va
    l1, l2 = (ab + A * bc + A * A * ca) / 3, (ab + A * A * bc + A * ca) / 3
    with np.errstate(divide="ignore", invalid="ignore"):
        vuf = np.where(np.abs(v1) > 0, 100 * np.abs(v2) / np.abs(v1), 0.0)
        v0r = np.where(np.abs(v1) > 0, 100 * np.abs(v0) / np.abs(v1), 0.0)
        vll = np.where(np.abs(l1) > 0, 100 * np.abs(l2) / np.abs(l1), 0.0)
    return [dict(bus=b, vuf_percent=x, v0_over_v1_percent=y, vuf_ll_percent=z)
            for b, x, y, z in zip(buses, vuf.tolist(), v0r.tolist(), vll.tolist(), strict=True)]


def _terminal_flows(system, v: np.ndarray, members: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Conductor voltages and currents into the elements (Yprim V) of same-size primitives, batched."""
    vp = np.append(v, 0)
    nodes = np.stack([system.prims[k].nodes for k in members])
    vt = vp[np.where(nodes >= 0, nodes, len(v))]
    y = np.stack([system.prims[k].y for k in members])
    return vt, np.einsum("mij,mj->mi", y, vt)


def branches(system, v: np.ndarray) -> tuple[list[dict], np.ndarray]:
    """Per-phase currents and losses of lines and transformers, and line losses per phase (kW, 3).

    A line's phase loss is V conj(I) summed over both ends of that phase conductor. A transformer's
    entries are per conductor position (winding 1 and the last winding); its losses are not split
    into the feeder's phases, since a delta winding mixes them.
    """
    groups: dict[tuple[str, int], list[int]] = {}
    for k, pr in enumerate(system.prims):
        if pr.kind in ("line", "transformer"):
            groups.setdefault((pr.kind, len(pr.nodes)), []).append(k)
    out: dict[int, dict] = {}
    per_phase = np.zeros(3)
    lines = system.by_id("lines")
    for (kind, _size), members in groups.items():
        vt, it = _terminal_flows(system, v, members)
        s = vt * np.conj(it) / 1000
        first = system.prims[members[0]]
        nc, nterm = len(first.terminals[0].nodes), len(first.terminals)
        nph = nc if kind == "line" else nc - 1
        loss = sum(s[:, j * nc: j * nc + nph] for j in range(nterm))  # (m, nph)
        i1, i2 = it[:, :nph], it[:, (nterm - 1) * nc: (nterm - 1) * nc + nph]
        cols = [np.abs(i1), _deg(i1), np.abs(i2), _deg(i2), s[:, :nph].real, s[:, :nph].imag, loss.real, loss.imag]
        cols = [c.tolist() for c in cols]
        total = s.sum(axis=1)
        for r, k in enumerate(members):
            pr = system.prims[k]
            t1 = pr.terminals[0].nodes
            phases = [dict(phase=t1[p], i1_a=cols[0][r][p], i1_angle_deg=cols[1][r][p], i2_a=cols[2][r][p],
                           i2_angle_deg=cols[3][r][p], p1_kw=cols[4][r][p], q1_kvar=cols[5][r][p],
                           p_loss_kw=cols[6][r][p], q_loss_kvar=cols[7][r][p]) for p in range(nph)]
            if kind == "line":
                for p in range(nph):
                    if 1 <= t1[p] <= 3:
                        per_phase[t1[p] - 1] += cols[6][r][p]
            label = "switch" if kind == "line" and lines[pr.id].switch else kind
            out[k] = dict(id=pr.id, kind=label, bus1=pr.terminals[0].bus, bus2=pr.terminals[-1].bus, phases=phases,
                          p_loss_kw=float(total[r].real), q_loss_kvar=float(total[r].imag))
    return [out[k] for k in sorted(out)], per_phase


def totals(system, v: np.ndarray, branch_list: list[dict], per_phase: np.ndarray, load_s_va: complex) -> dict:
    vp = np.append(v, 0)
    src, cap = 0j, 0j
    for k, pr in enumerate(system.prims):
        if pr.kind == "source":
            vt = vp[np.where(pr.nodes >= 0, pr.nodes, len(v))]
            emf = system.source_emf[system.source_prims.index(k)]
            m = len(emf)
            it = pr.y @ vt - np.concatenate([pr.y[:m, :m] @ emf, -pr.y[:m, :m] @ emf])
            src -= (vt * np.conj(it)).sum()
    caps = [k for k, pr in enumerate(system.prims) if pr.kind == "capacitor"]
    sizes: dict[int, list[int]] = {}
    for k in caps:
        sizes.setdefault(len(system.prims[k].nodes), []).append(k)
    for members in sizes.values():
        vt, it = _terminal_flows(system, v, members)
        cap += (vt * np.conj(it)).sum()
    loss = complex(sum(b["p_loss_kw"] for b in branch_list), sum(b["q_loss_kvar"] for b in branch_list))
    return dict(source_p_kw=src.real / 1000, source_q_kvar=src.imag / 1000, load_p_kw=load_s_va.real / 1000,
                load_q_kvar=load_s_va.imag / 1000, losses_kw=loss.real, losses_kvar=loss.imag,
                losses_kw_per_phase=[float(x) for x in per_phase], capacitor_q_kvar=float(cap.imag / 1000))
