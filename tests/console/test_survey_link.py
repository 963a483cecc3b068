"""The signed touchpoint survey link, over HTTP through the console app: the page asks the
score (1-5, or 0-10 for the NPS question) and the open question in the parent's language
and form of address, and records one answer per registration and moment with the location
it is about; a forged, altered, expired or reused link gets a clear page in the link's
language, never an error, and a missing score loses none of the parent's words."""

import re
from datetime import timedelta
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.shared import clock
from bot.updates.config import load
from bot.updates.links import survey_url
from bot.updates.models import SurveyAnswer
from bot.waitlist.offers import set_outcome
from tests.support.console_app import logged_in
from tests.support.offers import import_offer

LINK_DAYS = load().survey_link_days


@pytest.fixture
def mila(db_session: Session, tmp_path: Path) -> None:
    """Mila (INS-000001, preferring Het Zonnetje) with an offer there, accepted."""
    offer = import_offer(db_session, tmp_path / "export")
    set_outcome(session=db_session, offer=offer, outcome="accepted", now=clock.now())
    db_session.flush()


def link(
    console: TestClient, moment: str, form: str = "u", days_ago: int = 0, number: str = "INS-000001"
) -> str:
    sent = clock.today() - timedelta(days=days_ago)
    parts = urlsplit(survey_url(console.app.state.settings, number, moment, form, sent))
    return f"{parts.path}?{parts.query}"


def answers(session: Session) -> list[SurveyAnswer]:
    session.expire_all()
    return list(session.scalars(select(SurveyAnswer).order_by(SurveyAnswer.id)))


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def scores_offered(html: str) -> list[int]:
    return [int(v) for v in re.findall(r'name="score" value="(\d+)"', html)]


def test_the_page_asks_two_questions_and_records_the_answer_with_location_and_moment(
    console: TestClient, mila: None, db_session: Session
) -> None:
    url = link(console, "survey_offer")

    page = console.get(url)

    assert page.status_code == 200 and 'lang="nl"' in page.text
    shown = text_of(page.text)
    assert "U kreeg onlangs een aanbod voor een plek voor Mila." in shown
    assert "Hoe tevreden bent u over hoe het aanbod ging?" in shown
    assert "1 = heel ontevreden, 5 = heel tevreden" in shown
    assert "Wat kunnen we beter doen bij een aanbod?" in shown
    assert scores_offered(page.text) == [1, 2, 3, 4, 5]
    assert answers(db_session) == []  # a GET (a mail scanner) changes nothing

    done = console.post(url, data={"score": "4", "comment": "Snel  geregeld,\nfijn!"})

    assert done.status_code == 200
    assert "Dank u wel!" in text_of(done.text)
    [answer] = answers(db_session)
    assert (answer.registration_number, answer.moment, answer.location_code) == (
        "INS-000001",
        "survey_offer",
        "UTR-ZON",
    )
    assert (answer.scale, answer.score, answer.comment) == ("csat", 4, "Snel geregeld, fijn!")
    assert (answer.channel, answer.language) == ("email", "nl")


def test_a_second_answer_is_refused_kindly_and_the_first_one_stands(
    console: TestClient, mila: None, db_session: Session
) -> None:
    url = link(console, "survey_start")
    assert console.post(url, data={"score": "9", "comment": ""}).status_code == 200

    again = console.get(url)
    assert again.status_code == 409
    assert "U heeft al geantwoord" in text_of(again.text)
    resent = console.post(url, data={"score": "2", "comment": "toch niet"})
    assert resent.status_code == 409
    assert "We hebben uw antwoord op deze vragen al, en dat blijft staan." in text_of(resent.text)
    # a link of another day (a second mail) does not make a second answer either
    other_day = console.post(link(console, "survey_start", days_ago=3), data={"score": "1"})
    assert other_day.status_code == 409
    [answer] = answers(db_session)
    assert (answer.scale, answer.score, answer.comment) == ("nps", 9, None)
    # another moment is another question: it takes its own answer
    assert console.post(link(console, "survey_welcome"), data={"score": "5"}).status_code == 200
    assert [a.moment for a in answers(db_session)] == ["survey_start", "survey_welcome"]


def test_the_nps_question_goes_from_0_to_10_in_informal_dutch(
    console: TestClient, mila: None, db_session: Session
) -> None:
    url = link(console, "survey_start", "je")
    page = console.get(url)
    shown = text_of(page.text)
    assert "Hoe waarschijnlijk is het dat je Kinderopvang De Regenboog aanraadt" in shown
    assert "Wat is de belangrijkste reden voor je cijfer?" in shown
    assert scores_offered(page.text) == list(range(11))

    off_scale = console.post(url, data={"score": "11", "comment": "Heel blij met de juf"})
    assert off_scale.status_code == 422
    assert "Kies eerst een cijfer. Wat je schreef, staat er nog." in text_of(off_scale.text)
    assert "Heel blij met de juf</textarea>" in off_scale.text  # nothing lost
    assert answers(db_session) == []

    assert console.post(url, data={"score": "0", "comment": ""}).status_code == 200
    assert [a.score for a in answers(db_session)] == [0]


