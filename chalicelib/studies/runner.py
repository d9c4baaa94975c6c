"""Study runners behind one interface: a local process pool (default for the local server), inline, or none.

A runner is handed (study id, run token) after the study's row is committed; it never decides anything about
the study itself (that is the repository's job). On AWS the same interface is implemented by a Step Functions
runner.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, Protocol

from chalicelib.studies.campaign import execute_any, execute_batch, execute_merge
from chalicelib.studies.execute import ExecutionContext, TimeLimitReached, execute_study
from chalicelib.studies.repository import QueuedStudy, StudyQueue
from chalicelib.studies.scheduling import next_studies
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

    def submit(self, study_id: str, run_token: str, *, bus_count: int | None = None, batches: int = 0) -> None:
        """Run the study this token holds; `bus_count` lets a runner choose where (Lambda or Fargate);
        `batches` > 0: the study is split into that many batch jobs (its manifest in the blob store)."""

    def cancel(self, study_id: str, run_token: str | None = None) -> None:
        """The study was cancelled or deleted (its row says so already): stop its run now if this runner has
        it, so the worker is free at once (a run elsewhere stops at its next conditional write)."""

    def shutdown(self) -> None: ...


class NoRunner:
    """Leaves studies pending (an external runner picks them up)."""

    name = "none"

    def submit(self, study_id: str, run_token: str, *, bus_count: int | None = None, batches: int = 0) -> None:
        return None

    def cancel(self, study_id: str, run_token: str | None = None) -> None:
        return None

    def shutdown(self) -> None:
        return None


class InlineRunner:
    """Runs the study inside the calling request (tests, tiny deployments)."""

    name = "inline"

    def __init__(self, context: ExecutionContext):
        self.context = context

    def submit(self, study_id: str, run_token: str, *, bus_count: int | None = None, batches: int = 0) -> None:
        execute_any(study_id, run_token, context=self.context)

    def cancel(self, study_id: str, run_token: str | None = None) -> None:
        return None  # an inline run stops at its next conditional write

    def shutdown(self) -> None:
        return None


def worker_main(conn: Connection, env: dict[str, str], parent_pid: int) -> None:
    """A pool worker: take one job at a time from the pipe, run it, report. It never claims a study once the
    server that started it is gone (the pipe closes, or the parent check fails), so a dying pool spends no
    one's attempt."""
    watch_parent(parent_pid)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None or os.getppid() != parent_pid:
            return
        status = run_job(job, env, parent_pid)
        try:
            conn.send((job.id, status))
        except (BrokenPipeError, OSError):
            return


def run_job(job: QueuedStudy, env: dict[str, str], parent_pid: int) -> str:
    """One scheduler job in a worker: a whole study, one batch of a batched study, or its merge."""
    if job.merge:
        return execute_merge(job.id, job.run_token, env, parent_pid)
    if job.batch_index is not None and job.batch_token is not None:
        return execute_batch(job.id, job.run_token, job.batch_index, job.batch_token, env, parent_pid)
    return execute_study(job.id, job.run_token, env, parent_pid)


@dataclass
class _Job:
    study: QueuedStudy
    account_key: str
    deadline: float | None
    cancelled: bool = False


class _Worker:
    """One spawned worker process and its pipe; runs at most one job."""

    def __init__(self, mp: Any, env: dict[str, str]) -> None:
        self.conn, child = mp.Pipe()
        self.proc = mp.Process(target=worker_main, args=(child, env, os.getpid()), daemon=True,
                               name="gridsolve-study-worker")
        self.proc.start()
        child.close()
        self.job: _Job | None = None

    def poll_done(self) -> bool:
        """Whether the worker reported its job finished (reading the report)."""
        try:
            if self.job is not None and self.conn.poll():
                self.conn.recv()
                return True
        except (EOFError, OSError):
            pass
        return False

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(timeout=5)
        self.conn.close()


