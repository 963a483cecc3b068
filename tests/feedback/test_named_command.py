"""`python -m bot feedback named|anonymous NUMBER`: staff record that a parent agreed to be
named with their feedback in the export, or withdrew it; audited, and refused for a number
that is not on file."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.commands.cli import main
from bot.db.session import session_scope
from bot.staff.models import AuditEntry
from bot.updates.models import UpdatePreference
from tests.support.waitlists import clear_caches, open_waitlist


@pytest.fixture
def waitlist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    yield open_waitlist(tmp_path, monkeypatch)
    clear_caches()


def named_at(number: str):
    with session_scope() as session:
        preference = session.get(UpdatePreference, number)
        return preference.feedback_named_at if preference else None


def test_consent_to_be_named_is_recorded_and_withdrawn_audited(
    waitlist: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert named_at("INS-000001") is None  # nobody is named by default

    assert main(["feedback", "named", "ins 000001"]) == 0  # typed loosely
    assert named_at("INS-000001") is not None
    assert main(["feedback", "anonymous", "INS-000001"]) == 0
    assert named_at("INS-000001") is None

    assert main(["feedback", "named", "INS-999999"]) == 1
    assert "no registration INS-999999" in capsys.readouterr().err
    with session_scope() as session:
        actions = session.execute(
            select(AuditEntry.action, AuditEntry.detail).order_by(AuditEntry.id)
        ).all()
    assert [tuple(a) for a in actions] == [
        ("feedback_named", "INS-000001"),
        ("feedback_anonymous", "INS-000001"),
    ]
