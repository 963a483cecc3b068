"""Answers that need no registration: small talk, process, policy, costs, offers in general."""

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import SafeAction, person_button, say, topic_buttons
from actions.handoff import hand_over

ANSWERS = {
    "greet": "greet",
    "thank": "thank",
    "bot_challenge": "bot_challenge",
    "out_of_scope": "out_of_scope",
    "ask_registration_process": "registration_process",
    "ask_placement_policy": "placement_policy",
    "ask_costs": "costs",
    "complain": "complain",
}
WITH_TOPICS = {"greet", "out_of_scope"}


class ActionAnswerFaq(SafeAction):
    def name(self) -> str:
        return "action_answer_faq"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        key = ANSWERS.get(intent, "out_of_scope")
        if key in WITH_TOPICS:
            dispatcher.utter_message(text=say(key), buttons=topic_buttons())
        else:
            dispatcher.utter_message(text=say(key), buttons=[person_button()])
        return []


class ActionFallback(SafeAction):
    """Two steps: ask to rephrase (with topics), then hand over to a person."""

    def name(self) -> str:
        return "action_fallback"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        user_intents = [
            (e.get("parse_data") or {}).get("intent", {}).get("name")
            for e in tracker.events
            if e.get("event") == "user"
        ]
        if len(user_intents) >= 2 and user_intents[-2] == "nlu_fallback":
            dispatcher.utter_message(text=say("fallback_handoff"))
            return await hand_over(dispatcher, tracker, "fallback")
        dispatcher.utter_message(text=say("fallback_first"), buttons=topic_buttons())
        return []
