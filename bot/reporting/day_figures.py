"""The dashboard's conversation figures kept per closed day, so that a month or a year of a
national chain (five million events a year) is a sum of a few hundred rows, not a read of
every event (bot/reporting/figures.py, with the event broker's copy of the events).

Kept in three tables (bot/reporting/models.py), per office time zone:

- `conversation_days`: each conversation's part of a day (per channel it wrote in: its
  first message there; the day's last rating, whether a goal was reached and whether the
  parent asked the same again within 3 days) and the conversation's previous day with a
  message or an outcome. The row with an empty sender marks the day as aggregated.
- `conversation_day_counts`: those parts counted per day, channel and verdict;
- `intent_day_counts`: the typed messages per day, channel and intent.

A day is closed when it and the 3 days after it have ended (today and the 3 days before
stay open: a goal's repeat window is 3 days), and is aggregated once, by `python -m bot
dashboard-days` (nightly, cron) or on the first read that needs it. The open days are
computed from the events at every read, the same way.

The figures that are not sums of days come out the same as from the events: a
conversation is counted once in a period, on its first day there, with its last rating and
every goal of the period. The counts hold every conversation-day as if it were the only
one; the conversations with more than one part in the period (found by their previous day,
an indexed column), those in the open days and those handed to staff are taken out of the
counts and counted from their parts instead. With a location filter every conversation of
the location is counted from its parts.

What changes a closed day: an event stored late for it (or for the 3 days after: a repeat;
or for a conversation that has later days: their previous day), a purge or a family's
erasure. Those drop the days' rows (bot/reporting/stale_days.py when an event is stored;
purge and erasure through bot/privacy/personal_data.py), and the next read or nightly run
makes them again from the events left. Not followed: an identity slot stored late that
links a conversation to another one more than 3 days after its messages, and a purged
message that repeated a goal of another conversation of the family within the 3 days
before (the repeats of those goals stay as they were counted).
"""

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, case, delete, func, insert, select, text
from sqlalchemy.orm import Session

from bot.conversation.bot_rating import GOAL_PREFIX, NO, YES
from bot.reporting import resolution
from bot.reporting.models import (
    MESSAGE,
    OUTCOME,
    ConversationDay,
    ConversationDayCount,
    ConversationEvent,
    IntentDayCount,
)
from bot.reporting.sources import EventTableSource, chunks
from bot.reporting.stale_days import MARK, OPEN_DAYS

DAYS_AT_ONCE = 7  # days aggregated from one read of the events


@dataclass(frozen=True)
class Part:
    """A conversation's part of one day (a row of `conversation_days`)."""

    day: date
    sender_id: str
    channel: str  # "": only outcomes that day
    first_at: float | None
    rating: str | None
    goal: bool
    repeated: bool
    earlier: date | None = None


PART_COLUMNS = (
    ConversationDay.day,
    ConversationDay.sender_id,
    ConversationDay.channel,
    ConversationDay.first_at,
    ConversationDay.rating,
    ConversationDay.goal,
    ConversationDay.repeated,
    ConversationDay.earlier,
)


@dataclass
class Days:
    """The parts of some days and their typed messages per (day, channel, intent): count
    and the moment of the first."""

    parts: list[Part] = field(default_factory=list)
    intents: dict[tuple[date, str, str], list[float]] = field(default_factory=dict)


@dataclass
class Counted:
    """The conversations of a period: how many, per day and channel, the verdicts counted
    by kind (bot/reporting/resolution.py `tallied`) and how many were handed to staff."""

    conversations: int = 0
    per_day: Counter[tuple[date, str]] = field(default_factory=Counter)
    verdicts: Counter[resolution.Tally] = field(default_factory=Counter)
    handed: int = 0


def bounds(zone: str, first: date, last: date) -> tuple[datetime, datetime]:
    """In UTC, as times are stored (ReportFilter.bounds says why)."""
    tz = ZoneInfo(zone)
    return (
        datetime.combine(first, time.min, tz).astimezone(timezone.utc),
        datetime.combine(last + timedelta(days=1), time.min, tz).astimezone(timezone.utc),
    )


def open_from(zone: str, now: datetime) -> date:
    """The first day still open (computed from the events at every read)."""
    return now.astimezone(ZoneInfo(zone)).date() - timedelta(days=OPEN_DAYS - 1)


