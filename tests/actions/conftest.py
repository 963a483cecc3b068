"""Building trackers for action tests, as rasa-sdk's own tests do, and a real (SQLite)
waitlist with one family for the actions that read it."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker

from bot import clock
from bot.db import session as db_session_module
from bot.db.migrate import upgrade
from bot.db.session import session_scope
from bot.settings import get_settings
from bot.waitlist.estimate_run import run_estimates
from bot.waitlist.importer import import_directory
from tests.support.dates import iso, month_day
from tests.waitlist.conftest import GROUPS, LOCATIONS, write_export


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


# Mila is 15 months old, whatever the date, and has waited since before she was born
MILA = month_day(-15)
REGISTRATIONS = (
    "registration_number,child_first_name,child_birth_date,parent_name,parent_email,"
    "parent_phone,care_type,location_codes,weekdays,desired_start_date,registered_on,"
    f"priority,status\nINS-000001,Mila,{iso(MILA)},Sanne,sanne@example.nl,+31612345678,kdv,"
    f"UTR-ZON,ma,{iso(month_day(-10))},{iso(month_day(-21))},none,waiting\n"
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


def clear_caches() -> None:
    get_settings.cache_clear()
    db_session_module.get_engine.cache_clear()
    db_session_module.get_sessionmaker.cache_clear()


def open_waitlist(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    registrations: str = REGISTRATIONS,
    placements: str | None = None,
) -> Path:
    """A waitlist imported from these rows and estimated; its outbox folder."""
    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'placement.db'}")
    monkeypatch.setenv("SMTP_HOST", "")
    clear_caches()
    upgrade(get_settings().resolved_database_url, "heads")
    files = {"placements": placements} if placements else {}
    directory = write_export(
        tmp_path / "export",
        locations=LOCATIONS,
        groups=GROUPS,
        registrations=registrations,
        **files,
    )
    with session_scope() as session:
        import_directory(session=session, directory=directory)
        run_estimates(session=session, today=clock.today())
    return tmp_path / "outbox"


@pytest.fixture
def waitlist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    yield open_waitlist(tmp_path, monkeypatch)
    clear_caches()
