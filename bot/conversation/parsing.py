"""Reading what parents type when a form asks for one value: dates and one-time codes.

The NLU pipeline normalises dates it recognises to ISO; these functions also accept the
forms parents type in reply to a direct question when the model tagged no date
("4-5-2024", "04 05 2024", "8 november 2025")."""

import re
from datetime import date

from bot.shared import clock, dutch_dates

DATE_PATTERNS = (
    re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"),  # ISO, from the NLU pipeline
    re.compile(r"\b(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4}|\d{2})\b"),  # Dutch day-month-year
)


def parse_date(text: str) -> date | None:
    for index, pattern in enumerate(DATE_PATTERNS):
        match = pattern.search(text)
        if not match:
            continue
        parts = [int(p) for p in match.groups()]
        year, month, day = parts if index == 0 else (parts[2], parts[1], parts[0])
        if year < 100:
            year += 2000
        try:
            return date(year, month, day)
        except ValueError:
            return None
    return dutch_dates.parse_date(text, clock.today())


def parse_code(text: str) -> str | None:
    match = re.search(r"\b(\d{3})\s?(\d{3})\b", text)
    return match.group(1) + match.group(2) if match else None
