"""After the goodbye (Rasa's `utter_goodbye`): "Heeft dit u geholpen?" when the bot handled
the conversation alone (bot/conversation/bot_rating.py); otherwise nothing. The answer is
read by every answering action (actions/turn_rules/scores.py)."""

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.base import SafeAction
from actions.common import (
    ask_rating,
    may_ask_rating,
)


class ActionAskBotRating(SafeAction):
    checks_topics = False  # the goodbye itself is no topic for a person

    def name(self) -> str:
        return "action_ask_bot_rating"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        if may_ask_rating(tracker, after_goodbye=True):
            ask_rating(dispatcher, tracker, "bot_rating_question")
        return []
