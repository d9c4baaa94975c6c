"""Impedance blocks: the energized subsystem's sequence matrices, each factorized once (splu).

The Zbus columns of a block of fault buses are then one triangular solve with unit vectors.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components
from scipy.sparse.linalg import SuperLU, splu

from ..compile import CompiledNetwork
from ..errors import StudyInputError
from ..sequences import SequenceNetwork
from .formulas import FaultFormula, equivalent_frequency
from .networks import SequenceNetworks
from .options import ShortCircuitOptions


def _factorize(y: sp.spmatrix, what: str) -> SuperLU:
    try:
        # Ybus is structurally symmetric: minimum degree on A^T + A keeps the fill and solves small
        return splu(y.tocsc(), permc_spec="MMD_AT_PLUS_A")
    except RuntimeError as exc:  # exactly singular
        raise StudyInputError(f"the {what} network matrix is singular ({exc}); check for unearthed parts or "
                              "zero impedances", field="buses") from None


@dataclass
class ImpedanceBlocks:
    """The energized subsystem's factorized matrices: positive, negative, zero, peak (method C) and
    positive without motors (ik), plus the branch matrices for contributions."""

    e: np.ndarray  # energized compiled buses
    loc: np.ndarray  # compiled bus -> position in e (-1 de-energized)
    lu1: SuperLU
    lu2: SuperLU
    lu0: SuperLU | None
    lu_c: SuperLU | None
    lu_nm: SuperLU | None
    earthed0: np.ndarray  # bool per compiled bus: a zero-sequence path to earth
    fc_ratio: float  # f_c / f of method C
    yf: dict[int, sp.csr_matrix]  # branch-end currents from bus voltages (energized columns), per sequence
    yt: dict[int, sp.csr_matrix]

    @property
    def ne(self) -> int:
        return len(self.e)

    def columns(self, lu: SuperLU | None, blk: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Zbus columns of the fault buses (energized rows), their diagonal and the right-hand side."""
        assert lu is not None
        lb = self.loc[blk]
        rhs = np.zeros((self.ne, len(blk)), dtype=complex)
        rhs[lb, np.arange(len(blk))] = 1.0
        zc = lu.solve(rhs)
        return zc, zc[lb, np.arange(len(blk))], rhs


def factorize(sn: SequenceNetworks, options: ShortCircuitOptions, formula: FaultFormula, f_hz: float
              ) -> ImpedanceBlocks:
    cn = sn.compiled
    n = sn.n_bus
    e = np.flatnonzero(sn.energized)
    loc = np.full(n, -1, dtype=np.int64)
    loc[e] = np.arange(len(e))

    def sub(seq: SequenceNetwork) -> tuple[sp.csc_matrix, sp.csr_matrix, sp.csr_matrix]:
        y, yf, yt = seq.matrices(n, cn.branches)
        return y[e][:, e].tocsc(), yf[:, e], yt[:, e]

    y1, yf1, yt1 = sub(sn.seq[1])
    lu1 = _factorize(y1, "positive-sequence")
    yf, yt = {1: yf1}, {1: yt1}
    if sn.negative_equals_positive:
        lu2, yf[2], yt[2] = lu1, yf1, yt1
    else:
        y2, yf[2], yt[2] = sub(sn.seq[2])
        lu2 = _factorize(y2, "negative-sequence")
    lu0 = None
    earthed0 = np.ones(n, dtype=bool)
    if formula.needs_zero:
        y0, yf[0], yt[0] = sub(sn.seq[0])
        earthed0 = earthed_buses(sn.seq[0], cn, n)
        # regularize unearthed parts; their Z0 is infinite
        y0 = y0 + sp.diags((~earthed0[e]).astype(float), format="csc")
        lu0 = _factorize(y0, "zero-sequence")
    fc_ratio = equivalent_frequency(f_hz) / f_hz
    lu_c = None
    if options.ip_method == "C":
        lu_c = _factorize(sub(sn.peak.scaled(fc_ratio))[0], "peak-current (method C)")
    lu_nm = None
    if sn.motors_present:  # near/far (motors' share) and ik
        lu_nm = _factorize(sub(sn.seq[1].without("motor"))[0], "positive-sequence without motors")
    return ImpedanceBlocks(e, loc, lu1, lu2, lu0, lu_c, lu_nm, earthed0, fc_ratio, yf, yt)


def earthed_buses(seq0: SequenceNetwork, cn: CompiledNetwork, n: int) -> np.ndarray:
    """Buses whose zero-sequence network component has a path to earth (a shunt or charging)."""
    grounded = np.zeros(n, dtype=bool)
    grounded[seq0.shunts.bus[seq0.shunts.y != 0]] = True
    path = seq0.has_series
    f, t = cn.branches.f[path], cn.branches.t[path]
    grounded[f[np.abs(seq0.y_from[path]) > 0]] = True
    grounded[t[np.abs(seq0.y_to[path]) > 0]] = True
    adj = sp.csr_matrix((np.ones(len(f)), (f, t)), shape=(n, n))
    _, labels = connected_components(adj, directed=False)
    comp_grounded = np.zeros(labels.max() + 1, dtype=bool)
    np.logical_or.at(comp_grounded, labels, grounded)
    return comp_grounded[labels]


def current_source_voltages(sn: SequenceNetworks, blocks: ImpedanceBlocks, fault: str) -> np.ndarray | None:
    """Voltages (energized buses, pu) the static generators' currents k*I_n drive through Z1.

    3ph: each current in phase with its bus's -angle(Z_ii); unbalanced faults: -j (pandapower)."""
    if not sn.current_sources:
        return None
    cs_bus = np.array([blocks.loc[cs.bus] for cs in sn.current_sources])
    cs_i = np.array([cs.i_pu for cs in sn.current_sources])
    keep = cs_bus >= 0
    cs_bus, cs_i = cs_bus[keep], cs_i[keep]
    if not len(cs_bus):
        return None
    if fault == "3ph":
        ub = np.unique(cs_bus)
        rhs = np.zeros((blocks.ne, len(ub)), dtype=complex)
        rhs[ub, np.arange(len(ub))] = 1
        zdiag = blocks.lu1.solve(rhs)[ub, np.arange(len(ub))]
        ang = dict(zip(ub.tolist(), (-np.angle(zdiag)).tolist(), strict=True))
        phasor = np.array([np.exp(1j * ang[b]) for b in cs_bus])
    else:
        phasor = np.full(len(cs_bus), -1j)
    inj = np.zeros(blocks.ne, dtype=complex)
    np.add.at(inj, cs_bus, cs_i * phasor)
    return blocks.lu1.solve(inj)


