"""The demo admin of the embedded set-up: created on the first `make run` when no admin
exists (DEMO_STAFF=true, the default), with a random password kept in var/demo-admin.txt
(mode 0600) and never printed: `make run`'s output often lands in a readable file."""

import os
import secrets
from pathlib import Path

from sqlalchemy.orm import Session

from bot.shared import clock
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
    path.unlink(missing_ok=True)  # made anew: readable by its owner only from the start
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(f"{DEMO_EMAIL}\n{password}\n")
    return password
