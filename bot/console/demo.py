"""The demo admin of the embedded set-up: created on the first `make run` when no admin
exists (DEMO_STAFF=true, the default), with a random password kept in var/demo-admin.txt."""

import os
import secrets
from pathlib import Path

from sqlalchemy.orm import Session

from bot import clock
from bot.staff.accounts import any_admin, create_account

DEMO_EMAIL = "beheer@example.nl"


def password_file(var_dir: Path) -> Path:
    return var_dir / "demo-admin.txt"


def ensure_demo_admin(*, session: Session, var_dir: Path) -> str | None:
    """Create the demo admin if there is no admin; returns the new password, else None."""
    if any_admin(session=session):
        return None
    password = secrets.token_urlsafe(12)
    create_account(
        session=session,
        email=DEMO_EMAIL,
        password=password,
        role="admin",
        name="Beheerder",
        now=clock.now(),
    )
    path = password_file(var_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{DEMO_EMAIL}\n{password}\n", encoding="utf-8")
    os.chmod(path, 0o600)
    return password
