"""The library in the database: rows and model files kept in step with the engine's bundled library on start.

Idempotent: an entry whose revision (content hash) is already stored costs nothing; a changed entry gets a new
model file and its row is updated; an entry the library no longer has is removed (user forks of it stay).
Safe against a second server seeding at the same moment (its inserts lose on the unique id and are skipped).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from chalicelib import engine
from chalicelib.engine import EquipmentEntry
from chalicelib.equipment import records
from chalicelib.equipment.models import LIBRARY, Equipment, EquipmentPayload
from chalicelib.storage.blobstore import BlobStore
from chalicelib.storage.db import Database
from chalicelib.storage.models import utcnow

log = logging.getLogger("gridsolve.equipment")

CHUNK = 1000


@dataclass
class SeedReport:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0


def _stored(db: Database) -> dict[str, str]:
    with db.session() as s:
        return dict(s.execute(select(Equipment.id, Equipment.revision).where(Equipment.source == LIBRARY)).all())


def _row(entry: EquipmentEntry) -> dict:
    now = utcnow()
    return {**records.row_values(entry), "source": LIBRARY, "version": 1, "created_at": now, "updated_at": now}


def _put(blobs: BlobStore | None, key: str, entry: EquipmentEntry) -> None:
    """Write a model file unless it is there: keys are content-addressed (the revision), so it is the same file."""
    if blobs is not None and not blobs.exists(key):
        blobs.put(key, records.model_file(entry))


def _add(db: Database, blobs: BlobStore | None, entries: Sequence[EquipmentEntry]) -> int:
    rows = [records.split(_row(e)) for e in entries]
    for entry, (row, _) in zip(entries, rows, strict=True):
        _put(blobs, row["blob_key"], entry)
    with db.session() as s:
        pks = dict(s.execute(insert(Equipment).returning(Equipment.id, Equipment.pk), [r for r, _ in rows]).all())
        s.execute(insert(EquipmentPayload), [{"pk": pks[r["id"]], **p} for r, p in rows])
    return len(rows)


def _update(db: Database, blobs: BlobStore | None, entries: Sequence[EquipmentEntry]) -> int:
    with db.session() as s:
        for entry in entries:
            values, payload = records.split(records.row_values(entry))
            _put(blobs, values["blob_key"], entry)
            pk = s.scalar(update(Equipment).where(Equipment.id == entry.id, Equipment.source == LIBRARY)
                          .values(**values, version=Equipment.version + 1, updated_at=utcnow())
                          .returning(Equipment.pk))
            s.execute(update(EquipmentPayload).where(EquipmentPayload.pk == pk).values(**payload))
    return len(entries)


def _remove(db: Database, blobs: BlobStore | None, ids: Sequence[str]) -> int:
    with db.session() as s:
        s.execute(delete(Equipment).where(Equipment.id.in_(ids), Equipment.source == LIBRARY))
    if blobs is not None:
        for entry_id in ids:
            blobs.delete_prefix(f"equipment/{entry_id}")
    return len(ids)


def seed_library(db: Database, blobs: BlobStore | None, entries: Sequence[EquipmentEntry] | None = None
                 ) -> SeedReport:
    """Bring the library rows (and model files; `blobs=None` skips them, for benchmarks) up to `entries`
    (default: the engine's bundled library)."""
    entries = list(engine.library_entries() if entries is None else entries)
    stored = _stored(db)
    report = SeedReport()
    new = [e for e in entries if e.id not in stored]
    changed = [e for e in entries if e.id in stored and stored[e.id] != records.revision(e)]
    wanted = {e.id for e in entries}
    gone = [i for i in stored if i not in wanted]
    report.unchanged = len(entries) - len(new) - len(changed)
    for i in range(0, len(new), CHUNK):
        try:
            report.added += _add(db, blobs, new[i : i + CHUNK])
        except IntegrityError:  # another server is seeding the same entries right now
            log.info("equipment library: another process seeded entries %d-%d", i, i + len(new[i : i + CHUNK]))
    for i in range(0, len(changed), CHUNK):
        report.updated += _update(db, blobs, changed[i : i + CHUNK])
    for i in range(0, len(gone), CHUNK):
        report.removed += _remove(db, blobs, gone[i : i + CHUNK])
    if report.added or report.updated or report.removed:
        _analyze(db)
        log.info("equipment library seeded: %s", report)
    return report


def _analyze(db: Database) -> None:
    """Fresh planner statistics after a bulk change: without them both databases misjudge the filters' selectivity
    (PostgreSQL's autovacuum would catch up only later)."""
    with db.session() as s:
        s.execute(text("ANALYZE equipment"))
