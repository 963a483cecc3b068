"""The touchpoint surveys in the updates run: each survey moment (after the welcome, after
an offer decision, a month after the first day) is picked once, in its window after the
moment, when no other news goes that week; a dry run only reports it, a real run writes
the mail with its signed survey link to the outbox; WhatsApp parents who opted in get the
approved template with the link. Dates count from the clock, never fixed."""

import email
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.settings import Settings
from bot.updates import job, surveys
from bot.updates.config import DEFAULT_FILE, UpdatesConfigError, load
from bot.updates.delivery import senders
from bot.updates.models import SurveyAnswer, UpdatePreference
from bot.updates.preferences import give_consent, opt_out
from bot.waitlist.importer import import_directory
from bot.waitlist.offers import set_outcome
from bot.waitlist.queries import find_registration
from tests.support.dates import iso
from tests.support.export_files import GROUPS, LOCATIONS, write_export
from tests.support.offers import START, import_offer
from tests.support.updates_run import CONFIG, MORNING, TODAY, Recorder
from tests.support.waitlists import REGISTRATIONS  # Mila, INS-000001, waiting


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(_env_file=None, var_dir=tmp_path, smtp_host="", console_secret="x" * 32)


def units(session: Session):
    @contextmanager
    def unit_of_work() -> Iterator[Session]:
        yield session
        session.flush()

    return unit_of_work


def run(session: Session, settings: Settings, days: int, dry_run: bool = False, **more):
    return job.run(
        unit_of_work=units(session),
        settings=settings,
        config=more.pop("config", CONFIG),
        senders=more.pop("senders", senders(settings)),
        now=MORNING + timedelta(days=days),
        dry_run=dry_run,
        sleep=lambda _seconds: None,
    )


def sent_moments(report: job.Report) -> list[str]:
    return [item.due.moment for item in report.planned if item.channel != "none"]


def mails(settings: Settings) -> list[email.message.Message]:
    paths = sorted(settings.outbox_dir.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)
    return [email.message_from_bytes(p.read_bytes()) for p in paths]


def body(mail: email.message.Message) -> str:
    return mail.get_payload(decode=True).decode()


def survey_link(text: str) -> dict[str, str]:
    [url] = re.findall(r"http\S+/surveys/answer\?\S+", text)
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def import_mila(session: Session, folder: Path) -> None:
    export = write_export(folder, locations=LOCATIONS, groups=GROUPS, registrations=REGISTRATIONS)
    import_directory(session=session, directory=export)
    session.info.pop("registrations", None)


def test_the_welcome_survey_goes_once_a_week_after_the_welcome(
    db_session: Session, settings: Settings, tmp_path: Path
) -> None:
    import_mila(db_session, tmp_path / "export")
    welcome_after = CONFIG.surveys["survey_welcome"].after_days

    assert sent_moments(run(db_session, settings, 0)) == ["welcome"]
    assert run(db_session, settings, welcome_after - 1).planned == []  # not yet

    dry = run(db_session, settings, welcome_after, dry_run=True)
    assert sent_moments(dry) == ["survey_welcome"]
    assert len(mails(settings)) == 1  # a dry run sends nothing

    real = run(db_session, settings, welcome_after)
    assert (real.sent, sent_moments(real)) == (1, ["survey_welcome"])
    survey = mails(settings)[-1]
    assert survey["Subject"] == "Hoe ging het inschrijven van Mila?"
    link = survey_link(body(survey))
    sent_on = TODAY + timedelta(days=welcome_after)
    assert (link["n"], link["m"], link["f"], link["d"]) == (
        "INS-000001",
        "survey_welcome",
        "u",
        iso(sent_on),
    )
    assert "Meld u af" in body(survey)  # the footer of every update

    for later in (welcome_after + 1, welcome_after + 8, 29):
        assert run(db_session, settings, later).planned == [], later  # once
    assert len(mails(settings)) == 2


def test_the_welcome_survey_is_not_sent_about_a_welcome_long_ago(
    db_session: Session, settings: Settings, tmp_path: Path
) -> None:
    """Surveys switched on later do not ask about a registration of months ago."""
    import_mila(db_session, tmp_path / "export")
    off = replace(CONFIG, surveys={})
    run(db_session, settings, 0, config=off)
    until = CONFIG.surveys["survey_welcome"].until_days
    assert run(db_session, settings, until + 1, dry_run=True).planned == []


def test_the_offer_survey_follows_the_decision_and_the_start_survey_a_month_after_the_start(
    db_session: Session, settings: Settings, tmp_path: Path
) -> None:
    offer = import_offer(db_session, tmp_path / "export")
    assert sent_moments(run(db_session, settings, 0)) == ["offer"]
    set_outcome(
        session=db_session, offer=offer, outcome="accepted", now=MORNING + timedelta(days=1)
    )
    assert sent_moments(run(db_session, settings, 1)) == ["status_changed"]  # placed

    after = CONFIG.surveys["survey_offer"].after_days
    assert run(db_session, settings, after, dry_run=True).planned == []  # 6 days: not yet
    decided = run(db_session, settings, after + 1)
    assert (decided.sent, sent_moments(decided)) == (1, ["survey_offer"])
    offer_mail = mails(settings)[-1]
    assert offer_mail["Subject"] == "Hoe ging het aanbod voor Mila?"
    assert survey_link(body(offer_mail))["m"] == "survey_offer"
    assert run(db_session, settings, after + 2).planned == []

    first_day = (START - TODAY).days
    assert sent_moments(run(db_session, settings, first_day - 3)) == ["first_day"]
    start_after = CONFIG.surveys["survey_start"].after_days
    assert run(db_session, settings, first_day + start_after - 1).planned == []
    started = run(db_session, settings, first_day + start_after)
    assert sent_moments(started) == ["survey_start"]
    start_mail = mails(settings)[-1]
    assert start_mail["Subject"] == "Hoe gaat het met Mila bij ons?"
    assert survey_link(body(start_mail))["m"] == "survey_start"
    assert run(db_session, settings, first_day + start_after + 1).planned == []
    assert len(mails(settings)) == 5  # offer, placed, survey, first day, survey: none twice


