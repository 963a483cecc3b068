"""Reading a conversation's events (Rasa's JSON form, plain dicts): which turns the bot
did not understand, and what the bot did last. No Rasa here."""

from collections.abc import Sequence
from typing import Any

Event = dict[str, Any]


def actions_per_turn(events: Sequence[Event]) -> list[list[str]]:
    """The actions the bot ran after each of the parent's messages, oldest first.

    Reverted turns still count: a message the bot did not understand stays a miss."""
    turns: list[list[str]] = []
    for event in events:
        if event.get("event") == "user":
            turns.append([])
        elif event.get("event") == "action" and turns and event.get("name") != "action_listen":
            turns[-1].append(str(event.get("name")))
    return turns


def misses_in_a_row(events: Sequence[Event], fallback_action: str) -> int:
    """How many of the latest messages in a row, the current one included, ended in
    `fallback_action` (the current turn is the one being answered now)."""
    misses = 1
    for actions in reversed(actions_per_turn(events)[:-1]):
        if fallback_action not in actions:
            break
        misses += 1
    return misses


def previous_turn_actions(events: Sequence[Event]) -> list[str]:
    """The actions that answered the parent's previous message."""
    turns = actions_per_turn(events)
    return turns[-2] if len(turns) >= 2 else []


def first_message_while_waiting(events: Sequence[Event]) -> bool:
    """Whether the latest message is the parent's first since the conversation was handed
    to a person, who has not written yet: it gets one "your message is waiting" reply."""
    since_pause: list[Event] = []
    for event in reversed(events):
        if event.get("event") == "pause":
            break
        if event.get("event") == "resume":
            return False
        since_pause.append(event)
    else:
        return False
    staff_wrote = any(
        event.get("event") == "bot" and (event.get("metadata") or {}).get("source") == "staff"
        for event in since_pause
    )
    messages = sum(1 for event in since_pause if event.get("event") == "user")
    return not staff_wrote and messages == 1
