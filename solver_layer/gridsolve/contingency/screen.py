"""DC (LODF) estimates of branch outages: which outages deserve a full AC solve, and which N-2 pairs.

On the DC model of `powerflow.dc` (B' theta = P, MATPOWER's makeBdc), removing the branch set O changes
the flows by  dF = PTDF[:, O] (I - PTDF[O, O])^-1 F[O],  with PTDF[:, o] the flows of a unit transfer
from o's from bus to its to bus (one sparse solve per branch, done in blocks of columns on one LU of the
reduced B'). A singular (I - PTDF[O, O]) means the set islands: such outages are always solved in AC.
The estimated loading of a branch is |F| base / RATE_A x 100 (DC: |V| = 1, no losses, no reactive power),
so screening can only see overloads, never voltage problems; generator outages are always solved in AC.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse.linalg as spla

from ..compile import NONE, REF, CompiledNetwork
from ..errors import SingularSystemError
from ..powerflow.dc import dc_angles, dc_matrices
from .elements import Outageable

BLOCK = 128  # outages whose PTDF columns are computed together


class DCModel:
    """Base DC flows and the factorized reduced B' of one compiled network."""

    def __init__(self, cn: CompiledNetwork) -> None:
        self.cn = cn
        m = dc_matrices(cn)
        self.bf = m.bf.tocsr()
        va = dc_angles(cn, cn.bus_type, m)
        self.flow = m.bf @ va + m.pf_shift  # pu, at the from end
        self.solve_at = np.flatnonzero((cn.bus_type != REF) & (cn.bus_type != NONE))
        pos = -np.ones(cn.n_bus, dtype=np.int64)
        pos[self.solve_at] = np.arange(len(self.solve_at))
        self.pos = pos
        b_red = m.bbus[self.solve_at][:, self.solve_at].tocsc()
        try:  # SuperLU: its solve takes a block of right-hand sides at once
            self.solve = spla.splu(b_red).solve
        except RuntimeError:
            raise SingularSystemError("singular DC power-flow matrix: DC screening is not available for this "
                                      "network") from None
        rating = cn.branches.rating_mva
        self.rated = np.isfinite(rating) & (rating > 0)
        self.scale = np.where(self.rated, 100 * cn.base_mva / np.where(self.rated, rating, 1.0), 0.0)

    def ptdf_columns(self, rows: np.ndarray) -> np.ndarray:
        """Branch flows (n_branch x len(rows)) of a unit transfer from each row's from bus to its to bus."""
        br = self.cn.branches
        rhs = np.zeros((len(self.solve_at), len(rows)))
        k = np.arange(len(rows))
        pf, pt = self.pos[br.f[rows]], self.pos[br.t[rows]]
        np.add.at(rhs, (pf[pf >= 0], k[pf >= 0]), 1.0)
        np.add.at(rhs, (pt[pt >= 0], k[pt >= 0]), -1.0)
        theta = np.zeros((self.cn.n_bus, len(rows)))
        if len(rows):
            theta[self.solve_at] = self.solve(rhs)
        return np.asarray(self.bf @ theta)

    def max_loading(self, outages_rows: list[np.ndarray]) -> np.ndarray:
        """Estimated largest loading (%) after each outage; inf where the outage islands (or has no branch)."""
        out = np.full(len(outages_rows), np.inf)
        for start in range(0, len(outages_rows), BLOCK):
            chunk = outages_rows[start:start + BLOCK]
            need = np.unique(np.concatenate([r for r in chunk if len(r)] or [np.zeros(0, dtype=np.int64)]))
            if not len(need):
                continue
            cols = self.ptdf_columns(need)
            where = {int(r): k for k, r in enumerate(need.tolist())}
            for j, rows in enumerate(chunk):
                if len(rows):
                    out[start + j] = self._after(cols, [where[int(r)] for r in rows], rows)
        return out

    def _after(self, cols: np.ndarray, idx: list[int], rows: np.ndarray) -> float:
        p = cols[:, idx]
        a = np.eye(len(rows)) - p[rows, :]
        if abs(np.linalg.det(a)) < 1e-9:
            return np.inf  # islanding
        flow = self.flow + p @ np.linalg.solve(a, self.flow[rows])
        flow[rows] = 0.0
        loading = np.abs(flow) * self.scale
        return float(loading.max()) if loading.size else 0.0


def dc_screen(cn: CompiledNetwork, cat: dict[str, Outageable], bridge: np.ndarray, outages: list[list[str]],
              options: Any) -> tuple[list[list[str]], dict[str, Any]]:
    """The outages kept for AC (generator outages, islanding ones and those whose DC estimate is within the
    margin of the limit), in their order, and the screening's account."""
    threshold = options.loading_limit_percent - options.screen_margin_percent
    branch_only = [o for o in outages if all(cat[e].unit < 0 for e in o)]
    estimate = DCModel(cn).max_loading([_rows(cat, o) for o in branch_only])
    est = {tuple(o): x for o, x in zip(branch_only, estimate.tolist(), strict=True)}
    kept = [o for o in outages if est.get(tuple(o), np.inf) >= threshold]
    return kept, {"method": "dc", "candidates": len(kept), "screened_out": len(outages) - len(kept),
                  "threshold_percent": float(threshold)}


def n2_pairs(cn: CompiledNetwork, cat: dict[str, Outageable], bridge: np.ndarray, options: Any) -> list[list[str]]:
    """Generated N-2 outages: pairs of branches (of the chosen classes; bridges left out, they island alone).

    worst: pairs among the K worst N-1 outages by DC estimate (K the smallest with K(K-1)/2 >= n2_max_pairs),
    most severe pairs first (by the sum of their N-1 estimates). lodf: pairs among the 2K worst, ranked by
    the DC estimate of the joint outage."""
    classes = {c for c in options.elements if c != "generators"}
    cands = [e for e in cat.values() if e.element_class in classes and not any(bridge[r] for r in e.rows)]
    if len(cands) < 2:
        return []
    model = DCModel(cn)
    single = model.max_loading([np.array(e.rows, dtype=np.int64) for e in cands])
    single = np.where(np.isfinite(single), single, -1.0)  # islanding-in-DC (not a bridge: numerical) last
    order = np.argsort(-single, kind="stable")
    want = options.n2_max_pairs
    k = 2
    while k * (k - 1) // 2 < want and k < len(cands):
        k += 1
    pool = order[: (k if options.n2_pairs_from == "worst" else min(len(cands), 2 * k))].tolist()
    pairs = [(a, b) for i, a in enumerate(pool) for b in pool[i + 1:]]
    if options.n2_pairs_from == "worst":
        score = np.array([single[a] + single[b] for a, b in pairs])
    else:
        score = model.max_loading([np.array(cands[a].rows + cands[b].rows, dtype=np.int64) for a, b in pairs])
        score = np.where(np.isfinite(score), score, -1.0)
    best = np.argsort(-score, kind="stable")[:want]
    return [[cands[pairs[i][0]].id, cands[pairs[i][1]].id] for i in best.tolist()]


def _rows(cat: dict[str, Outageable], outage: list[str]) -> np.ndarray:
    return np.array([r for e in outage for r in cat[e].rows], dtype=np.int64)
