"""The days and locations an availability question names, kept in the `weekday` and
`location` slots as `|`-separated lists ("ma|wo", "De Boomhut|Het Zonnetje").

Only valid values get there: the language model also tags "Goedemorgen", "september" or
"3 dagen" as a weekday and "Het" as a location, and such a value must never narrow the
answer to nothing (a false "no place"). A value that is not valid is dropped; one that
arrives in the middle of the question leaves the earlier, valid one in place."""

from typing import Any

from bot.conversation.tracker import TrackerView, value_before_message
from bot.waitlist.calendar import day_names_in, weekdays_in
from bot.waitlist.locations import is_stop_word

SEPARATOR = "|"
START_ACTION = "action_start_availability"


def joined(values: list[str]) -> str | None:
    return SEPARATOR.join(values) or None


def split(value: Any) -> list[str]:
    return [part for part in str(value or "").split(SEPARATOR) if part.strip()]


def _entity_values(message: dict[str, Any], entity: str) -> list[str]:
    return [
        str(found.get("value"))
        for found in message.get("entities") or []
        if found.get("entity") == entity and found.get("value")
    ]


def days_in(message: dict[str, Any]) -> list[str]:
    """Weekday codes from a message (its parse data): its weekday entities and the days
    it names in full, in week order."""
    text = message.get("text") or ""
    return weekdays_in([*_entity_values(message, "weekday"), *day_names_in(text)])


def locations_in(message: dict[str, Any]) -> list[str]:
    """The location entities of a message that could be a name (not "Het")."""
    values = [value for value in _entity_values(message, "location") if not is_stop_word(value)]
    return list(dict.fromkeys(values))


def days_in_message(tracker: TrackerView) -> list[str]:
    return days_in(tracker.latest_message)


def locations_in_message(tracker: TrackerView) -> list[str]:
    return locations_in(tracker.latest_message)


FINDERS = {"weekday": days_in, "location": locations_in}


def asked(tracker: TrackerView, slot: str) -> list[str]:
    """The days (slot `weekday`) or locations (`location`) this availability question
    names: what its start set from the first message, replaced by the valid ones a later
    message of the question names. Read from the events, not from the slot, because Rasa's
    slot mapping also writes the model's last raw entity into the slot when the form
    starts (one day of "maandag en vrijdag", or "september")."""
    value: Any = None
    in_start = started = False
    for event in tracker.events:
        kind = event.get("event")
        if kind == "action":
            in_start = event.get("name") == START_ACTION
            if in_start:
                started, value = True, None
        elif kind == "user":
            in_start = False
            found = FINDERS[slot]({**(event.get("parse_data") or {}), "text": event.get("text")})
            if started and found:
                value = joined(found)
        elif kind == "slot" and in_start and event.get("name") == slot:
            value = event.get("value")
    return split(value)


def filters_in_message(tracker: TrackerView) -> dict[str, str | None]:
    """The valid days and locations of the latest message, for the slots it filled; where
    it holds none, the value the slot had before."""
    filled = tracker.slots_to_validate()
    found = {
        "weekday": joined(days_in_message(tracker)),
        "location": joined(locations_in_message(tracker)),
    }
    return {
        slot: value or value_before_message(tracker, slot)
        for slot, value in found.items()
        if slot in filled
    }
