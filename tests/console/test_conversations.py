"""Taking over and handing back a conversation through the API, against a loopback server
that speaks Rasa's conversations API; every step lands in the audit log."""

from datetime import datetime, time, timezone

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from bot.console.conversations import closing_text
from bot.console.rasa_api import RasaClient, RasaError
from bot.conversation.texts import say
from bot.shared import clock
from bot.staff.audit import recent
from tests.support.console_app import escalate, logged_in
from tests.support.rasa_api import FakeRasa

SCRIPT = "<script>window.__xss = 1</script>Hallo?"


def test_the_whole_takeover_is_audited(
    console: TestClient, db_session: Session, rasa: FakeRasa, agent
) -> None:
    handoff = escalate(db_session, rasa)
    headers = logged_in(console, agent.email)
    (row,) = console.get("/api/queue").json()
    assert row["id"] == handoff.id and row["status"] == "waiting"
    assert row["reason_text"] == "ouder vroeg om een medewerker"

    # the parent writes while paused; it reaches the console from the tracker, as text
    conversation = rasa.conversation("parent-1")
    conversation.events.append({"event": "user", "text": SCRIPT, "timestamp": 3.0})
    conversation.slots["change_details"] = SCRIPT  # a from_text slot overwritten while paused
    detail = console.get(f"/api/conversations/{handoff.id}").json()
    # the channel's "your message is waiting" after it, as the parent read it
    assert detail["messages"][-1]["text"] == say("handoff_waiting")
    assert detail["messages"][-2] == {
        "who": "parent",
        "text": SCRIPT,
        "at": "1970-01-01T00:00:03+00:00",
        "via": "chat",
    }
    assert detail["paused"] is True and detail["identity_verified"] is False

    assert (
        console.post(
            f"/api/conversations/{handoff.id}/reply", json={"text": "x"}, headers=headers
        ).status_code
        == 409
    )  # claim first
    claimed = console.post(f"/api/conversations/{handoff.id}/claim", headers=headers)
    assert claimed.json()["status"] == "active" and claimed.json()["assigned_to"] == "Anna"
    assert conversation.sent[-1]["text"] == say("staff_joined", name="Anna")

    console.post(
        f"/api/conversations/{handoff.id}/reply", json={"text": "Goedemiddag!"}, headers=headers
    )
    assert conversation.sent[-1] == {
        "event": "bot",
        "text": "Goedemiddag!",
        "metadata": {"source": "staff", "staff_name": "Anna"},  # the widget shows who
    }
    console.post(
        f"/api/conversations/{handoff.id}/notes", json={"text": "belt morgen"}, headers=headers
    )
    export = console.get(f"/api/conversations/{handoff.id}/export")
    assert export.headers["content-disposition"].startswith("attachment")
    assert export.json()["notes"][0]["text"] == "belt morgen"

    done = console.post(
        f"/api/conversations/{handoff.id}/handback", json={"message": "Fijne dag!"}, headers=headers
    )
    assert done.json() == {"status": "closed"}
    handback = conversation.events[-5:]
    assert handback[0] == {
        "event": "bot",
        "text": "Fijne dag!",
        "metadata": {"source": "staff", "staff_name": "Anna"},
    }
    assert handback[1]["text"] == say("bot_back")
    # the slot the parent's messages to staff overwrote is put back as it was
    assert handback[2] == {"event": "slot", "name": "change_details", "value": None}
    assert handback[3] == {"event": "resume"}
    assert handback[4] == {"event": "action", "name": "action_listen"}
    assert conversation.executed == ["action_ask_satisfaction"]
    assert not conversation.paused
    assert console.get("/api/queue").json() == []

    log = console.get("/api/audit", params={"handoff_id": handoff.id})
    assert log.status_code == 403  # agents do not read the audit log
    entries = queue_audit(db_session, handoff.id)
    assert [e.action for e in entries] == ["view", "claim", "reply", "note", "export", "handback"]
    assert {e.staff_email for e in entries} == {"anna@example.nl"}
    assert {e.ip for e in entries} == {"testclient"}


def test_an_english_parent_is_handed_back_in_english(
    console: TestClient, db_session: Session, rasa: FakeRasa, agent
) -> None:
    """The closing message the console proposes, the bot's "I'm back" and the score
    question follow the parent's language, not the organisation's Dutch."""
    handoff = escalate(db_session, rasa, language="en")
    headers = logged_in(console, agent.email)
    detail = console.get(f"/api/conversations/{handoff.id}").json()
    assert detail["closing_text"] == closing_text("en", clock.now())
    assert not detail["closing_text"].startswith("Ik draag")
    dutch = escalate(db_session, rasa, sender="parent-2")
    proposed = console.get(f"/api/conversations/{dutch.id}").json()["closing_text"]
    assert proposed == closing_text("u", clock.now())

    console.post(f"/api/conversations/{handoff.id}/claim", headers=headers)
    conversation = rasa.conversation("parent-1")
    assert conversation.sent[-1]["text"] == say("staff_joined", "en", name="Anna")
    back = {"message": detail["closing_text"]}
    console.post(f"/api/conversations/{handoff.id}/handback", json=back, headers=headers)
    said = [event.get("text") for event in conversation.events if event["event"] == "bot"]
    assert said[-2:] == [detail["closing_text"], say("bot_back", "en")]


