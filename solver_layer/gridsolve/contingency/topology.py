"""Which outages split the grid: bridges for single outages, connected components for sets.

A branch is a bridge when its removal disconnects its island (parallel branches are separate edges, so
neither of two parallel circuits is a bridge). Bridges are found once per network by an iterative
Tarjan low-link search (scipy.sparse.csgraph has components but no bridge search); an outage set of
several elements is checked with `csgraph.connected_components` on the graph without them.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components


def bridges(n_bus: int, f: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Boolean per edge (branch row): True where removing that one edge disconnects its component."""
    m = len(f)
    ends = np.r_[f, t]
    other = np.r_[t, f]
    edge = np.r_[np.arange(m), np.arange(m)]
    order = np.argsort(ends, kind="stable")
    nbr, nbr_edge = other[order].tolist(), edge[order].tolist()
    start = np.searchsorted(ends[order], np.arange(n_bus + 1)).tolist()
    disc = [-1] * n_bus
    low = [0] * n_bus
    is_bridge = np.zeros(m, dtype=bool)
    timer = 0
    for root in range(n_bus):
        if disc[root] >= 0:
            continue
        disc[root] = low[root] = timer
        timer += 1
        stack = [(root, -1, start[root])]  # (node, edge it was reached by, next neighbour position)
        while stack:
            node, via, pos = stack[-1]
            if pos < start[node + 1]:
                stack[-1] = (node, via, pos + 1)
                e, nxt = nbr_edge[pos], nbr[pos]
                if e == via:
                    continue
                if disc[nxt] < 0:
                    disc[nxt] = low[nxt] = timer
                    timer += 1
                    stack.append((nxt, e, start[nxt]))
                elif disc[nxt] < low[node]:
                    low[node] = disc[nxt]
                continue
            stack.pop()
            if stack:
                parent = stack[-1][0]
                if low[node] < low[parent]:
                    low[parent] = low[node]
                if low[node] > disc[parent]:
                    is_bridge[via] = True
    return is_bridge


def components_without(n_bus: int, f: np.ndarray, t: np.ndarray, removed: np.ndarray,
                       live: np.ndarray) -> tuple[int, np.ndarray]:
    """Connected components of the live buses once the branch rows `removed` are out: (count, label per bus;
    -1 for buses that are not live)."""
    keep = np.ones(len(f), dtype=bool)
    keep[removed] = False
    keep &= live[f] & live[t]
    graph = sp.csr_matrix((np.ones(int(keep.sum())), (f[keep], t[keep])), shape=(n_bus, n_bus))
    _, labels = connected_components(graph, directed=False)
    labels = np.where(live, labels, -1)
    uniq, labels_live = np.unique(labels[live], return_inverse=True)
    out = np.full(n_bus, -1, dtype=np.int64)
    out[live] = labels_live
    return len(uniq), out
