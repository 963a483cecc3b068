"""The handoff service without Rasa: what the parent hears, the stored handoff, and when
head office is notified (migrated SQLite, each test rolled back)."""

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bot.handoff import queue
from bot.handoff.notify import Escalation
from bot.handoff.reasons import reason_for
from bot.handoff.service import HandoffOutcome, HandoffRequest, Utterance, hand_over
from bot.settings import Settings
from tests.support.database import migrated_database

MONDAY_MORNING = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)  # 10.00 in Amsterdam
MONDAY_EVENING = datetime(2026, 11, 23, 20, 0, tzinfo=timezone.utc)  # 21.00 in Amsterdam

UnitOfWork = Callable[[], AbstractContextManager[Session]]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    with migrated_database("sqlite", tmp_path_factory.mktemp("db"), rolled_back=True) as engine:
        yield engine


@pytest.fixture
def unit_of_work(engine: Engine) -> Iterator[UnitOfWork]:
    """Units of work that commit into one transaction, rolled back after the test."""
    with engine.connect() as connection:
        transaction = connection.begin()

        @contextmanager
        def unit() -> Iterator[Session]:
            session = Session(bind=connection, join_transaction_mode="create_savepoint")
            try:
                yield session
                session.commit()
            finally:
                session.close()

        yield unit
        transaction.rollback()


@dataclass
class HeadOffice:
    """The service's surroundings in a test: the database, the settings, and the
    notifications it sent."""

    unit_of_work: UnitOfWork
    settings: Settings
    sent: list[Escalation] = field(default_factory=list)

    def hand_over(self, request: HandoffRequest, now: datetime = MONDAY_MORNING) -> HandoffOutcome:
        return hand_over(
            request,
            unit_of_work=self.unit_of_work,
            settings=self.settings,
            notify=self.sent.append,
            now=now,
        )


@pytest.fixture
def office(unit_of_work: UnitOfWork, tmp_path: Path) -> HeadOffice:
    settings = Settings(
        var_dir=tmp_path,
        office_timezone="Europe/Amsterdam",
        office_opens="08:30",
        office_closes="17:00",
        office_days="ma,di,wo,do,vr",
        handoff_minutes_per_conversation=5.0,
    )
    return HeadOffice(unit_of_work, settings)


def request(sender: str = "p1", reason: str = "request_human", **slots: object) -> HandoffRequest:
    events = [
        {"event": "user", "text": "Ik wil iemand spreken", "timestamp": 1_000.0},
        {"event": "bot", "text": "Waarmee kan ik helpen?", "timestamp": 1_001.0},
    ]
    return HandoffRequest(
        sender_id=sender, channel="whatsapp", reason=reason, events=events, slots=dict(slots)
    )


def closed_now(when: str, form: str = "u", key: str = "handoff_closed") -> Utterance:
    """The after-hours text: closed now, a person from the next opening, call then."""
    del form  # the values are the same words in any variant but `when`
    return Utterance(key, {"closed": Utterance("handoff_closed_now"), "when": when, "call": when})


def test_inside_office_hours_the_parent_hears_the_expected_wait(office: HeadOffice) -> None:
    first = office.hand_over(request("p1", pending_question="status"))
    assert first.created and first.office_open
    assert first.messages == (Utterance("handoff_open", {"wait": "5 minuten"}),)
    with office.unit_of_work() as session:
        stored = queue.open_handoff_for(session=session, sender_id="p1")
        assert stored is not None and stored.id == first.handoff_id
        assert (stored.reason, stored.channel, stored.office_open) == (
            "request_human",
            "whatsapp",
            True,
        )
        assert stored.context["slots"] == {"pending_question": "status"}
        assert "Ik wil iemand spreken" in stored.summary
    assert office.sent == [
        Escalation(
            handoff_id=first.handoff_id,
            reason="request_human",
            channel="whatsapp",
            identity_verified=False,
            registration_number=None,
            created_at=MONDAY_MORNING.isoformat(),
            office_open=True,
        )
    ]

    second = office.hand_over(request("p2"))
    assert second.messages == (Utterance("handoff_open", {"wait": "10 minuten"}),)


def test_a_conversation_already_waiting_is_not_stored_or_notified_twice(
    office: HeadOffice,
) -> None:
    first, again = office.hand_over(request("p3")), office.hand_over(request("p3"))
    assert (first.created, again.created) == (True, False)
    assert first.handoff_id == again.handoff_id
    assert len(office.sent) == 1


def test_outside_office_hours_a_complaint_hears_when_the_office_opens(
    office: HeadOffice,
) -> None:
    outcome = office.hand_over(request("p4", reason="complaint"), now=MONDAY_EVENING)
    assert not outcome.office_open
    assert outcome.messages == (Utterance("complain"), closed_now("morgen vanaf 8.30 uur"))
    assert [escalation.office_open for escalation in office.sent] == [False]


def test_an_english_parent_hears_the_wait_and_the_opening_in_english(office: HeadOffice) -> None:
    (now,) = office.hand_over(replace(request("p6"), form="en")).messages
    assert now.key == "handoff_open" and now.values["wait"].endswith(" minutes")
    later = office.hand_over(replace(request("p7"), form="en"), now=MONDAY_EVENING)
    assert later.messages == (closed_now("tomorrow from 8.30am", "en"),)


