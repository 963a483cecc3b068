"""A WhatsApp message soon after a WhatsApp update to the same number answers that update:
the session starts knowing it (a reply carries no link; the number vouched for by the
channel and the time tell)."""

from datetime import datetime, timedelta
from pathlib import Path

from rasa_sdk.executor import CollectingDispatcher

from actions.session import ActionSessionStart
from bot.conversation.texts import say
from bot.db.session import session_scope
from bot.shared import clock
from bot.updates.models import UpdateMessage
from bot.updates.replies import answered_by
from tests.support.trackers import make_tracker

PHONE = "+31612345678"  # Mila's parent in the actions' waitlist


def sent(days_ago: int, moment: str = "welcome") -> None:
    with session_scope() as session:
        session.add(
            UpdateMessage(
                key=f"INS-000001:{moment}:{days_ago}",
                registration_number="INS-000001",
                moment=moment,
                channel="whatsapp",
                status="sent",
                attempts=1,
                created_at=datetime.now(clock.ZONE) - timedelta(days=days_ago),
                detail="",
            )
        )


async def start(sender: str, phone: str) -> list[str]:
    dispatcher = CollectingDispatcher()
    metadata = {"session_started_metadata": {"phone": phone}}
    await ActionSessionStart().run(
        dispatcher, make_tracker("greet", slots=metadata, sender_id=sender), {}
    )
    return [m.get("text") for m in dispatcher.messages]


async def test_the_latest_recent_update_is_the_one_answered(waitlist: Path) -> None:
    sent(20, "welcome")  # too long ago
    sent(2, "periodic")

    said = await start("whatsapp:31612345678", "0612345678")  # the same number, as typed

    assert said[-1].startswith("Fijn dat u reageert op ons bericht van")
    with session_scope() as session:
        assert answered_by(session=session, sender_id="whatsapp:31612345678").moment == "periodic"


async def test_another_number_answers_nothing(waitlist: Path) -> None:
    sent(1)
    assert await start("whatsapp:31699999999", "+31699999999") == [say("session_intro")]
