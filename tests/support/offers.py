"""An open placement offer for a test registration, as head office's planning would make
it (the import of offers.csv is built elsewhere; the tests need only the row)."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.waitlist.models import Location, Offer, Registration


def add_offer(
    session: Session,
    *,
    number: str,
    location_code: str,
    weekdays: str,
    start: date,
    respond_by: date,
    outcome: str = "open",
) -> int:
    """The offer's id; an open one marks the registration as offered."""
    registration = session.scalars(select(Registration).where(Registration.number == number)).one()
    location = session.scalars(
        select(Location).where(Location.location_code == location_code)
    ).one()
    offer = Offer(
        registration_id=registration.id,
        location_id=location.id,
        group_name="Babygroep",
        weekdays=weekdays,
        start_date=start,
        respond_by=respond_by,
        outcome=outcome,
    )
    session.add(offer)
    if outcome == "open":
        registration.status = "offered"
    session.flush()
    return offer.id
