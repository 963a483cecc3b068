"""A parent's answer to a placement offer (requests of kind accept_offer, decline_offer):
the offer it names, in words for the parent's texts and as facts for staff, and what
resolving it does to the offer and the registration."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.conversation import formats, texts
from bot.parent_requests.models import RegistrationRequest
from bot.shared import clock
from bot.waitlist.models import Offer
from bot.waitlist.offers import set_outcome

OFFER_KINDS = ("accept_offer", "decline_offer")
DECISION = {"accept_offer": "accepted", "decline_offer": "declined"}
# the kind in words, for staff (the console) and the planners
KIND_TEXT = {
    "change": "Wijziging",
    "cancel": "Intrekking",
    "accept_offer": "Aanbod aangenomen",
    "decline_offer": "Aanbod afgeslagen",
}


@dataclass(frozen=True)
class OfferFacts:
    """The offer as staff see it beside the parent's answer."""

    offer_id: str | None  # the planning system's key
    location_code: str
    location: str
    group_name: str | None
    weekdays: str  # ma|wo
    start_date: date
    respond_by: date
    outcome: str


def offer_of(session: Session, request: RegistrationRequest) -> Offer | None:
    return session.get(Offer, request.offer_id) if request.offer_id is not None else None


def facts(offer: Offer) -> OfferFacts:
    return OfferFacts(
        offer_id=offer.offer_key,
        location_code=offer.location.location_code,
        location=offer.location.name,
        group_name=offer.group_name,
        weekdays=offer.weekdays,
        start_date=offer.start_date,
        respond_by=offer.respond_by,
        outcome=offer.outcome,
    )


def offer_words(offer: Offer, form: str, today: date | None = None) -> dict[str, str]:
    """The offer's placeholders for the parent's texts, in the texts' variant `form`:
    child, location, place (with the group), days, start, respond_by (with its weekday)
    and offer (one line)."""
    today = today or clock.today()
    place = offer.location.name + (f" ({offer.group_name})" if offer.group_name else "")
    days = formats.weekday_list(offer.weekdays.split("|"), form)
    start = formats.full_date(offer.start_date, form)
    return {
        "child": offer.registration.child.first_name,
        "location": offer.location.name,
        "place": place,
        "days": days,
        "start": start,
        "respond_by": formats.deadline_date(offer.respond_by, today, form),
        "offer": texts.say("offer_line", form, place=place, days=days, start=start),
    }


def request_words(session: Session, request: RegistrationRequest, form: str) -> dict[str, str]:
    """offer_words for an answer to an offer; nothing for other requests."""
    offer = offer_of(session, request) if request.kind in OFFER_KINDS else None
    return offer_words(offer, form) if offer is not None else {}


def carry_out(*, session: Session, request: RegistrationRequest, now: datetime) -> None:
    """Resolving an answer: the offer accepted (the child placed) or declined (waiting
    again). Raises OfferClosed when the offer already has the other outcome."""
    offer = offer_of(session, request)
    if request.kind in OFFER_KINDS and offer is not None:
        set_outcome(session=session, offer=offer, outcome=DECISION[request.kind], now=now)


def answered(session: Session, offer: Offer) -> RegistrationRequest | None:
    """The parent's answer to the offer that stands: unfinished or resolved (a rejected or
    withdrawn one leaves the offer to be answered again)."""
    return session.scalars(
        select(RegistrationRequest)
        .where(
            RegistrationRequest.offer_id == offer.id,
            RegistrationRequest.kind.in_(OFFER_KINDS),
            RegistrationRequest.status.in_(("open", "claimed", "resolved")),
        )
        .order_by(RegistrationRequest.id)
        .limit(1)
    ).first()
