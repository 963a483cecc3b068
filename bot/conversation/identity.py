"""The identity check before any registration detail is shown.

Proportionate identification, no more than the details shown call for: registration
number plus the child's birth date (or due date), then a one-time code sent to the e-mail
address on file. On WhatsApp, a sender number that matches a phone number on file
replaces the code.

Wrong details get one neutral outcome whether or not the number exists, and failures are
counted per client and per registration number (bot/conversation/identity_limits.py), so
guessing is slow and visible and a stranger cannot lock a family out.
Code mails and code tries are limited per registration number and per conversation
(bot/conversation/code_limits.py); past a registration's limit its codes are locked.

A second child in the same conversation (twins, a brother or sister) is checked on its
own: its number and birth date always. Its code is left out only when the conversation
has just proved it reads the family's mail: a code for a child checked in this
conversation was used here within `FAMILY_PROOF`, and every address that code went to is
also on file for the second child. The code went to all addresses of the first child, so
whoever typed it reads one of them, which then would receive the second child's code as
well. With any address of the first child missing from the second (parents who are apart,
a new partner), the second child gets its own code.
"""

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from enum import Enum
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.conversation import texts
from bot.conversation.code_limits import Counter, keys_for, take
from bot.conversation.identity_limits import Refusal, record, refusal
from bot.conversation.models import VerificationCode
from bot.mail.sending import send_mail
from bot.settings import Settings, get_settings
from bot.shared import clock
from bot.waitlist.births import identifies
from bot.waitlist.models import Registration
from bot.waitlist.queries import find_registration

MAX_CODE_TRIES = 3
# how recent a code used in this conversation must be to stand for a second child's
FAMILY_PROOF = timedelta(hours=2)


class DetailsOutcome(Enum):
    CODE_SENT = "code_sent"
    VERIFIED = "verified"  # WhatsApp number on file: no code needed
    # a child of a family whose mail this conversation just proved: no code needed
    SAME_FAMILY = "same_family"
    MISMATCH = "mismatch"  # the same answer whether or not the number exists
    CLIENT_LOCKED = "client_locked"  # too many failures from this client in the last hour
    # the number had many failures in the last hour, and so had this client
    REGISTRATION_LOCKED = "registration_locked"
    NO_CONTACT = "no_contact"  # the details match but there is nowhere to send a code
    CODES_LOCKED = "codes_locked"  # too many code mails: none sent (code_limits)


class CodeOutcome(Enum):
    VERIFIED = "verified"
    WRONG = "wrong"
    EXPIRED = "expired"  # expired, used up, or never sent: ask for the details again
    LOCKED = "locked"  # too many tries for the registration or conversation (code_limits)


@dataclass(frozen=True)
class DetailsResult:
    outcome: DetailsOutcome
    masked_address: str = ""  # where the code went, e.g. "j***@example.nl"


def utcnow() -> datetime:
    return clock.now()


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


@lru_cache
def _code_key(secret: str) -> bytes:
    return secret.encode() if secret else secrets.token_bytes(32)


def _hash_code(code: str, settings: Settings) -> str:
    return hmac.new(_code_key(settings.code_secret), code.encode(), hashlib.sha256).hexdigest()


def _client_hash(client: str, settings: Settings) -> str:
    """What is stored of a client (an address is personal data): a keyed hash."""
    return _hash_code(f"client:{client}", settings)


def mask_email(address: str) -> str:
    """Enough for the parent to know which mailbox to look in, little for anyone else:
    `jan.jansen@example.nl` -> `j***@e***.nl`."""
    local, _, domain = address.partition("@")
    name, dot, top_level = domain.rpartition(".")
    masked_domain = f"{name[:1]}***{dot}{top_level}" if name else f"{domain[:1]}***"
    return f"{local[:1]}***@{masked_domain}"


def normalise_phone(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit())
    if phone.strip().startswith("00"):
        digits = digits[2:]
    elif digits.startswith("0"):
        digits = "31" + digits[1:]
    return "+" + digits


def _phones_on_file(registration: Registration) -> set[str]:
    return {normalise_phone(p.phone) for p in registration.child.parents if p.phone}


def _addresses(registration: Registration) -> set[str]:
    return {p.email.strip().casefold() for p in registration.child.parents if p.email}


def _family_proven(
    session: Session,
    registration: Registration,
    sender_id: str,
    checked_numbers: Sequence[str],
    now: datetime,
) -> bool:
    """Whether a code this conversation used for one of `checked_numbers` went only to
    addresses that `registration` has too (see the module's docstring)."""
    if not checked_numbers:
        return False
    used = session.scalars(
        select(VerificationCode.registration_number).where(
            VerificationCode.sender_id == sender_id,
            VerificationCode.registration_number.in_(checked_numbers),
            VerificationCode.used_at.is_not(None),
            VerificationCode.used_at >= now - FAMILY_PROOF,
        )
    ).all()
    addresses = _addresses(registration)
    for number in set(used):
        checked = find_registration(session=session, number=number)
        proven = _addresses(checked) if checked else set()
        if proven and proven <= addresses:
            return True
    return False


