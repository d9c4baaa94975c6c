"""Idempotent study submission: a client that sends `Idempotency-Key` and retries (a dropped connection, a
double click) gets the same study back instead of a second one. AWS Lambda Powertools' idempotency utility does
the bookkeeping; its records live in DynamoDB on AWS (`DynamoDBPersistenceLayer`) and in the SQL database locally
(`SqlPersistenceLayer`, the same conditional-write semantics on a table).

A key is scoped to the user and the project; reusing it with a different request body is a 422.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import boto3
from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
    IdempotencyItemAlreadyExistsError,
    IdempotencyItemNotFoundError,
    IdempotencyValidationError,
)
from aws_lambda_powertools.utilities.idempotency.persistence.base import BasePersistenceLayer
from aws_lambda_powertools.utilities.idempotency.persistence.datarecord import STATUS_CONSTANTS, DataRecord
from sqlalchemy import delete, or_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from chalicelib.config import Settings
from chalicelib.http.errors import ApiError, Conflict
from chalicelib.storage.db import Database, affected
from chalicelib.storage.models import IdempotencyRecord

EXPIRES_AFTER_S = 24 * 3600
MAX_KEY_LENGTH = 200


_REQUEST_SESSION: contextvars.ContextVar[Session | None] = contextvars.ContextVar("idempotency_session",
                                                                                   default=None)


class SqlPersistenceLayer(BasePersistenceLayer):
    """Powertools idempotency records in the `idempotency_records` table (SQLite or PostgreSQL).

    Inside `once` the records are written in the request's own transaction (a savepoint per write), so a record
    and the study it describes commit together, or neither does."""

    def __init__(self, db: Database) -> None:
        super().__init__()
        self.db = db

    @contextmanager
    def _session(self) -> Iterator[Session]:
        bound = _REQUEST_SESSION.get()
        if bound is None:
            with self.db.session() as s:
                yield s
        else:
            with bound.begin_nested():
                yield bound

    def _get_record(self, idempotency_key: str) -> DataRecord:
        with self._session() as s:
            row = s.get(IdempotencyRecord, idempotency_key)
            if row is None:
                raise IdempotencyItemNotFoundError
            return DataRecord(idempotency_key=row.id, status=row.status, expiry_timestamp=row.expiration,
                              in_progress_expiry_timestamp=row.in_progress_expiration,
                              response_data=row.response_data or "", payload_hash=row.payload_hash or "")

    def _put_record(self, data_record: DataRecord) -> None:
        """Insert, or take over an expired record (or an in-progress one whose holder timed out) atomically."""
        now = int(time.time())
        values = {"status": data_record.status, "expiration": data_record.expiry_timestamp,
                  "in_progress_expiration": data_record.in_progress_expiry_timestamp,
                  "payload_hash": data_record.payload_hash, "response_data": None}
        with self._session() as s:
            taken = affected(s.execute(update(IdempotencyRecord).where(
                IdempotencyRecord.id == data_record.idempotency_key,
                or_(IdempotencyRecord.expiration < now,
                    (IdempotencyRecord.status == STATUS_CONSTANTS["INPROGRESS"])
                    & (IdempotencyRecord.in_progress_expiration < now * 1000))).values(**values)))
            if taken:
                return
        try:
            with self._session() as s:
                s.add(IdempotencyRecord(id=data_record.idempotency_key, **values))
        except IntegrityError:
            raise IdempotencyItemAlreadyExistsError from None

    def _update_record(self, data_record: DataRecord) -> None:
        with self._session() as s:
            s.execute(update(IdempotencyRecord).where(IdempotencyRecord.id == data_record.idempotency_key).values(
                status=data_record.status, expiration=data_record.expiry_timestamp,
                response_data=data_record.response_data))

    def _delete_record(self, data_record: DataRecord) -> None:
        with self._session() as s:
            s.execute(delete(IdempotencyRecord).where(IdempotencyRecord.id == data_record.idempotency_key))


def persistence_layer(settings: Settings, db: Database) -> BasePersistenceLayer:
    if settings.idempotency_table:
        client = boto3.client("dynamodb", region_name=settings.aws_region, endpoint_url=settings.dynamodb_endpoint)
        return DynamoDBPersistenceLayer(table_name=settings.idempotency_table, boto3_client=client)
    return SqlPersistenceLayer(db)


def once(store: BasePersistenceLayer, session: Session, key: str, scope: dict[str, Any],
         create: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """`create()`'s answer, computed once per (key, scope): a retry with the same key and body gets the stored
    answer; the same key with another body is refused."""
    if not key or len(key) > MAX_KEY_LENGTH:
        raise ApiError(f"Idempotency-Key must be 1-{MAX_KEY_LENGTH} characters", status=400,
                       fields=[{"field": "Idempotency-Key", "message": "invalid"}])
    config = IdempotencyConfig(event_key_jmespath="[key, user, project]", payload_validation_jmespath="body",
                               expires_after_seconds=EXPIRES_AFTER_S, raise_on_no_idempotency_key=True)

    @idempotent_function(data_keyword_argument="request", persistence_store=store, config=config,
                         key_prefix="study-submission")
    def submit(request: dict[str, Any]) -> dict[str, Any]:
        return create()

    token = _REQUEST_SESSION.set(session)
    try:
        return submit(request={"key": key, **scope})
    except IdempotencyValidationError:
        raise ApiError("This Idempotency-Key was used with a different request", status=422,
                       code="idempotency_key_reused",
                       fields=[{"field": "Idempotency-Key", "message": "already used for another request"}]) from None
    except IdempotencyAlreadyInProgressError:
        raise Conflict("A request with this Idempotency-Key is still being processed; retry shortly",
                       headers={"Retry-After": "1"}) from None
    finally:
        _REQUEST_SESSION.reset(token)
