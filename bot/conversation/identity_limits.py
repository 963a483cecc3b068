"""Limits on wrong registration number + birth date pairs: slow for a guesser, and no way
for a stranger to shut a family out of the check.

- **Per conversation:** 3 (actions/identity.py counts them in a slot).
- **Per client:** `MAX_FAILURES_PER_CLIENT_PER_HOUR`, over all its conversations and
  numbers. A client is what its channel vouches for: on the website the connection's
  address (its sessions cost nothing), on WhatsApp and Twilio the verified number, on
  Messenger the page-scoped id, on REST and callback (trusted back ends) the conversation.
- **Per registration:** from `GUARD_FAILURES_PER_NUMBER_PER_HOUR` failures, from anywhere,
  the registration is guarded rather than locked: a client without failures in the last
  hour still has its details compared (one try: a wrong one makes it a client with a
  failure), and the WhatsApp number on file still counts. Everyone else hears that the
  registration is locked and is offered a person. A hard lock would let anyone lock a
  family out with ten wrong dates; after a match the code step still has its own limits
  (bot/conversation/code_limits.py). The staff mailbox hears when a registration reaches
  the count, once each time it does.
"""

from datetime import datetime, timedelta
from enum import Enum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.conversation.models import IdentityAttempt
from bot.mail.sending import send_mail
from bot.settings import Settings

MAX_FAILURES_PER_CLIENT_PER_HOUR = 10
GUARD_FAILURES_PER_NUMBER_PER_HOUR = 10
WINDOW = timedelta(hours=1)


class Refusal(Enum):
    CLIENT = "client"  # this client failed too often: nothing is compared
    REGISTRATION = "registration"  # the registration is guarded and this client failed


def _failures(session: Session, now: datetime, *conditions: object) -> int:
    query = select(func.count(IdentityAttempt.id)).where(
        IdentityAttempt.succeeded.is_(False),
        IdentityAttempt.created_at >= now - WINDOW,
        *conditions,  # type: ignore[arg-type]
    )
    return session.scalar(query) or 0


def number_failures(*, session: Session, number: str, now: datetime) -> int:
    return _failures(session, now, IdentityAttempt.registration_number == number)


def client_failures(*, session: Session, client: str, now: datetime) -> int:
    return _failures(session, now, IdentityAttempt.client == client)


def refusal(
    *, session: Session, number: str, client: str, phone_on_file: bool, now: datetime
) -> Refusal | None:
    """Why these details are not compared now (None: they are). `client` is the client's
    hashed key; `phone_on_file`: the verified sender number is on file for `number`."""
    by_client = client_failures(session=session, client=client, now=now)
    if by_client >= MAX_FAILURES_PER_CLIENT_PER_HOUR:
        return Refusal.CLIENT
    guarded = number_failures(session=session, number=number, now=now)
    if guarded >= GUARD_FAILURES_PER_NUMBER_PER_HOUR and by_client and not phone_on_file:
        return Refusal.REGISTRATION
    return None


def record(
    *,
    session: Session,
    number: str,
    client: str,
    succeeded: bool,
    now: datetime,
    settings: Settings,
) -> None:
    """Store one compared pair; the failure that brings a registration to the guard's
    count tells the staff mailbox."""
    reaches_guard = (
        not succeeded
        and number_failures(session=session, number=number, now=now) + 1
        == GUARD_FAILURES_PER_NUMBER_PER_HOUR
    )
    session.add(
        IdentityAttempt(
            registration_number=number, succeeded=succeeded, created_at=now, client=client
        )
    )
    if reaches_guard and settings.staff_mailbox:
        _alert_staff(number, settings)


def _alert_staff(number: str, settings: Settings) -> None:
    send_mail(
        to=settings.staff_mailbox,
        subject=f"Inschrijving {number}: veel mislukte identiteitscontroles",
        body=(
            f"In het afgelopen uur zijn voor inschrijving {number} "
            f"{GUARD_FAILURES_PER_NUMBER_PER_HOUR} keer een inschrijfnummer en geboortedatum "
            "ingevuld die niet klopten, mogelijk door iemand anders dan de ouders.\n\n"
            "De chat controleert deze inschrijving nu alleen nog vanaf verbindingen waar "
            "niets fout ging, en via het WhatsApp-nummer dat bekend is. Andere pogingen krijgen "
            "een medewerker aangeboden. Vraagt een ouder naar deze inschrijving, controleer "
            "dan zelf wie het is voordat u iets laat zien.\n"
        ),
        settings=settings,
    )
