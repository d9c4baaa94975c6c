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

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from ..errors import SingularSystemError
from ..powerflow.common import SingularJacobian
from .compile import System
from .loadmodel import LoadModel
from .pattern import NodalPattern


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


CHORD_RATE = 0.2  # measured on IEEE 123 x40: 0.05 and 0.5 are both slower
FLOATING = ("the nodal matrix is singular: a section floats without a ground reference (an ungrounded delta or "
            "open neutral with ppm_antifloat=0, or a transformer bank with zero impedance)")


def _factor(pat: NodalPattern, data: np.ndarray):
    try:
        return pat.factor_complex(data)
    except RuntimeError:
        raise SingularSystemError(FLOATING, element_id=pat.name) from None


def _step_norm(dv: np.ndarray, vbase: np.ndarray) -> float:
    return float(np.max(np.abs(dv) / vbase)) if dv.size else 0.0


def newton(pat: NodalPattern, lm: LoadModel, y_data: np.ndarray, i_s: np.ndarray, v0: np.ndarray,
           vbase: np.ndarray, *, tol: float, max_iter: int, progress=None) -> tuple[np.ndarray, SolveReport]:
    """Newton-Raphson on F(V) = 0 in rectangular coordinates; tol on max |dV| in pu of the node base."""
    y = pat.ymatrix(y_data)
    v = v0.copy()
    report = SolveReport(False, 0, "newton")
    n, last = pat.n, np.inf
    refactor = pat.jacobian_solve is None
    for it in range(1, max_iter + 1):
        u = pat.element_voltage(v)
        g, a, b = lm.current(u, derivatives=True)
        f = y @ v - i_s + pat.node_current(g)
        if refactor:
            try:
                pat.jacobian_solve = pat.jacobian(y_data + pat.load_data(a), pat.load_data(b))
            except SingularJacobian:
                raise SingularSystemError(FLOATING, element_id=pat.name) from None
        dx = pat.jacobian_solve(-np.concatenate([f.real, f.imag]))
        if not np.all(np.isfinite(dx)):
            raise SingularSystemError(FLOATING, element_id=pat.name)
        dv = dx[:n] + 1j * dx[n:]
        v += dv
        step = _step_norm(dv, vbase)
        report.history.append({"iteration": it, "max_dv_pu": step, "max_mismatch_a": float(np.max(np.abs(f))),
                               "jacobian": "new" if refactor else "reused"})
        report.iterations = it
        if progress:
            progress(it, step)
        if step < tol or (step < 1e3 * tol and step >= last):  # at tol, or stalled at round-off near it
            report.converged = True
            break
        # Jacobian reuse (chord steps): keep the factorization while each step shrinks the error
        # at least fivefold; otherwise refactor at the present point (not for round-off near tol).
        refactor = step > CHORD_RATE * last and step > 100 * tol
        last = step
    return v, report


def fixed_point(pat: NodalPattern, lm: LoadModel, y_data: np.ndarray, i_s: np.ndarray, v0: np.ndarray,
                vbase: np.ndarray, *, tol: float, max_iter: int, progress=None) -> tuple[np.ndarray, SolveReport]:
    """OpenDSS-style iteration with the load admittances in the factored matrix."""
    solve_y = _factor(pat, y_data + pat.load_data(lm.yeq))
    v = v0.copy()
    report = SolveReport(False, 0, "fixed_point")
    for it in range(1, max_iter + 1):
        u = pat.element_voltage(v)
        v_new = solve_y(i_s + pat.node_current(lm.yeq * u - lm.current(u)))
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


def no_load(pat: NodalPattern, y_data: np.ndarray, i_s: np.ndarray, emf_scale: float) -> np.ndarray:
    """Voltages with every load off: the starting point and the basis for CalcVoltageBases."""
    v = _factor(pat, y_data)(i_s)
    if not np.all(np.isfinite(v)) or (v.size and np.max(np.abs(v)) > 1e3 * emf_scale):
        raise SingularSystemError(FLOATING, element_id=pat.name)
    return v


def solve(pat: NodalPattern, lm: LoadModel, y_data: np.ndarray, i_s: np.ndarray, v0: np.ndarray,
          vbase: np.ndarray, *, method: str, tol: float, max_iter: int, progress=None
          ) -> tuple[np.ndarray, SolveReport]:
    """One power flow at the present taps; Newton falls back to the fixed point if it fails."""
    args = (pat, lm, y_data, i_s, v0, vbase)
    if method == "fixed_point":
        return fixed_point(*args, tol=tol, max_iter=max_iter, progress=progress)
    v, rep = newton(*args, tol=tol, max_iter=max_iter, progress=progress)
    if rep.converged:
        return v, rep
    v2, rep2 = fixed_point(*args, tol=tol, max_iter=max(max_iter, 100), progress=progress)
    rep2.history = rep.history + rep2.history
    rep2.method = "newton+fixed_point"
    return v2, rep2
