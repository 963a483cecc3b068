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
    result = []
    for preference in registration.preferences:
        for day in registration.weekday_list:
            ahead = session.scalar(
                select(func.count())
                .select_from(Registration)
                .join(Estimate, Estimate.registration_id == Registration.id)
                .join(LocationPreference, LocationPreference.registration_id == Registration.id)
                .where(
                    Registration.status == "waiting",
                    Registration.care_type == registration.care_type,
                    LocationPreference.location_id == preference.location_id,
                    Registration.weekdays.contains(day),
                    Estimate.rank < own.rank,
                )
            )
            result.append(Position(preference.location.name, day, (ahead or 0) + 1))
    return result
