"""A new session starts with the bot saying what it is, unless a person has the
conversation: Rasa's SessionStarted resets the paused state, so a parent who answers staff
after the session expired would suddenly talk to the bot again. This action pauses such a
session again straight away."""

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, ConversationPaused, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.orm import Session

from actions.common import (
    form,
    now,
    person_button,
    say,
    use_variant,
    with_database,
)
from bot.conversation import formats
from bot.conversation.tracker import first_message_language
from bot.handoff import queue
from bot.updates.models import UpdateMessage
from bot.updates.replies import record_reply, record_whatsapp_reply

log = logging.getLogger(__name__)
NOT_CARRIED = {"session_started_metadata", "requested_slot"}


async def under_handoff(tracker: Tracker) -> bool:
    """Paused in the ending session, or an open handoff in the queue (the record wins when
    the tracker was restored elsewhere); the tracker decides when the database is down."""
    if tracker.is_paused():
        return True
    try:
        return await with_database(
            lambda session: (
                queue.open_handoff_for(session=session, sender_id=tracker.sender_id) is not None
            )
        )
    except Exception as error:
        log.error("handoff lookup at session start failed: %s", type(error).__name__)
        return False


# the updates that ask for the birth date: the greeting says how to give it
BIRTH_MOMENTS = ("birth_question", "birth_reminder")


async def answered_update(tracker: Tracker) -> tuple[str, str] | None:
    """The date and moment of the update whose chat link the parent followed (None: not
    from one). Nothing about the registration is said: the identity check comes first."""
    metadata = tracker.get_slot("session_started_metadata") or {}
    metadata = metadata if isinstance(metadata, dict) else {}
    # the phone comes only from the WhatsApp channels, which vouch for it
    reference, phone = metadata.get("update_reference"), metadata.get("phone")

    def lookup(session: Session) -> UpdateMessage | None:
        if isinstance(reference, str):
            return record_reply(
                session=session, reference=reference, sender_id=tracker.sender_id, now=now()
            )
        if isinstance(phone, str):
            return record_whatsapp_reply(
                session=session, phone=phone, sender_id=tracker.sender_id, now=now()
            )
        return None

    try:
        update = await with_database(lookup)
    except Exception as error:  # the greeting goes on without it
        log.error("update reply lookup failed: %s", type(error).__name__)
        return None
    return (formats.full_date(update.created_at, form()), update.moment) if update else None


class ActionSessionStart(Action):
    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = [SessionStarted()]
        if (domain.get("session_config") or {}).get("carry_over_slots_to_new_session", True):
            events += [
                SlotSet(name, value)
                for name, value in tracker.slots.items()
                if value is not None and name not in NOT_CARRIED
            ]
        events += use_variant(first_message_language(tracker))
        if await under_handoff(tracker):
            events.append(ConversationPaused())
        else:
            dispatcher.utter_message(text=say("session_intro"), buttons=[person_button()])
            update = await answered_update(tracker)
            if update:
                date, moment = update
                birth = moment in BIRTH_MOMENTS
                key = "reply_to_birth_question" if birth else "reply_to_update"
                dispatcher.utter_message(text=say(key, date=date))
        events.append(ActionExecuted("action_listen"))
        return events
