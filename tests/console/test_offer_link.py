"""The signed offer link, over HTTP through the console app: the page shows the offer in the
parent's language and form of address, takes the decision with one confirmation and files
it as the parent's request (channel "link") with a confirmation mail; a forged, altered,
expired or reused link gets a clear page in the link's language, never an error."""

import email
import re
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.conversation import formats
from bot.parent_requests.models import RegistrationRequest
from bot.updates.links import offer_url
from bot.waitlist.models import Offer
from tests.support.dates import days_from_today, iso
from tests.support.offers import RESPOND_BY, START, import_offer, offer_row, reimport_offer


@pytest.fixture
def offer(db_session: Session, tmp_path: Path) -> Offer:
    return import_offer(db_session, tmp_path / "export")


def link(console: TestClient, offer_id: int, form: str = "u") -> str:
    parts = urlsplit(offer_url(console.app.state.settings, offer_id, form))
    return f"{parts.path}?{parts.query}"


def answers(session: Session) -> list[RegistrationRequest]:
    session.expire_all()
    return list(session.scalars(select(RegistrationRequest).order_by(RegistrationRequest.id)))


def mails(tmp_path: Path) -> list[str]:
    return [
        email.message_from_bytes(p.read_bytes()).get_payload(decode=True).decode()
        for p in sorted((tmp_path / "outbox").glob("*.eml"))
    ]


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_the_page_shows_the_offer_and_a_yes_is_filed_after_one_confirmation(
    console: TestClient, offer: Offer, db_session: Session, tmp_path: Path
) -> None:
    url = link(console, offer.id)

    page = console.get(url)
    assert page.status_code == 200 and 'lang="nl"' in page.text
    shown = text_of(page.text)
    assert "Goed nieuws: er is een plek voor Mila!" in shown
    assert "Het Zonnetje (Babygroep)" in shown and "maandag en woensdag" in shown
    assert formats.full_date(START) in shown
    assert f"Laat u ons uiterlijk {formats.deadline_date(RESPOND_BY)} weten" in shown
    assert answers(db_session) == []  # a GET (a mail scanner) changes nothing

    review = console.post(url, data={"choice": "accept", "step": "review"})
    assert "U neemt de plek voor Mila aan: Het Zonnetje (Babygroep)" in text_of(review.text)
    assert answers(db_session) == []

    done = console.post(url, data={"choice": "accept", "step": "confirm"})

    assert done.status_code == 200
    assert "Dank u! U neemt de plek voor Mila aan." in text_of(done.text)
    assert "U krijgt zo een bevestiging per e-mail." in text_of(done.text)
    [filed] = answers(db_session)
    assert (filed.kind, filed.channel, filed.offer_id) == ("accept_offer", "link", offer.id)
    assert filed.details == "Ja, we nemen de plek." and filed.confirmed_at is not None
    [mail] = mails(tmp_path)
    assert "u neemt de plek voor Mila aan" in mail


def test_a_no_in_informal_dutch_keeps_waiting_with_the_parents_words(
    console: TestClient, offer: Offer, db_session: Session, tmp_path: Path
) -> None:
    url = link(console, offer.id, "je")
    assert "Laat je ons uiterlijk" in text_of(console.get(url).text)

    review = text_of(console.post(url, data={"choice": "decline", "step": "review"}).text)
    assert "Mila blijft op de wachtlijst, met de dagen en locaties die je koos" in review
    assert "Wil je de inschrijving helemaal stoppen? Dat is een apart verzoek" in review

    words = {"choice": "decline", "step": "confirm", "words": "Liever\nvrijdag  erbij"}
    done = console.post(url, data=words)

    assert "Dank je voor je antwoord." in text_of(done.text)
    [filed] = answers(db_session)
    assert filed.kind == "decline_offer"
    assert (
        filed.details
        == "Nee, we nemen de plek niet. We blijven op de wachtlijst. Liever vrijdag erbij"
    )
    assert "je neemt de plek voor Mila niet aan" in mails(tmp_path)[0]
    assert db_session.get(Offer, offer.id).outcome == "open"  # until head office works it


