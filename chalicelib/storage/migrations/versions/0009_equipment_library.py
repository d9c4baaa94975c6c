"""equipment library: searchable metadata, trigram search (pg_trgm GIN on PostgreSQL, FTS5 trigram on SQLite)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 10:00:00

PostgreSQL: pg_trgm is created if no schema has it yet (in `public`, else the current schema; a trusted extension
since PostgreSQL 13, so a database owner may create it), under an advisory lock so that two servers migrating at
once do not race. Queries name the extension's schema explicitly (chalicelib/equipment/search.py), so it works
whatever the connection's search_path. The extension is left in place on downgrade (others may use it).
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

TRGM_LOCK = 7_302_215_113  # pg_advisory_xact_lock key: "create pg_trgm once"

SQLITE_FTS = [
    "CREATE VIRTUAL TABLE equipment_fts USING fts5(search_text, content='equipment', content_rowid='pk', "
    "tokenize='trigram')",
    "CREATE TRIGGER equipment_fts_insert AFTER INSERT ON equipment BEGIN "
    "INSERT INTO equipment_fts(rowid, search_text) VALUES (new.pk, new.search_text); END",
    "CREATE TRIGGER equipment_fts_delete AFTER DELETE ON equipment BEGIN "
    "INSERT INTO equipment_fts(equipment_fts, rowid, search_text) VALUES ('delete', old.pk, old.search_text); END",
    "CREATE TRIGGER equipment_fts_update AFTER UPDATE OF search_text ON equipment BEGIN "
    "INSERT INTO equipment_fts(equipment_fts, rowid, search_text) VALUES ('delete', old.pk, old.search_text); "
    "INSERT INTO equipment_fts(rowid, search_text) VALUES (new.pk, new.search_text); END",
    # term -> number of rows: the search picks a query word's rarest trigrams from it
    "CREATE VIRTUAL TABLE equipment_fts_vocab USING fts5vocab(equipment_fts, row)",
]


def _trgm_schema(conn) -> str:
    conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": TRGM_LOCK})
    find = sa.text(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = 'pg_trgm'"
    )
    schema = conn.scalar(find)
    if schema is None:
        target = conn.scalar(sa.text("SELECT nspname FROM pg_namespace WHERE nspname = 'public'")) or conn.scalar(
            sa.text("SELECT current_schema()")
        )
        conn.execute(sa.text(f'CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA "{target}"'))
        schema = conn.scalar(find)
    return schema


def upgrade() -> None:
    op.create_table(
        "equipment",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=120), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("manufacturer", sa.Text(), nullable=False),
        sa.Column("manufacturer_key", sa.Text(), nullable=False),
        sa.Column("model_number", sa.Text(), nullable=True),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("subcategory", sa.Text(), nullable=False),
        sa.Column("voltage_class_kv", sa.Float(), nullable=True),
        sa.Column("rating_value", sa.Float(), nullable=True),
        sa.Column("rating_unit", sa.String(length=8), nullable=True),
        sa.Column("rating_quantity", sa.String(length=16), nullable=True),
        sa.Column("rating_base", sa.Float(), nullable=True),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("provenance", sa.JSON(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("fuzzy_text", sa.Text(), nullable=False),
        sa.Column("keys", sa.Text(), nullable=False),
        sa.Column("revision", sa.String(length=16), nullable=False),
        sa.Column("blob_key", sa.String(length=300), nullable=False),
        sa.Column("owner_user_id", sa.String(length=32), nullable=True),
        sa.Column("org_id", sa.String(length=32), nullable=True),
        sa.Column("created_by", sa.String(length=32), nullable=True),
        sa.Column("forked_from_id", sa.String(length=120), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["org_id"], ["organizations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["owner_user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("pk"),
        sa.UniqueConstraint("id"),
    )
    with op.batch_alter_table("equipment", schema=None) as batch_op:
        batch_op.create_index("ix_equipment_category_name", ["category", "name"], unique=False)
        batch_op.create_index("ix_equipment_manufacturer_key", ["manufacturer_key"], unique=False)
        batch_op.create_index("ix_equipment_voltage", ["voltage_class_kv"], unique=False)
        batch_op.create_index("ix_equipment_rating", ["rating_quantity", "rating_base"], unique=False)
        batch_op.create_index(batch_op.f("ix_equipment_owner_user_id"), ["owner_user_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_equipment_org_id"), ["org_id"], unique=False)

    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        schema = _trgm_schema(conn)
        for column in ("search_text", "fuzzy_text"):
            op.execute(f'CREATE INDEX ix_equipment_{column.split("_")[0]}_trgm ON equipment '
                       f'USING gin ({column} "{schema}".gin_trgm_ops)')
    elif conn.dialect.name == "sqlite":
        for statement in SQLITE_FTS:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("equipment_fts_insert", "equipment_fts_delete", "equipment_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS equipment_fts_vocab")
        op.execute("DROP TABLE IF EXISTS equipment_fts")
    op.drop_table("equipment")
