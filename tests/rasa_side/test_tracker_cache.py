"""The tracker store keeps conversations between turns and reads only what is new
(bot/rasa_side/tracker_cache.py, issue 32): every read gives what Rasa's own read of the
database gives, on SQLite and on PostgreSQL, with a second Rasa process writing in between,
conversations deleted by erasure and retention, and after a restart."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

from bot.db.tracker_store import rasa_driver_url
from bot.rasa_side import server as rasa_server
from bot.rasa_side import tracker_cache
from bot.rasa_side.tracker_cache import CachingSQLTrackerStore
from tests.support.postgres import SERVER, temporary_database

ROOT = Path(__file__).resolve().parents[2]
SENDER = "rest-parent-1"
BEFORE_LATEST_SESSION = (
    "DELETE FROM events WHERE sender_id = :sender AND timestamp < (SELECT max(timestamp) "
    "FROM events WHERE sender_id = :sender AND type_name = 'session_started')"
)


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(ROOT / "domain.yml"))


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.integration)],
)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The tracker store's database as Rasa's environment reaches it."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'rasa.db'}"
        return
    with temporary_database("tracker_cache", server=rasa_driver_url(SERVER)) as url:
        yield url


def process(database: str, domain: Domain) -> CachingSQLTrackerStore:
    """The tracker store of one Rasa process (`make run-prod` runs two on one database)."""
    rasa_server.apply()
    return CachingSQLTrackerStore(domain, host=database)


def rasas_own(database: str, domain: Domain) -> SQLTrackerStore:
    return SQLTrackerStore(domain, host=database)


def state(tracker: DialogueStateTracker | None) -> dict[str, Any] | None:
    return None if tracker is None else tracker.current_state(EventVerbosity.ALL)


async def turn(
    store: SQLTrackerStore, domain: Domain, text: str, sender: str = SENDER
) -> DialogueStateTracker:
    """A parent's message and the bot's answer, read and saved as Rasa does in a turn."""
    tracker = await store.get_or_create_tracker(sender)
    tracker.update(UserUttered(text, {"name": "greet", "confidence": 0.9}))
    tracker.update(SlotSet("language", "nl"))
    tracker.update(ActionExecuted("utter_greet"))
    tracker.update(BotUttered(f"Hallo! ({text})", metadata={"utter_action": "utter_greet"}))
    tracker.update(ActionExecuted("action_listen"))
    await store.save(tracker)
    return tracker


class CountingJson:
    """json as the tracker cache uses it, counting the stored events it decodes."""

    def __init__(self) -> None:
        self.decoded = 0

    def loads(self, data: str) -> Any:
        self.decoded += 1
        return json.loads(data)


@pytest.fixture
def decoded(monkeypatch: pytest.MonkeyPatch) -> CountingJson:
    counting = CountingJson()
    monkeypatch.setattr(tracker_cache, "json", counting)
    return counting


async def test_a_turn_reads_only_the_events_stored_since_the_last(
    database: str, domain: Domain, decoded: CountingJson
) -> None:
    store, own = process(database, domain), rasas_own(database, domain)
    for number in range(10):
        await turn(store, domain, f"bericht {number}")
    decoded.decoded = 0
    tracker = await store.retrieve(SENDER)
    assert decoded.decoded == 5  # the last turn's events, not the 51 stored
    assert state(tracker) == state(await own.retrieve(SENDER))
    assert tracker.get_slot("language") == "nl"
    decoded.decoded = 0
    assert state(await store.retrieve(SENDER)) == state(tracker)
    assert decoded.decoded == 0  # nothing new


async def test_a_turn_that_changed_the_tracker_without_saving_leaves_no_trace(
    database: str, domain: Domain
) -> None:
    """The tracker a turn gets is its own: a turn that fails before saving (an action
    that timed out, a database error) changes nothing the next turn reads."""
    store, own = process(database, domain), rasas_own(database, domain)
    await turn(store, domain, "hallo")
    failing = await store.retrieve(SENDER)
    failing.update(UserUttered("niet bewaard"))
    failing.update(SlotSet("language", "en"))
    read = await store.retrieve(SENDER)
    assert state(read) == state(await own.retrieve(SENDER))
    assert read.get_slot("language") == "nl"
    assert read.latest_message.text == "hallo"


async def test_events_another_rasa_process_stored_are_read(database: str, domain: Domain) -> None:
    first, second = process(database, domain), process(database, domain)
    own = rasas_own(database, domain)
    await turn(first, domain, "hallo")
    await turn(second, domain, "via de andere")  # reads the first's turn from the database
    await turn(first, domain, "en weer hier")  # reads the second's
    await turn(second, domain, "en daar")
    for store in (first, second):
        read = await store.retrieve(SENDER)
        assert state(read) == state(await own.retrieve(SENDER))
        assert [e.text for e in read.events if isinstance(e, UserUttered)] == [
            "hallo",
            "via de andere",
            "en weer hier",
            "en daar",
        ]


async def test_a_conversation_erased_is_not_read_from_memory(database: str, domain: Domain) -> None:
    store = process(database, domain)
    await turn(store, domain, "mijn kind heet Sven")
    await store.retrieve(SENDER)
    delete_events(store, "DELETE FROM events WHERE sender_id = :sender", sender=SENDER)
    assert await store.retrieve(SENDER) is None
    await turn(store, domain, "hallo opnieuw")  # the parent comes back: a new conversation
    read = await store.retrieve(SENDER)
    assert state(read) == state(await rasas_own(database, domain).retrieve(SENDER))
    assert "mijn kind heet Sven" not in json.dumps(state(read))


async def test_older_sessions_removed_by_retention_and_a_new_session_read_as_rasa_does(
    database: str, domain: Domain, decoded: CountingJson
) -> None:
    store, own = process(database, domain), rasas_own(database, domain)
    await turn(store, domain, "eerste sessie")
    tracker = await store.retrieve(SENDER)
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(SessionStarted())
    tracker.update(ActionExecuted("action_listen"))
    await store.save(tracker)
    await turn(store, domain, "tweede sessie")
    read = await store.retrieve(SENDER)
    assert state(read) == state(await own.retrieve(SENDER))
    assert [e.text for e in read.events if isinstance(e, UserUttered)] == ["tweede sessie"]
    # retention removes the events before the latest session start (bot/privacy)
    delete_events(store, BEFORE_LATEST_SESSION, sender=SENDER)
    decoded.decoded = 0
    read = await store.retrieve(SENDER)
    assert decoded.decoded == len(read.events)  # read whole again: the rows changed
    assert state(read) == state(await own.retrieve(SENDER))


async def test_a_restarted_process_reads_the_whole_conversation_once(
    database: str, domain: Domain, decoded: CountingJson
) -> None:
    await turn(process(database, domain), domain, "voor de herstart")
    restarted = process(database, domain)
    decoded.decoded = 0
    await turn(restarted, domain, "na de herstart")
    assert decoded.decoded == 6  # the stored conversation, once
    read = await restarted.retrieve(SENDER)
    assert decoded.decoded == 6 + 5
    assert state(read) == state(await rasas_own(database, domain).retrieve(SENDER))


async def test_another_model_loaded_reads_the_whole_conversation(
    database: str, domain: Domain, decoded: CountingJson
) -> None:
    store = process(database, domain)
    await turn(store, domain, "hallo")
    await store.retrieve(SENDER)
    store.domain = Domain.load(str(ROOT / "domain.yml"))  # Rasa sets it for a new model
    decoded.decoded = 0
    await store.retrieve(SENDER)
    assert decoded.decoded == 6


async def test_what_is_kept_is_bounded(
    database: str, domain: Domain, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = process(database, domain)
    for sender in ("a", "b", "c"):
        await turn(store, domain, "hallo", sender)
        await store.retrieve(sender)
    size = max(len(kept.tracker) for kept in store._kept.values())
    monkeypatch.setattr(tracker_cache, "MAX_KEPT_BYTES", 2 * size + size // 2)
    await turn(store, domain, "hallo", "d")
    await store.retrieve("d")
    assert list(store._kept) == ["c", "d"]  # the conversations used longest ago go first
    assert store._kept_bytes == sum(len(kept.tracker) for kept in store._kept.values())


def delete_events(store: SQLTrackerStore, statement: str, **values: str) -> None:
    """What bot/privacy does to Rasa's events (erasure, retention), from another process."""
    engine = sa.create_engine(store.engine.url)
    with engine.begin() as connection:
        connection.execute(sa.text(statement), values)
    engine.dispose()
