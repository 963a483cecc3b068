"""Where the dashboard reads the parents' messages: Rasa's tracker store (the embedded
default, no broker) or the table the event broker's consumer fills (EVENT_BROKER_URL set,
so that reporting never reads the tracker store under load). Both read an event through
`conversation_events.row_of`, so the same events give the same messages and outcomes."""

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any, Protocol

from sqlalchemy import ColumnElement, Engine, and_, func, inspect, or_, select
from sqlalchemy.orm import Session

from bot.conversation.bot_rating import OUTCOME as OUTCOME_KEY
from bot.db.tracker_store import rasa_events
from bot.reporting.conversation_events import FALLBACK, LOW_CONFIDENCE, not_understood, row_of
from bot.reporting.models import IDENTITY, MESSAGE, OUTCOME, ConversationEvent

CHUNK = 10_000  # values in one IN (…)


@dataclass(frozen=True)
class Message:
    sender_id: str
    at: datetime
    channel: str
    intent: str | None
    confidence: float
    button: bool
    text: str  # only when the bot did not understand it, else ""


@dataclass(frozen=True)
class Outcome:
    """A goal reached or the bot rating's question and answers (bot/conversation/bot_rating.py)."""

    sender_id: str
    at: datetime
    channel: str
    outcome: str
    comment: str  # only with an answer to the rating, else ""


class Conversations(Protocol):
    def messages(self, start: datetime, end: datetime) -> list[Message]:
        """The parents' messages in [start, end), oldest first."""
        ...

    def senders_of(self, numbers: set[str]) -> set[str]:
        """Conversations in which one of the numbers was set as the parent's registration."""
        ...

    def outcomes(self, start: datetime, end: datetime) -> list[Outcome]:
        """The outcomes the bot's messages in [start, end) carry, oldest first."""
        ...

    def numbers_of(self, senders: set[str]) -> dict[str, set[str]]:
        """The registration numbers set as the parent's in each of these conversations."""
        ...

    def not_understood(self, start: datetime, end: datetime) -> list[Message]:
        """The typed messages in [start, end) with a text the bot did not understand."""
        ...

    def commented(self, start: datetime, end: datetime) -> list[Outcome]:
        """The outcomes in [start, end) that carry a parent's comment, oldest first."""
        ...


@dataclass(frozen=True)
class TrackerStoreSource:
    engine: Engine

    def messages(self, start: datetime, end: datetime) -> list[Message]:
        if not inspect(self.engine).has_table("events"):
            return []
        query = (
            select(rasa_events.c.sender_id, rasa_events.c.data)
            .where(
                rasa_events.c.type_name == "user",
                rasa_events.c.timestamp >= start.timestamp(),
                rasa_events.c.timestamp < end.timestamp(),
            )
            .order_by(rasa_events.c.timestamp, rasa_events.c.id)
        )
        with self.engine.connect() as connection:
            rows = [_row(sender_id, data) for sender_id, data in connection.execute(query)]
        # a message read again as the meaning the parent chose is counted once (row_of)
        return [_message(row, start.tzinfo) for row in rows if row["kind"] == MESSAGE]

    def outcomes(self, start: datetime, end: datetime) -> list[Outcome]:
        if not inspect(self.engine).has_table("events"):
            return []
        query = (
            select(rasa_events.c.sender_id, rasa_events.c.data)
            .where(
                rasa_events.c.type_name == "bot",
                rasa_events.c.timestamp >= start.timestamp(),
                rasa_events.c.timestamp < end.timestamp(),
                rasa_events.c.data.contains(f'"{OUTCOME_KEY}"'),
            )
            .order_by(rasa_events.c.timestamp, rasa_events.c.id)
        )
        with self.engine.connect() as connection:
            rows = [_row(sender_id, data) for sender_id, data in connection.execute(query)]
        return [_outcome(row, start.tzinfo) for row in rows if row["kind"] == OUTCOME]

    def numbers_of(self, senders: set[str]) -> dict[str, set[str]]:
        if not senders or not inspect(self.engine).has_table("events"):
            return {}
        numbers: dict[str, set[str]] = {}
        with self.engine.connect() as connection:
            for some in chunks(senders):
                query = select(rasa_events.c.sender_id, rasa_events.c.data).where(
                    rasa_events.c.type_name == "slot", rasa_events.c.sender_id.in_(some)
                )
                for sender_id, data in connection.execute(query):
                    row = _row(sender_id, data)
                    if row["kind"] == IDENTITY:
                        numbers.setdefault(sender_id, set()).add(row["registration_number"])
        return numbers

    def senders_of(self, numbers: set[str]) -> set[str]:
        if not numbers or not inspect(self.engine).has_table("events"):
            return set()
        query = select(rasa_events.c.sender_id, rasa_events.c.data).where(
            rasa_events.c.type_name == "slot"
        )
        senders = set()
        with self.engine.connect() as connection:
            for sender_id, data in connection.execute(query):
                row = _row(sender_id, data)
                if row["kind"] == IDENTITY and row["registration_number"] in numbers:
                    senders.add(sender_id)
        return senders

    def not_understood(self, start: datetime, end: datetime) -> list[Message]:
        return [m for m in self.messages(start, end) if _missed(m)]

    def commented(self, start: datetime, end: datetime) -> list[Outcome]:
        return [o for o in self.outcomes(start, end) if o.comment]


