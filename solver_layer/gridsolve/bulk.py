"""The engine's bulk path for large cases: the cyclic garbage collector paused while it builds many objects,
and element tables (struct-of-arrays) for imported cases, whose per-element objects are built only on demand.

Pausing CPython's cyclic garbage collector while the engine builds many objects:

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
from typing import TYPE_CHECKING, ParamSpec, TypeVar

import numpy as np

if TYPE_CHECKING:
    from pydantic import BaseModel

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


# --- Element tables: struct-of-arrays of an imported case's element lists -----------------------------------------
#
# pydantic validates user input; an imported 80,000-bus case has hundreds of thousands of rows whose values the
# importer has checked as arrays (io/matpower.py) against the same constraints the fields declare. Such a list is
# kept as a `Table` (one column per field) on the Network (model.Network.from_tables); the per-element objects are
# built only when something asks for the list (`trusted_elements`, the way `Model.model_construct` builds them:
# defaults filled, no validation, ~1 us per element). The power-flow path (compile, results) reads the columns
# and never builds them. tests/engine/test_golden_outputs.py proves the elements equal to validated construction:
# it compares `model_dump_json()` of every imported network with digests recorded when every row was validated.

M = TypeVar("M", bound="BaseModel")

_DEFAULTS: dict[type, dict] = {}


def _defaults(cls: type[BaseModel]) -> dict:
    """Every field in declaration order (the order pydantic keeps and serializes), with its
    default; required fields hold a placeholder that each row overwrites."""
    found = _DEFAULTS.get(cls)
    if found is None:
        found = {name: (None if info.is_required() else info.get_default(call_default_factory=True))
                 for name, info in cls.model_fields.items()}
        _DEFAULTS[cls] = found
    return found


def _python(values: list | np.ndarray) -> list:
    return values.tolist() if isinstance(values, np.ndarray) else values


def trusted_elements(cls: type[M], columns: dict[str, list | np.ndarray]) -> list[M]:
    """One `cls` per row of `columns` (field name -> already-checked values: a list, or an array whose
    `tolist()` gives them)."""
    defaults = _defaults(cls)
    names = list(columns)
    missing = [n for n, info in cls.model_fields.items() if info.is_required() and n not in columns]
    if missing:
        raise TypeError(f"{cls.__name__}: required fields {missing} not given")
    fields_set = set(names)
    new = cls.__new__
    setattr_ = object.__setattr__
    out = []
    for values in zip(*(_python(c) for c in columns.values()), strict=True):
        d = defaults.copy()  # keeps declaration order; update() only replaces values
        d.update(zip(names, values, strict=True))
        obj = new(cls)
        setattr_(obj, "__dict__", d)
        setattr_(obj, "__pydantic_fields_set__", set(fields_set))
        setattr_(obj, "__pydantic_extra__", None)
        setattr_(obj, "__pydantic_private__", None)
        out.append(obj)
    return out


Column = list | np.ndarray | Callable[[], list]


class Table:
    """The rows of one element list as columns: field name -> values (a list of Python values, a numpy array of
    them, or a function giving them when first asked for: a column no study reads is then never built), every
    column of length `n`; fields not given take the model's default."""

    def __init__(self, cls: type[BaseModel], columns: dict[str, Column],
                 refs: dict[str, tuple[Table, np.ndarray]] | None = None) -> None:
        """`refs`: for a field naming elements of another table (a bus), that table and each row's position in
        it, so that consumers join by position instead of by id (`Network.bus_rows`)."""
        lengths = {len(c) for c in columns.values() if not callable(c)}
        if len(lengths) != 1:
            raise ValueError(f"{cls.__name__} table: needs columns of one length, found {sorted(lengths)}")
        self.cls, self.columns = cls, columns
        self.n = lengths.pop()
        self.refs = refs or {}

    def __len__(self) -> int:
        return self.n

    def column(self, name: str) -> list | np.ndarray:
        """The values of field `name` (the default repeated where the table does not carry it)."""
        values = self.columns.get(name)
        if callable(values):
            values = self.columns[name] = values()
            if len(values) != self.n:
                raise ValueError(f"{self.cls.__name__} table: column {name} has {len(values)} values, not {self.n}")
        if values is not None:
            return values
        if name not in self.cls.model_fields:
            raise AttributeError(f"{self.cls.__name__} has no field '{name}'")
        return [_defaults(self.cls)[name]] * self.n

    def elements(self) -> list:
        return trusted_elements(self.cls, {name: self.column(name) for name in self.columns}) if self.n else []


class SortedLookup:
    """Rows of a key column (bus numbers) found by sorted search, for the tables that refer to it by key."""

    def __init__(self, keys: np.ndarray) -> None:
        self.order = np.argsort(keys, kind="stable")
        self.sorted = keys[self.order]

    def rows(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(row of each key, whether it exists)."""
        if not len(self.sorted):
            return np.zeros(len(keys), dtype=np.int64), np.zeros(len(keys), dtype=bool)
        pos = np.minimum(np.searchsorted(self.sorted, keys), len(self.sorted) - 1)
        return self.order[pos], self.sorted[pos] == keys


def take(values: list[str], rows: np.ndarray) -> list[str]:
    """values[k] for k in rows (the same objects); long ones through an object array (about half the time of a
    list comprehension)."""
    if len(rows) < 1000:
        return [values[k] for k in rows.tolist()]
    objects = np.empty(len(values), dtype=object)
    objects[:] = values
    return objects[rows].tolist()
