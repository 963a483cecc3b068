"""A conversation handed over to staff, with what the parent said before: for the console's
context panel and live view tests."""

from sqlalchemy.orm import Session

from bot.handoff import queue
from tests.support.console_app import NOW
from tests.support.rasa_api import FakeRasa

NUMBER = "INS-000001"  # Mila's (tests/support/waitlists.py, imported by `requests_made`)


def hand_over(
    db_session: Session,
    rasa: FakeRasa,
    sender: str,
    said: list[tuple[str, str]],
    *,
    verified: bool = True,
    reason: str = "request_human",
    at: float = 1.0,
):
    """A conversation in which the parent said these (text, intent) pairs, then handed over."""
    conversation = rasa.conversation(sender)
    for offset, (text, intent) in enumerate(said):
        conversation.events.append(
            {
                "event": "user",
                "text": text,
                "timestamp": at + offset,
                "parse_data": {"intent": {"name": intent}},
            }
        )
    conversation.events.append({"event": "pause", "timestamp": at + len(said)})
    conversation.paused = True
    handoff, _ = queue.start_handoff(
        session=db_session,
        sender_id=sender,
        channel="website",
        reason=reason,
        context={
            "identity_verified": verified,
            "registration_number": NUMBER if verified else None,
            "slots": {"verified_registration": NUMBER} if verified else {},
            "transcript": [{"who": "parent", "text": t} for t, _ in said],
            "language": "nl",
        },
        summary="Samenvatting bij het doorverbinden.",
        office_open=True,
        now=NOW,
    )
    db_session.flush()
    return handoff
