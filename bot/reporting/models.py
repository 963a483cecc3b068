"""The dashboard's own copy of the conversation events it counts, written by the consumer
of Rasa's event broker (bot/events) so that the figures never read the tracker store.

Only what the figures need: a parent's message (channel, intent, confidence, whether it
was a button; its text only when the bot did not understand it, for the review), an
identity slot set to a registration number (the location filter), session starts
(so that `purge` removes what it removes from the tracker store), and the outcomes the
bot's own messages carry (bot/conversation/bot_rating.py: a goal reached, the "Heeft dit u
geholpen?" question and its answers; the outcome in `intent`, a parent's comment in
`text`). Purged with the same retention period (bot/privacy/retention.py) and erased with a
family's data (bot/privacy).
"""

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Float, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base

MESSAGE, IDENTITY, SESSION, OUTCOME = "message", "identity", "session", "outcome"


class ConversationEvent(Base):
    __tablename__ = "conversation_events"
    __table_args__ = (
        Index("ix_conversation_events_kind_timestamp", "kind", "timestamp"),
        # the not-understood messages and the rating's comments, newest first (the only
        # rows with a text): the dashboard reads the newest few, not the period's all
        Index(
            "ix_conversation_events_texts",
            "kind",
            "timestamp",
            postgresql_where=text("text IS NOT NULL"),
            sqlite_where=text("text IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # sha256 of the event as Rasa publishes it: a redelivered event is stored once
    key: Mapped[str] = mapped_column(String(64), unique=True)
    sender_id: Mapped[str] = mapped_column(String(255), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # message | identity | session | outcome
    timestamp: Mapped[float] = mapped_column(Float)  # Rasa's, seconds since the epoch
    channel: Mapped[str | None] = mapped_column(String(64))
    intent: Mapped[str | None] = mapped_column(String(255))
    confidence: Mapped[float | None] = mapped_column(Float)
    button: Mapped[bool | None] = mapped_column(Boolean)
    text: Mapped[str | None] = mapped_column(Text)  # only of a message not understood
    registration_number: Mapped[str | None] = mapped_column(String(64), index=True)


class NluLabel(Base):
    """A message the bot did not understand, anonymised, with the intent staff gave it, or
    the meaning the parent chose when the bot asked which one was meant
    (bot/reporting/nlu_review.py): training data for the next model."""

    __tablename__ = "nlu_labels"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    intent: Mapped[str] = mapped_column(String(64))
    labelled_by_id: Mapped[int | None] = mapped_column(Integer)
    labelled_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # "staff", or "parent": chosen among `offered` (JSON: [{"intent", "confidence"}, ...])
    source: Mapped[str] = mapped_column(String(16), default="staff")
    offered: Mapped[str | None] = mapped_column(Text)


class ConversationDay(Base):
    """A conversation's part of one closed day in the dashboard's figures
    (bot/reporting/day_figures.py): per channel it wrote in, its first message there; the
    day's rating, whether a goal was reached and whether the parent asked again. The row
    with an empty sender and channel marks the day as aggregated."""

    __tablename__ = "conversation_days"
    __table_args__ = (
        Index("ix_conversation_days_sender_id", "sender_id"),
        Index("ix_conversation_days_earlier", "zone", "earlier"),
    )

    day: Mapped[date] = mapped_column(Date, primary_key=True)  # in `zone`
    zone: Mapped[str] = mapped_column(String(64), primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    channel: Mapped[str] = mapped_column(String(64), primary_key=True)  # "": outcomes only
    first_at: Mapped[float | None] = mapped_column(Float)  # the first message (epoch seconds)
    rating: Mapped[str | None] = mapped_column(String(32))  # the day's last yes or no
    goal: Mapped[bool] = mapped_column(Boolean, default=False)
    repeated: Mapped[bool] = mapped_column(Boolean, default=False)
    # the conversation's previous day with a message or an outcome (this day if it wrote in
    # more than one channel): which conversations span days of a period
    earlier: Mapped[date | None] = mapped_column(Date)


class ConversationDayCount(Base):
    """The conversations first seen on a closed day, per channel and verdict (rating ""
    when none): what the dashboard sums for the conversations that span no other day."""

    __tablename__ = "conversation_day_counts"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    zone: Mapped[str] = mapped_column(String(64), primary_key=True)
    channel: Mapped[str] = mapped_column(String(64), primary_key=True)
    rating: Mapped[str] = mapped_column(String(32), primary_key=True)
    goal: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    repeated: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    conversations: Mapped[int] = mapped_column(Integer)


class IntentDayCount(Base):
    """The parents' typed messages of a closed day per channel and intent, with the moment
    of the first (ties in the top intents go to the intent asked first, as before)."""

    __tablename__ = "intent_day_counts"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    zone: Mapped[str] = mapped_column(String(64), primary_key=True)
    channel: Mapped[str] = mapped_column(String(64), primary_key=True)
    intent: Mapped[str] = mapped_column(String(255), primary_key=True)
    messages: Mapped[int] = mapped_column(Integer)
    first_at: Mapped[float] = mapped_column(Float)
