"""Parents' answers to a placement offer as work in the console, through its API: listed and
shown with the kind in words and the offer, closed like changes (resolving carries the
decision out, rejecting leaves the offer open), the outcome to the parent per kind in the
chat while it is open and by mail, the planners' CSV with the offer's key, and closing by
the import that shows the outcome."""

import email
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from bot.commands.import_export import chat_languages
from bot.conversation import formats
from bot.parent_requests.intake import confirm, store_request
from bot.parent_requests.planning import close_reflected
from bot.settings import Settings
from bot.shared import clock
from bot.updates.preferences import remember_language
from bot.waitlist.models import Offer
from bot.waitlist.queries import find_registration
from tests.support.console_app import logged_in
from tests.support.offers import RESPOND_BY, START, import_offer, offer_row, reimport_offer
from tests.support.rasa_api import FakeRasa


@pytest.fixture
def offer(db_session: Session, tmp_path: Path) -> Offer:
    return import_offer(db_session, tmp_path / "export")


def answer(session: Session, offer: Offer, kind: str, words: str, sender: str = "website:open"):
    request = store_request(
        session=session,
        number="INS-000001",
        kind=kind,
        details=words,
        channel="website",
        sender_id=sender,
        offer_id=offer.id,
    )
    session.flush()
    return request


def mails(tmp_path: Path) -> list[email.message.Message]:
    return [
        email.message_from_bytes(p.read_bytes())
        for p in sorted((tmp_path / "outbox").glob("*.eml"))
    ]


def status(session: Session) -> str:
    session.info.pop("registrations", None)
    session.expire_all()
    return find_registration(session=session, number="INS-000001").status


def test_the_list_and_the_detail_show_the_kind_in_words_and_the_offer(
    console: TestClient, agent, offer: Offer, db_session: Session
) -> None:
    accepted = answer(db_session, offer, "accept_offer", "we nemen hem!")
    logged_in(console, agent.email)

    [listed] = console.get("/api/requests", params={"kind": "accept_offer"}).json()
    detail = console.get(f"/api/requests/{accepted.id}").json()

    assert listed == detail
    assert (detail["kind"], detail["kind_text"]) == ("accept_offer", "Aanbod aangenomen")
    assert detail["offer"] == {
        "offer_id": "AB-1",
        "location_code": "UTR-ZON",
        "location": "Het Zonnetje",
        "group_name": "Babygroep",
        "weekdays": "ma|wo",
        "start_date": START.isoformat(),
        "respond_by": RESPOND_BY.isoformat(),
        "outcome": "open",
    }
    assert console.get("/api/requests", params={"kind": "decline_offer"}).json() == []
    assert console.get("/api/requests/999999").status_code == 404
    change = store_request(
        session=db_session, number="INS-000001", kind="change", details="wo erbij", channel="rest"
    )
    db_session.flush()
    assert console.get(f"/api/requests/{change.id}").json()["offer"] is None
    assert console.get(f"/api/requests/{change.id}").json()["kind_text"] == "Wijziging"


def test_resolving_an_accept_places_the_child_and_tells_the_parent_in_the_chat_and_by_mail(
    console: TestClient, agent, offer: Offer, db_session: Session, rasa: FakeRasa, tmp_path: Path
) -> None:
    rasa.conversation("website:open").apply({"event": "user", "timestamp": time.time()})
    accepted = answer(db_session, offer, "accept_offer", "we nemen hem!")
    headers = logged_in(console, agent.email)
    console.post(f"/api/requests/{accepted.id}/claim", headers=headers)

    closed = console.post(
        f"/api/requests/{accepted.id}/close",
        json={"outcome": "resolved", "message": "De overeenkomst komt per post."},
        headers=headers,
    ).json()

    assert (closed["status"], closed["outcome_sent_by"]) == ("resolved", "both")
    assert closed["offer"]["outcome"] == "accepted"
    assert status(db_session) == "placed"
    [said] = rasa.conversation("website:open").sent
    assert said["text"].startswith("Bericht van het plaatsingsbureau: uw ja op de plek voor Mila")
    assert "Het Zonnetje" in said["text"] and "De overeenkomst komt per post." in said["text"]
    [mail] = mails(tmp_path)
    body = mail.get_payload(decode=True).decode()
    assert "Mila heeft een plek!" in body and "Het Zonnetje (Babygroep)" in body
    assert formats.full_date(START) in body and "maandag en woensdag" in body


