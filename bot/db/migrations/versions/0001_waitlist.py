"""waitlist: locations, groups, placements, children, parents, registrations, offers,
and the stored simulation (estimates, simulated placements, free capacity)

Revision ID: 0001_waitlist
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_waitlist"
down_revision = None
branch_labels = ("waitlist",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "locations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("location_code", sa.String(32), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("city", sa.String(100), nullable=False),
    )
    op.create_table(
        "groups",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("location_id", sa.Integer(), sa.ForeignKey("locations.id"), nullable=False),
        sa.Column("group_name", sa.String(100), nullable=False),
        sa.Column("care_type", sa.String(16), nullable=False),
        sa.Column("min_age_months", sa.Integer(), nullable=False),
        sa.Column("max_age_months", sa.Integer(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.UniqueConstraint("location_id", "group_name"),
    )
    op.create_index("ix_groups_location_id", "groups", ["location_id"])
    op.create_table(
        "placements",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("placement_id", sa.String(64), nullable=False, unique=True),
        sa.Column("group_id", sa.Integer(), sa.ForeignKey("groups.id"), nullable=False),
        sa.Column("child_birth_date", sa.Date(), nullable=False),
        sa.Column("weekdays", sa.String(20), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
    )
    op.create_index("ix_placements_group_id", "placements", ["group_id"])
    op.create_table(
        "children",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("first_name", sa.String(100), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
    )
    op.create_table(
        "parents",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("child_id", sa.Integer(), sa.ForeignKey("children.id"), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(254), nullable=True),
        sa.Column("phone", sa.String(20), nullable=True),
    )
    op.create_index("ix_parents_child_id", "parents", ["child_id"])
    op.create_table(
        "registrations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("number", sa.String(16), nullable=False, unique=True),
        sa.Column("child_id", sa.Integer(), sa.ForeignKey("children.id"), nullable=False),
        sa.Column("care_type", sa.String(16), nullable=False),
        sa.Column("weekdays", sa.String(20), nullable=False),
        sa.Column("desired_start_date", sa.Date(), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("priority", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
    )
    op.create_index("ix_registrations_child_id", "registrations", ["child_id"])
    op.create_index("ix_registrations_status", "registrations", ["status"])
    op.create_table(
        "location_preferences",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "registration_id", sa.Integer(), sa.ForeignKey("registrations.id"), nullable=False
        ),
        sa.Column("location_id", sa.Integer(), sa.ForeignKey("locations.id"), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.UniqueConstraint("registration_id", "rank"),
    )
    op.create_index(
        "ix_location_preferences_registration_id", "location_preferences", ["registration_id"]
    )
    op.create_table(
        "status_changes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "registration_id", sa.Integer(), sa.ForeignKey("registrations.id"), nullable=False
        ),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_status_changes_registration_id", "status_changes", ["registration_id"])
    op.create_table(
        "offers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "registration_id", sa.Integer(), sa.ForeignKey("registrations.id"), nullable=False
        ),
        sa.Column("location_id", sa.Integer(), sa.ForeignKey("locations.id"), nullable=False),
        sa.Column("weekdays", sa.String(20), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("respond_by", sa.Date(), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
    )
    op.create_index("ix_offers_registration_id", "offers", ["registration_id"])
    op.create_table(
        "estimates",
        sa.Column(
            "registration_id",
            sa.Integer(),
            sa.ForeignKey("registrations.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("first_month", sa.Date(), nullable=True),
        sa.Column("first_location_id", sa.Integer(), sa.ForeignKey("locations.id"), nullable=True),
        sa.Column("first_weekdays", sa.String(20), nullable=True),
        sa.Column("full_month", sa.Date(), nullable=True),
        sa.Column("computed_on", sa.Date(), nullable=False),
    )
    op.create_table(
        "simulated_placements",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column(
            "group_id", sa.Integer(), sa.ForeignKey("groups.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("weekdays", sa.String(20), nullable=False),
    )
    op.create_index("ix_simulated_placements_month", "simulated_placements", ["month"])
    op.create_index(
        "ix_simulated_placements_group_rank", "simulated_placements", ["group_id", "rank"]
    )
    op.create_table(
        "free_capacity",
        sa.Column(
            "group_id",
            sa.Integer(),
            sa.ForeignKey("groups.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("first_month", sa.Date(), nullable=False),
        sa.Column("counts", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    for table in (
        "free_capacity",
        "simulated_placements",
        "estimates",
        "offers",
        "status_changes",
        "location_preferences",
        "registrations",
        "parents",
        "children",
        "placements",
        "groups",
        "locations",
    ):
        op.drop_table(table)
