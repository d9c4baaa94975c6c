"""Storage: the relational database (SQLAlchemy models, sessions, Alembic migrations) and the blob store
(a local folder or S3), each chosen by configuration."""

from __future__ import annotations

from chalicelib.config import Settings
from chalicelib.storage.blobstore import BlobStore, LocalBlobStore, S3BlobStore


def make_blob_store(settings: Settings) -> BlobStore:
    if settings.blob_bucket:
        return S3BlobStore(settings.blob_bucket, settings.blob_prefix)
    return LocalBlobStore(settings.blob_dir)
