"""The assistant's words: texts.yml holds every parent-facing text and the organisation's
facts; `say` picks the formal ("u") or informal ("je") version and fills it in."""

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.config import Storage, read
from bot.waitlist.calendar import DUTCH_MONTHS, WEEKDAY_NAMES

TEXTS_FILE = Path(__file__).with_name("texts.yml")
WEEKDAY_NAMES_FULL = (
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
)


@lru_cache
def load(path: Path = TEXTS_FILE) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def organisation_facts() -> dict[str, str]:
    """The facts in texts.yml, and how long conversations are kept (a setting: the privacy
    notice must say what `purge` does)."""
    facts = {f"org_{key}": str(value) for key, value in load()["organisation"].items()}
    facts["org_retention_days"] = str(read(Storage).transcript_retention_days)
    return facts


def say(key: str, form: str = "u", **values: object) -> str:
    """The text `key` in address form `form`, with organisation facts and `values` filled in."""
    variants = load()["texts"][key]
    template = variants.get(form) or variants["u"]
    return template.format(**organisation_facts(), **values)


def button(key: str) -> str:
    return load()["buttons"][key]


CARE_TYPE_NAMES = {
    "kdv": "kinderdagverblijf",
    "bso": "buitenschoolse opvang",
    "peuteropvang": "peuteropvang",
}


def dutch_date(value: Any) -> str:
    """12 maart 2025"""
    return f"{value.day} {DUTCH_MONTHS[value.month - 1]} {value.year}"


def deadline_date(value: Any, today: date | None = None) -> str:
    """A date by which something must happen, with its weekday and without this year's
    number: "vrijdag 4 december" ("vrijdag 8 januari 2027" in another year)."""
    today = today or date.today()
    weekday = WEEKDAY_NAMES_FULL[value.weekday()]
    year = "" if value.year == today.year else f" {value.year}"
    return f"{weekday} {value.day} {DUTCH_MONTHS[value.month - 1]}{year}"


def dutch_month(value: Any) -> str:
    """maart 2025"""
    return f"{DUTCH_MONTHS[value.month - 1]} {value.year}"


def dutch_list(items: list[str]) -> str:
    """ "a, b en c" """
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


def weekday_list(codes: list[str]) -> str:
    return dutch_list([WEEKDAY_NAMES.get(code, code) for code in codes])
