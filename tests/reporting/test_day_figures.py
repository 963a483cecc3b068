"""The figures kept per closed day (bot/reporting/day_figures.py) against the same figures
read from every event of the period (the path the tracker store takes), on a generated
year of conversations: the same for a month, a year, a channel, a location, closed days
only and open days only; and again after a late event for a closed day, a family's
erasure and the purge."""

from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, func, insert, select
from sqlalchemy.orm import Session

from bot.conversation.bot_rating import GOAL_PREFIX, NO, YES
from bot.handoff.models import Handoff
from bot.privacy.family import erase, find_family
from bot.privacy.retention import purge
from bot.reporting.conversation_events import store
from bot.reporting.day_figures import aggregate
from bot.reporting.demo_events import COLUMNS, demo_event_rows
from bot.reporting.figures import ReportFilter, dashboard
from bot.reporting.models import MESSAGE, OUTCOME, ConversationDay, ConversationEvent
from bot.reporting.sources import EventTableSource, Message, Outcome
from bot.waitlist.models import Child, Location, LocationPreference, Registration

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 12, tzinfo=AMSTERDAM)
YEAR = ReportFilter(TODAY - timedelta(days=365), TODAY)
FILTERS = (
    ReportFilter(TODAY - timedelta(days=29), TODAY),
    YEAR,
    ReportFilter(TODAY - timedelta(days=365), TODAY, channel="whatsapp"),
    ReportFilter(TODAY - timedelta(days=200), TODAY - timedelta(days=100)),  # closed only
    ReportFilter(TODAY - timedelta(days=2), TODAY),  # open only
    ReportFilter(TODAY - timedelta(days=365), TODAY, location="UTR-ZON"),
    ReportFilter(TODAY - timedelta(days=90), TODAY, channel="website", location="UTR-ZON"),
)


@dataclass(frozen=True)
class EveryEvent:
    """The event table read as the tracker store is: every event of the period."""

    inner: EventTableSource

    def messages(self, start: datetime, end: datetime) -> list[Message]:
        return self.inner.messages(start, end)

    def outcomes(self, start: datetime, end: datetime) -> list[Outcome]:
        return self.inner.outcomes(start, end)

    def senders_of(self, numbers: set[str]) -> set[str]:
        return self.inner.senders_of(numbers)

    def numbers_of(self, senders: set[str]) -> dict[str, set[str]]:
        return self.inner.numbers_of(senders)

    def not_understood(self, start: datetime, end: datetime) -> list[Message]:
        return self.inner.not_understood(start, end)

    def commented(self, start: datetime, end: datetime) -> list[Outcome]:
        return self.inner.commented(start, end)


def write_year(session: Session) -> None:
    """A year of demo conversations over 60 registrations (so parents share numbers and
    ask again in other conversations), one conversation in two channels on one day, one
    rated after midnight, handoffs, and 20 registrations preferring one location."""
    rows = [dict(zip(COLUMNS, row, strict=True)) for row in demo_event_rows(4000, 60, TODAY)]
    moment = datetime.combine(TODAY - timedelta(days=40), datetime.min.time(), AMSTERDAM)
    at = moment.timestamp() + 23.5 * 3600
    rows += [
        _row("two-channels", MESSAGE, at, "website", "ask_placement_status"),
        _row("two-channels", MESSAGE, at + 60, "whatsapp", "ask_availability"),
        _row("two-channels", OUTCOME, at + 61, "whatsapp", f"{GOAL_PREFIX}ask_availability"),
        _row("two-channels", OUTCOME, at + 3600, "whatsapp", NO),  # the next day
        _row("two-channels", MESSAGE, at + 7 * 86400, "website", "greet"),
    ]
    session.execute(insert(ConversationEvent), rows)
    senders = session.scalars(
        select(ConversationEvent.sender_id).distinct().order_by(ConversationEvent.sender_id)
    ).all()
    for index, sender in enumerate(senders[::37]):
        first = session.scalar(
            select(func.min(ConversationEvent.timestamp)).where(
                ConversationEvent.sender_id == sender
            )
        )
        session.add(
            Handoff(
                sender_id=sender,
                channel="website",
                reason="request_human",
                status="closed",
                summary="",
                context={},
                office_open=index % 2 == 0,
                created_at=datetime.fromtimestamp(first + 30, AMSTERDAM),
            )
        )
    location = Location(location_code="UTR-ZON", name="Zonnebloem", city="Utrecht")
    session.add(location)
    for n in range(1, 21):
        registration = Registration(
            number=f"INS-{n:06d}", child=Child(first_name="Ruben", birth_date=date(2025, 9, 1)),
            care_type="kdv", weekdays="ma", desired_start_date=date(2026, 2, 1),
            registered_on=date(2025, 3, 1), priority="none", status="waiting",
        )  # fmt: skip
        registration.preferences.append(LocationPreference(location=location, rank=1))
        session.add(registration)
    session.flush()


