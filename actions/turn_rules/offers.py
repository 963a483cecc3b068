"""The bot's own last question answered: a yes does what it offered, a no to WhatsApp
updates is heard, "the code does not arrive" while the code is awaited is a resend (the
model once read it as "not registered"), and an answer to the question about a placement
offer goes to the action that takes it ("ja graag, we willen de plek" read as a status
question).
"""

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    ANSWER_OFFER,
    RESEND_CODE,
    end_turn,
    say,
    take_offer,
)
from actions.turn_rules import Answering, Events
from bot.conversation.answers import (
    accepted_offer,
    answers_placement_offer,
    declines_whatsapp_updates,
)
from bot.conversation.short_replies import code_not_received
from bot.conversation.tracker import waits_for_code


async def question_answered(
    action: Answering, dispatcher: CollectingDispatcher, tracker: Tracker
) -> Events | None:
    """A yes or no to the bot's last question, or the code that did not arrive; None: the
    action answers as usual."""
    if tracker.latest_action_name != "action_listen" or action.name() == RESEND_CODE:
        return None
    if declines_whatsapp_updates(tracker):
        dispatcher.utter_message(text=say("updates_whatsapp_not_on"))
        return end_turn(tracker, [SlotSet("awaiting_confirmation", None)])
    offered = accepted_offer(tracker)
    if offered:
        events = await take_offer(dispatcher, tracker, offered)
        handed_over = any(event.get("event") == "pause" for event in events)
        return events if handed_over else end_turn(tracker, events)
    if waits_for_code(tracker) and code_not_received(tracker.latest_message.get("text")):
        return [FollowupAction(RESEND_CODE)]
    return None


async def placement_offer_answered(
    action: Answering, dispatcher: CollectingDispatcher, tracker: Tracker
) -> Events | None:
    """The answer to the bot's question about the offer (actions/offer.py), whatever the
    model made of it."""
    if action.name() == ANSWER_OFFER or not answers_placement_offer(tracker):
        return None
    return [FollowupAction(ANSWER_OFFER)]
