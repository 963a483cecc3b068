"""`rasa …` with our changes to Rasa 3.6 applied; `bot/launcher/stack.py` starts the server so.

The staff console's routes (`bot/rasa_side/console_routes.py`) are added to every app Rasa's
HTTP API creates: the console reaches conversations only through them. Every such app also
refuses bodies over 1 MB before buffering them, keeps no access log and masks personal
data in its log lines (`harden`, bot/shared/log_redaction.py), and
the API token comes from RASA_TOKEN in the environment, not from the command line.

Rasa checks every answer of the action server with `jsonschema.validate(answer, spec)`,
which first validates the spec itself against its meta-schema, on every call. That was
most of the time a turn with a custom action costs Rasa beyond one without (py-spy, see
docs/benchmarks.md). Here the validator is built, and the spec checked, once; answers are
checked against the same spec as before and a bad answer fails as before.

Calls to the action server give up after ACTION_TIMEOUT_SECONDS instead of Rasa's 300,
and a failed custom action ends the turn (bot/rasa_side/action_calls.py).

When the tracker store (PostgreSQL) fails, Rasa would answer from an empty conversation
kept in memory: a parent halfway through the identity check is greeted as new, and what
was said while the database was away never reaches it. Here the failure ends the turn
instead, and the channel's guard (bot/channels/guard.py) says that something is wrong and
offers a person; once the database is back the conversation goes on where it was. The
tracker store's connections are tested before use (`pool_pre_ping`), so the first turn
after a database restart does not fail on a connection the restart closed.

What a turn costs (docs/benchmarks.md, issue 32): on SQLite (`make run`) Rasa 3.6 opens
and closes a connection for every read and write of the tracker store (SQLAlchemy 1.4's
NullPool for files) and commits through a rollback journal; here the connections are
pooled and the file is in WAL mode, as the project's own databases are (bot/db/session.py),
with the same durability (synchronous stays FULL). Reading a conversation, Rasa looks up
each event's class by walking every subclass of Event (about 30 per event, 0.3 ms a turn
per 10 events); here the class is remembered per event name. And Rasa reads every event
of a conversation's session at every turn; here the process keeps each conversation's
tracker and reads only the events stored since (bot/rasa_side/tracker_cache.py); the
policies' replay of the session is done once per turn, not at every call
(bot/rasa_side/policy_states.py).
"""

import inspect
import sqlite3
import sys
from functools import lru_cache, wraps
from pathlib import Path
from typing import Any

import rasa.core.tracker_store
import rasa.server
from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.core.agent import Agent
from rasa.core.tracker_store import FailSafeTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Sanic
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import QueuePool

from bot.channels import edited_texts
from bot.rasa_side import action_calls, policy_states, tracker_cache
from bot.rasa_side import console_routes as rasa_console_routes
from bot.shared import log_redaction, sanic_limits, turn_profile
from bot.shared.config import TRACKER_STORE_FILE, Servers, read

# bytes; Sanic refuses a larger body with 413 before reading it (its default is 100 MB).
# Channel webhooks and the API take far less; the channels' own 1 MB check stays.
REQUEST_MAX_SIZE = 1_000_000


def harden(app: Sanic) -> Sanic:
    """Bodies over the limit refused before they are buffered, slow requests timed out
    (bot/shared/sanic_limits.py); no access log (URLs carry the API token as `?token=`, and
    conversation ids)."""
    sanic_limits.limit(app, max_body_bytes=REQUEST_MAX_SIZE)
    app.config.ACCESS_LOG = False
    log_redaction.install()  # Rasa has configured its logging by now
    return app


@lru_cache(maxsize=1)
def _answer_validator() -> Any:
    spec = RemoteAction.action_response_format_spec()
    validator_class = validator_for(spec)
    validator_class.check_schema(spec)
    return validator_class(spec)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    try:
        _answer_validator().validate(result)
    except ValidationError as error:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response "
            "from the Action endpoint is valid."
        )
        raise
    return True


def with_console_routes(create_app: Any) -> Any:
    """`rasa.server.create_app` that also registers the staff console's routes."""
    if getattr(create_app, "adds_console_routes", False):
        return create_app
    signature = inspect.signature(create_app)

    @wraps(create_app)
    def create(*args: Any, **kwargs: Any) -> Sanic:
        app = create_app(*args, **kwargs)
        arguments = signature.bind(*args, **kwargs)
        arguments.apply_defaults()
        rasa_console_routes.register(app, arguments.arguments["auth_token"])
        return harden(app)

    create.adds_console_routes = True  # type: ignore[attr-defined]
    return create


