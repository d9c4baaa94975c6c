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

from collections.abc import Callable
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


FLOATING = ("the nodal matrix is singular: a section floats without a ground reference (an ungrounded delta or "
            "open neutral with ppm_antifloat=0, or a transformer bank with zero impedance)")


def _factor(pat: NodalPattern, data: np.ndarray):
    try:
        return pat.factor_complex(data)
    except RuntimeError:
        raise SingularSystemError(FLOATING, element_id=pat.name) from None


def _step_norm(dv: np.ndarray, vbase: np.ndarray) -> float:
    return float(np.max(np.abs(dv) / vbase)) if dv.size else 0.0


INNER_SWEEPS = 12  # refinement sweeps of one Newton step before the real Jacobian takes over
INNER_RTOL = 1e-8  # relative residual of the Newton equations at which a step is accepted


class NewtonStep:
    """Solves the Newton equations M dV + N conj(dV) = r in complex arithmetic.

    M = Y + C^T diag(dg/du) C is factored (complex KLU, the size of the network) and
    dV <- dV + M_f^-1 (r - M dV - N conj(dV)) refines the step, N = C^T diag(dg/dconj u) C acting
    only through the load elements; M_f may be an older factorization (it is kept while the
    refinement converges in a few sweeps). This converges when the loads' anti-holomorphic part
    is small against the network's admittance, as on distribution feeders; when it does not, the
    step falls back to the real 2n x 2n Jacobian [[Re(M+N), Im(N-M)], [Im(M+N), Re(M-N)]].
    """

    def __init__(self, pat: NodalPattern, y, y_data: np.ndarray) -> None:
        self.pat, self.y, self.y_data = pat, y, y_data
        self.solve_m: Callable[[np.ndarray], np.ndarray] | None = None
        self.refactor = True

    def __call__(self, r: np.ndarray, a: np.ndarray, b: np.ndarray, rtol: float = INNER_RTOL
                 ) -> tuple[np.ndarray, str]:
        pat = self.pat
        fresh = False
        if self.refactor or self.solve_m is None:
            self.solve_m = _factor(pat, self.y_data + pat.load_data(a))
            self.refactor, fresh = False, True
        scale = np.max(np.abs(r)) or 1.0
        dv = self.solve_m(r)
        for sweep in range(1, INNER_SWEEPS + 1):
            cdv = pat.element_voltage(dv)
            res = r - self.y @ dv - pat.node_current(a * cdv + b * np.conj(cdv))
            if np.max(np.abs(res)) <= rtol * scale:
                self.refactor = sweep > 4  # slow refinement: a fresh factorization next time
                return dv, "complex" if fresh else "complex-reused"
            dv = dv + self.solve_m(res)
        if not fresh:  # an old factorization: retry with one made here
            self.refactor = True
            return self(r, a, b, rtol)
        return self._real(r, a, b), "real"

    def _real(self, r: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        pat, n = self.pat, self.pat.n
        try:
            solve_j = pat.jacobian(self.y_data + pat.load_data(a), pat.load_data(b))
        except SingularJacobian:
            raise SingularSystemError(FLOATING, element_id=pat.name) from None
        dx = solve_j(np.concatenate([r.real, r.imag]))
        return dx[:n] + 1j * dx[n:]


def newton(pat: NodalPattern, lm: LoadModel, y_data: np.ndarray, i_s: np.ndarray, v0: np.ndarray,
           vbase: np.ndarray, *, tol: float, max_iter: int, progress=None) -> tuple[np.ndarray, SolveReport]:
    """Newton-Raphson on F(V) = 0 in rectangular coordinates; tol on max |dV| in pu of the node base."""
    y = pat.ymatrix(y_data)
    step_solver = pat.newton_step or NewtonStep(pat, y, y_data)  # its factorization may serve again
    step_solver.y, step_solver.y_data = y, y_data
    pat.newton_step = step_solver
    v = v0.copy()
    report = SolveReport(False, 0, "newton")
    last = np.inf
    for it in range(1, max_iter + 1):
        u = pat.element_voltage(v)
        g, a, b = lm.current(u, derivatives=True)
        f = y @ v - i_s + pat.node_current(g)
        # inexact Newton (Dembo, Eisenstat, Steihaug 1982): solve each step only as accurately as the
        # progress so far warrants, down to INNER_RTOL near convergence
        dv, how = step_solver(-f, a, b, rtol=min(1e-3, max(INNER_RTOL, 0.1 * last)))
        if not np.all(np.isfinite(dv)):
            raise SingularSystemError(FLOATING, element_id=pat.name)
        v += dv
        step = _step_norm(dv, vbase)
        report.history.append({"iteration": it, "max_dv_pu": step, "max_mismatch_a": float(np.max(np.abs(f))),
                               "linear_solve": how})
        report.iterations = it
        if progress:
            progress(it, step)
        if step < tol or (step < 1e3 * tol and step >= last):  # at tol, or stalled at round-off near it
            report.converged = True
            break
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