@pytest.mark.parametrize(
    ("hour", "dutch", "english"),
    [
        (9, "Fijne dag!", "Have a nice day!"),
        (17, "Fijne dag!", "Have a nice day!"),
        (18, "Fijne avond!", "Have a good evening!"),
        (22, "Fijne avond!", "Have a good evening!"),
        (2, "Fijne avond!", "Have a good evening!"),
    ],
)
def test_the_proposed_closing_suits_the_hour(hour: int, dutch: str, english: str) -> None:
    """No "Fijne dag!" at 22:00: the wish follows the organisation's clock, in the
    parent's variant (texts.yml staff_closing, staff_closing_evening)."""
    local = datetime.combine(clock.today(), time(hour), tzinfo=clock.ZONE)
    moment = local.astimezone(timezone.utc)  # the server's clock is UTC
    assert closing_text("u", moment).endswith(dutch)
    assert closing_text("je", moment).endswith(dutch)
    assert closing_text("en", moment).endswith(english)


def queue_audit(db_session: Session, handoff_id: int):
    return list(reversed(recent(session=db_session, handoff_id=handoff_id)))


def test_conversation_pages_render_no_message_text(
    console: TestClient, db_session: Session, rasa: FakeRasa, agent
) -> None:
    """Messages reach the page only through the API and textContent (tested in the browser
    too); the server-rendered shell never contains them."""
    handoff = escalate(db_session, rasa, "parent-2")
    rasa.conversation("parent-2").events.append({"event": "user", "text": SCRIPT})
    logged_in(console, agent.email)
    page = console.get(f"/conversations/{handoff.id}")
    assert page.status_code == 200
    assert "__xss" not in page.text


def test_an_unknown_conversation_is_404(console: TestClient, agent) -> None:
    logged_in(console, agent.email)
    assert console.get("/api/conversations/999999").status_code == 404


def test_rasa_down_is_a_clear_502(
    console: TestClient, db_session: Session, rasa: FakeRasa, agent
) -> None:
    handoff = escalate(db_session, rasa, "parent-3")
    logged_in(console, agent.email)
    console.app.state.rasa.base_url = "http://127.0.0.1:9"
    response = console.get(f"/api/conversations/{handoff.id}")
    assert response.status_code == 502
    assert "not reachable" in response.json()["detail"]


def test_assign_to_a_colleague_and_only_the_assignee_replies(
    console: TestClient, db_session: Session, rasa: FakeRasa, agent, admin
) -> None:
    handoff = escalate(db_session, rasa, "parent-4")
    headers = logged_in(console, admin.email)
    assigned = console.post(
        f"/api/conversations/{handoff.id}/assign", json={"staff_id": agent.id}, headers=headers
    )
    assert assigned.json()["assigned_to"] == "Anna"
    assert rasa.conversation("parent-4").sent[-1]["text"] == say("staff_joined", name="Anna")
    reply = console.post(
        f"/api/conversations/{handoff.id}/reply", json={"text": "Hallo"}, headers=headers
    )
    assert reply.status_code == 409
    actions = [e.action for e in queue_audit(db_session, handoff.id)]
    assert actions == ["assign"]


def test_logout_ends_the_session(console: TestClient, agent) -> None:
    headers = logged_in(console, agent.email)
    console.post("/logout", data={"csrf_token": headers["X-CSRF-Token"]})
    assert console.get("/api/me").status_code == 401


def test_a_conversation_rasa_does_not_have_is_not_found_and_not_created(
    console: TestClient, db_session: Session, rasa: FakeRasa, agent
) -> None:
    handoff = escalate(db_session, rasa, "website:0f1e2d3c4b5a69788796a5b4c3d2e1f0")
    del rasa.conversations[handoff.sender_id]  # e.g. removed from the tracker store
    headers = logged_in(console, agent.email)
    for response in (
        console.get(f"/api/conversations/{handoff.id}"),
        console.get(f"/api/conversations/{handoff.id}/messages"),
        console.post(f"/api/conversations/{handoff.id}/claim", headers=headers),
    ):
        assert response.status_code == 404
        assert response.json()["detail"].startswith("gesprek niet gevonden")
    assert rasa.conversations == {}


def test_every_call_names_the_conversation_exactly(
    console: TestClient, db_session: Session, rasa: FakeRasa, agent
) -> None:
    sender = "ouder 1/2?x=#%3A€"
    handoff = escalate(db_session, rasa, sender)
    headers = logged_in(console, agent.email)
    assert console.get(f"/api/conversations/{handoff.id}").json()["sender_id"] == sender
    assert console.post(f"/api/conversations/{handoff.id}/claim", headers=headers).is_success
    back = console.post(f"/api/conversations/{handoff.id}/handback", json={}, headers=headers)
    assert back.is_success
    assert list(rasa.conversations) == [sender]
    assert rasa.conversation(sender).executed == ["action_ask_satisfaction"]


def test_a_rasa_without_the_console_routes_is_a_clear_502(
    console: TestClient, db_session: Session, rasa: FakeRasa, agent
) -> None:
    handoff = escalate(db_session, rasa, "parent-5")
    logged_in(console, agent.email)
    console.app.state.rasa.base_url += "/plain-rasa"
    response = console.get(f"/api/conversations/{handoff.id}")
    assert response.status_code == 502
    assert "bot.rasa_side.server" in response.json()["detail"]


def test_an_id_no_url_can_carry_is_a_clear_error(rasa: FakeRasa) -> None:
    client = RasaClient(f"http://127.0.0.1:{rasa.port}", rasa.token)
    with pytest.raises(RasaError, match="cannot be sent to Rasa"):
        client.tracker("ouder-\udc80")  # a lone surrogate: no URL (or database) holds it
