"""conversation: indexes for a family's export and erasure (issue 33: a million
registrations), which scanned every update sent for the conversations that answered one,
and every one-time code for the family's numbers

Revision ID: 0017_family_indexes
Revises: 0016_dashboard_days
Create Date: 2026-12-08
"""

from alembic import op

revision = "0017_family_indexes"
down_revision = "0016_dashboard_days"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_update_messages_replied_sender_id", "update_messages", ["replied_sender_id"]
    )
    op.create_index(
        "ix_verification_codes_registration_number", "verification_codes", ["registration_number"]
    )


def downgrade() -> None:
    op.drop_index("ix_verification_codes_registration_number", table_name="verification_codes")
    op.drop_index("ix_update_messages_replied_sender_id", table_name="update_messages")
