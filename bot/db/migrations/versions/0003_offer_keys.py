"""waitlist: offers keep the planning system's key (offers.csv `offer_id`) and group

Revision ID: 0003_offer_keys
Revises: 0002_estimate_runs
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_offer_keys"
down_revision = "0002_estimate_runs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("offers") as table:
        table.add_column(sa.Column("offer_key", sa.String(64), nullable=True))
        table.add_column(sa.Column("group_name", sa.String(100), nullable=True))
        table.create_unique_constraint("uq_offers_offer_key", ["offer_key"])


def downgrade() -> None:
    with op.batch_alter_table("offers") as table:
        table.drop_constraint("uq_offers_offer_key", type_="unique")
        table.drop_column("group_name")
        table.drop_column("offer_key")