def test_an_english_link_speaks_english_and_a_missing_score_keeps_the_words(
    console: TestClient, mila: None, db_session: Session
) -> None:
    url = link(console, "survey_welcome", "en")
    page = console.get(url)
    assert 'lang="en"' in page.text
    assert "How satisfied are you with registering?" in text_of(page.text)

    missing = console.post(url, data={"comment": "The form was long"})
    assert missing.status_code == 422
    assert "Please choose a score first." in text_of(missing.text)
    assert "The form was long</textarea>" in missing.text

    done = console.post(url, data={"score": "3", "comment": "The form was long"})
    assert "Thank you!" in text_of(done.text)
    [answer] = answers(db_session)
    assert (answer.language, answer.comment, answer.location_code) == (
        "en",
        "The form was long",
        "UTR-ZON",  # the first location the parent chose
    )


DUTCH_REFUSAL = ("Deze link klopt niet", "niet helemaal gekopieerd")


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda url: url.replace("s=", "s=0"), DUTCH_REFUSAL),  # a forged signature
        (lambda url: url.replace("INS-000001", "INS-000002"), DUTCH_REFUSAL),  # another child
        (lambda url: url.replace("m=survey_offer", "m=survey_start"), DUTCH_REFUSAL),
        (lambda url: url.split("&s=")[0], DUTCH_REFUSAL),  # no signature at all
        (lambda url: url + "%C3%A9", DUTCH_REFUSAL),  # non-ASCII in the signature
        # another language: refused in the language the link asks for
        (lambda url: url.replace("f=u", "f=en"), ("This link is not valid", "copied completely")),
    ],
)
def test_an_altered_link_gets_the_page_for_a_wrong_link(
    console: TestClient, mila: None, db_session: Session, change, says: tuple[str, str]
) -> None:
    url = change(link(console, "survey_offer"))

    for answer in (console.get(url), console.post(url, data={"score": "5"})):
        assert answer.status_code == 404
        shown = text_of(answer.text)
        assert all(words in shown for words in says), shown
    assert answers(db_session) == []


def test_a_link_for_no_registration_or_an_unknown_moment_gets_the_wrong_link_page(
    console: TestClient, mila: None
) -> None:
    assert console.get(link(console, "survey_offer", number="INS-999999")).status_code == 404
    assert console.get(link(console, "survey_never")).status_code == 404


def test_an_expired_link_says_so_in_its_language(
    console: TestClient, mila: None, db_session: Session
) -> None:
    still = link(console, "survey_offer", days_ago=LINK_DAYS)
    assert console.get(still).status_code == 200  # the last day it works

    expired = link(console, "survey_offer", "en", days_ago=LINK_DAYS + 1)
    for answer in (console.get(expired), console.post(expired, data={"score": "5"})):
        assert answer.status_code == 410
        shown = text_of(answer.text)
        assert "These questions are closed" in shown
        assert f"The link worked for {LINK_DAYS} days and has now expired." in shown
    assert answers(db_session) == []


def test_management_reads_the_scores_of_the_answers_and_no_parents_data(
    console: TestClient, mila: None, manager, db_session: Session
) -> None:
    console.post(link(console, "survey_start"), data={"score": "10", "comment": "Mila's juf Ans"})
    console.post(link(console, "survey_offer"), data={"score": "2", "comment": "Te laat gebeld"})
    logged_in(console, manager.email)

    answer = console.get("/api/dashboard")

    assert answer.status_code == 200
    rows = {(r["moment"], r["location"]): r for r in answer.json()["touchpoints"]}
    assert set(rows) == {
        ("survey_offer", None),
        ("survey_offer", "UTR-ZON"),
        ("survey_start", None),
        ("survey_start", "UTR-ZON"),
    }
    start = rows[("survey_start", "UTR-ZON")]
    assert (start["location_name"], start["count"], start["nps"], start["promoters"]) == (
        "Het Zonnetje",
        1,
        100,
        1,
    )
    assert (rows[("survey_offer", None)]["average"], rows[("survey_offer", None)]["nps"]) == (
        2,
        None,
    )
    for personal in ("INS-000001", "Mila", "juf Ans", "Te laat", "sanne"):
        assert personal not in answer.text, personal