class ProcessRunner:
    """Local study workers under a scheduler thread. The queue is the pending rows themselves (durable, so
    nothing is lost on a crash); the scheduler hands one study at a time to an idle worker, fairly between
    accounts and within each account's concurrency cap (`scheduling`). It watches every run:

    * a worker that dies (killed, out of memory) costs only its own study, which is retried while attempts
      remain (`StudyRepository.retry`), and is replaced;
    * a study cancelled or deleted, or one past its time limit, has its worker killed at once (a run also
      stops itself at its time limit when the engine reports progress);
    * workers never take work from a dead server: jobs are handed out one at a time by the live scheduler.
    """

    name = "process"
    POLL_S = 0.2
    GRACE_S = 2.0  # past a time limit, how long a run may take to stop itself before its worker is killed

    def __init__(self, context: ExecutionContext, workers: int, queue: StudyQueue,
                 caps: Callable[[set[str]], dict[str, int | None]] | None = None) -> None:
        self.context, self.queue = context, queue
        self.caps = caps or (lambda accounts: dict.fromkeys(accounts))
        self.env = context.settings.to_env()
        self.size = max(1, workers)
        self.max_attempts = context.settings.max_attempts
        self._mp = multiprocessing.get_context("spawn")
        self._workers: list[_Worker] = []
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- the Runner interface
    def submit(self, study_id: str, run_token: str, *, bus_count: int | None = None, batches: int = 0) -> None:
        with self._lock:
            if self._thread is None and not self._stop.is_set():
                self._thread = threading.Thread(target=self._loop, name="gridsolve-scheduler", daemon=True)
                self._thread.start()
        self._wake.set()

    def cancel(self, study_id: str, run_token: str | None = None) -> None:
        with self._lock:
            for w in self._workers:
                if w.job is not None and w.job.study.id == study_id:
                    w.job.cancelled = True
        self._wake.set()

    def shutdown(self) -> None:
        """Clean stop: workers are stopped and the studies they were running go back to 'pending' (without
        using up an attempt); the next start runs them again."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        with self._lock:
            workers, self._workers = self._workers, []
        jobs = [w.job.study for w in workers if w.job is not None]
        for w in workers:
            w.kill()
        inflight = [j.id for j in jobs if j.batch_index is None and not j.merge]
        batches = [(j.id, j.batch_index) for j in jobs if j.batch_index is not None]
        try:
            if inflight:
                self.context.studies.requeue(inflight, "the server was stopped")
            if batches and self.context.batches is not None:
                self.context.batches.requeue(batches)  # a merge needs nothing: the next start merges again
        except Exception:  # the next start still finds them 'running' and recovers them
            log.exception("could not re-queue studies at shutdown")

    # -- the scheduler
    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self.POLL_S)
            self._wake.clear()
            if self._stop.is_set():
                return
            try:
                with self._lock:
                    self._tick()
            except Exception:  # the loop must go on; the log says what failed
                log.exception("study scheduler step failed")

    def _tick(self) -> None:
        now = time.monotonic()
        for w in list(self._workers):
            self._watch(w, now)
        self._start_next(now)

    def _watch(self, w: _Worker, now: float) -> None:
        job = w.job
        if w.poll_done():
            w.job = None
        elif not w.proc.is_alive():
            self._workers.remove(w)
            w.kill()
            if job is not None:
                self._lost(job, f"The worker process running this study died (exit code {w.proc.exitcode})")
        elif job is not None and (job.cancelled or (job.deadline is not None and now > job.deadline)):
            self._workers.remove(w)
            w.kill()  # at once: the worker is replaced for the next study
            if not job.cancelled:
                limit = job.study.time_limit_s or 0
                self.context.studies.fail_if_active(job.study.id, str(TimeLimitReached(limit)))

    def _lost(self, job: _Job, reason: str) -> None:
        q = job.study
        log.error("study %s%s: %s", q.id, "" if q.batch_index is None else f" batch {q.batch_index}", reason)
        try:
            if q.batch_index is not None and q.batch_token is not None and self.context.batches is not None:
                reason = reason.replace("this study", "this batch")
                if self.context.batches.retry(q.id, q.batch_index, q.batch_token, self.max_attempts, reason) is None \
                        and self.context.batches.status(q.id, q.batch_index) == "failed":
                    self.context.studies.fail_if_active(
                        q.id, f"Batch {q.batch_index + 1}: {reason} (attempt {self.max_attempts} of "
                        f"{self.max_attempts}); it was not run again.")
            else:  # a whole study, or a merge (the study's own attempts)
                self.context.studies.retry(q.id, q.run_token, self.max_attempts, reason)
        except Exception:
            log.exception("could not record the loss of study %s", q.id)

    def _start_next(self, now: float) -> None:
        busy = [w.job for w in self._workers if w.job is not None]
        free = self.size - len(busy)
        if free <= 0:
            return
        taken = {j.study.key for j in busy}
        queued = [q for q in self.queue.queued() if q.key not in taken]
        if not queued:
            return
        running = Counter(j.account_key for j in busy)
        studies: dict[str, set[str]] = {}
        for j in busy:
            studies.setdefault(j.account_key, set()).add(j.study.id)
        caps = self.caps({q.account_key for q in queued})
        idle = [w for w in self._workers if w.job is None]
        for q in next_studies(queued, running, caps, free, studies):
            w = idle.pop() if idle else self._spawn()
            deadline = None if q.time_limit_s is None else now + q.time_limit_s + self.GRACE_S
            w.job = _Job(q, q.account_key, deadline)
            try:
                w.conn.send(q)
            except OSError:  # the worker died just now: the next step notices and replaces it
                pass

    def _spawn(self) -> _Worker:
        w = _Worker(self._mp, self.env)
        self._workers.append(w)
        return w


def make_runner(context: ExecutionContext, queue: StudyQueue | None = None,
                caps: Callable[[set[str]], dict[str, int | None]] | None = None) -> Runner:
    kind = context.settings.runner
    if kind == "stepfunctions":
        if not context.settings.study_state_machine_arn:
            raise ValueError("GRIDSOLVE_RUNNER=stepfunctions needs GRIDSOLVE_STUDY_STATE_MACHINE_ARN")
        return StepFunctionsRunner(context.settings.study_state_machine_arn, region=context.settings.aws_region)
    if kind == "process":
        if queue is None:
            raise ValueError("the process runner needs the study queue (the SQL studies table)")
        return ProcessRunner(context, context.settings.workers, queue, caps)
    if kind == "inline":
        return InlineRunner(context)
    if kind == "none":
        return NoRunner()
    raise ValueError(f"GRIDSOLVE_RUNNER must be process|inline|stepfunctions|none, not {kind!r}")
