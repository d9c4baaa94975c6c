"""The service container: settings, database, blob store, study repository and runner, built once per process."""

from __future__ import annotations

import functools
import logging
import threading

from chalicelib.accounts.mail import Mailer, make_mailer
from chalicelib.billing import plans
from chalicelib.billing.gateway import StripeGateway, make_gateway
from chalicelib.config import Settings, load_settings
from chalicelib.equipment.seed import seed_library
from chalicelib.projects import samples
from chalicelib.storage import make_blob_store
from chalicelib.storage.blobstore import BlobStore
from chalicelib.storage.db import Database
from chalicelib.studies import idempotency, live_notify
from chalicelib.studies.batches import BatchStore, SqlBatchStore, SqlJobQueue
from chalicelib.studies.execute import ExecutionContext
from chalicelib.studies.repository import StudyRepository
from chalicelib.studies.runner import Runner, make_runner
from chalicelib.studies.stores import make_batch_store, make_repository

log = logging.getLogger("gridsolve.platform")


class Platform:
    def __init__(self, settings: Settings, run_migrations: bool = True, start: bool = True, db: Database | None = None):
        self.settings = settings
        self._own_db = db is None
        self.db = db or Database(settings.database_url, run_migrations=run_migrations)
        self.blobs: BlobStore = make_blob_store(settings)
        self.mailer: Mailer = make_mailer(settings)
        self.billing: StripeGateway | None = make_gateway(settings)
        self.studies: StudyRepository = make_repository(settings, self.db)
        self.batches: BatchStore = make_batch_store(settings, self.db)
        self.runner: Runner = make_runner(self.execution_context(), SqlJobQueue(self.db),
                                          functools.partial(plans.concurrency_caps, self.db, settings))
        self.idempotency = idempotency.persistence_layer(settings, self.db)
        #: where browsers connect for live progress (the local server sets it when its WebSocket is up)
        self.live_url: str | None = settings.live_url
        if start:
            self.startup()

    def execution_context(self) -> ExecutionContext:
        return ExecutionContext(self.settings, self.studies, self.blobs, db=self.db, batches=self.batches)

    def startup(self) -> None:
        """First-start work: sample projects, the equipment library, and recovery of studies a stopped server left
        behind."""
        if self.settings.seed_samples:
            try:
                samples.seed_samples(self.db)
            except Exception:  # the platform still serves without samples; the log says why
                log.exception("could not create the sample projects")
        if self.settings.seed_equipment:
            try:
                seed_library(self.db, self.blobs)
            except Exception:  # the platform still serves; the library search is then empty or stale
                log.exception("could not seed the equipment library")
        self.recover_studies()

    def recover_studies(self) -> dict[str, int]:
        """Studies a stopped server left 'running' are re-queued (or failed after max attempts); pending ones are
        handed to the runner again with new tokens, so stale workers lose their claim. A batched study keeps its
        finished batches and resumes the open ones."""
        if self.runner.name == "none":
            return {"requeued": 0, "failed": 0, "resubmitted": 0}
        counts, pending = self.studies.recover(self.settings.max_attempts)
        if isinstance(self.batches, SqlBatchStore):  # batch jobs of a stopped local server (AWS: the Map's own)
            batch_counts, resumed = self.batches.recover(self.settings.max_attempts)
            counts.update({k: v for k, v in {**batch_counts, "resumed": len(resumed)}.items() if v})
            pending = [*resumed, *pending]
        for study_id, token in pending:
            self.runner.submit(study_id, token)
        if any(counts.values()):
            log.info("recovered studies: %s", counts)
        return counts

    def close(self) -> None:
        self.runner.shutdown()
        if self._own_db:
            self.db.dispose()


_lock = threading.Lock()
_platform: Platform | None = None


def get_platform() -> Platform:
    global _platform
    if _platform is None:
        with _lock:
            if _platform is None:
                _platform = Platform(load_settings())
    return _platform


def live_table() -> type[live_notify.LiveItem]:
    """The DynamoDB table of live-progress connections (AWS)."""
    settings = get_platform().settings
    if not settings.live_table:
        raise RuntimeError("GRIDSOLVE_LIVE_TABLE is not set")
    return live_notify.bind_table(settings.live_table, settings.aws_region, settings.dynamodb_endpoint)


def set_platform(p: Platform | None) -> None:
    global _platform
    _platform = p
