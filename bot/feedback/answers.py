"""The parents' open answers, wherever they are kept, as one kind of record: the comments
on "Heeft dit u geholpen?" (the conversation's outcomes), the comments with the 1-5 score
after a hand-back, complaints handed to staff, and messages the bot did not understand.

Each source is a reader: a function from `Sources` to answers. A new source (a survey's
open answers) is one more reader in `READERS`; it may give the answer's location and
moment itself, else they come from the parent's registration: every location it prefers,
and its status when the parent wrote (the moment of the journey: waiting, offered, placed;
"unknown" when the parent was not identified).

An answer's `key` is stable (a hash of its source and where it is kept), so an admin's move
to another theme stays with it; it names no parent."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.conversation.bot_rating import COMMENT, NO, YES
from bot.handoff.models import Handoff
from bot.reporting.figures import ReportFilter
from bot.reporting.sources import Conversations
from bot.updates.models import SurveyAnswer
from bot.waitlist.models import Location, LocationPreference, Registration, StatusChange

BOT_RATING, CSAT, COMPLAINT, NOT_UNDERSTOOD = "bot_rating", "csat", "complaint", "not_understood"
SURVEY = "survey"
UNKNOWN = "unknown"  # the moment of a parent who was not identified


@dataclass(frozen=True)
class Answer:
    key: str
    source: str
    at: datetime
    channel: str
    text: str  # the parent's own words, as written: anonymise before showing
    score: str = ""  # "ja" / "nee", "1".."5", or ""
    sender_id: str = ""  # the conversation, if any
    numbers: frozenset[str] = frozenset()  # the parent's registration numbers, if known
    locations: frozenset[str] = frozenset()  # location codes
    moment: str = ""


@dataclass(frozen=True)
class Sources:
    session: Session
    conversations: Conversations
    start: datetime
    end: datetime


Reader = Callable[[Sources], list[Answer]]


def answer_key(*parts: object) -> str:
    return hashlib.sha256(":".join(map(str, parts)).encode()).hexdigest()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo("UTC"))


def bot_rating_comments(sources: Sources) -> list[Answer]:
    """What parents wrote with their answer to "Heeft dit u geholpen?"."""
    scores = {YES: "ja", NO: "nee", COMMENT: "nee"}
    return [
        Answer(
            key=answer_key(BOT_RATING, o.sender_id, o.at.timestamp()),
            source=BOT_RATING,
            at=o.at,
            channel=o.channel,
            text=o.comment,
            score=scores[o.outcome],
            sender_id=o.sender_id,
        )
        for o in sources.conversations.commented(sources.start, sources.end)
        if o.outcome in scores
    ]


def _handoffs(sources: Sources) -> list[Handoff]:
    query = select(Handoff).where(
        Handoff.created_at >= sources.start, Handoff.created_at < sources.end
    )
    return list(sources.session.scalars(query.order_by(Handoff.id)))


def _number(handoff: Handoff) -> frozenset[str]:
    number = (handoff.context or {}).get("registration_number")
    return frozenset({number}) if isinstance(number, str) and number else frozenset()


def csat_comments(sources: Sources) -> list[Answer]:
    """What parents wrote with their 1-5 score after staff handed the chat back."""
    return [
        Answer(
            key=answer_key(CSAT, handoff.id),
            source=CSAT,
            at=_aware(handoff.closed_at or handoff.created_at),
            channel=handoff.channel,
            text=handoff.satisfaction_comment or "",
            score=str(handoff.satisfaction),
            sender_id=handoff.sender_id,
            numbers=_number(handoff),
        )
        for handoff in _handoffs(sources)
        if handoff.satisfaction is not None and handoff.satisfaction_comment
    ]


def complaints(sources: Sources) -> list[Answer]:
    """Complaints handed to staff: the parent's words that made the bot hand over."""
    found = []
    for handoff in _handoffs(sources):
        if handoff.reason != "complaint":
            continue
        said = [
            str(line.get("text") or "")
            for line in (handoff.context or {}).get("transcript") or []
            if line.get("who") == "parent" and not str(line.get("text") or "").startswith("/")
        ]
        if said and said[-1]:
            found.append(
                Answer(
                    key=answer_key(COMPLAINT, handoff.id),
                    source=COMPLAINT,
                    at=_aware(handoff.created_at),
                    channel=handoff.channel,
                    text=said[-1],
                    sender_id=handoff.sender_id,
                    numbers=_number(handoff),
                )
            )
    return found


