"""A baby registered by due date, from the birth to a later identity check: the check
takes the due date or a fitting birth date; the parent's words become a change request
with the birth date; staff resolve it through the console's API and the child's birth
date is updated; from then on the birth date (or the due date) identifies the child.
Dates from today."""

from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from bot.conversation.identity import DetailsOutcome, check_details
from bot.parent_requests.births import reported_birth
from bot.parent_requests.intake import store_request
from bot.settings import Settings
from bot.shared import clock
from bot.waitlist.births import record_birth
from bot.waitlist.importer import import_directory
from bot.waitlist.queries import find_registration
from tests.support.console_app import logged_in
from tests.support.dates import days_from_today, dutch, iso, month_day
from tests.support.export_files import GROUPS, LOCATIONS, write_export

TODAY = clock.today()
DUE = days_from_today(20)  # at import: a date in the future is a due date
BORN = TODAY - timedelta(days=2)  # early, as babies are
NOOR = (
    "registration_number,child_first_name,child_birth_date,parent_name,parent_email,"
    "parent_phone,care_type,location_codes,weekdays,desired_start_date,registered_on,"
    f"priority,status\nINS-000010,Noor,{iso(DUE)},Fatima,fatima@example.nl,,kdv,UTR-ZON,"
    f"ma|di,{iso(month_day(5))},{iso(month_day(-6))},none,waiting\n"
)


@pytest.fixture
def noor(db_session: Session, tmp_path: Path) -> Session:
    export = write_export(
        tmp_path / "export", locations=LOCATIONS, groups=GROUPS, registrations=NOOR
    )
    import_directory(session=db_session, directory=export)
    return db_session


def checked(session: Session, typed, tmp_path: Path, client: str = "client-1") -> DetailsOutcome:
    settings = Settings(_env_file=None, var_dir=tmp_path, smtp_host="")
    return check_details(
        session=session,
        number="INS-000010",
        birth_date=typed,
        sender_id=f"website:{client}",
        client=client,
        settings=settings,
    ).outcome


def test_the_due_date_or_a_fitting_birth_date_identifies_a_baby_registered_before_birth(
    noor: Session, tmp_path: Path
) -> None:
    assert checked(noor, DUE, tmp_path) is DetailsOutcome.CODE_SENT
    assert checked(noor, BORN, tmp_path) is DetailsOutcome.CODE_SENT
    # not a birth in the future, nor one far from the due date
    assert checked(noor, TODAY + timedelta(days=1), tmp_path, "c2") is DetailsOutcome.MISMATCH
    assert checked(noor, DUE - timedelta(weeks=10), tmp_path, "c3") is DetailsOutcome.MISMATCH


def test_a_reported_birth_resolved_in_the_console_updates_the_child(
    console: TestClient, agent, noor: Session, tmp_path: Path
) -> None:
    words = f"Noor is geboren op {dutch(BORN)}!"
    birth = reported_birth(session=noor, number="INS-000010", words=words, today=TODAY)
    assert birth is not None and (birth.born_on, birth.child, birth.news) == (BORN, "Noor", True)
    request = store_request(
        session=noor,
        number="INS-000010",
        kind="change",
        details=words,
        channel="website",
        birth_date=birth.born_on,
    )
    noor.flush()
    headers = logged_in(console, agent.email)

    [listed] = console.get("/api/requests").json()
    assert (listed["kind"], listed["birth_date"], listed["start_date"]) == (
        "change",
        iso(BORN),
        None,
    )
    export = console.get("/api/requests/export.csv").text
    assert export.splitlines()[0].endswith(",child_birth_date")
    assert export.splitlines()[1].endswith(f",{iso(BORN)}")
    closed = console.post(
        f"/api/requests/{request.id}/close",
        json={"outcome": "resolved", "message": "De geboortedatum staat erin. Gefeliciteerd!"},
        headers=headers,
    )
    assert closed.status_code == 200 and closed.json()["status"] == "resolved"

    child = find_registration(session=noor, number="INS-000010").child
    noor.refresh(child)
    assert (child.birth_date, child.due_date, child.expected) == (BORN, DUE, False)
    assert checked(noor, BORN, tmp_path, "later") is DetailsOutcome.CODE_SENT
    assert checked(noor, DUE, tmp_path, "later") is DetailsOutcome.CODE_SENT
    # born: only the dates on file now, no other date near the due date
    near = BORN - timedelta(days=1)
    assert checked(noor, near, tmp_path, "guess") is DetailsOutcome.MISMATCH


def test_an_import_that_still_carries_the_due_date_keeps_the_recorded_birth(
    noor: Session, tmp_path: Path
) -> None:
    child = find_registration(session=noor, number="INS-000010").child
    record_birth(child=child, born_on=BORN, now=clock.now())
    noor.flush()
    again = write_export(tmp_path / "again", locations=LOCATIONS, groups=GROUPS, registrations=NOOR)
    import_directory(session=noor, directory=again)
    noor.refresh(child)
    assert (child.birth_date, child.expected) == (BORN, False)

    corrected = NOOR.replace(iso(DUE), iso(BORN - timedelta(days=1)), 1)
    fixed = write_export(
        tmp_path / "fixed", locations=LOCATIONS, groups=GROUPS, registrations=corrected
    )
    import_directory(session=noor, directory=fixed)
    noor.refresh(child)
    assert child.birth_date == BORN - timedelta(days=1)  # the planning system wins
