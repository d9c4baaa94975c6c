"""Which outages split the grid: bridges for single outages, connected components for sets.

A branch is a bridge when its removal disconnects its island (parallel branches are separate edges, so
neither of two parallel circuits is a bridge). Bridges are found once per network by an iterative
Tarjan low-link search (scipy.sparse.csgraph has components but no bridge search); an outage set of
several elements is checked with `csgraph.connected_components` on the graph without them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components


@dataclass
class Bridges:
    """Tarjan's depth-first search of the branch graph: which rows are bridges and, for each bridge, the
    buses on its far side (the search subtree below it: buses whose discovery time lies in the child's
    [disc, fin] interval)."""

    is_bridge: np.ndarray  # bool per branch row
    child: np.ndarray  # per row: the bus below a bridge in the search tree (-1 for non-bridges)
    disc: np.ndarray  # discovery time per bus
    fin: np.ndarray  # largest discovery time in each bus's subtree

    def far_side(self, row: int) -> np.ndarray:
        """Boolean per bus: the buses cut off on the child's side of bridge `row`."""
        c = self.child[row]
        return (self.disc >= self.disc[c]) & (self.disc <= self.fin[c])


def bridges(n_bus: int, f: np.ndarray, t: np.ndarray) -> Bridges:
    """Bridges of the multigraph of branch rows (parallel rows are separate edges), iteratively."""
    m = len(f)
    ends = np.r_[f, t]
    other = np.r_[t, f]
    edge = np.r_[np.arange(m), np.arange(m)]
    order = np.argsort(ends, kind="stable")
    nbr, nbr_edge = other[order].tolist(), edge[order].tolist()
    start = np.searchsorted(ends[order], np.arange(n_bus + 1)).tolist()
    disc = [-1] * n_bus
    low = [0] * n_bus
    fin = [0] * n_bus
    child = np.full(m, -1, dtype=np.int64)
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
            fin[node] = timer - 1
            if stack:
                parent = stack[-1][0]
                if low[node] < low[parent]:
                    low[parent] = low[node]
                if low[node] > disc[parent]:
                    child[via] = node
    return Bridges(child >= 0, child, np.array(disc, dtype=np.int64), np.array(fin, dtype=np.int64))


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
