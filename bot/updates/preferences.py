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


def stop_email(*, session: Session, number: str, now: datetime) -> None:
    """Opt a (verified) registration out of e-mail updates, audited."""
    preference = session.get(UpdatePreference, number) or UpdatePreference(
        registration_number=number
    )
    preference.email_opt_out_at = preference.email_opt_out_at or now
    session.add(preference)
    audit.record(
        session=session,
        staff=None,
        email="ouder (in de chat)",
        action="updates_opt_out",
        ip="chat",
        now=now,
        detail=f"{number} email",
    )
    session.flush()


def stop_whatsapp(*, session: Session, phone: str, now: datetime) -> list[str]:
    """Opt the registrations of this phone number out of WhatsApp updates (audited); the
    numbers it applied to (none: the number is not on file)."""
    wanted = normalise_phone(phone)
    rows = session.execute(
        select(Registration.number, Parent.phone).join(
            Parent, Parent.child_id == Registration.child_id
        )
    )
    numbers = sorted({n for n, p in rows if p and normalise_phone(p) == wanted})
    for number in numbers:
        preference = session.get(UpdatePreference, number) or UpdatePreference(
            registration_number=number
        )
        preference.whatsapp_opt_out_at = preference.whatsapp_opt_out_at or now
        session.add(preference)
        audit.record(
            session=session,
            staff=None,
            email="ouder (WhatsApp stop)",
            action="updates_opt_out",
            ip="whatsapp",
            now=now,
            detail=f"{number} whatsapp",
        )
    session.flush()
    return numbers
