"""Taking in a change or cancellation a verified parent asked for, with the confirmation
e-mail the bot promises. The request is stored first: a mail server that is down loses
nothing (the request shows as unconfirmed in the console)."""

import logging
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.conversation.identity import find_registration, utcnow
from bot.conversation.request_words import removes_a_part
from bot.parent_requests import mails
from bot.parent_requests.details import Named, named_in
from bot.parent_requests.models import RegistrationRequest
from bot.parent_requests.offers import OFFER_KINDS, request_words
from bot.settings import Settings, get_settings
from bot.waitlist.locations import all_locations

log = logging.getLogger(__name__)
KINDS = ("change", "cancel", *OFFER_KINDS)


def store_request(
    *,
    session: Session,
    number: str,
    kind: str,
    details: str,
    channel: str,
    sender_id: str | None = None,
    now: datetime | None = None,
    offer_id: int | None = None,
    birth_date: date | None = None,
) -> RegistrationRequest:
    """`birth_date`: a birth the parent reported (a change), for staff to confirm."""
    if kind not in KINDS:
        raise ValueError(f"unknown request kind {kind!r}")
    if birth_date is not None and kind != "change":
        raise ValueError("a birth date is reported as a change")
    if (kind in OFFER_KINDS) != (offer_id is not None):
        raise ValueError("an answer to an offer names the offer, and only such an answer")
    words = details.strip()
    # a removal ("Het Zonnetje eraf") is for a person: an import can only show additions
    # a birth is for staff to confirm; its date names no start date
    carried_out_by_import = kind == "change" and not removes_a_part(words) and not birth_date
    named = new_in(session, number, words) if carried_out_by_import else Named()
    request = RegistrationRequest(
        registration_number=number,
        kind=kind,
        details=words,
        channel=channel,
        status="open",
        created_at=now or utcnow(),
        sender_id=sender_id,
        weekdays=named.weekdays,
        location_codes=named.location_codes,
        start_date=named.start_date,
        offer_id=offer_id,
        birth_date=birth_date,
        note="",
    )
    session.add(request)
    session.flush()
    return request


def new_in(session: Session, number: str, words: str) -> Named:
    """What the words name that the registration does not have yet: what an import can
    show as done. ("Woensdag niet meer" names a day it has: that is for a person.)"""
    named = named_in(words, all_locations(session=session))
    registration = find_registration(session=session, number=number)
    if registration is None:
        return named
    days = set(registration.weekdays.split("|"))
    codes = {p.location.location_code for p in registration.preferences}
    start = named.start_date
    return Named(
        weekdays="|".join(d for d in named.weekdays.split("|") if d and d not in days),
        location_codes="|".join(c for c in named.location_codes.split("|") if c and c not in codes),
        start_date=start if start != registration.desired_start_date else None,
    )


def confirm(
    *,
    session: Session,
    request: RegistrationRequest,
    settings: Settings | None = None,
    form: str | None = None,
) -> bool:
    """Mail the parents on file that the request arrived, in the texts' variant `form`
    (default: ADDRESS_FORM); False when no mail went."""
    settings = settings or get_settings()
    registration = find_registration(session=session, number=request.registration_number)
    to = mails.recipients(registration)
    if not to.addresses:
        return False
    try:
        words = request_words(session, request, form or settings.address_form)
        mails.send_confirmation(request=request, to=to, settings=settings, form=form, offer=words)
    except OSError as error:  # SMTP down or refused: the request stays, unconfirmed
        log.warning("request %d confirmation not sent: %s", request.id, type(error).__name__)
        return False
    request.confirmed_at = utcnow()
    return True


def open_requests(*, session: Session, number: str) -> list[RegistrationRequest]:
    query = select(RegistrationRequest).where(
        RegistrationRequest.registration_number == number,
        RegistrationRequest.status.in_(("open", "claimed")),
    )
    return list(session.scalars(query.order_by(RegistrationRequest.id)))
