"""Copies Rasa's tracker store into the dashboard's table: once, when the event broker is
switched on for a deployment that already has conversations, and after Rasa was restarted
while RabbitMQ was down (Rasa keeps events it could not publish only in memory). The keys
are those of the broker's events, so nothing is counted twice."""

import json

from sqlalchemy import Engine, and_, inspect, or_, select
from sqlalchemy.orm import Session

from bot.conversation.bot_rating import OUTCOME
from bot.db.tracker_store import rasa_events
from bot.reporting.conversation_events import store

KEPT_TYPES = ("user", "slot", "session_started")


def backfill(session: Session, tracker: Engine, *, since: float, chunk: int = 1000) -> int:
    """Stores the tracker store's events from `since` (epoch seconds); the number added."""
    if not inspect(tracker).has_table("events"):
        return 0
    query = (
        select(rasa_events.c.sender_id, rasa_events.c.data)
        .where(
            or_(
                rasa_events.c.type_name.in_(KEPT_TYPES),
                # the bot's messages that carry an outcome (bot/conversation/bot_rating.py)
                and_(rasa_events.c.type_name == "bot", rasa_events.c.data.contains(f'"{OUTCOME}"')),
            ),
            rasa_events.c.timestamp >= since,
        )
        .order_by(rasa_events.c.id)
    )
    added = 0
    with tracker.connect() as connection:
        result = connection.execution_options(yield_per=chunk).execute(query)
        for part in result.partitions():
            added += store(session, ({**json.loads(data), "sender_id": s} for s, data in part))
    return added
