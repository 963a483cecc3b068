"""The days and locations an availability question names, kept in the `weekday` and
`location` slots as `|`-separated lists ("ma|wo", "De Boomhut|Het Zonnetje").

Only valid values get there: the language model also tags "Goedemorgen", "september" or
"3 dagen" as a weekday and "Het" as a location, and such a value must never narrow the
answer to nothing (a false "no place"). A value that is not valid is dropped; one that
arrives in the middle of the question leaves the earlier, valid one in place."""

from typing import Any

from rasa_sdk import Tracker

from bot.waitlist.calendar import day_names_in, weekdays_in
from bot.waitlist.locations import is_stop_word

SEPARATOR = "|"


def joined(values: list[str]) -> str | None:
    return SEPARATOR.join(values) or None


def split(value: Any) -> list[str]:
    return [part for part in str(value or "").split(SEPARATOR) if part.strip()]


def _entity_values(tracker: Tracker, entity: str) -> list[str]:
    return [
        str(found.get("value"))
        for found in tracker.latest_message.get("entities") or []
        if found.get("entity") == entity and found.get("value")
    ]


def days_in_message(tracker: Tracker) -> list[str]:
    """Weekday codes from the latest message: its weekday entities and the days it names
    in full, in week order."""
    text = tracker.latest_message.get("text") or ""
    return weekdays_in([*_entity_values(tracker, "weekday"), *day_names_in(text)])


def locations_in_message(tracker: Tracker) -> list[str]:
    """The location entities of the latest message that could be a name (not "Het")."""
    values = [value for value in _entity_values(tracker, "location") if not is_stop_word(value)]
    return list(dict.fromkeys(values))


def before_this_message(tracker: Tracker, slot: str) -> Any:
    """The slot's value before the latest message filled it."""
    passed_message = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            passed_message = True
        elif passed_message and event.get("event") == "slot" and event.get("name") == slot:
            return event.get("value")
    return None


def filters_in_message(tracker: Tracker) -> dict[str, str | None]:
    """The valid days and locations of the latest message, for the slots it filled; where
    it holds none, the value the slot had before."""
    filled = tracker.slots_to_validate()
    found = {
        "weekday": joined(days_in_message(tracker)),
        "location": joined(locations_in_message(tracker)),
    }
    return {
        slot: value or before_this_message(tracker, slot)
        for slot, value in found.items()
        if slot in filled
    }
