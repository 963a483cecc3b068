"""A real (SQLite) waitlist with one family, Mila's, for the actions and pages that read it."""

from pathlib import Path

import pytest

from bot.db import session as db_session_module
from bot.db.migrate import upgrade
from bot.db.session import session_scope
from bot.settings import get_settings
from bot.shared import clock
from bot.waitlist.estimate_run import run_estimates
from bot.waitlist.importer import import_directory
from tests.support.dates import iso, month_day
from tests.support.export_files import GROUPS, LOCATIONS, write_export

# Mila is 15 months old, whatever the date, and has waited since before she was born
MILA = month_day(-15)
REGISTRATIONS = (
    "registration_number,child_first_name,child_birth_date,parent_name,parent_email,"
    "parent_phone,care_type,location_codes,weekdays,desired_start_date,registered_on,"
    f"priority,status\nINS-000001,Mila,{iso(MILA)},Sanne,sanne@example.nl,+31612345678,kdv,"
    f"UTR-ZON,ma,{iso(month_day(-10))},{iso(month_day(-21))},none,waiting\n"
)


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
