"""conversation: parents' requests become work items (claim, note, outcome, planning fields)

Revision ID: 0003_request_work
Revises: 0002_code_limits
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_request_work"
down_revision = "0002_code_limits"
branch_labels = None
depends_on = None


def columns() -> list[sa.Column]:
    return [
        sa.Column("sender_id", sa.String(255), nullable=True),
        sa.Column("weekdays", sa.String(20), nullable=False, server_default=""),
        sa.Column("location_codes", sa.String(255), nullable=False, server_default=""),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("assigned_to_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("outcome_sent_by", sa.String(16), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
    ]


def upgrade() -> None:
    with op.batch_alter_table("registration_requests") as table:
        for column in columns():
            table.add_column(column)
    op.execute("UPDATE registration_requests SET status = 'resolved' WHERE status = 'done'")
    op.create_index("ix_registration_requests_status", "registration_requests", ["status"])


def downgrade() -> None:
    op.drop_index("ix_registration_requests_status", "registration_requests")
    op.execute("UPDATE registration_requests SET status = 'done' WHERE status = 'resolved'")
    with op.batch_alter_table("registration_requests") as table:
        for column in reversed(columns()):
            table.drop_column(column.name)
