"""Study runners behind one interface: a local process pool (default for the local server), inline, or none.

A runner is handed (study id, run token) after the study's row is committed; it never decides anything about
the study itself (that is the repository's job). On AWS the same interface is implemented by a Step Functions
runner.
"""

from __future__ import annotations

import functools
import logging
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Protocol

from chalicelib.studies.execute import ExecutionContext, execute_study
from chalicelib.studies.sfn_runner import StepFunctionsRunner

log = logging.getLogger("gridsolve.runner")


def watch_parent(parent_pid: int, interval_s: float = 0.5) -> None:
    """Worker initializer: exit when the server that started this worker is gone (e.g. kill -9), so no
    orphan keeps running; the restarted server re-queues or fails what the worker was doing."""

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C goes to the server, which stops the workers

    def watch() -> None:
        while True:
            time.sleep(interval_s)
            if os.getppid() != parent_pid:
                os._exit(0)

    threading.Thread(target=watch, name="gridsolve-parent-watch", daemon=True).start()


class Runner(Protocol):
    name: str

    def submit(self, study_id: str, run_token: str, *, bus_count: int | None = None) -> None:
        """Run the study this token holds; `bus_count` lets a runner choose where (Lambda or Fargate)."""

    def shutdown(self) -> None: ...


class NoRunner:
    """Leaves studies pending (an external runner picks them up)."""

    name = "none"

    def submit(self, study_id: str, run_token: str, *, bus_count: int | None = None) -> None:
        return None

    def shutdown(self) -> None:
        return None


class InlineRunner:
    """Runs the study inside the calling request (tests, tiny deployments)."""

    name = "inline"

    def __init__(self, context: ExecutionContext):
        self.context = context

    def submit(self, study_id: str, run_token: str, *, bus_count: int | None = None) -> None:
        execute_study(study_id, run_token, context=self.context)

    def shutdown(self) -> None:
        return None


class ProcessRunner:
    """A ProcessPoolExecutor of spawned workers; jobs are durable rows, so nothing is lost on a crash."""

    name = "process"

    def __init__(self, context: ExecutionContext, workers: int):
        self.context = context
        self.env = context.settings.to_env()
        self.workers = max(1, workers)
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._futures: dict[str, Future] = {}
        self._closing = False

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    self.workers,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=watch_parent,
                    initargs=(os.getpid(),),
                )
            return self._pool

    def submit(self, study_id: str, run_token: str, *, bus_count: int | None = None) -> None:
        try:
            fut = self._executor().submit(execute_study, study_id, run_token, self.env, os.getpid())
        except Exception:  # a broken pool (a worker was killed): start a new one once
            log.warning("process pool broken; restarting it")
            with self._lock:
                self._pool = None
            fut = self._executor().submit(execute_study, study_id, run_token, self.env, os.getpid())
        self._futures[study_id] = fut
        fut.add_done_callback(functools.partial(self._done, study_id))

    def _done(self, study_id: str, fut: Future) -> None:
        self._futures.pop(study_id, None)
        exc = None if fut.cancelled() else fut.exception()
        if (
            exc is not None and not self._closing
        ):  # the worker process died (killed, out of memory): fail the study with the reason
            log.error("worker for study %s died: %r", study_id, exc)
            try:
                self.context.studies.fail_if_active(study_id, f"The worker process running this study died ({exc!r})")
            except Exception:
                log.exception("could not record the failure of study %s", study_id)

    def shutdown(self) -> None:
        """Clean stop: workers are terminated and the studies they were running go back to 'pending'
        (without using up an attempt); the next start runs them again."""
        self._closing = True
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is None:
            return
        inflight = list(self._futures)
        procs = list(getattr(pool, "_processes", {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for p in procs:
            if p.is_alive():
                p.terminate()
        for p in procs:
            p.join(timeout=5)
        if inflight:
            try:
                self.context.studies.requeue(inflight, "the server was stopped")
            except Exception:  # the next start still finds them 'running' and recovers them
                log.exception("could not re-queue studies at shutdown")


def make_runner(context: ExecutionContext) -> Runner:
    kind = context.settings.runner
    if kind == "stepfunctions":
        if not context.settings.study_state_machine_arn:
            raise ValueError("GRIDSOLVE_RUNNER=stepfunctions needs GRIDSOLVE_STUDY_STATE_MACHINE_ARN")
        return StepFunctionsRunner(context.settings.study_state_machine_arn, region=context.settings.aws_region)
    if kind == "process":
        return ProcessRunner(context, context.settings.workers)
    if kind == "inline":
        return InlineRunner(context)
    if kind == "none":
        return NoRunner()
    raise ValueError(f"GRIDSOLVE_RUNNER must be process|inline|stepfunctions|none, not {kind!r}")
