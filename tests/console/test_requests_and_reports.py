"""Parents' requests, the dashboard and a family's data through the console's API, with
the roles: agents work on requests, management reads the list and the dashboard only,
admins export and erase a family."""

import email
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import yaml
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.parent_requests.intake import store_request
from bot.parent_requests.withdrawal import withdraw_latest
from bot.reporting.conversation_events import store
from bot.reporting.nlu_review import record_choice
from bot.shared import clock
from bot.staff.models import AuditEntry
from tests.support.console_app import NOW, logged_in
from tests.support.rasa_api import FakeRasa


def test_an_agent_claims_notes_and_closes_and_the_parent_hears_where_they_are(
    console: TestClient,
    agent,
    rasa: FakeRasa,
    requests_made: list[int],
    db_session: Session,
    tmp_path: Path,
) -> None:
    rasa.conversation("website:open").apply({"event": "user", "timestamp": time.time()})
    headers = logged_in(console, agent.email)
    in_chat, by_mail = requests_made

    listed = console.get("/api/requests").json()
    assert [r["id"] for r in listed] == [in_chat, by_mail]
    assert listed[0]["weekdays"] == "wo" and listed[0]["status"] == "open"
    for request_id in requests_made:
        assert console.post(f"/api/requests/{request_id}/claim", headers=headers).status_code == 200
    noted = console.put(
        f"/api/requests/{in_chat}/note", json={"text": "planning belt"}, headers=headers
    )
    assert noted.json()["note"] == "planning belt"
    closed = console.post(
        f"/api/requests/{in_chat}/close",
        json={"outcome": "resolved", "message": "Mila komt vanaf maart ook op woensdag."},
        headers=headers,
    ).json()
    assert (closed["status"], closed["outcome_sent_by"]) == ("resolved", "both")
    [sent] = rasa.conversation("website:open").sent
    assert "Mila komt vanaf maart ook op woensdag." in sent["text"]

    # the other conversation is not in Rasa (any more): the outcome goes by mail only
    rejected = console.post(
        f"/api/requests/{by_mail}/close",
        json={"outcome": "rejected", "message": "Vrijdag is vol."},
        headers=headers,
    ).json()
    assert rejected["outcome_sent_by"] == "mail"
    sent = [email.message_from_bytes(p.read_bytes()) for p in (tmp_path / "outbox").glob("*.eml")]
    [mail] = [m for m in sent if "Vrijdag is vol." in m.get_payload()]
    assert mail["To"] == "sanne@example.nl" and len(sent) == 2
    again = console.post(
        f"/api/requests/{by_mail}/close",
        json={"outcome": "resolved", "message": "x"},
        headers=headers,
    )
    assert again.status_code == 409
    actions = db_session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions.count("requests_view") == 1
    assert {"request_claim", "request_note", "request_resolved", "request_rejected"} <= set(actions)


def test_a_request_the_parent_withdrew_is_listed_as_withdrawn_and_not_as_work(
    console: TestClient, agent, requests_made: list[int], db_session: Session
) -> None:
    withdraw_latest(session=db_session, sender_id="website:open", now=NOW)
    db_session.flush()
    headers = logged_in(console, agent.email)

    to_do = console.get("/api/requests").json()
    withdrawn = console.get("/api/requests", params={"status": "withdrawn"}).json()

    assert [r["id"] for r in to_do] == [requests_made[1]]
    [row] = withdrawn
    assert (row["id"], row["status"], row["details"]) == (
        requests_made[0],
        "withdrawn",
        "woensdag erbij",
    )
    assert row["closed_at"] is not None
    closing = {"outcome": "resolved", "message": "x"}
    refused = console.post(f"/api/requests/{row['id']}/close", json=closing, headers=headers)
    assert refused.status_code == 409


def test_the_planners_csv_holds_the_filtered_requests(
    console: TestClient, agent, requests_made: list[int]
) -> None:
    logged_in(console, agent.email)
    answer = console.get("/api/requests/export.csv", params={"number": "INS-000001"})

    assert answer.headers["content-type"].startswith("text/csv")
    lines = answer.text.splitlines()
    assert lines[0].startswith("request_id,registration_number,kind,status,weekdays")
    assert len(lines) == 3 and ",wo," in lines[1]


