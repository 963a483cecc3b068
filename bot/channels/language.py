"""The language of a parent's message, passed to Rasa as message metadata: Rasa hands the
first message's metadata to the session start, which speaks before any action sees the
text (bot/conversation/language.py decides)."""

from typing import Any

from bot.conversation.language import ENGLISH, detect


def with_language(text: str, metadata: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """`metadata` plus {"language": "en"|"nl"} when the text says which (None: neither)."""
    language = detect(text)
    return {**(metadata or {}), **({"language": language} if language else {})} or None


def variant_of(text: str) -> str:
    """The texts' variant for a channel's own words next to the bot's `text` (a list
    button's title): "en" when the text is English, else the formal Dutch one."""
    return ENGLISH if detect(text) == ENGLISH else "u"
