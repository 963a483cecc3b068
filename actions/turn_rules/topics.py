"""A sensitive topic is handed over: a message on a topic only a person may handle (custody,
health, a signed contract, a data request, urgency) goes to staff instead of the action's
answer (bot/handoff/topics.py), checked once per message, by the first action after it.
"""

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import hand_over
from actions.turn_rules import Answering, Events
from bot.conversation.tracker import new_message_text
from bot.handoff.topics import sensitive_topic


async def sensitive_topic_handed_over(
    action: Answering, dispatcher: CollectingDispatcher, tracker: Tracker
) -> Events | None:
    topic = sensitive_topic(new_message_text(tracker)) if action.checks_topics else None
    if not topic:
        return None
    return await hand_over(dispatcher, tracker, f"topic_{topic}")
