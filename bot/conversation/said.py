"""What the parent's messages hold: the words as typed, the details (dates, registration
numbers, days and locations: bot/conversation/question_filters.py), a change stated with
its new value (or words that name no change), a new value for what the form asks, the
reason given with a cancellation, another child meant (twins, a second number:
bot/conversation/children.py), a birth told to ask for room, and the child's birth given
in any message of the conversation, the first one included (bot/conversation/birth_given.py
reads the words). Read from the action's tracker (bot/conversation/tracker.py).
"""

import re
from datetime import date
from typing import Any

from bot.conversation import birth_given, question_filters
from bot.conversation.birth_given import GivenBirth, birth_with_room_question
from bot.conversation.change_values import answer_holds, asks_to_change, holds_value, subjects_of
from bot.conversation.children import Meant, child_meant, mentions_twins
from bot.conversation.parsing import parse_date
from bot.conversation.request_words import CANCEL, changes_a_part, request_kind
from bot.conversation.tracker import TrackerView, checked_children, identity_is_fresh
from bot.waitlist.calendar import day_names_in, weekdays_in
from bot.waitlist.locations import is_stop_word
from bot.waitlist.numbers import normalize_registration_number


def entity_names(tracker: TrackerView) -> set[str]:
    return {entity.get("entity") for entity in tracker.latest_message.get("entities") or []}


def own_words(tracker: TrackerView) -> str | None:
    """The parent's message as typed; None for a button."""
    text = " ".join((tracker.latest_message.get("text") or "").split())
    return text if text and not text.startswith("/") else None


def dates_in_message(tracker: TrackerView) -> list[str]:
    """The message's dates as ISO (the language pipeline normalises them)."""
    found = [
        parse_date(str(entity.get("value")))
        for entity in tracker.latest_message.get("entities") or []
        if entity.get("entity") == "date"
    ]
    return [day.isoformat() for day in found if day is not None]


def stated_change(tracker: TrackerView) -> str | None:
    """The change itself when the parent already said it with its new value ("ik wil de
    woensdag erbij"); None when the value is still to be asked ("nieuw e-mailadres")."""
    words = own_words(tracker)
    given = holds_value(
        words,
        dates=dates_in_message(tracker),
        days=question_filters.days_in_message(tracker),
        locations=question_filters.locations_in_message(tracker),
        care="care_type" in entity_names(tracker),
    )
    return words if given else None


def holds_new_value(tracker: TrackerView, subject: str | None, text: str | None) -> bool:
    """Whether the latest message holds a new value for `subject` (None: anything that
    says what should change), from its words and its dates, days and locations."""
    found = tracker.latest_message.get("entities") or []
    dates = dates_of(found)
    typed = parse_date(text or "") if not dates else None
    dates += [typed] if typed else []  # a date the model did not tag ("3 mei")
    days = weekdays_in(
        [str(e.get("value")) for e in found if e.get("entity") == "weekday" and e.get("value")]
        + day_names_in(text or "")
    )
    locations = [
        str(e.get("value"))
        for e in found
        if e.get("entity") == "location" and e.get("value") and not is_stop_word(str(e["value"]))
    ]
    return answer_holds(
        subject, text, dates=[d.isoformat() for d in dates], days=days, locations=locations
    )


def names_no_change(tracker: TrackerView) -> bool:
    """ "And what about my son, INS-…?" read as a change request: the words name nothing to
    change (what it is about, a day or location, a new value, stopping the whole
    registration), so it is no change."""
    text = tracker.latest_message.get("text")
    named = subjects_of(text) or asks_to_change(text) or changes_a_part(text)
    stops = request_kind(text, entity_names(tracker)) == CANCEL
    return not (named or stops or stated_change(tracker))


def asks_for_room(tracker: TrackerView) -> bool:
    """A parent who is not verified tells a birth to ask whether there is room: the
    availability question (with the birth), not a birth reported for a registration."""
    numbered = "registration_number" in entity_names(tracker)
    text = tracker.latest_message.get("text")
    return not numbered and not identity_is_fresh(tracker) and birth_with_room_question(text)


def room_question_after_birth(tracker: TrackerView) -> bool:
    """ "My son was born in February 2026" - "Is there a place at De Speelweide?": a parent
    with no registration in this conversation who told a birth asks whether there is room
    (the availability question with that birth), not how a registration stands."""
    if tracker.get_slot("registration_number"):
        return False
    numbered = "registration_number" in entity_names(tracker)
    text = tracker.latest_message.get("text")
    if numbered or identity_is_fresh(tracker) or not birth_given.room_question_now(text):
        return False
    return birth_said(tracker) is not None  # read from every message: last


def numbers_in(message: dict[str, Any]) -> list[str]:
    """The registration numbers a message (parse data) holds, normalised, in order."""
    found = [
        normalize_registration_number(str(entity.get("value")))
        for entity in message.get("entities") or []
        if entity.get("entity") == "registration_number"
    ]
    return list(dict.fromkeys(number for number in found if number))


def dates_of(entities: list[dict[str, Any]]) -> list[date]:
    found = [parse_date(str(e.get("value"))) for e in entities if e.get("entity") == "date"]
    return [day for day in found if day is not None]


def parent_messages(tracker: TrackerView) -> list[tuple[str | None, list[date]]]:
    """Every message of the parent so far, oldest first: its text and its dates."""
    return [
        (event.get("text"), dates_of((event.get("parse_data") or {}).get("entities") or []))
        for event in tracker.events
        if event.get("event") == "user"
    ]


def birth_said(tracker: TrackerView) -> GivenBirth | None:
    """ "Mijn dochter is in maart 2025 geboren" (a month and year) or a whole date, in the
    latest message that gives one."""
    return birth_given.birth_given(parent_messages(tracker))


# what carries no reason: yes, no, small talk (the confirmation, the identity check's turns)
NO_REASON = {"affirm", "deny", "greet", "thank", "goodbye", "request_human", "bot_challenge"}
# a short message with digits: a registration number, a birth date or a code
DATA_ONLY = re.compile(r"^\S*\d\S*(\s+\S+){0,3}$|^(\S+\s+){0,3}\S*\d\S*$")


def said_since_cancel(tracker: TrackerView) -> str | None:
    """The parent's own words from the message that asked to cancel on, so a reason given
    in a later message is kept; without numbers, dates, codes, yes or no, or buttons."""
    said: list[str] = []
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        text = " ".join(str(event.get("text") or "").split())
        asked = intent == "cancel_registration"
        own = text and not text.startswith("/") and intent not in NO_REASON
        if own and (asked or not DATA_ONLY.match(text)):
            said.append(text)
        if asked:
            break
    return " / ".join(reversed(said)) or None


def other_child(tracker: TrackerView) -> Meant | None:
    """Another child than the current one that a verified parent's message is about."""
    if not identity_is_fresh(tracker):
        return None
    return child_meant(
        tracker.latest_message.get("text"),
        numbers_in(tracker.latest_message),
        checked_children(tracker),
        tracker.get_slot("verified_registration"),
    )


def numbers_named_since_answer(tracker: TrackerView) -> list[str]:
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


def twins_mentioned(tracker: TrackerView) -> bool:
    """The parent spoke of twins since the bot last answered about a registration."""
    return any(
        event.get("event") == "user" and mentions_twins(event.get("text"))
        for event in _since_last_answer(tracker)
    )


def _since_last_answer(tracker: TrackerView) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    for event in reversed(tracker.events):
        if event.get("event") == "action" and event.get("name") == "action_answer_registration":
            break
        events.append(event)
    return events
