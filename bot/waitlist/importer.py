"""`python -m bot import DIR`: the planning system's export into the waitlist database.

Each file is read once, row by row, in the order their rows refer to each other
(locations, groups, placements, registrations, offers). A row is checked as it is read,
against the keys of the database and of the rows before it (kept compactly: location
codes, groups, one line number per registration number, never the rows), and written in
batches while no problem has been found. After the first problem nothing more is written
but every row is still checked, and the savepoint around the import is rolled back: one
import is one transaction that writes nothing when any row is bad, and reports every bad
row. Memory is one batch and the keys, whatever the size of the export (a million
registrations held as rows took 3 GB); on PostgreSQL the batches go in with `COPY`
(bot/db/bulk.py).
"""

from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.db.bulk import allocate_ids, insert_rows, one_of, update_rows
from bot.shared import clock
from bot.waitlist.births import Stored, imported_values
from bot.waitlist.csv_rows import (
    CARE_TYPES,
    PRIORITIES,
    STATUSES,
    Row,
    RowError,
    count_lines,
    read_rows,
)
from bot.waitlist.models import (
    Child,
    Group,
    Location,
    LocationPreference,
    Offer,
    Parent,
    Placement,
    Registration,
    StatusChange,
)
from bot.waitlist.numbers import normalize_registration_number
from bot.waitlist.offers import OUTCOMES, STATUS_AFTER

FILES = {
    "locations.csv": ("location_code", "name", "city"),
    "groups.csv": (
        "location_code",
        "group_name",
        "care_type",
        "min_age_months",
        "max_age_months",
        "capacity",
    ),
    "placements.csv": (
        "placement_id",
        "location_code",
        "group_name",
        "child_birth_date",
        "weekdays",
        "start_date",
    ),
    "registrations.csv": (
        "registration_number",
        "child_first_name",
        "child_birth_date",
        "parent_name",
        "care_type",
        "location_codes",
        "weekdays",
        "desired_start_date",
        "registered_on",
        "status",
    ),
    "offers.csv": (
        "offer_id",
        "registration_number",
        "location_code",
        "group_name",
        "weekdays",
        "start_date",
        "respond_by",
    ),
}
BATCH = 5000
NUMBERS = 1_000_000  # INS- and six digits


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}, line {self.line}: {self.reason}"


class ImportRejected(Exception):
    """The files have errors; nothing was imported."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s); nothing was imported")
        self.problems = problems


@dataclass
class ImportSummary:
    inserted: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)


Progress = Callable[[Iterable[Row], str, int], Iterable[Row]]


def no_progress(rows: Iterable[Row], _label: str, _total: int) -> Iterable[Row]:
    return rows


def import_directory(
    *, session: Session, directory: Path, progress: Progress = no_progress
) -> ImportSummary:
    """Checks every row in `directory` and writes them; raises ImportRejected on any
    problem, having written nothing. The caller commits."""
    present = [name for name in FILES if (directory / name).is_file()]
    if not directory.is_dir() or not present:
        raise ImportRejected(
            [Problem(str(directory), 0, f"no import files here (expected {', '.join(FILES)})")]
        )
    problems: list[Problem] = []
    summary = ImportSummary()
    savepoint = session.begin_nested()
    known = _Known.from_database(session)
    writer = _Writer(session, summary)
    for name in present:  # in FILES order: referenced rows first
        _import_file(directory / name, name, known, writer, problems, progress)
    if problems:
        savepoint.rollback()
        raise ImportRejected(problems)
    savepoint.commit()
    return summary


class _Lines:
    """The line each key was first seen on: a dict, or for registration numbers an array
    indexed by the six digits (4 MB for every possible number, not 100 MB of strings)."""

    def __init__(self, numbers: bool = False) -> None:
        self.by_number = array("I", bytes(4 * NUMBERS)) if numbers else None
        self.by_key: dict[tuple, int] = {}

    def first(self, key: tuple, line: int) -> int | None:
        """The line `key` was seen on before, or None (and `line` is kept for it)."""
        if self.by_number is not None:
            index = int(key[0][4:])
            seen = self.by_number[index]
            if not seen:
                self.by_number[index] = line
            return seen or None
        seen = self.by_key.get(key)
        if seen is None:
            self.by_key[key] = line
        return seen


@dataclass
class _Known:
    """What later rows may refer to: the database's keys and those of the rows read."""

    locations: set[str]
    groups: set[tuple[str, str]]
    file_numbers: _Lines = field(default_factory=lambda: _Lines(numbers=True))
    numbers: bytearray | None = None  # read when offers.csv is: 1 per known number

    @classmethod
    def from_database(cls, session: Session) -> "_Known":
        return cls(
            set(session.scalars(select(Location.location_code))),
            set(
                session.execute(
                    select(Location.location_code, Group.group_name).join(Group.location)
                ).all()
            ),
        )

    def registration_numbers(self, session: Session) -> bytearray:
        """Every registration number in the database or in registrations.csv."""
        if self.numbers is None:
            self.numbers = bytearray(NUMBERS)
            for (number,) in session.execute(select(Registration.number)).yield_per(BATCH):
                self.numbers[int(number[4:])] = 1
            assert self.file_numbers.by_number is not None
            for index, line in enumerate(self.file_numbers.by_number):
                if line:
                    self.numbers[index] = 1
        return self.numbers

    def unknown(self, name: str, values: dict[str, Any], session: Session) -> list[str]:
        """Why the row refers to something that does not exist (each reason once)."""
        if name == "groups.csv":
            return self._locations([values["location_code"]])
        if name == "placements.csv":
            return self._group(values["location_code"], values["group_name"])
        if name == "registrations.csv":
            return self._locations(values["location_codes"])
        if name == "offers.csv":
            number = values["number"]
            reasons = []
            if not self.registration_numbers(session)[int(number[4:])]:
                reasons.append(f"unknown registration_number '{number}'")
            return reasons + (
                self._locations([values["location_code"]])
                or self._group(values["location_code"], values["group_name"])
            )
        return []

    def _locations(self, codes: list[str]) -> list[str]:
        return [f"unknown location_code '{code}'" for code in codes if code not in self.locations]

    def _group(self, code: str, name: str) -> list[str]:
        return [] if (code, name) in self.groups else [f"unknown group '{name}' at '{code}'"]

    def remember(self, name: str, values: dict[str, Any]) -> None:
        if name == "locations.csv":
            self.locations.add(values["location_code"])
        elif name == "groups.csv":
            self.groups.add((values["location_code"], values["group_name"]))


