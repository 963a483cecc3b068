"""Tables of the conversation part: identity check attempts and codes, parents' requests.

Registration numbers and staff account ids are stored as plain values (no foreign key), so
this part migrates independently of the waitlist and console tables and keeps its rows
when a registration is re-imported.
"""

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base


class IdentityAttempt(Base):
    """One check of registration number + birth date; failures are limited per client,
    then per number (bot/conversation/identity_limits.py). `client` is a keyed hash of the
    client's key (an address, a conversation), not the key itself."""

    __tablename__ = "identity_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_number: Mapped[str] = mapped_column(String(16), index=True)
    succeeded: Mapped[bool]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    client: Mapped[str | None] = mapped_column(String(64), index=True)


class VerificationCode(Base):
    """A one-time code sent to the contact details on file; only its HMAC is stored."""

    __tablename__ = "verification_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(255), index=True)
    registration_number: Mapped[str] = mapped_column(String(16))
    code_hash: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    tries: Mapped[int] = mapped_column(Integer, default=0)
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


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


class CodeLimit(Base):
    """Counters of one-time code mails and code tries, for one registration number or one
    conversation, in a window; when a limit is passed, codes are locked until a time."""

    __tablename__ = "code_limits"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    code_mails: Mapped[int] = mapped_column(Integer, default=0)
    code_tries: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


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
