"""The contingency study type (N-1 / N-2, full AC per outage): batched execution for the service.

`plan_batches` splits the outages into batches, `run_batch` solves one batch on its own (each batch
compiles the network and solves the base case, so batches run anywhere in any order), `merge` ranks
every batch's rows into the result; `run` does all three in one process (the CLI), over a process pool.
"""

from __future__ import annotations

from typing import Any, Literal

from ..contingency import campaign
from ..contingency.models import ContingencyOptions as EngineOptions
from ..contingency.models import ContingencyResult, ContingencySummary
from ..contingency.spreadsheet import csv_rows
from ..model import Network
from .base import Progress, StudyOptions, StudyOutcome, StudyType
from .jsonsafe import json_safe


class ContingencyOptions(StudyOptions, EngineOptions):
    """The engine's options (gridsolve.contingency.models) plus the analysis method."""

    method: Literal["newton_raphson"] = "newton_raphson"


def plan_batches(net: Network, options: ContingencyOptions) -> list[list[list[str]]]:
    return campaign.plan_batches(net, options)


def run_batch(net: Network, options: ContingencyOptions, batch: list[list[str]],
              progress: Progress | None = None) -> dict[str, Any]:
    return json_safe(campaign.run_batch(net, options, batch, progress))


def _outcome(result: dict[str, Any], summary: dict[str, Any]) -> StudyOutcome:
    return StudyOutcome(status="completed", result=json_safe(result), summary=json_safe(summary),
                        notes=list(result.get("notes", [])), wall_time_s=summary.get("wall_time_s"),
                        work={"outages": float(summary["outages"])})


def merge(net: Network, options: ContingencyOptions, batch_outputs: list[dict[str, Any]]) -> StudyOutcome:
    return _outcome(*campaign.merge(net, options, batch_outputs))


def run(net: Network, options: ContingencyOptions, progress: Progress | None = None) -> StudyOutcome:
    return _outcome(*campaign.run(net, options, progress))


STUDY = StudyType(
    name="contingency", title="Contingency analysis (N-1 / N-2)", methods=("newton_raphson",),
    options=ContingencyOptions, result=ContingencyResult, summary=ContingencySummary, run=run,
    plan_batches=plan_batches, run_batch=run_batch, merge=merge, batch_work_unit="outages", csv_rows=csv_rows,
    description="Outages of branches, transformers and generators, each a full AC Newton-Raphson from the base "
    "case; islanding, violations and a severity ranking; optional DC (LODF) screening and generated N-2 pairs",
)
