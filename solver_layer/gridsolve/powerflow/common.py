"""Pieces shared by the power-flow solvers: mismatch, iteration records, the sparse LU."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla


class SingularJacobian(Exception):
    """Raised inside a solver; the driver turns it into a SingularSystemError naming buses."""

    def __init__(self, suspect_rows: np.ndarray) -> None:
        super().__init__("singular Jacobian")
        self.suspect_rows = suspect_rows


@dataclass
class IterationRecord:
    iteration: int
    max_p_mismatch: float  # pu on base MVA
    max_q_mismatch: float  # pu
    worst_p_bus: int
    worst_q_bus: int

    @property
    def max_mismatch(self) -> float:
        return max(self.max_p_mismatch, self.max_q_mismatch)


@dataclass
class SolverOutcome:
    v: np.ndarray
    converged: bool
    iterations: int
    history: list[IterationRecord] = field(default_factory=list)
    diverged: bool = False


def mismatch(ybus: sp.csr_matrix, v: np.ndarray, s_bus: np.ndarray) -> np.ndarray:
    """Complex power mismatch at every bus: computed injection minus specified, pu."""
    return v * np.conj(ybus @ v) - s_bus


def record(iteration: int, mis: np.ndarray, pvpq: np.ndarray, pq: np.ndarray) -> IterationRecord:
    p = np.abs(mis[pvpq].real) if len(pvpq) else np.zeros(1)
    q = np.abs(mis[pq].imag) if len(pq) else np.zeros(1)
    ip, iq = int(np.argmax(p)), int(np.argmax(q))
    return IterationRecord(
        iteration,
        float(p[ip]),
        float(q[iq]),
        int(pvpq[ip]) if len(pvpq) else -1,
        int(pq[iq]) if len(pq) else -1,
    )


def factorize(matrix: sp.csc_matrix, *_: object):
    """LU-factorize a sparse matrix (SuperLU, COLAMD ordering); raise SingularJacobian if singular."""
    try:
        lu = spla.splu(matrix, permc_spec="COLAMD", options={"SymmetricMode": False})
    except RuntimeError:
        raise SingularJacobian(_suspect_rows(matrix)) from None
    return lu.solve


def _suspect_rows(matrix: sp.csc_matrix) -> np.ndarray:
    """Rows that are (numerically) empty: the usual cause of a singular power-flow Jacobian."""
    csr = matrix.tocsr()
    norms = np.sqrt(np.asarray(csr.multiply(csr).sum(axis=1)).ravel())
    scale = norms.max() if norms.size else 1.0
    return np.flatnonzero(norms <= 1e-12 * max(scale, 1.0))
