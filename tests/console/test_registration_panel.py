"""The context panel's registration part: status and estimate from the waitlist."""

from datetime import date, datetime, timezone
from pathlib import Path

from sqlalchemy.orm import Session

from bot.console.registration import registration_panel
from bot.console.update_words import moment_text
from bot.updates.models import UpdateMessage
from bot.waitlist.estimate_run import run_estimates
from bot.waitlist.importer import import_directory
from tests.support.export_files import GROUPS, LOCATIONS, write_export

REGISTRATIONS = (
    "registration_number,child_first_name,child_birth_date,parent_name,parent_email,"
    "parent_phone,care_type,location_codes,weekdays,desired_start_date,registered_on,"
    "priority,status\n"
    "INS-000321,Mila,2026-09-01,Sanne,sanne@example.nl,+31612345678,kdv,UTR-ZON|UTR-BOO,ma|wo,"
    "2027-02-01,2026-03-01,none,waiting\n"
)


def test_panel_shows_status_and_estimate(db_session: Session, tmp_path: Path) -> None:
    today = date(2026, 11, 23)
    folder = write_export(
        tmp_path / "export", locations=LOCATIONS, groups=GROUPS, registrations=REGISTRATIONS
    )
    import_directory(session=db_session, directory=folder)
    run_estimates(session=db_session, today=today)
    panel = registration_panel(session=db_session, number="INS-000321", today=today)
    status = panel["status"]
    assert (status["child_first_name"], status["status"]) == ("Mila", "waiting")
    assert status["weekdays"] == ["ma", "wo"]
    assert status["desired_start_date"] == "2027-02-01"
    assert panel["estimate"] and all(isinstance(line, str) for line in panel["estimate"])
    assert panel["updates"] == []  # none sent yet
    # in staff language: the days and locations in words, the next step, who to call
    words = {fact["label"]: fact["text"] for fact in panel["facts"]}
    assert words["Dagen"] == "maandag en woensdag"
    assert words["Opvang"] == "kinderdagverblijf (KDV)"
    assert words["Status"] == "staat op de wachtlijst"
    assert words["Gewenste start"] == "1 februari 2027"
    assert words["Aanbod"] == "geen open aanbod"
    assert words["Volgende stap"] == "wachten op een aanbod"
    assert "[" not in " ".join(words.values())
    assert panel["parents"] == [
        {"name": "Sanne", "email": "sanne@example.nl", "phone": "+31612345678"}
    ]
    assert panel["line"].startswith("Mila · INS-000321 · KDV · ma, wo · ")
    # the estimate in the parent's language: an English parent read it in English
    english = registration_panel(session=db_session, number="INS-000321", today=today, form="en")
    assert english["estimate"] != panel["estimate"] and "offer" in " ".join(english["estimate"])
    assert registration_panel(session=db_session, number="INS-999999", today=today) == {
        "status": None,
        "facts": [],
        "line": "",
        "parents": [],
        "estimate": [],
        "updates": [],
    }


def test_the_updates_a_parent_received_are_in_words(db_session: Session, tmp_path: Path) -> None:
    today = date(2026, 11, 23)
    folder = write_export(
        tmp_path / "export", locations=LOCATIONS, groups=GROUPS, registrations=REGISTRATIONS
    )
    import_directory(session=db_session, directory=folder)
    for moment, channel, status in (("welcome", "email", "sent"), ("offer", "whatsapp", "failed")):
        db_session.add(
            UpdateMessage(
                key=f"INS-000321:{moment}",
                registration_number="INS-000321",
                moment=moment,
                channel=channel,
                status=status,
                attempts=1,
                created_at=datetime(2026, 11, 1, tzinfo=timezone.utc),
                sent_at=datetime(2026, 11, 1, tzinfo=timezone.utc),
                detail="",
            )
        )
    db_session.flush()
    panel = registration_panel(session=db_session, number="INS-000321", today=today)
    assert [u["text"] for u in panel["updates"]] == [
        "welkom op de wachtlijst (per e-mail, verstuurd)",
        "er is een aanbod (via WhatsApp, niet verstuurd)",
    ]
    assert moment_text("periodic") == "elke paar maanden, hoe het ervoor staat"
