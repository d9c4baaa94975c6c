"""Rate limits as token buckets in SQL: `capacity` attempts, refilled continuously at capacity/period.

A bucket has no window boundary (a fixed window lets twice the limit through around its edge), and taking
a token is one conditional UPDATE (refill, test and decrement in the same statement), so concurrent
requests cannot overdraw it on SQLite or PostgreSQL.
"""

from __future__ import annotations

import math
import time

from sqlalchemy import case, delete, literal, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from chalicelib.http.errors import TooManyRequests
from chalicelib.storage.db import affected
from chalicelib.storage.models import RateBucket

Limit = tuple[int, int]  # (capacity, seconds to refill it from empty)


def _refilled(capacity: int, rate: float, now: float):
    level = RateBucket.tokens + (literal(now) - RateBucket.updated_at) * rate
    return case((level > capacity, float(capacity)), else_=level)


def take(s: Session, key: str, limit: Limit, now: float | None = None) -> float:
    """Take one token. Returns 0 when taken, else the seconds until the next token."""
    capacity, period = limit
    now = time.time() if now is None else now
    rate = capacity / period
    level = _refilled(capacity, rate, now)
    taken = affected(s.execute(
        update(RateBucket).where(RateBucket.key == key, level >= 1).values(tokens=level - 1, updated_at=now)
    ))
    if taken == 1:
        return 0.0
    if s.get(RateBucket, key) is None:
        try:
            with s.begin_nested():
                s.add(RateBucket(key=key, tokens=capacity - 1.0, updated_at=now))
            return 0.0
        except IntegrityError:  # another request created it first: try once more
            return take(s, key, limit, now)
    left = s.scalar(select(level).where(RateBucket.key == key)) or 0.0
    return max(1.0, math.ceil((1 - left) / rate))


def empty(s: Session, key: str, limit: Limit, now: float | None = None) -> bool:
    """Whether the bucket has no whole token left (without taking one)."""
    capacity, period = limit
    now = time.time() if now is None else now
    left = s.scalar(select(_refilled(capacity, capacity / period, now)).where(RateBucket.key == key))
    return left is not None and left < 1


def reset(s: Session, key: str) -> None:
    """Full again (a success, or the owner lifting a lockout)."""
    s.execute(delete(RateBucket).where(RateBucket.key == key))


def require(s: Session, key: str, limit: Limit, message: str = "Too many attempts", now: float | None = None) -> None:
    """Take a token or raise 429 with Retry-After."""
    wait = take(s, key, limit, now)
    if wait:
        retry = int(wait)
        raise TooManyRequests(f"{message}; try again in {retry} s", headers={"Retry-After": str(retry)})
