"""The dashboard's figures, from the parents' messages (bot/reporting/sources.py: Rasa's
tracker store, or the event broker's copy) and the handoff records.

A conversation is one conversation id: counted once in a period however many sessions it
had, on the day (office time zone) and channel of its first message in the period. It was
handed to staff when a handoff of that id started in the period. The location filter keeps
conversations and handoffs of registrations that prefer the location (so only verified
ones). The bot rating and resolution rate: bot/reporting/resolution.py. Times: to the
first staff reply (the first `reply` in the audit log) and handling
(claim to hand-back), split by whether the office was open when the parent asked. The
touchpoint survey scores: bot/reporting/touchpoints.py (by the day answered and the
location the answer is about; the channel filter does not apply to them).
"""

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Row, func, or_, select
from sqlalchemy.orm import Session

from bot.conversation.bot_rating import COMMENT, NO, YES
from bot.handoff.models import Handoff
from bot.reporting import day_figures, nlu_review, resolution, touchpoints
from bot.reporting.conversation_events import not_understood
from bot.reporting.models import IDENTITY, ConversationEvent
from bot.reporting.sources import Conversations, EventTableSource, Message, Outcome
from bot.shared import clock
from bot.staff.models import AuditEntry, StaffAccount
from bot.updates.models import UpdateMessage, UpdatePreference
from bot.waitlist.queries import numbers_preferring

ANSWERS = {YES: "yes", NO: "no", COMMENT: "no"}  # a comment goes with a "nee"
COMMENTS = 50  # the newest comments shown


@dataclass(frozen=True)
class ReportFilter:
    first_day: date
    last_day: date  # inclusive
    timezone: str = "Europe/Amsterdam"
    channel: str | None = None
    location: str | None = None

    def bounds(self) -> tuple[datetime, datetime]:
        """The period's first and first-after moments in UTC, as times are stored (SQLite
        keeps the wall time without its zone: an Amsterdam midnight would be an hour off)."""
        zone = ZoneInfo(self.timezone)
        start = datetime.combine(self.first_day, datetime.min.time(), zone)
        end = datetime.combine(self.last_day + timedelta(days=1), datetime.min.time(), zone)
        return start.astimezone(timezone.utc), end.astimezone(timezone.utc)

    def day_of(self, moment: datetime) -> date:
        return moment.astimezone(ZoneInfo(self.timezone)).date()


@dataclass
class Dashboard:
    conversations: int = 0
    per_day: list[dict[str, Any]] = field(default_factory=list)  # day, channel, count
    handed_to_staff: int = 0
    answered_by_bot: int = 0
    handoff_reasons: dict[str, int] = field(default_factory=dict)
    first_reply_minutes: dict[str, float | None] = field(default_factory=dict)  # office/outside
    handling_minutes: dict[str, float | None] = field(default_factory=dict)
    csat_average: float | None = None
    csat_count: int = 0
    csat_per_day: list[dict[str, Any]] = field(default_factory=list)  # day, average, count
    csat_per_channel: dict[str, float] = field(default_factory=dict)
    # the newest comments parents wrote with their score (anonymised): day, channel, score
    csat_comments: list[dict[str, Any]] = field(default_factory=list)
    top_intents: list[dict[str, Any]] = field(default_factory=list)  # intent, count
    # proactive updates in the period: sent per moment, failed, parents who opted out
    updates_sent: dict[str, int] = field(default_factory=dict)
    updates_failed: int = 0
    updates_opted_out: int = 0
    updates_replied: int = 0  # updates whose chat link a parent followed
    updates_opened: int = 0  # where the channel says so (WhatsApp read receipts)
    # grouped by similarity, anonymised: text, count, examples
    not_understood: list[dict[str, Any]] = field(default_factory=list)
    # "Heeft dit u geholpen?" and the resolution measure (bot/reporting/resolution.py), with
    # the newest comments (anonymised): day, channel, answer, comment
    bot_resolution: dict[str, Any] = field(default_factory=dict)
    # the touchpoint surveys per moment and location (bot/reporting/touchpoints.py)
    touchpoints: list[dict[str, Any]] = field(default_factory=list)
    # per staff member: conversations replied in, median minutes to the first reply (of
    # the conversations where theirs was the first)
    per_agent: list[dict[str, Any]] = field(default_factory=list)