class NoFallbackTrackerStore(FailSafeTrackerStore):
    """Rasa's wrapper around the configured tracker store, without its fall-back to
    memory: a failure reaches the turn, which then fails (see the module's docstring)."""

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        return await self._tracker_store.retrieve(sender_id)

    async def retrieve_full_tracker(self, sender_id: str) -> DialogueStateTracker | None:
        return await self._tracker_store.retrieve_full_tracker(sender_id)

    async def keys(self) -> Any:
        return await self._tracker_store.keys()

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self._tracker_store.save(tracker)


def _create_tracker_store(store: TrackerStore | None, domain: Domain) -> TrackerStore:
    wrapped = _rasa_create_tracker_store(store, domain)
    return NoFallbackTrackerStore(wrapped._tracker_store)


_rasa_create_tracker_store = Agent._create_tracker_store
_rasa_engine_kwargs = rasa.core.tracker_store.create_engine_kwargs


def _engine_kwargs(url: Any) -> dict[str, Any]:
    kwargs = {**_rasa_engine_kwargs(url), "pool_pre_ping": True}
    if str(url).startswith("sqlite") and ":memory:" not in str(url):
        # one connection kept open instead of one opened and closed per query
        kwargs.update(poolclass=QueuePool, connect_args={"check_same_thread": False})
    return kwargs


def _sqlite_in_wal_mode(dbapi_connection: Any, _record: Any) -> None:
    """A commit writes (and syncs) the log once instead of the journal and the file. Only
    the tracker store's file (`rasa.db`, Rasa's alone): the application's database, which
    this process reads too (bot/channels/edited_texts.py), keeps its own journal mode."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        files = [row[2] for row in cursor.execute("PRAGMA database_list") if row[1] == "main"]
        if files and Path(files[0]).name == TRACKER_STORE_FILE:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()


_event_classes: dict[str, type[Event]] = {}
_rasa_resolve_by_type = Event.resolve_by_type


def _resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    """Rasa's `Event.resolve_by_type`, remembering the class it found for each name."""
    found = _event_classes.get(type_name)
    if found is not None:
        return found
    resolved = _rasa_resolve_by_type(type_name, default)
    if resolved is not None and resolved is not default:
        _event_classes[type_name] = resolved
    return resolved


def apply() -> None:
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
    Agent._create_tracker_store = staticmethod(_create_tracker_store)  # type: ignore[method-assign]
    rasa.core.tracker_store.create_engine_kwargs = _engine_kwargs
    # `type: SQL` in endpoints.yml: Rasa makes the store through the module's name
    rasa.core.tracker_store.SQLTrackerStore = tracker_cache.CachingSQLTrackerStore  # type: ignore[misc]
    if not event.contains(Engine, "connect", _sqlite_in_wal_mode):
        event.listen(Engine, "connect", _sqlite_in_wal_mode)
    Event.resolve_by_type = staticmethod(_resolve_by_type)  # type: ignore[method-assign,assignment]
    policy_states.apply()
    action_calls.apply(read(Servers).action_timeout_seconds)
    edited_texts.install()  # the channels' own words as head office edited them
    # rasa.core.run calls `server.create_app` through the module, so this is what it gets
    rasa.server.create_app = with_console_routes(rasa.server.create_app)


def with_token_from_environment(argv: list[str]) -> list[str]:
    """`argv` with `--auth-token` from RASA_TOKEN when it has none: the token then never
    appears on the command line, which `ps` shows every user of the machine. Only this
    process's copy of argv changes, not what the system shows."""
    token = read(Servers).rasa_token
    given = any(arg == "--auth-token" or arg.startswith("--auth-token=") for arg in argv)
    if not token or given or "run" not in argv[1:2]:
        return argv
    return [*argv, f"--auth-token={token}"]


def main() -> None:
    apply()
    turn_profile.install("rasa")
    from rasa.__main__ import main as rasa_main

    sys.argv = with_token_from_environment(["rasa", *sys.argv[1:]])
    rasa_main()


if __name__ == "__main__":
    main()
