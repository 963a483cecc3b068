"""A parent's choices about the updates, made in a conversation: "stop" on WhatsApp, or
telling the bot they want no more updates."""

import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.conversation.identity import normalise_phone
from bot.staff import audit
from bot.updates.models import UpdatePreference
from bot.waitlist.models import Parent, Registration

STOP_WORDS = {"stop", "stoppen", "afmelden", "unsubscribe"}
# "ik wil geen updates meer", "stop met die berichten", "afmelden voor de mails"; not "ik
# heb geen mail gekregen" (a missing code: that is another path)
_WHAT = r"(?:updates?|berichten|e-?mails?|mails?|nieuwsbrief)"
NO_MORE = re.compile(
    rf"\bgeen\s+(?:\w+\s+)?{_WHAT}\s+meer\b"
    rf"|\bstop(?:pen)?\s+met\s+(?:de\s+|die\s+|jullie\s+|uw\s+)?{_WHAT}\b"
    rf"|\bafmelden\s+voor\s+(?:de\s+|die\s+|jullie\s+)?{_WHAT}\b",
    re.IGNORECASE,
)


def is_stop(text: str) -> bool:
    """WhatsApp's own convention: the single word STOP ends messages from a business."""
    return " ".join(text.lower().split()).strip(".!") in STOP_WORDS


def asks_no_more_updates(text: str) -> bool:
    return bool(NO_MORE.search(text or ""))


def remember_language(*, session: Session, number: str, language: str) -> None:
    """The language a verified parent chats in: the updates for `number` use it."""
    preference = session.get(UpdatePreference, number) or UpdatePreference(
        registration_number=number
    )
    preference.language = language
    session.add(preference)
    session.flush()


def chat_language(*, session: Session, number: str) -> str | None:
    """The language the parent of `number` chatted in when last verified, if known."""
    preference = session.get(UpdatePreference, number)
    return preference.language if preference else None


def opt_out(
    *,
    session: Session,
    number: str,
    email: bool,
    whatsapp: bool,
    by: str,
    ip: str,
    now: datetime,
    detail: str,
) -> None:
    """Stop the chosen channels' updates for a registration at once; audited (`by`: how
    the parent asked, e.g. "ouder (afmeldlink)")."""
    preference = session.get(UpdatePreference, number) or UpdatePreference(
        registration_number=number
    )
    if email:
        preference.email_opt_out_at = preference.email_opt_out_at or now
    if whatsapp:
        preference.whatsapp_opt_out_at = preference.whatsapp_opt_out_at or now
    session.add(preference)
    audit.record(
        session=session,
        staff=None,
        email=by,
        action="updates_opt_out",
        ip=ip,
        now=now,
        detail=detail,
    )
    session.flush()


def registrations_with_phone(*, session: Session, phone: str) -> list[str]:
    """The registration numbers with a parent on file at this phone number (any notation)."""
    wanted = normalise_phone(phone)
    rows = session.execute(
        select(Registration.number, Parent.phone).join(
            Parent, Parent.child_id == Registration.child_id
        )
    )
    return sorted({n for n, p in rows if p and normalise_phone(p) == wanted})


def stop_email(*, session: Session, number: str, now: datetime) -> None:
    """Opt a (verified) registration out of e-mail updates, asked in the chat."""
    opt_out(
        session=session,
        number=number,
        email=True,
        whatsapp=False,
        by="ouder (in de chat)",
        ip="chat",
        now=now,
        detail=f"{number} email",
    )


def stop_whatsapp(*, session: Session, phone: str, now: datetime) -> list[str]:
    """Opt the registrations of this phone number out of WhatsApp updates; the numbers it
    applied to (none: the number is not on file)."""
    numbers = registrations_with_phone(session=session, phone=phone)
    for number in numbers:
        opt_out(
            session=session,
            number=number,
            email=False,
            whatsapp=True,
            by="ouder (WhatsApp stop)",
            ip="whatsapp",
            now=now,
            detail=f"{number} whatsapp",
        )
    return numbers
