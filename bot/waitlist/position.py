"""A registration's place in the queue per location and weekday.

Computed for staff and for parents only where the policy allows it (`show_position`):
the list mixes ages, days and priorities, so the number jumps around."""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.waitlist.models import Estimate, LocationPreference, Registration
from bot.waitlist.queries import find_registration


@dataclass(frozen=True)
class Position:
    location_name: str
    weekday: str
    position: int


def positions(*, session: Session, number: str) -> list[Position] | None:
    """1 + the waiting registrations of the same care type ahead of this one in the policy
    order that want the same location and day; None when not waiting or not estimated."""
    registration = find_registration(session=session, number=number)
    if registration is None or registration.status != "waiting":
        return None
    own = session.get(Estimate, registration.id)
    if own is None:
        return None
    days = registration.weekday_list
    # one query for every location and day: per location (an index range on
    # location_preferences.location_id) the registrations ahead, counted per day
    ahead = session.execute(
        select(
            LocationPreference.location_id,
            *(func.count().filter(Registration.weekdays.contains(day)) for day in days),
        )
        .select_from(Registration)
        .join(Estimate, Estimate.registration_id == Registration.id)
        .join(LocationPreference, LocationPreference.registration_id == Registration.id)
        .where(
            Registration.status == "waiting",
            Registration.care_type == registration.care_type,
            LocationPreference.location_id.in_([p.location_id for p in registration.preferences]),
            Estimate.rank < own.rank,
        )
        .group_by(LocationPreference.location_id)
    )
    counts = {location_id: counts for location_id, *counts in ahead}
    return [
        Position(
            preference.location.name,
            day,
            counts.get(preference.location_id, [0] * len(days))[i] + 1,
        )
        for preference in registration.preferences
        for i, day in enumerate(days)
    ]
