"""One exception hierarchy for the engine.

Every error names what it is about (file and line, or element id and field) so that the
CLI, the API and the browser can point the user at the exact place to fix.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict


class FieldError(BaseModel):
    """One problem a user can fix: which element, which field, what is wrong (and where in a file).

    The one error shape of the contract: the model's validation, the engine's checks, the API's error
    bodies and the browser's error list all carry these (power-grid-model's typed validation errors).
    """

    model_config = ConfigDict(frozen=True)

    element_id: str | None = None
    field: str | None = None
    message: str
    file: str | None = None
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


class GridSolveError(Exception):
    """Base class: a message plus the element and field it concerns."""

    code = "gridsolve_error"

    def __init__(
        self,
        message: str,
        *,
        element_id: str | None = None,
        field: str | None = None,
        file: str | None = None,
        line: int | None = None,
        details: dict[str, Any] | None = None,
        errors: list[FieldError] | None = None,
    ) -> None:
        self.message = message
        self.errors: list[FieldError] = list(errors or [])
        self.element_id = element_id
        self.field = field
        self.file = file
        self.line = line
        self.details = details or {}
        super().__init__(self._render())

    def _render(self) -> str:
        where = []
        if self.file:
            where.append(self.file + (f":{self.line}" if self.line is not None else ""))
        elif self.line is not None:
            where.append(f"line {self.line}")
        if self.element_id is not None:
            where.append(f"element '{self.element_id}'")
        if self.field:
            where.append(f"field '{self.field}'")
        return f"{', '.join(where)}: {self.message}" if where else self.message

    @property
    def field_errors(self) -> list[FieldError]:
        """The problems this error reports: every one listed in `errors`, else the error itself."""
        return self.errors or [FieldError(element_id=self.element_id, field=self.field, message=self.message,
                                          file=self.file, line=self.line)]

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"error": self.code, "message": self._render()}
        for key in ("element_id", "field", "file", "line"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        if self.details:
            data["details"] = self.details
        if self.errors:
            data["errors"] = [e.to_dict() for e in self.errors]
        return data


class InvalidNetworkError(GridSolveError):
    """The network data is inconsistent (bad reference, impossible value, duplicate id)."""

    code = "invalid_network"


class ParseError(GridSolveError):
    """A case file could not be read: names the file, the line and the field."""

    code = "parse_error"


class UnsupportedFormatError(GridSolveError):
    code = "unsupported_format"


class SingularSystemError(GridSolveError):
    """The linear system of a solver iteration is singular; names the island or bus."""

    code = "singular_system"


class StudyInputError(GridSolveError):
    """A study cannot run on this network (fault at a de-energized bus, missing data...)."""

    code = "study_input"


def pydantic_message(err: Mapping[str, object]) -> str:
    """One pydantic error's message as users read it: without the "Value error, " pydantic puts before a
    validator's own words."""
    return str(err.get("msg", "invalid")).removeprefix("Value error, ")
