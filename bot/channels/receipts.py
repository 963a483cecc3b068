"""WhatsApp read receipts for proactive updates: Meta reports `read` for a message id; an
update sent as a template kept that id (bot/updates), so the update counts as opened.

Runs inside the Rasa process (SQLAlchemy 1.4 there), with one plain SQL statement on the
application's database."""

import logging
from functools import lru_cache
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from bot.shared import clock
from bot.shared.config import Storage, read

log = logging.getLogger(__name__)
OPENED = text(
    "UPDATE update_messages SET opened_at = :now "
    "WHERE provider_message_id = :id AND opened_at IS NULL"
)


def read_ids(payload: dict[str, Any]) -> list[str]:
    """The message ids Meta reports as read in a webhook body."""
    ids = []
    for entry in payload.get("entry") or []:
        for change in (entry or {}).get("changes") or []:
            for status in ((change or {}).get("value") or {}).get("statuses") or []:
                read_one = isinstance(status, dict) and status.get("status") == "read"
                if read_one and isinstance(status.get("id"), str):
                    ids.append(status["id"][:128])
    return ids


@lru_cache
def _engine() -> Engine:
    storage = read(Storage)
    url = storage.resolved_database_url.replace("postgresql+psycopg://", "postgresql://")
    if url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    pool = {"pool_size": storage.database_pool_size, "max_overflow": storage.database_max_overflow}
    return create_engine(url, pool_pre_ping=True, **pool)


def record_reads(payload: dict[str, Any], engine: Engine | None = None) -> int:
    """Mark the updates among the read messages as opened; how many were ours."""
    ids = read_ids(payload)
    if not ids:
        return 0
    try:
        with (engine or _engine()).begin() as connection:
            now = clock.now()
            return sum(connection.execute(OPENED, {"now": now, "id": i}).rowcount for i in ids)
    except Exception as error:  # a receipt is worth no failed webhook
        log.warning("read receipts not recorded: %s", type(error).__name__)
        return 0
