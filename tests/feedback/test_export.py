"""The answers' CSV export through the console: every answer with its theme, location and
moment, anonymous unless the parent agreed to be named (update_preferences.
feedback_named_at, recorded audited), admins only, and the download is audited."""

import csv
import io
from datetime import timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.feedback.naming import set_named
from bot.shared import clock
from bot.staff.models import AuditEntry
from tests.support.console_app import logged_in
from tests.support.feedback import (
    days_ago,
    handoff,
    import_mila,
    rating_comment,
    read_from_event_table,
    verified,
)

PERIOD = {
    "first_day": (clock.today() - timedelta(days=20)).isoformat(),
    "last_day": clock.today().isoformat(),
}


def rows(console: TestClient) -> list[dict[str, str]]:
    answer = console.get("/api/feedback/export.csv", params=PERIOD)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(answer.text)))


def test_the_export_names_only_the_parent_who_agreed(
    console: TestClient, admin, db_session: Session, tmp_path: Path
) -> None:
    read_from_event_table(console)
    import_mila(db_session, tmp_path / "export")
    verified(db_session, "website:sanne", "INS-000001", days_ago(4))
    rating_comment(
        db_session,
        "website:sanne",
        "Mila wacht al zo lang, mail me op sanne@example.nl",
        days_ago(4),
    )
    handoff(
        db_session,
        "website:sanne2",
        "Ik wil een klacht indienen",
        days_ago(3),
        reason="request_human",
        number="INS-000001",
        score=1,
        comment="Te duur, ik betaal te veel. Mijn nummer: 06 12345678",
    )
    rating_comment(
        db_session,
        "website:anoniem",
        '=HYPERLINK("http://x") de site werkt niet',
        days_ago(2),
        channel="whatsapp",
    )
    logged_in(console, admin.email)

    before = rows(console)

    assert [(r["source"], r["theme"], r["named"]) for r in before] == [
        ("bot_rating", "wachttijd", "no"),
        ("csat", "kosten", "no"),
        ("bot_rating", "website", "no"),
    ]
    assert before[0]["comment"] == (
        "[Sam](child_name) wacht al zo lang, mail me op ouder@voorbeeld.nl"
    )
    assert before[1]["comment"] == "Te duur, ik betaal te veel. Mijn nummer: 0600000000"
    assert all(r["registration_number"] == r["parent_name"] == "" for r in before)
    assert (before[0]["locations"], before[0]["moment"], before[0]["score"]) == (
        "UTR-ZON",
        "waiting",
        "nee",
    )
    assert before[1]["score"] == "1"
    # no formula a spreadsheet would run
    assert before[2]["comment"].startswith("'=HYPERLINK")
    assert before[2]["channel"] == "whatsapp" and before[2]["moment"] == "unknown"

    set_named(
        session=db_session, number="INS-000001", named=True, by="beheer", ip="cli", now=clock.now()
    )
    named = rows(console)

    assert [r["named"] for r in named] == ["yes", "yes", "no"]
    assert named[0]["comment"] == "Mila wacht al zo lang, mail me op sanne@example.nl"
    assert (named[0]["registration_number"], named[0]["parent_name"]) == ("INS-000001", "Sanne")
    assert named[2]["registration_number"] == "" and named[2]["parent_name"] == ""

    set_named(
        session=db_session, number="INS-000001", named=False, by="beheer", ip="cli", now=clock.now()
    )
    assert [r["named"] for r in rows(console)] == ["no", "no", "no"]

    actions = list(db_session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions.count("feedback_export") == 3
    assert "feedback_named" in actions and "feedback_anonymous" in actions
