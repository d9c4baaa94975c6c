"""A contingency campaign as independent batches: plan, run each batch, merge (the study type's seam).

    batches = plan_batches(net, options)              # outage sets split into batches (JSON-safe)
    outputs = [run_batch(net, options, b, None) for b in batches]   # anywhere, in any order, in parallel
    outcome = merge(net, options, outputs)            # base case + every row -> ranked result

Every batch compiles the network and solves the base case itself (a batch job owns nothing else); within
one process the compiled base case is kept for the next batch of the same network and options. `run`
does the three steps with a process pool over the batches (`options.threads`, default the machine's cores).
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..compile import NONE, CompiledNetwork, compile_network
from ..model import Network
from ..powerflow import run_power_flow
from ..powerflow.newton import _HAVE_NUMBA as HAVE_NUMBA
from .elements import (
    ContingencyError,
    Outageable,
    catalogue,
    check_user_outages,
    n1_outages,
    require_outages,
)
from .models import ContingencyOptions
from .monitor import DETAIL_FIELDS, SEVERITY_FORMULA, Monitor
from .screen import dc_screen, n2_pairs
from .solver import OutageSolver


@dataclass
class Context:
    """One network's compiled base case and outage solver (built once per process per network/options)."""

    cn: CompiledNetwork
    cat: dict[str, Outageable]
    monitor: Monitor
    solver: OutageSolver
    base: dict[str, Any]


#: progress(fraction, message, **data), the study registry's Progress protocol
ProgressFn = Callable[..., None]

_CACHE: dict[tuple[int, str], tuple[Network, Context]] = {}


def context(net: Network, options: ContingencyOptions) -> Context:
    """The compiled network, the solved base case (a clear error when it does not converge) and the solver."""
    key = (id(net), options.model_dump_json(include={"tol", "max_iter", "loading_limit_percent"}))
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is net:
        return hit[1]
    cn = compile_network(net)
    base = run_power_flow(cn, tol=options.tol, max_iter=options.max_iter, init="auto")
    if not base.converged:
        detail = "; ".join(base.notes[-2:])
        raise ContingencyError(f"the base case does not converge ({detail}): a contingency campaign needs a solved "
                               "base case", field="network")
    assert base.v_compiled is not None
    cat = catalogue(cn)
    monitor = Monitor(cn, options.loading_limit_percent)
    solver = OutageSolver(cn, base.v_compiled, cat, monitor, tol=options.tol, max_iter=options.max_iter,
                          numba=_numba())
    live = cn.bus_type != NONE
    fields, _, _ = monitor.evaluate(base.v_compiled, live, np.zeros(0, dtype=np.int64))
    fields.pop("severity")
    base_row = {"converged": True, "iterations": int(base.iterations), **fields}
    ctx = Context(cn, cat, monitor, solver, base_row)
    _CACHE.clear()
    _CACHE[key] = (net, ctx)
    return ctx


def _numba() -> bool | None:
    """numba's kernels for campaigns where numba is installed (its import is paid once per campaign)."""
    forced = os.environ.get("GRIDSOLVE_NUMBA")
    if forced in ("0", "1"):
        return forced == "1"
    return True if HAVE_NUMBA else None


def plan_outages(net: Network, options: ContingencyOptions) -> tuple[list[list[str]], dict[str, Any] | None]:
    """The outage sets to solve in AC, and the DC screening's account (None without screening)."""
    ctx = context(net, options)
    if isinstance(options.outages, list):
        outages = require_outages(check_user_outages(ctx.cat, options.outages), "the outage list has no outages")
    elif options.outages == "n-1":
        outages = require_outages(n1_outages(ctx.cat, list(options.elements)),
                                  f"no in-service element of the classes {', '.join(options.elements)}")
    else:
        outages = require_outages(n2_pairs(ctx.cn, ctx.cat, ctx.solver.bridge, options),
                                  "no pair of in-service branches to outage (n-2 pairs are formed from branches "
                                  "and transformers)")
    if options.screen == "dc":
        return dc_screen(ctx.cn, ctx.cat, ctx.solver.bridge, outages, options)
    return outages, None


def plan_batches(net: Network, options: ContingencyOptions) -> list[list[list[str]]]:
    outages, _ = plan_outages(net, options)
    size = options.batch_size
    return [outages[i:i + size] for i in range(0, len(outages), size)]


