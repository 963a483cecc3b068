"""Tables of the staff console: accounts, failed logins, canned replies and the audit log."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base

AGENT, ADMIN = "agent", "admin"
ROLES = (AGENT, ADMIN)


class StaffAccount(Base):
    __tablename__ = "staff_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(255))  # argon2id
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class LoginFailure(Base):
    """One wrong password (or unknown e-mail); counted per e-mail for the lock-out."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(255), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CannedReply(Base):
    __tablename__ = "canned_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)


class AuditEntry(Base):
    """Who did what, when and from where: every view of a child's data, claim, reply, export."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_accounts.id"))
    staff_email: Mapped[str] = mapped_column(String(255))
    action: Mapped[str] = mapped_column(String(32))
    handoff_id: Mapped[int | None] = mapped_column(ForeignKey("handoffs.id"), index=True)
    ip: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(String(255), default="")


# the handoffs table, which the audit log refers to; imported last, as it imports this module
from bot.handoff import models as handoff_models  # noqa: E402, F401
