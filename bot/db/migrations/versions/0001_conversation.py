"""conversation: identity checks, one-time codes, parents' requests

Revision ID: 0001_conversation
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_conversation"
down_revision = None
branch_labels = ("conversation",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "identity_attempts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("registration_number", sa.String(16), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ix_identity_attempts_registration_number", "identity_attempts", ["registration_number"]
    )
    op.create_index("ix_identity_attempts_created_at", "identity_attempts", ["created_at"])
    op.create_table(
        "verification_codes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("sender_id", sa.String(255), nullable=False),
        sa.Column("registration_number", sa.String(16), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_verification_codes_sender_id", "verification_codes", ["sender_id"])
    op.create_table(
        "registration_requests",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("registration_number", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ix_registration_requests_registration_number",
        "registration_requests",
        ["registration_number"],
    )


def downgrade() -> None:
    op.drop_table("registration_requests")
    op.drop_table("verification_codes")
    op.drop_table("identity_attempts")
