"""Weekdays and months as the waitlist counts them."""

import re
from collections.abc import Iterable
from datetime import date

WEEKDAYS = ("ma", "di", "wo", "do", "vr")
DUTCH_MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
WEEKDAY_NAMES = {
    "ma": "maandag",
    "di": "dinsdag",
    "wo": "woensdag",
    "do": "donderdag",
    "vr": "vrijdag",
}
_VARIANTS = {
    **{code: code for code in WEEKDAYS},
    **{name: code for code, name in WEEKDAY_NAMES.items()},
    **{name + "en": code for code, name in WEEKDAY_NAMES.items()},
    **{name + "s": code for code, name in WEEKDAY_NAMES.items()},
    **{"mon": "ma", "tue": "di", "wed": "wo", "thu": "do", "fri": "vr"},
    **{"monday": "ma", "tuesday": "di", "wednesday": "wo", "thursday": "do", "friday": "vr"},
    **{"mondays": "ma", "tuesdays": "di", "wednesdays": "wo", "thursdays": "do", "fridays": "vr"},
}
# a day's name in a sentence; short forms ("do", "mon") are ordinary words too often
_DAY_NAME = re.compile(r"[a-z]{6,}")


def parse_weekday(text: str) -> str | None:
    """`ma`, `Ma.`, `maandag`, `Maandagen` → `ma`; None when it is no weekday."""
    return _VARIANTS.get(text) or _VARIANTS.get(re.sub(r"[\s.]", "", text.lower()))


def weekdays_in(values: Iterable[str]) -> list[str]:
    """The weekdays among `values` ("woensdag", "ma|vr"), in week order; anything else
    ("Goedemorgen", "september", "3 dagen") is left out."""
    parts = (part for value in values for part in re.split(r"[|,/]", value))
    return weekday_order({day for day in map(parse_weekday, parts) if day})


def day_names_in(message: str) -> list[str]:
    """The weekdays a message names in full ("maandag en woensdag", "on Fridays")."""
    return weekdays_in(_DAY_NAME.findall(message.lower()))


def weekday_order(days: set[str] | frozenset[str] | list[str]) -> list[str]:
    return [day for day in WEEKDAYS if day in days]


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """The first of the month `months` after `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def months_between(start: date, end: date) -> int:
    """Whole calendar months from `start`'s month to `end`'s month."""
    return (end.year - start.year) * 12 + end.month - start.month


def age_in_months(birth_date: date, on: date) -> int:
    """Completed months of age on `on` (negative before birth)."""
    months = months_between(birth_date, on)
    return months - 1 if on.day < birth_date.day else months
