"""The updates run and the placement offer: the offer mail with its signed answer link (which
the console's page then takes), a reminder before the deadline with the link, and an
overdue offer marked expired with the parent told what happens next, each once."""

import email
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.console.app import create_app
from bot.conversation import formats
from bot.parent_requests.intake import store_request
from bot.parent_requests.models import RegistrationRequest
from bot.settings import Settings
from bot.shared import clock
from bot.updates import job
from bot.updates.config import load
from bot.updates.delivery import senders
from bot.updates.models import UpdateMessage
from bot.updates.preferences import opt_out
from bot.waitlist.models import Offer
from bot.waitlist.queries import find_registration
from tests.support.dates import days_from_today, iso
from tests.support.offers import START, import_offer, offer_row, reimport_offer

MORNING = datetime.combine(clock.today(), datetime.min.time(), ZoneInfo("Europe/Amsterdam"))
MORNING += timedelta(hours=10)
CONFIG = load()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(_env_file=None, var_dir=tmp_path, smtp_host="", console_secret="x" * 32)


def units(session: Session):
    @contextmanager
    def unit_of_work() -> Iterator[Session]:
        yield session
        session.flush()

    return unit_of_work


def run(session: Session, settings: Settings, now: datetime = MORNING, dry_run: bool = False):
    return job.run(
        unit_of_work=units(session),
        settings=settings,
        config=CONFIG,
        senders=senders(settings),
        now=now,
        dry_run=dry_run,
        sleep=lambda _seconds: None,
    )


def mails(settings: Settings) -> list[email.message.Message]:
    return [
        email.message_from_bytes(p.read_bytes()) for p in sorted(settings.outbox_dir.glob("*.eml"))
    ]


def body(mail: email.message.Message) -> str:
    return mail.get_payload(decode=True).decode()


def answer_link(text: str) -> str:
    [url] = re.findall(r"http\S+/offers/answer\?\S+", text)
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def test_the_offer_mail_carries_a_link_that_takes_the_answer_and_goes_once(
    db_session: Session, settings: Settings, tmp_path: Path
) -> None:
    offer = import_offer(db_session, tmp_path / "export")

    first = run(db_session, settings)
    again = run(db_session, settings)

    assert (first.sent, again.sent, again.taken) == (1, 0, 0)
    [mail] = mails(settings)
    text = body(mail)
    assert mail["Subject"] == "Goed nieuws: we bieden Mila een plek aan"
    assert "Locatie: Het Zonnetje" in text and "Dagen: maandag en woensdag" in text
    assert f"Eerste dag: {formats.full_date(START)}" in text
    assert f"uiterlijk {formats.deadline_date(offer.respond_by)}" in text

    @contextmanager
    def scope() -> Iterator[Session]:
        yield db_session
        db_session.flush()

    console = TestClient(create_app(settings, scope))
    link = answer_link(text)
    assert "Goed nieuws: er is een plek voor Mila!" in console.get(link).text
    done = console.post(link, data={"choice": "accept", "step": "confirm"})
    assert done.status_code == 200
    [filed] = db_session.scalars(select(RegistrationRequest))
    assert (filed.kind, filed.channel, filed.offer_id) == ("accept_offer", "link", offer.id)


def test_the_reminder_before_the_deadline_carries_the_link_too(
    db_session: Session, settings: Settings, tmp_path: Path
) -> None:
    import_offer(db_session, tmp_path / "export", offer_row(respond_by=iso(days_from_today(2))))
    run(db_session, settings, now=MORNING - timedelta(days=3))  # the offer mail, 5 days ahead
    reminded = run(db_session, settings)

    assert reminded.sent == 1
    by_subject = {mail["Subject"]: mail for mail in mails(settings)}
    offer_mail = by_subject["Goed nieuws: we bieden Mila een plek aan"]
    reminder = by_subject["Herinnering: wilt u de plek voor Mila?"]
    assert answer_link(body(reminder)) == answer_link(body(offer_mail))
    assert "bij Het Zonnetje, op maandag en woensdag" in body(reminder)
    assert run(db_session, settings).sent == 0


def test_an_overdue_offer_is_marked_expired_and_the_parent_told_what_happens_next_once(
    db_session: Session, settings: Settings, tmp_path: Path
) -> None:
    yesterday = days_from_today(-1)
    offer = import_offer(db_session, tmp_path / "export", offer_row(respond_by=iso(yesterday)))

    planned = run(db_session, settings, dry_run=True)
    assert [p.due.moment for p in planned.planned] == ["offer_expired"]
    assert db_session.get(Offer, offer.id).outcome == "open"  # a dry run writes nothing

    report = run(db_session, settings)

    assert (report.expired, report.sent) == (1, 1)
    db_session.expire_all()
    assert db_session.get(Offer, offer.id).outcome == "expired"
    db_session.info.pop("registrations", None)
    registration = find_registration(session=db_session, number="INS-000001")
    assert registration.status == "waiting"
    [mail] = mails(settings)
    assert mail["Subject"] == "Het aanbod voor Mila is verlopen"
    text = " ".join(body(mail).split())
    assert f"tot en met {formats.deadline_date(yesterday)} geen antwoord" in text
    assert "Mila blijft op de wachtlijst" in text and "/offers/answer" not in text
    assert run(db_session, settings).sent == 0
    moments = db_session.scalars(select(UpdateMessage.moment)).all()
    assert moments == ["offer_expired"]  # not also "back on the waiting list"


def test_an_offer_answered_in_time_does_not_expire_while_head_office_works_it(
    db_session: Session, settings: Settings, tmp_path: Path
) -> None:
    offer = import_offer(db_session, tmp_path / "export")
    store_request(
        session=db_session,
        number="INS-000001",
        kind="decline_offer",
        details="nee, dank u",
        channel="website",
        offer_id=offer.id,
    )
    reimport_offer(db_session, tmp_path / "late", offer_row(respond_by=iso(days_from_today(-1))))

    report = run(db_session, settings)

    assert report.expired == 0 and report.sent == 0
    assert db_session.get(Offer, offer.id).outcome == "open"


def test_after_the_unsubscribe_link_the_offer_mail_does_not_go_either(
    db_session: Session, settings: Settings, tmp_path: Path
) -> None:
    """What the unsubscribe page warns of: the opt-out stops the news of a place too."""
    offer = import_offer(db_session, tmp_path / "export")
    opt_out(
        session=db_session,
        number=offer.registration.number,
        email=True,
        whatsapp=True,
        by="ouder (afmeldlink)",
        ip="127.0.0.1",
        now=MORNING,
        detail="test",
    )
    report = run(db_session, settings)
    assert [item.channel for item in report.planned] == ["none"]
    assert report.sent == 0 and mails(settings) == []