def not_understood_messages(sources: Sources) -> list[Answer]:
    """Messages the bot did not understand (what the NLU review groups by wording)."""
    return [
        Answer(
            key=answer_key(NOT_UNDERSTOOD, m.sender_id, m.at.timestamp()),
            source=NOT_UNDERSTOOD,
            at=m.at,
            channel=m.channel,
            text=m.text,
            sender_id=m.sender_id,
        )
        for m in sources.conversations.not_understood(sources.start, sources.end)
    ]


def survey_comments(sources: Sources) -> list[Answer]:
    """The open answers of the touchpoint surveys, at the survey's own location (their
    moment of the journey, like every answer's, is the parent's status when they wrote)."""
    query = select(SurveyAnswer).where(
        SurveyAnswer.answered_at >= sources.start,
        SurveyAnswer.answered_at < sources.end,
        SurveyAnswer.comment.is_not(None),
    )
    return [
        Answer(
            key=answer_key(SURVEY, row.id),
            source=SURVEY,
            at=_aware(row.answered_at),
            channel=row.channel,
            text=row.comment or "",
            score=str(row.score),
            numbers=frozenset({row.registration_number})
            if not row.registration_number.startswith(("purged-", "erased-"))
            else frozenset(),
            locations=frozenset({row.location_code}) if row.location_code else frozenset(),
        )
        for row in sources.session.scalars(query.order_by(SurveyAnswer.id))
    ]


READERS: tuple[Reader, ...] = (
    bot_rating_comments,
    csat_comments,
    complaints,
    not_understood_messages,
    survey_comments,
)


def collect(sources: Sources, readers: tuple[Reader, ...] = READERS) -> list[Answer]:
    """Every reader's answers in the period, oldest first, each with the parent's
    registrations, their locations and the moment of the journey."""
    answers = [answer for read in readers for answer in read(sources)]
    senders = {a.sender_id for a in answers if a.sender_id}
    by_sender = sources.conversations.numbers_of(senders)
    answers = [
        replace(a, numbers=a.numbers | frozenset(by_sender.get(a.sender_id, ()))) for a in answers
    ]
    numbers = {n for a in answers for n in a.numbers}
    preferred, statuses = _preferred(sources.session, numbers), _statuses(sources.session, numbers)
    completed = []
    for answer in answers:
        locations = answer.locations or frozenset(
            code for n in answer.numbers for code in preferred.get(n, ())
        )
        moment = answer.moment or _moment(answer, statuses)
        completed.append(replace(answer, locations=locations, moment=moment))
    return sorted(completed, key=lambda a: a.at)


def _preferred(session: Session, numbers: set[str]) -> dict[str, set[str]]:
    if not numbers:
        return {}
    rows = session.execute(
        select(Registration.number, Location.location_code)
        .join(LocationPreference, LocationPreference.registration_id == Registration.id)
        .join(Location, Location.id == LocationPreference.location_id)
        .where(Registration.number.in_(numbers))
    )
    found: dict[str, set[str]] = {}
    for number, code in rows:
        found.setdefault(number, set()).add(code)
    return found


def _statuses(
    session: Session, numbers: set[str]
) -> dict[str, tuple[str, list[tuple[datetime, str]]]]:
    """Each registration's status now and its changes, oldest first."""
    if not numbers:
        return {}
    found: dict[str, tuple[str, list[tuple[datetime, str]]]] = {
        number: (status, [])
        for number, status in session.execute(
            select(Registration.number, Registration.status).where(Registration.number.in_(numbers))
        )
    }
    changes = session.execute(
        select(Registration.number, StatusChange.changed_at, StatusChange.status)
        .join(StatusChange, StatusChange.registration_id == Registration.id)
        .where(Registration.number.in_(numbers))
        .order_by(StatusChange.changed_at)
    )
    for number, at, status in changes:
        found[number][1].append((_aware(at), status))
    return found


def _moment(answer: Answer, statuses: dict[str, tuple[str, list[tuple[datetime, str]]]]) -> str:
    """The status of the parent's (first) registration when they wrote."""
    for number in sorted(answer.numbers):
        if number not in statuses:
            continue
        now, changes = statuses[number]
        before = [status for at, status in changes if at <= answer.at]
        if before:
            return before[-1]
        return changes[0][1] if changes else now
    return UNKNOWN


def answers_of(
    session: Session, conversations: Conversations, wanted: ReportFilter
) -> list[Answer]:
    """The answers of the dashboard's period, channel and location (an answer counts at
    every location of the parent's registration, a survey's answer at its own)."""
    start, end = wanted.bounds()
    return [
        answer
        for answer in collect(Sources(session, conversations, start, end))
        if (not wanted.channel or answer.channel == wanted.channel)
        and (not wanted.location or wanted.location in answer.locations)
    ]
