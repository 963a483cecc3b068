"""Finding registrations, and the groups the simulation places children in."""

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload

from bot.waitlist.models import (
    Child,
    Group,
    Location,
    LocationPreference,
    Offer,
    Registration,
)
from bot.waitlist.numbers import normalize_registration_number
from bot.waitlist.simulation import GroupSpec


def find_registration(*, session: Session, number: str) -> Registration | None:
    """The registration with this number (typed loosely or not), child, parents and
    location preferences loaded; None when there is none."""
    normalised = normalize_registration_number(number)
    if normalised is None:
        return None
    # one unit of work often asks twice (status, then estimate): remember it per session
    found = session.info.setdefault("registrations", {})
    if normalised not in found:
        found[normalised] = (
            session.scalars(
                select(Registration)
                .where(Registration.number == normalised)
                .options(
                    joinedload(Registration.child).joinedload(Child.parents),
                    joinedload(Registration.preferences).joinedload(LocationPreference.location),
                    # in the same statement: a second round trip was a third of a look-up
                    joinedload(Registration.offers).joinedload(Offer.location),
                )
            )
            .unique()
            .one_or_none()
        )
    return found[normalised]


def forget_registrations(session: Session) -> None:
    """Lets go of the registrations `find_registration` keeps for the unit of work: a job
    that asks about every registration in one would otherwise keep them all."""
    session.info.pop("registrations", None)


def numbers_preferring(location_code: str) -> Select[tuple[str]]:
    """The numbers of the registrations with this location among their preferences."""
    return (
        select(Registration.number)
        .join(LocationPreference, LocationPreference.registration_id == Registration.id)
        .join(Location, Location.id == LocationPreference.location_id)
        .where(Location.location_code == location_code)
    )


def load_groups(session: Session) -> list[GroupSpec]:
    rows = session.execute(
        select(
            Group.id,
            Group.location_id,
            Group.care_type,
            Group.min_age_months,
            Group.max_age_months,
            Group.capacity,
        ).order_by(Group.id)
    )
    return [GroupSpec(*row) for row in rows]
