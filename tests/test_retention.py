"""Conversations older than the retention period go; what Rasa still needs and the
statistics stay. Application database and Rasa's tracker store on SQLite and PostgreSQL."""

import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import Engine, insert, select
from sqlalchemy.orm import Session

from bot.conversation.models import IdentityAttempt
from bot.db.tracker_store import app_driver_url, rasa_events
from bot.handoff import queue
from bot.handoff.models import HandoffNote
from bot.parent_requests.models import RegistrationRequest
from bot.privacy.retention import purge
from bot.staff.models import LoginFailure, StaffSession
from bot.updates.models import UpdateMessage
from tests.support.accounts import staff
from tests.support.retention import purge_90_days

NOW = datetime(2026, 11, 23, 3, 0, tzinfo=timezone.utc)
OLD = NOW - timedelta(days=100)
RECENT = NOW - timedelta(days=10)


def conversation(engine: Engine, sender: str, *events: tuple[str, datetime]) -> None:
    with engine.begin() as connection:
        connection.execute(
            insert(rasa_events),
            [
                {"sender_id": sender, "type_name": t, "timestamp": at.timestamp()}
                for t, at in events
            ],
        )


def events_of(engine: Engine, sender: str) -> list[tuple[str, datetime]]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(rasa_events.c.type_name, rasa_events.c.timestamp)
            .where(rasa_events.c.sender_id == sender)
            .order_by(rasa_events.c.id)
        )
        return [(t, datetime.fromtimestamp(ts, timezone.utc)) for t, ts in rows]


def test_old_conversations_go_and_the_current_session_stays(
    db_session: Session, tracker_engine: Engine, tmp_path: Path
) -> None:
    conversation(tracker_engine, "silent", ("session_started", OLD), ("user", OLD))
    # a WhatsApp number that came back: its old session goes, the current one stays whole
    conversation(
        tracker_engine,
        "returning",
        ("session_started", OLD),
        ("user", OLD),
        ("session_started", RECENT),
        ("user", RECENT),
    )
    # a session that began before the cutoff and is still the latest: Rasa needs all of it
    conversation(tracker_engine, "long", ("session_started", OLD), ("user", RECENT))

    done = purge_90_days(db_session, tracker_engine, tmp_path, NOW)

    assert done.events == 4
    assert events_of(tracker_engine, "silent") == []
    assert events_of(tracker_engine, "returning") == [
        ("session_started", RECENT),
        ("user", RECENT),
    ]
    assert len(events_of(tracker_engine, "long")) == 2


def test_closed_handoffs_lose_their_transcript_but_stay_counted(
    db_session: Session, tracker_engine: Engine, tmp_path: Path
) -> None:
    agent = staff(db_session)
    old, _ = queue.start_handoff(
        session=db_session,
        sender_id="old",
        channel="whatsapp",
        reason="complaint",
        context={"transcript": [{"from": "parent", "text": "Mila is ziek"}], "slots": {}},
        summary="Ouder van Mila klaagt.",
        office_open=True,
        now=OLD,
    )
    queue.add_note(session=db_session, handoff=old, author_id=agent.id, text="belt", now=OLD)
    queue.close(session=db_session, handoff=old, now=OLD)
    still_open, _ = queue.start_handoff(
        session=db_session,
        sender_id="waiting",
        channel="rest",
        reason="request_human",
        context={"transcript": [{"from": "parent", "text": "hallo"}], "slots": {}},
        summary="s",
        office_open=False,
        now=OLD,
    )
    db_session.add(
        IdentityAttempt(registration_number="INS-000001", succeeded=False, created_at=OLD)
    )
    db_session.add(
        IdentityAttempt(registration_number="INS-000001", succeeded=True, created_at=RECENT)
    )
    mail = tmp_path / "old.eml"
    mail.write_text("code 123456")
    os.utime(mail, (OLD.timestamp(), OLD.timestamp()))
    (tmp_path / "new.eml").write_text("code 654321")
    db_session.flush()

    done = purge_90_days(db_session, tracker_engine, tmp_path, NOW)

    assert (done.handoffs, done.notes, done.identity_records, done.mails) == (1, 1, 1, 1)
    db_session.refresh(old)
    assert old.context == {"channel": "whatsapp", "reason": "complaint", "purged": True}
    assert "Mila" not in old.summary
    assert old.closed_at is not None and old.reason == "complaint"
    assert db_session.scalars(select(HandoffNote)).all() == []
    assert still_open.context["transcript"]  # not closed yet: staff still need it
    assert [a.succeeded for a in db_session.scalars(select(IdentityAttempt))] == [True]
    assert [p.name for p in tmp_path.glob("*.eml")] == ["new.eml"]
    again = purge_90_days(db_session, tracker_engine, tmp_path, NOW)
    assert again.handoffs == 0


