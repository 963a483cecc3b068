"""One-time codes cannot be ground down (bot/conversation/code_limits.py), on SQLite and
PostgreSQL: many requests at once get no more code mails or code tries than the limits
allow, counted per registration number across conversations and per conversation."""

import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.conversation.code_limits import Counter, keys_for, take
from bot.conversation.identity import CodeOutcome, check_code, mask_email
from bot.settings import Settings
from tests.support.database import migrated_database

PARALLEL = 16
SETTINGS = Settings(
    code_mails_per_registration=5,
    code_tries_per_registration=4,
    code_mails_per_conversation=3,
    code_tries_per_conversation=6,
    code_lock_minutes=60,
    code_limit_window_minutes=60,
)
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.integration)])
def own_database(request: pytest.FixtureRequest, tmp_path) -> Iterator[Engine]:
    """A database of the test's own: its parallel transactions commit for real, and in the
    session's shared database their rows would meet other tests (a family's erasure
    counts the code limits left)."""
    with migrated_database(request.param, tmp_path) as engine:
        yield engine


def in_parallel(engine: Engine, work: Callable[[Session, int], object]) -> list[object]:
    """`work(session, i)` for PARALLEL values of i at once, each in its own transaction."""
    sessions = sessionmaker(bind=engine)

    def unit(i: int) -> object:
        with sessions.begin() as session:
            return work(session, i)

    with ThreadPoolExecutor(PARALLEL) as pool:
        return list(pool.map(unit, range(PARALLEL)))


def new_number() -> str:
    """A number no earlier run used (the PostgreSQL database outlives a run), 16 characters
    as the identity records' column allows."""
    return f"INS-{uuid.uuid4().int % 1_000_000:06d}-{uuid.uuid4().hex[:5]}"


def test_parallel_code_mails_from_many_conversations_stop_at_the_registration_limit(
    own_database: Engine,
) -> None:
    number = new_number()

    def mail(session: Session, i: int) -> bool:
        keys = keys_for(number=number, sender_id=f"parent-{i}", settings=SETTINGS)
        return take(session=session, keys=keys, counter=Counter.MAILS, settings=SETTINGS, now=NOW)

    granted = in_parallel(own_database, mail)
    assert granted.count(True) == SETTINGS.code_mails_per_registration
    # and the registration is locked: a new conversation later gets no code either
    with sessionmaker(bind=own_database).begin() as session:
        later = keys_for(number=number, sender_id="parent-later", settings=SETTINGS)
        when = NOW + timedelta(minutes=59)
        assert not take(
            session=session, keys=later, counter=Counter.MAILS, settings=SETTINGS, now=when
        )
    # until the lock has run out
    with sessionmaker(bind=own_database).begin() as session:
        when = NOW + timedelta(minutes=61)
        assert take(session=session, keys=later, counter=Counter.MAILS, settings=SETTINGS, now=when)


def test_parallel_code_mails_in_one_conversation_stop_at_its_limit(own_database: Engine) -> None:
    sender = f"parent-{uuid.uuid4().hex}"

    def mail(session: Session, i: int) -> bool:
        keys = keys_for(number=new_number(), sender_id=sender, settings=SETTINGS)
        return take(session=session, keys=keys, counter=Counter.MAILS, settings=SETTINGS, now=NOW)

    assert in_parallel(own_database, mail).count(True) == SETTINGS.code_mails_per_conversation


def test_parallel_code_guesses_are_compared_no_more_than_the_limit(own_database: Engine) -> None:
    number = new_number()

    def guess(session: Session, i: int) -> CodeOutcome:
        return check_code(
            session=session,
            sender_id=f"guesser-{i}",
            number=number,
            code=f"{i:06d}",
            now=NOW,
            settings=SETTINGS,
        )

    outcomes = in_parallel(own_database, guess)
    compared = [o for o in outcomes if o is not CodeOutcome.LOCKED]
    assert len(compared) == SETTINGS.code_tries_per_registration
    with sessionmaker(bind=own_database).begin() as session:
        keys = keys_for(number=number, sender_id="the-parent", settings=SETTINGS)
        # the registration's codes are locked: not even the parent's own code is checked now
        assert not take(
            session=session, keys=keys, counter=Counter.MAILS, settings=SETTINGS, now=NOW
        )


def test_the_code_sent_answer_shows_little_of_the_address() -> None:
    assert mask_email("jan.jansen@example.nl") == "j***@e***.nl"
    assert mask_email("ouder@mail.example.com") == "o***@m***.com"
    assert mask_email("x@localhost") == "x***@l***"


def test_identity_failures_refuse_the_client_before_the_registration(db_session: Session) -> None:
    """bot/conversation/identity_limits.py: ten failures of one client refuse that client
    anywhere; ten of a registration refuse only clients that failed, not a clean client
    nor the WhatsApp number on file; an hour later nothing is refused."""
    from bot.conversation.identity_limits import Refusal, record, refusal
    from bot.shared import clock

    now, number, settings = clock.now(), new_number(), Settings(staff_mailbox="")
    for _ in range(10):
        record(
            session=db_session,
            number=number,
            client="guesser",
            succeeded=False,
            now=now,
            settings=settings,
        )
    record(
        session=db_session,
        number=new_number(),
        client="parent",
        succeeded=False,
        now=now,
        settings=settings,
    )
    db_session.flush()

    def why(client: str, *, on_file: bool = False, at: datetime = now) -> Refusal | None:
        return refusal(
            session=db_session, number=number, client=client, phone_on_file=on_file, now=at
        )

    assert why("guesser") is Refusal.CLIENT
    assert why("guesser", on_file=True) is Refusal.CLIENT
    assert why("parent") is Refusal.REGISTRATION
    assert why("parent", on_file=True) is None
    assert why("new-client") is None
    assert why("guesser", at=now + timedelta(hours=1, seconds=1)) is None
