"""The queue as the simulation starts from it, read from the database: who holds a place
(placements, and open offers counted as accepted) and who is waiting, with what wishes."""

from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.waitlist.calendar import age_in_months
from bot.waitlist.models import Child as ChildRow
from bot.waitlist.models import LocationPreference, Offer, Placement, Registration
from bot.waitlist.simulation import Candidate, GroupSpec, Occupant, groups_by_location

# rows read at a time from a server-side cursor: the queue's million rows are not all held
# by the driver while the candidates are made
STREAMED = 10_000


def load_occupants(session: Session, groups: list[GroupSpec]) -> list[Occupant]:
    """Placements, and open offers counted as accepted (the place is held for the child)."""
    occupants = [
        Occupant(group_id, birth, frozenset(days.split("|")), start, end)
        for group_id, birth, days, start, end in session.execute(
            select(
                Placement.group_id,
                Placement.child_birth_date,
                Placement.weekdays,
                Placement.start_date,
                Placement.end_date,
            )
        )
    ]
    by_location = groups_by_location(groups)
    offers = session.execute(
        select(
            Offer.location_id,
            Offer.weekdays,
            Offer.start_date,
            Registration.care_type,
            ChildRow.birth_date,
        )
        .join(Registration, Offer.registration_id == Registration.id)
        .join(ChildRow, Registration.child_id == ChildRow.id)
        .where(Offer.outcome == "open")
    )
    for location_id, days, start, care_type, birth in offers:
        group = _group_for(by_location.get(location_id, []), care_type, birth, start)
        if group is not None:
            occupants.append(Occupant(group.id, birth, frozenset(days.split("|")), start))
    return occupants


def _group_for(groups: list[GroupSpec], care_type: str, birth: date, on: date) -> GroupSpec | None:
    age = age_in_months(birth, on)
    return next(
        (
            g
            for g in groups
            if g.care_type == care_type and g.min_age_months <= age < g.max_age_months
        ),
        None,
    )


def load_candidates(session: Session) -> list[Candidate]:
    preferences: dict[int, tuple[int, ...]] = {}
    for registration_id, location_id in session.execute(
        select(LocationPreference.registration_id, LocationPreference.location_id)
        .join(Registration, LocationPreference.registration_id == Registration.id)
        .where(Registration.status == "waiting")
        .order_by(LocationPreference.registration_id, LocationPreference.rank)
        .execution_options(yield_per=STREAMED)
    ):
        preferences[registration_id] = (*preferences.get(registration_id, ()), location_id)
    rows = session.execute(
        select(
            Registration.id,
            ChildRow.birth_date,
            Registration.care_type,
            Registration.weekdays,
            Registration.desired_start_date,
            Registration.registered_on,
            Registration.priority,
        )
        .join(ChildRow, Registration.child_id == ChildRow.id)
        .where(Registration.status == "waiting")
        .execution_options(yield_per=STREAMED)
    )
    # the same dates and words recur across a queue: one object each, not one a row
    shared: dict[Any, Any] = {}
    share = shared.setdefault
    return [
        Candidate(
            registration_id,
            share(birth, birth),
            share(care_type, care_type),
            preferences.pop(registration_id, ()),
            _weekdays(days),
            share(desired, desired),
            share(registered, registered),
            share(priority, priority),
        )
        for registration_id, birth, care_type, days, desired, registered, priority in rows
    ]


@cache  # one set per combination of days, shared by the candidates that want it
def _weekdays(days: str) -> frozenset[str]:
    return frozenset(days.split("|"))
