"""The registration part of the context panel: status and estimate from the waitlist.

The waitlist package (bot.waitlist) is another part of the application; until it is
installed next to the console, the panel says the lookup is unavailable instead of failing.
"""

import dataclasses
import logging
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

log = logging.getLogger(__name__)


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(item) for item in value]
    if hasattr(value, "value") and not isinstance(value, (str, int, float, bool)):
        return _plain(value.value)
    return value


def registration_panel(*, session: Session, number: str, today: date) -> dict[str, Any]:
    """{"available": bool, "status": {...} | None, "estimate": [Dutch sentences]}."""
    try:
        from bot.waitlist.estimate import estimate_offer
        from bot.waitlist.explain import describe_estimate
        from bot.waitlist.status import registration_status
    except ModuleNotFoundError as error:
        if not (error.name or "").startswith("bot.waitlist"):
            raise
        return {"available": False, "status": None, "estimate": []}
    status = registration_status(session=session, number=number, today=today)
    if status is None:
        return {"available": True, "status": None, "estimate": []}
    fields = dataclasses.asdict(status) if dataclasses.is_dataclass(status) else dict(vars(status))
    estimate = describe_estimate(estimate_offer(session=session, number=number, today=today))
    return {
        "available": True,
        "status": {key: _plain(value) for key, value in fields.items()},
        "estimate": list(estimate),
    }
