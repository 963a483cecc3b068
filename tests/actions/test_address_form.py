"""ADDRESS_FORM=je holds in the estimate answer too, not only in the fixed texts."""

from pathlib import Path

import pytest

from actions.registration import estimate_texts
from bot.db.session import session_scope
from bot.settings import get_settings
from tests.actions.conftest import clear_caches


@pytest.mark.parametrize("form", ["u", "je"])
def test_the_estimate_answer_uses_the_organisations_form(
    waitlist: Path, monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    monkeypatch.setenv("ADDRESS_FORM", form)
    get_settings.cache_clear()
    with session_scope() as session:
        said = " ".join(estimate_texts(session, "INS-000001"))
    clear_caches()

    formal = any(w in said.split() for w in ("u", "uw", "U", "Uw"))
    informal = any(w in said.split() for w in ("je", "jouw", "Je", "Jouw"))
    assert (formal, informal) == ((True, False) if form == "u" else (False, True)), said
