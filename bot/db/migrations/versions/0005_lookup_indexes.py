"""waitlist: indexes for look-ups that scanned a whole table (issue 33: a million
registrations): a placed child's place by birth date (`place_of`: status answers and the
updates run's first days), and the registrations that want a location (a position)

Revision ID: 0005_lookup_indexes
Revises: 0004_due_dates
Create Date: 2026-12-08
"""

from alembic import op

revision = "0005_lookup_indexes"
down_revision = "0004_due_dates"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_placements_child_birth_date", "placements", ["child_birth_date"])
    op.create_index("ix_location_preferences_location_id", "location_preferences", ["location_id"])


def downgrade() -> None:
    op.drop_index("ix_location_preferences_location_id", table_name="location_preferences")
    op.drop_index("ix_placements_child_birth_date", table_name="placements")
