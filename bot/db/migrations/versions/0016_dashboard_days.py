"""conversation: the dashboard's figures per closed day (bot/reporting/day_figures.py),
and an index of the events with a text (the not-understood messages, the comments)

Revision ID: 0016_dashboard_days
Revises: 0015_feedback_themes
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0016_dashboard_days"
down_revision = "0015_feedback_themes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "conversation_days",
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("zone", sa.String(64), primary_key=True),
        sa.Column("sender_id", sa.String(255), primary_key=True),
        sa.Column("channel", sa.String(64), primary_key=True),
        sa.Column("first_at", sa.Float(), nullable=True),
        sa.Column("rating", sa.String(32), nullable=True),
        sa.Column("goal", sa.Boolean(), nullable=False),
        sa.Column("repeated", sa.Boolean(), nullable=False),
        sa.Column("earlier", sa.Date(), nullable=True),
    )
    op.create_index("ix_conversation_days_sender_id", "conversation_days", ["sender_id"])
    op.create_index("ix_conversation_days_earlier", "conversation_days", ["zone", "earlier"])
    op.create_table(
        "conversation_day_counts",
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("zone", sa.String(64), primary_key=True),
        sa.Column("channel", sa.String(64), primary_key=True),
        sa.Column("rating", sa.String(32), primary_key=True),
        sa.Column("goal", sa.Boolean(), primary_key=True),
        sa.Column("repeated", sa.Boolean(), primary_key=True),
        sa.Column("conversations", sa.Integer(), nullable=False),
    )
    op.create_table(
        "intent_day_counts",
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("zone", sa.String(64), primary_key=True),
        sa.Column("channel", sa.String(64), primary_key=True),
        sa.Column("intent", sa.String(255), primary_key=True),
        sa.Column("messages", sa.Integer(), nullable=False),
        sa.Column("first_at", sa.Float(), nullable=False),
    )

    op.create_index(
        "ix_conversation_events_texts",
        "conversation_events",
        ["kind", "timestamp"],
        postgresql_where=sa.text("text IS NOT NULL"),
        sqlite_where=sa.text("text IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_conversation_events_texts", "conversation_events")
    op.drop_table("intent_day_counts")
    op.drop_table("conversation_day_counts")
    op.drop_index("ix_conversation_days_earlier", "conversation_days")
    op.drop_index("ix_conversation_days_sender_id", "conversation_days")
    op.drop_table("conversation_days")
