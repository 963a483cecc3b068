"""The audit log: who on the staff side did what, when and from where."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.staff.models import AuditEntry, StaffAccount


def record(
    *,
    session: Session,
    staff: StaffAccount | None,
    action: str,
    ip: str,
    now: datetime,
    handoff_id: int | None = None,
    detail: str = "",
    email: str | None = None,
) -> AuditEntry:
    entry = AuditEntry(
        at=now,
        staff_id=staff.id if staff else None,
        staff_email=(staff.email if staff else email or "")[:255],
        action=action,
        handoff_id=handoff_id,
        ip=ip[:64],
        detail=detail[:255],
    )
    session.add(entry)
    session.flush()
    return entry


def recent(
    *, session: Session, limit: int = 200, handoff_id: int | None = None
) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if handoff_id is not None:
        query = query.where(AuditEntry.handoff_id == handoff_id)
    return list(session.scalars(query))


def recorded_since(
    *,
    session: Session,
    staff: StaffAccount,
    action: str,
    handoff_id: int | None,
    since: datetime,
) -> bool:
    """Whether `staff` has an entry `action` (for `handoff_id`) at or after `since`."""
    query = select(AuditEntry.id).where(
        AuditEntry.staff_id == staff.id, AuditEntry.action == action, AuditEntry.at >= since
    )
    if handoff_id is None:
        query = query.where(AuditEntry.handoff_id.is_(None))
    else:
        query = query.where(AuditEntry.handoff_id == handoff_id)
    return session.scalar(query.limit(1)) is not None
