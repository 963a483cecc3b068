"""conversation: the dashboard's copy of the conversation events, from the event broker

Revision ID: 0009_conversation_events
Revises: 0008_update_language
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_conversation_events"
down_revision = "0008_update_language"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "conversation_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("sender_id", sa.String(255), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("timestamp", sa.Float(), nullable=False),
        sa.Column("channel", sa.String(64), nullable=True),
        sa.Column("intent", sa.String(255), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("button", sa.Boolean(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("registration_number", sa.String(64), nullable=True),
        sa.UniqueConstraint("key", name="uq_conversation_events_key"),
    )
    op.create_index("ix_conversation_events_sender_id", "conversation_events", ["sender_id"])
    op.create_index(
        "ix_conversation_events_kind_timestamp", "conversation_events", ["kind", "timestamp"]
    )
    op.create_index(
        "ix_conversation_events_registration_number",
        "conversation_events",
        ["registration_number"],
    )


def downgrade() -> None:
    op.drop_table("conversation_events")
