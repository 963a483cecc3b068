"""Tables of the waitlist part.

Weekday sets are stored as `ma|di|wo` strings: they are always read and written whole, and
the same notation is used by the import format and the conversation.
"""

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.db.base import Base


class Location(Base):
    __tablename__ = "locations"

    id: Mapped[int] = mapped_column(primary_key=True)
    location_code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    city: Mapped[str] = mapped_column(String(100))

    groups: Mapped[list["Group"]] = relationship(back_populates="location")


class Group(Base):
    """A "stamgroep" or "basisgroep": one care type and age band, `capacity` children a day."""

    __tablename__ = "groups"
    __table_args__ = (UniqueConstraint("location_id", "group_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"), index=True)
    group_name: Mapped[str] = mapped_column(String(100))
    care_type: Mapped[str] = mapped_column(String(16))
    min_age_months: Mapped[int]
    max_age_months: Mapped[int]
    capacity: Mapped[int]

    location: Mapped[Location] = relationship(back_populates="groups")


class Placement(Base):
    """A child who has a place now (or from a future start date)."""

    __tablename__ = "placements"

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[str] = mapped_column(String(64), unique=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    # `place_of` finds a placed child's place by birth date (no registration is linked)
    child_birth_date: Mapped[date] = mapped_column(Date, index=True)
    weekdays: Mapped[str] = mapped_column(String(20))
    start_date: Mapped[date] = mapped_column(Date)
    # None: until the child ages out of the group's care type
    end_date: Mapped[date | None] = mapped_column(Date)

    group: Mapped[Group] = relationship()


class Child(Base):
    __tablename__ = "children"

    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str] = mapped_column(String(100))
    # the due date for an unborn child (bot/waitlist/births.py)
    birth_date: Mapped[date] = mapped_column(Date)
    # the due date the child was registered with: a birth date in the future at import
    # (None: registered after the birth)
    due_date: Mapped[date | None] = mapped_column(Date)
    # when the real birth date was recorded (an import, or staff confirming the parent's
    # request); None with a due date: the baby is expected, `birth_date` is the due date
    birth_recorded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def expected(self) -> bool:
        """Registered before birth and no birth recorded yet."""
        return self.due_date is not None and self.birth_recorded_at is None

    parents: Mapped[list["Parent"]] = relationship(
        back_populates="child", cascade="all, delete-orphan", order_by="Parent.id"
    )


class Parent(Base):
    __tablename__ = "parents"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    # E.164, e.g. +31612345678
    phone: Mapped[str | None] = mapped_column(String(20))

    child: Mapped[Child] = relationship(back_populates="parents")


class Registration(Base):
    __tablename__ = "registrations"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(16), unique=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    care_type: Mapped[str] = mapped_column(String(16))
    weekdays: Mapped[str] = mapped_column(String(20))
    desired_start_date: Mapped[date] = mapped_column(Date)
    registered_on: Mapped[date] = mapped_column(Date)
    # none | sibling | internal | staff | smi
    priority: Mapped[str] = mapped_column(String(16))
    # waiting | passive | offered | placed | withdrawn
    status: Mapped[str] = mapped_column(String(16), index=True)

    child: Mapped[Child] = relationship()
    preferences: Mapped[list["LocationPreference"]] = relationship(
        back_populates="registration",
        cascade="all, delete-orphan",
        order_by="LocationPreference.rank",
    )
    history: Mapped[list["StatusChange"]] = relationship(
        back_populates="registration",
        cascade="all, delete-orphan",
        order_by="StatusChange.id",
    )
    offers: Mapped[list["Offer"]] = relationship(
        back_populates="registration", cascade="all, delete-orphan", order_by="Offer.id"
    )

    @property
    def weekday_list(self) -> list[str]:
        return self.weekdays.split("|") if self.weekdays else []

    @property
    def locations(self) -> list[Location]:
        return [preference.location for preference in self.preferences]


class LocationPreference(Base):
    __tablename__ = "location_preferences"
    __table_args__ = (UniqueConstraint("registration_id", "rank"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id"), index=True)
    # counted per location for a registration's position (bot/waitlist/position.py)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"), index=True)
    rank: Mapped[int]

    registration: Mapped[Registration] = relationship(back_populates="preferences")
    location: Mapped[Location] = relationship()


class StatusChange(Base):
    __tablename__ = "status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    registration: Mapped[Registration] = relationship(back_populates="history")


class Offer(Base):
    """A "plaatsingsaanbod"; outcome open | accepted | declined | expired."""

    __tablename__ = "offers"

    id: Mapped[int] = mapped_column(primary_key=True)
    # the planning system's `offer_id` (offers.csv); None for offers made before it was kept
    offer_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id"), index=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    group_name: Mapped[str | None] = mapped_column(String(100))
    weekdays: Mapped[str] = mapped_column(String(20))
    start_date: Mapped[date] = mapped_column(Date)
    respond_by: Mapped[date] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(String(16), default="open")

    registration: Mapped[Registration] = relationship(back_populates="offers")
    location: Mapped[Location] = relationship()


class EstimateRun(Base):
    """One run of the simulation; its random `token` names it for the processes that keep
    the latest run in memory (bot/waitlist/stored_simulation.py)."""

    __tablename__ = "estimate_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(32), unique=True)
    computed_on: Mapped[date] = mapped_column(Date)
    finished_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Estimate(Base):
    """The latest simulation's result for one waiting registration (see estimate_run.py)."""

    __tablename__ = "estimates"

    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), primary_key=True
    )
    # the queue order under the placement policy (1 = first), over all waiting registrations
    rank: Mapped[int] = mapped_column(Integer)
    # first month with a place on some of the days (partial) and on all days; None: not
    # within the simulated horizon
    first_month: Mapped[date | None] = mapped_column(Date)
    first_location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    first_weekdays: Mapped[str | None] = mapped_column(String(20))
    full_month: Mapped[date | None] = mapped_column(Date)
    computed_on: Mapped[date] = mapped_column(Date)


class SimulatedPlacement(Base):
    """Each place the simulation gave away; lets a what-if for one registration be answered
    without simulating everyone again."""

    __tablename__ = "simulated_placements"
    __table_args__ = (Index("ix_simulated_placements_group_rank", "group_id", "rank"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[date] = mapped_column(Date, index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    rank: Mapped[int]
    weekdays: Mapped[str] = mapped_column(String(20))


class FreeCapacity(Base):
    """Places left per weekday and month in one group after the simulation filled what it
    could: one row per group, the counts packed as `counts` (read with `grid`), so that
    an estimate reads a few rows rather than thousands."""

    __tablename__ = "free_capacity"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True
    )
    first_month: Mapped[date] = mapped_column(Date)
    # per weekday (ma..vr) a comma-separated count per month, weekdays separated by ";"
    counts: Mapped[str] = mapped_column(Text)

    @staticmethod
    def pack(rows: list[list[int]]) -> str:
        return ";".join(",".join(map(str, row)) for row in rows)

    @staticmethod
    def unpack(counts: str) -> list[list[int]]:
        return [[int(n) for n in row.split(",")] for row in counts.split(";")]

    def grid(self) -> list[list[int]]:
        return self.unpack(self.counts)
