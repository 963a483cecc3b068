"""The faster check of action server answers accepts and refuses what Rasa's own does."""

import sqlite3
import time
from pathlib import Path

import jsonschema
import pytest
import sqlalchemy
from rasa.core.actions.action import RemoteAction
from rasa.core.agent import Agent
from rasa.core.tracker_store import InMemoryTrackerStore, SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.pool import QueuePool

from bot.rasa_side import server as rasa_server

GOOD = {
    "events": [{"event": "slot", "timestamp": None, "name": "pending_question", "value": None}],
    "responses": [{"text": "Sven staat op de wachtlijst.", "buttons": [{"title": "a"}]}],
}
BAD = [{"events": "not a list"}, {"events": [{"no_event_key": 1}]}, {"responses": [42]}]


@pytest.fixture
def remote_action() -> RemoteAction:
    rasa_server.apply()
    return RemoteAction("action_answer_registration", None)


def test_a_good_answer_passes(remote_action: RemoteAction) -> None:
    assert remote_action._validate_action_result(GOOD) is True


@pytest.mark.parametrize("answer", BAD)
def test_a_bad_answer_fails_as_with_rasas_own_check(
    remote_action: RemoteAction, answer: dict
) -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(answer, RemoteAction.action_response_format_spec())
    with pytest.raises(jsonschema.ValidationError, match="Failed to validate Action server"):
        remote_action._validate_action_result(answer)


def test_the_spec_is_checked_once_not_per_answer(remote_action: RemoteAction) -> None:
    spec = RemoteAction.action_response_format_spec()

    def cpu_seconds(check) -> float:
        """The best of three runs of 20 checks, in this process's CPU time: other
        processes on the machine (the tests run beside stacks) do not count."""
        runs = []
        for _ in range(3):
            started = time.process_time()
            for _ in range(20):
                check()
            runs.append(time.process_time() - started)
        return min(runs)

    rasas_own = cpu_seconds(lambda: jsonschema.validate(GOOD, spec))
    assert cpu_seconds(lambda: remote_action._validate_action_result(GOOD)) < rasas_own / 3


def test_every_app_rasa_creates_gets_the_console_routes_and_limits() -> None:
    """Also its limits: Rasa's own response timeout is an hour, so a trickled body held a
    connection that long."""
    import rasa.server

    rasa_server.apply()
    rasa_server.apply()  # applying twice wraps once
    app = rasa.server.create_app(auth_token="secret")
    paths = {route.path for route in app.router.routes}
    assert {"console/tracker", "console/tracker/events", "console/execute"} <= paths
    methods = {
        name.rsplit(".", 1)[-1]: route.methods for name, route in app.router.name_index.items()
    }
    assert methods["console_retrieve_tracker"] == {"GET"}
    assert methods["console_append_events"] == {"POST"}
    assert methods["console_execute_action"] == {"POST"}
    assert app.config.REQUEST_MAX_SIZE == 1_000_000
    assert app.config.REQUEST_TIMEOUT <= 10 and app.config.RESPONSE_TIMEOUT <= 60


def test_the_api_token_comes_from_the_environment_not_the_command_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("RASA_TOKEN", "-starts-with-a-dash")
    argv = ["rasa", "run", "--enable-api"]
    assert rasa_server.with_token_from_environment(argv) == [
        *argv,
        "--auth-token=-starts-with-a-dash",
    ]
    given = ["rasa", "run", "--auth-token=other"]
    assert rasa_server.with_token_from_environment(given) == given
    assert rasa_server.with_token_from_environment(["rasa", "shell"]) == ["rasa", "shell"]
    monkeypatch.delenv("RASA_TOKEN")
    assert rasa_server.with_token_from_environment(argv) == argv


class DownTrackerStore(InMemoryTrackerStore):
    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        raise ConnectionError("PostgreSQL is away")

    async def save(self, tracker: DialogueStateTracker) -> None:
        raise ConnectionError("PostgreSQL is away")


async def test_a_failing_tracker_store_fails_the_turn_instead_of_forgetting() -> None:
    """Rasa's own wrapper would answer None (a new conversation) and save to memory."""
    rasa_server.apply()
    domain = Domain.empty()
    store = Agent._create_tracker_store(DownTrackerStore(domain), domain)
    with pytest.raises(ConnectionError):
        await store.retrieve("website:abc")
    with pytest.raises(ConnectionError):
        await store.save(DialogueStateTracker("website:abc", []))
    working = Agent._create_tracker_store(InMemoryTrackerStore(domain), domain)
    await working.save(DialogueStateTracker("website:abc", []))
    assert (await working.retrieve("website:abc")).sender_id == "website:abc"


def test_tracker_store_connections_are_tested_before_use() -> None:
    """A database restart closes the pooled connections; the next turn must not fail."""
    import rasa.core.tracker_store

    rasa_server.apply()
    kwargs = rasa.core.tracker_store.create_engine_kwargs("postgresql://rasa@db/rasa")
    assert kwargs["pool_pre_ping"] is True and kwargs["pool_size"] >= 1


async def test_a_conversation_on_sqlite_keeps_its_events_in_a_pooled_wal_database(
    tmp_path: Path,
) -> None:
    """Rasa's SQL tracker store on a file: one connection kept, the file in WAL mode, and
    the conversation read back as it was written (issue 32)."""
    rasa_server.apply()
    domain = Domain.empty()
    store = SQLTrackerStore(domain, dialect="sqlite", db=str(tmp_path / "rasa.db"))
    assert isinstance(store.engine.pool, QueuePool)
    tracker = DialogueStateTracker("rest-1", domain.slots)
    tracker.update(UserUttered("hallo"))
    tracker.update(ActionExecuted("utter_greet"))
    await store.save(tracker)
    tracker.update(BotUttered("Hallo!"))
    await store.save(tracker)
    read = await store.retrieve("rest-1")
    assert [type(e) for e in read.events] == [UserUttered, ActionExecuted, BotUttered]
    with sqlite3.connect(tmp_path / "rasa.db") as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    # the application's database, which this process reads too, keeps its journal
    with sqlalchemy.create_engine(f"sqlite:///{tmp_path / 'placement.db'}").connect() as app:
        assert app.exec_driver_sql("PRAGMA journal_mode").scalar() == "delete"


def test_event_classes_are_found_by_name_as_rasa_finds_them() -> None:
    rasa_server.apply()
    assert Event.resolve_by_type("user") is UserUttered
    assert Event.resolve_by_type("user") is UserUttered  # remembered
    assert Event.resolve_by_type("no such event", BotUttered) is BotUttered
    assert Event.resolve_by_type("topic") is None
    with pytest.raises(ValueError):
        Event.resolve_by_type("no such event")


def test_the_sql_tracker_store_of_endpoints_keeps_conversations(tmp_path: Path) -> None:
    """`type: SQL` in endpoints.yml gives the store that reads only new events (issue 32)."""
    import rasa.core.tracker_store
    from rasa.utils.endpoints import EndpointConfig

    from bot.rasa_side.tracker_cache import CachingSQLTrackerStore

    rasa_server.apply()
    config = EndpointConfig(url=f"sqlite:///{tmp_path / 'rasa.db'}", type="SQL")
    store = rasa.core.tracker_store.create_tracker_store(config, Domain.empty())
    assert isinstance(store, CachingSQLTrackerStore)