def _import_file(
    path: Path,
    name: str,
    known: _Known,
    writer: "_Writer",
    problems: list[Problem],
    progress: Progress,
) -> None:
    """Checks each row of one file and hands it to `writer` in batches while `problems`
    is empty."""
    parse = PARSERS[name]
    lines = known.file_numbers if name == "registrations.csv" else _Lines()
    batch: list[dict[str, Any]] = []
    writer.start(name)
    try:
        for row in progress(read_rows(path, FILES[name]), name, count_lines(path) - 1):
            try:
                if "__error__" in row.values:
                    raise RowError(row.values["__error__"])
                values = parse(row)
            except RowError as error:
                problems.append(Problem(name, row.line, str(error)))
                continue
            key = values.pop("_key")
            first = lines.first(key, row.line)
            if first is not None:
                problems.append(Problem(name, row.line, f"duplicate key, also on line {first}"))
                continue
            problems.extend(
                Problem(name, row.line, reason)
                for reason in known.unknown(name, values, writer.session)
            )
            known.remember(name, values)
            if problems:
                batch.clear()  # nothing more is written: the import will be rolled back
                continue
            batch.append(values)
            if len(batch) == BATCH:
                writer.write(name, batch)
                batch = []
    except RowError as error:
        problems.append(Problem(name, 1, str(error)))
    except UnicodeDecodeError:
        problems.append(Problem(name, 0, "not UTF-8 text"))
    if not problems:
        writer.write(name, batch)
        writer.finish(name)


def _location(row: Row) -> dict[str, Any]:
    code = row.text("location_code").upper()
    return {
        "_key": (code,),
        "location_code": code,
        "name": row.text("name"),
        "city": row.text("city"),
    }


def _group(row: Row) -> dict[str, Any]:
    code = row.text("location_code").upper()
    name = row.text("group_name")
    low, high = row.integer("min_age_months"), row.integer("max_age_months", 1)
    if low >= high:
        raise RowError(f"min_age_months {low} is not below max_age_months {high}")
    return {
        "_key": (code, name),
        "location_code": code,
        "group_name": name,
        "care_type": row.choice("care_type", CARE_TYPES),
        "min_age_months": low,
        "max_age_months": high,
        "capacity": row.integer("capacity", 1),
    }


