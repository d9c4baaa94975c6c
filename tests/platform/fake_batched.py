"""A tiny batched study type for the platform and AWS tests: squares of the work items' numbers (every number is
checkable by hand), registered by the `squares` fixture. It shows the platform's batching depends on nothing but
the StudyType seam (plan_batches / run_batch / merge)."""

from __future__ import annotations

from typing import Any, Literal

import pytest
from pydantic import BaseModel

from gridsolve.errors import GridSolveError
from gridsolve.studies import STUDY_TYPES, StudyOptions, StudyOutcome, StudyType

RUNS: list[tuple[int, ...]] = []  # every run_batch call, by the numbers it ran (this process only)


class SquaresOptions(StudyOptions):
    method: Literal["sum"] = "sum"
    n: int = 10
    batch_size: int = 3
    items: list[int] | None = None
    fail_at: int | None = None


class SquaresResult(BaseModel):
    contingencies: list[dict[str, Any]]
    total: int


class SquaresSummary(BaseModel):
    outages: int
    total: int


def _plan(net, o: SquaresOptions) -> list[list[list[str]]]:
    numbers = o.items if o.items is not None else list(range(o.n))
    for k, x in enumerate(numbers):
        if x < 0:
            raise GridSolveError(f"item {x} is not a natural number", field=f"parameters.items[{k}]")
    ids = [[f"x{x}"] for x in numbers]
    return [ids[i:i + o.batch_size] for i in range(0, len(ids), o.batch_size)]


def _run_batch(net, o: SquaresOptions, batch: list[list[str]], progress) -> dict[str, Any]:
    numbers = tuple(int(item[0][1:]) for item in batch)
    RUNS.append(numbers)
    rows = []
    for k, x in enumerate(numbers):
        if progress is not None:
            progress(k / len(numbers))
        if x == o.fail_at:
            raise GridSolveError(f"x{x} cannot be squared", field="parameters.fail_at")
        rows.append({"outage": [f"x{x}"], "value": x * x, "buses": len(net.buses)})
    return {"rows": rows}


def _merge(net, o: SquaresOptions, outputs: list[dict[str, Any]]) -> StudyOutcome:
    rows = sorted((r for out in outputs for r in out["rows"]), key=lambda r: -r["value"])
    total = sum(r["value"] for r in rows)
    return StudyOutcome(status="completed", result={"contingencies": rows, "total": total},
                        summary={"outages": len(rows), "total": total}, work={"outages": len(rows)})


def _run(net, o: SquaresOptions, progress) -> StudyOutcome:
    return _merge(net, o, [_run_batch(net, o, b, progress) for b in _plan(net, o)])


SQUARES = StudyType(name="squares_test", title="Squares (test)", methods=("sum",), options=SquaresOptions,
                    result=SquaresResult, summary=SquaresSummary, run=_run, plan_batches=_plan, run_batch=_run_batch,
                    merge=_merge)


@pytest.fixture
def squares(monkeypatch):
    monkeypatch.setitem(STUDY_TYPES, SQUARES.name, SQUARES)
    RUNS.clear()
    yield SQUARES
