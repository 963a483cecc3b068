"""The child's birth the parent gave in any message of the conversation, the first one
included (bot/conversation/birth_given.py reads the words)."""

from datetime import date
from typing import Any

from rasa_sdk import Tracker

from bot.conversation import birth_given
from bot.conversation.birth_given import GivenBirth
from bot.conversation.parsing import parse_date


def dates_of(entities: list[dict[str, Any]]) -> list[date]:
    found = [parse_date(str(e.get("value"))) for e in entities if e.get("entity") == "date"]
    return [day for day in found if day is not None]


def parent_messages(tracker: Tracker) -> list[tuple[str | None, list[date]]]:
    """Every message of the parent so far, oldest first: its text and its dates."""
    return [
        (event.get("text"), dates_of((event.get("parse_data") or {}).get("entities") or []))
        for event in tracker.events
        if event.get("event") == "user"
    ]


def birth_said(tracker: Tracker) -> GivenBirth | None:
    """ "Mijn dochter is in maart 2025 geboren" (a month and year) or a whole date, in the
    latest message that gives one."""
    return birth_given.birth_given(parent_messages(tracker))
