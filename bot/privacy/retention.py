"""How long conversations are kept: transcripts hold personal data, so they are kept only
as long as configured (TRANSCRIPT_RETENTION_DAYS, default 90).

Older than that, `purge` applies to each table bot/privacy/personal_data.py keeps for
TRANSCRIPT_RETENTION_DAYS what that declaration says (delete the row, or empty the
personal columns), which comes to:
- Rasa's stored conversation events: whole conversations silent since then, and in
  conversations still going the events before their latest session (Rasa loads a
  conversation from its latest session, so nothing it needs goes); the dashboard's copy
  of them (bot/reporting/models.py) by the same rule;
- what was handed over to staff with a closed handoff: transcript, slots, summary and the
  conversation id (a WhatsApp id is a phone number; the handoff stays, with channel,
  reason, times and satisfaction, for the statistics), and its internal notes;
- which conversation answered an update (the update stays counted as answered);
- identity check attempts, one-time codes and code counters, and mails in the outbox;
- parents' change and cancellation requests closed (resolved or rejected) that long ago
  (open and claimed ones are work still to do and stay);
- failed staff logins and expired console login sessions (e-mail address, IP);
- rotated log files (bot/logs/files.py).
The audit log stays: it records who on the staff side viewed what, which is the point.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, inspect
from sqlalchemy.orm import Session

from bot.logs.files import purge_rotated
from bot.privacy.forgetting import forget
from bot.privacy.personal_data import DECLARED, Period, Store


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
    """Remove what is older than `days` (see the module's docstring); counts what went.
    Which tables and columns, and how, is declared in bot/privacy/personal_data.py."""
    cutoff = now - timedelta(days=days)
    summary = f"Gesprek verwijderd na {days} dagen (bewaartermijn)."
    gone: dict[str, int] = {}
    for declared in DECLARED:
        if declared.period is not Period.TRANSCRIPTS or declared.expired is None:
            continue
        rows = declared.expired(declared.table, cutoff)
        if declared.store is Store.TRACKER:
            if not inspect(tracker_engine).has_table(declared.name):
                gone[declared.name] = 0  # Rasa has not stored a conversation yet
                continue
            with tracker_engine.begin() as connection:
                gone[declared.name] = forget(
                    connection, declared, rows, marker="purged", summary=summary
                )
        else:
            gone[declared.name] = forget(session, declared, rows, marker="purged", summary=summary)
    session.flush()
    mails = 0
    for mail in outbox.glob("*.eml") if outbox.is_dir() else []:
        if mail.stat().st_mtime < cutoff.timestamp():
            mail.unlink()
            mails += 1
    return Purged(
        events=gone["events"],
        copied_events=gone["conversation_events"],
        handoffs=gone["handoffs"],
        notes=gone["handoff_notes"],
        identity_records=gone["identity_attempts"]
        + gone["verification_codes"]
        + gone["code_limits"],
        mails=mails,
        requests=gone["registration_requests"],
        login_failures=gone["login_failures"],
        staff_sessions=gone["staff_sessions"],
        log_files=purge_rotated(log_dir, cutoff),
    )