def dashboard(
    *,
    session: Session,
    conversations: Conversations,
    wanted: ReportFilter,
    now: datetime | None = None,
) -> Dashboard:
    """The figures of the period. From the event broker's copy of the events, the
    conversations are counted from the figures kept per closed day
    (bot/reporting/day_figures.py) and only the open days' events; from the tracker store
    (the embedded default, no broker), from every message of the period."""
    start, end = wanted.bounds()
    handoffs = _handoffs(session, start, end, wanted.channel)
    of_location: set[str] | None = None
    if wanted.location:
        numbers = set(session.scalars(numbers_preferring(wanted.location)))
        of_location = conversations.senders_of(numbers)
        handoffs = [
            h
            for h in handoffs
            if h.sender_id in of_location or h.context.get("registration_number") in numbers
        ]
    report = Dashboard()
    names = nlu_review.child_names(session)
    if isinstance(conversations, EventTableSource):
        _kept_figures(report, conversations, handoffs, wanted, now or clock.now(), names)
    else:
        messages = conversations.messages(start, end)
        if wanted.channel:
            messages = [m for m in messages if m.channel == wanted.channel]
        if of_location is not None:
            messages = [m for m in messages if m.sender_id in of_location]
        _conversation_figures(report, messages, handoffs, wanted)
        _resolution_figures(report, conversations, messages, handoffs, wanted, names)
        _language_figures(report, messages, names)
    _staff_figures(report, session, handoffs)
    _csat_figures(report, handoffs, wanted, names)
    _update_figures(report, session, start, end)
    report.touchpoints = touchpoints.figures(
        session=session, start=start, end=end, location=wanted.location
    )
    return report


def _kept_figures(
    report: Dashboard,
    source: EventTableSource,
    handoffs: list[Handoff],
    wanted: ReportFilter,
    now: datetime,
    names: set[str],
) -> None:
    """The conversation, resolution and language figures from the figures kept per day."""
    start, end = wanted.bounds()
    location = (
        (ConversationEvent.kind == IDENTITY)
        & ConversationEvent.registration_number.in_(numbers_preferring(wanted.location))
        if wanted.location
        else None
    )
    period = day_figures.Period(
        source.session,
        wanted.timezone,
        wanted.first_day,
        wanted.last_day,
        now,
        wanted.channel,
        location,
    )
    handed = {h.sender_id for h in handoffs}
    counted = period.counted(handed)
    report.conversations = counted.conversations
    report.per_day = [
        {"day": day.isoformat(), "channel": channel, "count": count}
        for (day, channel), count in sorted(counted.per_day.items())
        if count
    ]
    report.handed_to_staff = len(handed)
    report.answered_by_bot = counted.conversations - counted.handed
    report.handoff_reasons = dict(Counter(h.reason for h in handoffs).most_common())
    report.bot_resolution = _as_dict(resolution.tallied(counted.verdicts))
    report.bot_resolution["comments"] = _rating_comments(
        _newest_comments(source, period, start, end), wanted, names
    )
    report.top_intents = period.top_intents(start, end)
    missed = source.missed(
        start, end, limit=nlu_review.REVIEWED, channel=wanted.channel, among=location
    )
    report.not_understood = _groups(missed, names)


def _newest_comments(
    source: EventTableSource, period: day_figures.Period, start: datetime, end: datetime
) -> list[Outcome]:
    """The newest 50 comments with an answer to the rating, of the period's conversations,
    oldest first."""
    found: list[Outcome] = []
    for batch in source.comments(start, end, tuple(ANSWERS)):
        written = period.has_written({o.sender_id for o in batch})
        found += [o for o in batch if o.sender_id in written]
        if len(found) >= COMMENTS:
            break
    return list(reversed(found[:COMMENTS]))


def _handoffs(
    session: Session, start: datetime, end: datetime, channel: str | None
) -> list[Handoff]:
    query = select(Handoff).where(Handoff.created_at >= start, Handoff.created_at < end)
    if channel:
        query = query.where(Handoff.channel == channel)
    return list(session.scalars(query.order_by(Handoff.id)))


