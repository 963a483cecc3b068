"""A proactive update as staff read it in the context panel: the moment in words (the
edits page's description of that mail, bot/edits/text_descriptions.yml), how it went out
and whether it arrived: "welkom op de wachtlijst (per e-mail, verstuurd)", not
"welcome (email, sent)"."""

from typing import Any

from bot.edits import descriptions

PREFIX = "Update-e-mail: "
CHANNELS = {"email": "per e-mail", "whatsapp": "via WhatsApp"}
STATUSES = {"sending": "wordt verstuurd", "sent": "verstuurd", "failed": "niet verstuurd"}


def moment_text(moment: str) -> str:
    """ "welcome" → "welkom op de wachtlijst"; an unknown moment as it is."""
    return descriptions.load()["mails"].get(moment, moment).removeprefix(PREFIX)


def update_text(update: dict[str, Any]) -> str:
    """One received update (bot/updates/history.received) in words."""
    channel = CHANNELS.get(update["channel"], update["channel"])
    status = STATUSES.get(update["status"], update["status"])
    return f"{moment_text(update['moment'])} ({channel}, {status})"
