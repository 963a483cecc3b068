"""The console on a migrated database (tests/support/console_app.py), with a manager."""

import pytest
from sqlalchemy.orm import Session

from bot.staff.accounts import create_account
from tests.support.console_app import NOW, PASSWORD, admin, agent, console, rasa

__all__ = ["admin", "agent", "console", "rasa"]


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
