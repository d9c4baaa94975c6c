"""What a study type is: an options model, a run function and a result model, registered once.

The service validates requests with `StudyType.parse_options`, documents them from the models' JSON
schemas, and executes every type the same way (claim -> `run` -> store the `StudyOutcome`); the
browser's TypeScript types are generated from the same models.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, ValidationError

from ..errors import FieldError, GridSolveError, pydantic_message


class Progress(Protocol):
    """Progress callback: `fraction` in 0..1, a short message, and study-specific data
    (power flow: `iteration` and `max_mismatch` in pu, for the live convergence plot)."""

    def __call__(self, fraction: float, message: str = "", /, **data: Any) -> None: ...


#: The JSON-schema mark of an option only an in-process run uses (the CLI's process count, say): the service accepts
#: and has no use for it, so the browser's option forms leave it out (`StudyType.form_fields`, read by
#: scripts/gen_contract.py) and the API documents it so marked. On a field: Field(..., json_schema_extra={CLI_ONLY:
#: True}) (an engine options model that cannot import this module spells the key out).
CLI_ONLY = "x-cli-only"


class StudyOptions(BaseModel):
    """Base of every options model: unknown fields are refused by name, types are not coerced."""

    model_config = ConfigDict(extra="forbid", strict=True)


class InvalidOptionsError(GridSolveError):
    """Study options that do not validate; `errors` names every offending option."""

    code = "invalid_options"


@dataclass
class StudyOutcome:
    """What a run hands back to whoever stores it (the CLI, the service, a Lambda task).

    `result` conforms to the study type's result model and is JSON-safe (NaN -> None); `summary`
    to its summary model (violations included); `artifacts` are extra JSON documents stored beside
    the result (e.g. the sequence networks of a short-circuit study); `work` counts the units of work
    the run did by name (e.g. ``{"outages": 240}`` for a contingency study), which the service meters."""

    status: Literal["completed", "failed"]
    result: dict[str, Any]
    summary: dict[str, Any]
    history: list[dict[str, Any]] = field(default_factory=list)
    error_message: str | None = None
    notes: list[str] = field(default_factory=list)
    artifacts: dict[str, Any] = field(default_factory=dict)
    wall_time_s: float | None = None
    work: dict[str, float] = field(default_factory=dict)


RunFn = Callable[[Any, Any, "Progress | None"], StudyOutcome]
FromSolutionFn = Callable[[Any, Any, dict[str, Any]], StudyOutcome]
#: Batched study types (contingency): the work split into independent, JSON-safe batches.
PlanBatchesFn = Callable[[Any, Any], list[list[list[str]]]]
RunBatchFn = Callable[[Any, Any, list[list[str]], "Progress | None"], dict[str, Any]]
MergeFn = Callable[[Any, Any, list[dict[str, Any]]], StudyOutcome]
#: (table name, its stored rows) -> the rows as a spreadsheet reads them (flat cells)
CsvRowsFn = Callable[[str, list[dict[str, Any]]], list[dict[str, Any]]]


@dataclass(frozen=True)
class StudyType:
    """One registered study type. `methods` lists the analysis methods (the first is the default);
    the chosen one reaches `run` as `options.method`."""

    name: str
    title: str
    methods: tuple[str, ...]
    options: type[StudyOptions]
    result: type[BaseModel]
    summary: type[BaseModel]
    run: RunFn
    description: str = ""
    #: Studies an external solver may solve (the browser): the solution's model, and how the engine turns a
    #: solution into the same outcome as `run` (results built and checked by the engine, not the solver).
    solution: type[BaseModel] | None = None
    from_solution: FromSolutionFn | None = None
    #: Names of the documents `run` stores beside the result (`StudyOutcome.artifacts`).
    artifacts: tuple[str, ...] = ()
    #: What `run` takes: "network" (gridsolve.model.Network) or "feeder" (gridsolve.unbalanced.Feeder).
    input_kind: Literal["network", "feeder"] = "network"
    #: Batched execution (None for unbatched types): `plan_batches(network, options)` splits the work into
    #: batches (JSON-safe), `run_batch(network, options, batch, progress)` runs one batch independently of the
    #: others and returns a JSON-safe dict, `merge(network, options, batch_outputs)` builds the StudyOutcome from
    #: every batch's output (in plan order). `run` does the three in one process (the CLI).
    plan_batches: PlanBatchesFn | None = None
    run_batch: RunBatchFn | None = None
    merge: MergeFn | None = None
    #: The `work` unit one planned batch item counts as (e.g. "outages"): a plan's size is known before it runs,
    #: so the service can refuse a campaign larger than the account's remaining quota.
    batch_work_unit: str | None = None
    #: How a result table's rows read in a spreadsheet (the CSV download): `csv_rows(table, rows)` gives flat rows
    #: (lists as text, bulky detail left to the JSON); None: the stored rows as they are.
    csv_rows: CsvRowsFn | None = None

    @property
    def batched(self) -> bool:
        return self.run_batch is not None

    @property
    def runs_in_browser(self) -> bool:
        return self.from_solution is not None

    @property
    def form_fields(self) -> list[str]:
        """The options a caller of the service sets, in declared order: every field but `method` (the analysis
        method) and those marked CLI_ONLY."""
        def cli_only(extra: object) -> bool:
            return isinstance(extra, dict) and bool(extra.get(CLI_ONLY))

        return [name for name, f in self.options.model_fields.items()
                if name != "method" and not cli_only(f.json_schema_extra)]

    def parse_options(self, method: str | None, parameters: dict[str, Any] | None) -> StudyOptions:
        """Validate request parameters; every unknown or ill-typed option is named as `parameters.<name>`."""
        method = method or self.methods[0]
        if method not in self.methods:
            raise InvalidOptionsError(
                f"analysis method for {self.name} must be one of {', '.join(self.methods)}",
                errors=[FieldError(field="analysis_method", message="|".join(self.methods))],
                field="analysis_method")
        if parameters is not None and not isinstance(parameters, dict):
            raise InvalidOptionsError("parameters must be an object",
                                      errors=[FieldError(field="parameters", message="object expected")],
                                      field="parameters")
        params = dict(parameters or {})
        if "method" in params:
            problems = [FieldError(field="parameters.method", message="unknown parameter (use analysis_method)")]
            raise InvalidOptionsError("unknown parameter: method", errors=problems, field="parameters.method")
        try:
            return self.options.model_validate({**params, "method": method})
        except ValidationError as exc:
            problems = [_option_error(err) for err in exc.errors()]
            first = problems[0]
            raise InvalidOptionsError(first.message, errors=problems, field=first.field) from None

    def parameters_schema(self) -> dict[str, Any]:
        """JSON schema of the request's `parameters` (the options without `method`)."""
        schema = self.options.model_json_schema()
        schema.get("properties", {}).pop("method", None)
        if "required" in schema:
            schema["required"] = [r for r in schema["required"] if r != "method"]
        return schema


def validation_errors(exc: ValidationError, prefix: str) -> list[FieldError]:
    """pydantic's errors as FieldErrors with dotted fields under `prefix` (e.g. `solution.vm_pu[3]`)."""
    out = []
    for err in exc.errors():
        path = prefix
        for part in err.get("loc", ()):
            path += f"[{part}]" if isinstance(part, int) else f".{part}"
        out.append(FieldError(field=path, message=pydantic_message(err)))
    return out


def _option_error(err: Any) -> FieldError:
    loc = [str(p) for p in err.get("loc", ()) if not isinstance(p, int)] or ["parameters"]
    message = "unknown parameter" if err.get("type") == "extra_forbidden" else pydantic_message(err)
    return FieldError(field="parameters." + loc[0], message=message)
