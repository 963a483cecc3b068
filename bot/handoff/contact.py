"""Where a staff reply goes when the parent is no longer in the chat: the e-mail address
on file of a verified parent (the first parent's, where the identity check's code went
first), else the address the parent left while waiting (a message whose metadata holds
`contact_email`: bot/channels/guard.py validated it), else nowhere."""

from typing import Any

from sqlalchemy.orm import Session

from bot.waitlist.queries import find_registration

WEBSITE_CHANNELS = ("website", "socketio")


def address_on_file(*, session: Session, registration_number: str | None) -> str | None:
    if not registration_number:
        return None
    registration = find_registration(session=session, number=registration_number)
    if registration is None:
        return None
    return next((p.email for p in registration.child.parents if p.email), None)


def given_address(events: list[dict[str, Any]]) -> str | None:
    """The last address the parent left in the conversation (Rasa's tracker events)."""
    for event in reversed(events):
        if event.get("event") == "user":
            address = (event.get("metadata") or {}).get("contact_email")
            if isinstance(address, str) and address:
                return address
    return None


def reply_address_for(
    *, session: Session, context: dict[str, Any], events: list[dict[str, Any]]
) -> tuple[str | None, bool]:
    """The address for a reply by e-mail and whether it is the verified one on file."""
    on_file = (
        address_on_file(session=session, registration_number=context.get("registration_number"))
        if context.get("identity_verified")
        else None
    )
    if on_file:
        return on_file, True
    return given_address(events), False
