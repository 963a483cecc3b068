"""Tables of the parents' requests part: a change, cancellation or answer to a placement
offer, from the parent's words to head office's outcome (bot/parent_requests).

Registration numbers and staff account ids are stored as plain values (no foreign key), so
this part migrates independently of the waitlist and console tables and keeps its rows
when a registration is re-imported.
"""

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base

# RegistrationRequest.status: head office still owes an open or claimed request its answer
OPEN, CLAIMED, RESOLVED, REJECTED = "open", "claimed", "resolved", "rejected"
# taken back by the parent in the chat (bot/parent_requests/withdrawal.py): no work left
WITHDRAWN = "withdrawn"
UNFINISHED = (OPEN, CLAIMED)


class RegistrationRequest(Base):
    """A change or cancellation a verified parent asked for: work for head office, from
    open through claimed to resolved or rejected (bot/parent_requests)."""

    __tablename__ = "registration_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_number: Mapped[str] = mapped_column(String(16), index=True)
    # change | cancel | accept_offer | decline_offer
    kind: Mapped[str] = mapped_column(String(16))
    details: Mapped[str] = mapped_column(Text)  # the parent's own words
    channel: Mapped[str] = mapped_column(String(32))
    # open | claimed | resolved | rejected | withdrawn
    status: Mapped[str] = mapped_column(String(16), default=OPEN, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # the conversation it came from, to answer there while it is open
    sender_id: Mapped[str | None] = mapped_column(String(255))
    # what the parent's words name, in the planning system's vocabulary ("" or None: nothing)
    weekdays: Mapped[str] = mapped_column(String(20), default="")
    location_codes: Mapped[str] = mapped_column(String(255), default="")
    start_date: Mapped[date | None] = mapped_column(Date)
    # a birth the parent reported (a change): staff resolving it records it on the child
    birth_date: Mapped[date | None] = mapped_column(Date)
    # the offer (offers.id) an accept_offer or decline_offer answers
    offer_id: Mapped[int | None] = mapped_column(Integer)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    assigned_to_id: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    # the message the parent got when it was closed, how it reached them, and when
    outcome: Mapped[str | None] = mapped_column(Text)
    outcome_sent_by: Mapped[str | None] = mapped_column(String(16))  # channel|mail|both|none
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
