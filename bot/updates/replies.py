"""A parent who follows an update's chat link: which update the conversation answers.

The reference in the link answers its update once: the first conversation that uses it
within REPLY_LINK_DAYS is the reply, and later that conversation alone is told about the
update again. A forwarded or leaked link greets nobody else and moves no reply.
"""

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.updates.models import UpdateMessage
from bot.updates.preferences import registrations_with_phone

# a WhatsApp message this soon after a WhatsApp update to the same number answers it
WHATSAPP_REPLY_DAYS = 7
# an update's chat link answers it for this long after it was sent
REPLY_LINK_DAYS = 30


def record_reply(
    *, session: Session, reference: str, sender_id: str, now: datetime
) -> UpdateMessage | None:
    """The update with this reference, now marked as answered in this conversation; None
    for a reference that is not ours, expired, or already used by another conversation."""
    message = session.scalar(
        select(UpdateMessage)
        .where(
            UpdateMessage.reference == reference,
            UpdateMessage.created_at >= now - timedelta(days=REPLY_LINK_DAYS),
        )
        .with_for_update()  # two first uses at once: one binds, the other waits and sees it
    )
    if message is None:
        return None
    if message.replied_at is None:
        message.replied_at, message.replied_sender_id = now, sender_id
        return message
    return message if message.replied_sender_id == sender_id else None


def record_whatsapp_reply(
    *, session: Session, phone: str, sender_id: str, now: datetime
) -> UpdateMessage | None:
    """The latest unanswered WhatsApp update to this number in the last days, now marked
    as answered (a WhatsApp reply carries no link: the number and the time tell)."""
    numbers = registrations_with_phone(session=session, phone=phone)
    query = (
        select(UpdateMessage)
        .where(
            UpdateMessage.registration_number.in_(numbers),
            UpdateMessage.channel == "whatsapp",
            UpdateMessage.status == "sent",
            UpdateMessage.replied_at.is_(None),
            UpdateMessage.created_at >= now - timedelta(days=WHATSAPP_REPLY_DAYS),
        )
        .order_by(UpdateMessage.created_at.desc())
    )
    message = session.scalars(query).first() if numbers else None
    if message is not None:
        message.replied_at, message.replied_sender_id = now, sender_id
    return message


def answered_by(*, session: Session, sender_id: str) -> UpdateMessage | None:
    """The update a conversation answers, if it came from one (for staff)."""
    query = select(UpdateMessage).where(UpdateMessage.replied_sender_id == sender_id)
    return session.scalars(query.order_by(UpdateMessage.replied_at.desc())).first()
