"""`python -m bot staff add` creates accounts that can log in; bad input is refused clearly.
`staff reset-second-factor` removes a locked-out admin's second factor, audited."""

import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.migrate import upgrade
from bot.db.session import make_engine
from bot.shared import clock
from bot.staff import second_factor
from bot.staff.accounts import create_account, log_in
from bot.staff.models import AuditEntry, StaffAccount
from tests.support.second_factor import enroll
from tests.support.stack import ROOT

pytestmark = pytest.mark.integration  # runs the command line in a subprocess


def staff_command(
    env: dict[str, str], *args: str, password: str = ""
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ROOT / ".venv/app/bin/python"), "-m", "bot", "staff", *args],
        cwd=ROOT,
        env=env,
        input=password + "\n",
        capture_output=True,
        text=True,
        timeout=60,
    )


def staff_add(env: dict[str, str], *args: str, password: str) -> subprocess.CompletedProcess:
    return staff_command(env, "add", *args, "--password-stdin", password=password)


def test_staff_add_with_password_from_stdin(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'placement.db'}"
    upgrade(url)
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
        "VAR_DIR": str(tmp_path),
        "DATABASE_URL": url,
    }
    done = staff_add(
        env, "Ed@Example.nl", "--role", "agent", "--name", "Ed", password="correct-horse-battery"
    )
    assert done.returncode == 0, done.stderr
    assert "created agent account ed@example.nl" in done.stdout
    again = staff_add(env, "ed@example.nl", "--role", "admin", password="correct-horse-battery")
    assert again.returncode == 2 and "already exists" in again.stderr
    short = staff_add(env, "x@example.nl", "--role", "admin", password="kort")
    assert short.returncode == 2 and "at least 10 characters" in short.stderr
    engine = make_engine(url)
    with Session(engine) as session:
        result = log_in(
            session=session,
            email="ed@example.nl",
            password="correct-horse-battery",
            ip="127.0.0.1",
            now=clock.now(),
            max_failures=5,
            lock_minutes=15,
        )
        assert result.account is not None and result.account.role == "agent"
    engine.dispose()


def test_reset_second_factor_from_the_command_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'placement.db'}"
    upgrade(url)
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
        "VAR_DIR": str(tmp_path),
        "DATABASE_URL": url,
    }
    engine = make_engine(url)
    with Session(engine) as session:
        admin = create_account(
            session=session,
            email="baas@example.nl",
            password="x" * 12,
            role="admin",
            name="Baas",
            now=clock.now(),
        )
        enroll(session, admin)
        session.commit()
    done = staff_command(env, "reset-second-factor", "Baas@example.nl")
    assert done.returncode == 0, done.stderr
    unknown = staff_command(env, "reset-second-factor", "niemand@example.nl")
    assert unknown.returncode == 2 and "no account" in unknown.stderr
    with Session(engine) as session:
        account = session.scalars(select(StaffAccount)).one()
        assert not second_factor.enabled(account) and account.totp_secret is None
        entry = session.scalars(select(AuditEntry)).one()
        assert (entry.action, entry.detail) == ("second_factor_reset", "baas@example.nl")
    engine.dispose()
