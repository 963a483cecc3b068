"""Whether a website parent is still there: a tab of the conversation connected now or
within the last WEBSITE_AWAY_SECONDS.

The sockets live in the Rasa processes, the question is asked by the staff console (which
then also sends a reply by e-mail), so presence is kept in the channels' TTL store
(bot/channels/store.py: var/channels.db, or Redis for several processes): each process
touches a key per conversation with a connected tab when the tab's session starts, every
third of the away time while it stays, and when its last tab here disconnects. The key
lives WEBSITE_AWAY_SECONDS: a parent counts as gone once no tab of the conversation has
been connected for that long (a page reload or a short network gap is no leaving).

For WhatsApp (and Twilio) the same store holds the 24-hour service window: a parent
outside it, with no approved template to send, cannot be reached in the chat either.
"""

import asyncio
import logging

from bot.channels.store import TtlStore
from bot.channels.webhook_channel import window_key
from bot.shared.config import Channels

log = logging.getLogger(__name__)


def presence_key(sender_id: str) -> str:
    return f"website:present:{sender_id}"


class Presence:
    """The tabs this process holds (socket id → conversation) and their shared keys."""

    def __init__(self, store: TtlStore, away_seconds: float) -> None:
        self.store = store
        self.away_seconds = away_seconds
        self._tabs: dict[str, str] = {}
        self._refresher: asyncio.Task[None] | None = None

    async def connected(self, sid: str, sender_id: str) -> None:
        self._tabs[sid] = sender_id
        await self.store.touch(presence_key(sender_id), self.away_seconds)
        if self._refresher is None or self._refresher.done():
            self._refresher = asyncio.ensure_future(self._refresh())

    async def disconnected(self, sid: str) -> None:
        sender_id = self._tabs.pop(sid, None)
        if sender_id and sender_id not in self._tabs.values():
            # from now on the away time counts
            await self.store.touch(presence_key(sender_id), self.away_seconds)

    async def _refresh(self) -> None:
        while self._tabs:
            await asyncio.sleep(self.away_seconds / 3)
            for sender_id in set(self._tabs.values()):
                try:
                    await self.store.touch(presence_key(sender_id), self.away_seconds)
                except Exception as error:  # the store is away: try again next round
                    log.warning("website presence not kept: %s", type(error).__name__)


async def reachable_in_chat(store: TtlStore, sender_id: str, channels: Channels) -> bool:
    """Whether a message sent to the conversation now reaches the parent in the chat."""
    channel, _, recipient = sender_id.partition(":")
    if channel == "website":
        return await store.contains(presence_key(sender_id))
    templates = {
        "whatsapp": channels.whatsapp.template_name,
        "twilio": channels.twilio.template_content_sid,
    }
    if channel in templates:
        return bool(templates[channel]) or await store.contains(window_key(channel, recipient))
    return True