# the columns a message or an outcome is read from: plain rows, not ORM objects, which
# cost three times as much to build for a year of a large chain's messages
_MESSAGE_COLUMNS = (
    ConversationEvent.sender_id,
    ConversationEvent.timestamp,
    ConversationEvent.channel,
    ConversationEvent.intent,
    ConversationEvent.confidence,
    ConversationEvent.button,
    ConversationEvent.text,
)


@dataclass(frozen=True)
class EventTableSource:
    session: Session

    def messages(self, start: datetime, end: datetime) -> list[Message]:
        query = (
            select(*_MESSAGE_COLUMNS)
            .where(
                ConversationEvent.kind == MESSAGE,
                ConversationEvent.timestamp >= start.timestamp(),
                ConversationEvent.timestamp < end.timestamp(),
            )
            .order_by(ConversationEvent.timestamp, ConversationEvent.id)
        )
        rows = self.session.execute(query).mappings()
        return [_message(row, start.tzinfo) for row in rows]

    def senders_of(self, numbers: set[str]) -> set[str]:
        senders: set[str] = set()
        for some in chunks(numbers):
            query = select(ConversationEvent.sender_id).where(
                ConversationEvent.kind == IDENTITY,
                ConversationEvent.registration_number.in_(some),
            )
            senders.update(self.session.scalars(query.distinct()))
        return senders

    def outcomes(self, start: datetime, end: datetime) -> list[Outcome]:
        query = (
            select(*_MESSAGE_COLUMNS)
            .where(
                ConversationEvent.kind == OUTCOME,
                ConversationEvent.timestamp >= start.timestamp(),
                ConversationEvent.timestamp < end.timestamp(),
            )
            .order_by(ConversationEvent.timestamp, ConversationEvent.id)
        )
        rows = self.session.execute(query).mappings()
        return [_outcome(row, start.tzinfo) for row in rows]

    def comments(
        self, start: datetime, end: datetime, outcomes: tuple[str, ...], batch: int = 200
    ) -> Iterator[list[Outcome]]:
        """The outcomes in [start, end) of these kinds that carry a parent's comment,
        newest first, `batch` at a time."""
        query = (
            select(*_MESSAGE_COLUMNS)
            .where(
                ConversationEvent.kind == OUTCOME,
                ConversationEvent.timestamp >= start.timestamp(),
                ConversationEvent.timestamp < end.timestamp(),
                ConversationEvent.intent.in_(outcomes),
                ConversationEvent.text.is_not(None),
                ConversationEvent.text != "",
            )
            .order_by(ConversationEvent.timestamp.desc(), ConversationEvent.id.desc())
        )
        offset = 0
        while rows := self.session.execute(query.offset(offset).limit(batch)).mappings().all():
            yield [_outcome(row, start.tzinfo) for row in rows]
            offset += batch

    def not_understood(self, start: datetime, end: datetime) -> list[Message]:
        query = select(*_MESSAGE_COLUMNS).where(
            _missed_in(start, end),
            ConversationEvent.text.is_not(None),
            ConversationEvent.text != "",
        )
        rows = self.session.execute(
            query.order_by(ConversationEvent.timestamp, ConversationEvent.id)
        )
        return [_message(row, start.tzinfo) for row in rows.mappings()]

    def commented(self, start: datetime, end: datetime) -> list[Outcome]:
        query = select(*_MESSAGE_COLUMNS).where(
            ConversationEvent.kind == OUTCOME,
            ConversationEvent.timestamp >= start.timestamp(),
            ConversationEvent.timestamp < end.timestamp(),
            ConversationEvent.text.is_not(None),
            ConversationEvent.text != "",
        )
        rows = self.session.execute(
            query.order_by(ConversationEvent.timestamp, ConversationEvent.id)
        )
        return [_outcome(row, start.tzinfo) for row in rows.mappings()]

    def missed(
        self,
        start: datetime,
        end: datetime,
        *,
        limit: int,
        channel: str | None = None,
        among: ColumnElement[bool] | None = None,
    ) -> list[str]:
        """The texts of the newest `limit` typed messages in [start, end) the bot did not
        understand (in `channel`, of the conversations `among` selects), oldest first."""
        # a not-understood typed message always has its text (row_of): the index of texts
        kept = ConversationEvent.text.is_not(None)
        query = select(ConversationEvent.text).where(_missed_in(start, end), kept)
        if channel:
            query = query.where(ConversationEvent.channel == channel)
        if among is not None:
            query = query.where(
                ConversationEvent.sender_id.in_(select(ConversationEvent.sender_id).where(among))
            )
        newest = query.order_by(ConversationEvent.timestamp.desc(), ConversationEvent.id.desc())
        return [text or "" for text in reversed(self.session.scalars(newest.limit(limit)).all())]

    def numbers_of(self, senders: set[str]) -> dict[str, set[str]]:
        numbers: dict[str, set[str]] = {}
        for some in chunks(senders):
            query = select(
                ConversationEvent.sender_id, ConversationEvent.registration_number
            ).where(ConversationEvent.kind == IDENTITY, ConversationEvent.sender_id.in_(some))
            for sender_id, number in self.session.execute(query.distinct()):
                numbers.setdefault(sender_id, set()).add(number)
        return numbers