def test_management_reads_the_list_and_the_dashboard_and_nothing_else(
    console: TestClient, manager, agent, requests_made: list[int]
) -> None:
    headers = logged_in(console, manager.email)

    assert console.get("/api/requests").status_code == 200
    assert console.get("/api/dashboard").status_code == 200
    page = console.get("/dashboard")
    assert page.status_code == 200
    # figures, and no table of parents' words (tests/channels/test_bot_rating_story.py
    # reads the figures with such words in the data)
    for words in ("csat-comments", "bot-rating-comments", "not-understood", "theme-examples"):
        assert f'id="{words}"' not in page.text, words
    for forbidden in ("/api/queue", "/api/requests/export.csv", "/api/staff", "/api/audit"):
        assert console.get(forbidden).status_code == 403, forbidden
    claim = console.post(f"/api/requests/{requests_made[0]}/claim", headers=headers)
    assert claim.status_code == 403
    assert console.get("/", follow_redirects=False).headers["location"] == "/dashboard"

    console.cookies.clear()
    logged_in(console, agent.email)
    assert console.get("/api/dashboard").status_code == 403


def test_the_dashboard_counts_what_the_stores_hold(console: TestClient, admin) -> None:
    logged_in(console, admin.email)

    first_day = (clock.today() - timedelta(days=20)).isoformat()  # up to today
    figures = console.get("/api/dashboard", params={"first_day": first_day}).json()

    assert figures["conversations"] == 0 and figures["handed_to_staff"] == 0
    assert (
        console.get(
            "/api/dashboard", params={"first_day": "2026-11-02", "last_day": "2026-11-01"}
        ).status_code
        == 422
    )


def test_with_an_event_broker_the_dashboard_counts_the_consumers_copy(
    console: TestClient, admin, db_session: Session
) -> None:
    settings = console.app.state.settings  # type: ignore[attr-defined]
    console.app.state.settings = settings.model_copy(  # type: ignore[attr-defined]
        update={"event_broker_url": "amqp://guest:guest@127.0.0.1:5672/%2F"}
    )
    at = NOW.timestamp()
    event = {"sender_id": "website:1", "event": "user", "timestamp": at, "text": "hallo"}
    store(db_session, [event | {"input_channel": "website"}])
    logged_in(console, admin.email)

    figures = console.get("/api/dashboard", params={"last_day": NOW.date().isoformat()}).json()

    assert figures["conversations"] == 1  # the tracker store, empty, is not read


def test_admins_label_a_message_and_download_it_as_training_data(
    console: TestClient, admin, manager, db_session: Session
) -> None:
    headers = logged_in(console, admin.email)
    assert "ask_costs" in console.get("/api/nlu/intents").json()["intents"]

    unknown = {"text": "wat kost het?", "intent": "ask_pizza"}
    assert console.post("/api/nlu/labels", json=unknown, headers=headers).status_code == 422
    label = {"text": "wat kost het per uur voor INS-123456?", "intent": "ask_costs"}
    saved = console.post("/api/nlu/labels", json=label, headers=headers)
    assert saved.status_code == 201
    exported = console.get("/api/nlu/export.yml").text
    assert "- intent: ask_costs" in exported and "[INS-123456](registration_number)" in exported

    # the review shows intents in staff's words, and each label after a reload; a second
    # label of the same (masked, as the review shows it) message changes the first
    words = console.get("/api/nlu/intents").json()["words"]
    assert words["ask_costs"] == "vraag over kosten of toeslag"
    assert all(words[i] != i for i in console.get("/api/nlu/intents").json()["intents"])
    shown = "wat kost het per uur voor [INS-123456](registration_number)?"
    assert console.get("/api/nlu/labels").json() == [{"text": shown, "intent": "ask_costs"}]
    again = {"text": shown, "intent": "ask_placement_policy"}
    assert console.post("/api/nlu/labels", json=again, headers=headers).status_code == 201
    assert console.get("/api/nlu/labels").json() == [
        {"text": shown, "intent": "ask_placement_policy"}
    ]
    exported = console.get("/api/nlu/export.yml").text
    assert "ask_costs" not in exported and exported.count("[INS-123456](registration_number)") == 1

    console.cookies.clear()
    logged_in(console, manager.email)
    assert console.get("/api/nlu/export.yml").status_code == 403


