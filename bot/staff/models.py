"""Tables of staff accounts, failed logins, console login sessions, second factors,
password resets and the audit log."""

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base

# agents handle conversations and requests, admins also the accounts and settings;
# management reads the dashboard and the request list, and no conversation
AGENT, ADMIN, MANAGEMENT = "agent", "admin", "management"
ROLES = (AGENT, ADMIN, MANAGEMENT)
WORKERS = (AGENT, ADMIN)  # the roles that work on conversations and requests
# the roles as staff read them in the console
ROLE_NAMES = {AGENT: "Medewerker", ADMIN: "Beheerder", MANAGEMENT: "Management"}


class StaffAccount(Base):
    __tablename__ = "staff_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(255))  # argon2id
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # the TOTP second factor (bot/staff/second_factor.py): the base32 secret, kept from the
    # start of the set-up; it counts only once confirmed with a code (totp_enabled_at)
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # the time step of the last code accepted: a code is never accepted twice
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)


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
    # shown to the staff member in their list of sessions (bot/console/signin.py)
    last_seen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    user_agent: Mapped[str] = mapped_column(String(255), default="")


class RecoveryCode(Base):
    """One single-use code that stands in for the authenticator app: its SHA-256 only."""

    __tablename__ = "staff_recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_accounts.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class PasswordReset(Base):
    """A password-reset link sent by e-mail: the SHA-256 of its random token, valid once and
    for a short while (bot/staff/password_reset.py)."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_accounts.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ResetRequest(Base):
    """One "forgot password" request (known address or not), counted per address and IP
    address like wrong passwords, so the form can be neither flooded nor used to probe."""

    __tablename__ = "password_reset_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(255), index=True)
    ip: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


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
