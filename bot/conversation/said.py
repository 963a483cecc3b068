"""What the parent's messages hold: the words as typed, the details (dates, registration
numbers, days and locations: bot/conversation/question_filters.py), a change stated with
its new value, and the child's birth given in any message of the conversation, the first
one included (bot/conversation/birth_given.py reads the words). Read from the action's
tracker (bot/conversation/tracker.py).
"""

from datetime import date
from typing import Any

from bot.conversation import birth_given, question_filters
from bot.conversation.birth_given import GivenBirth
from bot.conversation.change_values import holds_value
from bot.conversation.parsing import parse_date
from bot.conversation.tracker import TrackerView
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
