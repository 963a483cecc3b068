"""The import streamed in batches (bot/waitlist/importer.py): rows written batch by batch
are rolled back when a later row is bad, every bad row is reported with its line, and a
re-import updates by key across batches. The batch is four rows here, so that a few rows
cross several batches."""

from datetime import date

import pytest
from sqlalchemy import func, select

from bot.waitlist import importer
from bot.waitlist.importer import ImportRejected, import_directory
from bot.waitlist.models import (
    Child,
    Location,
    LocationPreference,
    Offer,
    Parent,
    Registration,
    StatusChange,
)
from bot.waitlist.queries import find_registration
from tests.support.export_files import GROUPS, LOCATIONS

HEADER = (
    "registration_number,child_first_name,child_birth_date,parent_name,parent_email,"
    "parent_phone,care_type,location_codes,weekdays,desired_start_date,registered_on,"
    "priority,status\n"
)
# another column order, semicolons and Dutch dates, as another planning system writes it
REORDERED = (
    "status;priority;registered_on;desired_start_date;weekdays;location_codes;care_type;"
    "parent_phone;parent_email;parent_name;child_birth_date;child_first_name;"
    "registration_number\n"
)
OFFERS = (
    "offer_id,registration_number,location_code,group_name,weekdays,start_date,respond_by,outcome\n"
)


def row(serial: int, *, birth: str = "2025-05-04", codes: str = "UTR-ZON|UTR-BOO") -> str:
    return (
        f"INS-{serial:06d},Mila,{birth},Sanne de Vries,sanne{serial}@example.nl,+31612345678,"
        f"kdv,{codes},ma|wo,2026-01-01,2025-03-12,none,waiting\n"
    )


def reordered(serial: int, status: str = "waiting") -> str:
    return (
        f"{status};sibling;12-03-2025;01-02-2026;di;UTR-BOO;kdv;;noor{serial}@example.nl;"
        f"Noor Jansen;04-06-2025;Noor;ins{serial:06d}\n"
    )


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


@pytest.fixture(autouse=True)
def small_batches(monkeypatch):
    monkeypatch.setattr(importer, "BATCH", 4)


def test_bad_rows_after_written_batches_undo_them_and_are_all_reported(db_session, export):
    rows = [row(serial) for serial in range(1, 10)]  # lines 2 to 10: two batches written
    rows += [
        row(10, codes="UTR-ZON|UTR-XXX"),  # line 11
        row(11),
        row(12, birth="31-02-2025"),  # line 13
        row(1),  # line 14
        row(13),
    ]
    directory = export(locations=LOCATIONS, groups=GROUPS, registrations=HEADER + "".join(rows))

    with pytest.raises(ImportRejected) as rejected:
        import_directory(session=db_session, directory=directory)

    assert [str(problem) for problem in rejected.value.problems] == [
        "registrations.csv, line 11: unknown location_code 'UTR-XXX'",
        "registrations.csv, line 13: child_birth_date '31-02-2025' is not a date "
        "(YYYY-MM-DD or DD-MM-YYYY)",
        "registrations.csv, line 14: duplicate key, also on line 2",
    ]
    for model in (Location, Registration, Child, Parent, LocationPreference, StatusChange):
        assert count(db_session, model) == 0, model


def test_a_reimport_across_batches_updates_by_key_and_inserts_the_rest(db_session, export):
    first = HEADER + "".join(row(serial) for serial in range(1, 11))
    import_directory(
        session=db_session,
        directory=export(locations=LOCATIONS, groups=GROUPS, registrations=first),
    )
    again = REORDERED + "".join(
        reordered(serial, "passive" if serial == 7 else "waiting") for serial in range(5, 15)
    )

    summary = import_directory(session=db_session, directory=export(registrations=again))

    assert (summary.inserted, summary.updated) == ({"registrations": 4}, {"registrations": 6})
    assert count(db_session, Registration) == count(db_session, Child) == 14
    assert count(db_session, Parent) == 14
    assert count(db_session, LocationPreference) == 4 * 2 + 10
    assert count(db_session, StatusChange) == 14 + 1  # one for each, and 7 went passive
    db_session.expire_all()
    untouched, changed = (
        find_registration(session=db_session, number=n) for n in ("INS-000004", "INS-000006")
    )
    assert untouched.child.first_name == "Mila"
    assert [loc.location_code for loc in untouched.locations] == ["UTR-ZON", "UTR-BOO"]
    assert (changed.child.first_name, changed.child.birth_date) == ("Noor", date(2025, 6, 4))
    assert (changed.weekdays, changed.priority, changed.desired_start_date) == (
        "di",
        "sibling",
        date(2026, 2, 1),
    )
    assert [loc.location_code for loc in changed.locations] == ["UTR-BOO"]
    parent = changed.child.parents[0]
    assert (parent.name, parent.email, parent.phone) == ("Noor Jansen", "noor6@example.nl", None)
    moved = find_registration(session=db_session, number="INS-000007")
    assert [change.status for change in moved.history] == ["waiting", "passive"]


def test_offers_across_batches_move_their_registrations(db_session, export):
    registrations = HEADER + "".join(row(serial) for serial in range(1, 11))
    offers = OFFERS + "".join(
        f"AB-{serial},INS-{serial:06d},UTR-ZON,Babygroep,ma,2026-03-01,2026-02-01,open\n"
        for serial in range(1, 10)
    )
    import_directory(
        session=db_session,
        directory=export(
            locations=LOCATIONS, groups=GROUPS, registrations=registrations, offers=offers
        ),
    )
    statuses = dict(db_session.execute(select(Registration.number, Registration.status)).all())
    assert sorted(statuses.values()).count("offered") == 9
    assert statuses["INS-000010"] == "waiting"

    accepted = offers.replace(",open\n", ",accepted\n")
    summary = import_directory(session=db_session, directory=export(offers=accepted))

    assert (summary.inserted, summary.updated) == ({"offers": 0}, {"offers": 9})
    assert count(db_session, Offer) == 9
    db_session.expire_all()
    statuses = dict(db_session.execute(select(Registration.number, Registration.status)).all())
    assert [statuses[f"INS-{serial:06d}"] for serial in range(1, 11)] == ["placed"] * 9 + [
        "waiting"
    ]
