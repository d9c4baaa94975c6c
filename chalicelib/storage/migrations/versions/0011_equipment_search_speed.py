"""equipment search speed: an index on the name order (length(name), name, id) that a search walks for the first
rows of its big tiers (chalicelib/equipment/search.py)

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_equipment_name_order", "equipment", [sa.text("length(name)"), "name", "id"])


def downgrade() -> None:
    op.drop_index("ix_equipment_name_order", table_name="equipment")
