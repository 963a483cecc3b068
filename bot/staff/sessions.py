"""Console login sessions kept on the server: the cookie carries a random token, the
database its SHA-256, so logging out ends the session for every copy of the cookie (a
signed cookie alone stays valid until it expires)."""

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.staff.models import StaffAccount, StaffSession


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(*, session: Session, account: StaffAccount, ip: str, now: datetime, hours: int) -> str:
    """A new session for `account`; returns the token for the cookie."""
    # not matched against loaded objects: SQLite hands back times without a zone
    expired = delete(StaffSession).where(StaffSession.expires_at < now)
    session.execute(expired.execution_options(synchronize_session=False))
    token = secrets.token_urlsafe(32)
    session.add(
        StaffSession(
            token_hash=_hash(token),
            staff_id=account.id,
            ip=ip[:64],
            started_at=now,
            expires_at=now + timedelta(hours=hours),
        )
    )
    session.flush()
    return token


def find(*, session: Session, token: str, now: datetime) -> StaffSession | None:
    """The session the token belongs to, if it has neither ended nor expired."""
    return session.scalar(
        select(StaffSession).where(
            StaffSession.token_hash == _hash(token),
            StaffSession.ended_at.is_(None),
            StaffSession.expires_at > now,
        )
    )


def end(*, session: Session, token: str, now: datetime) -> None:
    record = find(session=session, token=token, now=now)
    if record is not None:
        record.ended_at = now
