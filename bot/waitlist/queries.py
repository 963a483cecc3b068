"""Finding registrations."""

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.waitlist.models import Child, LocationPreference, Registration
from bot.waitlist.numbers import normalize_registration_number


def find_registration(*, session: Session, number: str) -> Registration | None:
    """The registration with this number (typed loosely or not), child, parents and
    location preferences loaded; None when there is none."""
    normalised = normalize_registration_number(number)
    if normalised is None:
        return None
    return session.scalars(
        select(Registration)
        .where(Registration.number == normalised)
        .options(
            selectinload(Registration.child).selectinload(Child.parents),
            selectinload(Registration.preferences).selectinload(LocationPreference.location),
            selectinload(Registration.offers),
        )
    ).one_or_none()
