"""The signed unsubscribe link of the updates: a page that names the child and says that
the news of a place stops too, with a button; a POST that stops the updates at once (also
the mail client's one-click POST), audited; a forged link nothing, and a page for parents
in the link's language instead of the console's error page."""

import html
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.staff.models import AuditEntry
from bot.updates.links import unsubscribe_url
from bot.updates.models import UpdatePreference
from bot.waitlist.importer import import_directory
from bot.waitlist.queries import find_registration
from tests.support.export_files import GROUPS, LOCATIONS, write_export
from tests.support.waitlists import REGISTRATIONS


@pytest.fixture
def registered(db_session: Session, tmp_path: Path) -> str:
    """INS-000001 on file; its child's first name."""
    directory = write_export(
        tmp_path / "export", locations=LOCATIONS, groups=GROUPS, registrations=REGISTRATIONS
    )
    import_directory(session=db_session, directory=directory)
    registration = find_registration(session=db_session, number="INS-000001")
    assert registration is not None
    return registration.child.first_name


def link(console: TestClient, form: str = "u") -> str:
    parts = urlsplit(unsubscribe_url(console.app.state.settings, "INS-000001", form))
    return f"{parts.path}?{parts.query}"


def test_the_link_shows_a_button_and_the_post_stops_the_updates(
    console: TestClient, db_session: Session, registered: str
) -> None:
    page = console.get(link(console))
    assert page.status_code == 200 and "Afmelden" in page.text
    text = " ".join(html.unescape(page.text).split())
    words = re.sub(r'(action|href)="[^"]*"', "", text)  # what the parent reads
    assert "Geen berichten meer over de wachtlijst?" in words and "update" not in words.lower()
    child = registered
    assert f"de inschrijving van {child} (INS-000001)" in text
    # the opt-out stops every update, the news of a place too: the page says so
    assert "dan krijgt u ook geen bericht van ons als er een plek is" in text
    assert 'href="http' in page.text and "Naar onze chat" in text
    assert db_session.get(UpdatePreference, "INS-000001") is None  # a GET changes nothing

    done = console.post(link(console), data={"List-Unsubscribe": "One-Click"})

    assert done.status_code == 200 and "U bent afgemeld" in done.text
    assert "Uw kind blijft op de wachtlijst staan" in done.text and "Naar onze chat" in done.text
    preference = db_session.get(UpdatePreference, "INS-000001")
    assert preference.email_opt_out_at and preference.whatsapp_opt_out_at
    [entry] = db_session.scalars(select(AuditEntry).where(AuditEntry.action == "updates_opt_out"))
    assert entry.detail == "INS-000001 one-click"


def test_a_link_for_another_number_or_without_signature_does_nothing(
    console: TestClient, db_session: Session
) -> None:
    forged = link(console).replace("INS-000001", "INS-000002")
    assert console.post(forged).status_code == 404
    refused = console.get("/updates/unsubscribe?n=INS-000001&s=0")
    assert refused.status_code == 404
    assert "Deze afmeldlink werkt niet" in refused.text and "plaatsing@" in refused.text
    # a page for parents: not the staff console's error page with its way to the queue
    assert "Medewerkersconsole" not in refused.text and "wachtrij" not in refused.text
    assert "Fout 404" not in refused.text
    assert db_session.get(UpdatePreference, "INS-000002") is None


def test_a_wrong_link_from_an_english_update_gets_an_english_page(console: TestClient) -> None:
    english = link(console, "en").replace("INS-000001", "INS-000002")
    for refused in (console.get(english), console.post(english)):
        assert refused.status_code == 404 and 'lang="en"' in refused.text
        assert "This unsubscribe link doesn't work" in html.unescape(refused.text)
        assert "Deze" not in refused.text and "Medewerkersconsole" not in refused.text


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
    assert "Stop messages about the waiting list?" in page.text and "Afmelden" not in page.text
    done = console.post(english)
    assert done.status_code == 200 and "You have unsubscribed" in done.text
    assert console.get(english.replace("lang=en", "lang=fr")).status_code == 422
