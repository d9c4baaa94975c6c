"""Pieces shared by the power-flow solvers: mismatch, iteration records, the sparse LU."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from . import klu


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
    """Record from the complex mismatch at every bus."""
    return record_split(iteration, mis[pvpq].real, mis[pq].imag, pvpq, pq)


def record_split(iteration: int, p_mis: np.ndarray, q_mis: np.ndarray, pvpq: np.ndarray,
                 pq: np.ndarray) -> IterationRecord:
    """Record from the P mismatches at the pvpq buses and the Q mismatches at the pq buses."""
    p = np.abs(p_mis) if len(pvpq) else np.zeros(1)
    q = np.abs(q_mis) if len(pq) else np.zeros(1)
    ip, iq = int(np.argmax(p)), int(np.argmax(q))
    return IterationRecord(iteration, float(p[ip]), float(q[iq]), int(pvpq[ip]) if len(pvpq) else -1,
                           int(pq[iq]) if len(pq) else -1)


# Sparse LU. KLU (SuiteSparse's libklu through the ctypes binding in klu.py) splits the work the
# way a Newton loop wants: the symbolic analysis (block triangular form + AMD ordering) depends only
# on the pattern and is done once per solve; the first factorization picks the pivots and every
# later one is a numeric refactorization with those pivots (klu_refactor), solved in place.
# SuperLU (scipy) is the fallback when libklu is absent: it computes its fill-reducing ordering on
# the first factorization and reuses it, symmetrically applied, after.
# benchmarks/klu_candidates.py measures the bindings; GRIDSOLVE_SPARSE_LU=superlu|klu|auto chooses.
SUPERLU_PERMC = "MMD_AT_PLUS_A"  # with SymmetricMode: measured faster than COLAMD on PF Jacobians
SUPERLU_OPTIONS = {"SymmetricMode": True}


def lu_backend() -> str:
    """Which sparse LU `SparseLU` will use: "klu" or "superlu"."""
    choice = os.environ.get("GRIDSOLVE_SPARSE_LU", "auto").lower()
    if choice == "superlu":
        return "superlu"
    if klu.available():
        return "klu"
    if choice == "klu":
        raise ImportError("GRIDSOLVE_SPARSE_LU=klu but libklu is not installed (apt-get install libklu1)")
    return "superlu"


class SparseLU:
    """LU of square matrices that share one CSC pattern (sorted row indices, no duplicates).

    `factor(data)` factorizes the matrix with these values and returns a solve callable; the
    pattern's analysis is done once and reused after. Raises SingularJacobian.
    """

    def __init__(self, indptr: np.ndarray, indices: np.ndarray, n: int, newton: bool = False) -> None:
        """`newton`: the matrix is a Newton Jacobian, whose solves need not be exact (klu.KLUFactor)."""
        self.indptr, self.indices, self.n, self.newton = indptr, indices, n, newton
        self.backend = lu_backend()
        self._klu: klu.KLUFactor | None = None
        self._perm: np.ndarray | None = None
        self._last_solve = None

    def matrix(self, data: np.ndarray) -> sp.csc_matrix:
        return sp.csc_matrix((data, self.indices, self.indptr), shape=(self.n, self.n))

    def factor(self, data: np.ndarray):
        self._last_solve = solve = self._factor(data)
        return solve

    def solve_many(self, rhs: np.ndarray) -> np.ndarray:
        """Solve with the last factorization for every row of `rhs` ((k, n): one right-hand side per row)."""
        if self.backend == "klu" and self._klu is not None:
            return self._klu.solve_many(rhs)
        assert self._last_solve is not None, "factor() first"
        return np.array([self._last_solve(r) for r in rhs]).reshape(np.shape(rhs))

    def _factor(self, data: np.ndarray):
        if self.backend == "klu":
            return self._factor_klu(data)
        try:
            if self._perm is None:  # first factorization: SuperLU computes the fill-reducing ordering
                lu = spla.splu(self.matrix(data), permc_spec=SUPERLU_PERMC, options=SUPERLU_OPTIONS)
                self._reuse_ordering(lu.perm_c)
                return lu.solve
            # Later ones: the same ordering applied symmetrically up front, no re-analysis.
            b = sp.csc_matrix((data[self._gather], self._p_indices, self._p_indptr), shape=(self.n, self.n))
            lu = spla.splu(b, permc_spec="NATURAL", options=SUPERLU_OPTIONS)
        except RuntimeError:
            raise SingularJacobian(_suspect_rows(self.matrix(data))) from None
        p = self._perm

        def solve(rhs: np.ndarray) -> np.ndarray:
            x = np.empty_like(rhs, dtype=float)
            x[p] = lu.solve(np.asarray(rhs, dtype=float)[p])
            return x

        return solve

    def _reuse_ordering(self, perm_c: np.ndarray) -> None:
        """Permuted pattern P A P^T (P from SuperLU's column ordering) and where its values come from."""
        p = np.argsort(perm_c)
        pos = self.matrix(np.arange(1, len(self.indices) + 1, dtype=float))
        b = pos[p][:, p].tocsc()
        b.sort_indices()
        self._perm, self._p_indptr, self._p_indices = p, b.indptr, b.indices
        self._gather = b.data.astype(np.int64) - 1

    def _factor_klu(self, data: np.ndarray):
        try:
            if self._klu is None:
                self._klu = klu.KLUFactor(self.indptr, self.indices, self.n, newton=self.newton)
            ok = self._klu.factor(data)
        except RuntimeError:
            ok = False
        if not ok or self._klu is None:
            raise SingularJacobian(_suspect_rows(self.matrix(data)))
        return self._klu.solve

    def close(self) -> None:
        """Free the KLU factors now (they are also freed when the object is collected)."""
        if self._klu is not None:
            self._klu.close()
            self._klu = None


def factorize(matrix: sp.csc_matrix, *_: object):
    """LU-factorize a sparse matrix; returns a solve callable. Raises SingularJacobian if singular."""
    csc = sp.csc_matrix(matrix)
    csc.sum_duplicates()
    csc.sort_indices()
    return SparseLU(csc.indptr, csc.indices, csc.shape[0]).factor(csc.data)


def _suspect_rows(matrix: sp.csc_matrix) -> np.ndarray:
    """Rows that are (numerically) empty: the usual cause of a singular power-flow Jacobian."""
    csr = matrix.tocsr()
    norms = np.sqrt(np.asarray(csr.multiply(csr).sum(axis=1)).ravel())
    scale = norms.max() if norms.size else 1.0
    return np.flatnonzero(norms <= 1e-12 * max(scale, 1.0))