def _conversation_figures(
    report: Dashboard, messages: list[Message], handoffs: list[Handoff], wanted: ReportFilter
) -> None:
    first: dict[str, Message] = {}
    for message in messages:
        first.setdefault(message.sender_id, message)
    per_day = Counter((wanted.day_of(m.at), m.channel) for m in first.values())
    report.conversations = len(first)
    report.per_day = [
        {"day": day.isoformat(), "channel": channel, "count": count}
        for (day, channel), count in sorted(per_day.items())
    ]
    handed = {h.sender_id for h in handoffs}
    report.handed_to_staff = len(handed)
    report.answered_by_bot = len(set(first) - handed)
    report.handoff_reasons = dict(Counter(h.reason for h in handoffs).most_common())


def _resolution_figures(
    report: Dashboard,
    conversations: Conversations,
    messages: list[Message],
    handoffs: list[Handoff],
    wanted: ReportFilter,
    names: set[str],
) -> None:
    start, end = wanted.bounds()
    counted = {m.sender_id for m in messages}  # after the channel and location filters
    outcomes = [o for o in conversations.outcomes(start, end) if o.sender_id in counted]
    later = conversations.messages(start, end + resolution.REPEAT_WINDOW)
    askers = counted | {m.sender_id for m in later}
    verdicts = resolution.verdicts(
        messages=messages,
        outcomes=outcomes,
        later=later,
        handed_over={h.sender_id for h in handoffs},
        numbers=conversations.numbers_of(askers),
        day_of=wanted.day_of,
    )
    report.bot_resolution = _as_dict(resolution.figures(verdicts))
    commented = [o for o in outcomes if o.comment and o.outcome in ANSWERS]
    report.bot_resolution["comments"] = _rating_comments(commented[-COMMENTS:], wanted, names)


def _rating_comments(
    commented: list[Outcome], wanted: ReportFilter, names: set[str]
) -> list[dict[str, Any]]:
    """The comments with an answer to the rating (oldest first), newest first, anonymised."""
    return [
        {
            "day": wanted.day_of(o.at).isoformat(),
            "channel": o.channel,
            "answer": ANSWERS[o.outcome],
            "comment": nlu_review.anonymise(o.comment, names),
        }
        for o in reversed(commented)
    ]


def _staff_figures(report: Dashboard, session: Session, handoffs: list[Handoff]) -> None:
    replied = session.execute(
        select(AuditEntry.handoff_id, AuditEntry.staff_id, AuditEntry.at)
        .where(AuditEntry.action == "reply", AuditEntry.handoff_id.in_([h.id for h in handoffs]))
        .order_by(AuditEntry.at, AuditEntry.id)
    ).all()
    first_replies: dict[int, datetime] = {}
    for handoff_id, _, at in replied:
        first_replies.setdefault(handoff_id, at)
    replies: dict[str, list[float]] = defaultdict(list)
    handling: dict[str, list[float]] = defaultdict(list)
    for handoff in handoffs:
        when = "office" if handoff.office_open else "outside"
        if handoff.id in first_replies:
            replies[when].append(_minutes(handoff.created_at, first_replies[handoff.id]))
        if handoff.claimed_at and handoff.closed_at:
            handling[when].append(_minutes(handoff.claimed_at, handoff.closed_at))
    report.first_reply_minutes = {k: _median(replies[k]) for k in ("office", "outside")}
    report.handling_minutes = {k: _median(handling[k]) for k in ("office", "outside")}
    report.per_agent = _per_agent(session, handoffs, replied)


def _per_agent(
    session: Session, handoffs: list[Handoff], replied: Sequence[Row[Any]]
) -> list[dict[str, Any]]:
    created = {h.id: h.created_at for h in handoffs}
    handled: dict[int, set[int]] = defaultdict(set)
    first: dict[int, list[float]] = defaultdict(list)
    seen: set[int] = set()
    for handoff_id, staff_id, at in replied:
        if staff_id is None:
            continue
        handled[staff_id].add(handoff_id)
        if handoff_id not in seen:
            first[staff_id].append(_minutes(created[handoff_id], at))
        seen.add(handoff_id)
    names = dict(
        session.execute(
            select(StaffAccount.id, StaffAccount.name).where(StaffAccount.id.in_(list(handled)))
        ).all()
    )
    figures = [
        {
            "staff": names.get(staff_id, "?"),
            "conversations": len(ids),
            "first_reply_minutes": _median(first[staff_id]),
        }
        for staff_id, ids in handled.items()
    ]
    return sorted(figures, key=lambda f: (-f["conversations"], f["staff"]))


