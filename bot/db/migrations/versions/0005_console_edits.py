"""console: head office's edits (texts, hours, closure days, keywords, cadence) with their
history, and canned replies in the informal and the English variant

Revision ID: 0005_console_edits
Revises: 0004_staff_signin
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_console_edits"
down_revision = "0004_staff_signin"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "console_edits",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column(
            "changed_by_id",
            sa.Integer(),
            sa.ForeignKey(
                "staff_accounts.id",
                name="fk_console_edits_changed_by_id_staff_accounts",
                ondelete="SET NULL",
            ),
            nullable=True,
        ),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reverts_id", sa.Integer(), nullable=True),
    )
    op.create_index("ix_console_edits_kind_name", "console_edits", ["kind", "name"])
    with op.batch_alter_table("canned_replies") as table:
        table.add_column(sa.Column("text_je", sa.Text(), nullable=True))
        table.add_column(sa.Column("text_en", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("canned_replies") as table:
        table.drop_column("text_en")
        table.drop_column("text_je")
    op.drop_index("ix_console_edits_kind_name", table_name="console_edits")
    op.drop_table("console_edits")
