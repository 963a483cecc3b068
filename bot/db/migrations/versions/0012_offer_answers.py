"""conversation: a parent's answer to a placement offer is a request that names the offer

Revision ID: 0012_offer_answers
Revises: 0011_nlu_choices
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_offer_answers"
down_revision = "0011_nlu_choices"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("registration_requests") as table:
        table.add_column(sa.Column("offer_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("registration_requests") as table:
        table.drop_column("offer_id")