def test_parents_choices_are_listed_and_exported_one_intent_per_example(
    console: TestClient, admin, manager, db_session: Session
) -> None:
    """What parents chose when the bot asked "Bedoelt u: … of …?" is labelled data too;
    where labels disagree, staff's wins, else the parents' majority (Rasa refuses an
    example under two intents)."""
    offered = [("ask_placement_status", 0.45), ("ask_waitlist_position", 0.39)]
    for intent in ("ask_waitlist_position", "ask_placement_status", "ask_waitlist_position"):
        record_choice(
            session=db_session,
            text="op welke plek staat INS-004217?",
            intent=intent,
            offered=offered,
            now=NOW,
        )
    record_choice(
        session=db_session,
        text="wat kost een uur",
        intent="ask_costs",
        offered=[("ask_costs", 0.4), ("ask_registration_process", 0.35)],
        now=NOW + timedelta(minutes=1),
    )
    headers = logged_in(console, admin.email)

    choices = console.get("/api/nlu/choices").json()
    assert choices[0] == {
        "text": "wat kost een uur",
        "offered": ["ask_costs", "ask_registration_process"],
        "chosen": "ask_costs",
        "at": (NOW + timedelta(minutes=1)).isoformat(),
    }
    assert choices[1]["text"] == "op welke plek staat [INS-123456](registration_number)?"
    staff_label = {"text": "wat kost een uur", "intent": "ask_registration_process"}
    assert console.post("/api/nlu/labels", json=staff_label, headers=headers).status_code == 201

    exported = yaml.safe_load(console.get("/api/nlu/export.yml").text)["nlu"]
    assert exported == [
        {"intent": "ask_registration_process", "examples": "- wat kost een uur\n"},
        {
            "intent": "ask_waitlist_position",
            "examples": "- op welke plek staat [INS-123456](registration_number)?\n",
        },
    ]

    console.cookies.clear()
    logged_in(console, manager.email)
    assert console.get("/api/nlu/choices").status_code == 403


def test_each_request_shows_the_day_we_promised_to_answer_by_and_late_ones_come_first(
    console: TestClient, agent, db_session: Session, requests_made: list[int]
) -> None:
    """'Binnen 5 werkdagen' as the system keeps it: the fifth working day after the day a
    request came in, weekends and public holidays skipped; past it and unfinished, it is
    marked and listed first."""

    def filed(day: datetime, words: str, status: str = "open") -> int:
        request = store_request(
            session=db_session,
            number="INS-000001",
            kind="change",
            details=words,
            channel="website",
            now=day,
        )
        request.status = status
        db_session.flush()
        return request.id

    at = timedelta(hours=10)
    done_long_ago = filed(datetime(2026, 11, 16, tzinfo=timezone.utc) + at, "a", "resolved")
    late = filed(datetime(2026, 11, 23, tzinfo=timezone.utc) + at, "b")  # a Monday
    in_time = filed(datetime(2026, 12, 4, tzinfo=timezone.utc) + at, "c")  # a Friday
    christmas = filed(datetime(2026, 12, 24, tzinfo=timezone.utc) + at, "d")
    console.app.state.clock = lambda: datetime(2026, 12, 8, 9, tzinfo=timezone.utc)
    logged_in(console, agent.email)

    listed = console.get("/api/requests?status=all").json()
    by_id = {r["id"]: r for r in listed}
    assert (by_id[late]["due_on"], by_id[late]["overdue"]) == ("2026-11-30", True)
    assert (by_id[in_time]["due_on"], by_id[in_time]["overdue"]) == ("2026-12-11", False)
    assert by_id[done_long_ago]["overdue"] is False  # answered: nothing late about it
    # Christmas (25 and 26 December) and New Year's Day are no working days
    assert by_id[christmas]["due_on"] == "2027-01-04"
    overdue = [r["id"] for r in listed if r["overdue"]]
    assert listed[: len(overdue)] == [by_id[i] for i in overdue] and late in overdue
    assert set(overdue) == {late, *requests_made}  # filed on 23 November as well
    assert [r["id"] for r in listed[len(overdue) :]] == [done_long_ago, in_time, christmas]
    assert console.get(f"/api/requests/{in_time}").json()["due_on"] == "2026-12-11"
