"""Typing indicators both ways, where the channel has one.

Staff to parent: while the staff member who has a conversation types a reply, the console
asks Rasa (`POST /console/typing`, bot/rasa_side/console_routes.py) at most once every few
seconds to show it, on the channel the parent last wrote on, through the output channel a
staff reply takes (its sender, its credentials):

- website: a `staff_typing` event to the conversation's tabs with the words ("Medewerker
  typt…", texts.yml `staff_typing`) in the conversation's variant; the widget shows them
  until a message comes or a few seconds pass without a new event;
- WhatsApp Cloud API: the parent's last message marked read with a typing indicator
  (WhatsApp shows it until the reply or for 25 seconds), only inside the 24-hour window;
- Messenger: the sender action `typing_on` (shown until the reply or for 20 seconds);
- Twilio, callback and REST: nothing (no such thing in their APIs as we use them).

Parent to staff: the widget says `user_typing` while the parent types (at most every two
seconds); the website channel keeps a key in the channels' TTL store (bot/channels/store.py,
shared by the Rasa processes, as presence is) for PARENT_TYPING_SECONDS, dropped when the
message is sent. The console's live feed asks for it with the parent's presence
(`GET /console/reachable` answers `typing`). WhatsApp and Messenger do not tell a business
that its customer is typing, so their parents never show as typing.
"""

import logging
from typing import Protocol, runtime_checkable

from rasa.core.channels.channel import InputChannel
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.channels.store import TtlStore
from bot.conversation import texts

log = logging.getLogger(__name__)

PARENT_TYPING_SECONDS = 4.0  # the widget repeats the event every 2 s while typing


@runtime_checkable
class ShowsTyping(Protocol):
    """An output channel that can show the parent that staff are typing."""

    async def show_typing(self, recipient_id: str, *, replying_to: str | None, form: str) -> bool:
        """Show it to `recipient_id` (`replying_to`: the id of the parent's last message on
        this channel, `form`: the texts' variant); False when the channel could not."""


def last_message_id(tracker: DialogueStateTracker, channel: str) -> str | None:
    """The id of the parent's last message on `channel` (WhatsApp's `wamid.…`)."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered) and event.input_channel == channel:
            return event.message_id
    return None


async def show_staff_typing(
    input_channels: list[InputChannel], tracker: DialogueStateTracker
) -> bool:
    """Show the parent of `tracker` that staff are typing, on the channel of their latest
    message, as Rasa picks the channel of a staff reply (`output_channel=latest`)."""
    channel = tracker.get_latest_input_channel()
    outputs = [c.get_output_channel() for c in input_channels if c.name() == channel]
    output = next((o for o in reversed(outputs) if o is not None), None)
    if channel is None or not isinstance(output, ShowsTyping):
        return False
    return await output.show_typing(
        tracker.sender_id,
        replying_to=last_message_id(tracker, channel),
        form=texts.variant(tracker.get_slot("language")),
    )


def parent_typing_key(sender_id: str) -> str:
    return f"website:typing:{sender_id}"


class ParentTyping:
    """Whether a website parent is typing now, in the channels' shared TTL store."""

    def __init__(self, store: TtlStore, seconds: float = PARENT_TYPING_SECONDS) -> None:
        self.store = store
        self.seconds = seconds

    async def typing(self, sender_id: str) -> None:
        try:
            await self.store.touch(parent_typing_key(sender_id), self.seconds)
        except Exception as error:  # the store is away: staff just do not see it
            log.warning("a parent's typing not kept: %s", type(error).__name__)

    async def sent(self, sender_id: str) -> None:
        """The parent sent what they typed: no longer typing (the message goes on regardless)."""
        try:
            await self.store.discard(parent_typing_key(sender_id))
        except Exception as error:
            log.warning("a parent's typing not cleared: %s", type(error).__name__)

    async def now(self, sender_id: str) -> bool:
        return await self.store.contains(parent_typing_key(sender_id))
