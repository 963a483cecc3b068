"""More than one child in one conversation (bot/conversation/children.py): a second
registration number is a second child, checked on its own before the bot answers about it
(actions/identity.py); a child already checked is reached again by number or name.

`verified_registration` is the child the bot answers about; `registration_number` the one
the identity check is about."""

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import button_to, say
from actions.identity import checked_children, identity_is_fresh
from bot.conversation.children import Meant, child_meant, mentions_twins
from bot.waitlist.numbers import normalize_registration_number

# a button title must fit WhatsApp's 20 characters
TITLE_MAX = 20


def numbers_in(message: dict[str, Any]) -> list[str]:
    """The registration numbers a message (parse data) holds, normalised, in order."""
    found = [
        normalize_registration_number(str(entity.get("value")))
        for entity in message.get("entities") or []
        if entity.get("entity") == "registration_number"
    ]
    return list(dict.fromkeys(number for number in found if number))


def other_child(tracker: Tracker) -> Meant | None:
    """Another child than the current one that a verified parent's message is about."""
    if not identity_is_fresh(tracker):
        return None
    return child_meant(
        tracker.latest_message.get("text"),
        numbers_in(tracker.latest_message),
        checked_children(tracker),
        tracker.get_slot("verified_registration"),
    )


def child_events(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """Which child the identity check (and then the answer) is about: for a verified parent
    the child the message names, else the current one; before any check, the first number
    the message holds ("onze tweeling, INS-… en INS-…"), not Rasa's pick of the last."""
    if not identity_is_fresh(tracker):
        numbers = numbers_in(tracker.latest_message)
        return [SlotSet("registration_number", numbers[0])] if numbers else []
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


def child_buttons(tracker: Tracker, current: str) -> list[dict[str, str]]:
    """ "En Daan?": a button for each other child checked in this conversation."""
    return [
        button_to(
            "ask_placement_status",
            say("child_button", child=name or number)[:TITLE_MAX],
            registration_number=number,
        )
        for number, name in checked_children(tracker).items()
        if number != current
    ]


def numbers_named_since_answer(tracker: Tracker) -> list[str]:
    """Registration numbers not checked that the parent gave beside another one since the
    bot last answered about a registration ("onze tweeling: INS-… en INS-…"); a number
    typed alone and then corrected is not offered again."""
    checked = checked_children(tracker)
    found: list[str] = []
    for event in reversed(_since_last_answer(tracker)):
        if event.get("event") == "user":
            numbers = numbers_in(event.get("parse_data") or {})
            found += numbers if len(numbers) > 1 else []
    return [number for number in dict.fromkeys(found) if number not in checked]


def twins_mentioned(tracker: Tracker) -> bool:
    """The parent spoke of twins since the bot last answered about a registration."""
    return any(
        event.get("event") == "user" and mentions_twins(event.get("text"))
        for event in _since_last_answer(tracker)
    )


def _since_last_answer(tracker: Tracker) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    for event in reversed(tracker.events):
        if event.get("event") == "action" and event.get("name") == "action_answer_registration":
            break
        events.append(event)
    return events
