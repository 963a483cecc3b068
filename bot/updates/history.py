"""The updates one registration received, for staff (the context panel, a family's data)."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.updates.models import UpdateMessage


def received(*, session: Session, number: str) -> list[dict[str, Any]]:
    query = (
        select(UpdateMessage)
        .where(UpdateMessage.registration_number == number)
        .order_by(UpdateMessage.created_at, UpdateMessage.id)
    )
    return [
        {
            "moment": m.moment,
            "channel": m.channel,
            "status": m.status,
            "sent_at": m.sent_at.isoformat() if m.sent_at else None,
        }
        for m in session.scalars(query)
    ]