def test_an_english_link_speaks_english_all_the_way(
    console: TestClient, offer: Offer, db_session: Session, tmp_path: Path
) -> None:
    url = link(console, offer.id, "en")
    page = console.get(url)
    assert 'lang="en"' in page.text
    assert "Good news: there's a place for Mila!" in text_of(page.text)
    assert "Mondays and Wednesdays" in text_of(page.text)

    done = console.post(url, data={"choice": "accept", "step": "confirm"})

    assert "Thank you! You accept the place for Mila." in text_of(done.text)
    assert "you accept the place for Mila" in mails(tmp_path)[0]
    assert answers(db_session)[0].details == "Yes, we'll take the place."


def test_a_reused_link_is_refused_with_a_page_that_says_it_was_answered(
    console: TestClient, offer: Offer, db_session: Session
) -> None:
    url = link(console, offer.id)
    console.post(url, data={"choice": "accept", "step": "confirm"})

    for again in (
        console.get(url),
        console.post(url, data={"choice": "decline", "step": "confirm"}),
    ):
        assert again.status_code == 409
        assert "U heeft al geantwoord" in again.text and "Op dit aanbod voor Mila" in again.text
    assert len(answers(db_session)) == 1


@pytest.mark.parametrize(
    "alter",
    [
        lambda url, other: url.replace("o=", "o=9"),  # another offer, same signature
        lambda url, other: url.replace("f=u", "f=en"),  # another language, same signature
        lambda url, other: re.sub(r"s=\w+", "s=" + "0" * 32, url),
        lambda url, other: re.sub(r"s=\w+", "s=" + "é" * 32, url),
        lambda url, other: url.replace("o=", "o=x"),
        lambda url, other: url.replace("f=u", "f=fr"),
        lambda url, other: url.split("&s=")[0],
        lambda url, other: other,  # a link signed for another offer, used for this one
    ],
)
def test_an_altered_or_forged_link_is_refused_with_a_clear_page(
    console: TestClient, offer: Offer, db_session: Session, alter
) -> None:
    other = link(console, offer.id + 1000).replace(f"o={offer.id + 1000}", f"o={offer.id}")
    url = alter(link(console, offer.id), other)

    shown = console.get(url)
    posted = console.post(url, data={"choice": "accept", "step": "confirm"})

    for page in (shown, posted):
        assert page.status_code == 404
        said = text_of(page.text)
        # in the link's language (English for an altered f=en)
        assert "Deze link klopt niet" in said or "This link is not valid" in said
        assert "Traceback" not in page.text
    assert answers(db_session) == []


def test_a_post_that_is_not_the_pages_own_is_refused_without_an_error(
    console: TestClient, offer: Offer, db_session: Session
) -> None:
    url = link(console, offer.id)
    for body in ({}, {"choice": "maybe", "step": "confirm"}, {"choice": "accept", "step": "x"}):
        refused = console.post(url, data=body)
        assert refused.status_code == 400 and "Deze link klopt niet" in refused.text
    assert answers(db_session) == []


def test_an_expired_or_closed_offer_is_refused_in_the_links_language(
    console: TestClient, offer: Offer, db_session: Session, tmp_path: Path
) -> None:
    yesterday = days_from_today(-1)
    reimport_offer(db_session, tmp_path / "late", offer_row(respond_by=iso(yesterday)))

    expired = console.get(link(console, offer.id, "en"))

    assert expired.status_code == 410
    assert "This offer has expired" in expired.text
    child = db_session.get(Offer, offer.id).registration.child.first_name
    page = text_of(expired.text)
    # no date that might be the wrong reason: the offer may also have been withdrawn
    assert f"This offer for {child} is no longer open." in page
    assert formats.deadline_date(yesterday, form="en") not in page
    posted = console.post(link(console, offer.id), data={"choice": "accept", "step": "confirm"})
    assert posted.status_code == 410 and "Dit aanbod is verlopen" in posted.text

    reimport_offer(db_session, tmp_path / "marked", offer_row("expired"))
    assert console.get(link(console, offer.id)).status_code == 410
    reimport_offer(db_session, tmp_path / "taken", offer_row("accepted"))
    assert console.get(link(console, offer.id)).status_code == 409
    assert answers(db_session) == []
