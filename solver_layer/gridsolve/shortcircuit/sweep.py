"""The sweep over blocks of fault buses: fault formula, IEC quantities, source and branch contributions.

Fault buses come in groups, each with its own sequence networks (a fault inside a power station
unit, or one where motors may be neglected, sees corrected networks); results land in one set of
arrays indexed by the fault's row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from .blocks import ImpedanceBlocks, current_source_voltages
from .formulas import (
    SQRT3,
    FaultFormula,
    T,
    kappa_method_b,
    kappa_method_c,
    mu_factor,
    q_factor,
    thermal_m,
)
from .networks import SequenceNetworks
from .options import ShortCircuitOptions
from .radial import SEVERAL, Feeders

VALUE_NAMES = ("ikss_ka", "ikss_vs_ka", "ikss_cs_ka", "ip_ka", "ith_ka", "ib_ka", "ik_ka", "skss_mva", "kappa",
               "rk_ohm", "xk_ohm", "rk2_ohm", "xk2_ohm", "rk0_ohm", "xk0_ohm", "ike_ka")
#: a fault is near to a generator when a synchronous machine feeds more than twice its rated current,
#: or motors more than 5 % of I''k without motors (IEC 60909-0 §3.16)
NEAR_RATIO, MOTOR_SHARE = 2.0, 0.05


@dataclass
class BlockSolution:
    """One block of faults: Zbus columns, sequence currents and voltage changes (pu)."""

    blk: np.ndarray
    rows: np.ndarray  # result rows of the faults
    lb: np.ndarray
    z1c: np.ndarray
    z1: np.ndarray
    z2: np.ndarray
    z0: np.ndarray
    zf: np.ndarray
    c: np.ndarray
    iseq: np.ndarray  # (3, kb): sequences 0, 1, 2
    iph: np.ndarray  # (3, kb): phases a, b, c
    dv: dict[int, np.ndarray]  # sequence -> (ne, kb) voltage change
    ivs: np.ndarray  # |I''k| of the voltage sources, pu
    ics: np.ndarray  # current sources' share, pu
    vbase: np.ndarray  # kA per pu at the fault buses
    ig3: np.ndarray  # (n_source, kb) each source's current for a bolted three-phase fault, pu
    i3: np.ndarray  # |I''k| of a bolted three-phase fault (voltage sources), pu
    i3m: np.ndarray  # the same without motors, pu
    partial: np.ndarray | None = None  # (n_source, kb) partial currents at the fault, pu (non-meshed networks)
    radial: np.ndarray | None = None  # bool per fault: every feeder holds at most one source

    @property
    def kb(self) -> int:
        return len(self.blk)


@dataclass
class SourceArrays:
    """The voltage sources as arrays: admittance per sequence, bus (energized position), machine data."""

    index: np.ndarray  # position in the study's (base) source list
    y1: np.ndarray
    y2: np.ndarray
    y0: np.ndarray
    bus: np.ndarray
    generator: np.ndarray  # synchronous machines
    motor: np.ndarray
    xk: np.ndarray
    ir: np.ndarray
    m_mw: np.ndarray
    lam: np.ndarray  # lambda_max | lambda_min of generators for the case (NaN: not given)
    vbase: np.ndarray

    @classmethod
    def of(cls, sn: SequenceNetworks, blocks: ImpedanceBlocks, base_ids: list[str]) -> SourceArrays:
        src, net = sn.sources, sn.compiled.net
        gens = {g.id: g for g in net.generators}
        lam = [getattr(gens[s.element_id], f"lambda_{sn.case}") if s.kind == "generator" else None for s in src]
        return cls(
            index=np.array([base_ids.index(s.element_id) for s in src], dtype=np.int64),
            y1=np.array([s.y1 for s in src], dtype=complex), y2=np.array([s.y2 for s in src], dtype=complex),
            y0=np.array([s.y0 for s in src], dtype=complex), bus=np.array([blocks.loc[s.bus] for s in src]),
            generator=np.array([s.kind == "generator" for s in src], dtype=bool),
            motor=np.array([s.kind == "motor" for s in src], dtype=bool),
            xk=np.array([s.xk_pu for s in src]), ir=np.array([s.ir_ka for s in src]),
            m_mw=np.array([s.m_mw for s in src]), lam=np.array([np.nan if v is None else v for v in lam]),
            vbase=sn.compiled.base_mva / (SQRT3 * sn.vn_kv[[s.bus for s in src]]),
        )

    @property
    def machine(self) -> np.ndarray:
        return self.generator | self.motor


@dataclass
class BranchArrays:
    """Branch matrices per sequence and the transformer-earthing currents counted at branch ends."""

    yf: dict[int, sp.csr_matrix]
    yt: dict[int, sp.csr_matrix]
    earth_row: np.ndarray
    earth_from: np.ndarray
    earth_bus: np.ndarray  # energized position
    earth_y: np.ndarray
    vbase_f: np.ndarray
    vbase_t: np.ndarray
    adjacent: dict[int, list[tuple[int, str]]]

    @classmethod
    def of(cls, sn: SequenceNetworks, blocks: ImpedanceBlocks, zero: bool) -> BranchArrays:
        br, base = sn.compiled.branches, sn.compiled.base_mva
        sh = sn.seq[0].shunts
        keep = (sh.row >= 0) & (blocks.loc[sh.bus] >= 0) if zero else np.zeros(len(sh.row), dtype=bool)
        adjacent: dict[int, list[tuple[int, str]]] = {}
        for k in range(len(br.f)):
            adjacent.setdefault(int(br.f[k]), []).append((k, "from"))
            adjacent.setdefault(int(br.t[k]), []).append((k, "to"))
        return cls(blocks.yf, blocks.yt, sh.row[keep], sh.at_from[keep], blocks.loc[sh.bus[keep]], sh.y[keep],
                   base / (SQRT3 * sn.vn_kv[br.f]), base / (SQRT3 * sn.vn_kv[br.t]), adjacent)

    def phase_currents(self, s: BlockSolution, v_cv: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """Phase currents (3, n_branch, kb) pu entering each branch at its from and to end."""
        cur_f = {q: self.yf[q] @ s.dv[q] for q in s.dv}
        cur_t = {q: self.yt[q] @ s.dv[q] for q in s.dv}
        if 0 in s.dv:
            for row, at_from, bus, y in zip(self.earth_row, self.earth_from, self.earth_bus, self.earth_y,
                                            strict=True):
                (cur_f if at_from else cur_t)[0][row] += y * s.dv[0][bus]
        else:
            cur_f[0] = np.zeros_like(cur_f[1])
            cur_t[0] = np.zeros_like(cur_t[1])
        if v_cv is not None:
            # current sources: injections with the fault bus shorted in the delta network
            ifault = v_cv[s.lb] / s.z1  # current from the sources into the fault, pu
            dv_cs = v_cv[:, None] - s.z1c * ifault[None, :]
            cur_f[1] = cur_f[1] + self.yf[1] @ dv_cs
            cur_t[1] = cur_t[1] + self.yt[1] @ dv_cs
        ph_f = np.einsum("ij,jbk->ibk", T, np.stack([cur_f[0], cur_f[1], cur_f[2]]))
        ph_t = np.einsum("ij,jbk->ibk", T, np.stack([cur_t[0], cur_t[1], cur_t[2]]))
        return ph_f, ph_t


@dataclass
class GroupContext:
    """One group of fault buses with its networks, factorizations and source/branch arrays."""

    sn: SequenceNetworks
    blocks: ImpedanceBlocks
    v_cv: np.ndarray | None
    sources: SourceArrays
    branches: BranchArrays
    meshed: bool
    motors_neglected: bool
    feeders: Feeders | None = None  # non-meshed networks only


@dataclass
class Decay:
    """Per source and fault: I''k/I_r, mu, q (per source) and the steady-state share Ik/I''k."""

    ratio: np.ndarray
    mu: np.ndarray
    q: np.ndarray
    steady: np.ndarray


STEADY_STATE_RULES = {
    "far": "Ik = I''k without motors (far from generator)",
    "meshed": "Ik = I''k without motors (meshed network, IEC 60909-0 §10.2.3)",
    "sum": "Ik = sum of the partial currents, lambda I_rG for generators near the fault (non-meshed, §10.2.2)",
    "no_lambda": "Ik = I''k without motors: lambda not given for a generator near the fault",
}


def partial_currents(ctx: GroupContext, s: BlockSolution) -> tuple[np.ndarray, np.ndarray]:
    """Each voltage source's partial current at the fault (pu on the fault bus's base) in a non-meshed
    network: its own current where it sits at the faulted bus, else the current of the incident branch
    whose subtree holds it; `radial` is False where a subtree holds several sources (use eq. (75))."""
    src, br, feeders = ctx.sources, ctx.sn.compiled.branches, ctx.feeders
    assert feeders is not None
    dv3 = -s.z1c * (s.c / (s.z1 + s.zf))
    into_f, into_t = ctx.branches.yf[1] @ dv3, ctx.branches.yt[1] @ dv3
    partial = np.zeros((len(src.bus), s.kb))
    radial = np.ones(s.kb, dtype=bool)
    sbus = np.array([x.bus for x in ctx.sn.sources], dtype=np.int64)
    for j, bus in enumerate(s.blk):
        here = np.flatnonzero(sbus == bus)
        partial[here, j] = np.abs(s.ig3[here, j])
        for k, end in ctx.branches.adjacent.get(int(bus), ()):
            other = int(br.t[k] if end == "from" else br.f[k])
            who = feeders.behind(int(bus), other)
            if who == SEVERAL:
                radial[j] = False
            elif who >= 0:
                partial[who, j] += abs(into_f[k, j] if end == "from" else into_t[k, j])
    return partial, radial


@dataclass
class FaultSweep:
    """Accumulates the results of every block of fault buses (rows in `fault_buses` order)."""

    base: SequenceNetworks
    options: ShortCircuitOptions
    formula: FaultFormula
    fault_buses: np.ndarray
    detail: bool
    out: dict[str, np.ndarray]
    phase_i: np.ndarray
    phase_v: np.ndarray
    seq_i: np.ndarray
    src_contrib: np.ndarray
    br_max_f: np.ndarray
    br_max_t: np.ndarray
    br_arg_f: np.ndarray
    br_arg_t: np.ndarray
    incident: list[list[tuple[int, str, np.ndarray]]]
    near: np.ndarray  # bool per row: near to generator (IEC 60909-0 §3.16)
    earthed: np.ndarray  # bool per row: a zero-sequence path to earth
    motors_negligible: np.ndarray  # bool per row: sum I_rM <= 0.01 I''kM (IEC 60909-0 §6.8)
    motors_neglected: np.ndarray  # bool per row
    decay: list[list[dict]]  # per row: the machines' decay factors (3ph faults near to generator)
    steady_state_rule: list[str]  # per row: how ik was found
    details: dict[int, dict] = field(default_factory=dict)

    @classmethod
    def start(cls, sn: SequenceNetworks, options: ShortCircuitOptions, formula: FaultFormula,
              fault_buses: np.ndarray, detail: bool) -> FaultSweep:
        nf, ns, nbr = len(fault_buses), len(sn.sources), len(sn.compiled.branches.f)
        return cls(
            base=sn, options=options, formula=formula, fault_buses=fault_buses, detail=detail,
            out={k: np.full(nf, np.nan) for k in VALUE_NAMES}, phase_i=np.zeros((nf, 3), dtype=complex),
            phase_v=np.zeros((nf, 3), dtype=complex), seq_i=np.zeros((nf, 3), dtype=complex),
            src_contrib=np.zeros((nf, ns, 3), dtype=complex), br_max_f=np.zeros(nbr), br_max_t=np.zeros(nbr),
            br_arg_f=np.full(nbr, -1, dtype=np.int64), br_arg_t=np.full(nbr, -1, dtype=np.int64),
            incident=[[] for _ in range(nf)], near=np.zeros(nf, dtype=bool), earthed=np.ones(nf, dtype=bool),
            motors_negligible=np.zeros(nf, dtype=bool), motors_neglected=np.zeros(nf, dtype=bool),
            decay=[[] for _ in range(nf)], steady_state_rule=[""] * nf,
        )

    def context(self, sn: SequenceNetworks, blocks: ImpedanceBlocks, motors_neglected: bool = False
                ) -> GroupContext:
        meshed = sn.meshed()
        feeders = None
        if not meshed:
            br = sn.compiled.branches
            on = sn.energized[br.f] & sn.energized[br.t]
            feeders = Feeders.of(sn.n_bus, br.f[on], br.t[on], np.array([x.bus for x in sn.sources], dtype=np.int64))
        return GroupContext(sn, blocks, current_source_voltages(sn, blocks, self.options.fault),
                            SourceArrays.of(sn, blocks, [s.element_id for s in self.base.sources]),
                            BranchArrays.of(sn, blocks, self.formula.needs_zero), meshed, motors_neglected, feeders)

    def solve(self, ctx: GroupContext, blk: np.ndarray) -> None:
        s = self.fault_currents(ctx, blk)
        self.bus_quantities(ctx, s)
        self.peak_and_thermal(ctx, s)
        self.source_contributions(ctx, s)
        self.near_to_generator(ctx, s)
        d = self.decay_factors(ctx, s)
        if ctx.feeders is not None and self.options.fault == "3ph":
            s.partial, s.radial = partial_currents(ctx, s)
        self.breaking_current(ctx, s, d)
        self.steady_state_current(ctx, s, d)
        if len(ctx.sn.compiled.branches.f):
            self.branch_contributions(ctx, s)

    # -- the fault formula of the fault type
    def fault_currents(self, ctx: GroupContext, blk: np.ndarray) -> BlockSolution:
        b, sn = ctx.blocks, ctx.sn
        z1c, z1, _ = b.columns(b.lu1, blk)
        z2c, z2 = (z1c, z1) if b.lu2 is b.lu1 else b.columns(b.lu2, blk)[:2]
        z0c, z0 = b.columns(b.lu0, blk)[:2] if b.lu0 is not None else (None, np.full(len(blk), np.inf + 0j))
        zf = complex(self.options.r_fault_ohm, self.options.x_fault_ohm) / (sn.vn_kv[blk] ** 2 / sn.compiled.base_mva)
        c = sn.c[blk]
        i0, i1, i2 = self.formula.currents(c, z1, z2, z0, zf, b.earthed0[blk])
        iseq = np.vstack([i0, i1, i2])
        iph = T @ iseq
        dv = {1: -z1c * i1, 2: -z2c * i2}
        if z0c is not None:
            dv[0] = -z0c * i0
        lb = b.loc[blk]
        ics = np.abs(ctx.v_cv[lb]) / np.abs(z1 + zf) if ctx.v_cv is not None else np.zeros(len(blk))
        i3 = c / (z1 + zf)  # the bolted three-phase fault decides near/far whatever the fault type
        ig3 = -ctx.sources.y1[:, None] * (-z1c * i3)[ctx.sources.bus]
        i3m = np.abs(c / (b.columns(b.lu_nm, blk)[1] + zf)) if b.lu_nm is not None else np.abs(i3)
        return BlockSolution(blk, np.searchsorted(self.fault_buses, blk), lb, z1c, z1, z2, z0, zf, c, iseq, iph, dv,
                             self.formula.magnitude(i1, iph), ics, sn.compiled.base_mva / (SQRT3 * sn.vn_kv[blk]),
                             ig3, np.abs(i3), i3m)

    # -- I''k, S''k, impedances at the fault, fault-point phasors
    def bus_quantities(self, ctx: GroupContext, s: BlockSolution) -> None:
        out, vn, rows = self.out, ctx.sn.vn_kv[s.blk], s.rows
        out["ikss_vs_ka"][rows] = s.ivs * s.vbase
        out["ikss_cs_ka"][rows] = s.ics * s.vbase
        ikss = (s.ivs + s.ics) * s.vbase
        out["ikss_ka"][rows] = ikss
        out["skss_mva"][rows] = self.formula.skss_factor * ikss * vn
        zb_ohm = vn**2 / ctx.sn.compiled.base_mva
        out["rk_ohm"][rows] = (s.z1 + s.zf).real * zb_ohm
        out["xk_ohm"][rows] = (s.z1 + s.zf).imag * zb_ohm
        out["rk2_ohm"][rows] = (s.z2 + s.zf).real * zb_ohm
        out["xk2_ohm"][rows] = (s.z2 + s.zf).imag * zb_ohm
        earthed = ctx.blocks.earthed0[s.blk]
        self.earthed[rows] = earthed
        if self.formula.needs_zero:
            out["rk0_ohm"][rows] = np.where(earthed, (s.z0 + s.zf).real * zb_ohm, np.inf)
            out["xk0_ohm"][rows] = np.where(earthed, (s.z0 + s.zf).imag * zb_ohm, np.inf)
            out["ike_ka"][rows] = np.abs(3 * s.iseq[0]) * s.vbase
        self.phase_i[rows] = (s.iph * s.vbase).T
        zero = s.dv[0][s.lb, np.arange(s.kb)] if 0 in s.dv else np.zeros(s.kb)
        vseq = np.vstack([zero, s.c + s.dv[1][s.lb, np.arange(s.kb)], s.dv[2][s.lb, np.arange(s.kb)]])
        self.phase_v[rows] = (T @ vseq).T
        self.seq_i[rows] = s.iseq.T * s.vbase[:, None]

    # -- ip (method B or C) and ith
    def peak_and_thermal(self, ctx: GroupContext, s: BlockSolution) -> None:
        b, out = ctx.blocks, self.out
        if self.options.ip_method == "C":
            kappa_ = kappa_method_c(b.columns(b.lu_c, s.blk)[1], s.zf, b.fc_ratio)
        else:
            kappa_ = kappa_method_b(s.z1 + s.zf, ctx.sn.vn_kv[s.blk])
        out["kappa"][s.rows] = kappa_
        out["ip_ka"][s.rows] = np.sqrt(2) * (kappa_ * s.ivs + s.ics) * s.vbase
        m = thermal_m(kappa_, ctx.sn.compiled.net.f_hz, self.options.tk_s)
        out["ith_ka"][s.rows] = out["ikss_ka"][s.rows] * np.sqrt(m + 1)

    # -- current from each source into the network, per phase (kA)
    def source_contributions(self, ctx: GroupContext, s: BlockSolution) -> None:
        src, dv = ctx.sources, s.dv
        s1 = -src.y1[:, None] * dv[1][src.bus]
        s2 = -src.y2[:, None] * dv[2][src.bus]
        s0 = -src.y0[:, None] * dv[0][src.bus] if 0 in dv else np.zeros_like(s1)
        sph = np.einsum("ij,jsk->isk", T, np.stack([s0, s1, s2]))  # (3, n_src, kb)
        self.src_contrib[np.ix_(s.rows, src.index)] = np.transpose(sph, (2, 1, 0)) * src.vbase[None, :, None]

    # -- near to or far from generator (IEC 60909-0 §3.16, §3.17), decided per fault
    def near_to_generator(self, ctx: GroupContext, s: BlockSolution) -> None:
        src = ctx.sources
        ratio = np.abs(s.ig3) * src.vbase[:, None] / src.ir[:, None]
        near_gen = np.any(src.generator[:, None] & (ratio > NEAR_RATIO), axis=0)
        near_motor = s.i3 > (1 + MOTOR_SHARE) * s.i3m if np.any(src.motor) else np.zeros(s.kb, dtype=bool)
        self.near[s.rows] = near_gen | near_motor
        if np.any(src.motor) or ctx.motors_neglected:
            vn = ctx.sn.vn_kv
            motors = [j for j, m in enumerate(self.base.sources) if m.kind == "motor"]
            ir = np.array([self.base.sources[j].ir_ka * vn[self.base.sources[j].bus] for j in motors])
            sum_ir = ir.sum() / vn[s.blk]  # rated currents referred to the fault's voltage level
            self.motors_negligible[s.rows] = sum_ir <= 0.01 * s.i3m * s.vbase
        self.motors_neglected[s.rows] = ctx.motors_neglected

    # -- decay factors of every source for this block: mu (machines), q (motors), lambda ratio (generators)
    def decay_factors(self, ctx: GroupContext, s: BlockSolution) -> Decay:
        src = ctx.sources
        ratio = np.abs(s.ig3) * src.vbase[:, None] / src.ir[:, None]
        mu = np.where(src.machine[:, None], mu_factor(np.where(src.machine[:, None], ratio, 0.0),
                                                      self.options.tmin_s), 1.0)
        q = np.where(src.motor, q_factor(src.m_mw, self.options.tmin_s), 1.0)
        near_gen = src.generator[:, None] & (ratio > NEAR_RATIO)
        with np.errstate(divide="ignore", invalid="ignore"):
            lam_ratio = src.lam[:, None] / ratio  # Ik,G / I''kG = lambda I_rG / I''kG
        steady = np.where(src.motor[:, None], 0.0, np.where(near_gen, lam_ratio, 1.0))
        return Decay(ratio, mu, q, steady)

    # -- ib (IEC 60909-0 §9.1): I''k far from generator; near: the sum of mu (q) times the partial currents
    # in a non-meshed network (§9.1.2), eq. (75) in a meshed one (§9.1.3)
    def breaking_current(self, ctx: GroupContext, s: BlockSolution, d: Decay) -> None:
        out, src = self.out, ctx.sources
        if self.options.fault != "3ph":
            out["ib_ka"][s.rows] = out["ikss_ka"][s.rows]  # §9.1.4: no decay for unbalanced faults
            return
        ib_vs = s.iseq[1].copy()
        mach = src.machine
        if np.any(mach):
            ig = s.ig3[mach]  # (n_machine, kb) pu: for a 3ph fault the same as the contribution
            du = np.abs(src.xk[mach][:, None] * ig) / s.c[None, :]
            ib_vs = ib_vs - np.sum(du * (1 - d.mu[mach] * d.q[mach][:, None]) * ig, axis=0)
            self._record_decay(ctx, s, np.flatnonzero(mach), d)
        ib = (np.abs(ib_vs) + s.ics) * s.vbase
        if s.partial is not None and s.radial is not None:
            summed = np.einsum("ij,ij->j", d.mu * d.q[:, None], s.partial)
            ib = np.where(s.radial, (summed + s.ics) * s.vbase, ib)
        near = self.near[s.rows]
        out["ib_ka"][s.rows] = np.where(near, ib, out["ikss_ka"][s.rows])

    def _record_decay(self, ctx: GroupContext, s: BlockSolution, machines: np.ndarray, d: Decay) -> None:
        src, ids = ctx.sources, [ctx.sn.sources[j].element_id for j in machines]
        for j, row in enumerate(s.rows):
            if not self.near[row]:
                continue
            self.decay[row] = [
                {"element": ids[i], "kind": "motor" if src.motor[m] else "generator",
                 "ikss_ka": float(abs(s.ig3[m, j]) * src.vbase[m]), "ir_ka": float(src.ir[m]),
                 "ratio": float(d.ratio[m, j]), "mu": float(d.mu[m, j]),
                 "q": float(d.q[m]) if src.motor[m] else None,
                 "lambda": None if np.isnan(src.lam[m]) else float(src.lam[m])}
                for i, m in enumerate(machines)]

    # -- ik (IEC 60909-0 §10): motors contribute nothing to a 3ph steady state; near generators of a
    # non-meshed network the sum of the partial currents times lambda I_rG / I''kG (§10.2.2), else I''kM
    def steady_state_current(self, ctx: GroupContext, s: BlockSolution, d: Decay) -> None:
        out, src, rows = self.out, ctx.sources, s.rows
        if self.options.fault != "3ph":
            out["ik_ka"][rows] = out["ikss_ka"][rows]  # §10: flux decay not considered for unbalanced faults
            for r in rows:
                self.steady_state_rule[r] = "Ik = I''k (unbalanced fault)"
            return
        ik = (s.i3m + s.ics) * s.vbase
        near_gen = np.any(src.generator[:, None] & (d.ratio > NEAR_RATIO), axis=0)
        rule = np.where(near_gen, "meshed", "far")
        if s.partial is not None and s.radial is not None:
            summed = np.einsum("ij,ij->j", d.steady, s.partial)
            use = s.radial & near_gen & np.isfinite(summed)
            ik = np.where(use, (np.where(use, summed, 0.0) + s.ics) * s.vbase, ik)
            rule = np.where(use, "sum", np.where(s.radial & near_gen, "no_lambda", rule))
        out["ik_ka"][rows] = ik
        for j, r in enumerate(rows):
            self.steady_state_rule[r] = STEADY_STATE_RULES[str(rule[j])]

    # -- branch currents: current entering each branch end from its bus, per sequence
    def branch_contributions(self, ctx: GroupContext, s: BlockSolution) -> None:
        ph_f, ph_t = ctx.branches.phase_currents(s, ctx.v_cv if self.options.fault == "3ph" else None)
        br = ctx.branches
        nbr = len(br.vbase_f)
        mag_f = np.abs(ph_f).max(axis=0) * br.vbase_f[:, None]
        mag_t = np.abs(ph_t).max(axis=0) * br.vbase_t[:, None]
        jf, jt = mag_f.argmax(axis=1), mag_t.argmax(axis=1)
        vf, vt = mag_f[np.arange(nbr), jf], mag_t[np.arange(nbr), jt]
        upd = vf > self.br_max_f
        self.br_max_f[upd], self.br_arg_f[upd] = vf[upd], s.rows[jf[upd]]
        upd = vt > self.br_max_t
        self.br_max_t[upd], self.br_arg_t[upd] = vt[upd], s.rows[jt[upd]]
        for j, bus in enumerate(s.blk):
            for k, end in br.adjacent.get(int(bus), ()):
                ph = ph_f[:, k, j] * br.vbase_f[k] if end == "from" else ph_t[:, k, j] * br.vbase_t[k]
                self.incident[s.rows[j]].append((k, end, -ph))  # current from the branch into the fault bus
        if self.detail:
            self.keep_details(ctx, s, ph_f, ph_t)

    def keep_details(self, ctx: GroupContext, s: BlockSolution, ph_f: np.ndarray, ph_t: np.ndarray) -> None:
        ne, br, dv = ctx.blocks.ne, ctx.branches, s.dv
        for j in range(s.kb):
            vseq_all = np.vstack([dv[0][:, j] if 0 in dv else np.zeros(ne), ctx.sn.c[ctx.blocks.e] + dv[1][:, j],
                                  dv[2][:, j]])
            self.details[int(s.rows[j])] = {
                "branch_from": (ph_f[:, :, j] * br.vbase_f[None, :]).T,
                "branch_to": (ph_t[:, :, j] * br.vbase_t[None, :]).T,
                "v_phase": (T @ vseq_all).T,
            }