def _missed(message: Message) -> bool:
    return (
        bool(message.text)
        and not message.button
        and not_understood(message.intent, message.confidence)
    )


def _missed_in(start: datetime, end: datetime) -> ColumnElement[bool]:
    """A typed message in [start, end) the bot did not understand (`not_understood`)."""
    return and_(
        ConversationEvent.kind == MESSAGE,
        ConversationEvent.timestamp >= start.timestamp(),
        ConversationEvent.timestamp < end.timestamp(),
        func.coalesce(ConversationEvent.button, False).is_(False),
        or_(ConversationEvent.intent == FALLBACK, ConversationEvent.confidence < LOW_CONFIDENCE),
    )


def chunks(values: set[str]) -> Iterator[list[str]]:
    """The values a few thousand at a time: PostgreSQL takes at most 65,535 parameters in
    a query, and a year of a large chain has more conversations than that."""
    ordered = sorted(values)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def _row(sender_id: str, data: str) -> dict[str, Any]:
    return row_of({**json.loads(data), "sender_id": sender_id}) or {"kind": None}


def _message(row: Mapping[str, Any], zone: tzinfo | None) -> Message:
    return Message(
        sender_id=row["sender_id"],
        at=datetime.fromtimestamp(row["timestamp"], zone),
        channel=row["channel"],
        intent=row["intent"],
        confidence=row["confidence"],
        button=row["button"],
        text=row["text"] or "",
    )


def _outcome(row: Mapping[str, Any], zone: tzinfo | None) -> Outcome:
    return Outcome(
        sender_id=row["sender_id"],
        at=datetime.fromtimestamp(row["timestamp"], zone),
        channel=row["channel"],
        outcome=row["intent"],
        comment=row["text"] or "",
    )