def test_an_english_parent_on_whatsapp_gets_the_approved_template_with_the_link(
    db_session: Session, tmp_path: Path
) -> None:
    settings = Settings(
        _env_file=None,
        var_dir=tmp_path,
        smtp_host="",
        whatsapp_access_token="token",
        whatsapp_phone_number_id="123",
    )
    import_mila(db_session, tmp_path / "export")
    give_consent(
        session=db_session,
        number="INS-000001",
        channel="whatsapp",
        by="ouder (chat)",
        ip="",
        now=MORNING,
        wording="test",
    )
    db_session.get(UpdatePreference, "INS-000001").language = "en"
    recorder = Recorder()
    run(db_session, settings, 0, senders=recorder.senders())
    after = CONFIG.surveys["survey_welcome"].after_days
    run(db_session, settings, after, senders=recorder.senders())

    [(_, _, welcome), (channel, to, survey)] = recorder.sent
    assert welcome.template == "wachtlijst_welkom"
    assert (channel, to) == ("whatsapp", "+31612345678")
    assert survey.template == "enquete_inschrijving"
    child, url = survey.parameters
    assert child == "Mila" and "/surveys/answer?" in url
    assert "f=en" in url and "m=survey_welcome" in url


def test_a_parent_who_stopped_the_updates_gets_no_survey(
    db_session: Session, settings: Settings, tmp_path: Path
) -> None:
    import_mila(db_session, tmp_path / "export")
    run(db_session, settings, 0)
    opt_out(
        session=db_session,
        number="INS-000001",
        email=True,
        whatsapp=True,
        by="ouder (afmeldlink)",
        ip="127.0.0.1",
        now=MORNING,
        detail="test",
    )
    after = CONFIG.surveys["survey_welcome"].after_days
    report = run(db_session, settings, after)
    assert [(i.due.moment, i.channel) for i in report.planned] == [("survey_welcome", "none")]
    assert report.sent == 0 and len(mails(settings)) == 1


def test_the_updates_file_names_known_surveys_with_sensible_days(tmp_path: Path) -> None:
    text = DEFAULT_FILE.read_text(encoding="utf-8")
    for wrong, message in (
        ("survey_welcome: {after_days: 7", "survey_welkom: {after_days: 7"),
        (
            "survey_start: {after_days: 30, until_days: 60}",
            "survey_start: {after_days: 30, until_days: 10}",
        ),
        ("link_days: 30", "link_days: 0"),
    ):
        path = tmp_path / "updates.yml"
        path.write_text(text.replace(wrong, message), encoding="utf-8")
        with pytest.raises(UpdatesConfigError, match="surveys"):
            load(path)


def cut(text: str, first: str, last: str) -> str:
    """`text` without the part from `first` up to `last` (`last` itself stays, unless it
    ends in a line break)."""
    start, end = text.index(first), text.index(last)
    return text[:start] + text[end + len(last) if last.endswith("\n") else end :]


def test_a_file_written_before_the_surveys_sends_none(tmp_path: Path) -> None:
    """An organisation's own copy without the `surveys` section (and without their texts)
    still loads: the texts come with the code, and no survey is switched on."""
    text = DEFAULT_FILE.read_text(encoding="utf-8")
    older = cut(text, "\nsurveys:\n", "  link_days: 30\n")
    older = cut(older, "  # the touchpoint surveys ({survey_url}", "\n# The estimate in a periodic")
    older = "\n".join(line for line in older.splitlines() if "enquete_" not in line)
    path = tmp_path / "updates.yml"
    path.write_text(older, encoding="utf-8")

    config = load(path)

    assert config.surveys == {}
    assert config.moments["survey_start"].subject["u"] == "Hoe gaat het met {child} bij ons?"


def test_of_two_answers_at_once_the_first_stands(
    db_session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second submit looked before the first was stored (two tabs, a double click):
    the table's unique pair refuses it, and the first answer is untouched."""
    import_mila(db_session, tmp_path / "export")
    mila = find_registration(session=db_session, number="INS-000001")
    first = {"session": db_session, "registration": mila, "moment": "survey_start"}
    surveys.record(**first, score=8, comment="fijn", language="nl", now=MORNING)
    monkeypatch.setattr(surveys, "answered", lambda **_: None)  # it did not see the first

    with pytest.raises(surveys.AlreadyAnswered):
        surveys.record(**first, score=1, comment="", language="nl", now=MORNING)

    stored = db_session.scalars(select(SurveyAnswer)).all()
    assert [(a.score, a.comment, a.location_code) for a in stored] == [(8, "fijn", "UTR-ZON")]
