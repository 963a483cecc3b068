"""The console's fixtures: the app on a migrated database with a loopback Rasa
(tests/support/console_app.py), and parents' requests with a manager to read them."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext
from sqlalchemy.orm import Session

from bot.parent_requests.intake import store_request
from bot.staff.accounts import create_account
from bot.waitlist.importer import import_directory
from tests.support.console import StaffConsole
from tests.support.console_app import NOW, PASSWORD, admin, agent, colleague, console, rasa
from tests.support.export_files import GROUPS, LOCATIONS, write_export
from tests.support.stack import RunningStack
from tests.support.waitlists import REGISTRATIONS  # Mila, 15 months old on any day

__all__ = ["admin", "agent", "colleague", "console", "rasa"]


@pytest.fixture
def requests_made(db_session: Session, tmp_path: Path) -> list[int]:
    directory = write_export(
        tmp_path / "export", locations=LOCATIONS, groups=GROUPS, registrations=REGISTRATIONS
    )
    import_directory(session=db_session, directory=directory)
    made = [
        store_request(
            session=db_session,
            number="INS-000001",
            kind="change",
            details=words,
            channel="website",
            sender_id=sender,
            now=NOW,
        ).id
        for words, sender in (("woensdag erbij", "website:open"), ("vrijdag erbij", "website:old"))
    ]
    db_session.flush()
    return made


@pytest.fixture
def manager(db_session: Session):
    return create_account(
        session=db_session,
        email="directie@example.nl",
        password=PASSWORD,
        role="management",
        name="Directie",
        now=NOW,
    )


@pytest.fixture(scope="module")
def boss(default_stack: RunningStack) -> StaffConsole:
    """The demo admin over the console's API, for the browser tests' setup."""
    return StaffConsole(default_stack)


@pytest.fixture
def contexts(browser: Browser) -> Iterator[list[BrowserContext]]:
    """Browser contexts a test opens (an agent, a parent), closed after it."""
    made: list[BrowserContext] = []
    yield made
    for context in made:
        context.close()
