"""The audit log, for admins: filtered by action, staff member and days, a page at a time."""

from datetime import date, datetime, time, timedelta, timezone
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query

from bot.console import audit_words
from bot.console.schemas import MAX_ID, AuditActions, AuditRecord
from bot.console.security import DB, Admin
from bot.handoff.queue import utc
from bot.staff import audit

router = APIRouter(tags=["audit"])
OFFICE = ZoneInfo("Europe/Amsterdam")  # the days staff filter on are office days
Day = Annotated[date | None, Query(ge=date(2000, 1, 1), le=date(2100, 12, 31))]


def _start(day: date | None) -> datetime | None:
    """The office day's first moment in UTC, as the log's times are stored: SQLite keeps
    the wall time without its zone, so an Amsterdam midnight would be read an hour off."""
    if day is None:
        return None
    return datetime.combine(day, time.min, OFFICE).astimezone(timezone.utc)


@router.get("/audit", response_model=list[AuditRecord])
def list_audit(
    staff: Admin,
    session: DB,
    handoff_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    action: Annotated[str | None, Query(max_length=64)] = None,
    staff_email: Annotated[str | None, Query(alias="staff", max_length=255)] = None,
    first_day: Day = None,
    last_day: Day = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 200,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[AuditRecord]:
    entries = audit.recent(
        session=session,
        handoff_id=handoff_id,
        action=action or None,
        staff_email=staff_email or None,
        since=_start(first_day),
        before=_start(last_day + timedelta(days=1)) if last_day else None,
        limit=limit,
        offset=offset,
    )
    return [
        AuditRecord(
            id=e.id,
            at=utc(e.at).isoformat(),
            staff=e.staff_email,
            action=e.action,
            handoff_id=e.handoff_id,
            ip=e.ip,
            detail=e.detail,
            detail_text=audit_words.readable(session, e.action, e.detail),
        )
        for e in entries
    ]


@router.get("/audit/actions", response_model=AuditActions)
def list_actions(staff: Admin, session: DB) -> dict[str, list[str]]:
    """The actions in the log, for the page's filter."""
    return {"actions": audit.actions(session=session)}
