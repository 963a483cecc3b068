"""Finds Dutch date expressions in a message and turns them into dates (pure Python).

Understood: "03-05-2024", "3/5/24", "2024-05-03", "12 maart", "12 mrt 2024", "4 mei '23",
"begin april", "half juni", "eind augustus 2025", "vandaag", "morgen", "overmorgen",
"gisteren", "over 3 maanden", "over een half jaar", "2 weken geleden", "volgende week
dinsdag", "dinsdag volgende week", "komende vrijdag", "volgende maand".

A day and month without a year ("12 maart", "begin april") mean what parents mean: a
birth date lies in the past, anything else (start dates, changes, a due date) in the future. With
`past=True` the latest such day on or before today is chosen, otherwise the first on or
after today. Two-digit years are 20xx. "maandag" alone is a weekday, not a date.
"""

import calendar
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "febr": 2, "maart": 3, "mrt": 3,
    "mar": 3, "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "augustus": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10,
    "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "maandag": 0, "dinsdag": 1, "woensdag": 2, "donderdag": 3, "vrijdag": 4,
    "zaterdag": 5, "zondag": 6,
}  # fmt: skip
NUMBERS = {
    "een": 1, "één": 1, "1": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6,
    "zeven": 7, "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12,
}  # fmt: skip
# Words that make a date without a year a birth date (in the past), unless it is a due date.
BIRTH_WORDS = re.compile(r"\b(geboren|geboorte\w*|geb\.?|born|birth\w*|jarig|verjaardag)", re.I)
DUE_WORDS = re.compile(r"\b(uitgerekend\w*|verwacht\w*|zwanger\w*|due)\b", re.I)

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(WEEKDAYS)
_NUMBER = r"\d{1,2}|" + "|".join(n for n in NUMBERS if not n.isdigit())
_UNIT = r"dag(?:en)?|week|weken|maand(?:en)?|jaar|jaren"
_YEAR = r"(?:\d{4}|'\d{2})"


@dataclass(frozen=True)
class FoundDate:
    start: int
    end: int
    value: date


def _year(text: str) -> int:
    digits = text.lstrip("'")
    return 2000 + int(digits) if len(digits) == 2 else int(digits)


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _day_without_year(month: int, day: int, today: date, past: bool) -> date | None:
    """The day in the year that puts it on the side of today the context asks for."""
    for year in (today.year, today.year - 1) if past else (today.year, today.year + 1):
        candidate = _make(year, month, day)
        if candidate and (candidate <= today if past else candidate >= today):
            return candidate
    return None


def add_months(start: date, months: int) -> date:
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    day = min(start.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)


def _numeric(m: re.Match[str], today: date, past: bool) -> date | None:
    day, month, year = int(m["d"]), int(m["m"]), m["y"]
    return _make(_year(year), month, day)


def _iso(m: re.Match[str], today: date, past: bool) -> date | None:
    return _make(int(m["y"]), int(m["m"]), int(m["d"]))


def _day_month(m: re.Match[str], today: date, past: bool) -> date | None:
    month, day = MONTHS[m["month"].lower()], int(m["d"])
    if m["y"]:
        return _make(_year(m["y"]), month, day)
    return _day_without_year(month, day, today, past)


def _part_of_month(m: re.Match[str], today: date, past: bool) -> date | None:
    month = MONTHS[m["month"].lower()]
    part = m["part"].lower()
    if m["y"]:
        year = _year(m["y"])
    else:
        first = _day_without_year(month, 1, today.replace(day=1), past)
        year = first.year if first else today.year
    day = {"begin": 1, "half": 15, "medio": 15, "midden": 15}.get(part)
    return date(year, month, day or calendar.monthrange(year, month)[1])


def _relative_word(m: re.Match[str], today: date, past: bool) -> date | None:
    offsets = {"vandaag": 0, "morgen": 1, "overmorgen": 2, "gisteren": -1, "eergisteren": -2}
    return today + timedelta(days=offsets[m["word"].lower()])


def _amount(m: re.Match[str]) -> float | None:
    number = (m["n"] or "").lower()
    half = (m["half"] or "").lower()
    if half.startswith("anderhal"):
        return 1.5
    if not number:
        return None
    amount = float(NUMBERS.get(number) or int(number))
    return 0.5 if half and amount == 1 else amount


