"""Staff accounts for tests that need someone to claim or close work."""

from datetime import datetime, timezone

from sqlalchemy.orm import Session

from bot.staff.accounts import create_account

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=timezone.utc)


def staff(session: Session, email: str = "anna@example.nl"):
    return create_account(
        session=session, email=email, password="lang-genoeg-1", role="agent", name="Anna", now=NOW
    )
