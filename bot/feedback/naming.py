"""Whether a parent agreed to be named with their feedback (the answers' export,
bot/feedback/export.py): recorded on the registration's choices, with who recorded it in
the audit log. Nobody is named by default; withdrawing it anonymises their rows again."""

from datetime import datetime

from sqlalchemy.orm import Session

from bot.staff import audit
from bot.updates.models import UpdatePreference


def set_named(
    *, session: Session, number: str, named: bool, by: str, ip: str, now: datetime
) -> None:
    preference = session.get(UpdatePreference, number) or UpdatePreference(
        registration_number=number
    )
    preference.feedback_named_at = now if named else None
    session.add(preference)
    audit.record(
        session=session,
        staff=None,
        email=by,
        action="feedback_named" if named else "feedback_anonymous",
        ip=ip,
        now=now,
        detail=number,
    )
    session.flush()
