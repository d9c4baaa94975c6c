"""Sparse LU candidates for the Newton loop, on a real power-flow Jacobian (same run, same matrix).

    .venv/bin/python benchmarks/klu_candidates.py [--case case9241pegase] [--repeat 7]

For each binding: the symbolic analysis (once per pattern), the first numeric factorization,
a numeric refactorization with new values (what every later NR iteration pays) and one solve.
Bindings that are not installed are reported as such (pip install nbklu pyklu kvxopt to try them;
none is a gridsolve dependency). Licences (as the packages declare them):
- gridsolve.powerflow.klu: ctypes binding (ours) of Debian's libklu1 — SuiteSparse KLU, LGPL-2.1+
- nbklu 0.3: BSD-3-Clause wrapper, bundles SuiteSparse KLU (LGPL-2.1+)
- PyKLU 0.2: LGPL-2.1-or-later (no refactor: analysis + factorization on every call)
- kvxopt 1.3: GPL-3.0-or-later (~130 MB installed; klu.numeric, no refactor)
- scipy SuperLU: BSD-3-Clause
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "solver_layer"))

from gridsolve import compile_network  # noqa: E402
from gridsolve import io as gio  # noqa: E402
from gridsolve.powerflow import klu  # noqa: E402
from gridsolve.powerflow.driver import initial_voltage  # noqa: E402
from gridsolve.powerflow.newton import JacobianPattern  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "matpower"


def jacobian(case: str) -> tuple[sp.csc_matrix, np.ndarray]:
    cn = compile_network(gio.read_case(DATA / f"{case}.m"))
    v = initial_voltage(cn, cn.bus_type.copy())
    j = JacobianPattern(cn.ybus(), cn.pv, cn.pq).jacobian(v)
    return j, np.random.default_rng(0).normal(size=j.shape[0])


def ms(times: list[float]) -> str:
    return f"{1e3 * statistics.median(times):7.2f}" if times else "    n/a"


def ours(j, b, repeat):
    t = {"analyze": [], "factor": [], "refactor": [], "solve": []}
    for _ in range(repeat):
        t0 = time.perf_counter()
        k = klu.KLUFactor(j.indptr, j.indices, j.shape[0])
        t1 = time.perf_counter()
        k.factor(j.data)
        t2 = time.perf_counter()
        k.factor(j.data * 1.01)
        t3 = time.perf_counter()
        x = k.solve(b)
        t4 = time.perf_counter()
        k.close()
        for key, dt in zip(t, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            t[key].append(dt)
    return t, x


def nbklu_(j, b, repeat):
    import nbklu

    t = {"analyze": [], "factor": [], "refactor": [], "solve": []}
    ap, ai = j.indptr.astype(np.int64), j.indices.astype(np.int64)
    for _ in range(repeat):
        s = nbklu.KLUSolver64Real()
        t0 = time.perf_counter()
        s.analyze(j.shape[0], ap, ai)
        t1 = time.perf_counter()
        s.factor(j.data)
        t2 = time.perf_counter()
        s.refactor(j.data * 1.01)
        t3 = time.perf_counter()
        x = s.solve(b.copy())
        t4 = time.perf_counter()
        for key, dt in zip(t, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            t[key].append(dt)
    return t, x


def pyklu_(j, b, repeat):
    from PyKLU import Klu

    t = {"analyze": [], "factor": [], "refactor": [], "solve": []}
    m2 = sp.csc_matrix((j.data * 1.01, j.indices, j.indptr), shape=j.shape)
    for _ in range(repeat):
        t0 = time.perf_counter()
        Klu(j)
        t1 = time.perf_counter()
        f = Klu(m2)  # no refactor: a new object analyses and factorizes again
        t2 = time.perf_counter()
        x = f.solve(b)
        t3 = time.perf_counter()
        t["factor"].append(t1 - t0)
        t["refactor"].append(t2 - t1)
        t["solve"].append(t3 - t2)
    return t, x


def kvxopt_(j, b, repeat):
    from kvxopt import klu as kklu
    from kvxopt import matrix, spmatrix

    t = {"analyze": [], "factor": [], "refactor": [], "solve": []}
    coo = j.tocoo()
    for _ in range(repeat):
        t0 = time.perf_counter()
        a = spmatrix(matrix(coo.data), matrix(coo.row.astype(np.int64)), matrix(coo.col.astype(np.int64)), j.shape)
        sym = kklu.symbolic(a)
        t1 = time.perf_counter()
        kklu.numeric(a, sym)
        t2 = time.perf_counter()
        a.V = matrix(coo.data * 1.01)
        num = kklu.numeric(a, sym)
        t3 = time.perf_counter()
        x = matrix(b)
        kklu.solve(a, sym, num, x)
        t4 = time.perf_counter()
        for key, dt in zip(t, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            t[key].append(dt)
    return t, np.array(x).ravel()


def superlu_(j, b, repeat):
    t = {"analyze": [], "factor": [], "refactor": [], "solve": []}
    m2 = sp.csc_matrix((j.data * 1.01, j.indices, j.indptr), shape=j.shape)
    for _ in range(repeat):
        t0 = time.perf_counter()
        spla.splu(j, permc_spec="MMD_AT_PLUS_A", options={"SymmetricMode": True})
        t1 = time.perf_counter()
        lu = spla.splu(m2, permc_spec="MMD_AT_PLUS_A", options={"SymmetricMode": True})
        t2 = time.perf_counter()
        x = lu.solve(b)
        t3 = time.perf_counter()
        t["factor"].append(t1 - t0)
        t["refactor"].append(t2 - t1)
        t["solve"].append(t3 - t2)
    return t, x


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--case", default="case9241pegase")
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    j, b = jacobian(args.case)
    j2 = sp.csc_matrix((j.data * 1.01, j.indices, j.indptr), shape=j.shape)
    print(f"{args.case}: Jacobian {j.shape[0]} x {j.shape[0]}, nnz {j.nnz}; times in ms (median of {args.repeat})")
    print(f"{'binding':34s} {'analyze':>8s} {'factor':>8s} {'refactor':>9s} {'solve':>7s}  residual")
    candidates = [("gridsolve.powerflow.klu (libklu1)", ours), ("nbklu", nbklu_), ("PyKLU", pyklu_),
                  ("kvxopt", kvxopt_), ("scipy SuperLU (MMD, symmetric)", superlu_)]
    for name, fn in candidates:
        if fn is ours and not klu.available():
            print(f"{name:34s} not installed (apt-get install libklu1)")
            continue
        try:
            t, x = fn(j, b, args.repeat)
        except ImportError as exc:
            print(f"{name:34s} not installed ({exc.name})")
            continue
        res = float(np.max(np.abs(j2 @ x - b)))
        print(f"{name:34s} {ms(t['analyze'])} {ms(t['factor'])} {ms(t['refactor']):>9s} {ms(t['solve'])}  {res:.1e}")
    print("PyKLU and SuperLU have no refactor: their 'refactor' column is a new analysis + factorization.")


if __name__ == "__main__":
    main()
