"""Pausing CPython's cyclic garbage collector while the engine builds many objects.

Reading, compiling and serializing a large case allocates hundreds of thousands of acyclic objects (elements,
dicts, floats). The collector runs every 700 net allocations and its older generations walk every live object,
so its cost grows with the case: on an 82,000-bus case it was 38 % of reading and 30 % of compiling
(benchmarks/pf_scaling.py). Nothing the engine builds there relies on cycle collection (reference counting frees
it), so the collector is paused for the duration and resumed afterwards. Re-entrant and thread-safe: it resumes
only when the last user leaves, and only if it was enabled when the first came in.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

_lock = threading.Lock()
_users = 0
_was_enabled = False


@contextmanager
def paused_gc() -> Iterator[None]:
    global _users, _was_enabled
    with _lock:
        if _users == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _users += 1
    try:
        yield
    finally:
        with _lock:
            _users -= 1
            if _users == 0 and _was_enabled:
                gc.enable()


def bulk(fn: Callable[P, R]) -> Callable[P, R]:
    """Decorator: run `fn` with the collector paused."""
    @wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with paused_gc():
            return fn(*args, **kwargs)
    return wrapper
