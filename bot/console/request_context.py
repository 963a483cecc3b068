"""What staff need beside a parent's request: the child, the registration as it stands now
and what the parent asks for, in words; the conversation it came from (its handoff, or its
messages from Rasa)."""

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.console.registration import STATUSES, days
from bot.conversation import formats
from bot.conversation.models import RegistrationRequest
from bot.conversation.standing import standing
from bot.handoff.context import transcript
from bot.handoff.models import Handoff
from bot.handoff.queue import utc
from bot.waitlist.locations import all_locations

# the request's part of its conversation: the session it was made in, up to a little after
AFTER_REQUEST = timedelta(minutes=10)
NEW_PART = {"session_started", "restart"}


def current_text(session: Session, number: str, today: date) -> tuple[str | None, str]:
    """The child's first name and the registration as it stands, with what head office has
    done already ("" for an unknown number)."""
    status = standing(session=session, number=number, today=today)
    if status is None:
        return None, ""
    parts = [
        STATUSES.get(status.status, status.status),
        days(status.weekdays),
        formats.word_list(list(status.location_names)) or "geen locatie",
        f"start {formats.full_date(status.desired_start_date)}",
    ]
    return status.child_first_name, " · ".join(parts)


def requested_text(session: Session, request: RegistrationRequest) -> str:
    """What the parent asks for, as far as the words name it; the words themselves are
    shown beside it."""
    if request.kind == "cancel":
        return "de hele inschrijving intrekken"
    if request.kind in ("accept_offer", "decline_offer"):
        return "het aanbod aannemen" if request.kind == "accept_offer" else "het aanbod afslaan"
    names = {place.code: place.name for place in all_locations(session=session)}
    parts = []
    if request.weekdays:
        parts.append(f"dagen erbij: {days(request.weekdays.split('|'))}")
    if request.location_codes:
        places = [names.get(code, code) for code in request.location_codes.split("|") if code]
        parts.append(f"locatie erbij: {formats.word_list(places)}")
    if request.start_date:
        parts.append(f"nieuwe startdatum: {formats.full_date(request.start_date)}")
    if request.birth_date:
        parts.append(f"geboortedatum: {formats.full_date(request.birth_date)}")
    return "; ".join(parts) or "zie de woorden van de ouder"


def chat_handoff(session: Session, request: RegistrationRequest) -> int | None:
    """The latest handoff of the conversation the request came from, to open in the console."""
    if not request.sender_id:
        return None
    return session.scalar(
        select(Handoff.id)
        .where(Handoff.sender_id == request.sender_id)
        .order_by(Handoff.created_at.desc())
        .limit(1)
    )


def chat_part(events: list[dict[str, Any]], request: RegistrationRequest) -> list[dict[str, Any]]:
    """The messages of the session the request was made in, up to shortly after it."""
    made = utc(request.created_at).timestamp()
    start = 0
    for index, event in enumerate(events):
        stamp = event.get("timestamp")
        if stamp is not None and stamp > made:
            break
        if event.get("event") in NEW_PART:
            start = index
    last = made + AFTER_REQUEST.total_seconds()
    part = [e for e in events[start:] if e.get("timestamp") is None or e["timestamp"] <= last]
    return transcript(part)


def request_context(
    session: Session, request: RegistrationRequest, now: datetime
) -> dict[str, Any]:
    child, current = current_text(session, request.registration_number, now.date())
    return {
        "child": child,
        "current": current,
        "requested": requested_text(session, request),
        "chat_handoff_id": chat_handoff(session, request),
        "has_chat": bool(request.sender_id),
    }
