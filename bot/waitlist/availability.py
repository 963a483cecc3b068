"""Free places for prospective parents: what is left after the waiting list is served.

Read from the last simulation's free capacity, so a place that a waiting child will get is
not advertised. No personal data is involved."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.waitlist.calendar import (
    WEEKDAYS,
    add_months,
    age_in_months,
    month_start,
)
from bot.waitlist.models import FreeCapacity, Group, Location

MONTHS_AHEAD = 12


@dataclass(frozen=True)
class FreePlace:
    location_code: str
    location_name: str
    city: str
    weekday: str
    month: date  # the first month it is free (the parent reads it: actions/availability.py)


def free_places(
    *,
    session: Session,
    care_type: str,
    birth_date: date,
    today: date,
    weekdays: list[str] | None = None,
    location_codes: list[str] | None = None,
) -> list[FreePlace]:
    """Per location and weekday, the first month in the coming 12 with a place for a child
    of this age; earliest first."""
    this_month = month_start(today)
    query = (
        select(FreeCapacity, Group, Location)
        .join(Group, FreeCapacity.group_id == Group.id)
        .join(Location, Group.location_id == Location.id)
        .where(Group.care_type == care_type)
    )
    if location_codes:
        query = query.where(Location.location_code.in_(location_codes))
    first: dict[tuple[str, str], FreePlace] = {}
    for stored, group, location in session.execute(query):
        counts = stored.grid()
        for index in range(len(counts[0])):
            month = add_months(stored.first_month, index)
            if not this_month <= month < add_months(this_month, MONTHS_AHEAD):
                continue
            if not group.min_age_months <= age_in_months(birth_date, month) < group.max_age_months:
                continue
            for day, row in zip(WEEKDAYS, counts, strict=True):
                key = (location.location_code, day)
                earlier = key not in first or month < first[key].month
                if row[index] > 0 and earlier and (not weekdays or day in weekdays):
                    first[key] = FreePlace(
                        location.location_code, location.name, location.city, day, month
                    )
    return sorted(
        first.values(), key=lambda p: (p.month, WEEKDAYS.index(p.weekday), p.location_name)
    )


def earliest_each(
    places: list[FreePlace], *, weekdays: list[str], location_codes: list[str]
) -> list[FreePlace]:
    """For each weekday and each location asked (a whole side when none is asked), the
    places in its earliest month; earliest first. `places` as `free_places` returns them."""
    first: dict[tuple[str, str], date] = {}
    chosen = []
    for place in places:
        key = (
            place.weekday if weekdays else "",
            place.location_code if location_codes else "",
        )
        if first.setdefault(key, place.month) == place.month:
            chosen.append(place)
    return chosen
