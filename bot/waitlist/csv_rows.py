"""Reading the planning system's CSV files: delimiter, header, and typed fields with a
reason for every value that is wrong."""

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bot.waitlist.calendar import WEEKDAYS, parse_weekday

CARE_TYPES = ("kdv", "bso", "peuteropvang")
PRIORITIES = ("none", "sibling", "internal", "staff", "smi")
STATUSES = ("waiting", "passive", "offered", "placed", "withdrawn")
_DUTCH_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_E164 = re.compile(r"^\+[1-9]\d{7,14}$")


class RowError(ValueError):
    """A value in a row is wrong; the message says which and why."""


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]

    def text(self, column: str, *, required: bool = True) -> str:
        value = self.values.get(column, "").strip()
        if required and not value:
            raise RowError(f"{column} is empty")
        return value

    def date(self, column: str, *, required: bool = True) -> date | None:
        value = self.text(column, required=required)
        if not value:
            return None
        parsed = parse_date(value)
        if parsed is None:
            raise RowError(f"{column} '{value}' is not a date (YYYY-MM-DD or DD-MM-YYYY)")
        return parsed

    def integer(self, column: str, minimum: int = 0) -> int:
        value = self.text(column)
        if not value.isdigit() or int(value) < minimum:
            raise RowError(f"{column} '{value}' is not a whole number of at least {minimum}")
        return int(value)

    def choice(self, column: str, choices: tuple[str, ...], default: str | None = None) -> str:
        value = self.text(column, required=default is None).lower() or default
        if value not in choices:
            raise RowError(f"{column} '{value}' is not one of {', '.join(choices)}")
        return value

    def weekdays(self, column: str) -> str:
        days = set()
        for part in re.split(r"[|,]", self.text(column)):
            day = parse_weekday(part)
            if day is None:
                raise RowError(f"{column}: '{part.strip()}' is not a weekday (ma|di|wo|do|vr)")
            days.add(day)
        return "|".join(day for day in WEEKDAYS if day in days)

    def email(self, column: str) -> str | None:
        value = self.text(column, required=False)
        if value and not _EMAIL.match(value):
            raise RowError(f"{column} '{value}' is not an e-mail address")
        return value.lower() or None

    def phone(self, column: str) -> str | None:
        value = self.text(column, required=False)
        if not value:
            return None
        phone = normalise_phone(value)
        if phone is None:
            raise RowError(f"{column} '{value}' is not a phone number in E.164 (+31612345678)")
        return phone


def parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    match = _DUTCH_DATE.match(value)
    if match:
        day, month, year = (int(part) for part in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            return None
    return None


def normalise_phone(value: str) -> str | None:
    """E.164; a Dutch number written as 06-12345678 or 0031 6… is accepted too."""
    digits = re.sub(r"[\s\-().]", "", value)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif digits.startswith("0"):
        digits = "+31" + digits[1:]
    return digits if _E164.match(digits) else None


def read_rows(path: Path, required: tuple[str, ...]) -> Iterator[Row]:
    """The data rows of a CSV file with `required` columns (comma or semicolon separated)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header = handle.readline()
        delimiter = ";" if header.count(";") > header.count(",") else ","
        columns = [c.strip().lower() for c in next(csv.reader([header], delimiter=delimiter))]
        missing = [column for column in required if column not in columns]
        if missing:
            raise RowError(f"missing columns: {', '.join(missing)}")
        reader = csv.reader(handle, delimiter=delimiter)
        for record in reader:
            line = reader.line_num + 1  # the header was read separately
            if not any(field.strip() for field in record):
                continue
            if len(record) > len(columns):
                yield Row(line, {"__error__": f"{len(record)} fields, header has {len(columns)}"})
                continue
            yield Row(line, dict(zip(columns, record, strict=False)))


def count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for _ in handle)
