"""The demo admin's password: in a file only its owner reads, and never on `make run`'s
output (which often lands in a file anyone on the machine reads)."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from bot.console.demo import password_file
from bot.launcher.stack import demo_login
from bot.settings import Settings


def test_the_password_is_in_a_private_file_and_not_printed(
    db_session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    @contextmanager
    def same_session() -> Iterator[Session]:
        yield db_session

    monkeypatch.setattr("bot.db.session.session_scope", same_session)
    password_file(tmp_path).write_text("left over, world-readable\n")
    os.chmod(password_file(tmp_path), 0o644)
    writes: list[int] = []
    real_open = os.open
    monkeypatch.setattr(
        os,
        "open",
        lambda path, flags, mode=0o777: writes.append(mode) or real_open(path, flags, mode),
    )

    printed = demo_login(Settings(var_dir=tmp_path, demo_staff=True))

    email, password = password_file(tmp_path).read_text().split()
    assert email in printed and str(password_file(tmp_path)) in printed
    assert password not in printed
    assert writes == [0o600] and password_file(tmp_path).stat().st_mode & 0o077 == 0
