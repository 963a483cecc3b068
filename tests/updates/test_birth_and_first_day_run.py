"""The updates run for a baby registered by due date and a placed child about to start:
the birth question once after the due date, none while a reported birth waits for staff,
and the first-day welcome with the place, the day and what to bring. Dates from today."""

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.parent_requests.intake import store_request
from bot.updates import job
from bot.updates.preferences import remember_language
from bot.waitlist.importer import import_directory
from bot.waitlist.models import Child, Location, Offer
from bot.waitlist.queries import find_registration
from tests.support.database import migrated_database
from tests.support.dates import days_from_today, iso, month_day
from tests.support.export_files import GROUPS, LOCATIONS, write_export
from tests.support.updates_run import CONFIG, MORNING, TODAY, Recorder, settings, units

# the weeks these runs span would bring the touchpoint surveys too (tests/updates/test_surveys.py)
CONFIG = replace(CONFIG, surveys={})

DUE = days_from_today(10)
SEM_BORN = month_day(-8)
FIRST_DAY = days_from_today(5)
HEADER = (
    "registration_number,child_first_name,child_birth_date,parent_name,parent_email,"
    "parent_phone,care_type,location_codes,weekdays,desired_start_date,registered_on,"
    "priority,status\n"
)
REGISTRATIONS = (
    f"{HEADER}INS-000010,Noor,{iso(DUE)},Fatima,fatima@example.nl,,kdv,UTR-ZON,ma|di,"
    f"{iso(month_day(5))},{iso(month_day(-6))},none,waiting\n"
    f"INS-000011,Sem,{iso(SEM_BORN)},Joost,joost@example.nl,,kdv,UTR-ZON,ma|wo,"
    f"{iso(FIRST_DAY)},{iso(month_day(-14))},none,placed\n"
)
PLACEMENTS = (
    "placement_id,location_code,group_name,child_birth_date,weekdays,start_date,end_date\n"
    f"P-1,UTR-ZON,Babygroep,{iso(SEM_BORN)},ma|wo,{iso(FIRST_DAY)},\n"
)


def run_on(engine, tmp_path: Path, days_later: int) -> list[tuple[str, str, job.Message]]:
    recorder = Recorder()
    job.run(
        unit_of_work=units(engine),
        settings=settings(tmp_path),
        config=CONFIG,
        senders=recorder.senders(),
        now=MORNING + timedelta(days=days_later),
        sleep=lambda _seconds: None,
    )
    return recorder.sent


def moments(sent: list[tuple[str, str, job.Message]]) -> dict[str, str]:
    return {message.key.rsplit(":", 1)[0]: message.body for _, _, message in sent}


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_birth_question_and_first_day_welcome(tmp_path: Path, database: str) -> None:
    with migrated_database(database, tmp_path) as engine:
        with units(engine)() as session:
            export = write_export(
                tmp_path / "export",
                locations=LOCATIONS,
                groups=GROUPS,
                registrations=REGISTRATIONS,
                placements=PLACEMENTS,
            )
            import_directory(session=session, directory=export)
            noor = child_of(session, "INS-000010")
            assert noor.expected and noor.due_date == DUE  # a future date at import

        first = moments(run_on(engine, tmp_path, 0))
        assert set(first) == {"INS-000010:welcome", "INS-000011:first_day"}
        welcome = first["INS-000011:first_day"]
        assert "Het Zonnetje in Utrecht" in welcome  # the name and town: all the address there is
        assert f"{FIRST_DAY.day} " in welcome and "maandag en woensdag" in welcome
        assert "reservekleding" in welcome and "pedagogisch medewerkers" in welcome
        assert run_on(engine, tmp_path, 1) == []  # sent once

        asking_day = (DUE - TODAY).days + CONFIG.birth_question_days
        assert run_on(engine, tmp_path, asking_day - 1) == []  # not before two weeks past due
        [(channel, to, question)] = run_on(engine, tmp_path, asking_day)
        assert (channel, to) == ("email", "fatima@example.nl")
        assert question.subject == "Is Noor al geboren?" and "geboortedatum" in question.body
        assert run_on(engine, tmp_path, asking_day + 1) == []  # asked once

        with units(engine)() as session:  # the parent told the bot; staff have not yet confirmed
            store_request(
                session=session,
                number="INS-000010",
                kind="change",
                details="Noor is geboren!",
                channel="rest",
                birth_date=DUE,
            )
        reminder_day = asking_day + CONFIG.birth_reminder_days
        assert run_on(engine, tmp_path, reminder_day) == []  # no reminder: the birth is reported


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_the_reminder_goes_once_when_nothing_is_heard(tmp_path: Path, database: str) -> None:
    with migrated_database(database, tmp_path) as engine:
        with units(engine)() as session:
            export = write_export(
                tmp_path / "export", locations=LOCATIONS, groups=GROUPS, registrations=REGISTRATIONS
            )
            import_directory(session=session, directory=export)
        asking_day = (DUE - TODAY).days + CONFIG.birth_question_days
        run_on(engine, tmp_path, 0)
        run_on(engine, tmp_path, asking_day)
        reminder_day = asking_day + CONFIG.birth_reminder_days
        [(_, _, reminder)] = run_on(engine, tmp_path, reminder_day)
        assert reminder.key.split(":")[1] == "birth_reminder"
        assert "laatste herinnering" in reminder.body
        assert run_on(engine, tmp_path, reminder_day + 30) == []


def child_of(session: Session, number: str) -> Child:
    registration = find_registration(session=session, number=number)
    assert registration is not None
    return registration.child


def test_the_welcome_from_an_accepted_offer_in_english(tmp_path: Path) -> None:
    start = days_from_today(3)
    with migrated_database("sqlite", tmp_path) as engine:
        with units(engine)() as session:
            placed_elsewhere = REGISTRATIONS.replace("UTR-ZON,ma|wo", "UTR-ZON|UTR-BOO,ma|wo")
            export = write_export(
                tmp_path / "export",
                locations=LOCATIONS,
                groups=GROUPS,
                registrations=placed_elsewhere,
            )
            import_directory(session=session, directory=export)
            registration = find_registration(session=session, number="INS-000011")
            boomhut = session.scalar(select(Location).where(Location.location_code == "UTR-BOO"))
            session.add(
                Offer(
                    registration=registration,
                    location=boomhut,
                    group_name="Babygroep",
                    weekdays="di|do",
                    start_date=start,
                    respond_by=days_from_today(-10),
                    outcome="accepted",
                )
            )
            remember_language(session=session, number="INS-000011", language="en")

        sent = moments(run_on(engine, tmp_path, 0))
        welcome = sent["INS-000011:first_day"]
        assert "at De Boomhut in Utrecht" in welcome and "Tuesdays and Thursdays" in welcome
        assert "spare clothes" in welcome and "childcare workers" in welcome
