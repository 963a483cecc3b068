"""RabbitMQ for tests: a queue and exchange of their own per test (other runs on the same
server never see them), publishing as Rasa's PikaEventBroker does, and closing a
consumer's connection from the server's side."""

import json
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pika
from pika.adapters.blocking_connection import BlockingChannel

from bot.events.consumer import BrokerConfig, declare

SERVER = os.environ.get("TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2F")
RABBITMQCTL = shutil.which("rabbitmqctl")


@contextmanager
def channel(config: BrokerConfig) -> Iterator[BlockingChannel]:
    connection = pika.BlockingConnection(pika.URLParameters(config.url))
    try:
        yield connection.channel()
    finally:
        connection.close()


@contextmanager
def own_broker(prefetch: int = 100) -> Iterator[BrokerConfig]:
    """A new queue bound to a new exchange, declared as Rasa declares them; deleted after."""
    name = f"placement-test-{uuid.uuid4().hex[:10]}"
    config = BrokerConfig(SERVER, queue=name, exchange=name, prefetch=prefetch)
    with channel(config) as opened:
        declare(opened, config)
    try:
        yield config
    finally:
        with channel(config) as opened:
            opened.queue_delete(name)
            opened.exchange_delete(name)


def publish(config: BrokerConfig, events: list[dict]) -> None:
    """As rasa/core/brokers/pika.py does: the event's JSON, persistent, to the exchange."""
    with channel(config) as opened:
        opened.confirm_delivery()
        for event in events:
            opened.basic_publish(
                config.exchange,
                "",
                json.dumps(event).encode(),
                pika.BasicProperties(delivery_mode=pika.DeliveryMode.Persistent),
            )


def waiting(config: BrokerConfig) -> int:
    """Messages in the queue not yet delivered to a consumer."""
    with channel(config) as opened:
        return opened.queue_declare(config.queue, passive=True).method.message_count


def close_connection(name: str) -> bool:
    """Closes the connections named `name` (pika's connection_name), as a broker restart or
    a network failure would; whether there was one."""
    assert RABBITMQCTL is not None
    listed = subprocess.run(
        [RABBITMQCTL, "-q", "list_connections", "--no-table-headers", "pid", "client_properties"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pids = [line.split("\t")[0] for line in listed.splitlines() if f'"{name}"' in line]
    for pid in pids:
        subprocess.run(
            [RABBITMQCTL, "close_connection", pid, "test: connection lost"],
            capture_output=True,
            check=True,
        )
    return bool(pids)
