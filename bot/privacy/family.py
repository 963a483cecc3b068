"""Everything held about one family, found by registration number or parent e-mail:
the registration as imported, the conversations (Rasa's stored events, and the dashboard's
copy of them), handoffs and their notes, requests, identity checks, outbox mails and the
audit entries about them.

Both keys match exactly (the number normalised, the address without regard to letter
case): erasure is irreversible, so a pattern must never reach another family. The family's
conversations are those in which one of its numbers passed the identity check, and those
from a parent's own phone number (WhatsApp); a conversation in which a stranger only typed
the number (a failed check) is someone else's: it is neither exported nor erased, only
listed (`unverified`) for a person to review.

`export` gathers it as one JSON document; `erase` removes what may go. What stays: the
registration itself (a copy of the planning system's record: erase it there, and the next
import no longer carries it), the handoff rows without their content (channel, reason,
times, satisfaction: counted, not personal) and the audit log (the record of who saw what).
"""

import email
import email.policy
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, String, cast, delete, func, inspect, or_, select, update
from sqlalchemy.orm import Session

from bot.conversation.identity import normalise_phone
from bot.conversation.models import (
    CodeLimit,
    IdentityAttempt,
    RegistrationRequest,
    VerificationCode,
)
from bot.handoff import queue
from bot.handoff.models import CLOSED, Handoff, HandoffNote
from bot.reporting import conversation_events
from bot.staff.models import AuditEntry
from bot.tracker_events import rasa_events
from bot.updates.history import received
from bot.updates.models import UpdateMessage
from bot.waitlist.models import Estimate, Parent, Registration
from bot.waitlist.numbers import normalize_registration_number
from bot.waitlist.queries import find_registration

# the channels whose conversation id is the sender's phone number (`whatsapp:31612345678`)
PHONE_CHANNELS = ("whatsapp", "twilio")


class FamilyNotFound(LookupError):
    pass


class NotConfirmed(ValueError):
    """An erasure not confirmed with exactly the registration numbers it would reach."""


@dataclass
class Family:
    """The keys to a family's data: registration numbers, parents' addresses, the family's
    own conversations, and the others that name one of its numbers (not the family's)."""

    numbers: list[str]
    emails: list[str]
    phones: list[str]
    conversations: list[str] = field(default_factory=list)
    unverified: list[str] = field(default_factory=list)


def find_family(
    *, session: Session, tracker: Engine, number: str | None = None, parent_email: str | None = None
) -> Family:
    numbers = _numbers(session, number, parent_email)
    if not numbers:
        raise FamilyNotFound("no registration with that number or parent e-mail address")
    registrations = [find_registration(session=session, number=n) for n in numbers]
    parents = [p for r in registrations if r for p in r.child.parents]
    family = Family(
        numbers=numbers,
        emails=sorted({p.email.lower() for p in parents if p.email}),
        phones=sorted({p.phone for p in parents if p.phone}),
    )
    family.conversations, family.unverified = _conversations(tracker, family)
    return family


def _numbers(session: Session, number: str | None, parent_email: str | None) -> list[str]:
    if number:
        registration = find_registration(session=session, number=number)
        return [registration.number] if registration else []
    if not parent_email:
        return []
    query = (
        select(Registration.number)
        .join(Parent, Parent.child_id == Registration.child_id)
        .where(func.lower(Parent.email) == func.lower(parent_email.strip()))
    )
    return sorted(set(session.scalars(query)))


def _conversations(tracker: Engine, family: Family) -> tuple[list[str], list[str]]:
    """The family's own conversations: one of its numbers verified there, or a parent's
    phone number is the conversation id; and the others whose events name a number."""
    if not inspect(tracker).has_table("events"):
        return [], []
    own = {
        f"{channel}:{normalise_phone(phone).lstrip('+')}"
        for phone in family.phones
        for channel in PHONE_CHANNELS
    }
    mentioned = or_(*[rasa_events.c.data.contains(n, autoescape=True) for n in family.numbers])
    query = select(rasa_events.c.sender_id, rasa_events.c.type_name, rasa_events.c.data)
    with tracker.connect() as connection:
        rows = connection.execute(query.where(or_(mentioned, rasa_events.c.sender_id.in_(own))))
        named = set()
        for sender_id, kind, data in rows:
            named.add(sender_id)
            if kind == "slot" and _verifies(data, family.numbers):
                own.add(sender_id)
    return sorted(named & own), sorted(named - own)


