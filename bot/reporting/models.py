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

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Float, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base

MESSAGE, IDENTITY, SESSION, OUTCOME = "message", "identity", "session", "outcome"


class ConversationEvent(Base):
    __tablename__ = "conversation_events"
    __table_args__ = (Index("ix_conversation_events_kind_timestamp", "kind", "timestamp"),)

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
