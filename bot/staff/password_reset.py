"""Password reset by an e-mail link.

The link carries a random 256-bit token; the database keeps its SHA-256 only (a copy of the
table opens no account), with the account, an expiry (30 minutes) and when it was used:
each link works once, and a new password ends every other link and every login session of
the account. A random token the server looks up needs no signature: it cannot be guessed,
and only the server's record makes it valid, which is what lets it be used once.

Asking for a link answers the same whether the address belongs to an account or not
(bot/console/signin.py); the requests are counted per e-mail and IP address and per IP
address, as wrong passwords are, and an account gets at most a few mails per window."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.staff import accounts, sessions
from bot.staff.accounts import MAX_FAILURES_PER_IP, normalize_email
from bot.staff.models import PasswordReset, ResetRequest, StaffAccount

VALID_MINUTES = 30
MAILS_PER_ACCOUNT = 3  # links sent to one account within the lock-out window, from anywhere


@dataclass(frozen=True)
class Requested:
    """The outcome of a request: `locked` (too many from this address), else the account to
    mail with its token, or nothing to send (unknown, blocked, or mailed enough)."""

    locked: bool = False
    account: StaffAccount | None = None
    token: str = ""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _count(session: Session, *conditions: object) -> int:
    return session.scalar(select(func.count()).select_from(ResetRequest).where(*conditions)) or 0


def request(
    *,
    session: Session,
    email: str,
    ip: str,
    now: datetime,
    max_requests: int,
    window_minutes: int,
) -> Requested:
    """Record the request and, for an active account, make a link token."""
    email, ip = normalize_email(email)[:255], ip[:64]
    since = now - timedelta(minutes=window_minutes)
    recent = ResetRequest.at >= since
    if (
        _count(session, recent, ResetRequest.email == email, ResetRequest.ip == ip) >= max_requests
        or _count(session, recent, ResetRequest.ip == ip) >= MAX_FAILURES_PER_IP
    ):
        return Requested(locked=True)
    session.add(ResetRequest(email=email, ip=ip, at=now))
    session.flush()
    account = session.scalar(select(StaffAccount).where(StaffAccount.email == email))
    if account is None or not account.active:
        return Requested()
    sent = session.scalar(
        select(func.count())
        .select_from(PasswordReset)
        .where(PasswordReset.staff_id == account.id, PasswordReset.created_at >= since)
    )
    if (sent or 0) >= MAILS_PER_ACCOUNT:
        return Requested()
    token = secrets.token_urlsafe(32)
    session.add(
        PasswordReset(
            token_hash=_hash(token),
            staff_id=account.id,
            created_at=now,
            expires_at=now + timedelta(minutes=VALID_MINUTES),
        )
    )
    session.flush()
    return Requested(account=account, token=token)


def _valid(session: Session, token: str, now: datetime) -> PasswordReset | None:
    return session.scalar(
        select(PasswordReset).where(
            PasswordReset.token_hash == _hash(token),
            PasswordReset.used_at.is_(None),
            PasswordReset.expires_at > now,
        )
    )


def account_for(*, session: Session, token: str, now: datetime) -> StaffAccount | None:
    """The active account a link is for, while the link is unused and fresh."""
    reset = _valid(session, token[:100], now)
    account = session.get(StaffAccount, reset.staff_id) if reset else None
    return account if account is not None and account.active else None


def redeem(*, session: Session, token: str, password: str, now: datetime) -> StaffAccount | None:
    """Set the new password (AccountError when it breaks the rules: the link stays valid);
    the link, every other link of the account and all its login sessions end. None when
    the link is unknown, used, expired or for a blocked account."""
    account = account_for(session=session, token=token, now=now)
    if account is None:
        return None
    accounts.check_password(password)
    used = session.execute(
        update(PasswordReset)
        .where(PasswordReset.token_hash == _hash(token[:100]), PasswordReset.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if used.rowcount != 1:  # the same link, redeemed at the same moment elsewhere
        return None
    accounts.set_password(account=account, password=password)
    session.execute(
        update(PasswordReset)
        .where(PasswordReset.staff_id == account.id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    sessions.end_all(session=session, staff_id=account.id, now=now)
    return account
