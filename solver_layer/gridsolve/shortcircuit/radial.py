"""Feeders of a non-meshed network: which source lies behind each branch end, seen from a fault.

IEC 60909-0 §9.1.2 and §10.2.2: in a network without loops the breaking and steady-state currents
are sums of the partial currents, each decaying with its own source's factor (mu, mu q, lambda).
Seen from a faulted bus, every incident branch leads into a subtree; when that subtree holds one
voltage source, the branch's current is that source's partial current. A rooted spanning forest
with per-subtree source counts answers this for every bus in O(n).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import breadth_first_order, connected_components

NONE, SEVERAL = -1, -2


@dataclass
class Feeders:
    parent: np.ndarray  # compiled bus -> parent in the rooted forest (-9999 for roots)
    count: np.ndarray  # voltage sources in the subtree rooted at each bus
    index_sum: np.ndarray  # sum of (source index + 1) over that subtree (the index, where count is 1)
    label: np.ndarray  # tree of each bus
    total: np.ndarray  # per tree: sources, and their index sum
    total_sum: np.ndarray

    @classmethod
    def of(cls, n_bus: int, f: np.ndarray, t: np.ndarray, source_bus: np.ndarray) -> Feeders:
        """The forest of branches (f, t) over energized buses; `source_bus` per voltage source."""
        graph = sp.csr_matrix((np.ones(len(f)), (f, t)), shape=(n_bus, n_bus))
        n_tree, label = connected_components(graph, directed=False)
        parent = np.full(n_bus, -9999, dtype=np.int64)
        order_all = []
        for tree in range(n_tree):
            root = int(np.flatnonzero(label == tree)[0])
            order, pred = breadth_first_order(graph, root, directed=False, return_predecessors=True)
            parent[order] = pred[order]
            order_all.append(order)
        count = np.zeros(n_bus, dtype=np.int64)
        index_sum = np.zeros(n_bus, dtype=np.int64)
        np.add.at(count, source_bus, 1)
        np.add.at(index_sum, source_bus, np.arange(len(source_bus)) + 1)
        own_count, own_sum = count.copy(), index_sum.copy()
        for order in order_all:  # children before parents
            for v in order[::-1]:
                p = parent[v]
                if p >= 0:
                    count[p] += count[v]
                    index_sum[p] += index_sum[v]
        total = np.bincount(label, weights=own_count, minlength=n_tree).astype(np.int64)
        total_sum = np.bincount(label, weights=own_sum, minlength=n_tree).astype(np.int64)
        return cls(parent, count, index_sum, label, total, total_sum)

    def behind(self, fault_bus: int, other_end: int) -> int:
        """The voltage source behind the branch from `fault_bus` to `other_end`: its index, NONE or SEVERAL."""
        if self.parent[other_end] == fault_bus:  # the branch leads into other_end's subtree
            n, s = self.count[other_end], self.index_sum[other_end]
        else:  # it leads to the parent: everything but fault_bus's subtree
            tree = self.label[fault_bus]
            n, s = self.total[tree] - self.count[fault_bus], self.total_sum[tree] - self.index_sum[fault_bus]
        if n == 0:
            return NONE
        return int(s - 1) if n == 1 else SEVERAL