def _csat_figures(
    report: Dashboard, handoffs: list[Handoff], wanted: ReportFilter, names: set[str]
) -> None:
    scored = [h for h in handoffs if h.satisfaction is not None]
    report.csat_count = len(scored)
    report.csat_average = _mean(h.satisfaction for h in scored)
    per_day: dict[date, list[int]] = defaultdict(list)
    per_channel: dict[str, list[int]] = defaultdict(list)
    for handoff in scored:
        per_day[wanted.day_of(_aware(handoff.closed_at or handoff.created_at))].append(
            handoff.satisfaction
        )
        per_channel[handoff.channel].append(handoff.satisfaction)
    report.csat_per_day = [
        {"day": day.isoformat(), "average": _mean(scores), "count": len(scores)}
        for day, scores in sorted(per_day.items())
    ]
    report.csat_per_channel = {c: _mean(s) for c, s in sorted(per_channel.items())}
    commented = [h for h in scored if h.satisfaction_comment]
    commented.sort(key=lambda h: _aware(h.closed_at or h.created_at), reverse=True)
    report.csat_comments = [
        {
            "day": wanted.day_of(_aware(h.closed_at or h.created_at)).isoformat(),
            "channel": h.channel,
            "score": h.satisfaction,
            "comment": nlu_review.anonymise(h.satisfaction_comment or "", names),
        }
        for h in commented[:50]
    ]


def _language_figures(report: Dashboard, messages: list[Message], names: set[str]) -> None:
    typed = [m for m in messages if not m.button]
    report.top_intents = [
        {"intent": intent, "count": count}
        for intent, count in Counter(m.intent for m in typed if m.intent).most_common(10)
    ]
    missed = [m.text for m in typed if not_understood(m.intent, m.confidence)]
    report.not_understood = _groups(missed[-nlu_review.REVIEWED :], names)


def _groups(missed: list[str], names: set[str]) -> list[dict[str, Any]]:
    return [
        {"text": g.text, "count": g.count, "examples": g.examples}
        for g in nlu_review.group(missed, names)[:50]
    ]


def _update_figures(report: Dashboard, session: Session, start: datetime, end: datetime) -> None:
    in_period = UpdateMessage.created_at.between(start, end)
    report.updates_sent = dict(
        session.execute(
            select(UpdateMessage.moment, func.count())
            .where(in_period, UpdateMessage.status == "sent")
            .group_by(UpdateMessage.moment)
        ).all()
    )
    report.updates_failed = (
        session.scalar(
            select(func.count())
            .select_from(UpdateMessage)
            .where(in_period, UpdateMessage.status == "failed")
        )
        or 0
    )
    report.updates_opened = (
        session.scalar(
            select(func.count())
            .select_from(UpdateMessage)
            .where(in_period, UpdateMessage.opened_at.is_not(None))
        )
        or 0
    )
    report.updates_replied = (
        session.scalar(
            select(func.count())
            .select_from(UpdateMessage)
            .where(in_period, UpdateMessage.replied_at.is_not(None))
        )
        or 0
    )
    out = or_(
        UpdatePreference.email_opt_out_at.between(start, end),
        UpdatePreference.whatsapp_opt_out_at.between(start, end),
    )
    report.updates_opted_out = (
        session.scalar(select(func.count()).select_from(UpdatePreference).where(out)) or 0
    )


def _as_dict(figures: resolution.Figures) -> dict[str, Any]:
    """The figures as a dict, not copied again (`asdict` deep-copies a year of days)."""
    return {f.name: getattr(figures, f.name) for f in fields(figures)}


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo("UTC"))


def _minutes(start: datetime, end: datetime) -> float:
    return (_aware(end) - _aware(start)).total_seconds() / 60


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def _mean(values: Iterable[int]) -> float | None:
    values = list(values)
    return round(statistics.fmean(values), 2) if values else None
