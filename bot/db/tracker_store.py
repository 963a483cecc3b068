"""Rasa's stored conversations as this application reads them: Rasa 3.6's SQL tracker
store keeps every event as a row of the `events` table
(rasa.core.tracker_store.SQLTrackerStore.SQLEvent); only the columns used here."""

from typing import Any

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text

# in a user event's metadata: the parent's message given to the dialogue once more, read
# with another meaning (actions/faq.py read_again_as); one message, not two
READ_AGAIN = "read_again"

rasa_events = Table(
    "events",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False, index=True),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)


def app_driver_url(rasa_url: str) -> str:
    """Rasa's environment reaches PostgreSQL through psycopg2, this one through psycopg 3."""
    for prefix in ("postgresql://", "postgresql+psycopg2://"):
        if rasa_url.startswith(prefix):
            return "postgresql+psycopg://" + rasa_url[len(prefix) :]
    return rasa_url


def rasa_driver_url(app_url: str) -> str:
    """The same database as Rasa's environment reaches it (psycopg2)."""
    prefix = "postgresql+psycopg://"
    if app_url.startswith(prefix):
        return "postgresql+psycopg2://" + app_url[len(prefix) :]
    return app_url


def read_again(event: dict[str, Any]) -> bool:
    """A message given anew to be read otherwise: transcripts and figures show it once."""
    return event.get("event") == "user" and bool((event.get("metadata") or {}).get(READ_AGAIN))
