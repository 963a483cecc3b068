"""The consumer of Rasa's event broker against the real RabbitMQ and PostgreSQL: what
Rasa publishes ends up in the dashboard's table and gives the figures the tracker store
gives; an event delivered twice is stored once; a consumer killed mid-stream loses
nothing; a lost connection or an unreachable broker is logged and survived; SIGTERM stops
it cleanly. Each test has a queue and exchange of its own."""

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.db.session import make_engine
from bot.events.consumer import BrokerConfig, Consumer
from bot.reporting.figures import ReportFilter, dashboard
from bot.reporting.models import ConversationEvent
from bot.reporting.sources import EventTableSource, TrackerStoreSource
from bot.shared.config import Config, Storage, environment
from tests.support.database import migrated_database
from tests.support.rabbitmq import RABBITMQCTL, close_connection, own_broker, publish, waiting
from tests.support.stack import ROOT

pytestmark = pytest.mark.integration  # RabbitMQ, PostgreSQL, subprocesses

RASA_PYTHON = ROOT / ".venv" / "rasa" / "bin" / "python"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
FIRST, LAST = date(2026, 10, 1), date(2026, 10, 31)


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    with migrated_database("postgresql", tmp_path_factory.mktemp("db")) as engine:
        yield engine


@pytest.fixture
def engine(database: Engine) -> Engine:
    with database.begin() as connection:
        connection.execute(delete(ConversationEvent))
    return database


@pytest.fixture
def broker() -> Iterator[BrokerConfig]:
    with own_broker(prefetch=20) as config:
        yield config


def stored(engine: Engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(ConversationEvent)) or 0


