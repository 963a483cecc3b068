"""The base class of every answering action: the dialogue rules each turn passes through
(actions/turn_rules/), then the action's own answer, and a safety net that turns any
failure into an apology with the offer of a person instead of silence.
"""

import abc
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (
    answering,
    close_question,
    end_turn,
    failure_cause,
    person_button,
    remember_choice,
    say,
    speak_language_of,
)
from actions.turn_rules import AfterAnswer, BeforeAnswer
from actions.turn_rules.offers import placement_offer_answered, question_answered
from actions.turn_rules.scores import (
    rating_answered,
    satisfaction_scored,
    what_could_be_better_told,
)
from actions.turn_rules.second_question import other_request_answered
from actions.turn_rules.take_back import request_taken_back
from actions.turn_rules.topics import sensitive_topic_handed_over
from actions.turn_rules.updates import updates_stopped, whatsapp_updates_asked
from bot.conversation.answers import parent_choice

log = logging.getLogger(__name__)


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
    # Whether this action answers the parent, so the turn ends with it (see `end_turn`).
    ends_turn = True
    # Whether this action answers a question, after which a second request in the same
    # message is answered or acknowledged (bot/conversation/second_request.py).
    notices_other_requests = False

    # The rules that may answer the parent's message before the action does, in this order;
    # the first that answers it ends the turn and the action's own answer is not given.
    before_answer: tuple[BeforeAnswer, ...] = (
        rating_answered,  # a score stored: "Heeft dit u geholpen?"
        satisfaction_scored,  # a score stored: the satisfaction question after a handoff
        what_could_be_better_told,  # a score stored: what could be better after a low one
        updates_stopped,  # "stop" honoured
        whatsapp_updates_asked,
        sensitive_topic_handed_over,  # a sensitive topic handed over (`checks_topics`)
        request_taken_back,  # "dat was niet de bedoeling"
        question_answered,  # a yes or no to the bot's last question, a code resent
        placement_offer_answered,
    )
    # The rules that add to the action's own answer, in this order.
    after_answer: tuple[AfterAnswer, ...] = (
        other_request_answered,  # a second question answered (`notices_other_requests`)
    )

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        chosen = parent_choice(tracker)
        closed = close_question(tracker)
        if chosen:
            tracker = answering(tracker, chosen)
        language = speak_language_of(tracker)
        try:
            if chosen:
                await remember_choice(chosen)
            return closed + language + await self._respond(dispatcher, tracker, domain)
        except Exception as error:
            log.error("action %s failed: %s", self.name(), failure_cause(error))
            dispatcher.utter_message(text=say("technical_problem"), buttons=[person_button()])
            return [*closed, *language, FollowupAction("action_listen")]

    async def _respond(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """The turn's rules, then the action's own answer."""
        for rule in self.before_answer:
            answered = await rule(self, dispatcher, tracker)
            if answered is not None:
                return answered
        events = await self.act(dispatcher, tracker, domain)
        for after in self.after_answer:
            after(self, dispatcher, tracker, events)
        return end_turn(tracker, events) if self.ends_turn else events