def _period(m: re.Match[str], today: date, sign: int) -> date | None:
    """`today` moved by "3 maanden", "een half jaar", "anderhalve week"... (signed)."""
    amount, unit = _amount(m), m["unit"].lower()
    if amount is None:
        return None
    if unit[0] in "mj":  # months and years: calendar months, a half month is 15 days
        months = amount * (12 if unit[0] == "j" else 1)
        moved = add_months(today, sign * int(months))
        return moved + timedelta(days=sign * round((months - int(months)) * 30))
    return today + timedelta(days=sign * round(amount * (7 if unit[0] == "w" else 1)))


def _in_period(m: re.Match[str], today: date, past: bool) -> date | None:
    return _period(m, today, 1)


def _period_ago(m: re.Match[str], today: date, past: bool) -> date | None:
    return _period(m, today, -1)


def _next_week_day(m: re.Match[str], today: date, past: bool) -> date:
    monday_next_week = today - timedelta(days=today.weekday()) + timedelta(weeks=1)
    return monday_next_week + timedelta(days=WEEKDAYS[m["wd"].lower()])


def _coming_day(m: re.Match[str], today: date, past: bool) -> date:
    ahead = (WEEKDAYS[m["wd"].lower()] - today.weekday() - 1) % 7 + 1
    return today + timedelta(days=ahead)


def _next_period(m: re.Match[str], today: date, past: bool) -> date:
    if m["unit"].lower() == "week":
        return today - timedelta(days=today.weekday()) + timedelta(weeks=1)
    if m["unit"].lower() == "maand":
        return add_months(today.replace(day=1), 1)
    return date(today.year + 1, 1, 1)


Handler = Callable[[re.Match[str], date, bool], date | None]
_AMOUNT = rf"(?:(?P<n>{_NUMBER})\s+)?(?:(?P<half>anderhalve|anderhalf|halve|half)\s+)?"
PATTERNS: list[tuple[re.Pattern[str], Handler]] = [
    (re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b"), _iso),
    (re.compile(r"\b(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4}|\d{2})\b"), _numeric),
    (
        re.compile(
            rf"\b(?P<d>\d{{1,2}})(?:e|de|ste)?\s+(?P<month>{_MONTH})\.?(?:\s+(?P<y>{_YEAR}))?\b",
            re.I,
        ),
        _day_month,
    ),
    (
        re.compile(
            rf"\b(?P<part>begin|half|medio|midden|eind|einde)\s+(?P<month>{_MONTH})\.?"
            rf"(?:\s+(?P<y>{_YEAR}))?\b",
            re.I,
        ),
        _part_of_month,
    ),
    (re.compile(rf"\bover\s+{_AMOUNT}(?P<unit>{_UNIT})\b", re.I), _in_period),
    (re.compile(rf"\b{_AMOUNT}(?P<unit>{_UNIT})\s+geleden\b", re.I), _period_ago),
    (re.compile(rf"\bvolgende\s+week\s+(?P<wd>{_WEEKDAY})\b", re.I), _next_week_day),
    (re.compile(rf"\b(?P<wd>{_WEEKDAY})\s+volgende\s+week\b", re.I), _next_week_day),
    (re.compile(rf"\b(?:komende|aanstaande|volgende)\s+(?P<wd>{_WEEKDAY})\b", re.I), _coming_day),
    (re.compile(r"\b(?:volgende|komende)\s+(?P<unit>week|maand|jaar)\b", re.I), _next_period),
    (
        re.compile(
            r"(?<!goede )(?<!goeie )\b(?P<word>eergisteren|gisteren|vandaag|overmorgen|morgen)\b",
            re.I,
        ),
        _relative_word,
    ),
]


def find_dates(text: str, today: date, past: bool | None = None) -> list[FoundDate]:
    """Every date expression in `text`, longest first where two overlap, in text order.

    `past=None` decides from the text itself (birth words make year-less dates past)."""
    if past is None:
        past = bool(BIRTH_WORDS.search(text)) and not DUE_WORDS.search(text)
    found: list[FoundDate] = []
    for match, value in _matches(text, today, past):
        if any(match.start() < f.end and f.start < match.end() for f in found):
            continue
        found.append(FoundDate(match.start(), match.end(), value))
    return sorted(found, key=lambda f: f.start)


def _matches(text: str, today: date, past: bool) -> Iterator[tuple[re.Match[str], date]]:
    candidates = []
    for pattern, handler in PATTERNS:
        for match in pattern.finditer(text):
            value = handler(match, today, past)
            if value is not None:
                candidates.append((match, value))
    yield from sorted(candidates, key=lambda c: c[0].start() - c[0].end())


def parse_date(text: str, today: date, past: bool | None = None) -> date | None:
    """The first date expression in `text`, or None."""
    found = find_dates(text, today, past)
    return found[0].value if found else None
