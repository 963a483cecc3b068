"""conversation: the channel's id of a sent update, and when the parent read it

Revision ID: 0007_update_receipts
Revises: 0006_update_replies
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_update_receipts"
down_revision = "0006_update_replies"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("update_messages") as table:
        table.add_column(sa.Column("provider_message_id", sa.String(128), nullable=True))
    op.create_index(
        "ix_update_messages_provider_message_id", "update_messages", ["provider_message_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_update_messages_provider_message_id", "update_messages")
    with op.batch_alter_table("update_messages") as table:
        table.drop_column("provider_message_id")
