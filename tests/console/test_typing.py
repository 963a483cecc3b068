"""Typing indicators through the console's API (issue 30): the staff member who has the
conversation typing reaches Rasa at most once per few seconds per conversation, nobody
else's typing does; the live feed says when the parent is typing."""

import time

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from bot.console.watchers import Watchers
from tests.support.console_app import client_of, escalate, logged_in
from tests.support.rasa_api import FakeRasa


def test_the_owners_typing_reaches_the_parent_at_most_once_per_few_seconds(
    console: TestClient, db_session: Session, rasa: FakeRasa, agent, admin
) -> None:
    handoff = escalate(db_session, rasa, "typing-1")
    headers = logged_in(console, agent.email)
    typing = f"/api/conversations/{handoff.id}/typing"
    assert console.post(typing, headers=headers).status_code == 409  # not claimed yet
    assert rasa.conversation("typing-1").typing_shown == 0

    console.post(f"/api/conversations/{handoff.id}/claim", headers=headers)
    assert console.post(typing, headers=headers).json() == {"shown": True}
    assert console.post(typing, headers=headers).json() == {"shown": False}  # just shown
    assert rasa.conversation("typing-1").typing_shown == 1

    boss, boss_headers = client_of(console, admin.email)
    assert boss.post(typing, headers=boss_headers).status_code == 409  # a colleague's
    assert rasa.conversation("typing-1").typing_shown == 1


def test_typing_is_due_again_after_the_interval_for_each_conversation() -> None:
    watchers = Watchers(typing_every=0.2)
    assert watchers.typing_due(1) and watchers.typing_due(2)
    assert not watchers.typing_due(1) and not watchers.typing_due(2)
    time.sleep(0.25)
    assert watchers.typing_due(1)
    assert not watchers.typing_due(1)


def test_the_feed_says_when_the_parent_is_typing(
    console: TestClient, db_session: Session, rasa: FakeRasa, agent
) -> None:
    handoff = escalate(db_session, rasa, "typing-2")
    logged_in(console, agent.email)
    feed = f"/api/conversations/{handoff.id}/messages"
    assert console.get(feed).json()["parent_typing"] is False
    rasa.conversation("typing-2").typing = True
    assert console.get(feed).json()["parent_typing"] is True
