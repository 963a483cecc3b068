"""What staff read, and the audit of it: one entry per staff member, conversation and
opening (not per poll); agents read open handoffs and their own, admins also closed ones
of others; a handoff's transcript is its own part of the conversation."""

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from bot.conversation.texts import say
from bot.handoff.models import ACTIVE, CLOSED
from bot.staff.audit import recent
from bot.waitlist.importer import import_directory
from tests.support.console_app import NOW, escalate, logged_in
from tests.support.export_files import GROUPS, LOCATIONS, write_export
from tests.support.rasa_api import FakeRasa
from tests.support.waitlists import REGISTRATIONS

T = NOW.timestamp()  # the handoffs below are made at NOW


def entries(db_session: Session, action: str, handoff_id: int | None = None):
    return [
        e
        for e in recent(session=db_session, handoff_id=handoff_id)
        if e.action == action and e.handoff_id == handoff_id
    ]


def test_polling_messages_is_one_audit_entry_per_login(
    console: TestClient, db_session: Session, rasa: FakeRasa, agent
) -> None:
    handoff = escalate(db_session, rasa, "poll-1")
    headers = logged_in(console, agent.email)
    for _ in range(10):
        assert console.get(f"/api/conversations/{handoff.id}/messages").status_code == 200
    (entry,) = entries(db_session, "view", handoff.id)
    assert (entry.staff_email, entry.detail) == (agent.email, "messages")

    # opening the conversation is an opening of its own; its polls add nothing
    assert console.get(f"/api/conversations/{handoff.id}").status_code == 200
    for _ in range(10):
        console.get(f"/api/conversations/{handoff.id}/messages")
    assert len(entries(db_session, "view", handoff.id)) == 2

    # a new login is a new opening
    console.post("/logout", data={"csrf_token": headers["X-CSRF-Token"]})
    logged_in(console, agent.email)
    for _ in range(3):
        console.get(f"/api/conversations/{handoff.id}/messages")
    assert len(entries(db_session, "view", handoff.id)) == 3


def test_the_queue_quotes_are_audited_once_per_login(
    console: TestClient, db_session: Session, rasa: FakeRasa, agent, admin
) -> None:
    escalate(db_session, rasa, "poll-2")
    logged_in(console, agent.email)
    for _ in range(10):
        assert len(console.get("/api/queue").json()) == 1
    (entry,) = entries(db_session, "queue_view")
    assert entry.staff_email == agent.email
    other = TestClient(console.app)
    logged_in(other, admin.email)
    other.get("/api/queue")
    assert {e.staff_email for e in entries(db_session, "queue_view")} == {
        agent.email,
        admin.email,
    }


def test_agents_read_open_handoffs_and_their_own_admins_every_one(
    console: TestClient, db_session: Session, rasa: FakeRasa, agent, admin
) -> None:
    someone_elses = escalate(db_session, rasa, "closed-1")
    someone_elses.status, someone_elses.assigned_to_id = CLOSED, admin.id
    someone_elses.closed_at = NOW
    own = escalate(db_session, rasa, "closed-2")
    own.status, own.assigned_to_id, own.closed_at = CLOSED, agent.id, NOW
    colleagues_open = escalate(db_session, rasa, "active-1")
    colleagues_open.status, colleagues_open.assigned_to_id = ACTIVE, admin.id
    db_session.flush()

    def reads(client: TestClient, handoff_id: int) -> set[int]:
        base = f"/api/conversations/{handoff_id}"
        return {client.get(f"{base}{part}").status_code for part in ("", "/messages", "/export")}

    logged_in(console, agent.email)
    assert reads(console, someone_elses.id) == {403}
    assert reads(console, own.id) == {200}
    assert reads(console, colleagues_open.id) == {200}
    assert entries(db_session, "view", someone_elses.id) == []  # nothing was read

    boss = TestClient(console.app)
    logged_in(boss, admin.email)
    assert reads(boss, someone_elses.id) == {200}


