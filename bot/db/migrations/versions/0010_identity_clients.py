"""conversation: identity check attempts know their client (a keyed hash), so failures are
limited per client before per registration

Revision ID: 0010_identity_clients
Revises: 0009_conversation_events
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_identity_clients"
down_revision = "0009_conversation_events"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("identity_attempts") as table:
        table.add_column(sa.Column("client", sa.String(64), nullable=True))
    op.create_index("ix_identity_attempts_client", "identity_attempts", ["client"])


def downgrade() -> None:
    op.drop_index("ix_identity_attempts_client", table_name="identity_attempts")
    with op.batch_alter_table("identity_attempts") as table:
        table.drop_column("client")
