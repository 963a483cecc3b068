"""staff logins: the IP address of failed logins (lock-out per address), login sessions

Revision ID: 0002_staff_logins
Revises: 0001_console
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_staff_logins"
down_revision = "0001_console"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("login_failures") as table:
        table.add_column(sa.Column("ip", sa.String(64), nullable=False, server_default=""))
        table.create_index("ix_login_failures_ip", ["ip"])
    op.create_table(
        "staff_sessions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column(
            "staff_id",
            sa.Integer(),
            sa.ForeignKey("staff_accounts.id", name="fk_staff_sessions_staff_id_staff_accounts"),
            nullable=False,
        ),
        sa.Column("ip", sa.String(64), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("token_hash", name="uq_staff_sessions_token_hash"),
    )
    op.create_index("ix_staff_sessions_staff_id", "staff_sessions", ["staff_id"])


def downgrade() -> None:
    op.drop_table("staff_sessions")
    with op.batch_alter_table("login_failures") as table:
        table.drop_index("ix_login_failures_ip")
        table.drop_column("ip")
