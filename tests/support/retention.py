"""The nightly purge as the schedule runs it (90 days), with its outbox and logs in one
test folder."""

from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bot.privacy.retention import Purged, purge


def purge_90_days(session: Session, tracker_engine: Engine, folder: Path, now: datetime) -> Purged:
    return purge(
        session=session,
        tracker_engine=tracker_engine,
        outbox=folder,
        log_dir=folder / "log",
        now=now,
        days=90,
    )
