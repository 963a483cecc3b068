"""A parent's choices about the updates, made in a conversation: "stop" on WhatsApp,
telling the bot they want no more updates, or asking for them on WhatsApp; and consent
as staff record it with the command line. Both record consent the same way."""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.conversation.identity import normalise_phone
from bot.settings import Settings
from bot.staff import audit
from bot.updates.models import UpdatePreference
from bot.waitlist.models import Parent, Registration
from bot.waitlist.queries import find_registration

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


# "stuur me updates via WhatsApp", "kunnen jullie me via whatsapp op de hoogte houden?",
# "I'd like updates on WhatsApp"; not "ik heb een update via WhatsApp gekregen", and not
# "geen updates via WhatsApp" (no more: that is the stop above)
_WHATSAPP = re.compile(r"\bwhats\s?app\w*", re.IGNORECASE)
_ABOUT_UPDATES = re.compile(
    r"\b(?:updates?|berichten|berichtjes?|nieuws|op de hoogte|informeren|messages?"
    r"|notifications?|meldingen)\b",
    re.IGNORECASE,
)
_WISH = re.compile(
    r"\b(?:stuur\w*|sturen|ontvangen|krijgen|graag|wil(?:len)?|zou(?:den)?|kan|kun(?:nen|t)?"
    r"|liever|aan(?:zetten)?|send|get|receive|like|want|prefer|please|can|could|switch|turn)\b",
    re.IGNORECASE,
)
_NOT = re.compile(
    r"\b(?:geen|niet|nooit|stop\w*|afmelden|uit(?:zetten)?|no|not|never|unsubscribe|off)\b"
    r"|n['’]t\b",
    re.IGNORECASE,
)


def asks_for_whatsapp_updates(text: str | None) -> bool:
    text = text or ""
    wished = _WHATSAPP.search(text) and _ABOUT_UPDATES.search(text) and _WISH.search(text)
    return bool(wished) and not _NOT.search(text)


def is_stop(text: str) -> bool:
    """WhatsApp's own convention: the single word STOP ends messages from a business."""
    return " ".join(text.lower().split()).strip(".!") in STOP_WORDS


def asks_no_more_updates(text: str) -> bool:
    return bool(NO_MORE.search(text or ""))


def remember_language(*, session: Session, number: str, language: str) -> None:
    """The language a verified parent chats in: the updates for `number` use it."""
    preference = _preference(session, number)
    preference.language = language
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
    preference = _preference(session, number)
    if email:
        preference.email_opt_out_at = preference.email_opt_out_at or now
    if whatsapp:
        preference.whatsapp_opt_out_at = preference.whatsapp_opt_out_at or now
    _audited(session, by=by, action="updates_opt_out", ip=ip, now=now, detail=detail)


def give_consent(
    *,
    session: Session,
    number: str,
    channel: str,
    by: str,
    ip: str,
    now: datetime,
    wording: str,
    phone: str | None = None,
) -> None:
    """Consent to the updates on `channel` ("email" or "whatsapp") from now on: its time
    on the registration's choices (an earlier opt-out of that channel undone), and who
    gave it, how and in which words in the audit log. `phone`: the WhatsApp number the
    parent chose (the verified sender's); None: the first number on file."""
    if channel not in ("email", "whatsapp"):
        raise ValueError(f"unknown channel {channel!r}")
    preference = _preference(session, number)
    if channel == "email":
        preference.email_consent_at, preference.email_opt_out_at = now, None
    else:
        preference.whatsapp_opt_in_at, preference.whatsapp_opt_out_at = now, None
        preference.whatsapp_phone = normalise_phone(phone) if phone else None
    detail = f"{number} {channel}: {' '.join(wording.split())}"
    _audited(session, by=by, action="updates_consent", ip=ip, now=now, detail=detail)


def _preference(session: Session, number: str) -> UpdatePreference:
    """The registration's choices, in the session (a new one when it has made none)."""
    preference = session.get(UpdatePreference, number) or UpdatePreference(
        registration_number=number
    )
    session.add(preference)
    return preference


