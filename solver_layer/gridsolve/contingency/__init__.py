"""Contingency analysis: N-1 / N-2 outages, each a full AC Newton-Raphson from the base case, ranked by severity.

    from gridsolve.contingency import ContingencyOptions, run
    result, summary = run(net, ContingencyOptions(outages="n-1"))

The contingency study type (gridsolve.studies.contingency) exposes the same work as independent batches
(`plan_batches`, `run_batch`, `merge`) for the service's job queue and the cloud's fan-out.
"""

from .campaign import merge, plan_batches, plan_outages, run, run_batch
from .elements import ContingencyError
from .models import ContingencyOptions

__all__ = ["ContingencyError", "ContingencyOptions", "merge", "plan_batches", "plan_outages", "run", "run_batch"]
