"""What a test of the updates run needs: this morning at ten, the updates file, units of
work on an engine, settings without mail, and senders that remember what they sent."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.settings import Settings
from bot.shared import clock
from bot.updates.config import load
from bot.updates.delivery import Message, Senders

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
TODAY = clock.today()
MORNING = datetime.combine(TODAY, datetime.min.time(), AMSTERDAM) + timedelta(hours=10)
CONFIG = load()


def units(engine: Engine):
    sessions = sessionmaker(bind=engine)

    @contextmanager
    def unit_of_work() -> Iterator[Session]:
        with sessions.begin() as session:
            yield session

    return unit_of_work


def settings(tmp_path: Path, **more: object) -> Settings:
    return Settings(_env_file=None, var_dir=tmp_path, smtp_host="", **more)


class Recorder:
    """Senders that remember what they sent (thread-safe)."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, Message]] = []
        self.lock = threading.Lock()

    def senders(self) -> Senders:
        def keep(channel: str):
            def send(to: str, message: Message) -> None:
                with self.lock:
                    self.sent.append((channel, to, message))

            return send

        return Senders(email=keep("email"), whatsapp=keep("whatsapp"))
