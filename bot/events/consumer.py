"""Consumes Rasa's conversation events from RabbitMQ into the dashboard's table.

Rasa's PikaEventBroker (rasa/core/brokers/pika.py) declares a fanout exchange (not durable)
and binds durable queues to it; each event is one persistent message whose body is the
event's JSON with its `sender_id`. The consumer declares the same exchange, queue and
binding (so whichever starts first, no event is missed), takes up to `prefetch` messages,
stores them in one transaction and acknowledges them only after the commit. A consumer
killed before a commit gets those messages again, and an event's key makes a second
delivery harmless.

When RabbitMQ or the database goes away the consumer logs one line per attempt, closes
its connection (the unacknowledged messages go back to the queue) and connects again after
a pause that doubles up to 30 s; it does not exit. SIGTERM or SIGINT: it stores the
messages in hand, acknowledges them and stops.
"""

import json
import logging
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager, suppress
from dataclasses import dataclass, field

import pika
import pika.exceptions
from pika.adapters.blocking_connection import BlockingChannel
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from bot.reporting.conversation_events import Event, MalformedEvent, row_of, store

log = logging.getLogger("bot.events")

FIRST_PAUSE, LAST_PAUSE = 1.0, 30.0
IDLE_SECONDS = 0.5  # a batch smaller than prefetch is stored after this long without news


@dataclass(frozen=True)
class BrokerConfig:
    url: str  # amqp://user:password@host:5672/vhost
    queue: str
    exchange: str
    prefetch: int = 100

    def parameters(self) -> pika.URLParameters:
        parameters = pika.URLParameters(self.url)
        # how RabbitMQ's connection list (and `rabbitmqctl close_connection`) names it
        parameters.client_properties = {"connection_name": f"placement events ({self.queue})"}
        return parameters

    def where(self) -> str:
        """The broker's address without its credentials, for the log."""
        parameters = pika.URLParameters(self.url)
        return f"{parameters.host}:{parameters.port}{parameters.virtual_host}"


def declare(channel: BlockingChannel, config: BrokerConfig) -> None:
    """As Rasa's PikaEventBroker declares them: RabbitMQ refuses another durability."""
    channel.exchange_declare(config.exchange, exchange_type="fanout", durable=False)
    channel.queue_declare(config.queue, durable=True)
    channel.queue_bind(config.queue, config.exchange)


def parse(body: bytes) -> Event:
    try:
        event = json.loads(body)
    except ValueError as error:
        raise MalformedEvent("not JSON") from error
    if not isinstance(event, dict):
        raise MalformedEvent("not a JSON object")
    row_of(event)  # raises MalformedEvent
    return event


def describe(error: BaseException, broker: str) -> str:
    """What failed, without what a database error quotes (statements and their values)."""
    if isinstance(error, DBAPIError):
        first = (str(error.orig).strip().splitlines() or [""])[0]
        return f"database: {type(error.orig).__name__}: {first}"
    if isinstance(error, pika.exceptions.AMQPError):
        return f"RabbitMQ at {broker}: {error!r}"  # pika's repr says what, its str often not
    return f"RabbitMQ at {broker}: {type(error).__name__}: {error}"


@dataclass
class Consumer:
    config: BrokerConfig
    unit_of_work: Callable[[], AbstractContextManager[Session]]
    stop: threading.Event = field(default_factory=threading.Event)
    stored: int = 0  # events added to the table since the start
    _pause: float = FIRST_PAUSE

    def run(self) -> None:
        """Consumes until `stop` is set, connecting again whenever the broker or the
        database goes away."""
        while not self.stop.is_set():
            try:
                self._consume()
                if self.stop.is_set():
                    return
                problem = f"RabbitMQ at {self.config.where()} ended the subscription"
            except (pika.exceptions.AMQPError, DBAPIError, OSError) as error:
                problem = describe(error, self.config.where())
            log.warning("event consumer: %s; trying again in %.0f s", problem, self._pause)
            self.stop.wait(self._pause)
            self._pause = min(self._pause * 2, LAST_PAUSE)

    def _consume(self) -> None:
        connection = pika.BlockingConnection(self.config.parameters())
        try:
            channel = connection.channel()
            declare(channel, self.config)
            channel.basic_qos(prefetch_count=self.config.prefetch)
            log.info(
                "event consumer: reading queue %s at %s", self.config.queue, self.config.where()
            )
            self._pause = FIRST_PAUSE
            batch: list[tuple[int, bytes]] = []
            for method, _properties, body in channel.consume(
                self.config.queue, inactivity_timeout=IDLE_SECONDS
            ):
                if method is not None:
                    batch.append((method.delivery_tag, body))
                full = len(batch) >= self.config.prefetch
                if batch and (method is None or full or self.stop.is_set()):
                    self._store(channel, batch)
                    batch = []
                if self.stop.is_set():
                    break
        finally:
            with suppress(pika.exceptions.AMQPError, OSError):
                connection.close()

    def _store(self, channel: BlockingChannel, batch: list[tuple[int, bytes]]) -> None:
        events, good = [], []
        for tag, body in batch:
            try:
                events.append(parse(body))
                good.append(tag)
            except MalformedEvent as error:
                # never requeued, or it would come back for ever; the body may hold a message
                log.error("event consumer: dropped a message (%s, %d bytes)", error, len(body))
                channel.basic_nack(tag, requeue=False)
        with self.unit_of_work() as session:
            self.stored += store(session, events)
        if good:
            channel.basic_ack(good[-1], multiple=True)