def test_a_sensitive_topic_is_named_and_a_verified_parent_is_told_to_staff(
    office: HeadOffice,
) -> None:
    verified = request(
        "p5", reason="topic_custody", identity_verified=True, verified_registration="INS-000005"
    )
    assert office.hand_over(verified).messages[0] == Utterance("handoff_topic")
    (escalation,) = office.sent
    assert (escalation.identity_verified, escalation.registration_number) == (True, "INS-000005")


def test_nobody_is_notified_of_a_handoff_that_was_not_stored(office: HeadOffice) -> None:
    @contextmanager
    def database_down() -> Iterator[Session]:
        yield Session()  # unbound: the first query fails, as with a database that is down

    office.unit_of_work = database_down
    with pytest.raises(Exception):  # noqa: B017 (whatever the database raises)
        office.hand_over(request("p6"))
    assert office.sent == []


@pytest.mark.parametrize(
    ("earlier", "text", "intent", "reason"),
    [
        ("identity_failed", "Mijn ex heeft het gezag", "request_human", "identity_failed"),
        (None, "Mijn ex heeft het gezag", "out_of_scope", "topic_custody"),
        (None, "Ik wil een klacht indienen", "complain", "complaint"),
        (None, "???", "nlu_fallback", "fallback"),
        (None, "/request_human", "request_human", "request_human"),
        (None, None, None, "request_human"),
    ],
)
def test_the_reason_for_a_handoff(
    earlier: str | None, text: str | None, intent: str | None, reason: str
) -> None:
    assert reason_for(earlier=earlier, text=text, intent=intent) == reason


def on_the_website(sender: str, **slots: object) -> HandoffRequest:
    return replace(request(sender, **slots), channel="website")


def test_a_website_parent_after_hours_is_asked_for_an_address_to_mail_the_reply(
    office: HeadOffice,
) -> None:
    (closed,) = office.hand_over(on_the_website("w1"), now=MONDAY_EVENING).messages
    assert closed == closed_now("morgen vanaf 8.30 uur", key="handoff_closed_website_ask")


def test_a_website_parent_in_office_hours_hears_the_wait_and_to_leave_an_address(
    office: HeadOffice,
) -> None:
    (now,) = office.hand_over(on_the_website("w2")).messages
    assert now.key == "handoff_open_website_ask" and now.values["wait"].endswith(" minuten")


def test_a_verified_parent_without_an_address_on_file_is_asked_too(office: HeadOffice) -> None:
    verified = on_the_website(
        "w3", identity_verified=True, verified_registration="INS-999999"
    )  # no such registration here: no address on file
    (closed,) = office.hand_over(verified, now=MONDAY_EVENING).messages
    assert closed.key == "handoff_closed_website_ask"


FRIDAY_EVENING = MONDAY_EVENING + timedelta(days=4)  # the office opens on Monday


def test_a_whatsapp_parent_whose_window_closes_before_the_office_opens_hears_of_email(
    office: HeadOffice,
) -> None:
    (weekend,) = office.hand_over(request("wa1"), now=FRIDAY_EVENING).messages
    assert weekend.key == "handoff_closed_window_ask"
    office.settings = office.settings.model_copy(update={"whatsapp_template_name": "antwoord"})
    (templated,) = office.hand_over(request("wa2"), now=FRIDAY_EVENING).messages
    # the template, not the reply's words, reaches the parent, who answers it first
    assert templated.key == "handoff_closed_window_template"
    (weekday,) = office.hand_over(request("wa3"), now=MONDAY_EVENING).messages
    assert weekday.key == "handoff_closed"  # the office opens within the window


def test_a_long_wait_is_said_in_hours_and_never_runs_past_closing_time(
    office: HeadOffice,
) -> None:
    """A dozen parents ahead: an hour or more, said in words ("anderhalf uur", no "90
    minuten"); at 16.00 the same queue would run past 17.00, so the parent hears that it is
    probably tomorrow, and to call now if it is urgent."""
    for number in range(11):
        office.hand_over(request(f"q{number}"))
    long = office.hand_over(request("q11"))
    assert long.wait_minutes >= 60 and long.messages[0].key == "handoff_open"
    said = str(long.messages[0].values["wait"])
    assert said.endswith(" uur") and not any(c.isdigit() for c in said)

    four_pm = MONDAY_MORNING.replace(hour=15)  # 16.00 in Amsterdam
    (late,) = office.hand_over(request("q12"), now=four_pm).messages
    assert late == Utterance(
        "handoff_closed",
        {
            "closed": Utterance("handoff_closing", {"closes": "17.00 uur"}),
            "when": "morgen vanaf 8.30 uur",
            "call": "nu",
        },
    )


def test_a_message_about_an_emergency_hears_where_to_turn_at_once(office: HeadOffice) -> None:
    urgent = request("u1", reason=reason_for(earlier=None, text="Spoed! Noodgeval", intent=None))
    why, _ = office.hand_over(urgent, now=MONDAY_EVENING).messages
    assert why == Utterance("handoff_urgent")
    custody = reason_for(earlier=None, text="Mijn ex heeft het gezag", intent=None)
    calm = request("u2", reason=custody)
    assert office.hand_over(calm).messages[0] == Utterance("handoff_topic")