def read_days(source: EventTableSource, zone: str, first: date, last: date) -> Days:
    """The parts of the days `first` … `last` from the events, as the dashboard reads
    them (bot/reporting/resolution.py for the repeats)."""
    start, end = bounds(zone, first, last)
    tz = ZoneInfo(zone)
    later = source.messages(start, end + resolution.REPEAT_WINDOW)
    messages = [m for m in later if m.at < end]
    outcomes = source.outcomes(start, end)
    numbers = source.numbers_of({m.sender_id for m in later} | {o.sender_id for o in outcomes})
    asked = resolution.Asked(later, numbers)
    days = Days()
    firsts: dict[tuple[date, str, str], float] = {}
    for message in messages:
        day = message.at.astimezone(tz).date()
        firsts.setdefault((day, message.sender_id, message.channel), message.at.timestamp())
        if message.intent and not message.button:
            counted = days.intents.setdefault(
                (day, message.channel, message.intent), [0, message.at.timestamp()]
            )
            counted[0] += 1
    states: dict[tuple[date, str], list] = {}  # rating, goal, repeated
    for outcome in outcomes:
        state = states.setdefault(
            (outcome.at.astimezone(tz).date(), outcome.sender_id), [None, False, False]
        )
        if outcome.outcome in (YES, NO):
            state[0] = outcome.outcome
        elif outcome.outcome.startswith(GOAL_PREFIX):
            state[1] = True
            state[2] = state[2] or asked.again(outcome)
    channels: dict[tuple[date, str], list[str]] = defaultdict(list)
    for day, sender_id, channel in firsts:
        channels[(day, sender_id)].append(channel)
    for key in states.keys() - channels.keys():
        channels[key].append(MARK)
    for (day, sender_id), written in channels.items():
        rating, goal, repeated = states.get((day, sender_id), (None, False, False))
        for channel in written:
            days.parts.append(
                Part(
                    day,
                    sender_id,
                    channel,
                    firsts.get((day, sender_id, channel)),
                    rating,
                    goal,
                    repeated,
                )
            )
    return days


def with_earlier(session: Session, zone: str, days: Days, first: date) -> list[Part]:
    """The parts with their conversation's previous day (from these days, or the events
    before `first`)."""
    tz = ZoneInfo(zone)
    by_sender: dict[str, list[date]] = defaultdict(list)
    for part in days.parts:
        by_sender[part.sender_id].append(part.day)
    start = bounds(zone, first, first)[0].timestamp()
    before: dict[str, date] = {}
    for some in chunks(set(by_sender)):
        query = (
            select(ConversationEvent.sender_id, func.max(ConversationEvent.timestamp))
            .where(
                ConversationEvent.sender_id.in_(some),
                ConversationEvent.kind.in_((MESSAGE, OUTCOME)),
                ConversationEvent.timestamp < start,
            )
            .group_by(ConversationEvent.sender_id)
        )
        for sender_id, moment in session.execute(query):
            before[sender_id] = datetime.fromtimestamp(moment, tz).date()
    result = []
    for part in days.parts:
        seen = sorted(set(by_sender[part.sender_id]))
        if by_sender[part.sender_id].count(part.day) > 1:
            earlier: date | None = part.day  # more than one channel that day
        else:
            index = seen.index(part.day)
            earlier = seen[index - 1] if index else before.get(part.sender_id)
        result.append(Part(**{**part.__dict__, "earlier": earlier}))
    return result


def aggregate(session: Session, zone: str, first: date, last: date, now: datetime) -> int:
    """Aggregates the closed days of `first` … `last` not aggregated yet; how many."""
    last = min(last, open_from(zone, now) - timedelta(days=1))
    if first > last:
        return 0
    done = set(
        session.scalars(
            select(ConversationDay.day).where(
                ConversationDay.zone == zone,
                ConversationDay.sender_id == MARK,
                ConversationDay.day.between(first, last),
            )
        )
    )
    missing = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    missing = [day for day in missing if day not in done]
    source = EventTableSource(session)
    for run in _runs(missing):
        days = read_days(source, zone, run[0], run[-1])
        _store(session, zone, run, with_earlier(session, zone, days, run[0]), days)
    session.flush()
    if len(missing) > DAYS_AT_ONCE and session.get_bind().dialect.name == "postgresql":
        # the planner's statistics of tables that just grew: without them it joins the
        # conversations that span days by nested loops (a minute instead of milliseconds)
        for model in (ConversationDay, ConversationDayCount, IntentDayCount):
            session.execute(text(f"ANALYZE {model.__tablename__}"))
    return len(missing)


