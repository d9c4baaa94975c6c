"""Which study job store a deployment uses: the SQL studies table (local default, PostgreSQL), or DynamoDB with
the SQL row mirrored at the transitions that matter (AWS), chosen by `GRIDSOLVE_JOBS_TABLE`."""

from __future__ import annotations

from chalicelib.config import Settings
from chalicelib.storage.db import Database
from chalicelib.studies.dynamo_repository import DynamoStudyRepository, bind_table
from chalicelib.studies.repository import SqlStudyRepository, StudyRepository


def make_repository(settings: Settings, db: Database) -> StudyRepository:
    sql = SqlStudyRepository(db)
    if not settings.jobs_table:
        return sql
    model = bind_table(settings.jobs_table, settings.aws_region, settings.dynamodb_endpoint)
    return DynamoStudyRepository(model, mirror=sql)
