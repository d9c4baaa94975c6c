"""Three-phase power flow on the current-injection formulation.

Unknowns are the complex node-to-ground voltages V (volts). With the nodal matrix Y of all
passive elements, the Norton source currents I_s and the load elements' incidence C (+1 at the
element's + node, -1 at its - node), Kirchhoff's current law reads

    F(V) = Y V - I_s + C^T g(C V) = 0.

g is not holomorphic (constant-power loads draw conj(S/u)), so Newton works on the real and
imaginary parts: with M = Y + C^T diag(dg/du) C and N = C^T diag(dg/dconj u) C,
dF = M dV + N conj(dV), i.e. the real Jacobian [[Re(M+N), Im(N-M)], [Im(M+N), Re(M-N)]]
(Garcia et al., "Three-phase power flow calculations using the current injection method",
IEEE Trans. Power Systems 15(2), 2000, in Wirtinger form). Everything is sparse algebra over
all elements at once.

The fallback is OpenDSS's own fixed-point iteration: factor Y + C^T diag(Yeq) C once and iterate
V = (Y + C^T Yeq C)^-1 (I_s + C^T (Yeq u - g(u))) (Dugan, OpenDSS Solution.pas SolveSystem).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from ..errors import SingularSystemError
from .compile import System
from .loadmodel import LoadModel


@dataclass
class SolveReport:
    converged: bool
    iterations: int
    method: str
    history: list[dict] = field(default_factory=list)


def incidence(system: System) -> sp.csr_matrix:
    """C (n_elements x n_nodes): +1 at each load element's + node, -1 at its - node; ground dropped."""
    t = system.loads
    n, m = system.n, len(t.p)
    rows = np.concatenate([np.arange(m), np.arange(m)])
    cols = np.concatenate([t.p, t.q])
    vals = np.concatenate([np.ones(m), -np.ones(m)])
    keep = cols < n
    return sp.csr_matrix((vals[keep], (rows[keep], cols[keep])), shape=(m, n))


FLOATING = ("the nodal matrix is singular: a section floats without a ground reference (an ungrounded delta or "
            "open neutral with ppm_antifloat=0, or a transformer bank with zero impedance)")


def _factor(a: sp.spmatrix, system: System):
    try:
        return spla.splu(sp.csc_matrix(a))
    except RuntimeError:
        raise SingularSystemError(FLOATING, element_id=system.feeder.name) from None


def _step_norm(dv: np.ndarray, vbase: np.ndarray) -> float:
    return float(np.max(np.abs(dv) / vbase)) if dv.size else 0.0


def newton(system: System, y: sp.csr_matrix, i_s: np.ndarray, v0: np.ndarray, vbase: np.ndarray, *,
           tol: float, max_iter: int, progress=None) -> tuple[np.ndarray, SolveReport]:
    """Newton-Raphson on F(V) = 0 in rectangular coordinates; tol on max |dV| in pu of the node base."""
    lm = LoadModel(system.loads)
    c = incidence(system)
    ct = c.T.tocsr()
    v = v0.copy()
    report = SolveReport(False, 0, "newton")
    n = system.n
    last = np.inf
    for it in range(1, max_iter + 1):
        u = c @ v
        g, a, b = lm.current(u, derivatives=True)
        f = y @ v - i_s + ct @ g
        m = y + ct @ sp.diags(a) @ c
        nn = ct @ sp.diags(b) @ c
        mpn, mmn = m + nn, m - nn
        jac = sp.bmat([[mpn.real, (nn - m).imag], [mpn.imag, mmn.real]], format="csc")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", spla.MatrixRankWarning)
            dx = spla.spsolve(jac, -np.concatenate([f.real, f.imag]))
        if not np.all(np.isfinite(dx)):
            raise SingularSystemError(FLOATING, element_id=system.feeder.name)
        dv = dx[:n] + 1j * dx[n:]
        v += dv
        step = _step_norm(dv, vbase)
        report.history.append({"iteration": it, "max_dv_pu": step, "max_mismatch_a": float(np.max(np.abs(f)))})
        report.iterations = it
        if progress:
            progress(it, step)
        if step < tol or (step < 1e3 * tol and step >= last):  # at tol, or stalled at round-off near it
            report.converged = True
            break
        last = step
    return v, report


def fixed_point(system: System, y: sp.csr_matrix, i_s: np.ndarray, v0: np.ndarray, vbase: np.ndarray, *,
                tol: float, max_iter: int, progress=None) -> tuple[np.ndarray, SolveReport]:
    """OpenDSS-style iteration with the load admittances in the factored matrix."""
    lm = LoadModel(system.loads)
    c = incidence(system)
    ct = c.T.tocsr()
    lu = _factor(y + ct @ sp.diags(lm.yeq) @ c, system)
    v = v0.copy()
    report = SolveReport(False, 0, "fixed_point")
    for it in range(1, max_iter + 1):
        u = c @ v
        comp = lm.yeq * u - lm.current(u)
        v_new = lu.solve(i_s + ct @ comp)
        dv = v_new - v
        v = v_new
        step = _step_norm(dv, vbase)
        report.history.append({"iteration": it, "max_dv_pu": step})
        report.iterations = it
        if progress:
            progress(it, step)
        if step < tol:
            report.converged = True
            break
    return v, report


def no_load(system: System, y: sp.csr_matrix, i_s: np.ndarray) -> np.ndarray:
    """Voltages with every load off: the starting point and the basis for CalcVoltageBases."""
    v = _factor(y, system).solve(i_s)
    scale = np.max(np.abs(v)) if v.size else 0.0
    if not np.all(np.isfinite(v)) or scale > 1e3 * max(abs(e).max() for e in system.source_emf):
        raise SingularSystemError(FLOATING, element_id=system.feeder.name)
    return v


def solve(system: System, v0: np.ndarray, vbase: np.ndarray, *, method: str, tol: float, max_iter: int,
          progress=None) -> tuple[np.ndarray, SolveReport]:
    """One power flow at the present taps; Newton falls back to the fixed point if it fails."""
    y = system.ybus()
    i_s = system.source_current()
    if method == "fixed_point":
        return fixed_point(system, y, i_s, v0, vbase, tol=tol, max_iter=max_iter, progress=progress)
    v, rep = newton(system, y, i_s, v0, vbase, tol=tol, max_iter=max_iter, progress=progress)
    if rep.converged:
        return v, rep
    v2, rep2 = fixed_point(system, y, i_s, v0, vbase, tol=tol, max_iter=max(max_iter, 100), progress=progress)
    rep2.history = rep.history + rep2.history
    rep2.method = "newton+fixed_point"
    return v2, rep2
