"""The queue of conversations waiting for or handled by staff. Plain functions over a
session; the action server and the console both call them."""

import math
import statistics
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.handoff.models import ACTIVE, CLOSED, WAITING, Handoff, HandoffNote

HISTORY_DAYS = 14
MIN_HISTORY = 3


class HandoffError(ValueError):
    """A queue operation that does not fit the handoff's state (e.g. claiming a closed one)."""


def open_handoff_for(*, session: Session, sender_id: str) -> Handoff | None:
    return session.scalars(
        select(Handoff)
        .where(Handoff.sender_id == sender_id, Handoff.status.in_((WAITING, ACTIVE)))
        .order_by(Handoff.id.desc())
    ).first()


def start_handoff(
    *,
    session: Session,
    sender_id: str,
    channel: str,
    reason: str,
    context: dict[str, Any],
    summary: str,
    office_open: bool,
    now: datetime,
) -> tuple[Handoff, bool]:
    """The conversation's open handoff, or a new one; True when it was created now."""
    existing = open_handoff_for(session=session, sender_id=sender_id)
    if existing is not None:
        return existing, False
    handoff = Handoff(
        sender_id=sender_id,
        channel=channel,
        reason=reason,
        status=WAITING,
        summary=summary,
        context=context,
        office_open=office_open,
        created_at=now,
    )
    session.add(handoff)
    session.flush()
    return handoff, True


def open_queue(*, session: Session) -> list[Handoff]:
    return list(
        session.scalars(
            select(Handoff)
            .where(Handoff.status.in_((WAITING, ACTIVE)))
            .order_by(Handoff.created_at, Handoff.id)
        )
    )


def minutes_per_conversation(*, session: Session, now: datetime, default: float) -> float:
    """The median time to claim over the last two weeks; `default` until there is history."""
    since = now - timedelta(days=HISTORY_DAYS)
    rows = session.execute(
        select(Handoff.created_at, Handoff.claimed_at).where(
            Handoff.claimed_at.is_not(None), Handoff.created_at >= since, Handoff.office_open
        )
    ).all()
    delays = [(utc(claimed) - utc(created)).total_seconds() / 60 for created, claimed in rows]
    if len(delays) < MIN_HISTORY:
        return default
    return max(1.0, statistics.median(delays))


def expected_wait_minutes(
    *, session: Session, handoff: Handoff, now: datetime, default_minutes: float
) -> int:
    """Rough wait for `handoff`: conversations waiting before it (itself included) times the
    usual time to claim. Rounded to 5 minutes above 10."""
    position = (utc(handoff.created_at), handoff.id)
    ahead = sum(
        1
        for other in open_queue(session=session)
        if other.status == WAITING and (utc(other.created_at), other.id) <= position
    )
    minutes = max(1, ahead) * minutes_per_conversation(
        session=session, now=now, default=default_minutes
    )
    if minutes <= 10:
        return max(1, math.ceil(minutes))
    return 5 * math.ceil(minutes / 5)


def claim(*, session: Session, handoff: Handoff, staff_id: int, now: datetime) -> None:
    if handoff.status == CLOSED:
        raise HandoffError("this conversation is already back with the assistant")
    if handoff.status == ACTIVE and handoff.assigned_to_id not in (None, staff_id):
        raise HandoffError("another colleague has this conversation")
    handoff.status = ACTIVE
    handoff.assigned_to_id = staff_id
    handoff.claimed_at = handoff.claimed_at or now


def assign(*, session: Session, handoff: Handoff, staff_id: int, now: datetime) -> None:
    """Give the handoff to `staff_id`, also when a colleague has it (an admin's take-over)."""
    if handoff.status == CLOSED:
        raise HandoffError("this conversation is already back with the assistant")
    handoff.status = ACTIVE
    handoff.assigned_to_id = staff_id
    handoff.claimed_at = handoff.claimed_at or now


def release(*, session: Session, handoff: Handoff) -> None:
    """Put one handoff back in the queue, unassigned: its owner (or an admin) lets it go."""
    if handoff.status == CLOSED:
        raise HandoffError("this conversation is already back with the assistant")
    handoff.status = WAITING
    handoff.assigned_to_id = None


def return_to_queue(*, session: Session, staff_id: int) -> list[Handoff]:
    """Put the open handoffs of `staff_id` back in the queue, unassigned: for an account
    that can no longer work on them (deactivated, management), so that none is stranded."""
    held = list(
        session.scalars(
            select(Handoff)
            .where(Handoff.assigned_to_id == staff_id, Handoff.status.in_((WAITING, ACTIVE)))
            .order_by(Handoff.id)
        )
    )
    for handoff in held:
        handoff.status = WAITING
        handoff.assigned_to_id = None
    return held


def close(*, session: Session, handoff: Handoff, now: datetime) -> None:
    if handoff.status == CLOSED:
        raise HandoffError("this conversation is already back with the assistant")
    handoff.status = CLOSED
    handoff.closed_at = now


def add_note(
    *, session: Session, handoff: Handoff, author_id: int, text: str, now: datetime
) -> HandoffNote:
    note = HandoffNote(handoff_id=handoff.id, author_id=author_id, text=text, created_at=now)
    session.add(note)
    session.flush()
    return note


def notes_of(*, session: Session, handoff: Handoff) -> list[HandoffNote]:
    return list(
        session.scalars(
            select(HandoffNote).where(HandoffNote.handoff_id == handoff.id).order_by(HandoffNote.id)
        )
    )


def record_satisfaction(*, session: Session, sender_id: str, score: int, comment: str = "") -> bool:
    """Store the 1 to 5 score (and a comment) on the conversation's latest closed handoff;
    False if none."""
    if not 1 <= score <= 5:
        raise ValueError("a satisfaction score is 1 to 5")
    handoff = session.scalars(
        select(Handoff)
        .where(Handoff.sender_id == sender_id, Handoff.status == CLOSED)
        .order_by(Handoff.id.desc())
    ).first()
    if handoff is None:
        return False
    handoff.satisfaction = score
    handoff.satisfaction_comment = comment or None
    return True


def add_satisfaction_comment(*, session: Session, sender_id: str, comment: str) -> bool:
    """Add the parent's words to the score on the conversation's latest closed handoff
    (asked for after a low score); False if it has no score."""
    handoff = session.scalars(
        select(Handoff)
        .where(Handoff.sender_id == sender_id, Handoff.status == CLOSED)
        .order_by(Handoff.id.desc())
    ).first()
    if handoff is None or handoff.satisfaction is None:
        return False
    handoff.satisfaction_comment = " / ".join(
        part for part in (handoff.satisfaction_comment, comment.strip()) if part
    )
    return True


def forget_content(*, handoff: Handoff, marker: str, summary: str) -> None:
    """Empty a handoff of what the parent said (transcript, slots, summary, the comment
    with the score); channel, reason, times and the score stay, for the figures. `marker`
    ("purged", "erased") says why, in the context, and replaces the conversation id (a
    WhatsApp id is the parent's phone number)."""
    handoff.sender_id = f"{marker}-{handoff.id}"
    handoff.context = {"channel": handoff.channel, "reason": handoff.reason, marker: True}
    handoff.satisfaction_comment = None
    handoff.summary = summary


def utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything is stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
