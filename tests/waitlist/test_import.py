"""The planning-system import: good files, re-imports and every kind of bad input."""

from datetime import date

import pytest
from sqlalchemy import func, select

from bot.waitlist.importer import ImportRejected, import_directory
from bot.waitlist.models import Location, Registration, StatusChange
from bot.waitlist.queries import find_registration
from tests.support.export_files import GROUPS, LOCATIONS

REG_HEADER = (
    "registration_number;child_first_name;child_birth_date;parent_name;parent_email;"
    "parent_phone;care_type;location_codes;weekdays;desired_start_date;registered_on;"
    "priority;status\n"
)
GOOD_REG = (
    "ins004217;Mila;04-05-2025;Sanne de Vries;Sanne@Example.nl;06-12345678;kdv;"
    "UTR-ZON|UTR-BOO;Ma.|woensdag|vr;2026-01-01;12-03-2025;sibling;waiting\n"
)


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_semicolons_dutch_dates_and_weekday_variants(db_session, export):
    directory = export(locations=LOCATIONS, groups=GROUPS, registrations=REG_HEADER + GOOD_REG)
    summary = import_directory(session=db_session, directory=directory)
    assert summary.inserted == {"locations": 2, "groups": 2, "registrations": 1}
    registration = find_registration(session=db_session, number="INS 004217")
    assert registration.weekdays == "ma|wo|vr"
    assert registration.child.birth_date == date(2025, 5, 4)
    assert registration.registered_on == date(2025, 3, 12)
    assert [loc.location_code for loc in registration.locations] == ["UTR-ZON", "UTR-BOO"]
    parent = registration.child.parents[0]
    assert (parent.email, parent.phone) == ("sanne@example.nl", "+31612345678")
    assert [change.status for change in registration.history] == ["waiting"]


def test_reimport_updates_by_key_and_records_status_changes(db_session, export):
    import_directory(
        session=db_session,
        directory=export(locations=LOCATIONS, groups=GROUPS, registrations=REG_HEADER + GOOD_REG),
    )
    changed = GOOD_REG.replace("Mila", "Mila Sophie").replace("waiting", "passive")
    changed = changed.replace("UTR-ZON|UTR-BOO", "UTR-BOO")
    summary = import_directory(
        session=db_session,
        directory=export(
            locations=LOCATIONS.replace("De Boomhut", "De Boomhut Oost"),
            registrations=REG_HEADER + changed,
        ),
    )
    assert summary.updated == {"locations": 2, "registrations": 1}
    assert count(db_session, Registration) == 1
    db_session.expire_all()
    registration = find_registration(session=db_session, number="INS-004217")
    assert registration.child.first_name == "Mila Sophie"
    assert registration.status == "passive"
    assert [loc.name for loc in registration.locations] == ["De Boomhut Oost"]
    assert [change.status for change in registration.history] == ["waiting", "passive"]


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (GOOD_REG.replace("ins004217", "ins-4217"), "registration_number 'ins-4217' is not INS-"),
        (
            GOOD_REG.replace("04-05-2025", "31-02-2025"),
            "child_birth_date '31-02-2025' is not a date",
        ),
        (GOOD_REG.replace("Ma.|", "zondag|"), "weekdays: 'zondag' is not a weekday"),
        (GOOD_REG.replace(";kdv;", ";creche;"), "care_type 'creche' is not one of"),
        (GOOD_REG.replace("UTR-ZON|", "UTR-XXX|"), "unknown location_code 'UTR-XXX'"),
        (GOOD_REG.replace("06-12345678", "12345"), "parent_phone '12345' is not a phone number"),
        (GOOD_REG.replace("Sanne@Example.nl", "sanne.example.nl"), "parent_email"),
        (GOOD_REG.replace(";waiting", ";waiting;extra;fields"), "fields, header has 13"),
        (GOOD_REG.replace(";Mila;", ";;"), "child_first_name is empty"),
    ],
)
def test_a_bad_row_is_reported_with_its_line_and_nothing_is_imported(
    db_session, export, row, reason
):
    second = GOOD_REG.replace("004217", "004218")
    directory = export(locations=LOCATIONS, groups=GROUPS, registrations=REG_HEADER + second + row)
    with pytest.raises(ImportRejected) as rejected:
        import_directory(session=db_session, directory=directory)
    problems = [str(p) for p in rejected.value.problems]
    assert len(problems) == 1, problems
    assert problems[0].startswith("registrations.csv, line 3: ")
    assert reason in problems[0]
    assert count(db_session, Location) == 0
    assert count(db_session, Registration) == 0


def test_every_bad_row_is_reported(db_session, export):
    rows = GOOD_REG + GOOD_REG + GOOD_REG.replace("004217", "004219").replace("kdv", "x")
    with pytest.raises(ImportRejected) as rejected:
        import_directory(
            session=db_session,
            directory=export(locations=LOCATIONS, groups=GROUPS, registrations=REG_HEADER + rows),
        )
    assert [p.line for p in rejected.value.problems] == [3, 4]
    assert "duplicate key, also on line 2" in rejected.value.problems[0].reason


def test_missing_columns_unknown_groups_and_files(db_session, export, tmp_path):
    directory = export(
        locations="location_code,name\nUTR-ZON,Het Zonnetje\n",
        groups=GROUPS.replace(";2;24;1", ";24;2;1"),
        placements=(
            "placement_id,location_code,group_name,child_birth_date,weekdays,start_date,end_date\n"
            "P1,UTR-ZON,Dreumesgroep,2025-01-01,ma,2025-06-01,\n"
        ),
    )
    with pytest.raises(ImportRejected) as rejected:
        import_directory(session=db_session, directory=directory)
    reasons = [str(p) for p in rejected.value.problems]
    assert "locations.csv, line 1: missing columns: city" in reasons
    assert any("min_age_months 24 is not below max_age_months 2" in r for r in reasons)
    with pytest.raises(ImportRejected, match="1 problem"):
        import_directory(session=db_session, directory=tmp_path / "nothing-here")


def test_not_utf8_is_reported(db_session, export):
    directory = export(locations=LOCATIONS)
    (directory / "locations.csv").write_bytes(
        "location_code,name,city\nA,Caf\xe9,X\n".encode("latin-1")
    )
    with pytest.raises(ImportRejected) as rejected:
        import_directory(session=db_session, directory=directory)
    assert rejected.value.problems[0].reason == "not UTF-8 text"


def test_status_changes_only_when_status_moves(db_session, export):
    directory = export(locations=LOCATIONS, groups=GROUPS, registrations=REG_HEADER + GOOD_REG)
    import_directory(session=db_session, directory=directory)
    import_directory(session=db_session, directory=directory)
    assert count(db_session, StatusChange) == 1
