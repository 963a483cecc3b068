"""The audit log, for admins."""

from typing import Annotated

from fastapi import APIRouter, Query

from bot.console.schemas import MAX_ID, AuditRecord
from bot.console.security import DB, Admin
from bot.handoff.queue import utc
from bot.staff import audit

router = APIRouter(tags=["audit"])


@router.get("/audit", response_model=list[AuditRecord])
def list_audit(
    staff: Admin,
    session: DB,
    handoff_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> list[AuditRecord]:
    return [
        AuditRecord(
            id=e.id,
            at=utc(e.at).isoformat(),
            staff=e.staff_email,
            action=e.action,
            handoff_id=e.handoff_id,
            ip=e.ip,
            detail=e.detail,
        )
        for e in audit.recent(session=session, handoff_id=handoff_id)
    ]
