"""Conversations change hands, and the live feed says who else is there (issue 30): the
owner transfers or returns a conversation to the queue, others may not; the queue counts
the parent's messages (for unread counts); the feed names the colleagues who have the
conversation open and whether one is writing, and where a reply would go; a reply that
would reach nobody is refused, not accepted and lost."""

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from bot.console.mail_replies import UNDELIVERABLE
from bot.conversation.texts import say
from bot.handoff.models import ACTIVE, WAITING
from tests.support.console_app import audited, client_of, escalate, logged_in
from tests.support.rasa_api import FakeRasa


def test_the_owner_transfers_and_returns_a_conversation(
    console: TestClient,
    db_session: Session,
    rasa: FakeRasa,
    agent,
    colleague,
    admin,
) -> None:
    handoff = escalate(db_session, rasa, "hands-1")
    headers = logged_in(console, agent.email)
    assert console.post(f"/api/conversations/{handoff.id}/claim", headers=headers).is_success

    moved = console.post(
        f"/api/conversations/{handoff.id}/assign", json={"staff_id": colleague.id}, headers=headers
    )
    assert moved.status_code == 200, moved.text
    assert (handoff.status, handoff.assigned_to_id) == (ACTIVE, colleague.id)
    assert rasa.conversation("hands-1").sent[-1]["text"] == say("staff_joined", name="Ben")
    (entry,) = audited(db_session, "assign")
    assert entry.detail == f"to {colleague.email} from {agent.email}"

    # no longer the owner: the agent can neither move it again nor put it back
    again = console.post(
        f"/api/conversations/{handoff.id}/assign", json={"staff_id": agent.id}, headers=headers
    )
    assert again.status_code == 409
    assert (
        console.post(f"/api/conversations/{handoff.id}/release", headers=headers).status_code == 409
    )

    other, other_headers = client_of(console, colleague.email)
    sent = len(rasa.conversation("hands-1").sent)
    back = other.post(f"/api/conversations/{handoff.id}/release", headers=other_headers)
    assert back.status_code == 200, back.text
    assert (handoff.status, handoff.assigned_to_id) == (WAITING, None)
    assert len(rasa.conversation("hands-1").sent) == sent  # the parent is not disturbed
    assert rasa.conversation("hands-1").paused is True
    (released,) = audited(db_session, "release")
    assert released.detail == ""
    # anyone may claim it again
    assert console.post(f"/api/conversations/{handoff.id}/claim", headers=headers).is_success


def test_an_admin_returns_a_colleagues_conversation_to_the_queue(
    console: TestClient, db_session: Session, rasa: FakeRasa, agent, admin
) -> None:
    handoff = escalate(db_session, rasa, "hands-2")
    headers = logged_in(console, agent.email)
    console.post(f"/api/conversations/{handoff.id}/claim", headers=headers)
    boss, boss_headers = client_of(console, admin.email)
    back = boss.post(f"/api/conversations/{handoff.id}/release", headers=boss_headers)
    assert back.status_code == 200
    assert handoff.status == WAITING
    (entry,) = audited(db_session, "release")
    assert entry.detail == f"from {agent.email}"


def test_the_queue_counts_the_parents_messages(
    console: TestClient, db_session: Session, rasa: FakeRasa, agent
) -> None:
    handoff = escalate(db_session, rasa, "hands-3")
    logged_in(console, agent.email)
    (row,) = console.get("/api/queue").json()
    assert row["parent_messages"] == 1
    rasa.conversation("hands-3").events.append(
        {"event": "user", "text": "Het gaat over de factuur", "timestamp": 3.0}
    )
    (row,) = console.get("/api/queue").json()
    assert (row["id"], row["parent_messages"]) == (handoff.id, 2)
    assert row["last_parent_at"].startswith("1970-01-01T00:00:03")


def test_the_feed_shows_colleagues_and_who_is_writing(
    console: TestClient, db_session: Session, rasa: FakeRasa, agent, admin
) -> None:
    handoff = escalate(db_session, rasa, "hands-4")
    logged_in(console, agent.email)
    feed = f"/api/conversations/{handoff.id}/messages"
    assert console.get(feed).json()["viewers"] == []  # oneself is no colleague
    boss, _ = client_of(console, admin.email)
    assert boss.get(f"{feed}?writing=true").json()["viewers"] == [
        {"name": "Anna", "writing": False}
    ]
    assert console.get(feed).json()["viewers"] == [{"name": "Beheer", "writing": True}]
    boss.get(feed)
    assert console.get(feed).json()["viewers"] == [{"name": "Beheer", "writing": False}]


def test_a_reply_that_would_reach_nobody_is_refused(
    console: TestClient, db_session: Session, rasa: FakeRasa, agent
) -> None:
    handoff = escalate(db_session, rasa, "hands-5")
    headers = logged_in(console, agent.email)
    console.post(f"/api/conversations/{handoff.id}/claim", headers=headers)
    feed = f"/api/conversations/{handoff.id}/messages"
    assert console.get(feed).json()["reply_goes"] == "chat"

    rasa.conversation("hands-5").reachable = False  # gone, and no address on file or given
    assert console.get(feed).json()["reply_goes"] == "nowhere"
    sent = len(rasa.conversation("hands-5").sent)
    refused = console.post(
        f"/api/conversations/{handoff.id}/reply", json={"text": "Bent u er nog?"}, headers=headers
    )
    assert refused.status_code == 409
    assert refused.json()["detail"] == UNDELIVERABLE
    assert len(rasa.conversation("hands-5").sent) == sent
    assert "Bent u er nog?" not in [m["text"] for m in console.get(feed).json()["messages"]]
