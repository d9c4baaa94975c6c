"""project model kind: a project holds a balanced network or a three-phase feeder

`projects.model_kind` is "network" (gridsolve.model.Network, every project so far) or "feeder"
(gridsolve.unbalanced.Feeder, from an OpenDSS import); studies check their input kind against it.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 10:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("projects") as batch:
        batch.add_column(sa.Column("model_kind", sa.String(length=16), nullable=False, server_default="network"))


def downgrade() -> None:
    with op.batch_alter_table("projects") as batch:
        batch.drop_column("model_kind")