def run_batch(net: Network, options: ContingencyOptions, batch: list[list[str]],
              progress: ProgressFn | None = None) -> dict[str, Any]:
    """{"rows": [...]} for one batch: every outage solved; the batch's worst N carry their detail (|V| and angle
    per bus, loading and end flows per branch: `Monitor.detail`)."""
    out = _solve_batch(net, options, batch, progress)
    monitor = context(net, options).monitor
    with _gc_paused():
        for row in out["rows"]:
            detail = row.pop(_STATE, None)
            if detail is not None:
                row.update(monitor.detail(detail))
    return out


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while rows are made (dicts, lists and floats, no cycles: a large
    network's many objects made each full collection cost tens of ms, 15 % of a case9241 batch); restored after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_STATE = "_state"  # an in-process row's key for its worst-N state (`Detail`), made into fields only where kept


def _solve_batch(net: Network, options: ContingencyOptions, batch: list[list[str]],
                 progress: ProgressFn | None = None) -> dict[str, Any]:
    """`run_batch` with the batch's worst N keeping their state as a `Detail` under _STATE (not yet fields)."""
    ctx = context(net, options)
    check_user_outages(ctx.cat, batch)

    def done(n: int) -> None:
        if progress is not None:
            progress(n / len(batch), f"outage {n} of {len(batch)}", done=n)

    with _gc_paused():
        rows, worst = ctx.solver.solve_many(batch, options.full_voltages_worst,
                                            done if progress is not None else None)
    for _, i, detail in worst:
        rows[i][_STATE] = detail
    return {"rows": rows}


def _rank_key(r: dict[str, Any]) -> tuple:
    return -r["severity"], -(r.get("max_loading_percent") or 0.0), r["outage"]


def rank(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows by severity (then largest loading, then outage ids), numbered from 1."""
    ordered = sorted(rows, key=_rank_key)
    for k, r in enumerate(ordered, 1):
        r["rank"] = k
    return ordered


def merge(net: Network, options: ContingencyOptions, batch_outputs: list[dict[str, Any]],
          screening: dict[str, Any] | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """(result, summary) of a whole campaign from every batch's output."""
    started = time.perf_counter()
    ctx = context(net, options)
    rows = rank([dict(r) for out in batch_outputs for r in out["rows"]])
    keep = options.full_voltages_worst
    for r in rows[keep:]:
        r.update(dict.fromkeys(DETAIL_FIELDS))
    if options.screen == "dc" and screening is None:
        _, screening = plan_outages(net, options)
    result = {"base": ctx.base, "contingencies": rows, "severity_formula": SEVERITY_FORMULA,
              "screening": screening, "notes": list(ctx.cn.notes)}
    summary = {
        "outages": len(rows), "converged": sum(r["converged"] for r in rows),
        "islanding": sum(r["islanding"] for r in rows), "non_converged": sum(not r["converged"] for r in rows),
        "with_violations": sum(bool(r["violations"]) for r in rows), "worst": [r["outage"] for r in rows[:10]],
        "screened_out": (screening or {}).get("screened_out", 0), "wall_time_s": time.perf_counter() - started,
    }
    return result, summary


# --- in-process run over a process pool ----------------------------------------------------------------

_WORKER: dict[str, Any] = {}
POOL_MIN_SECONDS = 0.3  # the least single-process time of the rest of a campaign worth starting a process pool for


def _init_worker(net: Network, options: ContingencyOptions) -> None:
    _WORKER["net"], _WORKER["options"] = net, options
    context(net, options)


def _worker_batch(batch: list[list[str]]) -> dict[str, Any]:
    return _solve_batch(_WORKER["net"], _WORKER["options"], batch, None)


def _kept_detail(monitor: Monitor, rows: list[dict[str, Any]], keep: int) -> None:
    """The detail fields of the rows `merge` will keep (the first `keep` in rank order that have a state), made
    from their state; the other states dropped. The rows come out as the batches' `run_batch` rows would have
    merged (a batch's worst N: detail where the campaign's worst N has it), without making the others' fields
    (a batch job must, the pool's workers need not)."""
    for r in sorted(rows, key=_rank_key)[:keep]:
        detail = r.pop(_STATE, None)
        if detail is not None:
            r.update(monitor.detail(detail))
    for r in rows:
        r.pop(_STATE, None)


def threads(options: ContingencyOptions) -> int:
    if options.threads:
        return options.threads
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def run(net: Network, options: ContingencyOptions, progress: ProgressFn | None = None,
        on_batch: Callable[[int, int], None] | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """Plan, run every outage, merge. The first batch runs in this process, timed; the rest goes to a process pool
    (`options.threads` > 1, smaller batches so that every worker gets several) only where it would take this
    process longer than POOL_MIN_SECONDS, else it runs here as one batch (a pool's start-up costs more than
    a small campaign). The rows and the kept detail do not depend on the batching: `merge` ranks them all.
    `on_batch(outages_done, outages_total)` is called as outages finish (the CLI's progress bar)."""
    started = time.perf_counter()
    outages, screening = plan_outages(net, options)
    total = len(outages)
    outputs: list[dict[str, Any]] = []
    done = 0

    def report(n: int) -> None:
        if on_batch is not None:
            on_batch(n, total)
        if progress is not None:
            progress(n / total, f"{n} of {total} outages", done=n, total=total)

    def here(batch: list[list[str]]) -> None:
        nonlocal done
        base = done
        outputs.append(_solve_batch(net, options, batch, lambda _frac, _msg, done=0: report(base + done)))
        done += len(batch)
        report(done)

    probe = min(total, options.batch_size)
    t0 = time.perf_counter()
    here(outages[:probe])
    rest = outages[probe:]
    per_outage = (time.perf_counter() - t0) / max(probe, 1)
    n_workers = min(threads(options), max(1, len(rest) // max(options.batch_size, 1)))
    if rest and n_workers > 1 and per_outage * len(rest) > POOL_MIN_SECONDS:
        size = max(1, min(options.batch_size, -(-len(rest) // (4 * n_workers))))
        batches = [rest[i:i + size] for i in range(0, len(rest), size)]
        with ProcessPoolExecutor(max_workers=n_workers, initializer=_init_worker, initargs=(net, options)) as pool:
            for out in pool.map(_worker_batch, batches):
                outputs.append(out)
                done += len(out["rows"])
                report(done)
    elif rest:
        here(rest)
    every_row = [r for out in outputs for r in out["rows"]]
    with _gc_paused():
        _kept_detail(context(net, options).monitor, every_row, options.full_voltages_worst)
        result, summary = merge(net, options, outputs, screening)
    summary["wall_time_s"] = time.perf_counter() - started
    return result, summary
