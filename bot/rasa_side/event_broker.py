"""Rasa's own pika event broker (rasa/core/brokers/pika.py), configured from
EVENT_BROKER_URL, EVENT_BROKER_QUEUE and EVENT_BROKER_EXCHANGE (bot/shared/config.py) instead of
keys in endpoints.yml: endpoints.yml names it always, and it is off while the URL is empty
(the embedded default has no RabbitMQ; the dashboard then reads the tracker store).

While RabbitMQ is away, Rasa keeps the events in memory and publishes them when its
connection is back (`_unpublished_events`); the consumer stores each once. Rasa's own
failure log line holds the whole event, the parent's text included: this one names only
the kind of event.

Runs in the Rasa process. The broker is given the address without credentials, which
Rasa writes to its log, and the user name and password apart (percent-encoded as in the
URL, as Rasa puts them back into it)."""

import logging
from asyncio import AbstractEventLoop
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from rasa.core.brokers.pika import PikaEventBroker
from rasa.utils.endpoints import EndpointConfig

from bot.shared.config import Storage, read

DEFAULT_PORTS = {"amqp": 5672, "amqps": 5671}

log = logging.getLogger(__name__)


class ReportingEventBroker(PikaEventBroker):
    @classmethod
    async def from_endpoint_config(
        cls, broker_config: EndpointConfig | None, event_loop: AbstractEventLoop | None = None
    ) -> "ReportingEventBroker | None":
        storage = read(Storage)
        if not storage.event_broker_url:
            return None
        broker = cls(**broker_arguments(storage), event_loop=event_loop)
        await broker.connect()
        return broker

    async def _publish(self, event: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        if self._exchange is None:
            return
        try:
            await self._exchange.publish(self._message(event, headers), "")
        except Exception as error:
            self._unpublished_events.append(event)
            log.error(
                "event broker: a %s event was not published (%s); kept until RabbitMQ is back",
                event.get("event"),
                type(error).__name__,
            )


def broker_arguments(storage: Storage) -> dict[str, Any]:
    url = urlsplit(storage.event_broker_url)
    port = url.port or DEFAULT_PORTS.get(url.scheme, 5672)
    host = f"[{url.hostname}]" if ":" in (url.hostname or "") else url.hostname
    address = urlunsplit((url.scheme, f"{host}:{port}", url.path, url.query, ""))
    return {
        "host": address,
        "username": url.username or "guest",
        "password": url.password or "guest",
        "port": port,
        "queues": [storage.event_broker_queue],
        "exchange_name": storage.event_broker_exchange,
    }
