"""console: staff sign-in: TOTP second factor, recovery codes, password-reset links and
their requests, what a login session shows (last seen, browser)

Revision ID: 0004_staff_signin
Revises: 0003_satisfaction_comment
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_staff_signin"
down_revision = "0003_satisfaction_comment"
branch_labels = None
depends_on = None


def _staff_fk(table: str) -> sa.Column:
    return sa.Column(
        "staff_id",
        sa.Integer(),
        sa.ForeignKey("staff_accounts.id", name=f"fk_{table}_staff_id_staff_accounts"),
        nullable=False,
    )


def upgrade() -> None:
    with op.batch_alter_table("staff_accounts") as table:
        table.add_column(sa.Column("totp_secret", sa.String(64), nullable=True))
        table.add_column(sa.Column("totp_enabled_at", sa.DateTime(timezone=True), nullable=True))
        table.add_column(sa.Column("totp_last_step", sa.BigInteger(), nullable=True))
    with op.batch_alter_table("staff_sessions") as table:
        table.add_column(sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True))
        table.add_column(sa.Column("user_agent", sa.String(255), nullable=False, server_default=""))
    op.create_table(
        "staff_recovery_codes",
        sa.Column("id", sa.Integer(), primary_key=True),
        _staff_fk("staff_recovery_codes"),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_staff_recovery_codes_staff_id", "staff_recovery_codes", ["staff_id"])
    op.create_table(
        "password_resets",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False),
        _staff_fk("password_resets"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("token_hash", name="uq_password_resets_token_hash"),
    )
    op.create_index("ix_password_resets_staff_id", "password_resets", ["staff_id"])
    op.create_table(
        "password_reset_requests",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("email", sa.String(255), nullable=False),
        sa.Column("ip", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_password_reset_requests_email", "password_reset_requests", ["email"])
    op.create_index("ix_password_reset_requests_ip", "password_reset_requests", ["ip"])


def downgrade() -> None:
    op.drop_table("password_reset_requests")
    op.drop_table("password_resets")
    op.drop_table("staff_recovery_codes")
    with op.batch_alter_table("staff_sessions") as table:
        table.drop_column("user_agent")
        table.drop_column("last_seen_at")
    with op.batch_alter_table("staff_accounts") as table:
        table.drop_column("totp_last_step")
        table.drop_column("totp_enabled_at")
        table.drop_column("totp_secret")