def _placement(row: Row) -> dict[str, Any]:
    start, end = row.date("start_date"), row.date("end_date", required=False)
    if end is not None and start is not None and end <= start:
        raise RowError("end_date is not after start_date")
    placement_id = row.text("placement_id")
    return {
        "_key": (placement_id,),
        "placement_id": placement_id,
        "location_code": row.text("location_code").upper(),
        "group_name": row.text("group_name"),
        "child_birth_date": row.date("child_birth_date"),
        "weekdays": row.weekdays("weekdays"),
        "start_date": start,
        "end_date": end,
    }


def _registration(row: Row) -> dict[str, Any]:
    raw = row.text("registration_number")
    number = normalize_registration_number(raw)
    if number is None:
        raise RowError(f"registration_number '{raw}' is not INS- and six digits")
    codes = [c.strip().upper() for c in row.text("location_codes").split("|") if c.strip()]
    if len(set(codes)) != len(codes):
        raise RowError("location_codes lists a location twice")
    email, phone = row.email("parent_email"), row.phone("parent_phone")
    return {
        "_key": (number,),
        "number": number,
        "child_first_name": row.text("child_first_name"),
        "child_birth_date": row.date("child_birth_date"),
        "parent_name": row.text("parent_name"),
        "parent_email": email,
        "parent_phone": phone,
        "care_type": row.choice("care_type", CARE_TYPES),
        "location_codes": codes,
        "weekdays": row.weekdays("weekdays"),
        "desired_start_date": row.date("desired_start_date"),
        "registered_on": row.date("registered_on"),
        "priority": row.choice("priority", PRIORITIES, default="none"),
        "status": row.choice("status", STATUSES),
    }


def _offer(row: Row) -> dict[str, Any]:
    raw = row.text("registration_number")
    number = normalize_registration_number(raw)
    if number is None:
        raise RowError(f"registration_number '{raw}' is not INS- and six digits")
    key = row.text("offer_id")
    if len(key) > 64:
        raise RowError("offer_id is longer than 64 characters")
    start, respond_by = row.date("start_date"), row.date("respond_by")
    if start is not None and respond_by is not None and respond_by > start:
        raise RowError("respond_by is after start_date")
    return {
        "_key": (key,),
        "offer_key": key,
        "number": number,
        "location_code": row.text("location_code").upper(),
        "group_name": row.text("group_name"),
        "weekdays": row.weekdays("weekdays"),
        "start_date": start,
        "respond_by": respond_by,
        "outcome": row.choice("outcome", OUTCOMES, default="open"),
    }


PARSERS: dict[str, Callable[[Row], dict[str, Any]]] = {
    "locations.csv": _location,
    "groups.csv": _group,
    "placements.csv": _placement,
    "registrations.csv": _registration,
    "offers.csv": _offer,
}


