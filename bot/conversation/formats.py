"""Dates, months, weekdays, lists, care types and counts as a parent reads them, in the
texts' variant: Dutch for "u" and "je", English for "en"."""

from datetime import date
from typing import Any

from bot.shared import clock
from bot.waitlist.calendar import DUTCH_MONTHS, WEEKDAYS

ENGLISH = "en"
DUTCH = "nl"

MONTHS = {
    DUTCH: DUTCH_MONTHS,
    ENGLISH: (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}
# Monday first, as date.weekday() counts
DAYS = {
    DUTCH: ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
    ENGLISH: ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
CARE_TYPES = {
    DUTCH: {
        "kdv": "het kinderdagverblijf",
        "bso": "de BSO",
        "peuteropvang": "de peuteropvang",
    },
    ENGLISH: {"kdv": "daycare", "bso": "after-school care", "peuteropvang": "preschool"},
}
AND = {DUTCH: "en", ENGLISH: "and"}
OR = {DUTCH: "of", ENGLISH: "or"}
# (one, several) per unit
UNITS = {
    DUTCH: {
        "month": ("maand", "maanden"),
        "minute": ("minuut", "minuten"),
        "year": ("jaar", "jaar"),
    },
    ENGLISH: {
        "month": ("month", "months"),
        "minute": ("minute", "minutes"),
        "year": ("year", "years"),
    },
}


def language(form: str) -> str:
    """ "en" for the English variant, "nl" for the Dutch forms of address."""
    return ENGLISH if form == ENGLISH else DUTCH


def full_date(value: Any, form: str = "u") -> str:
    """12 maart 2025, 12 March 2025"""
    return f"{value.day} {MONTHS[language(form)][value.month - 1]} {value.year}"


def deadline_date(value: Any, today: date | None = None, form: str = "u") -> str:
    """A date by which something must happen, with its weekday and without this year's
    number: "vrijdag 4 december", "Friday 4 December" ("vrijdag 8 januari 2027" in
    another year)."""
    today = today or clock.today()
    year = "" if value.year == today.year else f" {value.year}"
    return f"{day_name(value, form)} {value.day} {MONTHS[language(form)][value.month - 1]}{year}"


def month_year(value: Any, form: str = "u") -> str:
    """maart 2025, March 2025"""
    return f"{MONTHS[language(form)][value.month - 1]} {value.year}"


def month_span(first: Any, last: Any, form: str = "u") -> tuple[str, str]:
    """Two months for "tussen … en …", the year said once when both are in it:
    ("maart", "mei 2027"), ("december 2026", "februari 2027")."""
    if first.year == last.year:
        return MONTHS[language(form)][first.month - 1], month_year(last, form)
    return month_year(first, form), month_year(last, form)


def day_name(value: Any, form: str = "u") -> str:
    """The weekday of a date: vrijdag, Friday."""
    return DAYS[language(form)][value.weekday()]


def word_list(items: list[str], form: str = "u", *, alternatives: bool = False) -> str:
    """ "a, b en c", "a, b and c"; alternatives: "a, b of c", "a, b or c" """
    if len(items) <= 1:
        return "".join(items)
    joiner = (OR if alternatives else AND)[language(form)]
    return ", ".join(items[:-1]) + f" {joiner} " + items[-1]


def weekday_name(code: str, form: str = "u") -> str:
    """A waitlist weekday code (ma … vr) in words: maandag; in English in the plural, as a
    day that comes back every week ("on Mondays", "without Mondays"); other text as it is."""
    if code not in WEEKDAYS:
        return code
    name = DAYS[language(form)][WEEKDAYS.index(code)]
    return f"{name}s" if language(form) == ENGLISH else name


def weekday_list(codes: list[str], form: str = "u") -> str:
    """ "maandag en woensdag", "Mondays and Wednesdays" """
    return word_list([weekday_name(code, form) for code in codes], form)


def care_type_name(code: str, form: str = "u") -> str:
    """kdv: het kinderdagverblijf, daycare; in Dutch with its article ("voor het
    kinderdagverblijf"); an unknown code as it is."""
    return CARE_TYPES[language(form)].get(code, code)


def count(number: int, unit: str, form: str = "u") -> str:
    """ "1 maand", "3 maanden", "1 minute", "4 years" (unit: month, minute or year)."""
    one, several = UNITS[language(form)][unit]
    return f"{number} {one if number == 1 else several}"


def age(months: int, form: str = "u") -> str:
    """An age in months in words: whole years as years ("4 jaar"), else months."""
    if months % 12 == 0:
        return count(months // 12, "year", form)
    return count(months, "month", form)


def period(months: int, form: str = "u") -> str:
    """A stretch of time ahead, after "de komende" / "the next": whole years from two on
    ("2 jaar"), else months ("12 maanden", never "de komende 1 jaar")."""
    if months % 12 == 0 and months >= 24:
        return count(months // 12, "year", form)
    return count(months, "month", form)


def age_limit(months: int, form: str = "u") -> str:
    """The age a group takes children under: "tot 2 jaar", but in English "under 2" for
    whole years (else "under 18 months")."""
    if language(form) == ENGLISH and months % 12 == 0:
        return str(months // 12)
    return age(months, form)
