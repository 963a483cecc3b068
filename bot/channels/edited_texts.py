"""Head office's edits of the texts the channels say themselves (a waiting parent's "your
message is waiting", the apology, the e-mail address noted), of the buttons' titles (a
title typed is read as its button: bot/conversation/buttons.py) and of the organisation's
facts, in the Rasa process.

The edits are made in the staff console and kept in the application's database
(bot/edits); the Rasa process reads only their texts, with one plain SQL statement (Core,
the same in SQLAlchemy 1.4 and 2, as bot/channels/receipts.py does), at most every
MAX_AGE_SECONDS and only when a channel says something. A database that cannot be read
keeps the texts last read (at first: texts.yml's)."""

import logging
import threading
import time
from functools import lru_cache

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from bot.conversation import texts
from bot.shared.config import Storage, read

log = logging.getLogger(__name__)

MAX_AGE_SECONDS = 2.0  # as bot/edits/live.py
# the newest edit of each text variant, button title and organisation fact; a NULL value
# is "back to texts.yml"
NEWEST = text(
    "SELECT kind, name, value FROM console_edits WHERE id IN "
    "(SELECT max(id) FROM console_edits WHERE kind IN ('text', 'button', 'fact') "
    "GROUP BY kind, name)"
)


@lru_cache
def _engine() -> Engine:
    storage = read(Storage)
    url = storage.resolved_database_url.replace("postgresql+psycopg://", "postgresql://")
    if url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    return create_engine(url, pool_pre_ping=True, pool_size=1, max_overflow=1)


class EditedTexts:
    """(key, variant): text, read again once older than `max_age` seconds."""

    def __init__(self, engine: Engine | None = None, max_age: float = MAX_AGE_SECONDS) -> None:
        self.engine, self.max_age = engine, max_age
        self.edited: dict[tuple[str, str], str] = {}
        self.read_at = float("-inf")
        self.lock = threading.Lock()

    def __call__(self) -> dict[tuple[str, str], str]:
        with self.lock:
            if time.monotonic() - self.read_at >= self.max_age:
                self.read_at = time.monotonic()
                try:
                    with (self.engine or _engine()).connect() as connection:
                        rows = connection.execute(NEWEST).all()
                    self.edited = {
                        texts.override_key(kind, name): value for kind, name, value in rows if value
                    }
                except Exception as error:  # the channel's words go on without the edits
                    log.warning("edited texts not read: %s", type(error).__name__)
            return self.edited


def install() -> None:
    """The channels' texts as head office edited them, in this (the Rasa) process."""
    texts.use_overrides(EditedTexts())