def _audited(
    session: Session, *, by: str, action: str, ip: str, now: datetime, detail: str
) -> None:
    """A parent's own choice in the audit log (no staff member: `by` says who and how)."""
    audit.record(
        session=session, staff=None, email=by, action=action, ip=ip, now=now, detail=detail
    )
    session.flush()


@dataclass(frozen=True)
class WhatsAppTarget:
    phone: str  # E.164
    child: str  # the first name, for the texts


def whatsapp_target(
    *, session: Session, number: str, sender_phone: str | None
) -> WhatsAppTarget | None:
    """Where a verified parent's WhatsApp updates would go: the number they chat from on
    WhatsApp (the check verified it), else the first number on file; never another. None:
    no number on file and not on WhatsApp."""
    registration = find_registration(session=session, number=number)
    if registration is None:
        return None
    on_file = [normalise_phone(p.phone) for p in registration.child.parents if p.phone]
    phone = normalise_phone(sender_phone) if sender_phone else next(iter(on_file), None)
    return WhatsAppTarget(phone, registration.child.first_name) if phone else None


def registrations_with_phone(*, session: Session, phone: str) -> list[str]:
    """The registration numbers with a parent on file at this phone number (any notation),
    or whose WhatsApp updates go to it."""
    wanted = normalise_phone(phone)
    rows = session.execute(
        select(Registration.number, Parent.phone).join(
            Parent, Parent.child_id == Registration.child_id
        )
    )
    chosen = session.execute(
        select(UpdatePreference.registration_number, UpdatePreference.whatsapp_phone).where(
            UpdatePreference.whatsapp_phone.is_not(None)
        )
    )
    return sorted({n for n, p in [*rows, *chosen] if p and normalise_phone(p) == wanted})


def stop_registration(*, session: Session, number: str, now: datetime) -> None:
    """Opt a (verified) registration out of all updates, asked in the chat: e-mail, and
    WhatsApp wherever it goes (a number chosen in the chat, too)."""
    opt_out(
        session=session,
        number=number,
        email=True,
        whatsapp=True,
        by="ouder (in de chat)",
        ip="chat",
        now=now,
        detail=f"{number} email whatsapp",
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


@dataclass(frozen=True)
class Contact:
    """A parent's address and number, as the updates run reads them (not the whole row)."""

    email: str | None
    phone: str | None


def update_channel(
    registration: Registration, preference: UpdatePreference | None, settings: Settings
) -> tuple[str, str]:
    return channel_for(registration.child.parents, preference, settings)


def channel_for(
    parents: Sequence[Contact | Parent], preference: UpdatePreference | None, settings: Settings
) -> tuple[str, str]:
    """Where a registration's updates go: ("whatsapp", phone) when the parent opted in and
    WhatsApp is set up, else ("email", address) when allowed, else ("none", "")."""
    on_file = next((p.phone for p in parents if p.phone), None)
    phone = (preference.whatsapp_phone if preference else None) or on_file
    email = next((p.email for p in parents if p.email), None)
    p = preference
    whatsapp_on = bool(settings.whatsapp_access_token and settings.whatsapp_phone_number_id)
    if p and p.whatsapp_opt_in_at and not p.whatsapp_opt_out_at and phone and whatsapp_on:
        return "whatsapp", phone
    consented = not settings.updates_require_consent or bool(p and p.email_consent_at)
    if email and consented and not (p and p.email_opt_out_at):
        return "email", email
    return "none", ""


def updates_by_email(*, session: Session, numbers: list[str], settings: Settings) -> bool:
    """Whether any of these registrations now gets its updates by e-mail: what a parent who
    stopped WhatsApp is told."""
    for number in numbers:
        registration = find_registration(session=session, number=number)
        if registration is None:
            continue
        preference = session.get(UpdatePreference, number)
        if update_channel(registration, preference, settings)[0] == "email":
            return True
    return False
