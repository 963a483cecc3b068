"""Finding earlier handoffs for staff: by registration number, child's first name or
channel id (what a parent who calls back gives), within what retention has kept."""

from sqlalchemy import String, cast, or_, select
from sqlalchemy.orm import Session

from bot.handoff.models import Handoff
from bot.waitlist.models import Child, Registration

MIN_LENGTH = 3


def search(*, session: Session, text: str, limit: int = 50) -> list[Handoff]:
    """Handoffs whose conversation id, context (number, slots, transcript) or summary holds
    the text, or whose registration's child has that first name; newest first."""
    wanted = text.strip()
    if len(wanted) < MIN_LENGTH:
        return []
    numbers = select(Registration.number).join(Child, Child.id == Registration.child_id)
    numbers = numbers.where(Child.first_name.ilike(wanted))
    context = cast(Handoff.context, String)
    named = [context.contains(f'"{number}"') for number in session.scalars(numbers.limit(20))]
    query = select(Handoff).where(
        or_(
            Handoff.sender_id.contains(wanted),
            context.ilike(f"%{_escaped(wanted)}%", escape="\\"),
            Handoff.summary.ilike(f"%{_escaped(wanted)}%", escape="\\"),
            *named,
        )
    )
    return list(session.scalars(query.order_by(Handoff.created_at.desc()).limit(limit)))


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def of_registration(*, session: Session, number: str, limit: int = 20) -> list[Handoff]:
    """The handoffs of a verified parent of this registration (the family's conversations
    with staff), newest first."""
    context = cast(Handoff.context, String)
    query = select(Handoff).where(context.contains(f'"{number}"'))
    found = session.scalars(query.order_by(Handoff.created_at.desc()).limit(limit))
    return [h for h in found if (h.context or {}).get("registration_number") == number]
