"""billing and usage: each account's Stripe link and subscription state, applied webhook events, usage records

Existing studies of the current calendar month are counted into usage so that a plan's monthly study limit
keeps counting what was run before the upgrade.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 12:00:00
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "billing_accounts",
        sa.Column("account_key", sa.String(40), primary_key=True),
        sa.Column("stripe_customer_id", sa.String(100), nullable=True, unique=True),
        sa.Column("stripe_subscription_id", sa.String(100), nullable=True, index=True),
        sa.Column("subscribed_plan", sa.String(32), nullable=True),
        sa.Column("status", sa.String(32), nullable=True),
        sa.Column("seats", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("current_period_start", sa.DateTime(), nullable=True),
        sa.Column("current_period_end", sa.DateTime(), nullable=True),
        sa.Column("cancel_at_period_end", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("past_due_since", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "billing_events",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("type", sa.String(100), nullable=False),
        sa.Column("account_key", sa.String(40), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "usage_records",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("account_key", sa.String(40), nullable=False),
        sa.Column("period_start", sa.DateTime(), nullable=False),
        sa.Column("metric", sa.String(32), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=False),
        sa.Column("study_id", sa.String(32), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("study_id", "metric"),
    )
    op.create_index("ix_usage_account_period", "usage_records", ["account_key", "period_start"])
    now = datetime.now(UTC).replace(tzinfo=None)
    month = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    op.execute(sa.text(
        "INSERT INTO usage_records (id, account_key, period_start, metric, quantity, study_id, created_at) "
        "SELECT id, account_key, :month, 'studies', 1.0, id, created_at FROM studies WHERE created_at >= :month"
    ).bindparams(month=month))


def downgrade() -> None:
    op.drop_index("ix_usage_account_period", table_name="usage_records")
    op.drop_table("usage_records")
    op.drop_table("billing_events")
    op.drop_table("billing_accounts")
