"""Handing the conversation to a person at head office, and the bot's part after hand-back.

`action_handoff` hands over (`actions.common.hand_over`, which calls the handoff service in
bot/handoff/service.py): the handoff is stored with its context, the parent hears who comes
and when, head office is notified, and the conversation pauses: from then on Rasa stays
silent and the staff console speaks through Rasa's conversations API. After hand-back the
console runs `action_ask_satisfaction`; `action_store_satisfaction` keeps the score.
"""

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.base import SafeAction
from actions.common import (
    end_turn,
    form,
    hand_over,
    offer,
    person_button,
    say,
)
from actions.registration import ask_registration
from actions.turn_rules.scores import store_satisfaction
from bot.conversation import texts
from bot.conversation.buttons import LIST_LABEL, score_buttons
from bot.conversation.change_values import asks_to_change
from bot.conversation.request_words import CHANGE
from bot.conversation.second_request import asks_for_person
from bot.conversation.short_replies import OFFER_PERSON, without_words
from bot.conversation.tracker import handoff_grounds
from bot.handoff.reasons import reason_for


class ActionHandoff(SafeAction):
    checks_topics = False
    ends_turn = False  # the conversation is paused: Rasa stops predicting

    def name(self) -> str:
        return "action_handoff"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text")
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent == "request_human" and asks_to_change(text) and not asks_for_person(text):
            # "goedemiddag, ons telefoonnummer klopt niet meer" read as a wish for a person:
            # the words ask for a change and for nobody, so the change is taken up
            return ask_registration(dispatcher, tracker, CHANGE, "change_registration")
        reason = reason_for(**handoff_grounds(tracker))
        if reason == "complaint" and without_words(text):
            # "😡😡😡" is a feeling, not yet a complaint staff can act on: ask what is wrong
            dispatcher.utter_message(text=say("complain_what"), buttons=[person_button()])
            return end_turn(tracker, offer(OFFER_PERSON))
        return await hand_over(dispatcher, tracker, reason)


class ActionAskSatisfaction(SafeAction):
    """Run by the console right after hand-back (POST /console/execute)."""

    checks_topics = False
    ends_turn = False  # run on its own, not in a turn

    def name(self) -> str:
        return "action_ask_satisfaction"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(
            text=say("ask_satisfaction"),
            buttons=score_buttons(form()),
            **{LIST_LABEL: texts.button("give_score", form())},
        )
        return []


class ActionStoreSatisfaction(SafeAction):
    checks_topics = False

    def name(self) -> str:
        return "action_store_satisfaction"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        await store_satisfaction(dispatcher, tracker)
        return []
