"""offers.csv in the planning-system import: keyed by offer_id, an open offer makes the
registration offered, a re-import updates by key and moves the registration with the
outcome, and every bad row is reported with nothing imported."""

import pytest
from sqlalchemy import func, select

from bot.waitlist.importer import ImportRejected, import_directory
from bot.waitlist.models import Offer, Registration
from bot.waitlist.queries import find_registration
from tests.support.dates import days_from_today, dutch, iso, month_day
from tests.support.export_files import GROUPS, LOCATIONS

REGISTRATIONS = (
    "registration_number,child_first_name,child_birth_date,parent_name,parent_email,"
    "parent_phone,care_type,location_codes,weekdays,desired_start_date,registered_on,"
    "priority,status\n"
    f"INS-004217,Mila,{iso(month_day(-8))},Sanne,sanne@example.nl,,kdv,UTR-ZON|UTR-BOO,"
    f"ma|wo,{iso(month_day(3))},{iso(month_day(-14))},none,waiting\n"
    f"INS-004218,Daan,{iso(month_day(-6))},Joost,joost@example.nl,,kdv,UTR-BOO,"
    f"di,{iso(month_day(4))},{iso(month_day(-12))},none,waiting\n"
)
HEADER = (
    "offer_id;registration_number;location_code;group_name;weekdays;start_date;respond_by;outcome\n"
)
START, RESPOND_BY = month_day(3), days_from_today(7)
GOOD = f"AB-1;ins004217;utr-zon;Babygroep;ma|woensdag;{dutch(START)};{iso(RESPOND_BY)};\n"


def count(session) -> int:
    return session.scalar(select(func.count()).select_from(Offer))


def status(session, number: str) -> str:
    session.info.pop("registrations", None)
    session.expire_all()
    return find_registration(session=session, number=number).status


def test_an_open_offer_is_imported_by_its_key_and_makes_the_registration_offered(
    db_session, export
):
    directory = export(
        locations=LOCATIONS, groups=GROUPS, registrations=REGISTRATIONS, offers=HEADER + GOOD
    )
    summary = import_directory(session=db_session, directory=directory)

    assert summary.inserted["offers"] == 1
    offer = db_session.scalars(select(Offer)).one()
    assert (offer.offer_key, offer.group_name, offer.weekdays) == ("AB-1", "Babygroep", "ma|wo")
    assert (offer.start_date, offer.respond_by, offer.outcome) == (START, RESPOND_BY, "open")
    assert offer.location.location_code == "UTR-ZON"
    assert status(db_session, "INS-004217") == "offered"
    registration = find_registration(session=db_session, number="INS-004217")
    assert [change.status for change in registration.history] == ["waiting", "offered"]
    assert status(db_session, "INS-004218") == "waiting"


def test_a_reimport_updates_the_offer_and_its_outcome_moves_the_registration(db_session, export):
    import_directory(
        session=db_session,
        directory=export(
            locations=LOCATIONS, groups=GROUPS, registrations=REGISTRATIONS, offers=HEADER + GOOD
        ),
    )
    later = days_from_today(9)
    changed = GOOD.replace(iso(RESPOND_BY), iso(later)).replace(";\n", ";accepted\n")
    summary = import_directory(session=db_session, directory=export(offers=HEADER + changed))

    assert summary.updated["offers"] == 1 and summary.inserted["offers"] == 0
    assert count(db_session) == 1
    offer = db_session.scalars(select(Offer)).one()
    assert (offer.respond_by, offer.outcome) == (later, "accepted")
    assert status(db_session, "INS-004217") == "placed"

    # the planning system has the last word: the same offer open again
    import_directory(session=db_session, directory=export(offers=HEADER + GOOD))
    assert status(db_session, "INS-004217") == "offered"
    declined = GOOD.replace(";\n", ";declined\n")
    import_directory(session=db_session, directory=export(offers=HEADER + declined))
    assert status(db_session, "INS-004217") == "waiting"


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (GOOD.replace("ins004217", "INS-009999"), "unknown registration_number 'INS-009999'"),
        (GOOD.replace("ins004217", "ins-4217"), "registration_number 'ins-4217' is not INS-"),
        (GOOD.replace("utr-zon", "UTR-XXX"), "unknown location_code 'UTR-XXX'"),
        (GOOD.replace("Babygroep", "Peutergroep"), "unknown group 'Peutergroep' at 'UTR-ZON'"),
        (GOOD.replace(";\n", ";maybe\n"), "outcome 'maybe' is not one of open, accepted"),
        (GOOD.replace("ma|woensdag", "zondag"), "weekdays: 'zondag' is not a weekday"),
        (GOOD.replace(iso(RESPOND_BY), "31-02-2026"), "respond_by '31-02-2026' is not a date"),
        (GOOD.replace(iso(RESPOND_BY), iso(month_day(5))), "respond_by is after start_date"),
        (GOOD.replace("AB-1", ""), "offer_id is empty"),
    ],
)
def test_a_bad_offer_row_is_reported_with_its_line_and_nothing_is_imported(
    db_session, export, row, reason
):
    second = GOOD.replace("AB-1", "AB-2").replace("ins004217", "INS-004218")
    second = second.replace("utr-zon", "UTR-BOO")
    directory = export(
        locations=LOCATIONS,
        groups=GROUPS,
        registrations=REGISTRATIONS,
        offers=HEADER + second + row,
    )
    with pytest.raises(ImportRejected) as rejected:
        import_directory(session=db_session, directory=directory)

    problems = [str(p) for p in rejected.value.problems]
    assert len(problems) == 1, problems
    assert problems[0].startswith("offers.csv, line 3: ") and reason in problems[0], problems
    assert count(db_session) == 0
    assert db_session.scalar(select(func.count()).select_from(Registration)) == 0


def test_every_bad_offer_row_is_reported(db_session, export):
    """A duplicate key and a row that refers to nothing are both reported in one run: each
    row is checked against the keys as it is read."""
    rows = GOOD + GOOD + GOOD.replace("AB-1", "AB-3").replace("Babygroep", "Nergens")
    with pytest.raises(ImportRejected) as rejected:
        import_directory(
            session=db_session,
            directory=export(
                locations=LOCATIONS,
                groups=GROUPS,
                registrations=REGISTRATIONS,
                offers=HEADER + rows,
            ),
        )
    assert [str(p) for p in rejected.value.problems] == [
        "offers.csv, line 3: duplicate key, also on line 2",
        "offers.csv, line 4: unknown group 'Nergens' at 'UTR-ZON'",
    ]
    assert count(db_session) == 0
