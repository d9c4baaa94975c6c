"""Whatever a reader trips over leaves it as a `ParseError` naming the file, and the line and field where known.

Readers raise `ParseError` themselves for what they check; `at_row` converts what the model refuses while a
row is turned into an element (pydantic's errors, named by the row's table and the model field), and
`boundary` converts anything else that escapes a reader (an `int()` of Inf, an index past a short record)
into a `ParseError` for the whole file, so that a caller never sees a traceback for bad input.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from pydantic import ValidationError

from ..errors import FieldError, GridSolveError, ParseError, pydantic_message

# What bad input makes Python raise while a reader converts text (numbers, indices, keys, types).
INPUT_ERRORS = (ValueError, OverflowError, ZeroDivisionError, IndexError, KeyError, TypeError, RecursionError,
                UnicodeError, MemoryError)


def from_validation(exc: ValidationError, source: str, line: int | None = None, table: str = "") -> ParseError:
    errors = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err.get("loc", ()))
        field = f"{table}.{loc}" if table and loc else (table or loc)
        msg = pydantic_message(err)
        errors.append(FieldError(field=field or None, message=msg, file=source, line=line))
    first = errors[0]
    return ParseError(first.message, file=source, line=line, field=first.field, errors=errors)


@contextmanager
def at_row(source: str, line: int | None, table: str) -> Iterator[None]:
    """Errors while one row of `table` (e.g. ``mpc.branch``) becomes an element: ParseError at its line."""
    try:
        yield
    except GridSolveError:
        raise
    except ValidationError as exc:
        raise from_validation(exc, source, line, table) from None
    except INPUT_ERRORS as exc:
        raise ParseError(f"{exc.__class__.__name__}: {exc}"[:300], file=source, line=line, field=table) from None


@contextmanager
def boundary(source: str) -> Iterator[None]:
    """A reader's outer edge: nothing but GridSolveError leaves it."""
    try:
        yield
    except GridSolveError:
        raise
    except ValidationError as exc:
        raise from_validation(exc, source) from None
    except INPUT_ERRORS as exc:
        raise ParseError(f"the file could not be read ({exc.__class__.__name__}: {exc})"[:300],
                         file=source) from None
