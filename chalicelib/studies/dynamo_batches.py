"""Batch job state in DynamoDB (the AWS deployment): the same `BatchStore` protocol as the SQL one.

One item per batch (study_id, batch_index), written when the study is submitted and then only by the Map
iteration running that batch: every write is a conditional update on its `run_token` and status, so a Step
Functions retry of an iteration takes its own batch over (same token) but can never run a finished batch again,
and nothing of a cancelled study is written after the fact (the study's own item is checked first). Hundreds of
concurrent batches touch DynamoDB and S3 only; the relational row is written when the study starts and ends.
"""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import JSONAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist, UpdateError
from pynamodb.expressions.condition import Condition
from pynamodb.models import Model

from chalicelib.storage.models import new_id
from chalicelib.studies.batches import BatchCounts, BatchItem, ClaimedBatch
from chalicelib.studies.repository import ACTIVE


class StudyBatchItem(Model):
    """One batch of a batched study. The table name and endpoint are set by `bind_table` from the settings."""

    class Meta:
        table_name = "gridsolve-batches"
        region = "us-east-1"

    study_id = UnicodeAttribute(hash_key=True)
    batch_index = NumberAttribute(range_key=True)
    status = UnicodeAttribute()
    run_token = UnicodeAttribute()
    attempt = NumberAttribute(default=0)
    items = JSONAttribute(default=list)
    item_count = NumberAttribute(default=0)
    result_key = UnicodeAttribute(null=True)
    error_message = UnicodeAttribute(null=True)
    wall_time_s = NumberAttribute(default=0.0)


def bind_table(table_name: str, region: str, host: str | None) -> type[StudyBatchItem]:
    meta = type("Meta", (), {"table_name": table_name, "region": region, "host": host})
    return type(f"StudyBatchItem_{table_name}", (StudyBatchItem,), {"Meta": meta})


class DynamoBatchStore:
    """`BatchStore` on a DynamoDB table (see the module's docstring)."""

    def __init__(self, model: type[StudyBatchItem]) -> None:
        self.model = model

    def enqueue(self, study_id: str, manifest: list[BatchItem]) -> None:
        with self.model.batch_write() as batch:
            for b in manifest:
                batch.save(self.model(study_id, b.index, status="pending", run_token=b.run_token, attempt=0,
                                      items=b.items, item_count=len(b.items)))

    def _update_if(self, study_id: str, index: int, condition: Condition, actions: list[Any]) -> StudyBatchItem | None:
        item = self.model(study_id, index)
        try:
            item.update(actions=actions, condition=condition)
        except UpdateError as exc:
            if exc.cause_response_code == "ConditionalCheckFailedException":
                return None
            raise
        return item

    def claim(self, study_id: str, index: int, run_token: str) -> ClaimedBatch | None:
        m = self.model
        item = self._update_if(study_id, index, (m.run_token == run_token) & m.status.is_in(*ACTIVE),
                               [m.status.set("running"), m.attempt.add(1)])
        if item is None:
            return None
        return ClaimedBatch(index, run_token, list(item.items or []), int(item.attempt))

    def _mine(self, run_token: str) -> Condition:
        return (self.model.run_token == run_token) & (self.model.status == "running")

    def finish(self, study_id: str, index: int, run_token: str, result_key: str, wall_time_s: float) -> bool:
        m = self.model
        return self._update_if(study_id, index, self._mine(run_token), [
            m.status.set("completed"), m.result_key.set(result_key), m.wall_time_s.set(wall_time_s)]) is not None

    def fail(self, study_id: str, index: int, run_token: str, message: str) -> bool:
        m = self.model
        return self._update_if(study_id, index, self._mine(run_token), [
            m.status.set("failed"), m.error_message.set(message[:2000])]) is not None

    def status(self, study_id: str, index: int) -> str | None:
        try:
            return str(self.model.get(study_id, index, consistent_read=True).status)
        except DoesNotExist:
            return None

    def _all(self, study_id: str) -> list[StudyBatchItem]:
        return list(self.model.query(study_id, consistent_read=True))  # by batch_index

    def counts(self, study_id: str) -> BatchCounts:
        rows = self._all(study_id)
        done = [r for r in rows if r.status == "completed"]
        return BatchCounts(len(rows), len(done), sum(r.status == "failed" for r in rows),
                           int(sum(r.item_count for r in rows)), int(sum(r.item_count for r in done)),
                           float(sum(r.wall_time_s or 0.0 for r in done)))

    def open_batches(self, study_id: str) -> list[tuple[int, str]]:
        return [(int(r.batch_index), str(r.run_token)) for r in self._all(study_id) if r.status in ACTIVE]

    def result_keys(self, study_id: str) -> list[str]:
        return [str(r.result_key) for r in self._all(study_id)]

    def retry(self, study_id: str, index: int, run_token: str, max_attempts: int, reason: str) -> str | None:
        m = self.model
        try:
            row = m.get(study_id, index, consistent_read=True)
        except DoesNotExist:
            return None
        if row.run_token != run_token or row.status not in ACTIVE:
            return None
        if row.status == "pending":
            return run_token
        if int(row.attempt) >= max_attempts:
            self.fail(study_id, index, run_token, f"{reason} (attempt {row.attempt} of {max_attempts})")
            return None
        token = new_id()
        if self._update_if(study_id, index, self._mine(run_token),
                           [m.status.set("pending"), m.run_token.set(token)]) is None:
            return None
        return token

    def requeue(self, batches: list[tuple[str, int]]) -> None:
        m = self.model
        for study_id, index in batches:
            self._update_if(study_id, index, m.status == "running",
                            [m.status.set("pending"), m.run_token.set(new_id()), m.attempt.add(-1)])
