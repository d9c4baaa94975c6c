"""Which queued study runs next on a free local worker: fair between accounts, within each account's cap.

Among the studies whose account is below its cap of concurrent studies (`max_concurrent_studies` of its
plan), the next one belongs to the account with the fewest studies running now, oldest first within it. So
two accounts with long queues alternate, and one account's long studies cannot hold every worker while
another account waits.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from chalicelib.studies.repository import QueuedStudy


def next_studies(queued: Iterable[QueuedStudy], running: Counter[str], caps: dict[str, int | None],
                 free_workers: int) -> list[QueuedStudy]:
    """Up to `free_workers` studies to start now, in order (`running`: studies running per account, updated
    as studies are chosen)."""
    waiting: dict[str, list[tuple[int, QueuedStudy]]] = {}
    for age, q in enumerate(queued):  # oldest first
        waiting.setdefault(q.account_key, []).append((age, q))
    chosen: list[QueuedStudy] = []
    while len(chosen) < free_workers:
        open_accounts = [a for a, qs in waiting.items()
                         if qs and (caps.get(a) is None or running[a] < (caps[a] or 0))]
        if not open_accounts:
            break
        account = min(open_accounts, key=lambda a: (running[a], waiting[a][0][0]))  # ties: the oldest head
        chosen.append(waiting[account].pop(0)[1])
        running[account] += 1
    return chosen
