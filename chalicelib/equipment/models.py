"""The `equipment` table: one row of searchable metadata per library entry or user model, and beside it
`equipment_payload`: what a search result shows of it besides (key parameters, tags, provenance).

The payload is JSON, about 60 % of an entry's bytes, and a search reads it for the rows of its page only, while it
tests and counts every match on the metadata: a table of its own keeps those rows narrow (migration 0011).
The model file itself (the full entry as JSON) is a blob at `blob_key`, one per revision. On SQLite the FTS5
table `equipment_fts` (trigram tokenizer, external content, rowid = `pk`) is kept in step by triggers; on
PostgreSQL GIN pg_trgm indexes cover `search_text` and `fuzzy_text` (both made by migration 0009).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from chalicelib.storage.models import Base, utcnow

LIBRARY = "library"
USER = "user"

# Made by the migrations only, which the models cannot express: SQLite's FTS5 tables (and their shadow tables),
# PostgreSQL's trigram indexes (their operator class lives in pg_trgm's schema, wherever that is) and the index on
# an expression, the search's name order (length(name), name, id).
MIGRATION_ONLY_PREFIX = "equipment_fts"
MIGRATION_ONLY_INDEXES = frozenset({"ix_equipment_search_trgm", "ix_equipment_fuzzy_trgm", "ix_equipment_name_order"})


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Alembic autogenerate hook: leave the migration-only objects out of the model comparison."""
    if type_ == "table" and (name or "").startswith(MIGRATION_ONLY_PREFIX):
        return False
    return not (type_ == "index" and name in MIGRATION_ONLY_INDEXES)


class Equipment(Base):
    __tablename__ = "equipment"
    __table_args__ = (
        Index("ix_equipment_category_name", "category", "name"),
        Index("ix_equipment_manufacturer_key", "manufacturer_key"),
        Index("ix_equipment_voltage", "voltage_class_kv"),
        Index("ix_equipment_rating", "rating_quantity", "rating_base"),
    )
    # Integer key: the rowid of the SQLite FTS5 index (a text primary key would leave SQLite's rowid unstable).
    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(120), unique=True)
    source: Mapped[str] = mapped_column(String(16))  # library | user (no index: it would mislead the planners)
    name: Mapped[str] = mapped_column(Text)
    manufacturer: Mapped[str] = mapped_column(Text)
    manufacturer_key: Mapped[str] = mapped_column(Text)
    model_number: Mapped[str | None] = mapped_column(Text, nullable=True)
    category: Mapped[str] = mapped_column(String(16))
    subcategory: Mapped[str] = mapped_column(Text)
    voltage_class_kv: Mapped[float | None] = mapped_column(Float, nullable=True)
    rating_value: Mapped[float | None] = mapped_column(Float, nullable=True)
    rating_unit: Mapped[str | None] = mapped_column(String(8), nullable=True)
    rating_quantity: Mapped[str | None] = mapped_column(String(16), nullable=True)  # current | apparent_power | ...
    rating_base: Mapped[float | None] = mapped_column(Float, nullable=True)  # in A, MVA or MW
    search_text: Mapped[str] = mapped_column(Text)  # every searchable word (substring matches)
    fuzzy_text: Mapped[str] = mapped_column(Text, default="")  # names, makers, model numbers (typing errors)
    keys: Mapped[str] = mapped_column(Text, default="")
    revision: Mapped[str] = mapped_column(String(16))
    blob_key: Mapped[str] = mapped_column(String(300))
    owner_user_id: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=True, index=True
    )
    org_id: Mapped[str | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), nullable=True, index=True
    )
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    forked_from_id: Mapped[str | None] = mapped_column(String(120), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    payload: Mapped[EquipmentPayload] = relationship(lazy="joined", cascade="all, delete-orphan",
                                                     passive_deletes=True)

    __mapper_args__ = {"version_id_col": version}


class EquipmentPayload(Base):
    """What a search result shows of an entry besides its metadata (records.PAYLOAD)."""

    __tablename__ = "equipment_payload"
    pk: Mapped[int] = mapped_column(ForeignKey("equipment.pk", ondelete="CASCADE"), primary_key=True,
                                    autoincrement=False)
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # key parameters (records.py)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    provenance: Mapped[dict[str, Any]] = mapped_column(JSON)
