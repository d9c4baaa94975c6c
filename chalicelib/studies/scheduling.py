"""Which queued study runs next on a free local worker: fair between accounts, within each account's cap.

Among the studies whose account is below its cap of concurrent studies (`max_concurrent_studies` of its
plan), the next one belongs to the account with the fewest studies running now, oldest first within it. So
two accounts with long queues alternate, and one account's long studies cannot hold every worker while
another account waits. The jobs of a batched study (its batches, its merge) count as one study against the cap:
its batches spread over the free workers, and an account's job that fits its cap is not held up behind one
that does not.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from chalicelib.studies.repository import QueuedStudy


def next_studies(queued: Iterable[QueuedStudy], running: Counter[str], caps: dict[str, int | None],
                 free_workers: int, running_studies: dict[str, set[str]] | None = None) -> list[QueuedStudy]:
    """Up to `free_workers` jobs to start now, in order (`running`: jobs running per account, updated as jobs
    are chosen). A batched study's batches are jobs of one study: with `running_studies` (the ids of the
    studies running per account) the cap counts studies, so a campaign's batches run in parallel within it."""
    waiting: dict[str, list[tuple[int, QueuedStudy]]] = {}
    for age, q in enumerate(queued):  # oldest first
        waiting.setdefault(q.account_key, []).append((age, q))
    studies = {a: set(ids) for a, ids in (running_studies or {}).items()}

    def has_room(account: str, job: QueuedStudy) -> bool:
        cap = caps.get(account)
        if cap is None:
            return True
        if running_studies is None:
            return running[account] < cap
        held = studies.setdefault(account, set())
        return job.id in held or len(held) < cap

    def first_fit(account: str) -> int | None:  # an account's oldest job that fits its cap
        return next((i for i, (_, q) in enumerate(waiting[account]) if has_room(account, q)), None)

    chosen: list[QueuedStudy] = []
    while len(chosen) < free_workers:
        fits = {a: i for a in waiting if (i := first_fit(a)) is not None}
        if not fits:
            break
        account = min(fits, key=lambda a: (running[a], waiting[a][fits[a]][0]))  # ties: the oldest job
        job = waiting[account].pop(fits[account])[1]
        chosen.append(job)
        running[account] += 1
        studies.setdefault(account, set()).add(job.id)
    return chosen
