"""Handing the conversation to a person at head office, and the bot's part after hand-back.

`action_handoff` stores the handoff with its context, tells the parent who comes and
when, notifies head office, and pauses the conversation: from then on Rasa stays silent
and the staff console speaks through Rasa's conversations API. After hand-back the
console runs `action_ask_satisfaction`; `action_store_satisfaction` keeps the score.
"""

import re
from functools import lru_cache
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, ConversationPaused, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.orm import Session

from actions.common import SafeAction, now, say, with_database
from bot.handoff import queue
from bot.handoff.context import build_context, summarize
from bot.handoff.notify import Escalation, Notifier
from bot.handoff.office_hours import OfficeHours, opening_phrase, wait_phrase
from bot.handoff.topics import sensitive_topic
from bot.settings import get_settings

INTENT_REASONS = {
    "request_human": "request_human",
    "complain": "complaint",
    "nlu_fallback": "fallback",
}
SCORE = re.compile(r"^\s*([1-5])\s*$")


@lru_cache
def notifier() -> Notifier:
    return Notifier(get_settings())


def reason_of(tracker: Tracker) -> str:
    """The slot an earlier step set (identity check, fallback), else the message itself."""
    reason = tracker.get_slot("handoff_reason")
    if reason:
        return str(reason)
    topic = sensitive_topic(tracker.latest_message.get("text"))
    if topic:
        return f"topic_{topic}"
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    return INTENT_REASONS.get(intent, "request_human")


async def hand_over(
    dispatcher: CollectingDispatcher, tracker: Tracker, reason: str
) -> list[dict[str, Any]]:
    """Store the handoff, tell the parent what happens next, notify, pause."""
    settings = get_settings()
    hours = OfficeHours.from_settings(settings)
    moment = now()
    is_open = hours.is_open(moment)
    channel = tracker.get_latest_input_channel() or "rest"
    context = build_context(
        sender_id=tracker.sender_id,
        channel=channel,
        reason=reason,
        events=tracker.events,
        slots=tracker.slots,
    )

    def store(session: Session) -> tuple[Escalation | None, int]:
        handoff, created = queue.start_handoff(
            session=session,
            sender_id=tracker.sender_id,
            channel=channel,
            reason=reason,
            context=context,
            summary=summarize(context),
            office_open=is_open,
            now=moment,
        )
        wait = queue.expected_wait_minutes(
            session=session,
            handoff=handoff,
            now=moment,
            default_minutes=settings.handoff_minutes_per_conversation,
        )
        escalation = Escalation(
            handoff_id=handoff.id,
            reason=reason,
            channel=channel,
            identity_verified=context["identity_verified"],
            registration_number=context["registration_number"],
            created_at=moment.isoformat(),
            office_open=is_open,
        )
        return (escalation if created else None), wait

    escalation, wait = await with_database(store)
    if reason == "complaint":
        dispatcher.utter_message(text=say("complain"))
    elif reason.startswith("topic_"):
        dispatcher.utter_message(text=say("handoff_topic"))
    if is_open:
        dispatcher.utter_message(text=say("handoff_open", wait=wait_phrase(wait)))
    else:
        when = opening_phrase(hours.next_opening(moment), moment)
        dispatcher.utter_message(text=say("handoff_closed", when=when))
    if escalation is not None:
        notifier().notify(escalation)
    return [
        ActiveLoop(None),
        SlotSet("requested_slot", None),
        SlotSet("handoff_reason", None),
        ConversationPaused(),
    ]


class ActionHandoff(SafeAction):
    checks_topics = False
    ends_turn = False  # the conversation is paused: Rasa stops predicting

    def name(self) -> str:
        return "action_handoff"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        return await hand_over(dispatcher, tracker, reason_of(tracker))


class ActionAskSatisfaction(SafeAction):
    """Run by the console right after hand-back (POST /console/execute)."""

    checks_topics = False
    ends_turn = False  # run on its own, not in a turn

    def name(self) -> str:
        return "action_ask_satisfaction"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        buttons = [
            {"title": str(score), "payload": f'/inform{{"satisfaction_score":"{score}"}}'}
            for score in range(1, 6)
        ]
        dispatcher.utter_message(text=say("ask_satisfaction"), buttons=buttons)
        return []


def score_of(tracker: Tracker) -> int | None:
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == "satisfaction_score":
            match = SCORE.match(str(entity.get("value")))
            return int(match.group(1)) if match else None
    match = SCORE.match(tracker.latest_message.get("text") or "")
    return int(match.group(1)) if match else None


class ActionStoreSatisfaction(SafeAction):
    checks_topics = False

    def name(self) -> str:
        return "action_store_satisfaction"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        score = score_of(tracker)
        if score is None:
            dispatcher.utter_message(text=say("satisfaction_skipped"))
            return []
        await with_database(
            lambda session: queue.record_satisfaction(
                session=session, sender_id=tracker.sender_id, score=score
            )
        )
        dispatcher.utter_message(text=say("satisfaction_thanks"))
        return []
