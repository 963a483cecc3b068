"""A placement offer's outcome and what it does to the registration: open keeps it offered,
accepted places the child, declined or expired puts it back on the waiting list (the
parent's words decide more; a withdrawal is a request of its own)."""

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.waitlist.models import Offer, Registration, StatusChange

OUTCOMES = ("open", "accepted", "declined", "expired")
# the registration status an offer's outcome leads to
STATUS_AFTER = {
    "open": "offered",
    "accepted": "placed",
    "declined": "waiting",
    "expired": "waiting",
}
DUTCH = {"open": "open", "accepted": "aangenomen", "declined": "afgeslagen", "expired": "verlopen"}


class OfferClosed(ValueError):
    """The offer already has another outcome than the one asked for."""


def set_outcome(*, session: Session, offer: Offer, outcome: str, now: datetime) -> None:
    """Record `outcome` and move the registration along: to offered for an open offer; for
    a closed one only from offered and when no other offer is open (a planner's status
    stays). The same outcome again changes nothing; another closed one is refused."""
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    if offer.outcome not in ("open", outcome):
        raise OfferClosed(f"het aanbod is al {DUTCH[offer.outcome]}")
    offer.outcome = outcome
    registration = offer.registration
    if outcome == "open":
        move(session, registration, "offered", now)
        return
    others_open = session.scalar(
        select(func.count())
        .select_from(Offer)
        .where(
            Offer.registration_id == registration.id,
            Offer.outcome == "open",
            Offer.id != offer.id,
        )
    )
    if registration.status == "offered" and not others_open:
        move(session, registration, STATUS_AFTER[outcome], now)


def move(session: Session, registration: Registration, status: str, now: datetime) -> None:
    if registration.status == status:
        return
    registration.status = status
    session.add(StatusChange(registration_id=registration.id, status=status, changed_at=now))


def overdue(*, session: Session, today: date, keep: set[int]) -> list[Offer]:
    """Open offers whose answer date has passed, but not those in `keep` (an answer in
    time that head office has not worked yet)."""
    found = session.scalars(
        select(Offer).where(Offer.outcome == "open", Offer.respond_by < today).order_by(Offer.id)
    )
    return [offer for offer in found if offer.id not in keep]


def expire_overdue(*, session: Session, today: date, now: datetime, keep: set[int]) -> list[Offer]:
    """Marks the overdue offers expired (their registrations wait again); returns them."""
    expired = overdue(session=session, today=today, keep=keep)
    for offer in expired:
        set_outcome(session=session, offer=offer, outcome="expired", now=now)
    return expired
