"""How long conversations are kept: transcripts hold personal data, so they are kept only
as long as configured (TRANSCRIPT_RETENTION_DAYS, default 90).

Older than that, `purge` removes:
- Rasa's stored conversation events: whole conversations silent since then, and in
  conversations still going the events before their latest session (Rasa loads a
  conversation from its latest session, so nothing it needs goes); the dashboard's copy
  of them (bot/reporting/models.py) by the same rule;
- what was handed over to staff with a closed handoff: transcript, slots, summary and the
  conversation id (a WhatsApp id is a phone number; the handoff stays, with channel,
  reason, times and satisfaction, for the statistics), and its internal notes;
- which conversation answered an update (the update stays counted as answered);
- identity check attempts and one-time codes, and mails in the outbox;
- parents' change and cancellation requests closed (resolved or rejected) that long ago
  (open and claimed ones are work still to do and stay);
- failed staff logins and expired console login sessions (e-mail address, IP);
- rotated log files (bot/log_files.py).
The audit log stays: it records who on the staff side viewed what, which is the point.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import Connection, Engine, Table, delete, func, inspect, or_, select, update
from sqlalchemy.orm import Session

from bot.conversation.models import (
    CodeLimit,
    IdentityAttempt,
    RegistrationRequest,
    VerificationCode,
)
from bot.handoff import queue
from bot.handoff.models import CLOSED, Handoff, HandoffNote
from bot.log_files import purge_rotated
from bot.parent_requests.work import OUTCOMES
from bot.reporting.models import SESSION, ConversationEvent
from bot.staff.models import LoginFailure, StaffSession
from bot.tracker_events import rasa_events
from bot.updates.models import UpdateMessage


@dataclass(frozen=True)
class Purged:
    events: int = 0
    copied_events: int = 0  # the dashboard's copy
    handoffs: int = 0
    notes: int = 0
    identity_records: int = 0
    mails: int = 0
    requests: int = 0
    login_failures: int = 0
    staff_sessions: int = 0
    log_files: int = 0


def purge(
    *,
    session: Session,
    tracker_engine: Engine,
    outbox: Path,
    log_dir: Path,
    now: datetime,
    days: int,
) -> Purged:
    """Remove what is older than `days` (see the module's docstring); counts what went."""
    cutoff = now - timedelta(days=days)
    events = _purge_rasa_events(tracker_engine, cutoff.timestamp())
    table = ConversationEvent.__table__
    copied = _purge_sessions(session, table, "kind", SESSION, cutoff.timestamp())  # type: ignore[arg-type]
    old_handoffs = select(Handoff.id).where(Handoff.status == CLOSED, Handoff.closed_at < cutoff)
    notes = session.execute(delete(HandoffNote).where(HandoffNote.handoff_id.in_(old_handoffs)))
    handoffs = 0
    for handoff in session.scalars(select(Handoff).where(Handoff.id.in_(old_handoffs))):
        if handoff.context.get("purged"):
            continue
        queue.forget_content(
            handoff=handoff,
            marker="purged",
            summary=f"Gesprek verwijderd na {days} dagen (bewaartermijn).",
        )
        handoffs += 1
    session.execute(
        update(UpdateMessage)
        .where(UpdateMessage.replied_at < cutoff, UpdateMessage.replied_sender_id.is_not(None))
        .values(replied_sender_id=None)
    )
    attempts = session.execute(delete(IdentityAttempt).where(IdentityAttempt.created_at < cutoff))
    codes = session.execute(delete(VerificationCode).where(VerificationCode.expires_at < cutoff))
    # code limit counters hold a registration number or conversation id: gone with the rest
    limits = session.execute(
        delete(CodeLimit).where(
            CodeLimit.window_start < cutoff,
            or_(CodeLimit.locked_until.is_(None), CodeLimit.locked_until < cutoff),
        )
    )
    requests = session.execute(
        delete(RegistrationRequest).where(
            RegistrationRequest.status.in_(OUTCOMES),
            func.coalesce(RegistrationRequest.closed_at, RegistrationRequest.created_at) < cutoff,
        )
    )
    failures = session.execute(delete(LoginFailure).where(LoginFailure.at < cutoff))
    logins = session.execute(delete(StaffSession).where(StaffSession.expires_at < cutoff))
    session.flush()
    mails = 0
    for mail in outbox.glob("*.eml") if outbox.is_dir() else []:
        if mail.stat().st_mtime < cutoff.timestamp():
            mail.unlink()
            mails += 1
    return Purged(
        events=events,
        copied_events=copied,
        handoffs=handoffs,
        notes=notes.rowcount,
        identity_records=attempts.rowcount + codes.rowcount + limits.rowcount,
        mails=mails,
        requests=requests.rowcount,
        login_failures=failures.rowcount,
        staff_sessions=logins.rowcount,
        log_files=purge_rotated(log_dir, cutoff),
    )


def _purge_rasa_events(engine: Engine, cutoff: float) -> int:
    if not inspect(engine).has_table("events"):
        return 0  # Rasa has not stored a conversation yet
    with engine.begin() as connection:
        return _purge_sessions(connection, rasa_events, "type_name", "session_started", cutoff)


def _purge_sessions(
    run: Connection | Session, table: Table, kind: str, session_start: str, cutoff: float
) -> int:
    """Deletes the events of conversations silent since `cutoff`, and the events before
    `cutoff` and before the latest session start in the others."""
    silent = (
        select(table.c.sender_id)
        .group_by(table.c.sender_id)
        .having(func.max(table.c.timestamp) < cutoff)
    )
    current = table.alias("current_session")
    latest_session_start = (
        select(func.max(current.c.timestamp))
        .where(current.c.sender_id == table.c.sender_id, current.c[kind] == session_start)
        .scalar_subquery()
    )
    gone = run.execute(delete(table).where(table.c.sender_id.in_(silent))).rowcount  # type: ignore[attr-defined]
    gone += run.execute(  # type: ignore[attr-defined]
        delete(table).where(table.c.timestamp < cutoff, table.c.timestamp < latest_session_start)
    ).rowcount
    return gone
