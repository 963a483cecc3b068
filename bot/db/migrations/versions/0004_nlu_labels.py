"""conversation: staff's intent labels for messages the bot did not understand

Revision ID: 0004_nlu_labels
Revises: 0003_request_work
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_nlu_labels"
down_revision = "0003_request_work"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "nlu_labels",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("intent", sa.String(64), nullable=False),
        sa.Column("labelled_by_id", sa.Integer(), nullable=True),
        sa.Column("labelled_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("nlu_labels")
