"""Console login sessions kept on the server: the cookie carries a random token, the
database its SHA-256, so logging out ends the session for every copy of the cookie (a
signed cookie alone stays valid until it expires).

Staff see their own sessions (started, last seen, browser, shortened address) and can end
any of them; an admin can end all of a colleague's; blocking an account, resetting its
password or its second factor ends them all."""

import hashlib
import ipaddress
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from bot.staff.models import StaffAccount, StaffSession

# "last seen" is written at most this often: the console polls every second
SEEN_EVERY = timedelta(minutes=1)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(
    *,
    session: Session,
    account: StaffAccount,
    ip: str,
    now: datetime,
    hours: int,
    user_agent: str = "",
) -> str:
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
            last_seen_at=now,
            user_agent=user_agent[:255],
        )
    )
    session.flush()
    return token


def _open(now: datetime) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    return StaffSession.ended_at.is_(None), StaffSession.expires_at > now


def find(*, session: Session, token: str, now: datetime) -> StaffSession | None:
    """The session the token belongs to, if it has neither ended nor expired."""
    return session.scalar(
        select(StaffSession).where(StaffSession.token_hash == _hash(token), *_open(now))
    )


def seen(*, record: StaffSession, now: datetime) -> None:
    """Note that the session was used at `now` (at most once a minute)."""
    last = record.last_seen_at
    if last is not None and last.tzinfo is None:  # SQLite
        last = last.replace(tzinfo=now.tzinfo)
    if last is None or now - last >= SEEN_EVERY:
        record.last_seen_at = now


def end(*, session: Session, token: str, now: datetime) -> None:
    record = find(session=session, token=token, now=now)
    if record is not None:
        record.ended_at = now


def active(*, session: Session, staff_id: int, now: datetime) -> list[StaffSession]:
    """The account's sessions that are still open, the most recently started first."""
    query = (
        select(StaffSession)
        .where(StaffSession.staff_id == staff_id, *_open(now))
        .order_by(StaffSession.started_at.desc(), StaffSession.id.desc())
    )
    return list(session.scalars(query))


def end_one(*, session: Session, staff_id: int, session_id: int, now: datetime) -> bool:
    """End one of the account's own open sessions; False when it has no such session."""
    result = session.execute(
        update(StaffSession)
        .where(StaffSession.id == session_id, StaffSession.staff_id == staff_id, *_open(now))
        .values(ended_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def end_all(*, session: Session, staff_id: int, now: datetime, keep: int | None = None) -> int:
    """End every open session of the account (but `keep`); returns how many ended."""
    query = update(StaffSession).where(StaffSession.staff_id == staff_id, *_open(now))
    if keep is not None:
        query = query.where(StaffSession.id != keep)
    result = session.execute(
        query.values(ended_at=now).execution_options(synchronize_session=False)
    )
    return result.rowcount


def shortened_ip(ip: str) -> str:
    """Enough of an address to recognise a place, not a household: an IPv4 address's
    first three parts (203.0.113.x), an IPv6 address's /48."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return "onbekend"
    if address.version == 4:
        return ".".join(str(address).split(".")[:3]) + ".x"
    network = ipaddress.ip_network(f"{address}/48", strict=False)
    return str(network)
