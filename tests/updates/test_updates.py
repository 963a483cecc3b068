"""The updates job over the demo data, on SQLite and PostgreSQL: who gets what, nothing
twice (a second run, two runs at once), opted-out parents nothing, a status change and an
estimate shift exactly one message each, WhatsApp held in the quiet hours and sent as a
template through a local stand-in for the Cloud API."""

import email
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, update

from bot.updates import job
from bot.updates.config import UpdatesConfigError, load
from bot.updates.delivery import Senders, senders
from bot.updates.models import UpdateMessage, UpdatePreference
from bot.waitlist.demo import write_demo_export
from bot.waitlist.estimate_run import run_estimates
from bot.waitlist.importer import import_directory
from bot.waitlist.models import Child, Estimate, Offer, Parent, Registration, StatusChange
from tests.support.database import migrated_database
from tests.support.graph_api import running_graph_api
from tests.support.updates_run import CONFIG, MORNING, TODAY, Recorder, settings, units

NIGHT = MORNING + timedelta(hours=13)  # 23:00
# these runs are about the welcome and the offers; a demo child placed a month or two ago
# would get the start survey too (tests/updates/test_surveys.py)
WELCOMES = replace(CONFIG, surveys={})
# the demo organisation is imported and estimated for each test
pytestmark = pytest.mark.integration