def _runs(days: list[date]) -> Iterator[list[date]]:
    """Consecutive days, at most DAYS_AT_ONCE together."""
    run: list[date] = []
    for day in days:
        if run and (day - run[-1] != timedelta(days=1) or len(run) == DAYS_AT_ONCE):
            yield run
            run = []
        run.append(day)
    if run:
        yield run


def _store(session: Session, zone: str, run: list[date], parts: list[Part], days: Days) -> None:
    for model in (ConversationDay, ConversationDayCount, IntentDayCount):
        session.execute(delete(model).where(model.zone == zone, model.day.between(run[0], run[-1])))
    rows = [{**part.__dict__, "zone": zone} for part in parts]
    rows += [
        {
            "day": day,
            "zone": zone,
            "sender_id": MARK,
            "channel": MARK,
            "first_at": None,
            "rating": None,
            "goal": False,
            "repeated": False,
            "earlier": None,
        }
        for day in run
    ]
    session.execute(insert(ConversationDay), rows)
    counts = Counter(
        (p.day, p.channel, p.rating or "", p.goal, p.repeated) for p in parts if p.channel
    )
    if counts:
        session.execute(
            insert(ConversationDayCount),
            [
                {
                    "day": d,
                    "zone": zone,
                    "channel": c,
                    "rating": r,
                    "goal": g,
                    "repeated": x,
                    "conversations": n,
                }
                for (d, c, r, g, x), n in counts.items()
            ],
        )
    if days.intents:
        session.execute(
            insert(IntentDayCount),
            [
                {"day": d, "zone": zone, "channel": c, "intent": i, "messages": n, "first_at": at}
                for (d, c, i), (n, at) in days.intents.items()
            ],
        )


