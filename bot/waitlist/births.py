"""A child registered before birth: its due date, its birth, and which dates identify it.

The model marks an unborn child by `Child.due_date` (the date the registration was made
with) and no `Child.birth_recorded_at`; `Child.birth_date` holds the due date until the
birth is recorded. A child is marked when an import brings a birth date in the future
(`registrations.csv` gives the due date there). Its birth is recorded when a later import
brings another date that is not in the future, or when staff resolve the parent's
request with the birth date (bot/parent_requests/work.py). The planning system stays the
source of truth: an import with a new date wins, but one that still carries the due date
does not undo a birth staff recorded (the planning system has not caught up yet).
"""

from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from bot.waitlist.models import Child

# a birth this long before or after the due date is one a parent may give before the
# birth is recorded: 34 to 42 weeks of pregnancy. An earlier birth is checked with the
# due date (or by a person).
EARLIEST_BEFORE_DUE = timedelta(weeks=6)
LATEST_AFTER_DUE = timedelta(weeks=2)


def identifies(child: Child, typed: date, today: date) -> bool:
    """Whether `typed` is this child's birth date for the identity check: the birth date
    on file, the due date it was registered with, or, while the baby is expected, a birth
    date that fits the due date and is not in the future."""
    if typed in (child.birth_date, child.due_date):
        return True
    return child.expected and plausible_birth(child, typed, today)


def plausible_birth(child: Child, day: date, today: date) -> bool:
    due = child.due_date
    if due is None or day > today:
        return False
    return due - EARLIEST_BEFORE_DUE <= day <= due + LATEST_AFTER_DUE


def record_birth(*, child: Child, born_on: date, now: datetime) -> None:
    """The birth date staff confirmed: the child is born from now on (the due date stays,
    the identity check keeps accepting it)."""
    child.birth_date = born_on
    child.birth_recorded_at = now


class Stored(NamedTuple):
    """A stored child's birth columns, as the import reads them (no ORM objects)."""

    birth_date: date
    due_date: date | None
    birth_recorded_at: datetime | None

    @property
    def expected(self) -> bool:
        return self.due_date is not None and self.birth_recorded_at is None


def imported_values(
    imported: date, known: Stored | None, today: date, now: datetime
) -> dict[str, Any]:
    """The child's birth columns after an import row with `imported` as its birth date
    (or due date), given what is stored (None: a new child)."""
    if known is None or known.due_date is None:
        return {
            "birth_date": imported,
            "due_date": imported if imported > today else None,
            "birth_recorded_at": None,
        }
    unchanged = {
        "birth_date": known.birth_date,
        "due_date": known.due_date,
        "birth_recorded_at": known.birth_recorded_at,
    }
    if imported == known.due_date:
        return unchanged  # still the due date: expected, or born and not yet in the import
    if imported > today and known.expected:
        return unchanged | {"birth_date": imported, "due_date": imported}  # a new due date
    return unchanged | {
        "birth_date": imported,
        "birth_recorded_at": known.birth_recorded_at or now,
    }
