"""Building trackers for action tests, as rasa-sdk's own tests do."""

from typing import Any

from rasa_sdk import Tracker


def make_tracker(
    intent: str = "greet",
    slots: dict[str, Any] | None = None,
    events: list[dict[str, Any]] | None = None,
    sender_id: str = "parent-1",
    text: str = "",
    entities: list[dict[str, Any]] | None = None,
    active_loop: dict[str, Any] | None = None,
    channel: str = "rest",
) -> Tracker:
    latest = {
        "intent": {"name": intent, "confidence": 0.99},
        "entities": entities or [],
        "text": text,
    }
    events = (
        events
        if events is not None
        else [
            {
                "event": "user",
                "timestamp": 1_000.0,
                "text": text,
                "parse_data": latest,
                "input_channel": channel,
            }
        ]
    )
    return Tracker(
        sender_id=sender_id,
        slots=slots or {},
        latest_message=latest,
        events=events,
        paused=False,
        followup_action=None,
        active_loop=active_loop or {},
        latest_action_name="action_listen",
    )
