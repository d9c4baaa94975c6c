"""Which study job store a deployment uses: the SQL studies table (local default, PostgreSQL), or DynamoDB with
the SQL row mirrored at the transitions that matter (AWS), chosen by `GRIDSOLVE_JOBS_TABLE`; and likewise for
the batch jobs of batched studies (`GRIDSOLVE_BATCHES_TABLE`)."""

from __future__ import annotations

from chalicelib.config import Settings
from chalicelib.storage.db import Database
from chalicelib.studies.batches import BatchStore, SqlBatchStore
from chalicelib.studies.dynamo_batches import DynamoBatchStore
from chalicelib.studies.dynamo_batches import bind_table as bind_batches
from chalicelib.studies.dynamo_repository import DynamoStudyRepository, bind_table
from chalicelib.studies.repository import SqlStudyRepository, StudyRepository


def make_repository(settings: Settings, db: Database) -> StudyRepository:
    sql = SqlStudyRepository(db)
    if not settings.jobs_table:
        return sql
    model = bind_table(settings.jobs_table, settings.aws_region, settings.dynamodb_endpoint)
    return DynamoStudyRepository(model, mirror=sql)


def make_batch_store(settings: Settings, db: Database) -> BatchStore:
    """Where batch jobs keep their state: the SQL study_batches rows, or DynamoDB (`GRIDSOLVE_BATCHES_TABLE`, AWS:
    the rows are then the plan as created, and DynamoDB the state)."""
    if not settings.batches_table:
        return SqlBatchStore(db)
    return DynamoBatchStore(bind_batches(settings.batches_table, settings.aws_region, settings.dynamodb_endpoint))
