"""The registration part of the context panel: status and estimate from the waitlist, shown
only for a verified parent (the caller passes the verified registration number)."""

import dataclasses
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from bot.conversation.explain import describe_estimate
from bot.updates.history import received
from bot.waitlist.offer_estimate import estimate_offer
from bot.waitlist.status import registration_status


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def registration_panel(*, session: Session, number: str, today: date) -> dict[str, Any]:
    """{"status": {...} | None, "estimate": [Dutch sentences], "updates": [received]}."""
    status = registration_status(session=session, number=number, today=today)
    if status is None:
        return {"status": None, "estimate": [], "updates": []}
    estimate = describe_estimate(estimate_offer(session=session, number=number, today=today))
    return {
        "status": _plain(dataclasses.asdict(status)),
        "estimate": list(estimate),
        "updates": received(session=session, number=number),
    }
