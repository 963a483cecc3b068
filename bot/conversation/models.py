"""Tables of the conversation part: identity check attempts, codes and their limits.

Registration numbers and staff account ids are stored as plain values (no foreign key), so
this part migrates independently of the waitlist and console tables and keeps its rows
when a registration is re-imported.
"""

from datetime import datetime

from sqlalchemy import DateTime, Integer, String
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
    # a family's codes are found by it (bot/privacy/family.py)
    registration_number: Mapped[str] = mapped_column(String(16), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    tries: Mapped[int] = mapped_column(Integer, default=0)
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class CodeLimit(Base):
    """Counters of one-time code mails and code tries, for one registration number or one
    conversation, in a window; when a limit is passed, codes are locked until a time."""

    __tablename__ = "code_limits"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    code_mails: Mapped[int] = mapped_column(Integer, default=0)
    code_tries: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
