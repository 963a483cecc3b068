"""Everything held about one family, found by registration number or parent e-mail:
the registration as imported, the conversations (Rasa's stored events, and the dashboard's
copy of them), handoffs and their notes, requests, identity checks, updates and the
choices about them, outbox mails and the audit entries about them. Which tables and
columns, where the export shows them and what erasure does to them is declared in
bot/privacy/personal_data.py; this module finds the family and reads that declaration.

Both keys match exactly (the number normalised, the address without regard to letter
case): erasure is irreversible, so a pattern must never reach another family. The family's
conversations are those in which one of its numbers passed the identity check, and those
from a parent's own phone number (WhatsApp); a conversation in which a stranger only typed
the number (a failed check) is someone else's: it is neither exported nor erased, only
listed (`unverified`) for a person to review.

`export` gathers it as one JSON document; `erase` removes what may go. What stays: the
registration itself (a copy of the planning system's record: erase it there, and the next
import no longer carries it), the handoff rows without their content (channel, reason,
times, satisfaction: counted, not personal), the touchpoint survey scores (without the
registration number and the open answer), the updates sent and the parent's opt-outs
and consent (without a WhatsApp number chosen in the chat) and the audit log (the record
of who saw what).
"""

import email
import email.policy
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, String, Table, cast, func, inspect, or_, select
from sqlalchemy.orm import Session

from bot.conversation.identity import normalise_phone
from bot.db.tracker_store import rasa_events
from bot.handoff.models import CLOSED, Handoff
from bot.mail.outbox import tag, tags_of
from bot.privacy.forgetting import forget
from bot.privacy.personal_data import DECLARED, FamilyKeys, PersonalTable, Store
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


def _keys(session: Session, family: Family) -> FamilyKeys:
    return FamilyKeys(
        numbers=family.numbers,
        conversations=family.conversations,
        handoffs=[h.id for h in _handoffs(session, family)],
    )


def _mails(outbox: Path, family: Family) -> list[Path]:
    """The family's mails in the outbox: those whose file name carries a tag of one of its
    addresses or numbers (bot/mail/outbox.py), and those with no tags, each read to be
    sure. Listing names costs microseconds a mail, reading one a tenth of a millisecond."""
    found = []
    keys = [key.encode() for key in (*family.emails, *family.numbers)]
    tags = {tag(key) for key in (*family.emails, *family.numbers)}
    for name in sorted(os.listdir(outbox)) if outbox.is_dir() else []:
        named = tags_of(name)
        if not name.endswith(".eml") or (named is not None and not named & tags):
            continue
        path = outbox / name
        raw = path.read_bytes()
        if not _may_name(raw, keys):
            continue
        message = email.message_from_bytes(raw, policy=email.policy.default)
        body = message.get_body(("plain",))
        text = body.get_content() if body else ""
        to = str(message["To"] or "").lower()
        if to in family.emails or any(n in text for n in family.numbers):
            found.append(path)
    return found


def _may_name(raw: bytes, keys: list[bytes]) -> bool:
    """Whether a mail may be the family's, without parsing it: the outbox of an updates
    run holds one for nearly every registration, and parsing each took seconds per
    thousand. A body our mails write as 8-bit or 7-bit shows a number or address as it
    is; one encoded otherwise (quoted-printable, base64: another writer's) is parsed."""
    lowered = raw.lower()
    if any(key.lower() in lowered for key in keys):
        return True
    return b"content-transfer-encoding: base64" in lowered or b"quoted-printable" in lowered


def export(*, session: Session, tracker: Engine, outbox: Path, family: Family) -> dict[str, Any]:
    """Everything held about the family, as one JSON-ready document: the registrations as
    imported, the conversations, the mails, and the family's rows of every table
    bot/privacy/personal_data.py declares with a section in the export."""
    keys = _keys(session, family)
    document: dict[str, Any] = {
        "registrations": [_registration(session, n) for n in family.numbers],
        "conversations": _conversation_events(tracker, family.conversations),
    }
    tables: dict[str, Table] = {}
    for declared in DECLARED:  # a section comes before those nested in its items
        if declared.export is None or declared.of_family is None:
            continue
        if declared.store is Store.TRACKER:
            continue  # the conversations, above
        rows = _rows(session, declared, declared.of_family(declared.table, keys))
        outer, _, inner = declared.export.section.partition(".")
        if not inner:
            tables[outer] = declared.table
            document[outer] = [_shown(declared, row) for row in rows]
            continue
        link = _link(declared.table, tables[outer])
        for item in document[outer]:
            item[inner] = [_shown(declared, row) for row in rows if row[link] == item["id"]]
    document["mails"] = [_mail(path) for path in _mails(outbox, family)]
    return document


def _rows(session: Session, declared: PersonalTable, where: Any) -> list[Any]:
    table = declared.table
    return list(session.execute(select(table).where(where).order_by(*table.primary_key)).mappings())


def _shown(declared: PersonalTable, row: Any) -> dict[str, Any]:
    assert declared.export is not None
    fields = declared.export.fields or {name: name for name in row}
    return {shown: row[name] for name, shown in fields.items()}


def _link(inner: Table, outer: Table) -> str:
    """The column of `inner` that refers to a row of `outer`."""
    [column] = [c for c in inner.columns for f in c.foreign_keys if f.column.table is outer]
    return column.name


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
    """Remove what may go (see the module's docstring): in every table
    bot/privacy/personal_data.py declares, what it says of the family's rows; counts what
    went. A handoff still open is closed: there is no conversation left to take over."""
    keys = _keys(session, family)
    summary = "Gesprek verwijderd op verzoek van de ouder."
    gone: dict[str, int] = {}
    for declared in DECLARED:
        if declared.of_family is None:
            continue
        rows = declared.of_family(declared.table, keys)
        if declared.store is Store.TRACKER:
            if not family.conversations or not inspect(tracker).has_table(declared.name):
                gone[declared.name] = 0
                continue
            with tracker.begin() as connection:
                gone[declared.name] = forget(
                    connection, declared, rows, marker="erased", summary=summary
                )
        else:
            gone[declared.name] = forget(session, declared, rows, marker="erased", summary=summary)
    for handoff in session.scalars(select(Handoff).where(Handoff.id.in_(keys.handoffs))):
        if handoff.status != CLOSED:
            handoff.status, handoff.closed_at = CLOSED, now
    mails = _mails(outbox, family)
    for path in mails:
        path.unlink()
    session.flush()
    return Erased(
        conversations=len(family.conversations),
        events=gone["events"] + gone["conversation_events"],
        handoffs=len(keys.handoffs),
        requests=gone["registration_requests"],
        identity_records=gone["identity_attempts"]
        + gone["verification_codes"]
        + gone["code_limits"],
        mails=len(mails),
    )
