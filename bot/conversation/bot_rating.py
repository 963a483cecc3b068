"""The question "Heeft dit u geholpen?" at the natural end of a conversation the bot
handled alone, and the outcomes it and the answers before it leave in the conversation.

Outcomes travel as the metadata of the bot's own message (`OUTCOME` holds one of the
values below, `OUTCOME_CHANNEL` the parent's channel), so Rasa keeps them with the
conversation and publishes them with its events; the dashboard counts them from there
(bot/reporting/resolution.py). Everything here reads Rasa's events as plain dicts.

- `goal:<intent>`: the parent got what they came for: a status, estimate or position
  answer, an availability answer, a change or cancellation filed, an offer answered. The
  intent is the question that was answered (for the "asked again within 3 days" count).
- `rating:asked`, `rating:yes`, `rating:no`, `rating:comment`: the question, the answers,
  and what the parent wrote after a "nee" (the comment rides along in `OUTCOME_COMMENT`).

Asked at most once per conversation (session), never after a complaint, a request for a
person, a handoff or a sensitive topic, never in the middle of a form or a question the
bot asked; after thanks only once a goal was reached, after a goodbye also once the bot
answered a question."""

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

OUTCOME, OUTCOME_CHANNEL, OUTCOME_COMMENT = "bot_outcome", "outcome_channel", "outcome_comment"
GOAL_PREFIX = "goal:"
ASKED, YES, NO, COMMENT = "rating:asked", "rating:yes", "rating:no", "rating:comment"
RATINGS = (ASKED, YES, NO, COMMENT)
MAX_COMMENT = 1000

# what the parent said that rules the question out for the rest of the conversation
NOT_AFTER_INTENTS = frozenset({"complain", "request_human"})
# the actions of a handoff and of staff's hand-back
HANDOFF_ACTIONS = frozenset({"action_handoff", "action_ask_satisfaction"})
# messages that are not a question the bot could answer
SMALL_TALK = frozenset(
    {"greet", "goodbye", "thank", "affirm", "deny", "nlu_fallback", "out_of_scope", "inform"}
)
# the registration questions (actions/registration.py) as the intents that ask them
QUESTION_INTENTS = {
    "status": "ask_placement_status",
    "response_time": "ask_response_time",
    "position": "ask_waitlist_position",
    "offer": "ask_offer",
    "change": "change_registration",
    "cancel": "cancel_registration",
    "accept_offer": "ask_offer",
    "decline_offer": "ask_offer",
    "availability": "ask_availability",
}

Event = Mapping[str, Any]


def goal(question: str) -> str:
    """The outcome of a question answered: `goal:ask_placement_status`."""
    return GOAL_PREFIX + QUESTION_INTENTS.get(question, question)


def outcome_of(event: Event) -> str | None:
    """The outcome a bot message carries, if any."""
    if event.get("event") != "bot":
        return None
    value = (event.get("metadata") or {}).get(OUTCOME)
    return value if isinstance(value, str) else None


def this_session(events: Sequence[Event]) -> list[Event]:
    """The events since the conversation's (latest) session started."""
    for index in range(len(events) - 1, -1, -1):
        if events[index].get("event") == "session_started":
            return list(events[index + 1 :])
    return list(events)


def _intent(event: Event) -> str | None:
    return ((event.get("parse_data") or {}).get("intent") or {}).get("name")


def may_ask(
    events: Sequence[Event],
    *,
    after_goodbye: bool,
    in_form: bool,
    sensitive: Callable[[str], bool],
) -> bool:
    """Whether the question fits here (see the module's docstring)."""
    if in_form:
        return False
    reached = answered = False
    said: list[str] = []
    for event in this_session(events):
        kind = event.get("event")
        outcome = outcome_of(event)
        if outcome in RATINGS:
            return False
        if kind == "pause" or (kind == "action" and event.get("name") in HANDOFF_ACTIONS):
            return False
        if kind == "user":
            intent = _intent(event)
            if intent in NOT_AFTER_INTENTS:
                return False
            said.append(event.get("text") or "")
            answered = answered or (intent is not None and intent not in SMALL_TALK)
        reached = reached or bool(outcome and outcome.startswith(GOAL_PREFIX))
    # the topic check is the costly one (every message of the session, every turn): last
    return (reached or (after_goodbye and answered)) and not any(map(sensitive, said))


def last_asked(events: Sequence[Event]) -> str | None:
    """The outcome of the bot's last message before the parent's latest one: whether the
    parent answers the question (`ASKED`) or what was missing (`NO`)."""
    seen_user = False
    for event in reversed(events):
        kind = event.get("event")
        if kind == "user":
            if seen_user:
                return None
            seen_user = True
        elif kind == "bot" and seen_user:
            return outcome_of(event)
    return None


_ANSWER_WORD = re.compile(
    r"^\W*(?:ja+|jazeker|jawel|yes|yep|nee+|neen|no|nope|niet echt|not really)\b[\W_]*",
    re.IGNORECASE,
)


def comment_in(text: str) -> str:
    """What the parent wrote beside the yes or no ("nee, ik zocht de prijzen" → "ik zocht
    de prijzen"); "" for a button or a bare answer ("ja hoor")."""
    if text.startswith("/"):
        return ""
    rest = _ANSWER_WORD.sub("", text.strip(), count=1).strip()
    return " ".join(rest.split())[:MAX_COMMENT] if len(rest.split()) >= 2 else ""


def outcomes(events: Iterable[Event]) -> list[str]:
    """Every outcome in the events, oldest first."""
    return [outcome for outcome in map(outcome_of, events) if outcome]
