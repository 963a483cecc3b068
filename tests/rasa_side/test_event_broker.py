"""Rasa's pika event broker as endpoints.yml names it: off without EVENT_BROKER_URL, and
given the address without the credentials (Rasa logs the address); what RabbitMQ does not
take is kept for later, and logged without the parent's words."""

import logging

import pytest
from rasa.core.brokers.pika import PikaEventBroker

from bot.rasa_side.event_broker import ReportingEventBroker, broker_arguments
from bot.shared.config import Storage


async def test_without_a_url_there_is_no_broker(monkeypatch) -> None:
    monkeypatch.delenv("EVENT_BROKER_URL", raising=False)
    assert await ReportingEventBroker.from_endpoint_config(None) is None


def test_the_address_rasa_logs_holds_no_credentials() -> None:
    storage = Storage(
        event_broker_url="amqps://placement:s%40cret@mq.example.nl/placement",
        event_broker_queue="reporting",
        event_broker_exchange="placement-events",
    )
    arguments = broker_arguments(storage)
    assert arguments == {
        "host": "amqps://mq.example.nl:5671/placement",
        "username": "placement",
        "password": "s%40cret",
        "port": 5671,
        "queues": ["reporting"],
        "exchange_name": "placement-events",
    }
    broker = PikaEventBroker(**arguments, event_loop=object())  # type: ignore[arg-type]
    assert broker._configure_url() == "amqps://placement:s%40cret@mq.example.nl:5671/placement"


class DownExchange:
    async def publish(self, *_: object) -> None:
        raise ConnectionError("RabbitMQ is away")


async def test_an_event_rabbitmq_did_not_take_is_kept_and_logged_without_its_text(
    caplog: pytest.LogCaptureFixture,
) -> None:
    storage = Storage(event_broker_url="amqp://guest:guest@127.0.0.1:5672/%2F")
    broker = ReportingEventBroker(**broker_arguments(storage), event_loop=object())  # type: ignore[arg-type]
    broker._exchange = DownExchange()  # type: ignore[assignment]
    event = {"event": "user", "sender_id": "website:abc", "text": "Mijn zoon Sven is ziek"}
    with caplog.at_level(logging.DEBUG):
        await broker._publish(event)
    assert list(broker._unpublished_events) == [event]  # published when the connection is back
    assert "user event was not published (ConnectionError)" in caplog.text
    assert "Sven" not in caplog.text and "website:abc" not in caplog.text
