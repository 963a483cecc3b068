"""conversation: a parent's choice of meaning is kept beside staff's labels, with the
meanings the bot offered

Revision ID: 0011_nlu_choices
Revises: 0010_identity_clients
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_nlu_choices"
down_revision = "0010_identity_clients"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("nlu_labels") as table:
        table.add_column(sa.Column("source", sa.String(16), nullable=False, server_default="staff"))
        table.add_column(sa.Column("offered", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("nlu_labels") as table:
        table.drop_column("offered")
        table.drop_column("source")
