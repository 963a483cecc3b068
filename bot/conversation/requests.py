"""Change and cancellation requests a verified parent makes; staff carry them out."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.conversation.identity import utcnow
from bot.conversation.models import RegistrationRequest

KINDS = ("change", "cancel")


def store_request(
    *,
    session: Session,
    number: str,
    kind: str,
    details: str,
    channel: str,
    now: datetime | None = None,
) -> RegistrationRequest:
    if kind not in KINDS:
        raise ValueError(f"unknown request kind {kind!r}")
    request = RegistrationRequest(
        registration_number=number,
        kind=kind,
        details=details.strip(),
        channel=channel,
        status="open",
        created_at=now or utcnow(),
    )
    session.add(request)
    session.flush()
    return request


def open_requests(*, session: Session, number: str) -> list[RegistrationRequest]:
    query = select(RegistrationRequest).where(
        RegistrationRequest.registration_number == number, RegistrationRequest.status == "open"
    )
    return list(session.scalars(query.order_by(RegistrationRequest.id)))
