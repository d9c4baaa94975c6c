"""Fixed sparsity of the nodal matrix and of the Newton Jacobian, analysed once per feeder.

The pattern of Y (all primitives) and of C^T diag(x) C (the load elements) does not change between
iterations or tap changes, only the values do. So, as lightsim2grid does for the balanced case,
every entry's place in the compressed arrays is computed once; an iteration fills the data arrays
with `np.bincount` and fancy indexing and hands them to the project's `SparseLU` (KLU with the
symbolic analysis reused, or SuperLU with the ordering reused).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp

from ..powerflow.common import SparseLU
from .compile import System
from .complex_lu import ComplexLU


class NodalPattern:
    """Where each primitive entry and each load-element entry lands in Y's and J's CSC data."""

    def __init__(self, system: System) -> None:
        n = self.n = system.n
        self.name = system.feeder.name
        # every primitive's full k x k block, grouped by size so that the index work is one broadcast
        sizes = np.array([len(pr.nodes) for pr in system.prims])
        self.groups = []  # (prim indices, node matrix (m, k), offset of the group's entries)
        rows, cols, offset = [], [], 0
        for k in np.unique(sizes):
            members = np.flatnonzero(sizes == k)
            nodes = np.stack([system.prims[i].nodes for i in members])
            r = np.repeat(nodes, k, axis=1)
            c = np.tile(nodes, (1, k))
            rows.append(r.ravel())
            cols.append(c.ravel())
            self.groups.append((members, k, offset))
            offset += len(members) * k * k
        rows_all, cols_all = np.concatenate(rows), np.concatenate(cols)
        self.keep = (rows_all >= 0) & (cols_all >= 0)
        self.block_at = np.empty(len(system.prims), np.int64)  # where each primitive's block starts
        for members, k, off in self.groups:
            self.block_at[members] = off + np.arange(len(members)) * k * k
        self.sizes = sizes
        rows, cols = [rows_all[self.keep]], [cols_all[self.keep]]
        self._full_index = np.cumsum(self.keep) - 1  # full-block entry -> kept entry
        t = system.loads
        ground = n
        lr, lc, ls, le = [], [], [], []
        for a, b, sign in ((t.p, t.p, 1.0), (t.q, t.q, 1.0), (t.p, t.q, -1.0), (t.q, t.p, -1.0)):
            ok = (a < ground) & (b < ground)
            lr.append(a[ok])
            lc.append(b[ok])
            ls.append(np.full(ok.sum(), sign))
            le.append(np.flatnonzero(ok))
        y_rows, y_cols = np.concatenate(rows), np.concatenate(cols)
        l_rows, l_cols = np.concatenate(lr), np.concatenate(lc)
        self.l_sign, self.l_elem = np.concatenate(ls), np.concatenate(le)
        all_r = np.concatenate([y_rows, l_rows])
        all_c = np.concatenate([y_cols, l_cols])
        key = all_c.astype(np.int64) * n + all_r  # CSC order: by column, then row
        uniq, inv = np.unique(key, return_inverse=True)
        self.nnz = len(uniq)
        self.y_pos, self.l_pos = inv[: len(y_rows)], inv[len(y_rows):]
        p_cols, p_rows = uniq // n, uniq % n
        self.indices = p_rows.astype(np.int32)
        self.indptr = np.concatenate([[0], np.cumsum(np.bincount(p_cols, minlength=n))]).astype(np.int32)
        self.vals = self._all_values(system)
        self.lu: SparseLU | None = None  # the real Jacobian's, built when Newton first needs it
        self.newton_step: Any = None  # solver.NewtonStep, kept so its factorization can serve the next solve
        self.clu = ComplexLU(self.indptr, self.indices, n)
        # load incidence for C V and C^T g
        self.p = np.where(t.p < ground, t.p, n)
        self.q = np.where(t.q < ground, t.q, n)

    def _jacobian_layout(self) -> None:
        """CSC of [[A, B], [C, D]] with all four blocks on Y's pattern, and where each block value goes."""
        code = lambda k: sp.csc_matrix(  # noqa: E731
            (np.arange(1, self.nnz + 1, dtype=float) + k * self.nnz, self.indices, self.indptr), shape=(self.n, self.n))
        j = sp.bmat([[code(0), code(1)], [code(2), code(3)]], format="csc")
        j.sort_indices()
        self.j_indptr, self.j_indices = j.indptr, j.indices
        self.j_gather = j.data.astype(np.int64) - 1

    def _all_values(self, system: System) -> np.ndarray:
        full = np.concatenate([np.stack([system.prims[i].y for i in members]).ravel()
                               for members, _, _ in self.groups])
        return full[self.keep]

    def refresh(self, system: System, changed: set[int]) -> None:
        """Take the new values of the primitives that changed (tap moved, capacitor switched)."""
        for i in changed:
            start, k = self.block_at[i], self.sizes[i]
            sel = self.keep[start: start + k * k]
            self.vals[self._full_index[start: start + k * k][sel]] = system.prims[i].y.ravel()[sel]

    def y_data(self) -> np.ndarray:
        out = np.bincount(self.y_pos, self.vals.real, self.nnz) + 1j * np.bincount(self.y_pos, self.vals.imag,
                                                                                   self.nnz)
        return out

    def ymatrix(self, y_data: np.ndarray) -> sp.csc_matrix:
        return sp.csc_matrix((y_data, self.indices, self.indptr), shape=(self.n, self.n))

    def load_data(self, x: np.ndarray) -> np.ndarray:
        """C^T diag(x) C on the pattern."""
        w = self.l_sign * x[self.l_elem]
        return np.bincount(self.l_pos, w.real, self.nnz) + 1j * np.bincount(self.l_pos, w.imag, self.nnz)

    def element_voltage(self, v: np.ndarray) -> np.ndarray:
        vp = np.append(v, 0)
        return vp[self.p] - vp[self.q]

    def node_current(self, g: np.ndarray) -> np.ndarray:
        """C^T g: element currents summed into nodes (out of the + node, into the - node)."""
        n1 = self.n + 1
        out = (np.bincount(self.p, g.real, n1) - np.bincount(self.q, g.real, n1)
               + 1j * (np.bincount(self.p, g.imag, n1) - np.bincount(self.q, g.imag, n1)))
        return out[: self.n]

    def factor_complex(self, data: np.ndarray):
        """Factor a complex matrix on Y's pattern (Y itself, or Y plus load admittances)."""
        return self.clu.factor(data)

    def jacobian(self, m: np.ndarray, nn: np.ndarray):
        """Factor the real Jacobian [[Re(M+N), Im(N-M)], [Im(M+N), Re(M-N)]] and return its solve."""
        if self.lu is None:
            self._jacobian_layout()
            self.lu = SparseLU(self.j_indptr, self.j_indices, 2 * self.n, newton=True)
        blocks = np.concatenate([m.real + nn.real, nn.imag - m.imag, m.imag + nn.imag, m.real - nn.real])
        return self.lu.factor(blocks[self.j_gather])
