"""`python -m bot import DIR`: the planning system's export into the waitlist database.

All files are read and checked before anything is written, so one import is one
transaction: with a single bad row nothing is imported and every bad row is reported.
Rows are matched on their key and updated; new keys are inserted in bulk, which keeps a
100,000-registration import within a minute.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Table, delete, func, select, text, update
from sqlalchemy.orm import Session

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
    """Checks every file in `directory`, then writes them; raises ImportRejected on any
    problem, having written nothing. The caller commits."""
    present = [name for name in FILES if (directory / name).is_file()]
    if not directory.is_dir() or not present:
        raise ImportRejected(
            [Problem(str(directory), 0, f"no import files here (expected {', '.join(FILES)})")]
        )
    parsed: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    problems: list[Problem] = []
    parsers = {
        "locations.csv": _location,
        "groups.csv": _group,
        "placements.csv": _placement,
        "registrations.csv": _registration,
        "offers.csv": _offer,
    }
    for name in present:
        path = directory / name
        rows: list[tuple[int, dict[str, Any]]] = []
        seen: dict[tuple[str, ...], int] = {}
        try:
            for row in progress(read_rows(path, FILES[name]), name, count_lines(path) - 1):
                try:
                    if "__error__" in row.values:
                        raise RowError(row.values["__error__"])
                    values = parsers[name](row)
                except RowError as error:
                    problems.append(Problem(name, row.line, str(error)))
                    continue
                key = values.pop("_key")
                if key in seen:
                    problems.append(
                        Problem(name, row.line, f"duplicate key, also on line {seen[key]}")
                    )
                    continue
                seen[key] = row.line
                rows.append((row.line, values))
        except RowError as error:
            problems.append(Problem(name, 1, str(error)))
        except UnicodeDecodeError:
            problems.append(Problem(name, 0, "not UTF-8 text"))
        parsed[name] = rows
    if problems:
        raise ImportRejected(problems)
    summary = ImportSummary()
    writer = _Writer(session, summary, problems)
    writers = {
        "locations.csv": writer.locations,
        "groups.csv": writer.groups,
        "placements.csv": writer.placements,
        "registrations.csv": writer.registrations,
        "offers.csv": writer.offers,
    }
    savepoint = session.begin_nested()
    for name in present:  # in FILES order: referenced rows first
        writers[name](parsed[name])
    if problems:  # a reference to a location or group that does not exist
        savepoint.rollback()
        raise ImportRejected(problems)
    savepoint.commit()
    return summary


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


class _Writer:
    def __init__(self, session: Session, summary: ImportSummary, problems: list[Problem]) -> None:
        self.session = session
        self.summary = summary
        self.problems = problems
        self.now = clock.now()
        self.today = clock.today()

    def _location_ids(self) -> dict[str, int]:
        return dict(self.session.execute(select(Location.location_code, Location.id)).all())

    def _upsert(self, name: str, model: type, key_columns: tuple, rows: list[dict]) -> None:
        existing = {
            tuple(found[:-1]): found[-1]
            for found in self.session.execute(select(*key_columns, model.id))
        }
        new, changed = [], []
        for values in rows:
            key = tuple(values[column.key] for column in key_columns)
            if key in existing:
                changed.append({"id": existing[key], **values})
            else:
                new.append(values)
        for start in range(0, len(new), BATCH):
            self.session.execute(model.__table__.insert(), new[start : start + BATCH])
        if changed:
            self.session.execute(update(model), changed)
        self.summary.inserted[name] = len(new)
        self.summary.updated[name] = len(changed)

    def _resolve_location(self, file: str, line: int, code: str, ids: dict[str, int]) -> int | None:
        if code not in ids:
            self.problems.append(Problem(file, line, f"unknown location_code '{code}'"))
            return None
        return ids[code]

    def locations(self, rows: list[tuple[int, dict]]) -> None:
        self._upsert(
            "locations", Location, (Location.location_code,), [values for _, values in rows]
        )

    def groups(self, rows: list[tuple[int, dict]]) -> None:
        ids = self._location_ids()
        resolved = []
        for line, values in rows:
            location_id = self._resolve_location("groups.csv", line, values["location_code"], ids)
            if location_id is not None:
                resolved.append(
                    {k: v for k, v in values.items() if k != "location_code"}
                    | {"location_id": location_id}
                )
        if not self.problems:
            self._upsert("groups", Group, (Group.location_id, Group.group_name), resolved)

    def placements(self, rows: list[tuple[int, dict]]) -> None:
        groups = {
            (code, name): group_id
            for code, name, group_id in self.session.execute(
                select(Location.location_code, Group.group_name, Group.id).join(Group.location)
            )
        }
        resolved = []
        for line, values in rows:
            group_id = groups.get((values["location_code"], values["group_name"]))
            if group_id is None:
                self.problems.append(
                    Problem(
                        "placements.csv",
                        line,
                        f"unknown group '{values['group_name']}' at '{values['location_code']}'",
                    )
                )
                continue
            resolved.append(
                {k: v for k, v in values.items() if k not in ("location_code", "group_name")}
                | {"group_id": group_id}
            )
        if not self.problems:
            self._upsert("placements", Placement, (Placement.placement_id,), resolved)

    def registrations(self, rows: list[tuple[int, dict]]) -> None:
        ids = self._location_ids()
        for line, values in rows:
            for code in values["location_codes"]:
                self._resolve_location("registrations.csv", line, code, ids)
        if self.problems:
            return
        existing = {
            number: (registration_id, child_id, status)
            for number, registration_id, child_id, status in self.session.execute(
                select(
                    Registration.number, Registration.id, Registration.child_id, Registration.status
                )
            )
        }
        new = [values for _, values in rows if values["number"] not in existing]
        changed = [values for _, values in rows if values["number"] in existing]
        self._insert_registrations(new, ids)
        self._update_registrations(changed, existing, ids)
        self.summary.inserted["registrations"] = len(new)
        self.summary.updated["registrations"] = len(changed)

    def _insert_registrations(self, rows: list[dict], ids: dict[str, int]) -> None:
        """Core inserts with ids allocated up front: the ORM's bulk path and RETURNING
        row by row made a 100,000-row import several times slower."""
        child_ids = allocate_ids(self.session, Child.__table__, len(rows))
        registration_ids = allocate_ids(self.session, Registration.__table__, len(rows))
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            children = child_ids[start : start + BATCH]
            registrations = registration_ids[start : start + BATCH]
            self.session.execute(
                Child.__table__.insert(),
                [
                    {"id": c, "first_name": v["child_first_name"]}
                    | imported_values(v["child_birth_date"], None, self.today, self.now)
                    for v, c in zip(batch, children, strict=True)
                ],
            )
            self.session.execute(
                Parent.__table__.insert(),
                [_parent(v, c) for v, c in zip(batch, children, strict=True)],
            )
            self.session.execute(
                Registration.__table__.insert(),
                [
                    {"id": r} | _registration_values(v, c)
                    for v, r, c in zip(batch, registrations, children, strict=True)
                ],
            )
            self._write_preferences(batch, registrations, ids)
            self.session.execute(
                StatusChange.__table__.insert(),
                [
                    {"registration_id": r, "status": v["status"], "changed_at": self.now}
                    for v, r in zip(batch, registrations, strict=True)
                ],
            )

    def _update_registrations(
        self, rows: list[dict], existing: dict[str, tuple[int, int, str]], ids: dict[str, int]
    ) -> None:
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            found = [existing[v["number"]] for v in batch]
            child_ids = [child_id for _, child_id, _ in found]
            registration_ids = [registration_id for registration_id, _, _ in found]
            stored = {
                row.id: Stored(row.birth_date, row.due_date, row.birth_recorded_at)
                for row in self.session.execute(
                    select(
                        Child.id, Child.birth_date, Child.due_date, Child.birth_recorded_at
                    ).where(Child.id.in_(child_ids))
                )
            }
            self.session.execute(
                update(Child),
                [
                    {"id": c, "first_name": v["child_first_name"]}
                    | imported_values(v["child_birth_date"], stored.get(c), self.today, self.now)
                    for v, c in zip(batch, child_ids, strict=True)
                ],
            )
            # the import owns each child's first parent; a second one added by staff stays
            first_parents = dict(
                self.session.execute(
                    select(Parent.child_id, func.min(Parent.id))
                    .where(Parent.child_id.in_(child_ids))
                    .group_by(Parent.child_id)
                ).all()
            )
            self.session.execute(
                update(Parent),
                [
                    {"id": first_parents[c]} | _parent(v, c)
                    for v, c in zip(batch, child_ids, strict=True)
                    if c in first_parents
                ],
            )
            self.session.execute(
                update(Registration),
                [
                    {"id": r} | _registration_values(v, c)
                    for v, r, c in zip(batch, registration_ids, child_ids, strict=True)
                ],
            )
            self.session.execute(
                delete(LocationPreference).where(
                    LocationPreference.registration_id.in_(registration_ids)
                )
            )
            self._write_preferences(batch, registration_ids, ids)
            moved = [
                {"registration_id": r, "status": v["status"], "changed_at": self.now}
                for v, (r, _, old) in zip(batch, found, strict=True)
                if v["status"] != old
            ]
            if moved:
                self.session.execute(StatusChange.__table__.insert(), moved)

    def _write_preferences(
        self, batch: list[dict], registration_ids: list[int], ids: dict[str, int]
    ) -> None:
        self.session.execute(
            LocationPreference.__table__.insert(),
            [
                {"registration_id": r, "location_id": ids[code], "rank": rank}
                for v, r in zip(batch, registration_ids, strict=True)
                for rank, code in enumerate(v["location_codes"], 1)
            ],
        )

    def offers(self, rows: list[tuple[int, dict]]) -> None:
        """By `offer_id`, the file's outcome kept whatever it was (the planning system has
        the last word); each registration follows its offers."""
        registrations = dict(
            self.session.execute(select(Registration.number, Registration.id)).tuples().all()
        )
        ids = self._location_ids()
        groups = set(
            self.session.execute(
                select(Location.location_code, Group.group_name).join(Group.location)
            ).tuples()
        )
        resolved = []
        for line, values in rows:
            code, group = values["location_code"], values["group_name"]
            registration_id = registrations.get(values["number"])
            if registration_id is None:
                self.problems.append(
                    Problem("offers.csv", line, f"unknown registration_number '{values['number']}'")
                )
            location_id = self._resolve_location("offers.csv", line, code, ids)
            if location_id is not None and (code, group) not in groups:
                self.problems.append(
                    Problem("offers.csv", line, f"unknown group '{group}' at '{code}'")
                )
            if registration_id is not None and location_id is not None:
                resolved.append(
                    {k: v for k, v in values.items() if k not in ("number", "location_code")}
                    | {"registration_id": registration_id, "location_id": location_id}
                )
        if self.problems:
            return
        self._upsert("offers", Offer, (Offer.offer_key,), resolved)
        self._follow_offers(resolved)

    def _follow_offers(self, rows: list[dict]) -> None:
        """The registrations of these offers follow them: offered while one is open, else
        (only from offered) the outcome of the file's last offer for it: accepted to
        placed, declined or expired to waiting. In bulk, like the registrations."""
        last = {values["registration_id"]: values["outcome"] for values in rows}
        ids = list(last)
        with_open = set()
        current: dict[int, str] = {}
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            with_open |= set(
                self.session.scalars(
                    select(Offer.registration_id).where(
                        Offer.registration_id.in_(batch), Offer.outcome == "open"
                    )
                )
            )
            current |= dict(
                self.session.execute(
                    select(Registration.id, Registration.status).where(Registration.id.in_(batch))
                ).all()
            )
        moved = {}
        for registration_id, status in current.items():
            if registration_id in with_open:
                target = "offered"
            elif status == "offered":
                target = STATUS_AFTER[last[registration_id]]
            else:
                continue
            if target != status:
                moved[registration_id] = target
        if moved:
            self.session.execute(
                update(Registration), [{"id": r, "status": s} for r, s in moved.items()]
            )
            self.session.execute(
                StatusChange.__table__.insert(),
                [
                    {"registration_id": r, "status": s, "changed_at": self.now}
                    for r, s in moved.items()
                ],
            )


def allocate_ids(session: Session, table: Table, count: int) -> list[int]:
    """`count` new primary keys for `table`: from its sequence on PostgreSQL; on SQLite,
    which has one writer at a time, the numbers after the highest id."""
    if count == 0:
        return []
    if session.get_bind().dialect.name == "postgresql":
        sequence = f"{table.name}_id_seq"
        return list(
            session.scalars(
                text("SELECT nextval(CAST(:sequence AS regclass)) FROM generate_series(1, :n)"),
                {"sequence": sequence, "n": count},
            )
        )
    highest = session.scalar(select(func.max(table.c.id))) or 0
    return list(range(highest + 1, highest + 1 + count))


def _parent(values: dict, child_id: int) -> dict:
    return {
        "child_id": child_id,
        "name": values["parent_name"],
        "email": values["parent_email"],
        "phone": values["parent_phone"],
    }


def _registration_values(values: dict, child_id: int) -> dict:
    return {
        "number": values["number"],
        "child_id": child_id,
        "care_type": values["care_type"],
        "weekdays": values["weekdays"],
        "desired_start_date": values["desired_start_date"],
        "registered_on": values["registered_on"],
        "priority": values["priority"],
        "status": values["status"],
    }