def test_a_closed_handoff_shows_its_own_part_of_the_conversation(
    console: TestClient, db_session: Session, rasa: FakeRasa, admin
) -> None:
    def said(who: str, text: str, at: float) -> dict:
        return {"event": who, "text": text, "timestamp": at}

    conversation = rasa.conversation("continues-1")
    conversation.events = [
        said("user", "Vorige maand: wat kost een dag?", T - 30 * 86400),
        {"event": "session_started", "timestamp": T - 600},
        said("user", "Is er al plek voor Mila?", T - 300),
        said("bot", "Ik verbind u door.", T - 1),
        {"event": "pause", "timestamp": T + 1},
        said("user", "Hallo?", T + 60),
        {
            "event": "bot",
            "text": "Ik kijk het na.",
            "timestamp": T + 120,
            "metadata": {"source": "staff"},
        },
        said("bot", "De assistent neemt het weer over.", T + 300),
        {"event": "resume", "timestamp": T + 300},
        said("bot", "Hoe tevreden bent u?", T + 301),
        said("user", "5", T + 310),
        {"event": "session_started", "timestamp": T + 86400},
        said("user", "Een week later: mijn adres is veranderd", T + 86400 + 5),
    ]
    handoff = escalate(db_session, rasa, "continues-1")
    conversation.events = conversation.events[:13]  # escalate's own lines are not needed
    handoff.status, handoff.assigned_to_id = CLOSED, admin.id
    handoff.closed_at = NOW + timedelta(seconds=299)
    db_session.flush()

    logged_in(console, admin.email)
    expected = [
        "Is er al plek voor Mila?",
        "Ik verbind u door.",
        "Hallo?",
        say("handoff_waiting"),  # the channel's note, as the parent read it
        "Ik kijk het na.",
        "De assistent neemt het weer over.",
        # how it ended: the question; the "5" the bot has not thanked for is not shown
        # (tests/console/test_live_view.py: the whole exchange once it has)
        "Hoe tevreden bent u?",
    ]
    conversation.slots["verified_registration"] = "INS-000999"  # the parent's later state
    detail = console.get(f"/api/conversations/{handoff.id}").json()
    assert [m["text"] for m in detail["messages"]] == expected
    assert detail["slots"] == {}  # Rasa's current slots are no part of a closed handoff
    assert detail["slots_at_handoff"] == {"pending_question": "status"}
    live = console.get(f"/api/conversations/{handoff.id}/messages").json()
    assert [m["text"] for m in live["messages"]] == expected
    export = console.get(f"/api/conversations/{handoff.id}/export").json()
    assert [m["text"] for m in export["messages"]] == expected

    # the parent's next handoff starts after this one's hand-back
    later = escalate(db_session, rasa, "continues-1")
    conversation.events = conversation.events[:13]
    later.created_at = NOW + timedelta(days=1, seconds=10)
    db_session.flush()
    texts = [m["text"] for m in console.get(f"/api/conversations/{later.id}").json()["messages"]]
    assert texts == ["Een week later: mijn adres is veranderd"]


def test_earlier_conversations_are_found_by_number_name_or_channel_id_within_the_rules(
    console: TestClient, db_session: Session, rasa: FakeRasa, agent, admin, tmp_path
) -> None:
    directory = write_export(
        tmp_path / "export", locations=LOCATIONS, groups=GROUPS, registrations=REGISTRATIONS
    )
    import_directory(session=db_session, directory=directory)
    verified = escalate(db_session, rasa, "whatsapp:+31612345678")
    verified.context = {**verified.context, "registration_number": "INS-000001"}
    verified.status, verified.assigned_to_id, verified.closed_at = CLOSED, agent.id, NOW
    colleagues = escalate(db_session, rasa, "website:abc123")
    colleagues.status, colleagues.assigned_to_id, colleagues.closed_at = CLOSED, admin.id, NOW
    db_session.flush()

    def found(client: TestClient, q: str) -> list[int]:
        return [h["id"] for h in client.get("/api/history", params={"q": q}).json()]

    logged_in(console, agent.email)
    assert found(console, "INS-000001") == [verified.id]
    assert found(console, "mila") == [verified.id]  # the child's first name, any case
    assert found(console, "+3161234") == [verified.id]
    assert found(console, "abc123") == []  # a colleague's closed conversation: admins only
    assert console.get("/api/history", params={"q": "ab"}).status_code == 422
    boss = TestClient(console.app)
    logged_in(boss, admin.email)
    assert found(boss, "abc123") == [colleagues.id]
    assert len(entries(db_session, "history_search")) == 5
