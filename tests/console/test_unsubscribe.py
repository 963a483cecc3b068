"""The signed unsubscribe link of the updates: a page with a button, a POST that stops the
updates at once (also the mail client's one-click POST), audited; a forged link nothing."""

from urllib.parse import urlsplit

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.staff.models import AuditEntry
from bot.updates.links import unsubscribe_url
from bot.updates.models import UpdatePreference


def link(console: TestClient, form: str = "u") -> str:
    parts = urlsplit(unsubscribe_url(console.app.state.settings, "INS-000001", form))
    return f"{parts.path}?{parts.query}"


def test_the_link_shows_a_button_and_the_post_stops_the_updates(
    console: TestClient, db_session: Session
) -> None:
    page = console.get(link(console))
    assert page.status_code == 200 and "Afmelden" in page.text
    assert db_session.get(UpdatePreference, "INS-000001") is None  # a GET changes nothing

    done = console.post(link(console), data={"List-Unsubscribe": "One-Click"})

    assert done.status_code == 200 and "U bent afgemeld" in done.text
    preference = db_session.get(UpdatePreference, "INS-000001")
    assert preference.email_opt_out_at and preference.whatsapp_opt_out_at
    [entry] = db_session.scalars(select(AuditEntry).where(AuditEntry.action == "updates_opt_out"))
    assert entry.detail == "INS-000001 one-click"


def test_a_link_for_another_number_or_without_signature_does_nothing(
    console: TestClient, db_session: Session
) -> None:
    forged = link(console).replace("INS-000001", "INS-000002")
    assert console.post(forged).status_code == 404
    assert console.get("/updates/unsubscribe?n=INS-000001&s=0").status_code == 404
    assert db_session.get(UpdatePreference, "INS-000002") is None


def test_a_signature_with_other_characters_is_a_wrong_link_not_an_error(
    console: TestClient, db_session: Session
) -> None:
    for forged in ("é" * 32, "０" * 32, "s%00"):
        url = f"/updates/unsubscribe?n=INS-000001&s={forged}"
        assert console.get(url).status_code == 404
        assert console.post(url).status_code == 404
    assert db_session.get(UpdatePreference, "INS-000001") is None


def test_the_link_of_an_english_update_opens_an_english_page(
    console: TestClient, db_session: Session
) -> None:
    english = link(console, "en")
    assert english.endswith("&lang=en")
    page = console.get(english)
    assert page.status_code == 200 and 'lang="en"' in page.text
    assert "Stop receiving updates?" in page.text and "Afmelden" not in page.text
    done = console.post(english)
    assert done.status_code == 200 and "You have unsubscribed" in done.text
    assert console.get(english.replace("lang=en", "lang=fr")).status_code == 422
