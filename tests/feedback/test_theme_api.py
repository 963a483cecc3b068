"""Admins shape the themes through the console's API: the dashboard groups the parents'
answers (bot rating and CSAT comments, complaints, not-understood messages) per theme,
location, moment and week; an admin edits a theme's keywords and moves an answer by hand
(kept when the keywords change), each audited; management reads the figures, never a
parent's words, and may change nothing."""

from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.shared import clock
from bot.staff.models import AuditEntry
from tests.support.console_app import logged_in
from tests.support.feedback import (
    days_ago,
    handoff,
    import_mila,
    not_understood,
    rating_comment,
    read_from_event_table,
    verified,
)

PERIOD = {
    "first_day": (clock.today() - timedelta(days=20)).isoformat(),
    "last_day": clock.today().isoformat(),
}


@pytest.fixture
def answers(console: TestClient, db_session: Session, tmp_path: Path) -> None:
    """Five answers of the last days: Mila's parent (INS-000001, UTR-ZON, waiting) on the
    website twice, two anonymous parents, one complaint."""
    read_from_event_table(console)
    import_mila(db_session, tmp_path / "export")
    verified(db_session, "website:sanne", "INS-000001", days_ago(3))
    rating_comment(
        db_session, "website:sanne", "Het duurde veel te lang, Mila wacht al maanden", days_ago(3)
    )
    rating_comment(db_session, "website:anoniem", "Ik mis de foto's in de ouderapp", days_ago(2))
    not_understood(db_session, "website:anoniem2", "wat kost een dag opvang eigenlijk", days_ago(2))
    handoff(
        db_session, "website:klacht", "Niemand belt ooit terug!", days_ago(1), number="INS-000001"
    )
    handoff(
        db_session,
        "website:csat",
        "Ik wil iemand spreken",
        days_ago(1),
        reason="request_human",
        score=2,
        comment="de medewerker was onvriendelijk",
    )


def themes_of(console: TestClient) -> dict[str, dict]:
    figures = console.get("/api/dashboard", params=PERIOD).json()["themes"]
    return {theme["code"]: theme for theme in figures["themes"]}


def theme_id(console: TestClient, code: str) -> int:
    return next(t["id"] for t in console.get("/api/themes").json() if t["code"] == code)


def audited(session: Session, action: str) -> list[str]:
    query = select(AuditEntry.detail).where(AuditEntry.action == action)
    return list(session.scalars(query))


def test_the_dashboard_groups_every_kind_of_answer_by_theme_location_and_moment(
    console: TestClient, admin, answers
) -> None:
    logged_in(console, admin.email)

    themes = themes_of(console)

    assert {code: t["count"] for code, t in themes.items()} == {
        "wachttijd": 1,
        "communicatie": 1,
        "kosten": 1,
        "medewerkers": 1,
        "overig": 1,
    }
    waiting = themes["wachttijd"]
    assert waiting["per_location"] == {"UTR-ZON": 1} and waiting["per_moment"] == {"waiting": 1}
    assert waiting["per_source"] == {"bot_rating": 1}
    # the parent's words for admins, with the child's name masked
    [example] = waiting["examples"]
    assert example["text"] == "Het duurde veel te lang, [Sam](child_name) wacht al maanden"
    assert themes["communicatie"]["per_source"] == {"complaint": 1}
    assert themes["kosten"]["per_moment"] == {"unknown": 1}  # nobody identified
    assert themes["medewerkers"]["per_source"] == {"csat": 1}
    # the location filter keeps the answers of registrations that prefer the location
    at_zon = console.get("/api/dashboard", params=PERIOD | {"location": "UTR-ZON"}).json()
    assert {t["code"] for t in at_zon["themes"]["themes"]} == {"wachttijd", "communicatie"}
    # the trend per ISO week and per month adds up to the answers
    figures = console.get("/api/dashboard", params=PERIOD).json()["themes"]
    assert sum(w["count"] for w in figures["weekly"]) == figures["answers"] == 5
    assert sum(m["count"] for m in figures["monthly"]) == 5


