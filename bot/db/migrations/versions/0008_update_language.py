"""conversation: the language a parent chats in, for the proactive updates

Revision ID: 0008_update_language
Revises: 0007_update_receipts
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_update_language"
down_revision = "0007_update_receipts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("update_preferences") as table:
        table.add_column(sa.Column("language", sa.String(2), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("update_preferences") as table:
        table.drop_column("language")
