"""Which of the dashboard's aggregated days (bot/reporting/day_figures.py) an event stored
late changes, and dropping them: the next read or nightly run makes them again from the
events. An event of today changes no aggregated day, so the consumer's usual batch
deletes nothing."""

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.reporting.models import ConversationDay, ConversationDayCount, IntentDayCount
from bot.shared import clock

OPEN_DAYS = 4  # today and the 3 days before: a goal's repeat window is still open
MARK = ""  # sender and channel of the row that marks a day as aggregated
KEPT = (ConversationDay, ConversationDayCount, IntentDayCount)


def forget_stale(session: Session, events: Iterable[tuple[str, float]]) -> None:
    """Drops the aggregated days that these stored events (sender, timestamp) change: in
    each time zone kept, the event's day and the 3 days before (a repeat of a goal there),
    and the conversation's later days (their previous day)."""
    events = list(events)
    if not events:
        return
    kept = session.scalars(select(ConversationDayCount.zone).distinct())
    for zone in {clock.ZONE.key, *kept}:
        tz = ZoneInfo(zone)
        days: set[date] = set()
        since: dict[str, date] = {}
        for sender_id, moment in events:
            day = datetime.fromtimestamp(moment, tz).date()
            days.update(day - timedelta(days=n) for n in range(OPEN_DAYS))
            since[sender_id] = min(since.get(sender_id, day), day)
        senders = sorted(since)
        for start in range(0, len(senders), 1000):
            query = select(ConversationDay.sender_id, ConversationDay.day).where(
                ConversationDay.zone == zone,
                ConversationDay.sender_id.in_(senders[start : start + 1000]),
                ConversationDay.day >= min(since.values()),
            )
            days.update(day for sender_id, day in session.execute(query) if day > since[sender_id])
        wanted = sorted(days)
        for start in range(0, len(wanted), 1000):
            for model in KEPT:
                session.execute(
                    delete(model).where(
                        model.zone == zone, model.day.in_(wanted[start : start + 1000])
                    )
                )
