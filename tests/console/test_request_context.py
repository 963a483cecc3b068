"""Parents' requests with their context (issue 30), through the console's API: the child,
the registration as it stands and what is asked for in words, the parent's own words and
the chat they came from (audited), a filter by location name, and a registration that
shows what head office has done before the planning's import does."""

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from bot.handoff import queue
from bot.parent_requests.intake import store_request
from tests.support.console_app import NOW, audited, logged_in
from tests.support.rasa_api import FakeRasa


def test_a_request_row_names_the_child_the_registration_and_the_ask(
    console: TestClient, agent, requests_made: list[int]
) -> None:
    logged_in(console, agent.email)
    first = console.get("/api/requests").json()[0]
    assert first["child"] == "Mila"
    assert first["current"].startswith("staat op de wachtlijst · maandag · Het Zonnetje · start ")
    assert first["details"] == "woensdag erbij"  # the parent's own words
    assert first["requested"] == "dagen erbij: woensdag"
    assert first["has_chat"] is True and first["chat_handoff_id"] is None


def test_the_location_filter_takes_a_name(
    console: TestClient, agent, requests_made: list[int]
) -> None:
    logged_in(console, agent.email)
    for wanted in ("Het Zonnetje", "zonnetje", "UTR-ZON"):
        listed = console.get("/api/requests", params={"location": wanted}).json()
        assert [r["id"] for r in listed] == requests_made, wanted
    assert console.get("/api/requests", params={"location": "Boomhut"}).json() == []
    assert console.get("/api/requests", params={"location": "Nergenshuis"}).json() == []


def test_the_chat_a_request_came_from(
    console: TestClient, agent, rasa: FakeRasa, db_session: Session, requests_made: list[int]
) -> None:
    made = NOW.timestamp()
    conversation = rasa.conversation("website:open")
    conversation.events += [
        {"event": "user", "text": "Oude vraag van vorige week", "timestamp": made - 7 * 86400},
        {"event": "session_started", "timestamp": made - 120},
        {
            "event": "user",
            "text": "Ik ga weer werken, kan de woensdag erbij?",
            "timestamp": made - 60,
        },
        {"event": "bot", "text": "Ik geef deze wijziging door.", "timestamp": made - 50},
        {"event": "user", "text": "Iets heel anders", "timestamp": made + 3600},
    ]
    handoff, _ = queue.start_handoff(
        session=db_session,
        sender_id="website:open",
        channel="website",
        reason="request_human",
        context={"identity_verified": True, "registration_number": "INS-000001"},
        summary="",
        office_open=True,
        now=NOW + timedelta(minutes=1),
    )
    db_session.flush()
    logged_in(console, agent.email)
    first = console.get("/api/requests").json()[0]
    assert first["chat_handoff_id"] == handoff.id  # open it in the console
    chat = console.get(f"/api/requests/{first['id']}/chat").json()["messages"]
    assert [(m["who"], m["text"]) for m in chat] == [
        ("parent", "Ik ga weer werken, kan de woensdag erbij?"),
        ("bot", "Ik geef deze wijziging door."),
    ]
    assert audited(db_session, "request_chat_view")[-1].detail == f"request {first['id']}"

    by_link = store_request(
        session=db_session, number="INS-000001", kind="cancel", details="x", channel="link"
    )
    db_session.flush()
    no_chat = console.get(f"/api/requests/{by_link.id}/chat")
    assert (no_chat.status_code, no_chat.json()["detail"]) == (
        404,
        "Dit verzoek kwam niet uit een chat.",
    )


def test_a_done_cancellation_shows_before_the_import_does(
    console: TestClient, agent, rasa: FakeRasa, db_session: Session, requests_made: list[int]
) -> None:
    cancel = store_request(
        session=db_session,
        number="INS-000001",
        kind="cancel",
        details="We verhuizen naar Amersfoort",
        channel="website",
        sender_id="website:gone",
        now=NOW,
    )
    db_session.flush()
    headers = logged_in(console, agent.email)
    console.post(f"/api/requests/{cancel.id}/claim", headers=headers)
    done = console.post(
        f"/api/requests/{cancel.id}/close",
        json={"outcome": "resolved", "message": "De inschrijving van Mila is gestopt."},
        headers=headers,
    ).json()
    assert done["details"] == "We verhuizen naar Amersfoort"
    assert done["requested"] == "de hele inschrijving intrekken"
    assert done["current"].startswith("ingetrokken · ")
    handoff, _ = queue.start_handoff(
        session=db_session,
        sender_id="website:later",
        channel="website",
        reason="request_human",
        context={"identity_verified": True, "registration_number": "INS-000001"},
        summary="",
        office_open=True,
        now=NOW,
    )
    db_session.flush()
    rasa.conversation("website:later")
    panel = console.get(f"/api/conversations/{handoff.id}").json()["registration"]
    words = {fact["label"]: fact["text"] for fact in panel["facts"]}
    assert words["Status"] == "ingetrokken" and "nog niet in de planning" in words["Let op"]
    assert panel["status"]["status"] == "waiting"  # as imported, under the technical details
