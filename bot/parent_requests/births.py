"""A birth a parent reports in the chat ("Mila is geboren op 3 december!"): read from
their words, filed as a change request with the date for staff to confirm, and recorded
on the child once staff resolve it. The child's birth date is updated here at once; the
planning system remains the source of truth (staff enter the birth there too, and its
next import confirms or corrects it: bot/waitlist/births.py)."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from bot.conversation.change_values import BIRTH_DATE, subject_of
from bot.conversation.parsing import parse_date
from bot.parent_requests.models import RegistrationRequest
from bot.waitlist.births import record_birth
from bot.waitlist.queries import find_registration


@dataclass(frozen=True)
class ReportedBirth:
    born_on: date
    child: str  # the first name
    news: bool  # the baby was expected: a birth to congratulate on, not a correction


def reported_birth(
    *, session: Session, number: str, words: str | None, today: date
) -> ReportedBirth | None:
    """The birth date a change names: words about the birth date first, a date not in the
    future (a date without a year read as next year's is last year's) and not the one on
    file already (that is the identity check's date, typed along)."""
    if subject_of(words) != BIRTH_DATE:
        return None
    day = parse_date(words or "")
    if day is not None and day > today:
        day = _year_before(day)
    if day is None or day > today:
        return None
    registration = find_registration(session=session, number=number)
    if registration is None:
        return None
    child = registration.child
    if day == child.birth_date and not child.expected:
        return None
    return ReportedBirth(day, child.first_name, child.expected)


def _year_before(day: date) -> date | None:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return None


def record_reported_birth(*, session: Session, request: RegistrationRequest, now: datetime) -> None:
    registration = find_registration(session=session, number=request.registration_number)
    if registration is not None and request.birth_date is not None:
        record_birth(child=registration.child, born_on=request.birth_date, now=now)
