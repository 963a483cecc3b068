"""The handoff service without Rasa: what the parent hears, the stored handoff, and when
head office is notified (migrated SQLite, each test rolled back)."""

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bot.handoff import queue
from bot.handoff.notify import Escalation
from bot.handoff.reasons import reason_for
from bot.handoff.service import HandoffRequest, Utterance, hand_over
from bot.settings import Settings
from tests.support.database import migrated_database

MONDAY_MORNING = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)  # 10.00 in Amsterdam
MONDAY_EVENING = datetime(2026, 11, 23, 20, 0, tzinfo=timezone.utc)  # 21.00 in Amsterdam

UnitOfWork = Callable[[], AbstractContextManager[Session]]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    with migrated_database("sqlite", tmp_path_factory.mktemp("db")) as engine:
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


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        var_dir=tmp_path,
        office_timezone="Europe/Amsterdam",
        office_opens="08:30",
        office_closes="17:00",
        office_days="ma,di,wo,do,vr",
        handoff_minutes_per_conversation=5.0,
    )


def request(sender: str = "p1", reason: str = "request_human", **slots: object) -> HandoffRequest:
    events = [
        {"event": "user", "text": "Ik wil iemand spreken", "timestamp": 1_000.0},
        {"event": "bot", "text": "Waarmee kan ik helpen?", "timestamp": 1_001.0},
    ]
    return HandoffRequest(
        sender_id=sender, channel="whatsapp", reason=reason, events=events, slots=dict(slots)
    )


def test_inside_office_hours_the_parent_hears_the_expected_wait(
    unit_of_work: UnitOfWork, settings: Settings
) -> None:
    sent: list[Escalation] = []
    first = hand_over(
        request("p1", pending_question="status"),
        unit_of_work=unit_of_work,
        settings=settings,
        notify=sent.append,
        now=MONDAY_MORNING,
    )
    assert first.created and first.office_open
    assert first.messages == (Utterance("handoff_open", {"wait": "5 minuten"}),)
    with unit_of_work() as session:
        stored = queue.open_handoff_for(session=session, sender_id="p1")
        assert stored is not None and stored.id == first.handoff_id
        assert (stored.reason, stored.channel, stored.office_open) == (
            "request_human",
            "whatsapp",
            True,
        )
        assert stored.context["slots"] == {"pending_question": "status"}
        assert "Ik wil iemand spreken" in stored.summary
    (escalation,) = sent
    assert escalation == Escalation(
        handoff_id=first.handoff_id,
        reason="request_human",
        channel="whatsapp",
        identity_verified=False,
        registration_number=None,
        created_at=MONDAY_MORNING.isoformat(),
        office_open=True,
    )

    second = hand_over(
        request("p2"),
        unit_of_work=unit_of_work,
        settings=settings,
        notify=sent.append,
        now=MONDAY_MORNING,
    )
    assert second.messages == (Utterance("handoff_open", {"wait": "10 minuten"}),)


def test_a_conversation_already_waiting_is_not_stored_or_notified_twice(
    unit_of_work: UnitOfWork, settings: Settings
) -> None:
    sent: list[Escalation] = []
    outcomes = [
        hand_over(
            request("p3"),
            unit_of_work=unit_of_work,
            settings=settings,
            notify=sent.append,
            now=MONDAY_MORNING,
        )
        for _ in range(2)
    ]
    assert [outcome.created for outcome in outcomes] == [True, False]
    assert outcomes[0].handoff_id == outcomes[1].handoff_id
    assert len(sent) == 1


def test_outside_office_hours_a_complaint_hears_when_the_office_opens(
    unit_of_work: UnitOfWork, settings: Settings
) -> None:
    sent: list[Escalation] = []
    outcome = hand_over(
        request("p4", reason="complaint"),
        unit_of_work=unit_of_work,
        settings=settings,
        notify=sent.append,
        now=MONDAY_EVENING,
    )
    assert not outcome.office_open
    assert outcome.messages == (
        Utterance("complain"),
        Utterance("handoff_closed", {"when": "morgen vanaf 8.30 uur"}),
    )
    assert [escalation.office_open for escalation in sent] == [False]


def test_a_sensitive_topic_is_named_and_a_verified_parent_is_told_to_staff(
    unit_of_work: UnitOfWork, settings: Settings
) -> None:
    sent: list[Escalation] = []
    outcome = hand_over(
        request(
            "p5",
            reason="topic_custody",
            identity_verified=True,
            verified_registration="INS-000005",
        ),
        unit_of_work=unit_of_work,
        settings=settings,
        notify=sent.append,
        now=MONDAY_MORNING,
    )
    assert outcome.messages[0] == Utterance("handoff_topic")
    (escalation,) = sent
    assert (escalation.identity_verified, escalation.registration_number) == (
        True,
        "INS-000005",
    )


def test_nobody_is_notified_of_a_handoff_that_was_not_stored(settings: Settings) -> None:
    @contextmanager
    def failing_unit() -> Iterator[Session]:
        yield Session()  # unbound: the first query fails, as a database that is down would

    sent: list[Escalation] = []
    with pytest.raises(Exception):  # noqa: B017 (whatever the database raises)
        hand_over(
            request("p6"),
            unit_of_work=failing_unit,
            settings=settings,
            notify=sent.append,
            now=MONDAY_MORNING,
        )
    assert sent == []


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