def _verifies(data: str | None, numbers: list[str]) -> bool:
    """A slot event that records one of the numbers as passed the identity check."""
    event = json.loads(data or "{}")
    return event.get("name") == "verified_registration" and event.get("value") in numbers


def _handoffs(session: Session, family: Family) -> list[Handoff]:
    """Handoffs of the family's conversations, and those whose context records one of its
    numbers as verified (a stranger's failed check names the number too, in the slots)."""
    context = cast(Handoff.context, String)
    query = select(Handoff).where(
        or_(
            Handoff.sender_id.in_(family.conversations),
            *[context.contains(number, autoescape=True) for number in family.numbers],
        )
    )
    return [
        handoff
        for handoff in session.scalars(query.order_by(Handoff.id))
        if handoff.sender_id in family.conversations
        or (
            handoff.context.get("identity_verified")
            and handoff.context.get("registration_number") in family.numbers
        )
    ]


def _mails(outbox: Path, family: Family) -> list[Path]:
    found = []
    for path in sorted(outbox.glob("*.eml")) if outbox.is_dir() else []:
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        body = message.get_body(("plain",))
        text = body.get_content() if body else ""
        to = str(message["To"] or "").lower()
        if to in family.emails or any(n in text for n in family.numbers):
            found.append(path)
    return found


def export(*, session: Session, tracker: Engine, outbox: Path, family: Family) -> dict[str, Any]:
    """Everything held about the family, as one JSON-ready document."""
    handoffs = _handoffs(session, family)
    handoff_ids = [h.id for h in handoffs]
    return {
        "registrations": [_registration(session, n) for n in family.numbers],
        "conversations": _conversation_events(tracker, family.conversations),
        "handoffs": [_handoff(session, h) for h in handoffs],
        "requests": [_columns(r) for r in _requests(session, family)],
        "identity_checks": [
            {"at": a.created_at, "registration_number": a.registration_number, "ok": a.succeeded}
            for a in session.scalars(
                select(IdentityAttempt).where(
                    IdentityAttempt.registration_number.in_(family.numbers)
                )
            )
        ],
        "updates": [u for n in family.numbers for u in received(session=session, number=n)],
        "mails": [_mail(path) for path in _mails(outbox, family)],
        "audit": [
            _columns(e)
            for e in session.scalars(
                select(AuditEntry)
                .where(AuditEntry.handoff_id.in_(handoff_ids))
                .order_by(AuditEntry.id)
            )
        ],
    }


def as_json(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2, default=_plain)


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _columns(row: Any) -> dict[str, Any]:
    return {c.key: getattr(row, c.key) for c in inspect(row).mapper.column_attrs}


def _registration(session: Session, number: str) -> dict[str, Any]:
    registration = find_registration(session=session, number=number)
    assert registration is not None
    estimate = session.get(Estimate, registration.id)
    return {
        **_columns(registration),
        "child": _columns(registration.child),
        "parents": [_columns(p) for p in registration.child.parents],
        "locations": [p.location.location_code for p in registration.preferences],
        "status_history": [_columns(s) for s in registration.history],
        "offers": [_columns(o) for o in registration.offers],
        "estimate": _columns(estimate) if estimate else None,
    }


