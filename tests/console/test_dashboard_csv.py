"""The dashboard's figures as a CSV download (issue 30, problem 16): the same figures the
page's API gives for the same filter and role, under Dutch column headings, audited."""

import csv
import io

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from bot.console.dashboard_csv import number
from tests.support.console_app import answered_an_hour_ago, audited, client_of, logged_in


def rows_of(answer) -> list[list[str]]:
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/csv")
    assert answer.headers["content-disposition"].startswith('attachment; filename="dashboard-')
    return list(csv.reader(io.StringIO(answer.text), delimiter=";"))


def test_the_dashboard_downloads_as_csv_with_the_pages_figures(
    console: TestClient, admin, manager, agent, rasa, db_session: Session, requests_made
) -> None:
    answered_an_hour_ago(db_session, rasa, agent, "website:cijfers")
    logged_in(console, admin.email)
    figures = console.get("/api/dashboard").json()

    header, *rows = rows_of(console.get("/api/dashboard.csv"))
    assert header == ["Onderdeel", "Uitsplitsing", "Waarde"]
    value = {(part, split): number for part, split, number in rows}
    assert value[("Gesprekken", "")] == str(figures["conversations"])
    assert value[("Naar een medewerker", "")] == str(figures["handed_to_staff"])
    assert value[("Updates mislukt", "")] == str(figures["updates_failed"])
    assert value[("Per medewerker: gesprekken", agent.name)] == "1"
    assert value[("Per medewerker: eerste antwoord (mediaan, minuten)", agent.name)] == "3"
    # Dutch numbers, as the page shows them: a decimal comma, nothing for no figure
    assert (number(4.5), number(3.0), number(None), number(12)) == ("4,5", "3", "", "12")
    per_day = [(s, n) for p, s, n in rows if p == "Gesprekken per dag"]
    assert len(per_day) == len(figures["per_day"])
    reasons = {s: n for p, s, n in rows if p == "Redenen om door te zetten"}
    assert sum(int(n) for n in reasons.values()) == sum(figures["handoff_reasons"].values())
    assert all(not s.startswith(("request_", "topic_")) for s in reasons)  # in words
    (entry,) = audited(db_session, "dashboard_export")
    shown = [e for e in console.get("/api/audit").json() if e["action"] == "dashboard_export"]
    assert " t/m " in shown[0]["detail_text"] and entry.detail == shown[0]["detail"]

    # the same filter as the page: a location by name, and its refusal
    assert rows_of(console.get("/api/dashboard.csv", params={"location": "zonnetje"}))
    unknown = console.get("/api/dashboard.csv", params={"location": "Nergenshuis"})
    assert unknown.status_code == 422

    # management: figures, but not the colleagues' own
    management, _ = client_of(console, manager.email)
    _, *theirs = rows_of(management.get("/api/dashboard.csv"))
    assert not [r for r in theirs if r[0].startswith("Per medewerker")]
    assert client_of(console, agent.email)[0].get("/api/dashboard.csv").status_code == 403


def test_the_dashboard_page_offers_the_download(console: TestClient, admin) -> None:
    logged_in(console, admin.email)
    page = console.get("/dashboard")
    assert 'id="dashboard-export" href="/api/dashboard.csv">Download (CSV)</a>' in page.text
