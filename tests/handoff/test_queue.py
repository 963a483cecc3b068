"""The handoff queue on SQLite and PostgreSQL (schema from the migrations)."""

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy.orm import Session

from bot.handoff import queue
from bot.handoff.models import ACTIVE, CLOSED, WAITING
from tests.support.accounts import staff

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=timezone.utc)


def start(session: Session, sender: str, at: datetime = NOW, office_open: bool = True):
    return queue.start_handoff(
        session=session,
        sender_id=sender,
        channel="rest",
        reason="request_human",
        context={"slots": {}},
        summary="s",
        office_open=office_open,
        now=at,
    )


def test_one_open_handoff_per_conversation(db_session: Session) -> None:
    first, created = start(db_session, "p1")
    again, created_again = start(db_session, "p1")
    assert created and not created_again and again.id == first.id
    assert queue.open_handoff_for(session=db_session, sender_id="p1") is first


def test_expected_wait_grows_with_the_queue(db_session: Session) -> None:
    a, _ = start(db_session, "a", NOW)
    b, _ = start(db_session, "b", NOW + timedelta(minutes=1))
    c, _ = start(db_session, "c", NOW + timedelta(minutes=2))
    wait = [
        queue.expected_wait_minutes(session=db_session, handoff=h, now=NOW, default_minutes=5)
        for h in (a, b, c)
    ]
    assert wait == [5, 10, 15]


def test_expected_wait_learns_from_claims(db_session: Session) -> None:
    agent = staff(db_session)
    for index in range(3):
        h, _ = start(db_session, f"old{index}", NOW - timedelta(days=1))
        queue.claim(
            session=db_session,
            handoff=h,
            staff_id=agent.id,
            now=NOW - timedelta(days=1) + timedelta(minutes=2),
        )
    new, _ = start(db_session, "new")
    assert (
        queue.expected_wait_minutes(session=db_session, handoff=new, now=NOW, default_minutes=5)
        == 2
    )


def test_claim_close_and_satisfaction(db_session: Session) -> None:
    anna, ben = staff(db_session), staff(db_session, "ben@example.nl")
    h, _ = start(db_session, "p2")
    assert h.status == WAITING
    queue.claim(session=db_session, handoff=h, staff_id=anna.id, now=NOW)
    assert h.status == ACTIVE and h.assigned_to_id == anna.id
    with pytest.raises(queue.HandoffError, match="another colleague"):
        queue.claim(session=db_session, handoff=h, staff_id=ben.id, now=NOW)
    queue.add_note(session=db_session, handoff=h, author_id=anna.id, text="belt terug", now=NOW)
    assert [n.text for n in queue.notes_of(session=db_session, handoff=h)] == ["belt terug"]
    assert queue.record_satisfaction(session=db_session, sender_id="p2", score=4) is False
    queue.close(session=db_session, handoff=h, now=NOW)
    assert h.status == CLOSED
    with pytest.raises(queue.HandoffError):
        queue.close(session=db_session, handoff=h, now=NOW)
    assert queue.record_satisfaction(session=db_session, sender_id="p2", score=4) is True
    db_session.flush()
    db_session.expire_all()
    assert queue.open_queue(session=db_session) == []
    with pytest.raises(ValueError):
        queue.record_satisfaction(session=db_session, sender_id="p2", score=6)
