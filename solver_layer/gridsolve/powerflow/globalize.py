"""What Newton-Raphson tries when its start does not converge, and how the result says so.

The ladder: plain NR from the requested start; then the DC power-flow angles as the start
(`dc.py`); then that start with a backtracking line search on the mismatch norm (a globalized
Newton step, `newton.backtracking`); then, where plain NR diverged, the voltages a few fast-decoupled
(XB) iterations reach from the requested start (the decoupled start production tools use: on MATPOWER's ACTIVSg70k and
SyntheticUSA plain NR diverges from a flat start and so do both DC rungs, while XB iterations
settle the angles first). The first attempt that converges is the answer and a note names it.
When none converges, the plain attempt's outcome is returned (its divergence report: history,
worst buses), with a note listing what was tried: a case with no solution never ends with a
wrong answer.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..errors import GridSolveError
from .common import SolverOutcome

Attempt = Callable[[np.ndarray, object], SolverOutcome]

FD_START_TOL = 1e-3  # pu: the fast-decoupled start's mismatch, close enough for Newton's quadratic convergence
FD_START_ITER = 30


def globalized(attempt: Attempt, v0: np.ndarray, start: str, dc_start: Callable[[], np.ndarray],
               line_search: object, fd_start: Callable[[], np.ndarray] | None = None
               ) -> tuple[SolverOutcome, str | None]:
    """`fd_start`: the fast-decoupled start, None where it does not apply (a reference bus with a free voltage)."""
    first = attempt(v0, None)
    if first.converged:
        return first, None
    failed = "diverged" if first.diverged else f"did not converge in {first.iterations} iterations"
    # The DC start comes first and the line search only from it: from a poor start the line
    # search can settle on another (low-voltage) solution of the equations, which a physically
    # informed start avoids (seen on case300 from a -0.9 rad start, tests/engine/test_pf_scale.py).
    tries: list[tuple[str, Callable[[], np.ndarray], object]] = []
    if start != "dc":
        tries.append(("the DC power-flow angles as start", dc_start, None))
    tries.append(("the DC power-flow angles as start and a backtracking line search on the mismatch norm",
                  dc_start, line_search))
    if fd_start is not None and first.diverged:  # not for a run out of iterations: --max-iter stays the user's
        tries.append((f"fast-decoupled (XB) iterations from the {start} start (to {FD_START_TOL:g} pu) as start",
                      fd_start, None))
    for label, make_start, step in tries:
        try:
            outcome = attempt(make_start(), step)
        except GridSolveError:  # e.g. a singular DC matrix: that attempt is not available
            continue
        if outcome.converged:
            return outcome, f"plain Newton-Raphson from the {start} start {failed}; converged with {label}"
    tried = "; ".join(label for label, _, _ in tries)
    return first, f"plain Newton-Raphson from the {start} start {failed}; also tried {tried}: none converged"
