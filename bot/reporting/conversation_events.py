"""Rasa's conversation events as the dashboard keeps them (bot/reporting/models.py).

An event arrives as Rasa publishes it: the event's dict (`Event.as_dict()`) with the
conversation's `sender_id` added (rasa.core.tracker_store.TrackerStore._stream_new_events).
Rasa gives events no id (only a parent's message has a `message_id`, and the channel
chooses it), so an event's key is the sha256 of the whole published dict in canonical
JSON: conversation, type, Rasa's timestamp (to the microsecond) and content. The same event
delivered twice has the same key; two events of one conversation differ at least in their
timestamp. Rasa's SQL tracker store keeps the same dict (its `data` column, with
`sender_id` beside it), so a backfill from the tracker store gives the broker's keys and
neither duplicates the other.
"""

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.conversation import bot_rating
from bot.db.tracker_store import read_again
from bot.reporting.models import IDENTITY, MESSAGE, OUTCOME, SESSION, ConversationEvent
from bot.reporting.stale_days import forget_stale

FALLBACK = "nlu_fallback"
LOW_CONFIDENCE = 0.5
IDENTITY_SLOTS = ("verified_registration", "registration_number")

Event = Mapping[str, Any]


class MalformedEvent(ValueError):
    """Not an event as Rasa publishes it (no conversation id or timestamp)."""


def not_understood(intent: str | None, confidence: float) -> bool:
    return intent == FALLBACK or confidence < LOW_CONFIDENCE


def event_key(event: Event) -> str:
    canonical = json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def row_of(event: Event) -> dict[str, Any] | None:
    """What the dashboard keeps of an event (every column but its key), or None."""
    sender_id, timestamp = event.get("sender_id"), event.get("timestamp")
    if not isinstance(sender_id, str) or not isinstance(timestamp, int | float):
        raise MalformedEvent("an event needs a sender_id and a timestamp")
    row: dict[str, Any] = {
        "sender_id": sender_id,
        "timestamp": float(timestamp),
        **dict.fromkeys(("channel", "intent", "confidence", "button", "text")),
        "registration_number": None,
    }
    kind = event.get("event")
    if read_again(event):  # the same message once more: counted once
        return None
    if kind == "user":
        intent = (event.get("parse_data") or {}).get("intent") or {}
        name, confidence = intent.get("name"), float(intent.get("confidence") or 0.0)
        text = event.get("text") or ""
        button = text.startswith("/")
        kept = text if not button and not_understood(name, confidence) else None
        return row | {
            "kind": MESSAGE,
            "channel": event.get("input_channel") or "onbekend",
            "intent": name,
            "confidence": confidence,
            "button": button,
            "text": kept,
        }
    outcome = bot_rating.outcome_of(event)
    if outcome:
        # a goal reached or the rating's question and answers (bot/conversation/bot_rating.py);
        # the outcome in the `intent` column, a comment in `text`
        metadata = event.get("metadata") or {}
        comment = metadata.get(bot_rating.OUTCOME_COMMENT)
        return row | {
            "kind": OUTCOME,
            "channel": metadata.get(bot_rating.OUTCOME_CHANNEL) or "onbekend",
            "intent": outcome,
            "text": comment if isinstance(comment, str) and comment else None,
        }
    value = event.get("value")
    if kind == "slot" and event.get("name") in IDENTITY_SLOTS and isinstance(value, str):
        return row | {"kind": IDENTITY, "registration_number": value}
    if kind == "session_started":
        return row | {"kind": SESSION}
    return None


def store(session: Session, events: Iterable[Event]) -> int:
    """Adds the events' rows that are not stored yet; the number added."""
    rows: dict[str, dict[str, Any]] = {}
    for event in events:
        row = row_of(event)
        if row is not None:
            key = event_key(event)
            rows.setdefault(key, {"key": key, **row})
    if not rows:
        return 0
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = ConversationEvent.__table__
    statement = insert(table).on_conflict_do_nothing(index_elements=["key"])
    added = session.execute(
        statement.returning(table.c.sender_id, table.c.timestamp), list(rows.values())
    ).all()
    forget_stale(session, added)  # a late event: the dashboard's days it changes
    return len(added)
