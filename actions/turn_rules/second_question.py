"""A second question is answered: an action that answers a question (`notices_other_requests`)
answers or acknowledges a second request in the same message, with the way there
(bot/conversation/second_request.py).
"""

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    person_button,
    say,
)
from actions.turn_rules import Answering, Events
from bot.conversation.buttons import button
from bot.conversation.second_request import other_request


def other_request_answered(
    action: Answering, dispatcher: CollectingDispatcher, tracker: Tracker, events: Events
) -> None:
    """After the action's first answer to the message, unless it handed the conversation over."""
    handed_over = any(event.get("event") == "pause" for event in events)
    first_answer = tracker.latest_action_name == "action_listen"
    if action.notices_other_requests and first_answer and not handed_over:
        say_other_request(dispatcher, tracker)


# a second request in the same message: answered, or acknowledged with the way there
OTHER_REQUEST_ANSWERS = {
    "missing_number": "missing_number",
    "costs": "costs",
    "register": "registration_process",
    "policy": "placement_policy",
}


OTHER_REQUEST_BUTTONS = {"registration": "my_registration", "person": "talk_to_person"}


def say_other_request(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    topic = other_request(tracker.latest_message.get("text"), intent)
    if topic in OTHER_REQUEST_ANSWERS:
        dispatcher.utter_message(text=say(OTHER_REQUEST_ANSWERS[topic]), buttons=[person_button()])
    elif topic in OTHER_REQUEST_BUTTONS:
        dispatcher.utter_message(
            text=say(f"also_{topic}"), buttons=[button(OTHER_REQUEST_BUTTONS[topic])]
        )
