"""equipment search speed: the JSON an entry shows (key parameters, tags, provenance) in a table of its own,
`equipment_payload`, so that the rows a search tests and counts are narrow; an index on the name order
(length(name), name, id) that a search walks for the first rows of a big tier (chalicelib/equipment/search.py)

Revision ID: 0011
Revises: 0010

The equipment table is rebuilt without the JSON columns, so that its rows are packed again: on PostgreSQL a
dropped column stays in every stored row until the row is rewritten (CLUSTER rewrites the table, inside the
migration's transaction); on SQLite the batch copy rebuilds it, and what the copy does not carry over is made again
(the FTS5 triggers, the index on an expression). On SQLite the JSON waits in a plain table while the equipment
table is replaced: dropping a table that a foreign key with ON DELETE CASCADE points to would delete its rows.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

PAYLOAD = ("parameters", "tags", "provenance")
NAME_ORDER = ("ix_equipment_name_order", "equipment", [sa.text("length(name)"), "name", "id"])
SQLITE_TRIGGERS = [  # as migration 0009 made them
    "CREATE TRIGGER equipment_fts_insert AFTER INSERT ON equipment BEGIN "
    "INSERT INTO equipment_fts(rowid, search_text) VALUES (new.pk, new.search_text); END",
    "CREATE TRIGGER equipment_fts_delete AFTER DELETE ON equipment BEGIN "
    "INSERT INTO equipment_fts(equipment_fts, rowid, search_text) VALUES ('delete', old.pk, old.search_text); END",
    "CREATE TRIGGER equipment_fts_update AFTER UPDATE OF search_text ON equipment BEGIN "
    "INSERT INTO equipment_fts(equipment_fts, rowid, search_text) VALUES ('delete', old.pk, old.search_text); "
    "INSERT INTO equipment_fts(rowid, search_text) VALUES (new.pk, new.search_text); END",
]
COPY = "_equipment_payload_copy"


def _create_payload_table() -> None:
    op.create_table(
        "equipment_payload",
        sa.Column("pk", sa.Integer(), sa.ForeignKey("equipment.pk", ondelete="CASCADE"), primary_key=True,
                  autoincrement=False),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("provenance", sa.JSON(), nullable=False),
    )


def _sqlite_rebuilt(change) -> None:
    """Rebuild the equipment table on SQLite with `change(batch_op)`, and make its FTS5 triggers again (they go
    with the old table)."""
    with op.batch_alter_table("equipment", recreate="always") as batch_op:
        change(batch_op)
    for statement in SQLITE_TRIGGERS:
        op.execute(statement)


def upgrade() -> None:
    columns = ", ".join(PAYLOAD)
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"CREATE TABLE {COPY} AS SELECT pk, {columns} FROM equipment")

        def drop(batch_op) -> None:
            for name in PAYLOAD:
                batch_op.drop_column(name)

        _sqlite_rebuilt(drop)
        _create_payload_table()
        op.execute(f"INSERT INTO equipment_payload (pk, {columns}) SELECT pk, {columns} FROM {COPY}")
        op.execute(f"DROP TABLE {COPY}")
        op.create_index(*NAME_ORDER)
        op.execute("ANALYZE equipment")
        return
    _create_payload_table()
    op.execute(f"INSERT INTO equipment_payload (pk, {columns}) SELECT pk, {columns} FROM equipment")
    for name in PAYLOAD:
        op.drop_column("equipment", name)
    op.execute("CLUSTER equipment USING equipment_pkey")
    op.execute("ALTER TABLE equipment SET WITHOUT CLUSTER")
    op.create_index(*NAME_ORDER)
    op.execute("ANALYZE equipment")


def downgrade() -> None:
    op.drop_index(NAME_ORDER[0], table_name="equipment")  # first: SQLite's batch copy cannot read an expression
    for name in PAYLOAD:
        op.add_column("equipment", sa.Column(name, sa.JSON(), nullable=True))
    for name in PAYLOAD:
        op.execute(f"UPDATE equipment SET {name} = (SELECT p.{name} FROM equipment_payload p "
                   "WHERE p.pk = equipment.pk)")
    op.drop_table("equipment_payload")
    if op.get_bind().dialect.name == "sqlite":

        def not_null(batch_op) -> None:
            for name in PAYLOAD:
                batch_op.alter_column(name, existing_type=sa.JSON(), nullable=False)

        _sqlite_rebuilt(not_null)
    else:
        for name in PAYLOAD:
            op.alter_column("equipment", name, existing_type=sa.JSON(), nullable=False)
