"""Parents' answers written where the assistant keeps them, for the theme, export and
"wij deden" tests: events as Rasa publishes them (stored in the event broker's table, which
the console reads when EVENT_BROKER_URL is set) and handoffs as the queue keeps them."""

from datetime import datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from bot.conversation.bot_rating import COMMENT, OUTCOME, OUTCOME_CHANNEL, OUTCOME_COMMENT
from bot.handoff.models import CLOSED, Handoff
from bot.reporting.conversation_events import store
from bot.shared import clock
from bot.waitlist.importer import import_directory
from tests.support.export_files import GROUPS, LOCATIONS, write_export
from tests.support.waitlists import REGISTRATIONS  # INS-000001, Mila, parent Sanne, UTR-ZON


def days_ago(days: float) -> datetime:
    return clock.now() - timedelta(days=days)


def read_from_event_table(console: TestClient) -> None:
    """The console reads the events the broker's consumer stored (`store`), not a tracker
    store."""
    settings = console.app.state.settings  # type: ignore[attr-defined]
    console.app.state.settings = settings.model_copy(  # type: ignore[attr-defined]
        update={"event_broker_url": "amqp://guest:guest@127.0.0.1:5672/%2F"}
    )


def import_mila(session: Session, directory: Path) -> None:
    """Mila's registration INS-000001 (location UTR-ZON), parent Sanne."""
    folder = write_export(
        directory, locations=LOCATIONS, groups=GROUPS, registrations=REGISTRATIONS
    )
    import_directory(session=session, directory=folder)


def rating_comment(
    session: Session, sender: str, text: str, at: datetime, channel: str = "website"
) -> None:
    """A parent answered "Heeft dit u geholpen?" with "nee" and then wrote `text`."""
    store(
        session,
        [
            {
                "sender_id": sender,
                "event": "user",
                "timestamp": at.timestamp() - 5,
                "text": "nee",
                "input_channel": channel,
                "parse_data": {"intent": {"name": "deny", "confidence": 0.99}},
            },
            {
                "sender_id": sender,
                "event": "bot",
                "timestamp": at.timestamp(),
                "text": "Bedankt!",
                "metadata": {OUTCOME: COMMENT, OUTCOME_CHANNEL: channel, OUTCOME_COMMENT: text},
            },
        ],
    )


def verified(session: Session, sender: str, number: str, at: datetime) -> None:
    """The conversation's parent passed the identity check for `number`."""
    store(
        session,
        [
            {
                "sender_id": sender,
                "event": "slot",
                "timestamp": at.timestamp(),
                "name": "verified_registration",
                "value": number,
            }
        ],
    )


def not_understood(
    session: Session, sender: str, text: str, at: datetime, channel: str = "website"
) -> None:
    store(
        session,
        [
            {
                "sender_id": sender,
                "event": "user",
                "timestamp": at.timestamp(),
                "text": text,
                "input_channel": channel,
                "parse_data": {"intent": {"name": "nlu_fallback", "confidence": 0.2}},
            }
        ],
    )


def handoff(
    session: Session,
    sender: str,
    words: str,
    at: datetime,
    *,
    reason: str = "complaint",
    number: str | None = None,
    score: int | None = None,
    comment: str | None = None,
) -> Handoff:
    """A conversation handed to staff after the parent wrote `words` (and, once handed
    back, scored with `score` and `comment`)."""
    row = Handoff(
        sender_id=sender,
        channel="website",
        reason=reason,
        status=CLOSED,
        summary="",
        context={
            "identity_verified": number is not None,
            "registration_number": number,
            "transcript": [{"who": "parent", "text": words, "at": at.isoformat()}],
        },
        office_open=True,
        created_at=at,
        closed_at=at + timedelta(minutes=20),
        satisfaction=score,
        satisfaction_comment=comment,
    )
    session.add(row)
    session.flush()
    return row


def conversation(
    session: Session,
    sender: str,
    at: datetime,
    *,
    intent: str = "ask_placement_status",
    outcomes: tuple[tuple[str, str], ...] = (),
    channel: str = "website",
) -> None:
    """A parent's question (`intent`), then the bot's messages carrying `outcomes` (the
    outcome and a comment, bot/conversation/bot_rating.py), a second apart."""
    events = [
        {
            "sender_id": sender,
            "event": "user",
            "timestamp": at.timestamp(),
            "text": "vraag",
            "input_channel": channel,
            "parse_data": {"intent": {"name": intent, "confidence": 0.95}},
        }
    ]
    for offset, (outcome, comment) in enumerate(outcomes, start=1):
        metadata = {OUTCOME: outcome, OUTCOME_CHANNEL: channel}
        if comment:
            metadata[OUTCOME_COMMENT] = comment
        events.append(
            {
                "sender_id": sender,
                "event": "bot",
                "timestamp": at.timestamp() + offset,
                "text": "…",
                "metadata": metadata,
            }
        )
    store(session, events)
