"""The consumer of Rasa's event broker against the real RabbitMQ and PostgreSQL: what
Rasa publishes ends up in the dashboard's table and gives the figures the tracker store
gives; an event delivered twice is stored once; a consumer killed mid-stream loses
nothing; a lost connection or an unreachable broker is logged and survived; SIGTERM stops
it cleanly. Each test has a queue and exchange of its own."""

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.db.session import make_engine
from bot.events.consumer import BrokerConfig, Consumer
from bot.reporting.models import ConversationEvent
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
