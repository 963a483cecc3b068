"""Shared fixtures: migrated databases (SQLite and PostgreSQL) and the running stacks.

Starting Rasa takes most of a minute, so each stack starts once per test session:
`default_stack` is `make run` as a new user gets it (SQLite, no external service), with
the callback channel's token and roomy code limits per registration;
`production_stack` is the same command with PostgreSQL and Redis configured, and the
WhatsApp, Messenger and Twilio channels switched on, sending to `graph_api` (a local stand-in for
Meta's Graph API that starts first); `scaled_stack` is `make run-prod`: two Rasa processes
and two action servers behind nginx, on PostgreSQL and Redis; `spread_stack` is the same
profile spread over hosts (network namespaces) with servers of its own
(tests/support/spread.py), for the multi-host and fault tests.
"""

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bot.db.session import make_engine
from bot.db.tracker_store import rasa_events
from tests.support.channels import CALLBACK_TOKEN, channel_env
from tests.support.database import migrated_database
from tests.support.graph_api import FakeGraphApi, running_graph_api
from tests.support.http_recorder import Recorder, json_recorder
from tests.support.ports import free_port
from tests.support.postgres import temporary_database
from tests.support.rabbitmq import own_broker
from tests.support.spread import SpreadStack
from tests.support.spread import spread_stack as start_spread_stack
from tests.support.stack import RunningStack, start_make_run
from tests.support.tiers import assign_tiers

pytest_plugins = ["tests.support.shuffle"]  # TEST_ORDER_SEED: the unit tests in a random order


@pytest.fixture(scope="session")
def callback_sink() -> Iterator[Recorder]:
    """Where Rasa's callback channel of the default stack posts the bot's messages."""
    with json_recorder("/callback") as recorder:
        yield recorder


@pytest.fixture(scope="session")
def default_stack(
    tmp_path_factory: pytest.TempPathFactory, callback_sink: Recorder
) -> Iterator[RunningStack]:
    stack = start_make_run(
        tmp_path_factory.mktemp("var-default"),
        {
            "CALLBACK_URL": callback_sink.url,
            "CALLBACK_TOKEN": CALLBACK_TOKEN,
            # the conversation tests verify the same few families dozens of times within
            # minutes; the code limits themselves are tested in tests/security
            "CODE_MAILS_PER_REGISTRATION": "1000",
            "CODE_TRIES_PER_REGISTRATION": "1000",
        },
    )
    yield stack
    stack.stop()


# Debian's Chromium (Playwright's own download does not work here), without anything that
# reaches outside the machine
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the browser tests put their screenshots: docs/screenshots/ with
    UPDATE_SCREENSHOTS=1 (to refresh the README's pictures), else a temporary folder, so
    that a test run leaves the checkout as it was."""
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        return Path(__file__).resolve().parent.parent / "docs" / "screenshots"
    return tmp_path_factory.mktemp("screenshots")


# per module, not per session: Playwright's sync API keeps an event loop running in this
# thread while it is open, which the async tests after it cannot share
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def graph_api() -> Iterator[FakeGraphApi]:
    with running_graph_api() as api:
        yield api


@pytest.fixture(scope="session")
def production_stack(
    tmp_path_factory: pytest.TempPathFactory, graph_api: FakeGraphApi
) -> Iterator[RunningStack]:
    with temporary_database("placement_stack") as url:
        tracker_url = url.replace("+psycopg", "+psycopg2")
        stack = start_make_run(
            tmp_path_factory.mktemp("var-production"),
            {
                "DATABASE_URL": url,
                "TRACKER_STORE_URL": tracker_url,
                "LOCK_STORE_TYPE": "redis",
                "REDIS_DB": "7",
                **channel_env(graph_api),
            },
        )
        yield stack
        stack.stop()


@pytest.fixture(scope="session")
def scaled_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    """`make run-prod` with its own database, Redis database and ports; the tests know the
    API token (to address one Rasa process) and the REST token (what a back end behind
    nginx shows)."""
    with temporary_database("placement_scaled") as url, own_broker() as broker:
        stack = start_make_run(
            tmp_path_factory.mktemp("var-scaled"),
            {
                "DATABASE_URL": url,
                "EVENT_BROKER_URL": broker.url,
                "EVENT_BROKER_QUEUE": broker.queue,
                "EVENT_BROKER_EXCHANGE": broker.exchange,
                "REDIS_DB": "8",
                "RASA_PROCESS_PORTS": f"{free_port()},{free_port()}",
                "ACTION_PROCESS_PORTS": f"{free_port()},{free_port()}",
                "RASA_TOKEN": secrets.token_urlsafe(24),
                "REST_TOKEN": secrets.token_urlsafe(24),
            },
            target="run-prod",
        )
        yield stack
        stack.stop()


@pytest.fixture(scope="session")
def spread_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SpreadStack]:
    with start_spread_stack(tmp_path_factory.mktemp("spread")) as stack:
        yield stack


@pytest.fixture(
    scope="session", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.integration)]
)
def db_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """The same tests run on the embedded SQLite default (unit tier) and on the PostgreSQL
    server (integration tier)."""
    with migrated_database(
        request.param, tmp_path_factory.mktemp("db"), rolled_back=True
    ) as engine:
        yield engine


@pytest.fixture
def db_session(db_engine: Engine) -> Iterator[Session]:
    """A session whose work, commits included, is rolled back after the test."""
    with db_engine.connect() as connection:
        transaction = connection.begin()
        session = Session(bind=connection, join_transaction_mode="create_savepoint")
        try:
            yield session
        finally:
            session.close()
            transaction.rollback()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test gets its tier (tests/support/tiers.py); `make check` runs `unit`."""
    assign_tiers(items)


@pytest.fixture
def tracker_engine(db_engine: Engine, tmp_path: Path) -> Iterator[Engine]:
    """A tracker store with Rasa's events table, on the same kind of server as the app."""
    if db_engine.dialect.name == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'rasa.db'}")
        rasa_events.metadata.create_all(engine)
        yield engine
        engine.dispose()
        return
    with temporary_database("placement_tracker") as url:
        engine = make_engine(url)
        rasa_events.metadata.create_all(engine)
        yield engine
        engine.dispose()
