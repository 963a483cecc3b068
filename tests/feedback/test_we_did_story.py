"""'Jullie zeiden, wij deden', the klantarena's loop: a parent complains about the waiting,
an admin writes in the console what was done about it, and the next updates run tells
that parent, once, by e-mail (the outbox): under the update that is due anyway, or in a
message of its own. The public page of the location lists the note, in Dutch and English,
with nobody's data."""

import email
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.feedback.we_did import FeedbackNotes
from bot.staff.models import AuditEntry
from bot.updates import job
from bot.updates.delivery import senders
from bot.updates.models import UpdatePreference
from tests.support.console_app import logged_in
from tests.support.feedback import days_ago, handoff, import_mila, read_from_event_table
from tests.support.updates_run import CONFIG, MORNING, settings

NOTE = "We bellen u nu elke maand zolang u op de wachtlijst staat."
NOTE_EN = "We now call you every month while you are on the waiting list."


def mails(outbox: Path) -> list[email.message.Message]:
    found = sorted(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)
    return [email.message_from_bytes(p.read_bytes()) for p in found]


def body(mail: email.message.Message) -> str:
    return " ".join(mail.get_payload(decode=True).decode().split())


@pytest.fixture
def complained(console: TestClient, db_session: Session, tmp_path: Path) -> None:
    read_from_event_table(console)
    import_mila(db_session, tmp_path / "export")
    # Mila's parent (INS-000001, UTR-ZON) complained about the waiting; an anonymous
    # parent too (no registration: nobody to tell); and about costs (another theme)
    handoff(
        db_session,
        "website:sanne",
        "Ik wacht al maanden en hoor helemaal niks",
        days_ago(5),
        number="INS-000001",
    )
    handoff(db_session, "website:anoniem", "Waarom duurt het wachten zo lang?", days_ago(4))


# the weeks these runs span would bring the welcome survey, and the note would ride along
# under it as a PS (as under any e-mail update): here the note's own mail is the story
NO_SURVEYS = replace(CONFIG, surveys={})


def run_updates(db_session: Session, tmp_path: Path, days_later: int = 0) -> job.Report:
    @contextmanager
    def unit_of_work() -> Iterator[Session]:
        yield db_session
        db_session.flush()

    config = settings(tmp_path)
    return job.run(
        unit_of_work=unit_of_work,
        settings=config,
        config=NO_SURVEYS,
        senders=senders(config),
        now=MORNING + timedelta(days=days_later),
        sleep=lambda _: None,
        notes=FeedbackNotes(),
    )


def theme_id(console: TestClient, code: str) -> int:
    return next(t["id"] for t in console.get("/api/themes").json() if t["code"] == code)


def test_the_parent_who_complained_hears_what_was_done_once_in_the_next_update(
    console: TestClient, admin, db_session: Session, tmp_path: Path, complained
) -> None:
    headers = logged_in(console, admin.email)
    waiting = theme_id(console, "wachttijd")

    written = console.post(
        "/api/we-did",
        json={"theme_id": waiting, "location_code": "UTR-ZON", "text": NOTE, "text_en": NOTE_EN},
        headers=headers,
    )

    assert written.status_code == 201, written.text
    assert (written.json()["recipients"], written.json()["told"]) == (1, 0)
    audit = db_session.scalars(select(AuditEntry.detail).where(AuditEntry.action == "we_did_note"))
    assert list(audit) == ["wachttijd UTR-ZON: 1 ouders"]

    # the next run: Mila's welcome is due anyway, the note rides along under it
    outbox = tmp_path / "outbox"
    assert run_updates(db_session, tmp_path).sent == 1
    [welcome] = mails(outbox)
    assert welcome["To"] == "sanne@example.nl"
    assert "PS U vertelde ons eerder wat beter kon" in body(welcome)
    assert f"- Wachttijd: {NOTE}" in body(welcome)
    assert "/wij-deden/UTR-ZON" in body(welcome)
    assert console.get("/api/we-did").json()[0]["told"] == 1

    # once: a later run tells it no more
    run_updates(db_session, tmp_path, days_later=1)
    assert sum(NOTE in body(m) for m in mails(outbox)) == 1

    # a second note, for every location, when no other update is due: a message of its own
    second = {
        "theme_id": waiting,
        "text": "Elke wachtlijst staat nu online.",
        "text_en": "Every waiting list is now online.",
    }
    assert console.post("/api/we-did", json=second, headers=headers).status_code == 201
    run_updates(db_session, tmp_path, days_later=8)
    latest = mails(outbox)[-1]
    assert latest["Subject"] == "Wat we deden met uw reactie"
    assert "- Wachttijd: Elke wachtlijst staat nu online." in body(latest)
    assert NOTE not in body(latest)


def test_a_parent_who_opted_out_is_not_told_and_bad_notes_are_refused(
    console: TestClient, admin, db_session: Session, tmp_path: Path, complained
) -> None:
    db_session.add(UpdatePreference(registration_number="INS-000001", email_opt_out_at=days_ago(1)))
    headers = logged_in(console, admin.email)
    waiting = theme_id(console, "wachttijd")
    note = {"theme_id": waiting, "text": NOTE, "text_en": NOTE_EN}
    assert console.post("/api/we-did", json=note, headers=headers).status_code == 201

    assert run_updates(db_session, tmp_path).sent == 0
    assert not (tmp_path / "outbox").exists() or not mails(tmp_path / "outbox")
    assert console.get("/api/we-did").json()[0]["told"] == 0

    unknown = console.post("/api/we-did", json=note | {"location_code": "NERGENS"}, headers=headers)
    assert unknown.status_code == 422 and "locatie" in unknown.json()["detail"]
    blank = console.post("/api/we-did", json=note | {"text_en": "   "}, headers=headers)
    assert blank.status_code == 422 and "Engels" in blank.json()["detail"]
    assert (
        console.post("/api/we-did", json=note | {"theme_id": 99999}, headers=headers).status_code
        == 404
    )


def test_the_public_page_lists_the_notes_per_location_in_dutch_and_english(
    console: TestClient, admin, db_session: Session, complained
) -> None:
    headers = logged_in(console, admin.email)
    waiting = theme_id(console, "wachttijd")
    costs = theme_id(console, "kosten")
    for note in (
        {"theme_id": waiting, "location_code": "UTR-ZON", "text": NOTE, "text_en": NOTE_EN},
        {
            "theme_id": costs,
            "text": "De prijzen staan nu op de site.",
            "text_en": "Our prices are now on the website.",
        },
    ):
        assert console.post("/api/we-did", json=note, headers=headers).status_code == 201
    console.cookies.clear()  # parents are not logged in

    dutch = console.get("/wij-deden/UTR-ZON")
    english = console.get("/wij-deden/UTR-ZON", params={"lang": "en"})
    other = console.get("/wij-deden/UTR-BOO")
    unknown = console.get("/wij-deden/NERGENS")

    assert dutch.status_code == 200 and "Jullie zeiden, wij deden" in dutch.text
    assert "Bij Het Zonnetje (Utrecht)" in dutch.text
    assert NOTE in dutch.text and "De prijzen staan nu op de site." in dutch.text
    assert "You said, we did" in english.text and NOTE_EN in english.text
    assert "Costs" in english.text and NOTE not in english.text
    assert NOTE not in other.text and "De prijzen staan nu op de site." in other.text
    assert unknown.status_code == 404 and "Deze locatie kennen we niet" in unknown.text
    for page in (dutch, english, other):
        for private in ("Mila", "INS-000001", "Sanne", "sanne@example.nl", "wacht al maanden"):
            assert private not in page.text
