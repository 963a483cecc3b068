"""What every action shares: the texts in the configured address form, database work off
the event loop with a time limit, and a safety net that turns any failure into an apology
with the offer of a person instead of silence."""

import abc
import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any, TypeVar

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.orm import Session

from bot.conversation import texts
from bot.db.session import session_scope
from bot.handoff.topics import sensitive_topic
from bot.settings import get_settings

log = logging.getLogger(__name__)
T = TypeVar("T")

# The parent must hear something within 5 seconds, even when the database hangs.
DATABASE_TIMEOUT_SECONDS = 3.5


def say(key: str, **values: object) -> str:
    return texts.say(key, get_settings().address_form, **values)


def person_button() -> dict[str, str]:
    return {"title": texts.button("talk_to_person"), "payload": "/request_human"}


def topic_buttons() -> list[dict[str, str]]:
    return [
        {"title": texts.button("my_registration"), "payload": "/ask_placement_status"},
        {"title": texts.button("availability"), "payload": "/ask_availability"},
        {"title": texts.button("register"), "payload": "/ask_registration_process"},
        person_button(),
    ]


def yes_no_buttons() -> list[dict[str, str]]:
    return [
        {"title": texts.button("yes"), "payload": "/affirm"},
        {"title": texts.button("no"), "payload": "/deny"},
    ]


async def with_database(work: Callable[[Session], T]) -> T:
    """Run `work(session)` in a worker thread, in one transaction, within the time limit.

    rasa-sdk calls actions on its event loop; a blocking query there would stall every
    other conversation."""

    def unit_of_work() -> T:
        with session_scope() as session:
            return work(session)

    return await asyncio.wait_for(asyncio.to_thread(unit_of_work), DATABASE_TIMEOUT_SECONDS)


def latest_user_metadata(tracker: Tracker) -> dict[str, Any]:
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return event.get("metadata") or {}
    return {}


def now() -> datetime:
    return datetime.now(timezone.utc)


def sensitive_topic_of_turn(tracker: Tracker) -> str | None:
    """The sensitive topic of the parent's message, checked once: by the first action after it."""
    if tracker.latest_action_name != "action_listen":
        return None
    return sensitive_topic(tracker.latest_message.get("text"))


class SafeAction(Action, abc.ABC):
    """An action whose failures end in an apology and the offer of a person.

    Subclasses implement `act`; anything it raises (database down, time limit, a bug) is
    logged without message text or personal data, and the parent is told what happened."""

    @abc.abstractmethod
    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]: ...

    # Whether a message on a topic only a person may handle (custody, health, a signed
    # contract, a data request, urgency) goes to staff instead of this action's answer.
    checks_topics = True

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        try:
            topic = sensitive_topic_of_turn(tracker) if self.checks_topics else None
            if topic:
                # imported here: actions.handoff builds on this module
                from actions.handoff import hand_over

                return await hand_over(dispatcher, tracker, f"topic_{topic}")
            return await self.act(dispatcher, tracker, domain)
        except Exception as error:
            log.error("action %s failed: %s", self.name(), type(error).__name__)
            dispatcher.utter_message(text=say("technical_problem"), buttons=[person_button()])
            return []
