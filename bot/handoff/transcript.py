"""Which of a conversation's events belong to one handoff, so that staff read that
handoff's part of the conversation, not what the parent wrote weeks before or after.

The rule (docs/security.md, "What staff read"):
- it starts with the conversation as it stood when the bot handed over: after the last
  session start, restart or hand-back (`resume`) *before* the handoff was made, i.e. the
  parent's current session, or what came after an earlier handoff ended;
- it ends, once the handoff is closed, with the hand-back itself (the `resume` event
  after its start: staff's closing message and the bot's "I am back" included); if that
  event cannot be found, at `closed_at` (plus a minute for the hand-back's own events).
  An open handoff runs to the conversation's latest event.
Events carry Rasa's timestamps (seconds since the epoch, UTC).

What follows the hand-back (the satisfaction question and the parent's answer) is not
part of the handoff; `after_hand_back` gives it, up to the next session, restart or
handoff, for the console to show the satisfaction exchange from it.
"""

from datetime import datetime, timedelta
from typing import Any

BEFORE = {"session_started", "restart", "resume"}  # what starts a new part
END = "resume"
NEXT = BEFORE | {"pause"}  # what ends the time after a hand-back
HAND_BACK_GRACE = timedelta(minutes=1)


def handoff_events(
    events: list[dict[str, Any]], *, created_at: datetime, closed_at: datetime | None
) -> list[dict[str, Any]]:
    made = created_at.timestamp()
    start = 0
    for index, event in enumerate(events):
        stamp = event.get("timestamp")
        if stamp is not None and stamp >= made:
            break
        if event.get("event") in BEFORE:
            start = index + 1
    part = events[start:]
    if closed_at is None:
        return part
    for index, event in enumerate(part):
        if event.get("event") == END:
            return part[: index + 1]
    last = (closed_at + HAND_BACK_GRACE).timestamp()
    return [e for e in part if e.get("timestamp") is None or e["timestamp"] <= last]


def after_hand_back(
    events: list[dict[str, Any]], *, created_at: datetime, closed_at: datetime | None
) -> list[dict[str, Any]]:
    """The events after a closed handoff's hand-back (its `resume`), until the next
    session start, restart or handoff; [] while open or without the `resume`."""
    if closed_at is None:
        return []
    part = handoff_events(events, created_at=created_at, closed_at=None)
    ends = [i for i, e in enumerate(part) if e.get("event") == END]
    if not ends:
        return []
    rest = part[ends[0] + 1 :]
    for index, event in enumerate(rest):
        if event.get("event") in NEXT:
            return rest[:index]
    return rest
