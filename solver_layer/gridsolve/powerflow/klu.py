"""A minimal binding of SuiteSparse KLU (Debian's libklu) through ctypes.

Why ctypes and not a compiled extension: nothing to build or ship, and one ctypes call costs
about a microsecond, nothing next to a refactorization (lightsim2grid's scheme: symbolic
analysis once, numeric refactorization each iteration, solve in place; measured against nbklu,
PyKLU and kvxopt in benchmarks/klu_candidates.py). Only the 64-bit-index ("_l") entry points are
used; pointers are passed as 64-bit integers (x86-64/aarch64 pass both the same way), so every
argument is a plain integer (numba's nopython mode could call these too).

libklu is LGPL-2.1-or-later (SuiteSparse); it is loaded dynamically, not linked into gridsolve.
Install it with `apt-get install libklu1` (scripts/install_system.sh). Absent library: `LIB` is
None and the callers fall back to SciPy's SuperLU.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os

import numpy as np

# klu_l_common (klu.h, SuiteSparse 5.x-7.x): 5 doubles, then SuiteSparse_long btf, ordering,
# scale, two pointers, halt_if_singular, status, ... 24 eight-byte words in all.
COMMON_WORDS = 24
STATUS_WORD = 11  # Common->status: KLU_OK 0, KLU_SINGULAR 1, < 0 errors
SCALE_WORD = 7  # Common->scale: -1 no row scaling and no check of the matrix, 0 none, 1 sum, 2 max (default)
KLU_OK = 0

_CANDIDATES = ("libklu.so.2", "libklu.so.1", "libklu.so", "libklu.dylib")


def _load() -> ctypes.CDLL | None:
    if os.environ.get("GRIDSOLVE_LIBKLU") == "none":  # simulate an installation without libklu
        return None
    names = [os.environ["GRIDSOLVE_LIBKLU"]] if os.environ.get("GRIDSOLVE_LIBKLU") else []
    for name in [*names, *_CANDIDATES]:
        try:
            return ctypes.CDLL(name)
        except OSError:
            continue
    found = ctypes.util.find_library("klu")  # slower (runs ldconfig): only when the usual names fail
    return ctypes.CDLL(found) if found else None


LIB = _load()
_I = ctypes.c_int64


def _fn(name: str, nargs: int):
    f = getattr(LIB, name)
    f.argtypes = [_I] * nargs
    f.restype = _I
    return f


if LIB is not None:
    klu_defaults = _fn("klu_l_defaults", 1)  # (Common)
    klu_analyze = _fn("klu_l_analyze", 4)  # (n, Ap, Ai, Common) -> Symbolic*
    klu_factor = _fn("klu_l_factor", 5)  # (Ap, Ai, Ax, Symbolic, Common) -> Numeric*
    klu_refactor = _fn("klu_l_refactor", 6)  # (Ap, Ai, Ax, Symbolic, Numeric, Common) -> ok
    klu_solve = _fn("klu_l_solve", 6)  # (Symbolic, Numeric, ldim, nrhs, B, Common) -> ok
    klu_free_symbolic = _fn("klu_l_free_symbolic", 2)  # (&Symbolic, Common)
    klu_free_numeric = _fn("klu_l_free_numeric", 2)  # (&Numeric, Common)
    klu_rgrowth = _fn("klu_l_rgrowth", 6)  # (Ap, Ai, Ax, Symbolic, Numeric, Common) -> ok
    # Complex ("zl") variants: Ax and B are interleaved (re, im) pairs, numpy complex128's layout.
    klu_z_factor = _fn("klu_zl_factor", 5)
    klu_z_refactor = _fn("klu_zl_refactor", 6)
    klu_z_solve = _fn("klu_zl_solve", 6)
    klu_z_free_numeric = _fn("klu_zl_free_numeric", 2)


def available() -> bool:
    return LIB is not None


class KLUFactor:
    """KLU state for one CSC pattern: Common, Symbolic (analysed here, once), Numeric (filled by
    the first factorization, refactorized after). `handles` = [Symbolic*, Numeric*] as int64, the
    form the numba kernels take; `common` is the klu_l_common struct as 24 int64 words.
    """

    def __init__(self, indptr: np.ndarray, indices: np.ndarray, n: int, complex_values: bool = False,
                 newton: bool = False) -> None:
        if LIB is None:
            raise ImportError("libklu is not installed (apt-get install libklu1)")
        self.dtype = complex if complex_values else float
        self._factor, self._refactor, self._solve, self._free_numeric = (
            (klu_z_factor, klu_z_refactor, klu_z_solve, klu_z_free_numeric) if complex_values
            else (klu_factor, klu_refactor, klu_solve, klu_free_numeric))
        self.indptr = np.ascontiguousarray(indptr, dtype=np.int64)
        self.indices = np.ascontiguousarray(indices, dtype=np.int64)
        self.n = n
        self.common = np.zeros(COMMON_WORDS, dtype=np.int64)
        klu_defaults(self.common.ctypes.data)
        if newton:
            # A Newton Jacobian: no row scaling and no per-call validation of Ap/Ai (KLU_scale walks every
            # entry each refactorization, a fifth of its time on PF Jacobians). The pattern is fixed and
            # built by the engine, and a step's accuracy only shapes the path: convergence is judged on the
            # mismatch, computed from Ybus itself. Direct solves (DC flow, short circuit) keep the defaults.
            self.common[SCALE_WORD] = -1
        self.handles = np.zeros(2, dtype=np.int64)
        self.handles[0] = klu_analyze(n, self.indptr.ctypes.data, self.indices.ctypes.data, self.common.ctypes.data)
        if self.handles[0] == 0:
            raise RuntimeError(f"KLU symbolic analysis failed (status {self.status})")

    @property
    def status(self) -> int:
        return int(self.common[STATUS_WORD])

    def factor(self, data: np.ndarray) -> bool:
        """Numeric factorization (first call: with pivoting; later: refactor). False if singular."""
        data = np.ascontiguousarray(data, dtype=self.dtype)
        args = (self.indptr.ctypes.data, self.indices.ctypes.data, data.ctypes.data)
        if self.handles[1] == 0:
            self.handles[1] = self._factor(*args, int(self.handles[0]), self.common.ctypes.data)
            return self.handles[1] != 0 and self.status == KLU_OK
        ok = self._refactor(*args, int(self.handles[0]), int(self.handles[1]), self.common.ctypes.data)
        if ok and self.status == KLU_OK:
            return True
        # The kept pivots do not suit these values: a fresh factorization chooses new ones.
        self._free_numeric(self.handles[1:].ctypes.data, self.common.ctypes.data)
        self.handles[1] = self._factor(*args, int(self.handles[0]), self.common.ctypes.data)
        return self.handles[1] != 0 and self.status == KLU_OK

    def solve(self, rhs: np.ndarray) -> np.ndarray:
        x = np.array(rhs, dtype=self.dtype, copy=True)
        self._solve(int(self.handles[0]), int(self.handles[1]), self.n, 1, x.ctypes.data, self.common.ctypes.data)
        return x

    def solve_many(self, rhs: np.ndarray) -> np.ndarray:
        """Solve for several right-hand sides at once: `rhs` is (k, n), one right-hand side per row (C order
        is KLU's column-major n x k block)."""
        x = np.array(rhs, dtype=self.dtype, order="C", copy=True)
        k = x.shape[0]
        if k:
            self._solve(int(self.handles[0]), int(self.handles[1]), self.n, k, x.ctypes.data, self.common.ctypes.data)
        return x

    def close(self) -> None:
        if LIB is None:
            return
        if self.handles[1]:
            self._free_numeric(self.handles[1:].ctypes.data, self.common.ctypes.data)
            self.handles[1] = 0
        if self.handles[0]:
            klu_free_symbolic(self.handles[:1].ctypes.data, self.common.ctypes.data)
            self.handles[0] = 0

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # pragma: no cover - interpreter shutdown
            pass
