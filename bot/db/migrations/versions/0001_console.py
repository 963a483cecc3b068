"""console: staff accounts, handoffs and their notes, canned replies, audit log

Revision ID: 0001_console
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_console"
down_revision = None
branch_labels = ("console",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff_accounts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("email", sa.String(255), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("email", name="uq_staff_accounts_email"),
    )
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("email", sa.String(255), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_login_failures_email", "login_failures", ["email"])
    op.create_table(
        "canned_replies",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("title", sa.String(100), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
    )
    op.create_table(
        "handoffs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("sender_id", sa.String(255), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("reason", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("context", sa.JSON(), nullable=False),
        sa.Column("office_open", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "assigned_to_id",
            sa.Integer(),
            sa.ForeignKey("staff_accounts.id", name="fk_handoffs_assigned_to_id_staff_accounts"),
            nullable=True,
        ),
        sa.Column("satisfaction", sa.Integer(), nullable=True),
    )
    op.create_index("ix_handoffs_sender_id", "handoffs", ["sender_id"])
    op.create_index("ix_handoffs_status", "handoffs", ["status"])
    op.create_index("ix_handoffs_created_at", "handoffs", ["created_at"])
    op.create_table(
        "handoff_notes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "handoff_id",
            sa.Integer(),
            sa.ForeignKey("handoffs.id", name="fk_handoff_notes_handoff_id_handoffs"),
            nullable=False,
        ),
        sa.Column(
            "author_id",
            sa.Integer(),
            sa.ForeignKey("staff_accounts.id", name="fk_handoff_notes_author_id_staff_accounts"),
            nullable=False,
        ),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_handoff_notes_handoff_id", "handoff_notes", ["handoff_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "staff_id",
            sa.Integer(),
            sa.ForeignKey("staff_accounts.id", name="fk_audit_log_staff_id_staff_accounts"),
            nullable=True,
        ),
        sa.Column("staff_email", sa.String(255), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column(
            "handoff_id",
            sa.Integer(),
            sa.ForeignKey("handoffs.id", name="fk_audit_log_handoff_id_handoffs"),
            nullable=True,
        ),
        sa.Column("ip", sa.String(64), nullable=False),
        sa.Column("detail", sa.String(255), nullable=False),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_handoff_id", "audit_log", ["handoff_id"])


def downgrade() -> None:
    op.drop_table("audit_log")
    op.drop_table("handoff_notes")
    op.drop_table("handoffs")
    op.drop_table("canned_replies")
    op.drop_table("login_failures")
    op.drop_table("staff_accounts")
