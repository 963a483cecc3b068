"""Limits on one-time codes that parallel requests cannot slip past.

Two counters per key, in a window (`code_limit_window_minutes`): code mails sent and codes
tried. A key is a registration number (across conversations and rounds of the check) or a
conversation. Every count is one conditional UPDATE (`… SET n = n + 1 WHERE n < limit`),
so the database decides: on PostgreSQL a second request waits for the first one's row
lock and then sees its count; on SQLite writers take turns. A try is counted before the
code is compared, so guesses beyond the limit are never compared.

- A code mail over the registration's limit is not sent, and locks the registration for
  `code_lock_minutes`; over the conversation's limit it is only not sent.
- The try that reaches a limit locks its key for `code_lock_minutes`.
- While a registration or conversation is locked, no code is sent and none is checked.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from enum import Enum

from sqlalchemy import and_, or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.conversation.models import CodeLimit
from bot.settings import Settings
from bot.shared import clock


class Counter(Enum):
    MAILS = "code_mails"
    TRIES = "code_tries"


@dataclass(frozen=True)
class Limited:
    """A key and its limits per window."""

    key: str
    max_mails: int
    max_tries: int
    locks_on_mail_limit: bool

    def limit(self, counter: Counter) -> int:
        return self.max_mails if counter is Counter.MAILS else self.max_tries


def keys_for(*, number: str, sender_id: str, settings: Settings) -> list[Limited]:
    return [
        Limited(
            f"registration:{number}",
            settings.code_mails_per_registration,
            settings.code_tries_per_registration,
            locks_on_mail_limit=True,
        ),
        Limited(
            f"conversation:{sender_id}",
            settings.code_mails_per_conversation,
            settings.code_tries_per_conversation,
            locks_on_mail_limit=False,
        ),
    ]


def _not_locked(now: datetime):  # type: ignore[no-untyped-def]
    return or_(CodeLimit.locked_until.is_(None), CodeLimit.locked_until <= now)


def _ensure_row(session: Session, key: str, now: datetime) -> None:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    values = {"key": key, "window_start": now, "code_mails": 0, "code_tries": 0}
    session.execute(insert(CodeLimit).values(**values).on_conflict_do_nothing())


def _start_new_window(session: Session, key: str, now: datetime, window: timedelta) -> None:
    """Counts start again once the window is over or a lock has run out."""
    expired_lock = and_(CodeLimit.locked_until.is_not(None), CodeLimit.locked_until <= now)
    session.execute(
        update(CodeLimit)
        .where(CodeLimit.key == key, or_(CodeLimit.window_start <= now - window, expired_lock))
        .values(window_start=now, code_mails=0, code_tries=0, locked_until=None)
    )


def _lock(session: Session, key: str, now: datetime, settings: Settings) -> None:
    until = now + timedelta(minutes=settings.code_lock_minutes)
    session.execute(
        update(CodeLimit).where(CodeLimit.key == key, _not_locked(now)).values(locked_until=until)
    )


def _count(session: Session, limited: Limited, counter: Counter, now: datetime) -> int | None:
    """Add one to `counter` if it is below the limit and the key is not locked: the new
    count, or None when nothing was added."""
    column = getattr(CodeLimit, counter.value)
    result = session.execute(
        update(CodeLimit)
        .where(CodeLimit.key == limited.key, column < limited.limit(counter), _not_locked(now))
        .values({column: column + 1})
        .returning(column)
    )
    return result.scalar_one_or_none()


def take(
    *,
    session: Session,
    keys: list[Limited],
    counter: Counter,
    settings: Settings,
    now: datetime | None = None,
) -> bool:
    """Count one code mail or try for every key; False (and nothing to do) when a key is
    locked or over its limit. A refused mail locks its key; a try that reaches the limit
    locks its key too."""
    now = now or clock.now()
    window = timedelta(minutes=settings.code_limit_window_minutes)
    allowed = True
    for limited in keys:
        _ensure_row(session, limited.key, now)
        _start_new_window(session, limited.key, now, window)
        count = _count(session, limited, counter, now)
        if count is None:
            allowed = False
            if counter is Counter.TRIES or limited.locks_on_mail_limit:
                _lock(session, limited.key, now, settings)
        elif counter is Counter.TRIES and count >= limited.limit(counter):
            _lock(session, limited.key, now, settings)
    return allowed


def is_locked(*, session: Session, keys: list[Limited], now: datetime | None = None) -> bool:
    now = now or clock.now()
    for limited in keys:
        row = session.get(CodeLimit, limited.key, populate_existing=True)
        if row is None or row.locked_until is None:
            continue
        until = row.locked_until
        if (until if until.tzinfo else until.replace(tzinfo=timezone.utc)) > now:
            return True
    return False
