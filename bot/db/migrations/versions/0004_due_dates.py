"""waitlist: a child registered before birth keeps its due date; when its birth is recorded

A child imported with a birth date in the future is expected: that date is its due date
(bot/waitlist/births.py). The children stored now are marked by the same rule.

Revision ID: 0004_due_dates
Revises: 0003_offer_keys
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_due_dates"
down_revision = "0003_offer_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("children") as table:
        table.add_column(sa.Column("due_date", sa.Date(), nullable=True))
        table.add_column(sa.Column("birth_recorded_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE children SET due_date = birth_date WHERE birth_date > CURRENT_DATE")


def downgrade() -> None:
    with op.batch_alter_table("children") as table:
        table.drop_column("birth_recorded_at")
        table.drop_column("due_date")
