"""conversation: counters that limit one-time code mails and tries

Revision ID: 0002_code_limits
Revises: 0001_conversation
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_code_limits"
down_revision = "0001_conversation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "code_limits",
        sa.Column("key", sa.String(300), primary_key=True),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("code_mails", sa.Integer(), nullable=False),
        sa.Column("code_tries", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("code_limits")
