"""conversation: proactive updates (preferences, snapshots, messages)

Revision ID: 0005_updates
Revises: 0004_nlu_labels
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_updates"
down_revision = "0004_nlu_labels"
branch_labels = None
depends_on = None


def upgrade() -> None:
    moment = sa.DateTime(timezone=True)
    op.create_table(
        "update_preferences",
        sa.Column("registration_number", sa.String(16), primary_key=True),
        sa.Column("email_consent_at", moment, nullable=True),
        sa.Column("email_opt_out_at", moment, nullable=True),
        sa.Column("whatsapp_opt_in_at", moment, nullable=True),
        sa.Column("whatsapp_opt_out_at", moment, nullable=True),
    )
    op.create_table(
        "update_snapshots",
        sa.Column("registration_number", sa.String(16), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("first_month", sa.Date(), nullable=True),
        sa.Column("seen_at", moment, nullable=False),
    )
    op.create_table(
        "update_messages",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(160), nullable=False, unique=True),
        sa.Column("registration_number", sa.String(16), nullable=False, index=True),
        sa.Column("moment", sa.String(32), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", moment, nullable=False, index=True),
        sa.Column("sent_at", moment, nullable=True),
        sa.Column("opened_at", moment, nullable=True),
        sa.Column("detail", sa.String(255), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("update_messages")
    op.drop_table("update_snapshots")
    op.drop_table("update_preferences")
