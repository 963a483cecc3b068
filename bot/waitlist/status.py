"""Where one registration stands and what happens next."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from bot.waitlist.queries import find_registration


@dataclass(frozen=True)
class OpenOffer:
    location_name: str
    weekdays: tuple[str, ...]
    start_date: date
    respond_by: date


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