def wait_for(condition: Callable[[], bool], timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def messages(count: int, sender: str = "website:1") -> list[dict]:
    start = datetime(2026, 10, 1, 9, tzinfo=AMSTERDAM).timestamp()
    return [
        {
            "sender_id": sender,
            "event": "user",
            "timestamp": start + n / 1000,
            "text": f"vraag {n}",
            "parse_data": {"intent": {"name": "greet", "confidence": 0.9}, "entities": []},
            "input_channel": "website",
            "message_id": None,
            "metadata": {},
        }
        for n in range(count)
    ]


@contextmanager
def consumer_thread(config: BrokerConfig, engine: Engine) -> Iterator[Consumer]:
    factory = sessionmaker(bind=engine)

    @contextmanager
    def unit_of_work() -> Iterator[Session]:
        with factory.begin() as session:
            yield session

    consumer = Consumer(config, unit_of_work)
    thread = threading.Thread(target=consumer.run)
    thread.start()
    try:
        yield consumer
    finally:
        consumer.stop.set()
        thread.join(timeout=10)
        assert not thread.is_alive()


@contextmanager
def consumer_process(
    config: BrokerConfig, engine: Engine, log: Path
) -> Iterator[subprocess.Popen[bytes]]:
    env = {
        **os.environ,
        "DATABASE_URL": engine.url.render_as_string(hide_password=False),
        "EVENT_BROKER_URL": config.url,
        "EVENT_BROKER_QUEUE": config.queue,
        "EVENT_BROKER_EXCHANGE": config.exchange,
    }
    command = [sys.executable, "-m", "bot", "events", "consume", "--prefetch", "20"]
    with log.open("ab") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def stop(process: subprocess.Popen[bytes]) -> int:
    process.send_signal(signal.SIGTERM)
    return process.wait(timeout=10)


def test_an_event_delivered_twice_is_stored_once(broker: BrokerConfig, engine: Engine) -> None:
    first, second = messages(2)
    publish(broker, [first, first, second, {"not": "an event"}, first])
    with consumer_thread(broker, engine) as consumer:
        wait_for(lambda: waiting(broker) == 0 and stored(engine) == 2)
    assert consumer.stored == 2
    assert stored(engine) == 2


def test_a_consumer_killed_mid_stream_loses_nothing(
    broker: BrokerConfig, engine: Engine, tmp_path: Path
) -> None:
    total = 1000
    publish(broker, messages(total))
    log = tmp_path / "consumer.log"
    with consumer_process(broker, engine, log) as process:
        wait_for(lambda: stored(engine) >= 100)
        process.send_signal(signal.SIGKILL)  # no chance to acknowledge what it holds
        process.wait()
    at_kill = stored(engine)
    assert at_kill < total, "the consumer finished before it was killed"

    with consumer_process(broker, engine, log) as process:
        wait_for(lambda: stored(engine) == total)
        wait_for(lambda: waiting(broker) == 0)
        assert stop(process) == 0
    assert stored(engine) == total
    assert "stopped after storing" in log.read_text()


@pytest.mark.skipif(RABBITMQCTL is None, reason="needs rabbitmqctl on this machine")
def test_the_consumer_survives_a_lost_connection(
    broker: BrokerConfig, engine: Engine, tmp_path: Path
) -> None:
    log = tmp_path / "consumer.log"
    with consumer_process(broker, engine, log) as process:
        publish(broker, messages(5, "website:1"))
        wait_for(lambda: stored(engine) == 5)

        assert close_connection(f"placement events ({broker.queue})")
        publish(broker, messages(5, "website:2"))
        wait_for(lambda: stored(engine) == 10)

        assert process.poll() is None
        assert stop(process) == 0
    text = log.read_text()
    assert "CONNECTION_FORCED - test: connection lost'; trying again in 1 s" in text
    assert text.count(f"reading queue {broker.queue}") == 2
    assert "Traceback" not in text


def test_an_unreachable_broker_is_logged_and_tried_again(engine: Engine, tmp_path: Path) -> None:
    closed = BrokerConfig("amqp://guest:secret@127.0.0.1:9/%2F", "nowhere", "nowhere")
    log = tmp_path / "consumer.log"
    with consumer_process(closed, engine, log) as process:
        wait_for(lambda: log.read_text().count("trying again") >= 2)
        assert process.poll() is None
        assert stop(process) == 0
    text = log.read_text()
    assert "RabbitMQ at 127.0.0.1:9/: AMQPConnectionError" in text
    assert "Connection refused'),); trying again in 1 s" in text
    assert "secret" not in text and "Traceback" not in text


def test_while_the_database_is_down_the_events_stay_in_the_queue(
    broker: BrokerConfig, engine: Engine, tmp_path: Path
) -> None:
    missing = engine.url.set(database=f"{engine.url.database}_missing")
    log = tmp_path / "consumer.log"
    publish(broker, messages(3))
    with consumer_process(broker, make_engine(missing.render_as_string(False)), log) as process:
        wait_for(lambda: log.read_text().count("trying again") >= 2)
        assert stop(process) == 0
    assert "database: OperationalError" in log.read_text()
    assert waiting(broker) == 3  # given back unacknowledged: the next start stores them


def conversations() -> dict[str, list[dict]]:
    """A month of conversations as Rasa records them: sessions, parents' messages (typed,
    buttons, not understood), the bot's answers, actions and identity slots."""
    rng = random.Random(17)
    found: dict[str, list[dict]] = {}
    for n in range(24):
        channel = rng.choice(("website", "whatsapp", "messenger"))
        sender = f"{channel}:{n}"
        at = datetime(2026, 9, 30, 8, tzinfo=AMSTERDAM) + timedelta(hours=rng.randrange(0, 800))
        moment = at.timestamp()
        events: list[dict] = [
            {"event": "action", "timestamp": moment, "name": "action_session_start"},
            {"event": "session_started", "timestamp": moment + 0.001},
        ]
        for turn in range(rng.randrange(1, 4)):
            moment += 60 + rng.random()
            intent, confidence, text = rng.choice(
                (
                    ("ask_placement_status", 0.95, "is er al plek?"),
                    ("ask_costs", 0.42, "wat kost dat"),
                    ("nlu_fallback", 0.2, "blub blub"),
                    ("affirm", 0.99, "/affirm"),
                )
            )
            events += [
                {
                    "event": "user",
                    "timestamp": moment,
                    "text": text,
                    "parse_data": {
                        "intent": {"name": intent, "confidence": confidence},
                        "entities": [],
                    },
                    "input_channel": channel,
                },
                {"event": "action", "timestamp": moment + 0.2, "name": "action_answer"},
                {"event": "bot", "timestamp": moment + 0.3, "text": "antwoord"},
            ]
            if turn == 1:
                number = f"INS-{n % 5:06d}"
                slot = rng.choice(("registration_number", "verified_registration"))
                events.append(
                    {"event": "slot", "timestamp": moment + 0.4, "name": slot, "value": number}
                )
        found[sender] = events
    return found


@pytest.mark.skipif(not RASA_PYTHON.exists(), reason="needs Rasa's environment")
def test_what_rasa_publishes_gives_the_figures_of_the_tracker_store(
    broker: BrokerConfig, engine: Engine, tmp_path: Path
) -> None:
    tracker_url = f"sqlite:///{tmp_path / 'rasa.db'}"
    storage = replace(
        Storage(),
        var_dir=tmp_path,
        tracker_store_url=tracker_url,
        event_broker_url=broker.url,
        event_broker_queue=broker.queue,
        event_broker_exchange=broker.exchange,
    )
    env = {
        **os.environ,
        **environment(Config(storage=storage)),
        "PYTHONPATH": str(ROOT),
        "RASA_TELEMETRY_ENABLED": "false",
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    }
    spoken = conversations()
    subprocess.run(
        [str(RASA_PYTHON), str(ROOT / "tests" / "support" / "rasa_publisher.py")],
        input=json.dumps({"conversations": spoken}).encode(),
        env=env,
        cwd=tmp_path,
        check=True,
        capture_output=True,
        timeout=60,
    )
    kept = sum(
        1
        for events in spoken.values()
        for e in events
        if e["event"] in ("user", "slot", "session_started")
    )
    with consumer_thread(broker, engine):
        wait_for(lambda: stored(engine) == kept)

    tracker = make_engine(tracker_url)
    try:
        with Session(engine) as session:
            copy, original = EventTableSource(session), TrackerStoreSource(tracker)
            start = datetime(2026, 9, 1, tzinfo=AMSTERDAM)
            end = datetime(2026, 12, 1, tzinfo=AMSTERDAM)
            assert copy.messages(start, end) == original.messages(start, end)
            assert copy.messages(start, end)
            numbers = {f"INS-{n:06d}" for n in (1, 3)}
            assert copy.senders_of(numbers) == original.senders_of(numbers)
            assert copy.senders_of(numbers)
            for channel in (None, "whatsapp"):
                wanted = ReportFilter(FIRST, LAST, channel=channel)
                from_copy = dashboard(session=session, conversations=copy, wanted=wanted)
                from_tracker = dashboard(session=session, conversations=original, wanted=wanted)
                assert asdict(from_copy) == asdict(from_tracker)
                assert from_copy.conversations and from_copy.not_understood
    finally:
        tracker.dispose()
