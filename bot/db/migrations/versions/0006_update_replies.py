"""conversation: an update's reference for the chat link, and the conversation that replied

Revision ID: 0006_update_replies
Revises: 0005_updates
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_update_replies"
down_revision = "0005_updates"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("update_messages") as table:
        table.add_column(sa.Column("reference", sa.String(32), nullable=True))
        table.add_column(sa.Column("replied_at", sa.DateTime(timezone=True), nullable=True))
        table.add_column(sa.Column("replied_sender_id", sa.String(255), nullable=True))
    op.create_index("ix_update_messages_reference", "update_messages", ["reference"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_update_messages_reference", "update_messages")
    with op.batch_alter_table("update_messages") as table:
        table.drop_column("replied_sender_id")
        table.drop_column("replied_at")
        table.drop_column("reference")
