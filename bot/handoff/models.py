"""Tables of the escalation part: handoffs (the queue) and staff's internal notes.

A handoff keeps the context as it was when the bot handed over (slots, transcript so far,
identity); what the parent writes afterwards is read live from Rasa's tracker.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base
from bot.staff import models as staff_models  # noqa: F401 (staff_accounts, referred to)

WAITING, ACTIVE, CLOSED = "waiting", "active", "closed"


class Handoff(Base):
    __tablename__ = "handoffs"

    id: Mapped[int] = mapped_column(primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(255), index=True)
    channel: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), index=True, default=WAITING)
    summary: Mapped[str] = mapped_column(Text)
    # identity_verified, registration_number, slots, transcript (at handoff time)
    context: Mapped[dict[str, Any]] = mapped_column(JSON)
    office_open: Mapped[bool]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("staff_accounts.id"))
    satisfaction: Mapped[int | None] = mapped_column(Integer)
    satisfaction_comment: Mapped[str | None] = mapped_column(Text)


class HandoffNote(Base):
    """An internal note; never shown to the parent."""

    __tablename__ = "handoff_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    handoff_id: Mapped[int] = mapped_column(ForeignKey("handoffs.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("staff_accounts.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
