"""Refusals that reach staff are Dutch and short (issue 30's leftovers): the console's
pages show the API's detail as it comes when it has no translation of its own."""

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from bot.edits import changes
from bot.staff import second_factor
from bot.staff.accounts import AccountError, create_account
from tests.support.console_app import NOW, PASSWORD, logged_in


def test_the_edits_pages_unknown_things_are_refused_in_dutch(console: TestClient, admin) -> None:
    headers = logged_in(console, admin.email)
    for path, words in (
        ("/api/edits/texts/bestaat_niet/history", "Deze tekst bestaat niet."),
        ("/api/edits/buttons/bestaat_niet/history", "Deze knop bestaat niet."),
        ("/api/edits/facts/bestaat_niet/history", "Dit gegeven van de organisatie bestaat niet."),
        ("/api/edits/settings/bestaat_niet/history", "Deze instelling bestaat niet."),
    ):
        answer = console.get(path, headers=headers)
        assert (answer.status_code, answer.json()["detail"]) == (404, words), path
    put = console.put("/api/edits/texts/bestaat_niet", json={"u": "Hallo"}, headers=headers)
    assert (put.status_code, put.json()["detail"]) == (404, "Deze tekst bestaat niet.")
    gone = console.delete("/api/edits/settings/closures/2030-01-02", headers=headers)
    assert (gone.status_code, gone.json()["detail"]) == (
        404,
        "Er is geen sluitingsdag op 02-01-2030.",
    )


def test_domain_refusals_staff_can_meet_are_dutch(db_session: Session, admin) -> None:
    with pytest.raises(
        AccountError, match=r"^Kies een rol: medewerker, beheerder of management\.$"
    ):
        create_account(
            session=db_session,
            email="x@example.nl",
            password=PASSWORD,
            role="baas",
            name="X",
            now=NOW,
        )
    assert second_factor.enabled(admin)  # the fixture's admin has one
    with pytest.raises(second_factor.SecondFactorError) as already:
        second_factor.begin_setup(account=admin)
    assert str(already.value) == "Dit account heeft al een tweede factor."
    with pytest.raises(changes.UnknownEdit, match=r"^Er is geen sluitingsdag op 01-02-2030\.$"):
        changes.remove_closure(session=db_session, day=date(2030, 2, 1), staff_id=None, now=NOW)
