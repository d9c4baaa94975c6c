"""The service container: settings, database, blob store and runner, built once per process."""

from __future__ import annotations

import logging
import threading

from chalicelib.blobstore import BlobStore, LocalBlobStore, S3BlobStore
from chalicelib.config import Settings, load_settings
from chalicelib.db import Database

log = logging.getLogger("gridsolve.platform")


def make_blob_store(settings: Settings) -> BlobStore:
    if settings.blob_bucket:
        return S3BlobStore(settings.blob_bucket, settings.blob_prefix)
    return LocalBlobStore(settings.blob_dir)


class Platform:
    def __init__(self, settings: Settings, run_migrations: bool = True, start: bool = True, db: Database | None = None):
        from chalicelib.runner import make_runner

        self.settings = settings
        self._own_db = db is None
        self.db = db or Database(settings.database_url, run_migrations=run_migrations)
        self.blobs: BlobStore = make_blob_store(settings)
        self.runner = make_runner(self)
        if start:
            self.startup()

    def startup(self) -> None:
        """First-start work: sample projects, and recovery of studies a stopped server left behind."""
        from chalicelib import projects, studies

        if self.settings.seed_samples:
            try:
                projects.seed_samples(self)
            except Exception:  # the platform still serves without samples; the log says why
                log.exception("could not create the sample projects")
        studies.recover_interrupted(self)

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


def set_platform(p: Platform | None) -> None:
    global _platform
    _platform = p
