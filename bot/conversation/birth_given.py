"""A child's birth (or due date) as the parent mentioned it, in any message so far.

"Mijn dochter is in maart 2025 geboren", "My son was born in March 2025": the language
pipeline reads no date there on purpose (a birth month is not a birth date), yet it is
all the availability question needs: which group fits depends on the child's age in
months. The identity check does need the whole date; it then asks for the day and says
what it already has ("U schreef maart 2025 …"), and a day alone ("de 14e") completes it.
A month without a year ("ze is van oktober") is not enough: which October is a guess.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from bot.conversation.change_values import BIRTH_WORDS
from bot.conversation.word_patterns import ASKS_FOR_ROOM, words
from bot.shared.dutch_dates import MONTHS

# a due date serves the availability question as well ("uitgerekend in juni 2026")
DUE_WORDS = words(r"uitgerekend\w*", r"verwacht\w*", r"zwanger\w*", r"due", r"expecting")
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
MONTH_YEAR = re.compile(
    rf"\b(?P<month>{_MONTH_NAMES})\.?,?\s+(?:of\s+)?(?P<year>\d{{4}}|['’]\d{{2}})\b"
    r"|(?<![\d/-])(?P<number>\d{1,2})[-/](?P<year_of_number>\d{4})\b",
    re.IGNORECASE,
)
# "14", "de 14e", "op de 14de", "the 14th", "on the 3rd"
DAY_ALONE = re.compile(
    r"^\s*(?:(?:op|on)\s+)?(?:(?:de|the)\s+)?(?P<day>\d{1,2})(?:e|de|ste|st|nd|rd|th)?"
    r"\s*[.!]?\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class GivenBirth:
    """A birth the parent gave: the whole date, or only its month (`day` None)."""

    month: date  # the first of the month
    day: date | None = None

    @property
    def for_age(self) -> date:
        """The date to count the age from: the day, else the middle of the month (at most
        half a month off either way; groups go by months)."""
        return self.day or self.month.replace(day=15)


def month_year_in(text: str | None, near: int = 0) -> date | None:
    """The first of the month of "maart 2025", "March '25", "03/2025"; of several, the one
    nearest to position `near` (the birth word: "vanaf september 2026, ze is in maart 2025
    geboren"); None without one."""
    found = list(MONTH_YEAR.finditer(text or ""))
    if not found:
        return None
    match = min(found, key=lambda m: abs(m.start() - near))
    if match["month"]:
        month, year = MONTHS[match["month"].lower()], match["year"].lstrip("'’")
    else:
        month, year = int(match["number"]), match["year_of_number"]
    full_year = int(year) + 2000 if len(year) == 2 else int(year)
    return date(full_year, month, 1) if 1 <= month <= 12 else None


def birth_in(text: str | None, dates: Iterable[date]) -> GivenBirth | None:
    """The birth (or due date) one message gives: only when its words say so."""
    said = BIRTH_WORDS.search(text or "") or DUE_WORDS.search(text or "")
    if said is None:
        return None
    for day in dates:
        return GivenBirth(month=day.replace(day=1), day=day)
    month = month_year_in(text, near=said.start())
    return GivenBirth(month=month) if month else None


def birth_given(messages: Iterable[tuple[str | None, list[date]]]) -> GivenBirth | None:
    """The latest birth given in the parent's messages (text and dates, oldest first)."""
    found = None
    for text, dates in messages:
        found = birth_in(text, dates) or found
    return found


def day_completing(text: str | None, given: GivenBirth | None) -> date | None:
    """ "de 14e" where the month and year are known: the whole date (None if no such day)."""
    match = DAY_ALONE.match(text or "")
    if match is None or given is None:
        return None
    try:
        return given.month.replace(day=int(match["day"]))
    except ValueError:
        return None


# "is er al plek?", "is there a place yet?": a registered parent's question how it stands
STILL_WAITING = words(r"al", r"yet", r"already", r"inmiddels", r"nou", r"eindelijk", r"nog steeds")


def room_question_now(text: str | None) -> bool:
    """ "Is there a place at De Speelweide?": whether there is room, not whether the wait is
    over ("is er al plek?")."""
    said = text or ""
    return bool(ASKS_FOR_ROOM.search(said)) and not STILL_WAITING.search(said)


def birth_with_room_question(text: str | None) -> bool:
    """ "Mijn zoon is geboren in februari 2026, hebben jullie plek in Testdorp?": a birth
    told to ask whether there is room (the availability question), not a birth reported
    for a registration."""
    said = text or ""
    told = BIRTH_WORDS.search(said) or DUE_WORDS.search(said)
    return bool(told) and bool(ASKS_FOR_ROOM.search(said))
