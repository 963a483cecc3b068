"""conversation: a parent's change request can carry the birth of a child registered
before birth (the date staff confirm); the WhatsApp number a parent chose for the updates

Revision ID: 0013_birth_dates
Revises: 0012_offer_answers
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_birth_dates"
down_revision = "0012_offer_answers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("registration_requests") as table:
        table.add_column(sa.Column("birth_date", sa.Date(), nullable=True))
    with op.batch_alter_table("update_preferences") as table:
        table.add_column(sa.Column("whatsapp_phone", sa.String(20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("update_preferences") as table:
        table.drop_column("whatsapp_phone")
    with op.batch_alter_table("registration_requests") as table:
        table.drop_column("birth_date")