class _Writer:
    """Writes checked rows a batch at a time: new keys inserted, known keys updated."""

    def __init__(self, session: Session, summary: ImportSummary) -> None:
        self.session = session
        self.summary = summary
        self.now = clock.now()
        self.today = clock.today()
        self._location_ids: dict[str, int] | None = None
        self._group_ids: dict[tuple[str, str], int] | None = None
        # each registration's outcome on its last row in offers.csv (kept small: one
        # entry per registration with an offer)
        self.last_outcome: dict[int, str] = {}

    def start(self, name: str) -> None:
        label = name.removesuffix(".csv")
        self.summary.inserted[label] = 0
        self.summary.updated[label] = 0

    def write(self, name: str, batch: list[dict[str, Any]]) -> None:
        if not batch:
            return
        if name == "locations.csv":
            self._upsert("locations", Location.__table__, ("location_code",), batch)
            self._location_ids = None
        elif name == "groups.csv":
            ids = self.location_ids()
            rows = [
                _without(v, "location_code") | {"location_id": ids[v["location_code"]]}
                for v in batch
            ]
            self._upsert("groups", Group.__table__, ("location_id", "group_name"), rows)
            self._group_ids = None
        elif name == "placements.csv":
            groups = self.group_ids()
            rows = [
                _without(v, "location_code", "group_name")
                | {"group_id": groups[(v["location_code"], v["group_name"])]}
                for v in batch
            ]
            self._upsert("placements", Placement.__table__, ("placement_id",), rows)
        elif name == "registrations.csv":
            self.registrations(batch)
        else:
            self.offers(batch)

    def finish(self, name: str) -> None:
        if name == "offers.csv":
            self._follow_offers()

    def location_ids(self) -> dict[str, int]:
        if self._location_ids is None:
            self._location_ids = dict(
                self.session.execute(select(Location.location_code, Location.id)).all()
            )
        return self._location_ids

    def group_ids(self) -> dict[tuple[str, str], int]:
        if self._group_ids is None:
            self._group_ids = {
                (code, name): group_id
                for code, name, group_id in self.session.execute(
                    select(Location.location_code, Group.group_name, Group.id).join(Group.location)
                )
            }
        return self._group_ids

    def _upsert(
        self, label: str, table: Any, key_columns: tuple[str, ...], rows: list[dict]
    ) -> None:
        """Rows matched on their key: found ones updated, the others inserted."""
        first = table.c[key_columns[0]]
        existing = {
            tuple(found[:-1]): found[-1]
            for found in self.session.execute(
                select(*(table.c[c] for c in key_columns), table.c.id).where(
                    one_of(self.session, first, {row[key_columns[0]] for row in rows})
                )
            )
        }
        columns = list(rows[0])
        new, changed = [], []
        for row in rows:
            found = existing.get(tuple(row[c] for c in key_columns))
            if found is None:
                new.append(tuple(row.values()))
            else:
                changed.append((found, *row.values()))
        insert_rows(self.session, table, columns, new)
        update_rows(self.session, table, columns, changed)
        self.summary.inserted[label] += len(new)
        self.summary.updated[label] += len(changed)

    def registrations(self, batch: list[dict]) -> None:
        existing = {
            number: (registration_id, child_id, status)
            for number, registration_id, child_id, status in self.session.execute(
                select(
                    Registration.number, Registration.id, Registration.child_id, Registration.status
                ).where(one_of(self.session, Registration.number, [v["number"] for v in batch]))
            )
        }
        new = [values for values in batch if values["number"] not in existing]
        changed = [values for values in batch if values["number"] in existing]
        self._insert_registrations(new)
        self._update_registrations(changed, existing)
        self.summary.inserted["registrations"] += len(new)
        self.summary.updated["registrations"] += len(changed)

    def _insert_registrations(self, batch: list[dict]) -> None:
        """Ids allocated up front, so that the child, its parent, the registration and its
        preferences go in as plain rows (`COPY` on PostgreSQL)."""
        if not batch:
            return
        children = allocate_ids(self.session, Child.__table__, len(batch))
        registrations = allocate_ids(self.session, Registration.__table__, len(batch))
        insert_rows(
            self.session,
            Child.__table__,
            ("id", "first_name", "birth_date", "due_date", "birth_recorded_at"),
            (
                (
                    c,
                    v["child_first_name"],
                    *_birth(imported_values(v["child_birth_date"], None, self.today, self.now)),
                )
                for v, c in zip(batch, children, strict=True)
            ),
        )
        insert_rows(
            self.session,
            Parent.__table__,
            PARENT_COLUMNS,
            (_parent(v, c) for v, c in zip(batch, children, strict=True)),
        )
        insert_rows(
            self.session,
            Registration.__table__,
            ("id", *REGISTRATION_COLUMNS),
            (
                (r, *_registration_values(v, c))
                for v, r, c in zip(batch, registrations, children, strict=True)
            ),
        )
        self._write_preferences(batch, registrations)
        insert_rows(
            self.session,
            StatusChange.__table__,
            STATUS_CHANGE_COLUMNS,
            ((r, v["status"], self.now) for v, r in zip(batch, registrations, strict=True)),
        )

    def _update_registrations(
        self, batch: list[dict], existing: dict[str, tuple[int, int, str]]
    ) -> None:
        if not batch:
            return
        found = [existing[v["number"]] for v in batch]
        child_ids = [child_id for _, child_id, _ in found]
        registration_ids = [registration_id for registration_id, _, _ in found]
        stored = {
            row.id: Stored(row.birth_date, row.due_date, row.birth_recorded_at)
            for row in self.session.execute(
                select(Child.id, Child.birth_date, Child.due_date, Child.birth_recorded_at).where(
                    one_of(self.session, Child.id, child_ids)
                )
            )
        }
        update_rows(
            self.session,
            Child.__table__,
            ("first_name", "birth_date", "due_date", "birth_recorded_at"),
            [
                (
                    c,
                    v["child_first_name"],
                    *_birth(
                        imported_values(v["child_birth_date"], stored.get(c), self.today, self.now)
                    ),
                )
                for v, c in zip(batch, child_ids, strict=True)
            ],
        )
        # the import owns each child's first parent; a second one added by staff stays
        first_parents = dict(
            self.session.execute(
                select(Parent.child_id, func.min(Parent.id))
                .where(one_of(self.session, Parent.child_id, child_ids))
                .group_by(Parent.child_id)
            ).all()
        )
        update_rows(
            self.session,
            Parent.__table__,
            PARENT_COLUMNS,
            [
                (first_parents[c], *_parent(v, c))
                for v, c in zip(batch, child_ids, strict=True)
                if c in first_parents
            ],
        )
        update_rows(
            self.session,
            Registration.__table__,
            REGISTRATION_COLUMNS,
            [
                (r, *_registration_values(v, c))
                for v, r, c in zip(batch, registration_ids, child_ids, strict=True)
            ],
        )
        self.session.execute(
            delete(LocationPreference)
            .where(one_of(self.session, LocationPreference.registration_id, registration_ids))
            .execution_options(synchronize_session=False)  # no objects loaded to follow
        )
        self._write_preferences(batch, registration_ids)
        insert_rows(
            self.session,
            StatusChange.__table__,
            STATUS_CHANGE_COLUMNS,
            (
                (r, v["status"], self.now)
                for v, (r, _, old) in zip(batch, found, strict=True)
                if v["status"] != old
            ),
        )

    def _write_preferences(self, batch: list[dict], registration_ids: list[int]) -> None:
        ids = self.location_ids()
        insert_rows(
            self.session,
            LocationPreference.__table__,
            ("registration_id", "location_id", "rank"),
            (
                (r, ids[code], rank)
                for v, r in zip(batch, registration_ids, strict=True)
                for rank, code in enumerate(v["location_codes"], 1)
            ),
        )

    def offers(self, batch: list[dict]) -> None:
        """By `offer_id`, the file's outcome kept whatever it was (the planning system has
        the last word); each registration follows its offers once all are written."""
        registrations = dict(
            self.session.execute(
                select(Registration.number, Registration.id).where(
                    one_of(self.session, Registration.number, {v["number"] for v in batch})
                )
            ).all()
        )
        ids = self.location_ids()
        rows = [
            _without(values, "number", "location_code")
            | {
                "registration_id": registrations[values["number"]],
                "location_id": ids[values["location_code"]],
            }
            for values in batch
        ]
        self._upsert("offers", Offer.__table__, ("offer_key",), rows)
        for row in rows:
            self.last_outcome[row["registration_id"]] = row["outcome"]

    def _follow_offers(self) -> None:
        """The registrations of the file's offers follow them: offered while one is open,
        else (only from offered) the outcome of the file's last offer for it: accepted to
        placed, declined or expired to waiting."""
        ids = list(self.last_outcome)
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            with_open = set(
                self.session.scalars(
                    select(Offer.registration_id).where(
                        one_of(self.session, Offer.registration_id, batch), Offer.outcome == "open"
                    )
                )
            )
            moved = []
            for registration_id, status in self.session.execute(
                select(Registration.id, Registration.status).where(
                    one_of(self.session, Registration.id, batch)
                )
            ):
                if registration_id in with_open:
                    target = "offered"
                elif status == "offered":
                    target = STATUS_AFTER[self.last_outcome[registration_id]]
                else:
                    continue
                if target != status:
                    moved.append((registration_id, target))
            update_rows(self.session, Registration.__table__, ("status",), moved)
            insert_rows(
                self.session,
                StatusChange.__table__,
                STATUS_CHANGE_COLUMNS,
                ((r, s, self.now) for r, s in moved),
            )


PARENT_COLUMNS = ("child_id", "name", "email", "phone")
REGISTRATION_COLUMNS = (
    "number",
    "child_id",
    "care_type",
    "weekdays",
    "desired_start_date",
    "registered_on",
    "priority",
    "status",
)
STATUS_CHANGE_COLUMNS = ("registration_id", "status", "changed_at")


def _without(values: dict[str, Any], *names: str) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k not in names}


def _birth(values: dict[str, Any]) -> tuple:
    return values["birth_date"], values["due_date"], values["birth_recorded_at"]


def _parent(values: dict, child_id: int) -> tuple:
    return child_id, values["parent_name"], values["parent_email"], values["parent_phone"]


def _registration_values(values: dict, child_id: int) -> tuple:
    return (
        values["number"],
        child_id,
        values["care_type"],
        values["weekdays"],
        values["desired_start_date"],
        values["registered_on"],
        values["priority"],
        values["status"],
    )
