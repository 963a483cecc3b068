"""More than one child in one conversation (bot/conversation/children.py): a second
registration number is a second child, checked on its own before the bot answers about it
(actions/identity.py); a child already checked is reached again by number, by name or as
"de andere", and each answer offers the others.

`verified_registration` is the child the bot answers about; `registration_number` the one
the identity check is about."""

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    button_to,
    say,
)
from bot.conversation.said import other_child
from bot.conversation.tracker import checked_children, identity_is_fresh

# a button title must fit WhatsApp's 20 characters
TITLE_MAX = 20


def child_events(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """Which child the identity check (and then the answer) is about, for a verified
    parent: the child the message names, else the current one. (Before any check the
    number is the form's: actions/identity.py.)"""
    if not identity_is_fresh(tracker):
        return []
    meant = other_child(tracker)
    if meant is None:
        return [SlotSet("registration_number", tracker.get_slot("verified_registration"))]
    if meant.checked:
        return switch_to(meant.number)
    if meant.number:
        dispatcher.utter_message(text=say("another_child_check", number=meant.number))
    # checked like a first child; the form asks what it lacks (the number, for "zijn zus")
    return [
        SlotSet("registration_number", meant.number),
        SlotSet("child_birth_date", None),
        SlotSet("birth_day_month", None),
        SlotSet("verification_code", None),
    ]


def switch_to(number: str | None) -> list[dict[str, Any]]:
    return [SlotSet("verified_registration", number), SlotSet("registration_number", number)]


def child_button(number: str, name: str = "") -> dict[str, str]:
    """ "En Daan?" (or "En INS-…?"): the status of that child, checked first if need be."""
    title = say("child_button", child=name or number)[:TITLE_MAX]
    return button_to("ask_placement_status", title, registration_number=number)


def child_buttons(tracker: Tracker, current: str) -> list[dict[str, str]]:
    """A button for each other child checked in this conversation."""
    return [
        child_button(number, name)
        for number, name in checked_children(tracker).items()
        if number != current
    ]
