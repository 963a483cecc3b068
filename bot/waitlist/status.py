"""Where one registration stands and what happens next; for a placed child, where and
from when."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from bot.waitlist.calendar import WEEKDAYS
from bot.waitlist.models import Group, Location, Placement, Registration
from bot.waitlist.queries import find_registration


@dataclass(frozen=True)
class OpenOffer:
    location_name: str
    weekdays: tuple[str, ...]
    start_date: date
    respond_by: date
    offer_id: int | None = None  # offers.id, named by the parent's answer (a request)


@dataclass(frozen=True)
class PlacedAt:
    """Where and from when a placed child has its place. `exact`: from the accepted offer
    or the placement itself; otherwise from the registration as imported (its locations,
    days and wished start), which may name several locations."""

    location_names: tuple[str, ...]
    weekdays: tuple[str, ...]
    start_date: date
    exact: bool


@dataclass(frozen=True)
class RegistrationStatus:
    number: str
    status: str
    child_first_name: str
    care_type: str
    weekdays: tuple[str, ...]
    location_names: tuple[str, ...]
    desired_start_date: date
    registered_on: date
    open_offer: OpenOffer | None
    # waiting_for_offer | respond_to_offer | sign_contract | reactivate | none
    next_step: str
    placed_at: PlacedAt | None = None


def registration_status(*, session: Session, number: str, today: date) -> RegistrationStatus | None:
    registration = find_registration(session=session, number=number)
    if registration is None:
        return None
    offer = next(
        (o for o in reversed(registration.offers) if o.outcome == "open" and o.respond_by >= today),
        None,
    )
    open_offer = (
        OpenOffer(
            offer.location.name,
            tuple(offer.weekdays.split("|")),
            offer.start_date,
            offer.respond_by,
            offer.id,
        )
        if offer
        else None
    )
    return RegistrationStatus(
        number=registration.number,
        status=registration.status,
        child_first_name=registration.child.first_name,
        care_type=registration.care_type,
        weekdays=tuple(registration.weekday_list),
        location_names=tuple(location.name for location in registration.locations),
        desired_start_date=registration.desired_start_date,
        registered_on=registration.registered_on,
        open_offer=open_offer,
        next_step=_next_step(registration.status, open_offer),
        placed_at=placed_at(session, registration) if registration.status == "placed" else None,
    )


@dataclass(frozen=True)
class Place:
    """A placed child's place with its locations (for what else they hold: the city)."""

    locations: tuple[Location, ...]
    weekdays: tuple[str, ...]
    start_date: date
    exact: bool
    group_name: str | None = None


def placed_at(session: Session, registration: Registration) -> PlacedAt:
    place = place_of(session, registration)
    return PlacedAt(
        tuple(location.name for location in place.locations),
        place.weekdays,
        place.start_date,
        place.exact,
    )


def place_of(session: Session, registration: Registration) -> Place:
    """The place, from the best source there is: the accepted offer, else the placement of
    a child with this birth date in a group of this care type at one of the chosen
    locations (the planning export links placements to no registration), else the
    registration itself."""
    accepted = [offer for offer in registration.offers if offer.outcome == "accepted"]
    if accepted:
        offer = accepted[-1]
        days = tuple(offer.weekdays.split("|"))
        return Place((offer.location,), days, offer.start_date, True, offer.group_name)
    chosen = [location.id for location in registration.locations]
    placement = session.scalars(
        select(Placement)
        .join(Group, Group.id == Placement.group_id)
        .where(
            Placement.child_birth_date == registration.child.birth_date,
            Group.care_type == registration.care_type,
            Group.location_id.in_(chosen),
        )
        .options(joinedload(Placement.group).joinedload(Group.location))
        .order_by(Placement.start_date.desc())
        .limit(1)
    ).first()
    if placement is not None:
        days = tuple(day for day in WEEKDAYS if day in placement.weekdays.split("|"))
        group = placement.group
        return Place((group.location,), days, placement.start_date, True, group.group_name)
    return Place(
        tuple(registration.locations),
        tuple(registration.weekday_list),
        registration.desired_start_date,
        exact=False,
    )


def _next_step(status: str, offer: OpenOffer | None) -> str:
    if status == "offered":
        return "respond_to_offer" if offer else "waiting_for_offer"
    return {
        "waiting": "waiting_for_offer",
        "passive": "reactivate",
        "placed": "none",
        "withdrawn": "none",
    }.get(status, "none")
