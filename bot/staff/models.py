"""Tables of staff accounts, failed logins, console login sessions and the audit log."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base

# agents handle conversations and requests, admins also the accounts and settings;
# management reads the dashboard and the request list, and no conversation
AGENT, ADMIN, MANAGEMENT = "agent", "admin", "management"
ROLES = (AGENT, ADMIN, MANAGEMENT)
WORKERS = (AGENT, ADMIN)  # the roles that work on conversations and requests


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
    """One wrong password (or unknown e-mail), from an IP address; counted per e-mail and
    address, and per address, for the lock-out (bot/staff/accounts.py)."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(255), index=True)
    ip: Mapped[str] = mapped_column(String(64), index=True, default="")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class StaffSession(Base):
    """One login to the console. The session cookie holds a random token, this table its
    SHA-256; logging out ends the session for every copy of the cookie."""

    __tablename__ = "staff_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_accounts.id"), index=True)
    ip: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


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