def _conversation_events(tracker: Engine, senders: list[str]) -> list[dict[str, Any]]:
    if not senders:
        return []
    query = (
        select(rasa_events.c.sender_id, rasa_events.c.data)
        .where(rasa_events.c.sender_id.in_(senders))
        .order_by(rasa_events.c.id)
    )
    with tracker.connect() as connection:
        rows = connection.execute(query).all()
    return [
        {
            "conversation": sender,
            "events": [json.loads(data) for s, data in rows if s == sender and data],
        }
        for sender in senders
    ]


def _handoff(session: Session, handoff: Handoff) -> dict[str, Any]:
    notes = session.scalars(select(HandoffNote).where(HandoffNote.handoff_id == handoff.id))
    return {**_columns(handoff), "notes": [_columns(n) for n in notes]}


def _requests(session: Session, family: Family) -> list[RegistrationRequest]:
    query = select(RegistrationRequest).where(
        RegistrationRequest.registration_number.in_(family.numbers)
    )
    return list(session.scalars(query.order_by(RegistrationRequest.id)))


def _mail(path: Path) -> dict[str, Any]:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    body = message.get_body(("plain",))
    return {
        "file": path.name,
        "to": str(message["To"]),
        "subject": str(message["Subject"]),
        "date": str(message["Date"]),
        "text": body.get_content() if body else "",
    }


def confirm(family: Family, given: Iterable[str]) -> None:
    """Erasure cannot be undone: the person asking for it names the registrations (typed
    loosely is fine), and they must be exactly the ones found."""
    typed = {normalize_registration_number(number) for number in given}
    if not typed or typed != set(family.numbers):
        raise NotConfirmed(
            "nothing erased: confirm with exactly the registration numbers found, "
            + ", ".join(family.numbers)
        )


@dataclass(frozen=True)
class Erased:
    conversations: int
    events: int
    handoffs: int
    requests: int
    identity_records: int
    mails: int


def erase(
    *, session: Session, tracker: Engine, outbox: Path, family: Family, now: datetime
) -> Erased:
    """Remove what may go (see the module's docstring); counts what went. A handoff still
    open is closed: there is no conversation left to take over."""
    events = 0
    if family.conversations and inspect(tracker).has_table("events"):
        with tracker.begin() as connection:
            events = connection.execute(
                delete(rasa_events).where(rasa_events.c.sender_id.in_(family.conversations))
            ).rowcount
    events += conversation_events.erase(session, senders=family.conversations)
    handoffs = _handoffs(session, family)
    session.execute(delete(HandoffNote).where(HandoffNote.handoff_id.in_([h.id for h in handoffs])))
    for handoff in handoffs:
        queue.forget_content(
            handoff=handoff, marker="erased", summary="Gesprek verwijderd op verzoek van de ouder."
        )
        if handoff.status != CLOSED:
            handoff.status, handoff.closed_at = CLOSED, now
    requests = session.execute(
        delete(RegistrationRequest).where(
            RegistrationRequest.registration_number.in_(family.numbers)
        )
    ).rowcount
    keys = [f"registration:{n}" for n in family.numbers]
    keys += [f"conversation:{c}" for c in family.conversations]
    identity = (
        session.execute(
            delete(IdentityAttempt).where(IdentityAttempt.registration_number.in_(family.numbers))
        ).rowcount
        + session.execute(
            delete(VerificationCode).where(
                or_(
                    VerificationCode.registration_number.in_(family.numbers),
                    VerificationCode.sender_id.in_(family.conversations),
                )
            )
        ).rowcount
        + session.execute(delete(CodeLimit).where(CodeLimit.key.in_(keys))).rowcount
    )
    session.execute(
        update(UpdateMessage)
        .where(
            or_(
                UpdateMessage.registration_number.in_(family.numbers),
                UpdateMessage.replied_sender_id.in_(family.conversations),
            )
        )
        .values(replied_sender_id=None)
    )
    mails = _mails(outbox, family)
    for path in mails:
        path.unlink()
    session.flush()
    return Erased(
        conversations=len(family.conversations),
        events=events,
        handoffs=len(handoffs),
        requests=requests,
        identity_records=identity,
        mails=len(mails),
    )