@pytest.fixture(params=["sqlite", "postgresql"])
def demo(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A new database with the demo organisation, its offers and estimates."""
    with migrated_database(request.param, tmp_path) as engine:
        with units(engine)() as session:
            write_demo_export(tmp_path / "demo", "small", TODAY)
            import_directory(session=session, directory=tmp_path / "demo")
            run_estimates(session=session, today=TODAY)
        yield engine


def run(engine: Engine, tmp_path: Path, send: Senders, now: datetime = MORNING, **more):
    return job.run(
        unit_of_work=units(engine),
        settings=settings(tmp_path, **more),
        config=WELCOMES,
        senders=send,
        now=now,
        sleep=lambda _seconds: None,
    )


def waiting_with_email(engine: Engine) -> set[str]:
    """Who the first run reaches: every waiting family with an address (welcome), and
    those with an open offer (the offer mail with its answer link)."""
    with units(engine)() as session:
        with_email = (
            select(Registration.number)
            .join(Parent, Parent.child_id == Registration.child_id)
            .where(Parent.email.is_not(None))
        )
        waiting = set(session.scalars(with_email.where(Registration.status == "waiting")))
        deadline = set(
            session.scalars(
                with_email.join(Offer, Offer.registration_id == Registration.id).where(
                    Offer.outcome == "open", Offer.respond_by >= TODAY
                )
            )
        )
        return waiting | deadline


def test_the_first_run_welcomes_every_waiting_family_once_and_a_second_run_sends_nothing(
    demo: Engine, tmp_path: Path
) -> None:
    first = run(demo, tmp_path, senders(settings(tmp_path)))
    second = run(demo, tmp_path, senders(settings(tmp_path)))

    expected = waiting_with_email(demo)
    mails = [email.message_from_bytes(p.read_bytes()) for p in (tmp_path / "outbox").glob("*.eml")]
    assert first.sent == len(expected) == len(mails) and first.failed == 0
    assert second.sent == 0 and second.taken == 0
    with units(demo)() as session:
        welcomed = set(
            session.scalars(
                select(UpdateMessage.registration_number).where(
                    UpdateMessage.moment.in_(("welcome", "offer"))
                )
            )
        )
    assert welcomed == expected
    sample = mails[0]
    assert sample["List-Unsubscribe"].startswith("<http://") and "&s=" in sample["List-Unsubscribe"]
    assert sample["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert sample.get_content_type() == "text/plain"
    text = " ".join(sample.get_payload(decode=True).decode().split())
    assert "Met vriendelijke groet, Kinderopvang De Regenboog" in text
    assert "omdat" in text and "bij ons is ingeschreven" in text  # who sends it, and why
    assert "Geen berichten meer ontvangen? Meld u af: http://" in text


def test_two_runs_at_once_send_nothing_twice(demo: Engine, tmp_path: Path) -> None:
    recorder = Recorder()
    with ThreadPoolExecutor(2) as pool:
        reports = list(pool.map(lambda _: run(demo, tmp_path, recorder.senders()), range(2)))

    keys = [message.key for _, _, message in recorder.sent]
    assert len(keys) == len(set(keys)) == len(waiting_with_email(demo))
    assert sum(r.sent for r in reports) == len(keys)


def test_opted_out_parents_get_nothing(demo: Engine, tmp_path: Path) -> None:
    out = sorted(waiting_with_email(demo))[:5]
    with units(demo)() as session:
        for number in out:
            session.add(
                UpdatePreference(
                    registration_number=number,
                    email_opt_out_at=MORNING,
                )
            )
    recorder = Recorder()
    run(demo, tmp_path, recorder.senders())

    reached = {message.key.split(":")[0] for _, _, message in recorder.sent}
    assert reached == waiting_with_email(demo) - set(out)


def test_a_status_change_and_an_estimate_shift_each_bring_exactly_one_message(
    demo: Engine, tmp_path: Path
) -> None:
    run(demo, tmp_path, Recorder().senders())  # welcome and baseline
    with units(demo)() as session:
        moved, offered = session.execute(
            select(Registration.id, Registration.number)
            .join(Estimate, Estimate.registration_id == Registration.id)
            .where(Registration.status == "waiting", Estimate.first_month.is_not(None))
            .order_by(Registration.number)
            .limit(2)
        ).all()
        first = session.scalar(
            select(Estimate.first_month).where(Estimate.registration_id == moved[0])
        )
        session.execute(
            update(Estimate)
            .where(Estimate.registration_id == moved[0])
            .values(first_month=first.replace(year=first.year + 1))
        )
        session.execute(
            update(Registration).where(Registration.id == offered[0]).values(status="offered")
        )
        session.add(StatusChange(registration_id=offered[0], status="offered", changed_at=MORNING))
    a_week_later = MORNING + timedelta(days=8)  # past the week after the welcome
    recorder = Recorder()
    run(demo, tmp_path, recorder.senders(), a_week_later)
    again = Recorder()
    run(demo, tmp_path, again.senders(), a_week_later)

    news = {
        (m.key.split(":")[0], m.key.split(":")[1])
        for _, _, m in recorder.sent
        if m.key.split(":")[1] in ("estimate_moved", "status_changed")
        or m.key.split(":")[0] in (moved[1], offered[1])
    }
    assert news == {(moved[1], "estimate_moved"), (offered[1], "status_changed")}
    [status_message] = [m for _, _, m in recorder.sent if "status_changed" in m.key]
    assert "Goed nieuws" in status_message.body
    assert again.sent == []


def test_whatsapp_waits_out_the_quiet_hours_and_goes_as_a_template(
    demo: Engine, tmp_path: Path
) -> None:
    with units(demo)() as session:
        number, phone, child = session.execute(
            select(Registration.number, Parent.phone, Child.first_name)
            .join(Parent, Parent.child_id == Registration.child_id)
            .join(Child, Child.id == Registration.child_id)
            .where(Registration.status == "waiting", Parent.phone.is_not(None))
            .order_by(Registration.number)
        ).first()
        session.add(UpdatePreference(registration_number=number, whatsapp_opt_in_at=MORNING))
    with running_graph_api() as graph:
        whatsapp = {
            "whatsapp_access_token": "token",
            "whatsapp_phone_number_id": "1234",
            "whatsapp_api_url": graph.url,
        }
        night = run(demo, tmp_path, senders(settings(tmp_path, **whatsapp)), NIGHT, **whatsapp)
        assert night.deferred == 1 and graph.sent_to(phone.lstrip("+")) == []
        morning = run(demo, tmp_path, senders(settings(tmp_path, **whatsapp)), **whatsapp)
        [sent] = graph.wait_for(phone.lstrip("+"))

    assert morning.deferred == 0
    with units(demo)() as session:
        ids = session.scalars(
            select(UpdateMessage.provider_message_id).where(UpdateMessage.channel == "whatsapp")
        ).all()
    assert ids == ["wamid.fake"]  # kept: its read receipt will count as opened
    template = sent.body["template"]
    assert sent.body["type"] == "template" and template["name"] == "wachtlijst_welkom"
    assert [p["text"] for p in template["components"][0]["parameters"]] == [child, number]
    assert sent.authorization == "Bearer token"


def test_a_failed_mail_is_retried_and_tried_again_by_the_next_run(
    demo: Engine, tmp_path: Path
) -> None:
    (tmp_path / "outbox").write_text("the mail transport is broken")
    broken = run(demo, tmp_path, senders(settings(tmp_path)))
    (tmp_path / "outbox").unlink()
    mended = run(demo, tmp_path, senders(settings(tmp_path)))

    assert broken.sent == 0 and broken.failed == len(waiting_with_email(demo))
    assert mended.sent == broken.failed
    with units(demo)() as session:
        attempts = session.scalar(select(func.max(UpdateMessage.attempts)))
    assert attempts == CONFIG.retries or attempts == 1


def test_a_bad_placeholder_in_the_updates_file_is_a_clear_error(tmp_path: Path) -> None:
    text = Path(load.__globals__["DEFAULT_FILE"]).read_text()
    broken = tmp_path / "updates.yml"
    broken.write_text(text.replace("{chat_url}", "{chat_link}"))

    with pytest.raises(UpdatesConfigError, match=r"moments.welcome.body \(u\) uses \{chat_link\}"):
        load(broken)


def test_a_parent_who_chats_in_english_gets_the_updates_in_english(
    demo: Engine, tmp_path: Path
) -> None:
    english = sorted(waiting_with_email(demo))[:3]
    with units(demo)() as session:
        for number in english:
            session.add(UpdatePreference(registration_number=number, language="en"))
    recorder = Recorder()
    run(demo, tmp_path, recorder.senders())

    by_number = {message.key.split(":")[0]: message for _, _, message in recorder.sent}
    assert set(english) <= set(by_number)
    for number, message in by_number.items():
        assert message.form == ("en" if number in english else "u"), number
        if number in english:
            moment = CONFIG.moments[message.key.split(":")[1]]
            subjects = [moment.subject["en"], *(c.subject["en"] for c in moment.cases.values())]
            assert any(
                re.fullmatch(re.escape(s).replace(r"\{child\}", ".+"), message.subject)
                for s in subjects
            ), message.subject
            assert "Beste ouder" not in message.body and "Dear parent" in message.body


def test_a_moment_written_twice_in_the_updates_file_is_a_clear_error(tmp_path: Path) -> None:
    """YAML would keep the second silently; an edit that repeats a moment must not."""
    text = Path(load.__globals__["DEFAULT_FILE"]).read_text()
    doubled = tmp_path / "updates.yml"
    doubled.write_text(text.replace("\nmoments:\n", "\nmoments:\n", 1) + "\nmoments: {}\n")

    with pytest.raises(UpdatesConfigError, match=r"given twice: moments"):
        load(doubled)
