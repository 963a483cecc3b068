"""The made-up year of conversation events: as many as asked, each stored once, over the
year before today, and read by the dashboard like the broker's own copy."""

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.reporting import sources
from bot.reporting.demo_events import demo_event_rows, load_demo_events, write_demo_events
from bot.reporting.figures import ReportFilter, dashboard
from bot.reporting.models import IDENTITY, ConversationEvent
from bot.reporting.sources import EventTableSource
from bot.shared import clock


def test_exactly_the_events_asked_for_over_the_last_year() -> None:
    today = clock.today()
    rows = list(demo_event_rows(5_003, 400, today))
    assert len(rows) == 5_003
    assert len({row[0] for row in rows}) == 5_003  # unique keys
    zone = ZoneInfo("Europe/Amsterdam")
    days = {datetime.fromtimestamp(row[3], zone).date() for row in rows}
    assert min(days) >= today - timedelta(days=365) and max(days) < today
    numbers = {row[9] for row in rows if row[2] == IDENTITY}
    assert numbers and all("INS-000001" <= n <= "INS-000400" for n in numbers)
    assert list(demo_event_rows(50, 400, today)) == rows[:50]  # seeded


def test_loaded_events_give_the_dashboard_its_figures(tmp_path: Path, db_session: Session) -> None:
    today = clock.today()
    path = tmp_path / "events.csv"
    write_demo_events(path, 3_000, 400, today)
    assert load_demo_events(db_session, path) == 3_000
    stored = db_session.scalar(select(func.count()).select_from(ConversationEvent))
    assert stored == 3_000
    senders = {row[1] for row in demo_event_rows(3_000, 400, today) if row[2] == "message"}
    wanted = ReportFilter(today - timedelta(days=366), today)
    report = dashboard(
        session=db_session, conversations=EventTableSource(db_session), wanted=wanted
    )
    assert report.conversations == len(senders)
    assert report.top_intents and report.not_understood
    assert report.bot_resolution["comments"] == []


def test_conversations_and_numbers_are_read_a_chunk_at_a_time(
    tmp_path: Path, db_session: Session, monkeypatch
) -> None:
    """PostgreSQL refuses a query with more than 65,535 values (a year of a large chain's
    conversations); read in chunks, the answer is the same as in one go."""
    path = tmp_path / "events.csv"
    write_demo_events(path, 2_000, 300, clock.today())
    load_demo_events(db_session, path)
    rows = list(demo_event_rows(2_000, 300, clock.today()))
    senders = {row[1] for row in rows}
    numbers = {row[9] for row in rows if row[2] == IDENTITY}
    source = EventTableSource(db_session)
    whole = source.numbers_of(senders), source.senders_of(numbers)
    monkeypatch.setattr(sources, "CHUNK", 7)
    assert (source.numbers_of(senders), source.senders_of(numbers)) == whole
    assert sum(len(found) for found in whole[0].values()) == len(
        {(row[1], row[9]) for row in rows if row[2] == IDENTITY}
    )
    assert whole[1] == {row[1] for row in rows if row[2] == IDENTITY}
