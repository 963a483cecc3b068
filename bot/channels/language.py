"""The language of a parent's message, passed to Rasa as message metadata: Rasa hands the
first message's metadata to the session start, which speaks before any action sees the
text (bot/conversation/language.py decides).

What a channel says on its own (the apology, the waiting note, "please type your
question") is in the conversation's variant: its `language` slot in the tracker store,
updated by the parent's new message as the actions update it."""

import logging
from typing import Any

from bot.conversation import texts
from bot.conversation.language import conversation_language, detect

log = logging.getLogger(__name__)


def with_language(text: str, metadata: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """`metadata` plus {"language": "en"|"nl"} when the text says which (None: neither)."""
    language = detect(text)
    return {**(metadata or {}), **({"language": language} if language else {})} or None


def variant_of(text: str) -> str:
    """The texts' variant for a channel's own words next to the bot's `text` (a list
    button's title): "en" when the text is English, else the organisation's Dutch one."""
    return texts.variant(detect(text))


def conversation_form(language: str | None, text: str | None) -> str:
    """The texts' variant of a conversation that spoke `language` so far (its slot), after
    the parent's message `text` (None: not text, a photo)."""
    return texts.variant(conversation_language(language, text or ""))


async def tracker_form(agent: Any, sender_id: str, text: str | None = None) -> str:
    """The texts' variant of the conversation `sender_id` in Rasa's tracker store, after the
    parent's new message `text`; the message alone decides when the store is unreachable."""
    try:
        tracker = await agent.tracker_store.retrieve(sender_id)
    except Exception as error:  # the tracker store is down: the message still says a lot
        log.error("the language of a conversation not read: %s", type(error).__name__)
        tracker = None
    return conversation_form(tracker.get_slot("language") if tracker else None, text)
