"""What the parent's latest message holds: the words as typed, its details, and a change
stated with its new value."""

from rasa_sdk import Tracker

from actions import question_filters
from bot.conversation.change_values import holds_value
from bot.conversation.parsing import parse_date


def entity_names(tracker: Tracker) -> set[str]:
    return {entity.get("entity") for entity in tracker.latest_message.get("entities") or []}


def own_words(tracker: Tracker) -> str | None:
    """The parent's message as typed; None for a button."""
    text = " ".join((tracker.latest_message.get("text") or "").split())
    return text if text and not text.startswith("/") else None


def dates_in_message(tracker: Tracker) -> list[str]:
    """The message's dates as ISO (the language pipeline normalises them)."""
    found = [
        parse_date(str(entity.get("value")))
        for entity in tracker.latest_message.get("entities") or []
        if entity.get("entity") == "date"
    ]
    return [day.isoformat() for day in found if day is not None]


def stated_change(tracker: Tracker) -> str | None:
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
