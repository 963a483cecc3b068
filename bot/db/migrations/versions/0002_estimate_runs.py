"""waitlist: estimate runs, so that answering processes know when the stored simulation
changed

Revision ID: 0002_estimate_runs
Revises: 0001_waitlist
Create Date: 2026-11-23
"""

import uuid
from datetime import date, datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = "0002_estimate_runs"
down_revision = "0001_waitlist"
branch_labels = None
depends_on = None


def upgrade() -> None:
    runs = op.create_table(
        "estimate_runs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("token", sa.String(32), nullable=False, unique=True),
        sa.Column("computed_on", sa.Date(), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
    )
    # estimates stored before this revision belong to a run too
    computed_on = op.get_bind().scalar(sa.text("SELECT max(computed_on) FROM estimates"))
    if isinstance(computed_on, str):  # SQLite returns dates as text to plain SQL
        computed_on = date.fromisoformat(computed_on)
    if computed_on is not None:
        op.bulk_insert(
            runs,
            [
                {
                    "token": uuid.uuid4().hex,
                    "computed_on": computed_on,
                    "finished_at": datetime.now(timezone.utc),
                }
            ],
        )


def downgrade() -> None:
    op.drop_table("estimate_runs")
