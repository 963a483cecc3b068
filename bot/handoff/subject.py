"""What a handed-over conversation is about, in a few Dutch words for the queue row: the
reason of the handoff and its subject, so that no two rows read the same when the parents
asked about different things.

The subject comes from the parent's latest message that says what it is about: its intent
when the contract names a subject, else a topic only a person may handle in its words,
else its words quoted short (not a request for a person, small talk, or a number or date
for the identity check). Failing that, the question the bot remembered before the
identity check. It follows the conversation: a parent who writes "het gaat over de
factuur" while waiting changes the row."""

from typing import Any

from bot.conversation.intent_words import subject
from bot.handoff.context import QUESTION_NAMES
from bot.handoff.reasons import REASONS, describe
from bot.handoff.topics import sensitive_topic

QUOTE_LIMIT = 60
# messages that say nothing about the subject: asking for a person, small talk
NOT_A_SUBJECT = {
    "request_human",
    "greet",
    "goodbye",
    "thank",
    "affirm",
    "deny",
    "bot_challenge",
    "inform",  # a number or a date for the identity check
}


def _intent(event: dict[str, Any]) -> str:
    name = ((event.get("parse_data") or {}).get("intent") or {}).get("name") or ""
    return str(name).rsplit("/", 1)[-1]  # faq/ask_costs: ask_costs


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_LIMIT else text[: QUOTE_LIMIT - 1] + "…"


def subject_of(events: list[dict[str, Any]], slots: dict[str, Any]) -> str | None:
    """The subject in words ("over de plaats op de wachtlijst", or the parent's words in
    quotes); None when the parent said nothing else than asking for a person."""
    said = [
        e
        for e in events
        if e.get("event") == "user" and e.get("text") and not str(e["text"]).startswith("/")
    ]
    for event in reversed(said):  # the latest message that says what it is about
        named = subject(_intent(event))
        if named:
            return f"over {named}"
        topic = sensitive_topic(str(event["text"]))
        if topic:
            return f"over {REASONS[f'topic_{topic}']}"
        if _intent(event) not in NOT_A_SUBJECT:
            return f'"{_short(str(event["text"]))}"'
    question = QUESTION_NAMES.get(str(slots.get("pending_question")))
    if question:
        return f"over {question}"
    return None


def topic_text(reason: str, events: list[dict[str, Any]], slots: dict[str, Any]) -> str:
    """ "ouder vroeg om een medewerker, over de plaats op de wachtlijst"; the reason alone
    when there is no subject."""
    subject = subject_of(events, slots)
    if not subject or subject == f"over {describe(reason)}":  # "spoed, over spoed"
        return describe(reason)
    return f"{describe(reason)}, {subject}"
