"""console: what the parent wrote after the satisfaction score

Revision ID: 0003_satisfaction_comment
Revises: 0002_staff_logins
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_satisfaction_comment"
down_revision = "0002_staff_logins"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("handoffs") as table:
        table.add_column(sa.Column("satisfaction_comment", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("handoffs") as table:
        table.drop_column("satisfaction_comment")
