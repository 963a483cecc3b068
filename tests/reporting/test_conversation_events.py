"""The dashboard's copy of Rasa's events: what it keeps of an event, its key, storing an
event twice, and its retention and erasure by the tracker store's rules."""

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, insert, select
from sqlalchemy.orm import Session

from bot.db.tracker_store import rasa_events
from bot.privacy.family import Family, erase
from bot.reporting.backfill import backfill
from bot.reporting.conversation_events import MalformedEvent, event_key, row_of, store
from bot.reporting.models import ConversationEvent
from bot.reporting.sources import EventTableSource, TrackerStoreSource
from tests.support.retention import purge_90_days

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)


def user(sender: str, at: float, text: str, intent: str = "greet", confidence: float = 0.9):
    return {
        "sender_id": sender,
        "event": "user",
        "timestamp": at,
        "text": text,
        "parse_data": {"intent": {"name": intent, "confidence": confidence}, "entities": []},
        "input_channel": "website",
        "message_id": "5f1c",
        "metadata": {},
    }


def slot(sender: str, at: float, name: str, value: object) -> dict:
    return {"sender_id": sender, "event": "slot", "timestamp": at, "name": name, "value": value}


def event(sender: str, at: float, kind: str) -> dict:
    return {"sender_id": sender, "event": kind, "timestamp": at}


def test_only_what_the_figures_need_is_kept() -> None:
    understood = row_of(user("a", 1.0, "is er plek?", "ask_placement_status", 0.9))
    missed = row_of(user("a", 2.0, "blub blub", "nlu_fallback", 0.3))
    unsure = row_of(user("a", 3.0, "hoe zit dat", "ask_costs", 0.4))
    button = row_of(user("a", 4.0, '/choose{"day": "wo"}', "choose", 0.2))
    assert understood is not None and missed is not None and unsure is not None
    assert (understood["text"], understood["button"], understood["channel"]) == (
        None,
        False,
        "website",
    )
    assert (missed["text"], unsure["text"]) == ("blub blub", "hoe zit dat")
    assert button is not None and (button["button"], button["text"]) == (True, None)
    identity = row_of(slot("a", 5.0, "verified_registration", "INS-000005"))
    assert identity is not None and identity["registration_number"] == "INS-000005"
    assert row_of(slot("a", 6.0, "registration_number", None)) is None
    assert row_of(slot("a", 7.0, "care_type", "kdv")) is None
    assert row_of(event("a", 8.0, "bot")) is None
    assert row_of(event("a", 9.0, "session_started"))["kind"] == "session"  # type: ignore[index]
    with pytest.raises(MalformedEvent):
        row_of({"event": "user", "timestamp": 1.0})


def test_the_broker_and_the_tracker_store_give_an_event_the_same_key() -> None:
    published = user("whatsapp:+31612345678", 1764504000.123456, "hallo")
    data = {k: v for k, v in published.items() if k != "sender_id"}
    stored = {**json.loads(json.dumps(data)), "sender_id": "whatsapp:+31612345678"}
    assert event_key(stored) == event_key(published)
    later = {**published, "timestamp": 1764504000.123457}
    assert event_key(later) != event_key(published)


def test_an_event_delivered_twice_is_stored_once(db_session: Session) -> None:
    first, second = user("a", 1.0, "hallo"), user("a", 2.0, "hallo")
    assert store(db_session, [first, first]) == 1
    assert store(db_session, [first, second, event("a", 3.0, "bot")]) == 1
    assert db_session.scalar(select(func.count()).select_from(ConversationEvent)) == 2


def test_purge_keeps_of_the_copy_what_it_keeps_of_the_tracker_store(
    db_session: Session, tracker_engine: Engine, tmp_path: Path
) -> None:
    old = (NOW - timedelta(days=100)).timestamp()
    recent = (NOW - timedelta(days=1)).timestamp()
    events = [
        user("silent", old, "hallo"),  # a conversation silent since the cutoff: goes
        event("going", old, "session_started"),  # an old session of one still going: goes
        user("going", old + 1, "hallo"),
        event("going", recent, "session_started"),
        user("going", recent + 1, "hallo"),
        event("long-session", old, "session_started"),  # one session, still going: stays
        user("long-session", old + 1, "hallo"),
        user("long-session", recent, "nog een vraag"),
    ]
    write_tracker(tracker_engine, events)
    store(db_session, events)

    purged = purge_90_days(db_session, tracker_engine, tmp_path, NOW)

    assert (purged.events, purged.copied_events) == (3, 3)
    with tracker_engine.connect() as connection:
        rows = connection.execute(select(rasa_events.c.sender_id, rasa_events.c.data)).all()
    kept_by_rasa = {event_key({**json.loads(data), "sender_id": s}) for s, data in rows}
    assert set(db_session.scalars(select(ConversationEvent.key))) == kept_by_rasa


def test_a_family_erased_leaves_nothing_in_the_copy(
    db_session: Session, tracker_engine: Engine, tmp_path: Path
) -> None:
    store(
        db_session,
        [
            user("website:1", 1.0, "hallo"),
            slot("website:2", 2.0, "verified_registration", "INS-000005"),
            user("website:2", 3.0, "blub", "nlu_fallback", 0.2),
            user("website:3", 4.0, "hallo"),
        ],
    )
    family = Family(
        numbers=["INS-000005"], emails=[], phones=[], conversations=["website:1", "website:2"]
    )
    erased = erase(
        session=db_session, tracker=tracker_engine, outbox=tmp_path, family=family, now=NOW
    )
    assert erased.events == 3
    assert list(db_session.scalars(select(ConversationEvent.sender_id))) == ["website:3"]


def test_both_sources_find_the_conversations_of_a_registration(
    db_session: Session, tracker_engine: Engine
) -> None:
    events = [
        slot("website:1", 1.0, "registration_number", "INS-000005"),
        slot("website:2", 2.0, "verified_registration", "INS-000006"),
        slot("website:3", 3.0, "registration_number", ["not", "a", "number"]),
    ]
    write_tracker(tracker_engine, events)
    backfill(db_session, tracker_engine, since=0)
    numbers = {"INS-000005", "INS-000007"}
    assert EventTableSource(db_session).senders_of(numbers) == {"website:1"}
    assert TrackerStoreSource(tracker_engine).senders_of(numbers) == {"website:1"}


def write_tracker(engine: Engine, events: list[dict]) -> None:
    """As Rasa's SQL tracker store writes them: the event without its sender_id as data."""
    rows = [
        {
            "sender_id": e["sender_id"],
            "type_name": e["event"],
            "timestamp": e["timestamp"],
            "data": json.dumps({k: v for k, v in e.items() if k != "sender_id"}),
        }
        for e in events
    ]
    with engine.begin() as connection:
        connection.execute(insert(rasa_events), rows)
