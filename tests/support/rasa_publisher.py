"""Run in Rasa's environment: stores conversations through the tracker store and event
broker that endpoints.yml configures, as the Rasa server does at every turn (one save per
parent's message), then waits until every event is published. Reads JSON on stdin:
{"conversations": {sender_id: [event dicts]}}; the settings come from the environment."""

import asyncio
import json
import sys
from pathlib import Path

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event
from rasa.utils.endpoints import read_endpoint_config

ROOT = Path(__file__).resolve().parents[2]


def turns(events: list[dict]) -> list[list[dict]]:
    found: list[list[dict]] = []
    for event in events:
        if event["event"] == "user" or not found:
            found.append([])
        found[-1].append(event)
    return found


async def main() -> None:
    conversations = json.load(sys.stdin)["conversations"]
    endpoints = str(ROOT / "endpoints.yml")
    broker = await EventBroker.create(read_endpoint_config(endpoints, "event_broker"))
    assert broker is not None, "EVENT_BROKER_URL is not set"
    store = TrackerStore.create(
        read_endpoint_config(endpoints, "tracker_store"),
        domain=Domain.load(str(ROOT / "domain.yml")),
        event_broker=broker,
    )
    for sender_id, events in conversations.items():
        for turn in turns(events):
            tracker = await store.get_or_create_tracker(sender_id, append_action_listen=False)
            for event in turn:
                tracker.update(Event.from_parameters(event))
            await store.save(tracker)
    # Rasa publishes in background tasks (rasa/core/brokers/pika.py)
    while broker._background_tasks:  # type: ignore[attr-defined]
        await asyncio.gather(*broker._background_tasks)  # type: ignore[attr-defined]
    await broker.close()


asyncio.run(main())