def test_handled_requests_failed_logins_and_old_logs_go_with_the_period(
    db_session: Session, tracker_engine: Engine, tmp_path: Path
) -> None:
    def request(status: str, closed: datetime | None) -> None:
        db_session.add(
            RegistrationRequest(
                registration_number="INS-000001",
                kind="cancel",
                details="Wij verhuizen naar Utrecht",
                channel="rest",
                status=status,
                created_at=OLD,
                closed_at=closed,
            )
        )

    request("resolved", OLD)
    request("claimed", None)  # not handled yet: work for head office, stays
    request("rejected", RECENT)
    db_session.add(LoginFailure(email="a@example.nl", ip="192.0.2.1", at=OLD))
    db_session.add(LoginFailure(email="b@example.nl", ip="192.0.2.2", at=RECENT))
    agent = staff(db_session)
    for token, expires in (("old", OLD), ("recent", RECENT)):
        db_session.add(
            StaffSession(
                token_hash=token,
                staff_id=agent.id,
                ip="192.0.2.3",
                started_at=expires,
                expires_at=expires,
            )
        )
    db_session.flush()
    log_dir = tmp_path / "log"
    log_dir.mkdir()
    for name, at in (("rasa.log.2", OLD), ("rasa.log.1", RECENT), ("rasa.log", OLD)):
        (log_dir / name).write_text("turn\n")
        os.utime(log_dir / name, (at.timestamp(), at.timestamp()))

    done = purge(
        session=db_session,
        tracker_engine=tracker_engine,
        outbox=tmp_path,
        log_dir=log_dir,
        now=NOW,
        days=90,
    )

    assert (done.requests, done.login_failures, done.log_files) == (1, 1, 1)
    assert done.staff_sessions == 1
    assert [s.token_hash for s in db_session.scalars(select(StaffSession))] == ["recent"]
    left = db_session.execute(
        select(RegistrationRequest.status, RegistrationRequest.created_at)
    ).all()
    assert sorted(status for status, _ in left) == ["claimed", "rejected"]
    assert [f.email for f in db_session.scalars(select(LoginFailure))] == ["b@example.nl"]
    # the file a running service writes to is never deleted under it
    assert sorted(p.name for p in log_dir.iterdir()) == ["rasa.log", "rasa.log.1"]


def test_rasas_postgresql_url_gets_this_environments_driver() -> None:
    assert (
        app_driver_url("postgresql://u:p@db:5432/rasa") == "postgresql+psycopg://u:p@db:5432/rasa"
    )
    assert app_driver_url("sqlite:///var/rasa.db") == "sqlite:///var/rasa.db"


def test_no_phone_number_or_reply_conversation_outlives_the_period(
    db_session: Session, tracker_engine: Engine, tmp_path: Path
) -> None:
    """A WhatsApp conversation id is the parent's phone number: a purged handoff keeps
    neither it nor the conversation that answered an update (the answer stays counted)."""
    handoff, _ = queue.start_handoff(
        session=db_session,
        sender_id="whatsapp:31612345678",
        channel="whatsapp",
        reason="request_human",
        context={"slots": {}},
        summary="s",
        office_open=True,
        now=OLD,
    )
    queue.close(session=db_session, handoff=handoff, now=OLD)
    for key, at in (("old", OLD), ("recent", RECENT)):
        db_session.add(
            UpdateMessage(
                key=key,
                registration_number="INS-000001",
                moment="m",
                channel="whatsapp",
                status="sent",
                created_at=at,
                replied_at=at,
                replied_sender_id="whatsapp:31612345678",
            )
        )
    db_session.flush()

    purge_90_days(db_session, tracker_engine, tmp_path, NOW)

    assert handoff.sender_id == f"purged-{handoff.id}"
    replies = db_session.execute(
        select(UpdateMessage.key, UpdateMessage.replied_at, UpdateMessage.replied_sender_id)
    ).all()
    assert {(key, sender) for key, _, sender in replies} == {
        ("old", None),
        ("recent", "whatsapp:31612345678"),
    }
    assert all(at is not None for _, at, _ in replies)
