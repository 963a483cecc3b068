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
    *,
    session: Session,
    limit: int = 200,
    offset: int = 0,
    handoff_id: int | None = None,
    action: str | None = None,
    staff_email: str | None = None,
    since: datetime | None = None,
    before: datetime | None = None,
) -> list[AuditEntry]:
    """The newest entries first, filtered (staff: part of the e-mail address), a page of
    `limit` after skipping `offset`."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit).offset(offset)
    if handoff_id is not None:
        query = query.where(AuditEntry.handoff_id == handoff_id)
    if action:
        query = query.where(AuditEntry.action == action)
    if staff_email:
        query = query.where(AuditEntry.staff_email.contains(staff_email.strip().lower()))
    if since is not None:
        query = query.where(AuditEntry.at >= since)
    if before is not None:
        query = query.where(AuditEntry.at < before)
    return list(session.scalars(query))


def actions(*, session: Session) -> list[str]:
    """The actions the log holds, for the filter."""
    return sorted(session.scalars(select(AuditEntry.action).distinct()))


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
