"""Finds Dutch and English date expressions in a message and turns them into dates (pure
Python).

Dutch: "03-05-2024", "3/5/24", "2024-05-03", "28/2", "12 maart", "12 mrt 2024", "4 mei
'23", "begin april", "half juni", "eind augustus 2025", "vanaf september", "vandaag",
"morgen", "overmorgen", "gisteren", "over 3 maanden", "over een half jaar", "2 weken
geleden", "volgende week dinsdag", "dinsdag volgende week", "komende vrijdag", "volgende
maand", "na de zomervakantie".
English: "12 March 2024", "March 12", "March 12th, 2024", "the 12th of March", "early
April", "mid-June", "end of August", "from September", "today", "tomorrow", "the day after
tomorrow", "yesterday", "in 3 months", "in two weeks", "in half a year", "3 weeks ago",
"next week", "next month", "next Tuesday", "this Friday", "Tuesday next week", "after the
summer holidays".

Numbers are day before month ("3/5" is 3 May), as parents in the Netherlands write them,
also in English. "na de zomervakantie" / "after the summer" is 1 September, the first on or
after today: the Dutch summer holidays end between mid-August and early September, and
1 September is when most start dates after the holiday fall. A month alone after "vanaf",
"per", "from" or "starting" is its first day; a month alone is never a birth date, so
it is not read in a message about a birth. Phrases that need a fact the message does not
hold ("als ze 4 maanden is", "when she turns one") and vague ones ("binnenkort", "in a few
weeks") are not dates. "2-3 dagen", "1/2 jaar", "24/7" and "groep 1/2" are not dates either.

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
    # English
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7,
    "august": 8, "october": 10, "oct": 10,
}  # fmt: skip
WEEKDAYS = {
    "maandag": 0, "dinsdag": 1, "woensdag": 2, "donderdag": 3, "vrijdag": 4,
    "zaterdag": 5, "zondag": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}  # fmt: skip
NUMBERS = {
    "een": 1, "één": 1, "1": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6,
    "zeven": 7, "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12,
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
# Words that make a date without a year a birth date (in the past), unless it is a due date.
BIRTH_WORDS = re.compile(
    r"\b(geboren|geboorte\w*|geb\.?|bevallen|born|birth\w*|jarig|verjaardag)", re.I
)
DUE_WORDS = re.compile(
    r"\b(uitgerekend\w*|verwacht\w*|zwanger\w*|due|expected|expecting|pregnant)\b", re.I
)

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(WEEKDAYS)
_NUMBER = r"\d{1,2}|" + "|".join(
    sorted((n for n in NUMBERS if not n.isdigit()), key=len, reverse=True)
)
_UNIT = r"dag(?:en)?|days?|weken|weeks?|maand(?:en)?|months?|jaar|jaren|years?"
_YEAR = r"(?:\d{4}|'\d{2})"
_ORDINAL = r"(?:e|de|ste|st|nd|rd|th)?"
# "2-3 dagen", "1/2 jaar", "4 mei 2 dagen": a number followed by one of these is an amount
_NOT_AN_AMOUNT = (
    r"(?!\s*(?:x|keer|per|uur|u|hours?|dag(?:en|delen)?|days?|weken|weeks?|maand(?:en)?"
    r"|months?|jaar|jaren|years?|kinderen|children|kids)\b)"
)
# "start March 12", "from March 12": the day belongs to the month
_NO_DAY_FOLLOWS = r"(?!\.?\s+(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?\b)"


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


def _day_month_numeric(m: re.Match[str], today: date, past: bool) -> date | None:
    """ "28/2": the day-month order of the Netherlands, the year from the context."""
    month, day = int(m["m"]), int(m["d"])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return _day_without_year(month, day, today, past)


def _month_from(m: re.Match[str], today: date, past: bool) -> date | None:
    """ "vanaf september", "from March 2027": the first of the month; never a birth date."""
    if past:
        return None
    month = MONTHS[m["month"].lower()]
    if m["y"]:
        return date(_year(m["y"]), month, 1)
    return _day_without_year(month, 1, today.replace(day=1), past)


def _after_summer(m: re.Match[str], today: date, past: bool) -> date | None:
    """ "na de zomervakantie": 1 September, the first on or after today (module docstring)."""
    return _day_without_year(9, 1, today, past=False)


PART_DAYS = {"begin": 1, "beginning": 1, "start": 1, "early": 1, "half": 15, "medio": 15}
PART_DAYS |= {"midden": 15, "mid": 15, "middle": 15}  # the rest is the last day


def _part_of_month(m: re.Match[str], today: date, past: bool) -> date | None:
    month = MONTHS[m["month"].lower()]
    part = m["part"].lower()
    if m["y"]:
        year = _year(m["y"])
    else:
        first = _day_without_year(month, 1, today.replace(day=1), past)
        year = first.year if first else today.year
    day = PART_DAYS.get(part)
    return date(year, month, day or calendar.monthrange(year, month)[1])


RELATIVE_DAYS = {
    "vandaag": 0, "morgen": 1, "overmorgen": 2, "gisteren": -1, "eergisteren": -2,
    "today": 0, "tomorrow": 1, "the day after tomorrow": 2, "day after tomorrow": 2,
    "yesterday": -1, "the day before yesterday": -2, "day before yesterday": -2,
}  # fmt: skip


def _relative_word(m: re.Match[str], today: date, past: bool) -> date | None:
    return today + timedelta(days=RELATIVE_DAYS[" ".join(m["word"].lower().split())])


def _amount(m: re.Match[str]) -> float | None:
    number = (m["n"] or "").lower()
    half = (m["half"] or "").lower()
    if half.startswith("anderhal"):
        return 1.5
    if not number:
        return 0.5 if half in ("half", "halve") else None
    amount = float(NUMBERS.get(number) or int(number))
    return 0.5 if half and amount == 1 else amount


def _period(m: re.Match[str], today: date, sign: int) -> date | None:
    """`today` moved by "3 maanden", "een half jaar", "anderhalve week"... (signed)."""
    amount, unit = _amount(m), m["unit"].lower()
    if amount is None:
        return None
    if unit[0] in "mjy":  # months and years: calendar months, a half month is 15 days
        months = amount * (12 if unit[0] in "jy" else 1)
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
    """ "volgende week" / "next week": its Monday; "next month", "next year": its first day."""
    unit = m["unit"].lower()
    if unit == "week":
        return today - timedelta(days=today.weekday()) + timedelta(weeks=1)
    if unit in ("maand", "month"):
        return add_months(today.replace(day=1), 1)
    return date(today.year + 1, 1, 1)


Handler = Callable[[re.Match[str], date, bool], date | None]
_AMOUNT = (
    rf"(?:(?P<n>{_NUMBER})\s+)?"
    r"(?:(?P<half>anderhalve|anderhalf|halve|half)\s+(?:an?\s+)?)?"
)
_NOT_PER_WEEK = r"(?!\s+(?:a|per|each|every|in\s+de|in\s+the)\s+week)"
_NEXT = r"(?:volgende|komende|aanstaande|next|this|this\s+coming|coming)"
PATTERNS: list[tuple[re.Pattern[str], Handler]] = [
    (re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b"), _iso),
    (re.compile(r"\b(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4}|\d{2})\b"), _numeric),
    (
        re.compile(
            r"(?<![\d/.-])(?<!groep )(?<!group )(?<!klas )(?P<d>\d{1,2})[/-](?P<m>\d{1,2})"
            rf"(?![\d/.-]|\d)(?<!24/7){_NOT_AN_AMOUNT}",
            re.I,
        ),
        _day_month_numeric,
    ),
    (
        re.compile(
            rf"\b(?P<d>\d{{1,2}}){_ORDINAL}(?:\s+of)?\s+(?P<month>{_MONTH})\b\.?"
            rf"(?:,?\s+(?P<y>{_YEAR}))?\b",
            re.I,
        ),
        _day_month,
    ),
    (  # English order: "March 12th", "March 12, 2024"
        re.compile(
            rf"\b(?P<month>{_MONTH})\b\.?\s+(?:the\s+)?(?P<d>\d{{1,2}}){_ORDINAL}\b"
            rf"(?:,?\s+(?P<y>\d{{4}}))?{_NOT_AN_AMOUNT}",
            re.I,
        ),
        _day_month,
    ),
    (
        re.compile(
            r"\b(?P<part>begin|half|medio|midden|eind|einde|beginning|start|early|mid|middle"
            rf"|end|late)(?:\s+of)?(?:\s+the)?(?:\s+|-)(?P<month>{_MONTH})\b{_NO_DAY_FOLLOWS}\.?"
            rf"(?:,?\s+(?P<y>{_YEAR}))?\b",
            re.I,
        ),
        _part_of_month,
    ),
    (
        re.compile(
            rf"\b(?:vanaf|per|from|starting(?:\s+in|\s+from)?)\s+(?P<month>{_MONTH})\b"
            rf"{_NO_DAY_FOLLOWS}(?:\s+(?P<y>{_YEAR}))?\b",
            re.I,
        ),
        _month_from,
    ),
    (
        re.compile(
            r"\b(?:na\s+de\s+(?:zomervakantie|zomer|grote\s+vakantie)"
            r"|after\s+(?:the\s+)?summer(?:\s+(?:holidays?|vacation|break))?)\b",
            re.I,
        ),
        _after_summer,
    ),
    (re.compile(rf"\bover\s+{_AMOUNT}(?P<unit>{_UNIT})\b{_NOT_PER_WEEK}", re.I), _in_period),
    (re.compile(rf"\bin\s+{_AMOUNT}(?P<unit>{_UNIT})\b{_NOT_PER_WEEK}", re.I), _in_period),
    (re.compile(rf"\b{_AMOUNT}(?P<unit>{_UNIT})\s+(?:geleden|ago)\b", re.I), _period_ago),
    (
        re.compile(rf"\b(?:volgende|next)\s+week\s+(?:on\s+)?(?P<wd>{_WEEKDAY})\b", re.I),
        _next_week_day,
    ),
    (re.compile(rf"\b(?P<wd>{_WEEKDAY})\s+(?:volgende|next)\s+week\b", re.I), _next_week_day),
    (re.compile(rf"\b{_NEXT}\s+(?P<wd>{_WEEKDAY})\b", re.I), _coming_day),
    (
        re.compile(
            r"\b(?:volgende|komende|next|coming)\s+(?P<unit>week|maand|jaar|month|year)\b", re.I
        ),
        _next_period,
    ),
    (
        re.compile(
            r"(?<!goede )(?<!goeie )\b(?P<word>eergisteren|gisteren|vandaag|overmorgen|morgen"
            r"|(?:the\s+)?day\s+(?:after\s+tomorrow|before\s+yesterday)|today|tomorrow"
            r"|yesterday)\b",
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
