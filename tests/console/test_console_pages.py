"""The console's pages other than the conversation: Dutch refusals with the menu bar, staff
administration (name, role), the audit log's filters and paging, the history search's hidden
results, and the dashboard's location by name, intents in words and per-agent figures."""

from datetime import datetime, time, timedelta, timezone

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.shared import clock
from bot.staff import audit
from bot.staff.models import AuditEntry
from tests.support.console_app import answered_an_hour_ago, client_of, escalate, logged_in


def test_a_page_an_agent_may_not_open_says_so_in_dutch_with_the_menu(
    console: TestClient, agent
) -> None:
    logged_in(console, agent.email)
    for path, words in (
        ("/dashboard", "alleen voor beheerders en management"),
        ("/admin/staff", "Alleen voor beheerders"),
    ):
        page = console.get(path)
        assert page.status_code == 403 and words in page.text
        assert "Geen toegang" in page.text and 'href="/requests"' in page.text  # the menu
        assert "Uitloggen" in page.text and "(Medewerker)" in page.text
        assert "admins only" not in page.text


def test_admins_change_a_name_and_a_role_and_an_empty_name_is_refused(
    console: TestClient, admin, colleague, db_session: Session
) -> None:
    headers = logged_in(console, admin.email)
    assert "(Beheerder)" in console.get("/admin/staff").text

    changed = console.patch(
        f"/api/staff/{colleague.id}",
        json={"name": "Ben de Vries", "role": "management"},
        headers=headers,
    )
    assert changed.status_code == 200
    assert changed.json()["name"] == "Ben de Vries" and changed.json()["role"] == "management"
    [entry] = db_session.scalars(select(AuditEntry).where(AuditEntry.action == "staff_change"))
    assert entry.detail == "ben@example.nl: role agent->management, name"

    empty = console.patch(f"/api/staff/{colleague.id}", json={"name": "  "}, headers=headers)
    assert empty.status_code == 422 and empty.json()["detail"].startswith("enter a name")
    new = {"email": "leeg@example.nl", "name": "", "password": "0123456789", "role": "agent"}
    assert console.post("/api/staff", json=new, headers=headers).status_code == 422


def test_the_audit_log_filters_by_action_staff_and_day_a_page_at_a_time(
    console: TestClient, admin, agent, db_session: Session
) -> None:
    yesterday = clock.now() - timedelta(days=1)
    for minutes in range(5):
        at = yesterday + timedelta(minutes=minutes)
        audit.record(session=db_session, staff=agent, action="reply", ip="1", now=at)
    earlier = yesterday - timedelta(days=3)
    audit.record(session=db_session, staff=admin, action="staff_add", ip="1", now=earlier)
    db_session.flush()
    logged_in(console, admin.email)
    day = clock.day_of(yesterday + timedelta(minutes=2)).isoformat()

    replies = console.get("/api/audit", params={"action": "reply", "staff": "anna"}).json()
    assert len(replies) == 5 and {r["staff"] for r in replies} == {agent.email}
    page_two = console.get("/api/audit", params={"action": "reply", "limit": 2, "offset": 2}).json()
    assert [r["id"] for r in page_two] == [r["id"] for r in replies[2:4]]
    that_day = console.get("/api/audit", params={"first_day": day, "last_day": day}).json()
    assert "staff_add" not in {r["action"] for r in that_day} and len(that_day) >= 5
    assert {"reply", "staff_add"} <= set(console.get("/api/audit/actions").json()["actions"])


def test_the_audit_logs_day_is_the_office_day_whatever_the_hour_the_test_runs(
    console: TestClient, admin, agent, db_session: Session
) -> None:
    """Half past midnight in Amsterdam is the evening before in UTC: the entry is on the
    office day it happened (SQLite stores the UTC wall time; the filter read it an hour off
    and the audit test failed between 23:00 and 00:00 UTC)."""
    day = clock.today() - timedelta(days=2)
    moments = {
        "just_after_midnight": time(0, 30),
        "just_before_midnight": time(23, 30),
    }
    for action, at in moments.items():
        moment = datetime.combine(day, at, clock.ZONE).astimezone(timezone.utc)
        audit.record(session=db_session, staff=agent, action=action, ip="1", now=moment)
    next_day = datetime.combine(day + timedelta(days=1), time(0, 30), clock.ZONE)
    audit.record(session=db_session, staff=agent, action="next_day", ip="1", now=next_day)
    db_session.flush()
    logged_in(console, admin.email)

    that_day = console.get("/api/audit", params={"first_day": day, "last_day": day}).json()
    assert {r["action"] for r in that_day} == set(moments)


def test_an_agent_hears_that_the_search_found_conversations_only_an_admin_reads(
    console: TestClient, agent, colleague, rasa, db_session: Session
) -> None:
    handoff = escalate(db_session, rasa, sender="website:zoek-mij")
    handoff.status, handoff.assigned_to_id = "closed", colleague.id
    db_session.flush()
    logged_in(console, agent.email)

    assert console.get("/api/history", params={"q": "zoek-mij"}).json() == []
    assert console.get("/api/history/hidden", params={"q": "zoek-mij"}).json() == {"hidden": 1}


def test_the_dashboard_takes_a_location_by_name_and_shows_staff_figures_to_admins(
    console: TestClient, admin, manager, agent, rasa, db_session: Session, requests_made
) -> None:
    answered_an_hour_ago(db_session, rasa, agent, "website:cijfers")
    logged_in(console, admin.email)

    figures = console.get("/api/dashboard").json()
    assert figures["per_agent"] == [
        {"staff": agent.name, "conversations": 1, "first_reply_minutes": 3.0}
    ]
    assert all(i["words"] for i in figures["top_intents"])
    assert console.get("/api/dashboard", params={"location": "zonnetje"}).status_code == 200
    unknown = console.get("/api/dashboard", params={"location": "Nergenshuis"})
    assert (
        unknown.status_code == 422
        and unknown.json()["detail"] == "no location with that name or code"
    )

    management, _ = client_of(console, manager.email)
    assert management.get("/api/dashboard").json()["per_agent"] == []