def check_details(
    *,
    session: Session,
    number: str,
    birth_date: date,
    sender_id: str,
    client: str,
    channel_phone: str | None = None,
    checked_numbers: Sequence[str] = (),
    now: datetime | None = None,
    settings: Settings | None = None,
    form: str = "u",
) -> DetailsResult:
    """Compare number + birth date with the registration; on a match, send a code (or
    accept the WhatsApp number on file, or the family's mail proved in this conversation
    for `checked_numbers`, the children already checked in it). `client` is what the
    channel vouches for (identity_limits); the code's e-mail is in the texts' variant
    `form`."""
    now = now or utcnow()
    settings = settings or get_settings()
    client = _client_hash(client, settings)
    registration = find_registration(session=session, number=number)
    phone_on_file = (
        channel_phone is not None
        and registration is not None
        and normalise_phone(channel_phone) in _phones_on_file(registration)
    )
    refused = refusal(
        session=session, number=number, client=client, phone_on_file=phone_on_file, now=now
    )
    if refused is Refusal.CLIENT:
        return DetailsResult(DetailsOutcome.CLIENT_LOCKED)
    if refused is Refusal.REGISTRATION:
        return DetailsResult(DetailsOutcome.REGISTRATION_LOCKED)
    matches = registration is not None and identifies(
        registration.child, birth_date, clock.day_of(now)
    )
    record(
        session=session,
        number=number,
        client=client,
        succeeded=matches,
        now=now,
        settings=settings,
    )
    if not matches:
        return DetailsResult(DetailsOutcome.MISMATCH)
    if phone_on_file:
        return DetailsResult(DetailsOutcome.VERIFIED)
    if _family_proven(session, registration, sender_id, checked_numbers, now):
        return DetailsResult(DetailsOutcome.SAME_FAMILY)
    emails = [p.email for p in registration.child.parents if p.email]
    if not emails:
        return DetailsResult(DetailsOutcome.NO_CONTACT)
    limits = keys_for(number=number, sender_id=sender_id, settings=settings)
    if not take(session=session, keys=limits, counter=Counter.MAILS, settings=settings, now=now):
        return DetailsResult(DetailsOutcome.CODES_LOCKED)
    code = f"{secrets.randbelow(1_000_000):06d}"
    session.add(
        VerificationCode(
            sender_id=sender_id,
            registration_number=number,
            code_hash=_hash_code(code, settings),
            expires_at=now + timedelta(minutes=settings.verification_code_minutes),
            tries=0,
        )
    )
    for address in emails:
        send_mail(
            to=address,
            subject=texts.say("code_mail_subject", form),  # no code: lock screens show it
            body=texts.say(
                "code_mail_body",
                form,
                code=code,
                minutes=settings.verification_code_minutes,
                organisation=texts.organisation_name(settings.organisation_name, form),
            ),
            settings=settings,
        )
    return DetailsResult(DetailsOutcome.CODE_SENT, mask_email(emails[0]))


def check_code(
    *,
    session: Session,
    sender_id: str,
    number: str,
    code: str,
    now: datetime | None = None,
    settings: Settings | None = None,
) -> CodeOutcome:
    now = now or utcnow()
    settings = settings or get_settings()
    # counted before the code is compared: a guess beyond the limit is never compared
    limits = keys_for(number=number, sender_id=sender_id, settings=settings)
    if not take(session=session, keys=limits, counter=Counter.TRIES, settings=settings, now=now):
        return CodeOutcome.LOCKED
    pending = session.scalars(
        select(VerificationCode)
        .where(
            VerificationCode.sender_id == sender_id,
            VerificationCode.registration_number == number,
            VerificationCode.used_at.is_(None),
        )
        .order_by(VerificationCode.id.desc())
        .limit(1)
    ).first()
    if pending is None or _aware(pending.expires_at) < now or pending.tries >= MAX_CODE_TRIES:
        return CodeOutcome.EXPIRED
    pending.tries += 1
    typed = "".join(ch for ch in code if ch.isdigit())
    if hmac.compare_digest(_hash_code(typed, settings), pending.code_hash):
        pending.used_at = now
        return CodeOutcome.VERIFIED
    return CodeOutcome.EXPIRED if pending.tries >= MAX_CODE_TRIES else CodeOutcome.WRONG
