"""The sweep over blocks of fault buses: fault formula, IEC quantities, source and branch contributions."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from .blocks import ImpedanceBlocks, current_source_voltages
from .formulas import SQRT3, FaultFormula, T, kappa_method_b, kappa_method_c, mu_factor, thermal_m
from .networks import SequenceNetworks
from .options import ShortCircuitOptions

VALUE_NAMES = ("ikss_ka", "ikss_vs_ka", "ikss_cs_ka", "ip_ka", "ith_ka", "ib_ka", "ik_ka", "skss_mva", "kappa",
               "rk_ohm", "xk_ohm", "rk2_ohm", "xk2_ohm", "rk0_ohm", "xk0_ohm", "ike_ka")



@dataclass
class BlockSolution:
    """One block of faults: Zbus columns, sequence currents and voltage changes (pu)."""

    blk: np.ndarray
    lb: np.ndarray
    rhs: np.ndarray
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

    @property
    def kb(self) -> int:
        return len(self.blk)


@dataclass
class FaultSweep:
    """Accumulates the results of every block of fault buses."""

    sn: SequenceNetworks
    blocks: ImpedanceBlocks
    options: ShortCircuitOptions
    formula: FaultFormula
    fault_buses: np.ndarray
    detail: bool
    v_cv: np.ndarray | None
    sources: SourceArrays
    branches: BranchArrays
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
    details: dict[int, dict] = field(default_factory=dict)

    @classmethod
    def start(cls, sn: SequenceNetworks, blocks: ImpedanceBlocks, options: ShortCircuitOptions,
              formula: FaultFormula, fault_buses: np.ndarray, detail: bool) -> FaultSweep:
        nf, ns, nbr = len(fault_buses), len(sn.sources), len(sn.compiled.branches.f)
        return cls(
            sn=sn, blocks=blocks, options=options, formula=formula, fault_buses=fault_buses, detail=detail,
            v_cv=current_source_voltages(sn, blocks, options.fault), sources=SourceArrays.of(sn, blocks),
            branches=BranchArrays.of(sn, blocks, formula.needs_zero),
            out={k: np.full(nf, np.nan) for k in VALUE_NAMES}, phase_i=np.zeros((nf, 3), dtype=complex),
            phase_v=np.zeros((nf, 3), dtype=complex), seq_i=np.zeros((nf, 3), dtype=complex),
            src_contrib=np.zeros((nf, ns, 3), dtype=complex), br_max_f=np.zeros(nbr), br_max_t=np.zeros(nbr),
            br_arg_f=np.full(nbr, -1, dtype=np.int64), br_arg_t=np.full(nbr, -1, dtype=np.int64),
            incident=[[] for _ in range(nf)],
        )

    def solve(self, start: int, blk: np.ndarray) -> None:
        s = self.fault_currents(blk)
        sl = slice(start, start + s.kb)
        self.bus_quantities(s, sl)
        self.peak_and_thermal(s, sl)
        s1 = self.source_contributions(s, sl)
        self.breaking_and_steady_state(s, sl, s1)
        if len(self.sn.compiled.branches.f):
            self.branch_contributions(s, start)

    # -- the fault formula of the fault type
    def fault_currents(self, blk: np.ndarray) -> BlockSolution:
        b, sn = self.blocks, self.sn
        z1c, z1, rhs = b.columns(b.lu1, blk)
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
        ics = np.abs(self.v_cv[lb]) / np.abs(z1 + zf) if self.v_cv is not None else np.zeros(len(blk))
        return BlockSolution(blk, lb, rhs, z1c, z1, z2, z0, zf, c, iseq, iph, dv, self.formula.magnitude(i1, iph),
                             ics, sn.compiled.base_mva / (SQRT3 * sn.vn_kv[blk]))

    # -- I''k, S''k, impedances at the fault, fault-point phasors
    def bus_quantities(self, s: BlockSolution, sl: slice) -> None:
        out, vn = self.out, self.sn.vn_kv[s.blk]
        out["ikss_vs_ka"][sl] = s.ivs * s.vbase
        out["ikss_cs_ka"][sl] = s.ics * s.vbase
        ikss = (s.ivs + s.ics) * s.vbase
        out["ikss_ka"][sl] = ikss
        out["skss_mva"][sl] = self.formula.skss_factor * ikss * vn
        zb_ohm = vn**2 / self.sn.compiled.base_mva
        out["rk_ohm"][sl] = (s.z1 + s.zf).real * zb_ohm
        out["xk_ohm"][sl] = (s.z1 + s.zf).imag * zb_ohm
        out["rk2_ohm"][sl] = (s.z2 + s.zf).real * zb_ohm
        out["xk2_ohm"][sl] = (s.z2 + s.zf).imag * zb_ohm
        if self.formula.needs_zero:
            earthed = self.blocks.earthed0[s.blk]
            out["rk0_ohm"][sl] = np.where(earthed, (s.z0 + s.zf).real * zb_ohm, np.inf)
            out["xk0_ohm"][sl] = np.where(earthed, (s.z0 + s.zf).imag * zb_ohm, np.inf)
            out["ike_ka"][sl] = np.abs(3 * s.iseq[0]) * s.vbase
        self.phase_i[sl] = (s.iph * s.vbase).T
        zero = s.dv[0][s.lb, np.arange(s.kb)] if 0 in s.dv else np.zeros(s.kb)
        vseq = np.vstack([zero, s.c + s.dv[1][s.lb, np.arange(s.kb)], s.dv[2][s.lb, np.arange(s.kb)]])
        self.phase_v[sl] = (T @ vseq).T
        self.seq_i[sl] = s.iseq.T * s.vbase[:, None]

    # -- ip (method B or C) and ith
    def peak_and_thermal(self, s: BlockSolution, sl: slice) -> None:
        b, out = self.blocks, self.out
        if self.options.ip_method == "C":
            kappa_ = kappa_method_c(b.columns(b.lu_c, s.blk)[1], s.zf, b.fc_ratio)
        else:
            kappa_ = kappa_method_b(s.z1 + s.zf, self.sn.vn_kv[s.blk])
        out["kappa"][sl] = kappa_
        out["ip_ka"][sl] = np.sqrt(2) * (kappa_ * s.ivs + s.ics) * s.vbase
        m = thermal_m(kappa_, self.sn.compiled.net.f_hz, self.options.tk_s)
        out["ith_ka"][sl] = out["ikss_ka"][sl] * np.sqrt(m + 1)

    # -- current from each source into the network, per phase (kA); returns the positive sequence (pu)
    def source_contributions(self, s: BlockSolution, sl: slice) -> np.ndarray:
        src, dv = self.sources, s.dv
        s1 = -src.y1[:, None] * dv[1][src.bus]
        s2 = -src.y2[:, None] * dv[2][src.bus]
        s0 = -src.y0[:, None] * dv[0][src.bus] if 0 in dv else np.zeros_like(s1)
        sph = np.einsum("ij,jsk->isk", T, np.stack([s0, s1, s2]))  # (3, n_src, kb)
        self.src_contrib[sl] = np.transpose(sph, (2, 1, 0)) * src.vbase[None, :, None]
        return s1

    # -- ib (IEC 60909-0 eq. (75) with mu for 3ph faults) and ik
    def breaking_and_steady_state(self, s: BlockSolution, sl: slice, s1: np.ndarray) -> None:
        out, src = self.out, self.sources
        if self.options.fault == "3ph":
            ib_vs = s.iseq[1].copy()
            if np.any(src.machine):
                ig = s1[src.machine]  # (n_machine, kb) pu
                ig_ka = np.abs(ig) * src.vbase[src.machine][:, None]
                mu = mu_factor(ig_ka / src.ir[src.machine][:, None], self.options.tmin_s)
                du = np.abs(src.xk[src.machine][:, None] * ig) / s.c[None, :]
                ib_vs = ib_vs - np.sum(du * (1 - mu) * ig, axis=0)
            out["ib_ka"][sl] = (np.abs(ib_vs) + s.ics) * s.vbase
        else:
            out["ib_ka"][sl] = out["ikss_ka"][sl]
        if self.blocks.lu_nm is not None:
            znm = self.blocks.columns(self.blocks.lu_nm, s.blk)[1]
            out["ik_ka"][sl] = (np.abs(s.c / (znm + s.zf)) + s.ics) * s.vbase
        else:
            out["ik_ka"][sl] = out["ib_ka"][sl] if self.options.fault != "3ph" else out["ikss_ka"][sl]

    # -- branch currents: current entering each branch end from its bus, per sequence
    def branch_contributions(self, s: BlockSolution, start: int) -> None:
        ph_f, ph_t = self.branches.phase_currents(s, self.v_cv if self.options.fault == "3ph" else None)
        br = self.branches
        nbr = len(br.vbase_f)
        mag_f = np.abs(ph_f).max(axis=0) * br.vbase_f[:, None]
        mag_t = np.abs(ph_t).max(axis=0) * br.vbase_t[:, None]
        jf, jt = mag_f.argmax(axis=1), mag_t.argmax(axis=1)
        vf, vt = mag_f[np.arange(nbr), jf], mag_t[np.arange(nbr), jt]
        upd = vf > self.br_max_f
        self.br_max_f[upd], self.br_arg_f[upd] = vf[upd], start + jf[upd]
        upd = vt > self.br_max_t
        self.br_max_t[upd], self.br_arg_t[upd] = vt[upd], start + jt[upd]
        for j, bus in enumerate(s.blk):
            for k, end in br.adjacent.get(int(bus), ()):
                ph = ph_f[:, k, j] * br.vbase_f[k] if end == "from" else ph_t[:, k, j] * br.vbase_t[k]
                self.incident[start + j].append((k, end, -ph))  # current from the branch into the fault bus
        if self.detail:
            self.keep_details(s, start, ph_f, ph_t)

    def keep_details(self, s: BlockSolution, start: int, ph_f: np.ndarray, ph_t: np.ndarray) -> None:
        ne, br, dv = self.blocks.ne, self.branches, s.dv
        for j in range(s.kb):
            vseq_all = np.vstack([dv[0][:, j] if 0 in dv else np.zeros(ne), self.sn.c[self.blocks.e] + dv[1][:, j],
                                  dv[2][:, j]])
            self.details[start + j] = {
                "branch_from": (ph_f[:, :, j] * br.vbase_f[None, :]).T,
                "branch_to": (ph_t[:, :, j] * br.vbase_t[None, :]).T,
                "v_phase": (T @ vseq_all).T,
            }


@dataclass
class SourceArrays:
    """The voltage sources as arrays: admittance per sequence, bus (energized position), machine data."""

    y1: np.ndarray
    y2: np.ndarray
    y0: np.ndarray
    bus: np.ndarray
    machine: np.ndarray
    xk: np.ndarray
    ir: np.ndarray
    vbase: np.ndarray

    @classmethod
    def of(cls, sn: SequenceNetworks, blocks: ImpedanceBlocks) -> SourceArrays:
        src = sn.sources
        return cls(
            y1=np.array([s.y1 for s in src], dtype=complex), y2=np.array([s.y2 for s in src], dtype=complex),
            y0=np.array([s.y0 for s in src], dtype=complex), bus=np.array([blocks.loc[s.bus] for s in src]),
            machine=np.array([s.kind in ("generator", "motor") for s in src]),
            xk=np.array([s.xk_pu for s in src]), ir=np.array([s.ir_ka for s in src]),
            vbase=sn.compiled.base_mva / (SQRT3 * sn.vn_kv[[s.bus for s in src]]),
        )


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