class Period:
    """The conversations of a period, channel and location from the closed days' rows and
    the open days' events (see the module's docstring)."""

    def __init__(
        self,
        session: Session,
        zone: str,
        first: date,
        last: date,
        now: datetime,
        channel: str | None,
        location_senders: ColumnElement[bool] | None,
    ) -> None:
        self.session, self.zone, self.channel = session, zone, channel
        self.first, self.last = first, last
        opening = open_from(zone, now)
        self.closed_last = min(last, opening - timedelta(days=1))
        aggregate(session, zone, first, self.closed_last, now)
        open_first = max(first, opening)
        self.open = (
            read_days(EventTableSource(session), zone, open_first, last)
            if open_first <= last
            else Days()
        )
        self.location = location_senders
        if location_senders is not None:
            self.open.parts = [
                p
                for p in self.open.parts
                if p.sender_id in self._of_location({p.sender_id for p in self.open.parts})
            ]

    # --- which conversations

    def _closed(self) -> ColumnElement[bool]:
        return (ConversationDay.zone == self.zone) & ConversationDay.day.between(
            self.first, self.closed_last
        )

    def _of_location(self, senders: set[str]) -> set[str]:
        assert self.location is not None
        found: set[str] = set()
        for some in chunks(senders):
            query = select(ConversationEvent.sender_id).where(
                self.location, ConversationEvent.sender_id.in_(some)
            )
            found.update(self.session.scalars(query.distinct()))
        return found

    def _parts_of(self, senders: set[str]) -> list[Part]:
        """The closed days' parts of these conversations in the period."""
        parts = []
        for some in chunks(senders):
            query = select(*PART_COLUMNS).where(self._closed(), ConversationDay.sender_id.in_(some))
            parts += [Part(*row) for row in self.session.execute(query)]
        return parts

    def _returning(self) -> ColumnElement[bool]:
        """The conversations with more than one part in the closed days of the period."""
        senders = select(ConversationDay.sender_id).where(
            self._closed(), ConversationDay.earlier >= self.first, ConversationDay.sender_id != MARK
        )
        return ConversationDay.sender_id.in_(senders)

    def counted(self, handed: set[str]) -> Counted:
        """The conversations, each once (see the module's docstring)."""
        result = Counted()
        if self.location is not None:
            query = select(*PART_COLUMNS).where(
                self._closed(),
                ConversationDay.sender_id.in_(
                    select(ConversationEvent.sender_id).where(self.location)
                ),
            )
            parts = [Part(*row) for row in self.session.execute(query)] + self.open.parts
            for sender_id, own in _by_sender(parts).items():
                self._add_conversation(result, own, sender_id in handed)
            return result
        self._add_counts(result)
        self._combine_returning(result)
        # the conversations of the open days and those handed to staff, from their parts
        alone = {p.sender_id for p in self.open.parts} | handed
        closed = _by_sender(self._parts_of(alone))
        for parts in closed.values():
            if any(p.earlier is not None and p.earlier >= self.first for p in parts):
                self._add_conversation(result, parts, False, -1)  # combined above
                continue
            for part in parts:  # counted as the only part: taken out
                if part.channel and self.channel in (None, part.channel):
                    tally = _tally(
                        part.day, part.channel, part.rating, part.goal, part.repeated, False
                    )
                    _count(result, tally, -1)
        opened = _by_sender(self.open.parts)
        for sender_id in alone:
            parts = closed.get(sender_id, []) + opened.get(sender_id, [])
            self._add_conversation(result, parts, sender_id in handed)
        return result

    def _combine_returning(self, result: Counted) -> None:
        """The conversations with more than one closed part in the period: their parts
        taken out of the counts, each counted once (in SQL: a year of a large chain has a
        hundred thousand of them)."""
        day = ConversationDay
        parts = select(day).where(self._closed(), self._returning()).cte("parts")
        written = parts.c.channel != MARK
        if self.channel:
            written = written & (parts.c.channel == self.channel)
        columns = (parts.c.day, parts.c.channel, parts.c.rating, parts.c.goal, parts.c.repeated)
        for row in self.session.execute(
            select(*columns, func.count()).where(written).group_by(*columns)
        ):
            _count(result, _tally(*row[:5], False), -row[5])
        first = (
            select(parts.c.sender_id, func.min(parts.c.first_at).label("first_at"))
            .where(written)
            .group_by(parts.c.sender_id)
            .subquery()
        )
        opening_part = parts.alias("opening_part")
        opening = (
            select(
                opening_part.c.sender_id,
                opening_part.c.day,
                func.min(opening_part.c.channel).label("channel"),
            )
            .join(
                first,
                (first.c.sender_id == opening_part.c.sender_id)
                & (first.c.first_at == opening_part.c.first_at),
            )
            .where(opening_part.c.channel != MARK)
            .group_by(opening_part.c.sender_id, opening_part.c.day)
            .subquery()
        )
        rated_day = (
            select(parts.c.sender_id, func.max(parts.c.day).label("day"))
            .where(parts.c.rating.is_not(None))
            .group_by(parts.c.sender_id)
            .subquery()
        )
        rated_part = parts.alias("rated_part")
        rating = (
            select(rated_part.c.sender_id, func.max(rated_part.c.rating).label("rating"))
            .join(
                rated_day,
                (rated_day.c.sender_id == rated_part.c.sender_id)
                & (rated_day.c.day == rated_part.c.day),
            )
            .group_by(rated_part.c.sender_id)
            .subquery()
        )
        flags = (
            select(
                parts.c.sender_id,
                func.max(case((parts.c.goal, 1), else_=0)).label("goal"),
                func.max(case((parts.c.repeated, 1), else_=0)).label("repeated"),
            )
            .group_by(parts.c.sender_id)
            .subquery()
        )
        combined = (
            select(
                opening.c.day,
                opening.c.channel,
                rating.c.rating,
                flags.c.goal,
                flags.c.repeated,
                func.count(),
            )
            .select_from(opening)
            .join(flags, flags.c.sender_id == opening.c.sender_id)
            .outerjoin(rating, rating.c.sender_id == opening.c.sender_id)
            .group_by(
                opening.c.day, opening.c.channel, rating.c.rating, flags.c.goal, flags.c.repeated
            )
        )
        for when, channel, rated, goal, repeated, n in self.session.execute(combined):
            _count(result, _tally(when, channel, rated, bool(goal), bool(repeated), False), n)

    def _add_counts(self, result: Counted) -> None:
        query = select(
            ConversationDayCount.day,
            ConversationDayCount.channel,
            ConversationDayCount.rating,
            ConversationDayCount.goal,
            ConversationDayCount.repeated,
            func.sum(ConversationDayCount.conversations),
        ).where(
            ConversationDayCount.zone == self.zone,
            ConversationDayCount.day.between(self.first, self.closed_last),
        )
        if self.channel:
            query = query.where(ConversationDayCount.channel == self.channel)
        query = query.group_by(
            ConversationDayCount.day,
            ConversationDayCount.channel,
            ConversationDayCount.rating,
            ConversationDayCount.goal,
            ConversationDayCount.repeated,
        )
        for day, channel, rating, goal, repeated, n in self.session.execute(query):
            _count(result, _tally(day, channel, rating or None, goal, repeated, False), n)

    def _add_conversation(
        self, result: Counted, parts: list[Part], handed: bool, sign: int = 1
    ) -> None:
        """One conversation from its parts (`sign` -1: taken out again)."""
        written = [p for p in parts if p.channel and self.channel in (None, p.channel)]
        if not written:
            return
        opening = min(written, key=lambda p: (p.first_at, p.channel))
        rated = [p for p in parts if p.rating]
        rating = max(rated, key=lambda p: p.day).rating if rated else None
        goal = any(p.goal for p in parts)
        repeated = any(p.repeated for p in parts)
        tally = _tally(opening.day, opening.channel, rating, goal, repeated, handed)
        _count(result, tally, sign)
        result.handed += sign * handed

    def has_written(self, senders: set[str]) -> set[str]:
        """Those of the conversations with a message in the period (channel, location)."""
        found = {
            p.sender_id
            for p in self.open.parts
            if p.sender_id in senders and p.channel and self.channel in (None, p.channel)
        }
        for some in chunks(senders):
            query = select(ConversationDay.sender_id).where(
                self._closed(), ConversationDay.sender_id.in_(some), ConversationDay.channel != MARK
            )
            if self.channel:
                query = query.where(ConversationDay.channel == self.channel)
            found.update(self.session.scalars(query.distinct()))
        if self.location is not None:
            found &= self._of_location(found)
        return found

    def top_intents(self, start: datetime, end: datetime) -> list[dict[str, object]]:
        """The ten intents asked most, in typed messages (ties: the one asked first)."""
        counts: dict[str, list[float]] = {}
        if self.location is not None:
            rows = self.session.execute(
                select(
                    ConversationEvent.intent,
                    func.count(),
                    func.min(ConversationEvent.timestamp),
                )
                .where(
                    ConversationEvent.kind == MESSAGE,
                    ConversationEvent.timestamp >= start.timestamp(),
                    ConversationEvent.timestamp < end.timestamp(),
                    func.coalesce(ConversationEvent.button, False).is_(False),
                    ConversationEvent.intent.is_not(None),
                    ConversationEvent.intent != "",
                    ConversationEvent.sender_id.in_(
                        select(ConversationEvent.sender_id).where(self.location)
                    ),
                    *([ConversationEvent.channel == self.channel] if self.channel else []),
                )
                .group_by(ConversationEvent.intent)
            )
            for intent, n, at in rows:
                counts[intent] = [n, at]
        else:
            query = select(
                IntentDayCount.intent,
                func.sum(IntentDayCount.messages),
                func.min(IntentDayCount.first_at),
            ).where(
                IntentDayCount.zone == self.zone,
                IntentDayCount.day.between(self.first, self.closed_last),
            )
            if self.channel:
                query = query.where(IntentDayCount.channel == self.channel)
            for intent, n, at in self.session.execute(query.group_by(IntentDayCount.intent)):
                counts[intent] = [n, at]
            for (_, channel, intent), (n, at) in self.open.intents.items():
                if self.channel in (None, channel):
                    counted = counts.setdefault(intent, [0, at])
                    counted[0] += n
                    counted[1] = min(counted[1], at)
        ranked = sorted(counts.items(), key=lambda item: (-item[1][0], item[1][1]))
        return [{"intent": intent, "count": n} for intent, (n, _) in ranked[:10]]


def _count(result: Counted, tally: resolution.Tally, n: int) -> None:
    result.verdicts[tally] += n
    result.per_day[tally[:2]] += n
    result.conversations += n


def _by_sender(parts: list[Part]) -> dict[str, list[Part]]:
    by_sender: dict[str, list[Part]] = defaultdict(list)
    seen: set[tuple[date, str, str]] = set()
    for part in parts:
        key = (part.day, part.sender_id, part.channel)
        if key not in seen:
            seen.add(key)
            by_sender[part.sender_id].append(part)
    return by_sender


def _tally(
    day: date, channel: str, rating: str | None, goal: bool, repeated: bool, handed: bool
) -> resolution.Tally:
    return (day, channel, rating, resolution.resolved_of(rating, handed, goal, repeated))
