"""Head office's side of parents' requests: the list with its filters, claiming, a note,
and closing with a message to the parent: by e-mail, and also in the chat while the
conversation it came from is open (a chat tab may be closed; the mail stays)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from bot.conversation import texts
from bot.parent_requests import mails, offers
from bot.parent_requests.births import record_reported_birth
from bot.parent_requests.models import (
    CLAIMED,
    OPEN,
    REJECTED,
    RESOLVED,
    UNFINISHED,
    WITHDRAWN,
    RegistrationRequest,
)
from bot.settings import Settings
from bot.waitlist.locations import all_locations
from bot.waitlist.offers import OfferClosed
from bot.waitlist.queries import find_registration, numbers_preferring

STATUSES = (OPEN, CLAIMED, RESOLVED, REJECTED, WITHDRAWN)
OUTCOMES = (RESOLVED, REJECTED)
# how a closing message reaches the parent
IN_CHAT, BY_MAIL, BOTH, NOT_SENT = "channel", "mail", "both", "none"


class RequestError(Exception):
    """A step that does not fit the request's state (already closed, someone else's)."""


class DeliveryFailed(Exception):
    """The outcome could not be mailed; nothing is stored, the request stays open."""


@dataclass(frozen=True)
class RequestFilter:
    kind: str | None = None
    status: str | None = None  # one of STATUSES, or "unfinished" (open and claimed)
    # a location by name (part of it: "kabouter") or code: preferred by, or named in, the request
    location: str | None = None
    channel: str | None = None
    older_than_days: int | None = None
    number: str | None = None


def find(
    *, session: Session, wanted: RequestFilter, now: datetime, limit: int = 500
) -> list[RegistrationRequest]:
    """The requests that pass the filter, oldest first (the longest wait on top)."""
    codes = location_codes(session, wanted.location) if wanted.location else []
    if wanted.location and not codes:
        return []  # no such location
    query = _filtered(select(RegistrationRequest), wanted, now, codes)
    return list(
        session.scalars(
            query.order_by(RegistrationRequest.created_at, RegistrationRequest.id).limit(limit)
        )
    )


def location_codes(session: Session, text: str) -> list[str]:
    """The codes of the locations a filter names: by code, or by (part of) the name."""
    wanted = text.strip().casefold()
    return [
        place.code
        for place in all_locations(session=session)
        if wanted in (place.code.casefold(), place.name.casefold())
        or (len(wanted) >= 3 and wanted in place.name.casefold())
    ]


def _filtered(query: Select, wanted: RequestFilter, now: datetime, codes: list[str]) -> Select:
    model = RegistrationRequest
    if wanted.kind:
        query = query.where(model.kind == wanted.kind)
    if wanted.status == "unfinished":
        query = query.where(model.status.in_(UNFINISHED))
    elif wanted.status:
        query = query.where(model.status == wanted.status)
    if wanted.channel:
        query = query.where(model.channel == wanted.channel)
    if wanted.number:
        query = query.where(model.registration_number == wanted.number.strip().upper())
    if wanted.older_than_days is not None:
        query = query.where(model.created_at <= now - timedelta(days=wanted.older_than_days))
    if codes:
        query = query.where(
            or_(
                *(model.registration_number.in_(numbers_preferring(code)) for code in codes),
                *(model.location_codes.contains(code) for code in codes),
            )
        )
    return query


def claim(*, request: RegistrationRequest, staff_id: int) -> None:
    if request.status not in UNFINISHED:
        raise RequestError("dit verzoek is al afgehandeld")
    if request.status == CLAIMED and request.assigned_to_id != staff_id:
        raise RequestError("een collega heeft dit verzoek al opgepakt")
    request.status = CLAIMED
    request.assigned_to_id = staff_id


def set_note(*, request: RegistrationRequest, text: str, staff_id: int) -> None:
    """The internal note (never shown to the parent); replaces the previous one. Only the
    colleague who has the request writes it, as only they close it."""
    if request.assigned_to_id not in (None, staff_id):
        raise RequestError("een collega heeft dit verzoek opgepakt")
    request.note = text.strip()


def return_to_list(*, session: Session, staff_id: int) -> list[RegistrationRequest]:
    """Put the claimed requests of `staff_id` back on the list, open: for an account that
    can no longer work on them (deactivated, management)."""
    held = list(
        session.scalars(
            select(RegistrationRequest)
            .where(
                RegistrationRequest.assigned_to_id == staff_id,
                RegistrationRequest.status == CLAIMED,
            )
            .order_by(RegistrationRequest.id)
        )
    )
    for request in held:
        request.status = OPEN
        request.assigned_to_id = None
    return held


def close(
    *,
    session: Session,
    request: RegistrationRequest,
    staff_id: int | None,
    outcome: str,
    message: str,
    now: datetime,
    chat: Callable[[str, str], bool],
    settings: Settings,
    spoken: str | None,
) -> str:
    """Resolve or reject with a message to the parent; returns how it reached them.

    Resolving an answer to an offer carries it out: the offer accepted and the child
    placed, or declined and the child waiting again (RequestError when the offer already
    went the other way). Rejecting leaves the offer open.

    The parents on file get an e-mail; `chat(sender_id, text)` also posts into the
    conversation the request came from, answering False when that conversation is over.
    Both in the language the parent chats in, `spoken` (bot/updates/preferences.py
    `chat_language`, read by the caller: the parent's chat language is the updates part's),
    else in ADDRESS_FORM.
    """
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    if request.status not in UNFINISHED:
        raise RequestError("dit verzoek is al afgehandeld")
    if staff_id is not None and request.status == CLAIMED and request.assigned_to_id != staff_id:
        raise RequestError("een collega heeft dit verzoek opgepakt")
    if outcome == RESOLVED:
        try:
            offers.carry_out(session=session, request=request, now=now)
        except OfferClosed as error:
            raise RequestError(str(error)) from error
    request.status = outcome
    request.assigned_to_id = request.assigned_to_id or staff_id
    request.outcome = message.strip()
    request.closed_at = now
    if outcome == RESOLVED and request.birth_date is not None:
        record_reported_birth(session=session, request=request, now=now)
    request.outcome_sent_by = deliver(
        session=session,
        request=request,
        chat=chat,
        settings=settings,
        form=parent_form(spoken, settings),
    )
    return request.outcome_sent_by


def parent_form(spoken: str | None, settings: Settings) -> str:
    """The texts' variant of a request's parent: the language they chat in, else
    ADDRESS_FORM."""
    return texts.variant(spoken, settings.address_form)


def deliver(
    *,
    session: Session,
    request: RegistrationRequest,
    chat: Callable[[str, str], bool],
    settings: Settings,
    form: str,
) -> str:
    message = request.outcome or ""
    words = offers.request_words(session, request, form)
    in_chat = texts.say(
        mails.by_kind("request_closed", request),
        form,
        details=request.details,
        message=message,
        **words,
    )
    registration = find_registration(session=session, number=request.registration_number)
    to = mails.recipients(registration)
    if to.addresses:
        try:
            mails.send_outcome(
                request=request,
                message=message,
                to=to,
                settings=settings,
                form=form,
                offer=words,
            )
        except OSError as error:  # SMTP down or refused
            raise DeliveryFailed("de e-mail aan de ouder kon niet worden verstuurd") from error
    in_chat_too = bool(request.sender_id) and chat(request.sender_id, in_chat.strip())
    if to.addresses:
        return BOTH if in_chat_too else BY_MAIL
    return IN_CHAT if in_chat_too else NOT_SENT
