"""Trackers for action tests, built as rasa-sdk's own tests build them (a form's too), and
reading what an action left: its slots, a pause, the handoff it opened."""

from typing import Any

from rasa_sdk import Tracker

from bot.db.session import session_scope
from bot.handoff import queue
from bot.shared import clock
from tests.support.dates import iso
from tests.support.waitlists import MILA


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


def verified(number: str = "INS-000001", **slots: Any) -> dict[str, Any]:
    """The slots of a parent who passed the identity check just now (Mila's by default)."""
    return {
        "identity_verified": True,
        "verified_registration": number,
        "registration_number": number,
        "child_birth_date": iso(MILA),
        "verified_at": clock.now().timestamp(),
        **slots,
    }


def slot_values(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


IN_CHECK = {"name": "identity_form"}


def handoff_reason(sender: str = "parent-1") -> str | None:
    with session_scope() as session:
        handoff = queue.open_handoff_for(session=session, sender_id=sender)
        return handoff.reason if handoff else None


def paused(events: list[dict[str, Any]]) -> bool:
    return any(event.get("event") == "pause" for event in events)


def form_tracker(text: str, intent: str = "inform", slots: dict | None = None, **kwargs: Any):
    """The tracker a form validation gets straight after the parent's message."""
    events = [
        {"event": "action", "name": "action_listen"},
        {"event": "user", "timestamp": 1_000.0, "text": text, "parse_data": {}},
        {"event": "action", "name": "identity_form"},
    ]
    return make_tracker(
        intent, slots=slots, text=text, events=events, active_loop=IN_CHECK, **kwargs
    )