def test_resolving_a_decline_puts_the_child_back_on_the_list_in_the_parents_language(
    console: TestClient, agent, offer: Offer, db_session: Session, tmp_path: Path
) -> None:
    remember_language(session=db_session, number="INS-000001", language="en")
    declined = answer(db_session, offer, "decline_offer", "no, those days don't work", "gone")
    headers = logged_in(console, agent.email)
    console.post(f"/api/requests/{declined.id}/claim", headers=headers)

    closed = console.post(
        f"/api/requests/{declined.id}/close",
        json={"outcome": "resolved", "message": "Mila keeps her place in the queue."},
        headers=headers,
    ).json()

    assert closed["outcome_sent_by"] == "mail" and closed["offer"]["outcome"] == "declined"
    assert status(db_session) == "waiting"
    [mail] = mails(tmp_path)
    body = mail.get_payload(decode=True).decode()
    assert "your decision to turn down the place for Mila" in body
    assert "Mila is back on the waiting list" in body
    assert "Mondays and Wednesdays" in body


def test_rejecting_leaves_the_offer_open_and_a_second_answer_cannot_undo_a_decision(
    console: TestClient, agent, offer: Offer, db_session: Session, tmp_path: Path
) -> None:
    accepted = answer(db_session, offer, "accept_offer", "ja")
    headers = logged_in(console, agent.email)
    console.post(f"/api/requests/{accepted.id}/claim", headers=headers)

    rejected = console.post(
        f"/api/requests/{accepted.id}/close",
        json={"outcome": "rejected", "message": "Wilt u ons even bellen?"},
        headers=headers,
    ).json()

    assert rejected["status"] == "rejected" and rejected["offer"]["outcome"] == "open"
    assert status(db_session) == "offered"
    assert "we konden uw ja op ons aanbod voor Mila niet verwerken" in (
        mails(tmp_path)[0].get_payload(decode=True).decode()
    )

    declined = answer(db_session, offer, "decline_offer", "toch niet")
    again = answer(db_session, offer, "accept_offer", "toch wel")
    for request in (declined, again):
        console.post(f"/api/requests/{request.id}/claim", headers=headers)
    close = {"outcome": "resolved", "message": "Verwerkt."}
    assert console.post(
        f"/api/requests/{declined.id}/close", json=close, headers=headers
    ).is_success
    refused = console.post(f"/api/requests/{again.id}/close", json=close, headers=headers)
    assert refused.status_code == 409 and "afgeslagen" in refused.json()["detail"]
    assert status(db_session) == "waiting"


def test_the_confirmation_mail_names_the_decision_and_the_offer(
    offer: Offer, db_session: Session, tmp_path: Path
) -> None:
    settings = Settings(_env_file=None, var_dir=tmp_path, smtp_host="")
    declined = answer(db_session, offer, "decline_offer", "nee, die dagen kunnen we niet")

    assert confirm(session=db_session, request=declined, settings=settings, form="je")

    [mail] = mails(tmp_path)
    body = mail.get_payload(decode=True).decode()
    assert "je neemt de plek voor Mila niet aan" in body
    assert "Het Zonnetje (Babygroep), op maandag en woensdag" in body
    assert '"nee, die dagen kunnen we niet"' in body and "Mila blijft op de wachtlijst" in body


def test_the_planners_csv_names_the_offer_and_the_import_showing_the_outcome_closes_it(
    console: TestClient, agent, offer: Offer, db_session: Session, tmp_path: Path
) -> None:
    accepted = answer(db_session, offer, "accept_offer", "we nemen hem!")
    logged_in(console, agent.email)

    lines = console.get("/api/requests/export.csv", params={"kind": "accept_offer"}).text
    header, row = lines.splitlines()
    values = dict(zip(header.split(","), row.split(","), strict=True))
    assert (values["kind"], values["offer_id"], values["outcome"]) == (
        "accept_offer",
        "AB-1",
        "accepted",
    )
    assert values["status"] == "placed"

    settings = Settings(_env_file=None, var_dir=tmp_path, smtp_host="")
    reimport_offer(db_session, tmp_path / "still-open", offer_row())
    assert (
        close_reflected(
            session=db_session,
            now=clock.now(),
            chat=no_chat,
            settings=settings,
            language_of=chat_languages(db_session),
        )
        == []
    )
    reimport_offer(db_session, tmp_path / "planned", offer_row("accepted"))
    done = close_reflected(
        session=db_session,
        now=clock.now(),
        chat=no_chat,
        settings=settings,
        language_of=chat_languages(db_session),
    )

    assert [r.id for r in done] == [accepted.id] and accepted.status == "resolved"
    assert status(db_session) == "placed"
    [mail] = mails(tmp_path)
    assert "Mila heeft een plek!" in mail.get_payload(decode=True).decode()


def no_chat(_sender: str, _text: str) -> bool:
    return False
