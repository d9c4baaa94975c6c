"""DC power flow: B' theta = P on the compiled network (MATPOWER's makeBdc + dcpf + rundcpf flows).

Assumptions (MATPOWER's): |V| = 1 pu, sin(dtheta) = dtheta, series resistance and charging
ignored. A branch's DC susceptance is b = 1 / (x * |tap|), and a phase shift phi injects
Pf = -b phi at its from bus and +b phi at its to bus. Bus P is the specified injection at
|V| = 1 less the shunt conductance (rundcpf subtracts Gs). One solve covers every island: each
island's reference angles are fixed at their set points.

`dc_matrices` is the building block for sensitivity studies (PTDF/LODF, contingency screening):
Bbus, Bf and the phase-shift injections, in the compiled network's bus and branch order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from ..compile import NONE, REF, CompiledNetwork, compile_network
from ..errors import SingularSystemError
from ..model import Network
from .common import SingularJacobian, factorize


@dataclass
class DCMatrices:
    bbus: sp.csr_matrix  # n_bus x n_bus, pu
    bf: sp.csr_matrix  # n_branch x n_bus: Pf = Bf theta + pf_shift
    pf_shift: np.ndarray  # n_branch, pu
    pbus_shift: np.ndarray  # n_bus, pu: phase-shift injections (Cf - Ct)^T pf_shift
    b: np.ndarray  # branch DC susceptance 1 / (x |tap|), pu


@dataclass
class DCPowerFlowResult:
    bus_ids: list[str]  # compiled buses
    va_rad: np.ndarray
    p_bus_pu: np.ndarray  # injection at every bus, including what the references pick up
    branch_ids: list[str]
    p_from_pu: np.ndarray  # flow at the from end (= minus the flow at the to end)
    base_mva: float

    @property
    def va_deg(self) -> np.ndarray:
        return np.rad2deg(self.va_rad)

    @property
    def p_from_mw(self) -> np.ndarray:
        return self.p_from_pu * self.base_mva


def series_reactance(cn: CompiledNetwork) -> np.ndarray:
    """Each branch's series reactance x (pu) recovered from its two-port: the series admittance
    is ys = -yft conj(tap) (branch_models.pi_two_port), x = Im(1 / ys)."""
    br = cn.branches
    ys = -br.yft * np.conj(br.tap)
    return np.imag(1.0 / ys)


def dc_matrices(cn: CompiledNetwork) -> DCMatrices:
    br = cn.branches
    n, nl = cn.n_bus, len(br.f)
    b = 1.0 / (series_reactance(cn) * np.abs(br.tap))
    rows = np.arange(nl)
    cft = sp.csr_matrix((np.r_[np.ones(nl), -np.ones(nl)], (np.r_[rows, rows], np.r_[br.f, br.t])), shape=(nl, n))
    bf = sp.csr_matrix((np.r_[b, -b], (np.r_[rows, rows], np.r_[br.f, br.t])), shape=(nl, n))
    bbus = (cft.T @ bf).tocsr()
    pf_shift = -b * np.angle(br.tap)
    return DCMatrices(bbus=bbus, bf=bf, pf_shift=pf_shift, pbus_shift=cft.T @ pf_shift, b=b)


def dc_angles(cn: CompiledNetwork, bus_type: np.ndarray | None = None, m: DCMatrices | None = None) -> np.ndarray:
    """Bus angles (rad) of the DC power flow; references at their set angles, dead buses 0."""
    bus_type = cn.bus_type if bus_type is None else bus_type
    m = dc_matrices(cn) if m is None else m
    ref = np.flatnonzero(bus_type == REF)
    solve_at = np.flatnonzero((bus_type != REF) & (bus_type != NONE))
    va = np.zeros(cn.n_bus)
    va[ref] = cn.va_set_rad[ref]
    p = (cn.s_bus(np.ones(cn.n_bus)).real - cn.y_shunt.real) - m.pbus_shift
    if len(solve_at):
        rhs = p[solve_at] - m.bbus[solve_at][:, ref] @ va[ref]
        try:
            va[solve_at] = factorize(m.bbus[solve_at][:, solve_at].tocsc())(rhs)
        except SingularJacobian as exc:
            buses = [cn.bus_ids[solve_at[r]] for r in exc.suspect_rows[:10]]
            raise SingularSystemError("singular DC power-flow matrix at bus(es) " + ", ".join(buses or ["?"]),
                                      element_id=buses[0] if buses else None) from None
    return va


def run_dc_power_flow(net: Network | CompiledNetwork) -> DCPowerFlowResult:
    """DC power flow of a network (MATPOWER rundcpf's angles, injections and branch flows)."""
    cn = net if isinstance(net, CompiledNetwork) else compile_network(net)
    m = dc_matrices(cn)
    va = dc_angles(cn, cn.bus_type, m)
    p_bus = m.bbus @ va + m.pbus_shift + cn.y_shunt.real
    p_from = m.bf @ va + m.pf_shift
    return DCPowerFlowResult(bus_ids=list(cn.bus_ids), va_rad=va, p_bus_pu=p_bus,
                             branch_ids=list(cn.branches.element_id), p_from_pu=p_from, base_mva=cn.base_mva)
