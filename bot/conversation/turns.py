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


# A parent who writes again after this much silence, while still waiting for a person,
# hears again that the message waits; a burst of messages gets the note once.
QUIET_PERIOD_SECONDS = 10 * 60


def since_handoff(events: Sequence[Event]) -> list[Event] | None:
    """The events since the conversation was handed to a person (the first pause after the
    latest resume: a new session pauses again), or None when the bot has it."""
    start: int | None = None
    for index, event in enumerate(events):
        if event.get("event") == "pause" and start is None:
            start = index
        elif event.get("event") == "resume":
            start = None
    return None if start is None else list(events[start + 1 :])


def waiting_note_due(events: Sequence[Event], quiet_seconds: float = QUIET_PERIOD_SECONDS) -> bool:
    """Whether the latest message gets the "your message is waiting" note: the conversation
    waits for a person who has not written yet, and the message is the parent's first since
    the handoff or follows at least `quiet_seconds` of their silence."""
    waiting = since_handoff(events)
    if waiting is None or any(
        event.get("event") == "bot" and (event.get("metadata") or {}).get("source") == "staff"
        for event in waiting
    ):
        return False
    moments = [event.get("timestamp") for event in waiting if event.get("event") == "user"]
    if len(moments) < 2:
        return len(moments) == 1
    previous, latest = moments[-2], moments[-1]
    return previous is not None and latest is not None and latest - previous >= quiet_seconds
