"""conversation: the answers to the touchpoint surveys, one per registration and moment

Revision ID: 0014_survey_answers
Revises: 0013_birth_dates
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_survey_answers"
down_revision = "0013_birth_dates"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "survey_answers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("registration_number", sa.String(16), nullable=False),
        sa.Column("moment", sa.String(32), nullable=False),
        sa.Column("location_code", sa.String(32), nullable=True),
        sa.Column("scale", sa.String(8), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint(
            "registration_number", "moment", name="uq_survey_answers_registration_number"
        ),
    )
    op.create_index(
        "ix_survey_answers_registration_number", "survey_answers", ["registration_number"]
    )
    op.create_index("ix_survey_answers_location_code", "survey_answers", ["location_code"])
    op.create_index("ix_survey_answers_answered_at", "survey_answers", ["answered_at"])


def downgrade() -> None:
    op.drop_table("survey_answers")