def test_an_admin_adds_a_keyword_moves_an_answer_and_the_move_survives_regrouping(
    console: TestClient, admin, answers, db_session: Session
) -> None:
    headers = logged_in(console, admin.email)
    website = next(t for t in console.get("/api/themes").json() if t["code"] == "website")

    # "ouderapp" is no "app" (a keyword under five letters finds no compound): add it
    edited = console.put(
        f"/api/themes/{website['id']}",
        json={**website, "keywords": "\n".join([*website["keywords"], "ouderapp"])},
        headers=headers,
    )
    assert edited.status_code == 200, edited.text
    themes = themes_of(console)
    assert "overig" not in themes and themes["website"]["count"] == 1
    assert audited(db_session, "theme_edit")[-1].startswith("website: website, site")

    # the waiting-time comment is really about communication: moved by hand
    [example] = themes["wachttijd"]["examples"]
    communication = theme_id(console, "communicatie")
    moved = console.put(
        f"/api/themes/answers/{example['key']}",
        json={"theme_id": communication},
        headers=headers,
    )
    assert moved.status_code == 200 and moved.json()["theme"] == "communicatie"
    assert "wachttijd" not in themes_of(console)
    assert audited(db_session, "theme_move") == [f"{example['key'][:16]} -> communicatie"]

    # regrouping with new keywords leaves the moved answer where the admin put it
    waiting = next(t for t in console.get("/api/themes").json() if t["code"] == "wachttijd")
    console.put(
        f"/api/themes/{waiting['id']}",
        json={**waiting, "keywords": "wachttijd\nduren\nmaanden"},
        headers=headers,
    )
    themes = themes_of(console)
    assert "wachttijd" not in themes and themes["communicatie"]["count"] == 2

    # and into no theme at all
    console.put(f"/api/themes/answers/{example['key']}", json={"theme_id": None}, headers=headers)
    assert themes_of(console)["overig"]["count"] == 1


def test_a_new_theme_and_bad_edits_get_a_clear_answer(console: TestClient, admin, answers) -> None:
    headers = logged_in(console, admin.email)
    new = {"code": "wennen", "name": "Wennen", "name_en": "Settling in", "keywords": "wennen"}
    made = console.post("/api/themes", json=new, headers=headers)
    assert made.status_code == 201 and made.json()["keywords"] == ["wennen"]

    again = console.post("/api/themes", json=new, headers=headers)
    assert again.status_code == 422 and "al een thema" in again.json()["detail"]
    theme = made.json() | {"keywords": "wennen"}
    empty = console.put(
        f"/api/themes/{theme['id']}", json={**theme, "keywords": " , "}, headers=headers
    )
    assert empty.status_code == 422 and "trefwoord" in empty.json()["detail"]
    assert console.put("/api/themes/999999", json=theme, headers=headers).status_code == 404
    wrong_key = console.put("/api/themes/answers/abc", json={"theme_id": None}, headers=headers)
    assert wrong_key.status_code == 422
    # a theme switched off takes no answers by hand
    console.put(f"/api/themes/{theme['id']}", json={**theme, "active": False}, headers=headers)
    off = console.put(
        f"/api/themes/answers/{'a' * 64}", json={"theme_id": theme["id"]}, headers=headers
    )
    assert off.status_code == 422 and "staat uit" in off.json()["detail"]


def test_management_reads_the_figures_and_no_parents_words_and_changes_nothing(
    console: TestClient, manager, answers
) -> None:
    headers = logged_in(console, manager.email)

    themes = themes_of(console)

    assert themes["wachttijd"]["count"] == 1
    assert all(theme["examples"] == [] for theme in themes.values())
    assert console.get("/api/themes").status_code == 403
    assert console.put("/api/themes/1", json={}, headers=headers).status_code in (403, 422)
    move = console.put(f"/api/themes/answers/{'a' * 64}", json={"theme_id": 1}, headers=headers)
    assert move.status_code == 403
    assert console.get("/api/feedback/export.csv").status_code == 403
