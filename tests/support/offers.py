"""Open placement offers for tests: a waitlist with Mila's offer at Het Zonnetje imported
as the planning system exports it (offers.csv), or an offer row added to a test family
that a stack's database already holds (`add_offer`)."""

from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.waitlist.importer import import_directory
from bot.waitlist.models import Location, Offer, Registration
from tests.support.dates import days_from_today, iso, month_day
from tests.support.export_files import GROUPS, LOCATIONS, write_export
from tests.support.waitlists import REGISTRATIONS  # Mila, INS-000001, 15 months old

OFFERS_HEADER = (
    "offer_id,registration_number,location_code,group_name,weekdays,start_date,respond_by,outcome\n"
)
START = month_day(2)
RESPOND_BY = days_from_today(7)


def offer_row(outcome: str = "", respond_by: str = iso(RESPOND_BY), key: str = "AB-1") -> str:
    return f"{key},INS-000001,UTR-ZON,Babygroep,ma|wo,{iso(START)},{respond_by},{outcome}\n"


def import_offer(session: Session, folder: Path, row: str | None = None) -> Offer:
    """The organisation, Mila's registration and her offer (`row`: another offers.csv
    row); returns the offer."""
    directory = write_export(
        folder,
        locations=LOCATIONS,
        groups=GROUPS,
        registrations=REGISTRATIONS,
        offers=OFFERS_HEADER + (row or offer_row()),
    )
    import_directory(session=session, directory=directory)
    session.info.pop("registrations", None)  # find_registration's per-session memory
    return session.scalars(select(Offer).order_by(Offer.id.desc())).first()


def reimport_offer(session: Session, folder: Path, row: str) -> None:
    import_directory(session=session, directory=write_export(folder, offers=OFFERS_HEADER + row))
    session.info.pop("registrations", None)
    session.expire_all()


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
