"""The actions' waitlist fixture: Mila's family in a real (SQLite) database."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.waitlists import clear_caches, open_waitlist


@pytest.fixture
def waitlist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    yield open_waitlist(tmp_path, monkeypatch)
    clear_caches()
