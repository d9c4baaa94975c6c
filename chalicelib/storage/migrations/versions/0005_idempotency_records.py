"""idempotency records: Powertools idempotency on the local default (DynamoDB on AWS)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 11:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "idempotency_records",
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("expiration", sa.BigInteger(), nullable=True),
        sa.Column("in_progress_expiration", sa.BigInteger(), nullable=True),
        sa.Column("payload_hash", sa.String(length=200), nullable=True),
        sa.Column("response_data", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("idempotency_records")