def _row(sender: str, kind: str, at: float, channel: str, intent: str) -> dict[str, Any]:
    return {
        "key": f"{sender}/{at}/{kind}",
        "sender_id": sender,
        "kind": kind,
        "timestamp": at,
        "channel": channel,
        "intent": intent,
        "confidence": 0.9 if kind == MESSAGE else None,
        "button": False if kind == MESSAGE else None,
        "text": None,
        "registration_number": None,
    }


def figures(session: Session, wanted: ReportFilter, *, kept: bool) -> dict[str, Any]:
    source = EventTableSource(session)
    conversations = source if kept else EveryEvent(source)
    return asdict(dashboard(session=session, conversations=conversations, wanted=wanted, now=NOW))


def test_the_kept_days_give_the_figures_of_every_event(db_session: Session) -> None:
    write_year(db_session)

    for wanted in FILTERS:
        expected = figures(db_session, wanted, kept=False)
        assert figures(db_session, wanted, kept=True) == expected, wanted
        assert figures(db_session, wanted, kept=True) == expected, wanted  # read again

    year = figures(db_session, YEAR, kept=True)
    assert year["conversations"] > 500
    resolution = year["bot_resolution"]
    assert resolution["resolved"] and resolution["unresolved"] and resolution["rated_no"]
    closed = TODAY - timedelta(days=4)
    days = db_session.scalars(
        select(ConversationDay.day).where(ConversationDay.sender_id == "").distinct()
    ).all()
    assert max(days) == closed  # today and the 3 days before stay open
    assert aggregate(db_session, "Europe/Amsterdam", YEAR.first_day, TODAY, NOW) == 0


def test_a_late_event_for_a_closed_day_is_counted(db_session: Session) -> None:
    """An event stored late (a consumer that was down, a backfill) drops the days it
    changes; the next read makes them again: the figures are those of every event."""
    write_year(db_session)
    before = figures(db_session, YEAR, kept=True)
    goal = db_session.execute(
        select(ConversationEvent.sender_id, ConversationEvent.timestamp, ConversationEvent.intent)
        .where(
            ConversationEvent.kind == OUTCOME,
            ConversationEvent.intent.like(f"{GOAL_PREFIX}%"),
            ConversationEvent.timestamp < (NOW - timedelta(days=60)).timestamp(),
            ~ConversationEvent.sender_id.in_(
                select(ConversationEvent.sender_id).where(
                    ConversationEvent.kind == OUTCOME, ConversationEvent.intent.in_((YES, NO))
                )
            ),
        )
        .order_by(ConversationEvent.timestamp)
        .limit(1)
    ).one()
    sender, at, outcome = goal
    asked_again = _user_event(sender, at + 3600, outcome.removeprefix(GOAL_PREFIX))
    new_parent = _user_event("late-parent", (NOW - timedelta(days=100)).timestamp(), "greet")
    assert store(db_session, [asked_again, new_parent]) == 2

    after = figures(db_session, YEAR, kept=True)
    assert after == figures(db_session, YEAR, kept=False)
    assert after["conversations"] == before["conversations"] + 1
    assert after["bot_resolution"]["unresolved"] == before["bot_resolution"]["unresolved"] + 1


def _user_event(sender: str, at: float, intent: str) -> dict[str, Any]:
    return {
        "sender_id": sender,
        "event": "user",
        "timestamp": at,
        "text": "en nu?",
        "parse_data": {"intent": {"name": intent, "confidence": 0.9}, "entities": []},
        "input_channel": "website",
    }


def test_erasure_and_purge_drop_the_days_they_change(
    db_session: Session, tracker_engine: Engine, tmp_path: Path
) -> None:
    """A family's erasure and the purge remove events of closed days: those days are made
    again from the events left, so the figures stay those of every event."""
    write_year(db_session)
    before = figures(db_session, YEAR, kept=True)
    # the family's conversations as the dashboard's copy knows them (find_family reads
    # Rasa's tracker store, empty here)
    conversations = db_session.scalars(
        select(ConversationEvent.sender_id)
        .where(ConversationEvent.registration_number == "INS-000005")
        .distinct()
    ).all()
    family = replace(
        find_family(session=db_session, tracker=tracker_engine, number="INS-000005"),
        conversations=sorted(conversations),
    )
    assert family.conversations
    erase(session=db_session, tracker=tracker_engine, outbox=tmp_path, family=family, now=NOW)

    erased = figures(db_session, YEAR, kept=True)
    assert erased == figures(db_session, YEAR, kept=False)
    assert erased["conversations"] < before["conversations"]

    purge(
        session=db_session,
        tracker_engine=tracker_engine,
        outbox=tmp_path,
        log_dir=tmp_path,
        now=NOW,
        days=90,
    )
    purged = figures(db_session, YEAR, kept=True)
    assert purged == figures(db_session, YEAR, kept=False)
    assert purged["conversations"] < erased["conversations"]
